#include "CatalogEditor.h"

#include "EventTime.h"
#include "Money.h"
#include "SeatMapView.h"
#include "Session.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

enum Column
{
    NameColumn,
    PriceColumn,
    ColorColumn,
    SectionsColumn,
};

QString eventPath(qint64 eventId, const QString &tail = {})
{
    return u"/v1/event/%1"_s.arg(eventId) + tail;
}

// "35", "35.50" or "35,50" (euros) as cents; nullopt if it does not read.
std::optional<Cents> readPrice(const QString &text)
{
    QString t = text.trimmed();
    t.remove(u'€');
    t = t.trimmed().replace(u',', u'.');
    bool ok = false;
    const double euros = QLocale::c().toDouble(t, &ok);
    if (!ok || euros < 0)
        return std::nullopt;
    return qRound64(euros * 100);
}

QString priceText(Cents cents)
{
    return QLocale::c().toString(static_cast<double>(cents) / 100.0, 'f', 2);
}

} // namespace

CatalogEditor::CatalogEditor(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_askReason([](QWidget *p, const QString &question) -> std::optional<QString> {
        bool ok = false;
        const QString reason =
            QInputDialog::getText(p, tr("Cancel event"), question, QLineEdit::Normal, {}, &ok);
        if (!ok || reason.trimmed().isEmpty())
            return std::nullopt;
        return reason.trimmed();
    })
{
    setWindowTitle(tr("Boxoffice — catalog"));
    m_events = new QListWidget(this);
    m_events->setObjectName(u"catalogEvents"_s);
    m_events->setAccessibleName(tr("Events"));
    m_new = new QPushButton(tr("&New event…"), this);
    m_new->setObjectName(u"newEvent"_s);
    m_cancel = new QPushButton(tr("&Cancel event…"), this);
    m_cancel->setObjectName(u"cancelEvent"_s);

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"eventName"_s);
    m_performer = new QLineEdit(this);
    m_performer->setObjectName(u"eventPerformer"_s);
    m_category = new QLineEdit(this);
    m_category->setObjectName(u"eventCategory"_s);
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(u"eventDescription"_s);
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(80);
    m_startsAt = new QDateTimeEdit(this);
    m_startsAt->setObjectName(u"eventStartsAt"_s);
    m_startsAt->setCalendarPopup(true);
    m_startsAt->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_prices = new QTableWidget(0, 4, this);
    m_prices->setObjectName(u"priceCategories"_s);
    m_prices->setHorizontalHeaderLabels(
        {tr("Price category"), tr("Price (€)"), tr("Colour"), tr("Sections (new only)")});
    m_prices->horizontalHeader()->setStretchLastSection(true);
    m_prices->verticalHeader()->hide();
    m_prices->setMaximumHeight(130);
    m_addCategory = new QPushButton(tr("Add price category"), this);
    m_addCategory->setObjectName(u"addCategory"_s);
    m_save = new QPushButton(tr("&Save changes"), this);
    m_save->setObjectName(u"saveEvent"_s);

    m_seatMap = new SeatMapView(this);
    m_seatMap->setObjectName(u"catalogSeatMap"_s);
    m_seatMap->setBlockedSelectable(true);
    m_seatMap->setMaxSelection(10000);
    m_blockReason = new QLineEdit(this);
    m_blockReason->setObjectName(u"blockReason"_s);
    m_blockReason->setPlaceholderText(tr("Why, e.g. house seat, broken seat"));
    m_block = new QPushButton(tr("&Block seats"), this);
    m_block->setObjectName(u"blockSeats"_s);
    m_unblock = new QPushButton(tr("&Unblock seats"), this);
    m_unblock->setObjectName(u"unblockSeats"_s);

    m_status = new QLabel(this);
    m_status->setObjectName(u"catalogStatus"_s);
    m_status->setWordWrap(true);
    m_customers = new QPlainTextEdit(this);
    m_customers->setObjectName(u"cancelledCustomers"_s);
    m_customers->setReadOnly(true);
    m_customers->setAccessibleName(tr("Customers to tell"));
    m_customers->hide();
    m_copyCustomers = new QPushButton(tr("Copy the list"), this);
    m_copyCustomers->setObjectName(u"copyCustomers"_s);
    m_copyCustomers->hide();

    auto *left = new QVBoxLayout;
    left->addWidget(m_events, 1);
    left->addWidget(m_new);
    left->addWidget(m_cancel);
    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Performer:"), m_performer);
    form->addRow(tr("Cate&gory:"), m_category);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Starts at:"), m_startsAt);
    auto *priceButtons = new QHBoxLayout;
    priceButtons->addWidget(m_addCategory);
    priceButtons->addStretch();
    priceButtons->addWidget(m_save);
    auto *blocking = new QHBoxLayout;
    blocking->addWidget(new QLabel(tr("Selected seats:"), this));
    blocking->addWidget(m_blockReason, 1);
    blocking->addWidget(m_block);
    blocking->addWidget(m_unblock);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_prices);
    right->addLayout(priceButtons);
    right->addWidget(m_seatMap, 1);
    right->addLayout(blocking);
    right->addWidget(m_status);
    right->addWidget(m_customers);
    right->addWidget(m_copyCustomers);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addLayout(right, 3);
    resize(1200, 800);

    connect(m_events, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            chooseEvent(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_save, &QPushButton::clicked, this, &CatalogEditor::save);
    connect(m_addCategory, &QPushButton::clicked, this, &CatalogEditor::addCategoryRow);
    connect(m_cancel, &QPushButton::clicked, this, &CatalogEditor::startCancel);
    connect(m_new, &QPushButton::clicked, this, &CatalogEditor::newEvent);
    connect(m_block, &QPushButton::clicked, this, [this] { changeSeats(true); });
    connect(m_unblock, &QPushButton::clicked, this, [this] { changeSeats(false); });
    connect(m_seatMap, &SeatMapView::selectionChanged, this, &CatalogEditor::updateButtons);
    connect(m_seatMap, &SeatMapView::selectionRefused, this,
            [this](const QString &reason) { setDone(reason, true); });
    connect(m_copyCustomers, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(customersText()); });
    connect(&m_session.mirror(), &Mirror::catalogChanged, this, [this] {
        fillEvents();
        // What the feed brought about the open event (a cancellation, say).
        if (const std::optional<Event> event = m_session.mirror().event(m_eventId);
            event && !m_busy) {
            m_event.cancelled = event->cancelled;
            m_event.cancelReason = event->cancelReason;
            updateButtons();
        }
    });
    connect(&m_session.mirror(), &Mirror::ticketsChanged, this,
            [this](qint64 eventId, const QList<qint64> &ticketIds) {
                if (eventId == m_eventId)
                    m_seatMap->applyChanges(m_session.mirror().tickets(eventId, ticketIds));
            });
    fillEvents();
    updateButtons();
}

