#include "KioskWindow.h"

#include "Clock.h"
#include "EventTime.h"
#include "HoldController.h"
#include "HoldCountdownLabel.h"
#include "Money.h"
#include "SeatMapView.h"
#include "Session.h"
#include "StatusBanner.h"
#include "TicketOutput.h"
#include "TouchKeypad.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCloseEvent>
#include <QFrame>
#include <QGridLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Touch-sized: a fingertip is about 9 mm; these are comfortably larger.
QPushButton *bigButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setMinimumHeight(72);
    button->setMinimumWidth(180);
    QFont font = button->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    button->setFont(font);
    return button;
}

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 2.2);
    font.setBold(true);
    label->setFont(font);
    label->setWordWrap(true);
    return label;
}

// Type a customer reads at arm's length: at least 18 pt.
QLabel *touchLabel(const QString &name, double scale, bool bold, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(std::max(18.0, font.pointSizeF() * scale));
    font.setBold(bold);
    label->setFont(font);
    return label;
}

QLabel *messageLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    label->setFont(font);
    return label;
}

// The day filter's id for "all days" (the others are days from today).
constexpr int AllDays = 99;

} // namespace

KioskWindow::KioskWindow(Session &session, const ClientSettings &settings, QWidget *parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint)
    , m_session(session)
    , m_settings(settings)
    , m_holds(new HoldController(session.api(), session.clock(), this))
    , m_pinPrompt([](QWidget *p) {
        return QInputDialog::getText(p, tr("Staff only"), tr("PIN to close the kiosk:"),
                                     QLineEdit::Password);
    })
    , m_idleTimer(new QTimer(this))
    , m_warningTick(new QTimer(this))
    , m_banner(new StatusBanner(session.sync(), this))
    , m_pages(new QStackedWidget(this))
{
    setObjectName(u"kioskWindow"_s);
    setWindowTitle(tr("Boxoffice kiosk"));
    // "Still there?": any touch answers it; the button is there to be touched.
    m_stillThere = new QFrame(this);
    m_stillThere->setObjectName(u"stillThereWarning"_s);
    m_stillThere->setStyleSheet(u"#stillThereWarning { background: #fff3cd; border: 2px solid "
                                u"#ffb300; border-radius: 8px; }"_s);
    m_stillThereText = touchLabel(u"stillThereCountdown"_s, 1.8, true, m_stillThere);
    auto *stillHere = bigButton(tr("I'm still here"), u"stillHereButton"_s, m_stillThere);
    auto *warningLayout = new QHBoxLayout(m_stillThere);
    warningLayout->addWidget(m_stillThereText, 1);
    warningLayout->addWidget(stillHere);
    m_stillThere->hide();
    connect(stillHere, &QPushButton::clicked, this, [this] {
        stopIdleWarning();
        m_idleTimer->start();
    });
    m_warningTick->setInterval(250);
    connect(m_warningTick, &QTimer::timeout, this, &KioskWindow::updateWarning);
    m_notice = touchLabel(u"kioskNotice"_s, 1.4, true, this);
    m_notice->setStyleSheet(u"color: #c62828"_s);
    m_notice->hide();
    m_noticeTimer = new QTimer(this);
    m_noticeTimer->setSingleShot(true);
    m_noticeTimer->setInterval(8000);
    connect(m_noticeTimer, &QTimer::timeout, m_notice, &QWidget::hide);
    m_pages->addWidget(buildStart());
    m_pages->addWidget(buildSeats());
    m_pages->addWidget(buildPay());
    m_pages->addWidget(buildDone());
    m_pages->addWidget(buildLookup());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_stillThere);
    layout->addWidget(m_notice);
    layout->addWidget(m_pages, 1);
    resize(1280, 800);

    m_idleTimer->setSingleShot(true);
    setIdleTimeout(settings.kioskIdleSeconds * 1000);
    connect(m_idleTimer, &QTimer::timeout, this, &KioskWindow::warnIdle);
    qApp->installEventFilter(this);

    connect(m_holds, &HoldController::holdChanged, this, [this] {
        m_seatMap->setOwnHold(m_holds->ticketIds());
        updateButtons();
    });
    connect(m_holds, &HoldController::busyChanged, this, &KioskWindow::updateButtons);
    connect(
        m_holds, &HoldController::holdFailed, this,
        [this](const QString &message, const QList<qint64> &unavailable) {
            QList<qint64> selection = m_seatMap->selection();
            for (qint64 id : unavailable)
                selection.removeAll(id);
            m_seatMap->setSelection(selection);
            showPage(Page::Seats);
            setMessage(
                m_seatsMessage,
                unavailable.isEmpty()
                    ? tr("Your seats could not be reserved (%1). Please try again.").arg(message)
                    : tr("Sorry, someone else just took a seat you chose. Please pick "
                         "again."),
                true);
        });
    connect(m_holds, &HoldController::holdExpired, this, [this] {
        m_seatMap->setSelection({});
        showPage(Page::Seats);
        setMessage(m_seatsMessage,
                   tr("Your seats were released because time ran out. Please pick again."), true);
    });
    // Seats left follow the sales, here and elsewhere: from the seat map
    // where it is mirrored, else from the server's count.
    const auto updateCount = [this](qint64 eventId) {
        for (int row = 0; row < m_shows->count(); ++row) {
            QListWidgetItem *item = m_shows->item(row);
            if (item->data(Qt::UserRole).toLongLong() != eventId)
                continue;
            if (const std::optional<Event> event = m_session.mirror().event(eventId))
                showItem(item, *event);
        }
    };
    connect(&session.mirror(), &Mirror::ticketsChanged, this,
            [this, updateCount](qint64 eventId, const QList<qint64> &ticketIds) {
                if (eventId == m_eventId)
                    m_seatMap->applyChanges(m_session.mirror().tickets(eventId, ticketIds));
                updateCount(eventId);
            });
    connect(&session.mirror(), &Mirror::availabilityChanged, this,
            [updateCount](const QList<qint64> &eventIds) {
                for (qint64 eventId : eventIds)
                    updateCount(eventId);
            });
    connect(&session.mirror(), &Mirror::catalogChanged, this, &KioskWindow::refreshShows);
    connect(&session.mirror(), &Mirror::storageFailed, m_banner, &StatusBanner::showProblem);
    connect(&session.sync(), &SyncEngine::onlineChanged, this, [this](bool online) {
        if (online && !m_paying && !m_seatMap->selection().isEmpty())
            m_holds->hold(m_eventId, m_seatMap->selection());
        updateButtons();
    });
    refreshShows();
    updateButtons();
}

