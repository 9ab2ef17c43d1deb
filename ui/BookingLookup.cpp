#include "BookingLookup.h"

#include "ApiClient.h"
#include "BookingDesk.h"
#include "Money.h"
#include "TicketOutput.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int BookingRole = Qt::UserRole + 1;
constexpr int TicketRole = Qt::UserRole + 2;
} // namespace

BookingLookup::BookingLookup(BookingDesk &desk, Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_mode(mode)
    , m_confirm([](QWidget *p, const QString &question) {
        return QMessageBox::question(p, tr("Please confirm"), question) == QMessageBox::Yes;
    })
    , m_tree(new QTreeWidget(this))
    , m_cancelBooking(new QPushButton(tr("Cancel &booking"), this))
    , m_cancelTickets(new QPushButton(tr("Cancel &ticked tickets"), this))
    , m_reprint(new QPushButton(tr("&Reprint"), this))
    , m_status(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    if (mode == Mode::Staff) {
        m_query = new QLineEdit(this);
        m_query->setObjectName(u"lookupField"_s);
        m_query->setPlaceholderText(tr("Booking code (8 characters) or customer name"));
        auto *find = new QPushButton(tr("&Find"), this);
        find->setObjectName(u"findButton"_s);
        auto *row = new QHBoxLayout;
        row->addWidget(m_query, 1);
        row->addWidget(find);
        layout->addLayout(row);
        connect(find, &QPushButton::clicked, this, [this] { search(m_query->text()); });
        connect(m_query, &QLineEdit::returnPressed, this, [this] { search(m_query->text()); });
    } else {
        auto *refresh = new QPushButton(tr("&Refresh"), this);
        refresh->setObjectName(u"refreshButton"_s);
        layout->addWidget(refresh, 0, Qt::AlignLeft);
        connect(refresh, &QPushButton::clicked, this, &BookingLookup::reload);
    }
    m_tree->setObjectName(u"lookupResults"_s);
    m_tree->setHeaderLabels(
        {tr("Booking / ticket"), tr("Event"), tr("Date"), tr("Amount"), tr("Status")});
    // Event names are long ("Beethoven: Symphonie Nr. 9"): never cut them.
    for (int column : {0, 1, 2, 3})
        m_tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_cancelBooking->setObjectName(u"cancelBookingButton"_s);
    m_cancelTickets->setObjectName(u"cancelTicketsButton"_s);
    m_reprint->setObjectName(u"reprintButton"_s);
    m_status->setObjectName(u"lookupStatus"_s);
    m_status->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cancelBooking);
    buttons->addWidget(m_cancelTickets);
    buttons->addStretch();
    buttons->addWidget(m_reprint);
    layout->addWidget(m_tree, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_cancelBooking, &QPushButton::clicked, this, [this] { cancel(true); });
    connect(m_cancelTickets, &QPushButton::clicked, this, [this] { cancel(false); });
    connect(m_reprint, &QPushButton::clicked, this, &BookingLookup::reprint);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &BookingLookup::updateButtons);
    connect(m_tree, &QTreeWidget::itemChanged, this, &BookingLookup::updateButtons);
    updateButtons();
}

void BookingLookup::setOnline(bool online)
{
    m_online = online;
    updateButtons();
}

void BookingLookup::search(const QString &codeOrName)
{
    if (codeOrName.trimmed().isEmpty()) {
        setStatus(tr("Type a booking code or a customer name."), true);
        return;
    }
    m_lastQuery = codeOrName.trimmed();
    setStatus(tr("Searching…"), false);
    m_desk.lookup(m_lastQuery, this,
                  [this](const QList<Booking> &bookings, const ApiResult &result) {
                      show(bookings);
                      if (result.unreachable())
                          setStatus(tr("Offline: showing bookings this desk has seen (%n found).",
                                       nullptr, int(bookings.size())),
                                    true);
                      else if (!result.ok())
                          setStatus(result.errorMessage, true);
                      else
                          setStatus(bookings.isEmpty()
                                        ? tr("No booking found for “%1”.").arg(m_lastQuery)
                                        : tr("%n booking(s) found.", nullptr, int(bookings.size())),
                                    bookings.isEmpty());
                  });
}

void BookingLookup::reload()
{
    if (m_mode == Mode::Staff) {
        if (!m_lastQuery.isEmpty())
            search(m_lastQuery);
        return;
    }
    m_desk.myBookings(this, [this](const QList<Booking> &bookings, const ApiResult &result) {
        show(bookings);
        setStatus(result.unreachable() ? tr("Offline: your bookings as last seen.") : QString(),
                  false);
    });
}