CatalogEditor::~CatalogEditor()
{
    if (m_eventId)
        m_session.sync().unwatchEvent(m_eventId);
}

void CatalogEditor::fillEvents()
{
    Mirror::Search search;
    search.limit = 1000;
    const QSignalBlocker blocker(m_events);
    m_events->clear();
    const QLocale locale;
    for (const Event &event : m_session.mirror().searchEvents(search)) {
        QString text = eventTimeText(event.startsAt, locale) + u" · "_s + event.name;
        if (event.cancelled)
            text = tr("%1 (cancelled)").arg(text);
        auto *item = new QListWidgetItem(text, m_events);
        item->setData(Qt::UserRole, event.id);
        if (event.id == m_eventId)
            m_events->setCurrentItem(item);
    }
}

void CatalogEditor::chooseEvent(qint64 eventId)
{
    const std::optional<Event> event = m_session.mirror().event(eventId);
    if (!event)
        return;
    if (m_eventId && m_eventId != eventId)
        m_session.sync().unwatchEvent(m_eventId);
    const bool other = eventId != m_eventId;
    m_eventId = eventId;
    fillForm(*event);
    if (other) {
        m_seatMap->setEvent(*event, m_session.mirror().tickets(eventId));
        m_session.sync().watchEvent(eventId);
        m_customers->hide();
        m_copyCustomers->hide();
    }
    for (int row = 0; row < m_events->count(); ++row) {
        if (m_events->item(row)->data(Qt::UserRole).toLongLong() == eventId) {
            const QSignalBlocker blocker(m_events);
            m_events->setCurrentRow(row);
        }
    }
    updateButtons();
}