KioskWindow::~KioskWindow()
{
    qApp->removeEventFilter(this);
    if (m_eventId)
        m_session.sync().unwatchEvent(m_eventId);
}

QWidget *KioskWindow::buildStart()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Welcome! Pick a show"), page));
    // Search by a word of the show, the artist or the venue, typed on the
    // screen's own keyboard; and a day.
    auto *searchRow = new QHBoxLayout;
    m_search = new QLineEdit(page);
    m_search->setObjectName(u"kioskSearch"_s);
    m_search->setPlaceholderText(tr("Search a show, artist or venue"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumHeight(64);
    QFont searchFont = m_search->font();
    searchFont.setPointSizeF(std::max(18.0, searchFont.pointSizeF() * 1.6));
    m_search->setFont(searchFont);
    auto *keyboard = bigButton(tr("Keyboard"), u"keyboardButton"_s, page);
    keyboard->setCheckable(true);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(keyboard);
    layout->addLayout(searchRow);
    m_searchKeys = new TouchKeypad(m_search, QString(), TouchKeypad::Keys::WithSpace, page);
    m_searchKeys->setObjectName(u"searchKeypad"_s);
    m_searchKeys->hide();
    layout->addWidget(m_searchKeys);
    connect(keyboard, &QPushButton::toggled, m_searchKeys, &QWidget::setVisible);
    connect(m_search, &QLineEdit::textChanged, this, &KioskWindow::refreshShows);
    auto *daysRow = new QHBoxLayout;
    m_days = new QButtonGroup(page);
    m_days->setExclusive(true);
    const QDate today = m_session.clock().now().toLocalTime().date();
    for (int day : {AllDays, 0, 1, 2, 3, 4, 5, 6, 7}) {
        const QString label = day == AllDays ? tr("All days")
                              : day == 0     ? tr("Today")
                              : day == 1     ? tr("Tomorrow")
                                             : QLocale().toString(today.addDays(day), u"ddd d"_s);
        auto *button =
            bigButton(label, day == AllDays ? u"allDaysButton"_s : u"dayButton%1"_s.arg(day), page);
        button->setMinimumWidth(100);
        button->setCheckable(true);
        button->setChecked(day == AllDays);
        m_days->addButton(button, day);
        daysRow->addWidget(button);
    }
    layout->addLayout(daysRow);
    connect(m_days, &QButtonGroup::idClicked, this, &KioskWindow::refreshShows);
    m_shows = new QListWidget(page);
    m_shows->setObjectName(u"showList"_s);
    QFont font = m_shows->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    m_shows->setFont(font);
    m_shows->setSpacing(6);
    layout->addWidget(m_shows, 1);
    m_startMessage = messageLabel(u"startMessage"_s, page);
    layout->addWidget(m_startMessage);
    auto *buttons = new QHBoxLayout;
    m_buyButton = bigButton(tr("Choose seats"), u"chooseSeatsButton"_s, page);
    auto *find = bigButton(tr("Find my booking"), u"findBookingButton"_s, page);
    buttons->addWidget(find);
    buttons->addStretch();
    buttons->addWidget(m_buyButton);
    layout->addLayout(buttons);
    const auto choose = [this] {
        if (QListWidgetItem *item = m_shows->currentItem();
            item && item->flags().testFlag(Qt::ItemIsEnabled))
            chooseShow(item->data(Qt::UserRole).toLongLong());
    };
    connect(m_buyButton, &QPushButton::clicked, this, choose);
    connect(m_shows, &QListWidget::itemActivated, this, choose);
    connect(m_shows, &QListWidget::currentItemChanged, this, &KioskWindow::updateButtons);
    connect(find, &QPushButton::clicked, this, [this] {
        m_codeField->clear();
        m_lookupMessage->clear();
        m_foundBooking = Booking{};
        updateButtons();
        showPage(Page::Lookup);
        m_codeField->setFocus();
    });
    return page;
}

QWidget *KioskWindow::buildSeats()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_seatsTitle = heading(QString(), page);
    layout->addWidget(m_seatsTitle);
    m_seatMap = new SeatMapView(page);
    m_seatMap->setObjectName(u"kioskSeatMap"_s);
    m_seatMap->setMaxSelection(8);
    // Legend, section and row names readable standing at the screen.
    QFont mapFont = m_seatMap->font();
    mapFont.setPointSizeF(std::max(12.0, mapFont.pointSizeF() * 1.3));
    m_seatMap->setFont(mapFont);
    layout->addWidget(m_seatMap, 1);
    auto *best = new QHBoxLayout;
    best->addWidget(messageLabel(u"bestLabel"_s, page));
    for (int n = 1; n <= 6; ++n) {
        auto *button = bigButton(tr("Best %n", nullptr, n), u"best%1"_s.arg(n), page);
        button->setMinimumWidth(100);
        best->addWidget(button);
        connect(button, &QPushButton::clicked, this, [this, n] {
            if (m_seatMap->selectBestAvailable(n))
                setMessage(m_seatsMessage, QString(), false);
        });
    }
    layout->addLayout(best);
    m_seatsMessage = messageLabel(u"seatsMessage"_s, page);
    m_countdown = new HoldCountdownLabel(*m_holds, page);
    m_seatsTotal = touchLabel(u"seatsTotal"_s, 1.8, true, page);
    m_seatsTotal->setWordWrap(false);
    auto *info = new QHBoxLayout;
    info->addWidget(m_seatsMessage, 1);
    info->addWidget(m_countdown);
    info->addSpacing(24);
    info->addWidget(m_seatsTotal);
    layout->addLayout(info);
    auto *buttons = new QHBoxLayout;
    auto *back = bigButton(tr("Back"), u"seatsBackButton"_s, page);
    m_continue = bigButton(tr("Continue to payment"), u"continueButton"_s, page);
    buttons->addWidget(back);
    buttons->addStretch();
    buttons->addWidget(m_continue);
    layout->addLayout(buttons);
    connect(back, &QPushButton::clicked, this, &KioskWindow::resetToStart);
    connect(m_continue, &QPushButton::clicked, this, &KioskWindow::toPayment);
    connect(m_seatMap, &SeatMapView::selectionChanged, this, [this](const QList<qint64> &ids) {
        if (m_session.sync().isOnline() || ids.isEmpty())
            m_holds->hold(m_eventId, ids);
        updateTotal();
        updateButtons();
    });
    connect(m_seatMap, &SeatMapView::selectionRefused, this,
            [this](const QString &reason) { setMessage(m_seatsMessage, reason, true); });
    return page;
}