void BookingLookup::show(const QList<Booking> &bookings)
{
    m_results = bookings;
    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    const QLocale locale;
    for (const Booking &booking : bookings) {
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(0, booking.code + u" · "_s + booking.customerName);
        item->setText(1, booking.eventName);
        item->setText(2, locale.toString(booking.startsAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(3, Money::format(booking.total - booking.refunded));
        item->setText(4, statusText(booking.status));
        item->setData(0, BookingRole, booking.id);
        for (const BookedTicket &ticket : booking.tickets) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(
                0, tr("%1 · row %2 · seat %3").arg(ticket.section, ticket.row).arg(ticket.seat));
            child->setText(3, Money::format(ticket.price));
            child->setText(4, ticket.isValid() ? tr("valid") : tr("cancelled"));
            child->setData(0, TicketRole, ticket.id);
            if (ticket.isValid())
                child->setCheckState(0, Qt::Unchecked);
            else
                child->setDisabled(true);
        }
        item->setExpanded(true);
    }
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
    updateButtons();
}

const Booking *BookingLookup::currentBooking() const
{
    QTreeWidgetItem *item = m_tree->currentItem();
    if (item && item->parent())
        item = item->parent();
    if (!item)
        return nullptr;
    const qint64 id = item->data(0, BookingRole).toLongLong();
    for (const Booking &booking : m_results) {
        if (booking.id == id)
            return &booking;
    }
    return nullptr;
}

QList<qint64> BookingLookup::checkedTickets() const
{
    QList<qint64> ids;
    QTreeWidgetItem *item = m_tree->currentItem();
    if (item && item->parent())
        item = item->parent();
    if (!item)
        return ids;
    for (int i = 0; i < item->childCount(); ++i) {
        if (item->child(i)->checkState(0) == Qt::Checked)
            ids.append(item->child(i)->data(0, TicketRole).toLongLong());
    }
    return ids;
}

void BookingLookup::updateButtons()
{
    const Booking *booking = currentBooking();
    const bool live = booking && booking->status != u"cancelled"_s;
    const QString offline = tr("Cancelling needs the server, and this desk is offline.");
    m_cancelBooking->setEnabled(live && m_online);
    m_cancelTickets->setEnabled(live && m_online && !checkedTickets().isEmpty());
    m_cancelBooking->setToolTip(m_online ? QString() : offline);
    m_cancelTickets->setToolTip(m_online ? tr("Tick the tickets to cancel first.") : offline);
    m_reprint->setEnabled(live);
}

void BookingLookup::cancel(bool wholeBooking)
{
    const Booking *booking = currentBooking();
    if (!booking)
        return;
    const QList<qint64> tickets = wholeBooking ? QList<qint64>{} : checkedTickets();
    const qint64 id = booking->id;
    if (!m_confirm(this, cancelQuestion(*booking, tickets)))
        return;
    setStatus(tr("Cancelling…"), false);
    m_desk.cancel(id, tickets, this, [this](const Booking &updated, const ApiResult &result) {
        if (!result.ok()) {
            setStatus(result.errorMessage, true);
            return;
        }
        const Cents refund = updated.refund ? updated.refund->amount : 0;
        for (Booking &known : m_results) {
            if (known.id == updated.id)
                known = updated;
        }
        show(m_results);
        setStatus(tr("Refund %1 to the customer (%2).")
                      .arg(Money::format(refund), updated.paymentMethod == u"cash"_s
                                                      ? tr("cash")
                                                      : tr("back to the card")),
                  false);
        Q_EMIT bookingChanged(updated);
    });
}

// Names the seats and the refund, so the clerk confirms what the customer
// asked for and not just "yes".
QString BookingLookup::cancelQuestion(const Booking &booking, const QList<qint64> &tickets) const
{
    QStringList seats;
    Cents refund = 0;
    for (const BookedTicket &ticket : booking.tickets) {
        if (!ticket.isValid() || (!tickets.isEmpty() && !tickets.contains(ticket.id)))
            continue;
        seats.append(tr("%1 · row %2 · seat %3").arg(ticket.section, ticket.row).arg(ticket.seat));
        refund += ticket.price;
    }
    if (tickets.isEmpty())
        refund = booking.total - booking.refunded;
    const QString question =
        tickets.isEmpty()
            ? tr("Cancel booking %1 and refund %2?").arg(booking.code, Money::format(refund))
            : tr("Cancel %n ticket(s) of booking %1 and refund %2?", nullptr, int(seats.size()))
                  .arg(booking.code, Money::format(refund));
    return question + u"\n\n"_s + seats.join(u'\n');
}

QString BookingLookup::statusText(const QString &status)
{
    if (status == u"confirmed"_s)
        return tr("confirmed");
    if (status == u"partially_cancelled"_s)
        return tr("partly cancelled");
    if (status == u"cancelled"_s)
        return tr("cancelled");
    return status;
}

void BookingLookup::focusSearch()
{
    if (m_query) {
        m_query->setFocus(Qt::ShortcutFocusReason);
        m_query->selectAll();
    }
}

void BookingLookup::reprint()
{
    const Booking *booking = currentBooking();
    if (!booking)
        return;
    const QList<qint64> tickets = checkedTickets();
    const TicketOutput::Result pdf =
        TicketOutput::savePdf(*booking, m_ticketFolder, tickets, tickets.isEmpty(), true);
    if (pdf.pdfPath.isEmpty()) {
        setStatus(pdf.error, true);
        return;
    }
    m_lastPdf = pdf.pdfPath;
    QString error;
    if (!m_printerName.isEmpty() &&
        !TicketOutput::printTo(*booking, m_printerName, &error, tickets, true)) {
        setStatus(tr("Saved %1, but printing failed: %2").arg(pdf.pdfPath, error), true);
        return;
    }
    setStatus(tr("Tickets saved to %1.").arg(pdf.pdfPath), false);
}

void BookingLookup::setStatus(const QString &message, bool error)
{
    m_status->setText(message);
    m_status->setStyleSheet(error ? u"color: #c62828"_s : QString());
}