void CatalogEditor::fillForm(const Event &event)
{
    m_event = event;
    m_name->setText(event.name);
    m_performer->setText(event.performer);
    m_category->setText(event.category);
    m_description->setPlainText(event.description);
    m_startsAt->setDateTime(event.startsAt.toLocalTime());
    m_prices->setRowCount(0);
    for (const PriceCategory &category : event.priceCategories) {
        const int row = m_prices->rowCount();
        m_prices->insertRow(row);
        auto *name = new QTableWidgetItem(category.name);
        name->setData(Qt::UserRole, category.id);
        m_prices->setItem(row, NameColumn, name);
        m_prices->setItem(row, PriceColumn, new QTableWidgetItem(priceText(category.price)));
        m_prices->setItem(row, ColorColumn, new QTableWidgetItem(category.color));
        auto *sections = new QTableWidgetItem;
        sections->setFlags(sections->flags() & ~Qt::ItemIsEditable);
        m_prices->setItem(row, SectionsColumn, sections);
    }
}

void CatalogEditor::addCategoryRow()
{
    const int row = m_prices->rowCount();
    m_prices->insertRow(row);
    auto *name = new QTableWidgetItem(tr("New category"));
    name->setData(Qt::UserRole, 0);
    m_prices->setItem(row, NameColumn, name);
    m_prices->setItem(row, PriceColumn, new QTableWidgetItem(priceText(0)));
    m_prices->setItem(row, ColorColumn, new QTableWidgetItem(u"#4caf50"_s));
    m_prices->setItem(row, SectionsColumn, new QTableWidgetItem);
    m_prices->setCurrentCell(row, NameColumn);
    m_prices->editItem(name);
}