QWidget *KioskWindow::buildPay()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Pay by card"), page));
    // What is being paid for, readable from a step back: show, date, venue,
    // seats, and the total largest.
    m_paySummary = touchLabel(u"paySummary"_s, 2.0, false, page);
    layout->addWidget(m_paySummary);
    m_paySeats = touchLabel(u"paySeats"_s, 1.6, false, page);
    layout->addWidget(m_paySeats, 1, Qt::AlignTop);
    m_payTotal = touchLabel(u"payTotal"_s, 2.6, true, page);
    layout->addWidget(m_payTotal);
    m_payMessage = messageLabel(u"payMessage"_s, page);
    layout->addWidget(m_payMessage);
    auto *buttons = new QHBoxLayout;
    m_payBack = bigButton(tr("Change seats"), u"payBackButton"_s, page);
    auto *back = m_payBack;
    m_payButton = bigButton(tr("Pay now"), u"payCardButton"_s, page);
    buttons->addWidget(back);
    buttons->addStretch();
    buttons->addWidget(m_payButton);
    layout->addLayout(buttons);
    connect(back, &QPushButton::clicked, this, [this] { showPage(Page::Seats); });
    connect(m_payButton, &QPushButton::clicked, this, &KioskWindow::pay);
    return page;
}

QWidget *KioskWindow::buildDone()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Thank you! Your tickets are printing."), page));
    m_doneCode = heading(QString(), page);
    m_doneCode->setObjectName(u"doneCode"_s);
    layout->addWidget(m_doneCode);
    m_doneMessage = messageLabel(u"doneMessage"_s, page);
    layout->addWidget(m_doneMessage, 1);
    auto *finish = bigButton(tr("Finish"), u"finishButton"_s, page);
    layout->addWidget(finish, 0, Qt::AlignRight);
    connect(finish, &QPushButton::clicked, this, &KioskWindow::resetToStart);
    return page;
}

QWidget *KioskWindow::buildLookup()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(heading(tr("Find my booking"), page));
    auto *hint = messageLabel(u"lookupHint"_s, page);
    hint->setText(tr("Type the code from your receipt or confirmation on the keys below."));
    layout->addWidget(hint);
    m_codeField = new QLineEdit(page);
    m_codeField->setObjectName(u"kioskCodeField"_s);
    m_codeField->setPlaceholderText(tr("Booking code, e.g. EMTK5LLV"));
    m_codeField->setMaxLength(8);
    QFont font = m_codeField->font();
    font.setPointSizeF(font.pointSizeF() * 2);
    m_codeField->setFont(font);
    m_codeField->setMinimumHeight(64);
    layout->addWidget(m_codeField);
    // A touch kiosk has no keyboard: its own keys type the code.
    auto *keys = new TouchKeypad(m_codeField, tr("Find"), TouchKeypad::Keys::NoSpace, page);
    keys->setObjectName(u"codeKeypad"_s);
    layout->addWidget(keys);
    m_lookupMessage = messageLabel(u"lookupMessage"_s, page);
    layout->addWidget(m_lookupMessage, 1);
    auto *buttons = new QHBoxLayout;
    auto *back = bigButton(tr("Back"), u"lookupBackButton"_s, page);
    auto *find = bigButton(tr("Find"), u"kioskFindButton"_s, page);
    m_reprint = bigButton(tr("Print my tickets"), u"kioskReprintButton"_s, page);
    buttons->addWidget(back);
    buttons->addStretch();
    buttons->addWidget(find);
    buttons->addWidget(m_reprint);
    layout->addLayout(buttons);
    connect(back, &QPushButton::clicked, this, &KioskWindow::resetToStart);
    const auto lookup = [this] {
        const QString code = m_codeField->text().trimmed().toUpper();
        if (code.size() != 8) {
            setMessage(m_lookupMessage, tr("A booking code has 8 letters and digits."), true);
            return;
        }
        setMessage(m_lookupMessage, tr("Looking…"), false);
        m_session.desk().lookup(
            code, this, [this, code](const QList<Booking> &found, const ApiResult &result) {
                m_foundBooking = Booking{};
                for (const Booking &booking : found) {
                    if (booking.code == code)
                        m_foundBooking = booking;
                }
                if (m_foundBooking.id == 0)
                    setMessage(
                        m_lookupMessage,
                        result.unreachable()
                            ? tr("This kiosk is offline and does not know booking %1.").arg(code)
                            : tr("No booking %1. Please check the code on your receipt.").arg(code),
                        true);
                else
                    setMessage(
                        m_lookupMessage,
                        tr("%1 · %2\n%n valid ticket(s)", nullptr,
                           int(m_foundBooking.validTickets().size()))
                            .arg(m_foundBooking.eventName, eventTimeText(m_foundBooking.startsAt)),
                        false);
                updateButtons();
            });
    };
    connect(find, &QPushButton::clicked, this, lookup);
    connect(m_codeField, &QLineEdit::returnPressed, this, lookup);
    connect(m_reprint, &QPushButton::clicked, this, [this] {
        const QString error = m_foundBooking.id ? printTickets(m_foundBooking) : QString();
        setMessage(m_lookupMessage,
                   error.isEmpty()
                       ? tr("Your tickets are printing.")
                       : tr("Printing failed (%1). Please ask at the box office.").arg(error),
                   !error.isEmpty());
    });
    return page;
}