std::optional<QList<PriceCategoryEdit>> CatalogEditor::priceEdits()
{
    QList<PriceCategoryEdit> edits;
    for (int row = 0; row < m_prices->rowCount(); ++row) {
        const auto cell = [&](int column) {
            const QTableWidgetItem *item = m_prices->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        const std::optional<Cents> price = readPrice(cell(PriceColumn));
        if (!price) {
            setDone(tr("The price in row %1 is not an amount like 35.50.").arg(row + 1), true);
            return std::nullopt;
        }
        PriceCategoryEdit edit;
        edit.id = m_prices->item(row, NameColumn)->data(Qt::UserRole).toLongLong();
        const PriceCategory *before = m_event.priceCategory(edit.id);
        if (!edit.id || !before) {
            edit.id = 0;
            edit.name = cell(NameColumn);
            edit.price = *price;
            edit.color = cell(ColorColumn);
            for (const QString &section : cell(SectionsColumn).split(u',', Qt::SkipEmptyParts))
                edit.sections.append(section.trimmed());
            edits.append(edit);
            continue;
        }
        if (cell(NameColumn) != before->name)
            edit.name = cell(NameColumn);
        if (*price != before->price)
            edit.price = *price;
        if (cell(ColorColumn) != before->color)
            edit.color = cell(ColorColumn);
        if (edit.name || edit.price || edit.color)
            edits.append(edit);
    }
    return edits;
}

void CatalogEditor::save()
{
    if (!m_eventId || m_busy)
        return;
    EventEdit edit;
    if (m_name->text().trimmed() != m_event.name)
        edit.name = m_name->text().trimmed();
    if (m_performer->text().trimmed() != m_event.performer)
        edit.performer = m_performer->text().trimmed();
    if (m_category->text().trimmed() != m_event.category)
        edit.category = m_category->text().trimmed();
    if (m_description->toPlainText() != m_event.description)
        edit.description = m_description->toPlainText();
    const QDateTime startsAt = m_startsAt->dateTime().toUTC();
    if (startsAt != m_event.startsAt)
        edit.startsAt = startsAt;
    const std::optional<QList<PriceCategoryEdit>> prices = priceEdits();
    if (!prices)
        return;
    edit.priceCategories = *prices;
    if (edit.isEmpty()) {
        setDone(tr("Nothing has changed."));
        return;
    }
    const qint64 eventId = m_eventId;
    setBusy(tr("Saving…"));
    m_session.api().patch(eventPath(eventId), edit.toJson(), this,
                          [this, eventId](const ApiResult &result) {
                              if (!result.ok()) {
                                  setDone(result.errorMessage, true);
                                  return;
                              }
                              if (eventId == m_eventId)
                                  fillForm(Event::fromJson(result.body));
                              // Our own mirror fetches it now; others on their
                              // next catalog round.
                              m_session.sync().syncCatalog();
                              setDone(tr("Saved."));
                              Q_EMIT saved(eventId);
                          });
}

void CatalogEditor::startCancel()
{
    if (!m_eventId || m_busy)
        return;
    const qint64 eventId = m_eventId;
    setBusy(tr("Counting the bookings…"));
    // The door's list holds every valid ticket with its booking.
    m_session.api().get(
        eventPath(eventId, u"/checkins"_s), {}, this, [this, eventId](const ApiResult &result) {
            if (!result.ok()) {
                setDone(result.errorMessage, true);
                return;
            }
            QSet<QString> bookings;
            for (const QJsonValue &ticket : result.body.value(u"tickets"_s).toArray())
                bookings.insert(ticket[u"booking_code"_s].toString());
            setDone({});
            const std::optional<QString> reason = m_askReason(
                this, tr("Cancel %1? %n booking(s) will be cancelled and refunded, and no seat "
                         "will be sold any more. This cannot be undone. Why is it cancelled?",
                         nullptr, int(bookings.size()))
                          .arg(m_event.name));
            if (reason && eventId == m_eventId)
                cancelEvent(*reason);
        });
}

void CatalogEditor::cancelEvent(const QString &reason)
{
    const qint64 eventId = m_eventId;
    setBusy(tr("Cancelling and refunding…"));
    m_session.api().post(eventPath(eventId, u"/cancel"_s), {{u"reason"_s, reason}}, this,
                         [this](const ApiResult &result) {
                             if (!result.ok()) {
                                 setDone(result.errorMessage, true);
                                 return;
                             }
                             const EventCancellation cancellation =
                                 EventCancellation::fromJson(result.body);
                             m_event.cancelled = true;
                             m_event.cancelReason = cancellation.reason;
                             showCustomers(cancellation);
                             m_session.sync().syncCatalog();
                             setDone(tr("Cancelled: %n booking(s) refunded.", nullptr,
                                        int(cancellation.bookings.size())));
                             Q_EMIT cancelled(cancellation);
                         });
}

void CatalogEditor::showCustomers(const EventCancellation &cancellation)
{
    QStringList lines;
    for (const CancelledBooking &booking : cancellation.bookings) {
        QStringList parts{booking.code,
                          booking.customerName.isEmpty() ? tr("(no name)") : booking.customerName};
        if (!booking.email.isEmpty())
            parts.append(booking.email);
        parts.append(tr("%n ticket(s)", nullptr, booking.tickets));
        parts.append(tr("refunded %1").arg(Money::format(booking.refunded)));
        lines.append(parts.join(u" · "_s));
    }
    if (lines.isEmpty())
        lines.append(tr("No bookings: nobody to tell."));
    m_customers->setPlainText(lines.join(u'\n'));
    m_customers->show();
    m_copyCustomers->show();
}

QString CatalogEditor::customersText() const
{
    return m_customers->toPlainText();
}

void CatalogEditor::changeSeats(bool block)
{
    const QList<qint64> seats = m_seatMap->selection();
    if (!m_eventId || m_busy || seats.isEmpty())
        return;
    SeatBlock change{seats, m_blockReason->text().trimmed()};
    if (block && change.reason.isEmpty()) {
        setDone(tr("Say why these seats are blocked (house seat, broken seat…)."), true);
        m_blockReason->setFocus();
        return;
    }
    setBusy(block ? tr("Blocking %n seat(s)…", nullptr, int(seats.size()))
                  : tr("Putting %n seat(s) back on sale…", nullptr, int(seats.size())));
    m_session.api().post(
        eventPath(m_eventId, block ? u"/blocks"_s : u"/unblock"_s), change.toJson(), this,
        [this, block, seats](const ApiResult &result) {
            if (!result.ok()) {
                setDone(result.errorMessage, true);
                return;
            }
            m_seatMap->setSelection({});
            setDone(block ? tr("%n seat(s) blocked.", nullptr, int(seats.size()))
                          : tr("%n seat(s) back on sale.", nullptr, int(seats.size())));
            Q_EMIT seatsChanged(seats);
        });
}

void CatalogEditor::newEvent()
{
    if (m_busy)
        return;
    setBusy(tr("Loading the venues…"));
    m_session.api().get(u"/v1/venues"_s, {}, this, [this](const ApiResult &result) {
        if (!result.ok()) {
            setDone(result.errorMessage, true);
            return;
        }
        setDone({});
        auto *dialog = new QDialog(this);
        dialog->setObjectName(u"newEventDialog"_s);
        dialog->setWindowTitle(tr("New event"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        auto *venue = new QComboBox(dialog);
        venue->setObjectName(u"newEventVenue"_s);
        for (const QJsonValue &value : result.body.value(u"venues"_s).toArray()) {
            const VenueSections v = VenueSections::fromJson(value.toObject());
            venue->addItem(
                tr("%1, %2 (%n seat(s))", nullptr, v.seats()).arg(v.venue.name, v.venue.city),
                v.venue.id);
        }
        auto *name = new QLineEdit(dialog);
        name->setObjectName(u"newEventName"_s);
        auto *performer = new QLineEdit(dialog);
        performer->setObjectName(u"newEventPerformer"_s);
        auto *startsAt =
            new QDateTimeEdit(QDateTime(QDate::currentDate().addDays(30), QTime(20, 0)), dialog);
        startsAt->setObjectName(u"newEventStartsAt"_s);
        startsAt->setCalendarPopup(true);
        startsAt->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
        auto *price = new QLineEdit(priceText(2500), dialog);
        price->setObjectName(u"newEventPrice"_s);
        auto *buttons =
            new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
        auto *form = new QFormLayout(dialog);
        form->addRow(tr("&Venue:"), venue);
        form->addRow(tr("&Name:"), name);
        form->addRow(tr("&Performer:"), performer);
        form->addRow(tr("&Starts at:"), startsAt);
        form->addRow(tr("P&rice of every seat (€):"), price);
        form->addRow(new QLabel(tr("More price categories can be added once it is made."), dialog));
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
        connect(buttons, &QDialogButtonBox::accepted, dialog, [=, this] {
            const std::optional<Cents> cents = readPrice(price->text());
            if (!cents || name->text().trimmed().isEmpty() || venue->currentIndex() < 0) {
                setDone(tr("A new event needs a venue, a name and a price."), true);
                return;
            }
            NewEvent event;
            event.venueId = venue->currentData().toLongLong();
            event.name = name->text().trimmed();
            event.performer = performer->text().trimmed();
            event.startsAt = startsAt->dateTime().toUTC();
            event.priceCategories = {NewPriceCategory{tr("Standard"), *cents, {}, {}}};
            dialog->accept();
            setBusy(tr("Creating the event…"));
            m_session.api().post(u"/v1/events"_s, event.toJson(), this,
                                 [this](const ApiResult &created) {
                                     if (!created.ok()) {
                                         setDone(created.errorMessage, true);
                                         return;
                                     }
                                     const qint64 eventId = created.body[u"id"_s].toInteger();
                                     setDone(tr("Created."));
                                     // Opened once the mirror has it.
                                     auto *opened = new QObject(this);
                                     connect(&m_session.mirror(), &Mirror::catalogChanged, opened,
                                             [this, eventId, opened] {
                                                 if (!m_session.mirror().event(eventId))
                                                     return;
                                                 chooseEvent(eventId);
                                                 opened->deleteLater();
                                             });
                                     m_session.sync().syncCatalog();
                                     Q_EMIT saved(eventId);
                                 });
        });
        dialog->open();
    });
}

void CatalogEditor::setBusy(const QString &message)
{
    m_busy = true;
    m_status->setProperty("error", false);
    m_status->setText(message);
    updateButtons();
}

void CatalogEditor::setDone(const QString &message, bool error)
{
    m_busy = false;
    m_status->setProperty("error", error);
    m_status->setStyleSheet(error ? u"color: #c62828;"_s : QString());
    m_status->setText(message);
    updateButtons();
}

void CatalogEditor::updateButtons()
{
    const bool open = m_eventId && !m_busy && !m_event.cancelled;
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_name, m_performer, m_category, m_description,
                                          m_startsAt, m_prices, m_addCategory, m_save, m_cancel})
        w->setEnabled(open);
    const bool seats = open && !m_seatMap->selection().isEmpty();
    m_block->setEnabled(seats);
    m_unblock->setEnabled(seats);
    m_new->setEnabled(!m_busy);
}