KioskWindow::Page KioskWindow::page() const
{
    return Page(m_pages->currentIndex());
}

void KioskWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(int(page));
    stopIdleWarning();
    if (page == Page::Start) {
        m_idleTimer->stop();
        refreshShows();
    } else {
        m_idleTimer->start();
    }
    updateButtons();
}

void KioskWindow::setIdleTimeout(int msecs)
{
    m_warningMsecs = std::min(15000, msecs / 2);
    m_idleTimer->setInterval(msecs - m_warningMsecs);
}

bool KioskWindow::isWarningIdle() const
{
    return m_warningTick->isActive();
}

void KioskWindow::warnIdle()
{
    if (m_paying) {
        m_idleTimer->start(); // never abandon a payment in flight
        return;
    }
    m_warningDeadline = QDeadlineTimer(m_warningMsecs);
    m_stillThere->show();
    m_warningTick->start();
    updateWarning();
}

void KioskWindow::updateWarning()
{
    const qint64 left = m_warningDeadline.remainingTime();
    if (left <= 0) {
        stopIdleWarning();
        resetToStart();
        return;
    }
    m_stillThereText->setText(
        tr("Still there? Starting over in %n second(s).", nullptr, int((left + 999) / 1000)));
}

void KioskWindow::stopIdleWarning()
{
    m_warningTick->stop();
    m_stillThere->hide();
}

void KioskWindow::showNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->show();
    m_noticeTimer->start();
}

void KioskWindow::refreshShows()
{
    if (!m_shows)
        return;
    const qint64 current =
        m_shows->currentItem() ? m_shows->currentItem()->data(Qt::UserRole).toLongLong() : 0;
    Mirror::Search search;
    const QDateTime now = m_session.clock().now();
    const QDate today = now.toLocalTime().date();
    const int day = m_days->checkedId();
    // Named days move on at midnight; a kiosk runs for weeks.
    for (int d = 2; d < 8; ++d)
        m_days->button(d)->setText(QLocale().toString(today.addDays(d), u"ddd d"_s));
    search.text = m_search->text();
    if (day == AllDays) {
        search.from = now;
        search.until = QDateTime(today.addDays(8), QTime(0, 0));
    } else {
        search.from = std::max(now, QDateTime(today.addDays(day), QTime(0, 0)));
        search.until = QDateTime(today.addDays(day + 1), QTime(0, 0));
    }
    search.limit = 100;
    const QSignalBlocker blocker(m_shows);
    m_shows->clear();
    for (const Event &event : m_session.mirror().searchEvents(search)) {
        auto *item = new QListWidgetItem(m_shows);
        item->setData(Qt::UserRole, event.id);
        item->setSizeHint(QSize(0, 84));
        showItem(item, event);
        if (event.id == current && event.available > 0 && !event.cancelled)
            m_shows->setCurrentItem(item);
    }
    updateButtons();
}

void KioskWindow::showItem(QListWidgetItem *item, const Event &event) const
{
    item->setText(showText(event));
    // A sold-out show is listed, but cannot be picked.
    const Qt::ItemFlags pickable = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    // So is a cancelled one.
    item->setFlags(event.available > 0 && !event.cancelled ? item->flags() | pickable
                                                           : item->flags() & ~pickable);
}

QString KioskWindow::showText(const Event &event) const
{
    const QLocale locale;
    const QString when = locale.toString(event.startsAt.toLocalTime().date(), u"ddd d MMM"_s) +
                         u' ' + shortTimeText(event.startsAt.toLocalTime().time(), locale);
    Cents lowest = 0, highest = 0;
    for (qsizetype i = 0; i < event.priceCategories.size(); ++i) {
        const Cents price = event.priceCategories[i].price;
        lowest = i == 0 ? price : std::min(lowest, price);
        highest = i == 0 ? price : std::max(highest, price);
    }
    const QString prices = event.priceCategories.isEmpty() ? QString()
                           : lowest == highest
                               ? Money::format(lowest)
                               : tr("%1 – %2").arg(Money::format(lowest), Money::format(highest));
    const QString seats = event.cancelled ? tr("Cancelled")
                          : event.available == 0
                              ? tr("Sold out")
                              : tr("%n seat(s) left", nullptr, int(event.available));
    return tr("%1 · %2\n%3, %4 · %5 · %6")
        .arg(when, event.name, event.venue.name, event.venue.city, prices, seats);
}

void KioskWindow::chooseShow(qint64 eventId)
{
    const std::optional<Event> event = m_session.mirror().event(eventId);
    if (!event)
        return;
    if (m_eventId && m_eventId != eventId)
        m_session.sync().unwatchEvent(m_eventId);
    m_eventId = eventId;
    m_seatsTitle->setText(event->name + u" · "_s +
                          QLocale().toString(event->startsAt.toLocalTime(), u"ddd d MMM HH:mm"_s));
    m_seatMap->setEvent(*event, m_session.mirror().tickets(eventId));
    m_session.sync().watchEvent(eventId);
    updateTotal();
    setMessage(m_seatsMessage, tr("Tap seats, or let us pick the best ones for you."), false);
    showPage(Page::Seats);
}

void KioskWindow::updateTotal()
{
    Cents total = 0;
    for (qint64 id : m_seatMap->selection()) {
        if (const Ticket *t = m_seatMap->ticket(id))
            total += t->price;
    }
    const int seats = int(m_seatMap->selection().size());
    m_seatsTotal->setText(
        seats == 0 ? tr("No seats chosen")
                   : tr("%n seat(s) · Total %1", nullptr, seats).arg(Money::format(total)));
}

void KioskWindow::toPayment()
{
    if (!m_holds->hasHold())
        return;
    const std::optional<Event> event = m_session.mirror().event(m_eventId);
    QStringList lines;
    Cents total = 0;
    for (qint64 id : m_holds->ticketIds()) {
        if (const Ticket *t = m_seatMap->ticket(id)) {
            lines.append(tr("%1 · row %2 · seat %3 · %4")
                             .arg(t->section, t->row)
                             .arg(t->seat)
                             .arg(Money::format(t->price)));
            total += t->price;
        }
    }
    m_paySummary->setText(
        event ? u"<b>%1</b><br>%2<br>%3"_s.arg(
                    event->name.toHtmlEscaped(), eventTimeText(event->startsAt).toHtmlEscaped(),
                    QString(event->venue.name + u", "_s + event->venue.city).toHtmlEscaped())
              : QString());
    m_paySeats->setText(lines.join(u'\n'));
    m_payTotal->setText(tr("Total %1").arg(Money::format(total)));
    setMessage(m_payMessage, tr("Insert or tap your card on the terminal, then press Pay now."),
               false);
    showPage(Page::Pay);
}

void KioskWindow::pay()
{
    if (!m_holds->hasHold()) {
        showPage(Page::Seats);
        return;
    }
    Payment payment;
    payment.method = Payment::Method::Card;
    payment.cardToken = m_settings.kioskCardToken;
    // Until the answer, the hold being paid for must stay as it is.
    m_paying = true;
    m_holds->setPaymentInFlight(true);
    m_payButton->setEnabled(false);
    m_payBack->setEnabled(false);
    setMessage(m_payMessage, tr("Processing your payment…"), false);
    m_session.desk().pay(m_eventId, m_holds->holdId(), payment, QString(), this,
                         [this](const PaymentOutcome &outcome) {
                             m_paying = false;
                             m_holds->setPaymentInFlight(false);
                             updateButtons();
                             // The hold stays unless sold: the customer can try again.
                             QString message;
                             switch (outcome.kind) {
                             case PaymentOutcome::Kind::Booked:
                                 break;
                             case PaymentOutcome::Kind::Declined:
                                 message = tr("Your card was not accepted (%1). Your seats are "
                                              "still held: try another card.")
                                               .arg(outcome.message);
                                 break;
                             case PaymentOutcome::Kind::Unconfirmed:
                                 message = tr("We could not confirm your payment. Please press "
                                              "Pay now again: you will not be charged twice.");
                                 break;
                             case PaymentOutcome::Kind::Refused:
                                 message = tr("Payment could not be completed: %1 Your seats "
                                              "are still held; please try again.")
                                               .arg(outcome.message);
                                 break;
                             }
                             if (!message.isEmpty()) {
                                 setMessage(m_payMessage, message, true);
                                 return;
                             }
                             const Booking &booking = outcome.booking;
                             m_holds->consumed();
                             m_lastBooking = booking;
                             m_doneCode->setText(tr("Booking code: %1").arg(booking.code));
                             printTickets(booking);
                             m_seatMap->setSelection({});
                             showPage(Page::Done);
                         });
}

QString KioskWindow::printTickets(const Booking &booking)
{
    const TicketOutput::Result pdf = TicketOutput::savePdf(booking, m_settings.ticketPath());
    m_lastPdf = pdf.pdfPath;
    QString error = pdf.error;
    if (!m_settings.printerName.isEmpty())
        TicketOutput::printTo(booking, m_settings.printerName, &error);
    setMessage(m_doneMessage,
               error.isEmpty()
                   ? tr("Keep your booking code: you can reprint your tickets here any time.")
                   : tr("Printing failed (%1). Please ask at the box office with your "
                        "booking code.")
                         .arg(error),
               !error.isEmpty());
    return error;
}

void KioskWindow::resetToStart()
{
    if (m_paying) {
        m_idleTimer->start(); // never abandon a payment in flight
        return;
    }
    m_holds->release();
    m_seatMap->setSelection({});
    if (m_eventId)
        m_session.sync().unwatchEvent(m_eventId);
    m_eventId = 0;
    m_seatMap->clear();
    m_foundBooking = Booking{};
    // The next customer starts from a clean screen: nothing picked, no search.
    {
        const QSignalBlocker blocker(m_search);
        m_search->clear();
    }
    m_days->button(AllDays)->setChecked(true);
    m_searchKeys->hide();
    if (auto *keyboard = findChild<QPushButton *>(u"keyboardButton"_s))
        keyboard->setChecked(false);
    m_shows->setCurrentItem(nullptr);
    m_shows->clearSelection();
    setMessage(m_startMessage, QString(), false);
    showPage(Page::Start);
}

void KioskWindow::setMessage(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setStyleSheet(error ? u"color: #c62828; font-weight: bold"_s : QString());
}

void KioskWindow::updateButtons()
{
    const bool online = m_session.sync().isOnline();
    const QListWidgetItem *show = m_shows->currentItem();
    m_buyButton->setEnabled(online && show && show->flags().testFlag(Qt::ItemIsEnabled));
    if (!online)
        setMessage(
            m_startMessage,
            tr("This kiosk is offline right now, so it cannot sell tickets. Please use the box "
               "office; booking lookup still works for bookings made here."),
            true);
    else if (page() == Page::Start)
        setMessage(m_startMessage,
                   m_shows->count() == 0 ? tr("No shows found. Try another day or search.")
                                         : QString(),
                   false);
    QList<qint64> selection = m_seatMap->selection();
    QList<qint64> held = m_holds->ticketIds();
    std::sort(selection.begin(), selection.end());
    std::sort(held.begin(), held.end());
    m_continue->setEnabled(online && !selection.isEmpty() && selection == held &&
                           !m_holds->isBusy());
    m_payButton->setEnabled(online && m_holds->hasHold() && !m_paying);
    m_payBack->setEnabled(!m_paying);
    m_reprint->setEnabled(m_foundBooking.id != 0);
}

bool KioskWindow::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::KeyPress:
    case QEvent::TouchBegin:
    case QEvent::Wheel:
        if (page() != Page::Start) {
            stopIdleWarning();
            m_idleTimer->start();
        }
        break;
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void KioskWindow::closeEvent(QCloseEvent *event)
{
    if (!m_closeAllowed) {
        const QString pin = m_pinPrompt(this);
        if (pin != m_settings.kioskPin) {
            // Cancelled says nothing; a wrong PIN says so, so staff retry.
            if (!pin.isEmpty())
                showNotice(tr("Wrong PIN. The kiosk stays open."));
            event->ignore();
            return;
        }
    }
    m_closeAllowed = true;
    m_holds->releaseAndWait();
    event->accept();
}
