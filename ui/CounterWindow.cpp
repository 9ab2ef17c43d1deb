#include "CounterWindow.h"

#include "BookingLookup.h"
#include "CatalogEditor.h"
#include "EventBrowser.h"
#include "EventTime.h"
#include "HoldController.h"
#include "HoldCountdownLabel.h"
#include "Money.h"
#include "PaymentPanel.h"
#include "ReportsWindow.h"
#include "SeatMapView.h"
#include "Session.h"
#include "ShiftDialogs.h"
#include "StatusBanner.h"
#include "TicketOutput.h"
#include "WaitingRoomPanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSysInfo>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
// Best available's choices besides a price limit (in cents, > 0).
constexpr qint64 AnySeats = 0;
constexpr qint64 CheapestSeats = -1;
} // namespace

CounterWindow::CounterWindow(Session &session, const ClientSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_settings(settings)
    , m_holds(new HoldController(session.api(), session.clock(), this))
    , m_banner(new StatusBanner(session.sync(), this))
    , m_tabs(new QTabWidget(this))
    , m_browser(new EventBrowser(session.mirror(), session.clock(), this))
    , m_eventTitle(new QLabel(this))
    , m_seatMap(new SeatMapView(this))
    , m_queuePanel(new WaitingRoomPanel(session.queue(), this))
    , m_seatStack(new QStackedWidget(this))
    , m_bestCount(new QSpinBox(this))
    , m_bestCategory(new QComboBox(this))
    , m_bestButton(new QPushButton(tr("&Best available"), this))
    , m_countdown(new HoldCountdownLabel(*m_holds, this))
    , m_saleMessage(new QLabel(this))
    , m_payment(new PaymentPanel(this))
    , m_printButton(new QPushButton(tr("P&rint tickets…"), this))
    , m_newSaleButton(new QPushButton(tr("&New sale"), this))
    , m_clearButton(new QPushButton(tr("C&lear selection"), this))
    , m_lookup(new BookingLookup(session.desk(),
                                 Protocol::mayLookUpByCode(session.role())
                                     ? BookingLookup::Mode::Staff
                                     : BookingLookup::Mode::Customer,
                                 this))
{
    const bool staff = Protocol::mayLookUpByCode(session.role());
    setUpWidgets(staff);
    layOut(staff);
    addMenusAndShortcuts();
    connectSale();
    connectHolds();
    connectSync(staff);
    connectWaitingRoom();
    updatePayability();
    updateShift();
    m_browser->focusSearch();
}

void CounterWindow::setUpWidgets(bool staff)
{
    setObjectName(u"counterWindow"_s);
    setWindowTitle(staff ? tr("Boxoffice — counter · %1").arg(m_session.userName())
                         : tr("Boxoffice — %1").arg(m_session.userName()));
    m_eventTitle->setObjectName(u"eventTitle"_s);
    m_eventTitle->setWordWrap(true);
    QFont titleFont = m_eventTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_eventTitle->setFont(titleFont);
    m_seatMap->setObjectName(u"seatMap"_s);
    m_bestCount->setObjectName(u"bestCount"_s);
    m_bestCount->setRange(1, 10);
    m_bestCount->setValue(2);
    m_bestCount->setPrefix(tr("Seats: "));
    m_bestCategory->setObjectName(u"bestCategory"_s);
    // Its items come with the event, after the first show: sized to them
    // then, not to the empty box ("Best sea…").
    m_bestCategory->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_bestCategory->setToolTip(tr("Which seats Best available picks: the best of any price, "
                                  "the cheapest, or the best up to a price per seat"));
    m_bestButton->setObjectName(u"bestButton"_s);
    m_saleMessage->setObjectName(u"saleMessage"_s);
    m_saleMessage->setWordWrap(true);
    m_printButton->setObjectName(u"printButton"_s);
    m_newSaleButton->setObjectName(u"newSaleButton"_s);
    m_payment->setObjectName(u"paymentPanel"_s);
    m_printButton->setEnabled(false);
    m_lookup->setObjectName(u"bookingLookup"_s);
    m_lookup->setTicketFolder(m_settings.ticketPath());
    m_lookup->setPrinterName(m_settings.printerName);
    m_clearButton->setObjectName(u"clearSelectionButton"_s);
}

// Events on the left, the seat map in the middle, basket and till on the
// right; bookings on a tab of their own.
void CounterWindow::layOut(bool staff)
{
    auto *seatTools = new QHBoxLayout;
    seatTools->addWidget(m_bestCount);
    seatTools->addWidget(m_bestCategory);
    seatTools->addWidget(m_bestButton);
    seatTools->addWidget(m_clearButton);
    seatTools->addStretch();
    seatTools->addWidget(m_countdown);
    auto *centre = new QWidget(this);
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->addWidget(m_eventTitle);
    m_seatStack->addWidget(m_seatMap);
    m_seatStack->addWidget(m_queuePanel);
    centreLayout->addWidget(m_seatStack, 1);
    centreLayout->addLayout(seatTools);
    centreLayout->addWidget(m_saleMessage);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_payment, 1);
    auto *after = new QHBoxLayout;
    after->addWidget(m_printButton);
    after->addWidget(m_newSaleButton);
    rightLayout->addLayout(after);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_browser);
    splitter->addWidget(centre);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setStretchFactor(2, 2);
    // Events readable on the left, the till on the right, the rest the map's.
    splitter->setSizes({300, 640, 340});
    m_tabs->setObjectName(u"tabs"_s);
    m_tabs->addTab(splitter, tr("&Sell"));
    m_tabs->addTab(m_lookup, staff ? tr("B&ookings") : tr("&My bookings"));
    auto *main = new QWidget(this);
    auto *mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(4, 4, 4, 4);
    mainLayout->addWidget(m_banner);
    mainLayout->addWidget(m_tabs, 1);
    setCentralWidget(main);
    resize(1280, 800);
}

// The catalog editor, in a window of its own, made when first opened.
void CounterWindow::showCatalogEditor()
{
    if (!m_catalogEditor) {
        m_catalogEditor = new CatalogEditor(m_session, this);
        m_catalogEditor->setWindowFlag(Qt::Window);
    }
    m_catalogEditor->show();
    m_catalogEditor->raise();
    m_catalogEditor->activateWindow();
}

void CounterWindow::addMenusAndShortcuts()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Settings…"), this, &CounterWindow::settingsRequested);
    file->addAction(tr("Sign &out"), this, &CounterWindow::signOutRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    if (Protocol::mayTakeCash(m_session.role())) {
        QMenu *till = menuBar()->addMenu(tr("&Till"));
        m_openShift = till->addAction(tr("&Open shift…"), this, &CounterWindow::openShift);
        m_openShift->setObjectName(u"openShiftAction"_s);
        m_closeShift = till->addAction(tr("&Close shift…"), this, &CounterWindow::closeShift);
        m_closeShift->setObjectName(u"closeShiftAction"_s);
        m_shiftStatus = new QLabel(this);
        m_shiftStatus->setObjectName(u"shiftStatus"_s);
        statusBar()->addPermanentWidget(m_shiftStatus);
        connect(&m_session.till(), &TillShift::changed, this, &CounterWindow::updateShift);
        if (!m_session.till().isKnown())
            m_session.till().refresh();
    }
    // Operators' screens, for admin accounts only; each opens in a window of
    // its own.
    if (Protocol::mayEditCatalog(m_session.role()))
        addAdministrationMenu()
            ->addAction(tr("&Edit catalog…"), this, &CounterWindow::showCatalogEditor)
            ->setObjectName(u"editCatalogAction"_s);
    if (Protocol::mayReadReports(m_session.role()))
        addAdministrationMenu()
            ->addAction(tr("&Reports…"), this, &CounterWindow::showReports)
            ->setObjectName(u"reportsAction"_s);
    // The search box is always one key away.
    for (const QKeySequence &key : {QKeySequence(QKeySequence::Find), QKeySequence(Qt::Key_F3)}) {
        connect(new QShortcut(key, this), &QShortcut::activated, this, [this] {
            m_tabs->setCurrentIndex(0);
            m_browser->focusSearch();
        });
    }
    connect(new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_L), this), &QShortcut::activated, this,
            [this] {
                m_tabs->setCurrentWidget(m_lookup);
                m_lookup->focusSearch();
            });
    // Esc starts over: nothing of the abandoned basket stays on screen.
    connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this, [this] {
        if (m_tabs->currentIndex() == 0)
            newSale();
    });
    // Return in the seat count or the category picks the seats: the clerk's
    // hands stay on the keyboard from the search to the payment.
    for (QWidget *field :
         {static_cast<QWidget *>(m_bestCount), static_cast<QWidget *>(m_bestCategory)}) {
        for (const QKeySequence &key :
             {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)}) {
            auto *shortcut = new QShortcut(key, field);
            shortcut->setContext(Qt::WidgetShortcut);
            connect(shortcut, &QShortcut::activated, this, &CounterWindow::selectBest);
        }
    }
}

QMenu *CounterWindow::addAdministrationMenu()
{
    if (!m_administration) {
        m_administration = menuBar()->addMenu(tr("&Administration"));
        m_administration->setObjectName(u"administrationMenu"_s);
    }
    return m_administration;
}

void CounterWindow::showReports()
{
    if (!m_reports) {
        m_reports = new ReportsWindow(m_session, this);
        m_reports->refresh();
    }
    m_reports->show();
    m_reports->raise();
    m_reports->activateWindow();
}

void CounterWindow::connectSale()
{
    connect(m_browser, &EventBrowser::eventChosen, this, &CounterWindow::openEvent);
    // Chosen from the keyboard: on to which seats.
    connect(m_browser, &EventBrowser::eventActivated, this, [this](qint64 eventId) {
        if (eventId == m_eventId)
            m_bestCategory->setFocus();
    });
    connect(m_seatMap, &SeatMapView::selectionChanged, this, &CounterWindow::onSelectionChanged);
    connect(m_seatMap, &SeatMapView::selectionRefused, this,
            [this](const QString &reason) { setSaleMessage(reason, true); });
    connect(m_bestButton, &QPushButton::clicked, this, &CounterWindow::selectBest);
    connect(m_clearButton, &QPushButton::clicked, this, [this] {
        if (!m_paying)
            m_seatMap->setSelection({});
    });
    connect(m_payment, &PaymentPanel::payRequested, this, &CounterWindow::onPay);
    connect(m_printButton, &QPushButton::clicked, this,
            [this] { TicketOutput::printWithDialog(m_lastBooking, this); });
    connect(m_newSaleButton, &QPushButton::clicked, this, &CounterWindow::newSale);
}

void CounterWindow::connectHolds()
{
    connect(m_holds, &HoldController::holdChanged, this, [this] {
        m_holdProblem.clear();
        m_seatMap->setOwnHold(m_holds->ticketIds());
        updatePayability();
    });
    connect(m_holds, &HoldController::busyChanged, this, &CounterWindow::updatePayability);
    connect(m_holds, &HoldController::holdFailed, this,
            [this](const QString &message, const QList<qint64> &unavailable) {
                setSaleMessage(message, true);
                m_holdProblem =
                    unavailable.isEmpty()
                        ? tr("The seats are not held: %1 Pick them again to retry.").arg(message)
                        : QString();
                QList<qint64> selection = m_seatMap->selection();
                for (qint64 id : unavailable)
                    selection.removeAll(id);
                // Without the taken seats; a refused hold held nothing.
                m_seatMap->setSelection(selection);
                updatePayability();
            });
    connect(m_holds, &HoldController::holdExpired, this, [this] {
        setSaleMessage(tr("The hold ran out and the seats went back on sale. Pick seats again."),
                       true);
        m_seatMap->setSelection({});
    });
}

// Live seats, storage trouble, going on- and offline.
void CounterWindow::connectSync(bool staff)
{
    connect(&m_session.mirror(), &Mirror::ticketsChanged, this,
            [this](qint64 eventId, const QList<qint64> &ticketIds) {
                if (eventId == m_eventId)
                    m_seatMap->applyChanges(m_session.mirror().tickets(eventId, ticketIds));
            });
    connect(&m_session.mirror(), &Mirror::storageFailed, m_banner, &StatusBanner::showProblem);
    connect(&m_session.sync(), &SyncEngine::onlineChanged, this, [this](bool online) {
        // Seats picked while offline are held as soon as the server is back.
        if (online && !m_paying && !m_seatMap->selection().isEmpty())
            m_holds->hold(m_eventId, m_seatMap->selection());
        m_lookup->setOnline(online);
        updatePayability();
    });
    m_lookup->setOnline(m_session.sync().isOnline());
    if (!staff)
        m_lookup->reload();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_lookup && !Protocol::mayLookUpByCode(m_session.role()))
            m_lookup->reload();
    });
}

CounterWindow::~CounterWindow()
{
    if (m_eventId)
        m_session.sync().unwatchEvent(m_eventId);
}

void CounterWindow::closeEvent(QCloseEvent *event)
{
    // Seats on hold go back on sale at once rather than when the hold
    // expires; wait for it, as the program may end right after.
    m_holds->releaseAndWait();
    QMainWindow::closeEvent(event);
}

void CounterWindow::openEvent(qint64 eventId)
{
    // Not while a payment is on its way: that would release its hold.
    if (eventId == m_eventId || m_paying)
        return;
    m_holds->release();
    if (m_eventId)
        m_session.sync().unwatchEvent(m_eventId);
    m_eventId = eventId;
    const std::optional<Event> event = m_session.mirror().event(eventId);
    if (!event)
        return;
    const QLocale locale;
    m_eventTitle->setText(tr("%1\n%2 · %3, %4")
                              .arg(event->name, eventTimeText(event->startsAt, locale),
                                   event->venue.name, event->venue.city));
    if (event->cancelled)
        m_eventTitle->setText(
            tr("%1 — CANCELLED: %2").arg(m_eventTitle->text(), event->cancelReason));
    m_seatMap->setEvent(*event, m_session.mirror().tickets(eventId));
    fillBestCategories(*event);
    m_session.sync().watchEvent(eventId);
    if (m_payment->total() == 0)
        m_payment->reset();
    setSaleMessage(QString(), false);
    // A customer may have to queue for a famous on-sale; the venue's own
    // desks never do.
    if (!Protocol::bypassesWaitingRooms(m_session.role()))
        m_session.queue().enter(eventId);
    showSeatsOrQueue();
}

// "Best of any price" first, then "cheapest", then up to each category's
// price, dearest first.
void CounterWindow::fillBestCategories(const Event &event)
{
    m_bestCategory->clear();
    m_bestCategory->addItem(tr("Best seats, any price"), AnySeats);
    m_bestCategory->addItem(tr("Cheapest seats"), CheapestSeats);
    QList<PriceCategory> categories = event.priceCategories;
    std::stable_sort(
        categories.begin(), categories.end(),
        [](const PriceCategory &a, const PriceCategory &b) { return a.price > b.price; });
    // A budget per seat: the best seats at that price or below.
    for (const PriceCategory &category : std::as_const(categories))
        m_bestCategory->addItem(
            tr("Up to %1 (%2)").arg(Money::format(category.price), category.name), category.price);
}

void CounterWindow::selectBest()
{
    if (m_paying || !m_eventId || m_queuePanel->isWaiting(m_eventId))
        return;
    const qint64 choice = m_bestCategory->currentData().toLongLong();
    const int count = m_bestCount->value();
    const bool picked = choice == AnySeats ? m_seatMap->selectBestAvailable(count)
                        : choice == CheapestSeats
                            ? m_seatMap->selectCheapestAvailable(count)
                            : m_seatMap->selectBestAvailableUpTo(count, Cents(choice));
    // Next comes the money.
    if (picked)
        m_payment->focusTendered();
}

// The server asked for a waiting room's pass: queue, keeping the seats picked,
// and hold them once admitted.
void CounterWindow::connectWaitingRoom()
{
    WaitingRoomClient &queue = m_session.queue();
    connect(m_holds, &HoldController::queueRequired, this, [this, &queue](qint64 eventId) {
        if (eventId == m_eventId)
            queue.join(eventId);
    });
    connect(&queue, &WaitingRoomClient::changed, this, &CounterWindow::showSeatsOrQueue);
    connect(&queue, &WaitingRoomClient::seatsOpen, this, [this, &queue](qint64 eventId) {
        if (eventId != m_eventId)
            return;
        showSeatsOrQueue();
        const QDateTime until = queue.place().passExpiresAt;
        setSaleMessage(
            queue.state() == WaitingRoomClient::State::Admitted && until.isValid()
                ? tr("It is your turn: pick your seats and pay by %1.")
                      .arg(QLocale().toString(until.toLocalTime().time(), QLocale::ShortFormat))
                : tr("It is your turn: pick your seats."),
            false);
        // Seats picked before the queue was needed are held now.
        if (!m_paying && !m_seatMap->selection().isEmpty())
            m_holds->hold(m_eventId, m_seatMap->selection());
        m_seatMap->setFocus();
    });
}

void CounterWindow::showSeatsOrQueue()
{
    const bool waiting = m_queuePanel->isWaiting(m_eventId);
    m_seatStack->setCurrentWidget(waiting ? static_cast<QWidget *>(m_queuePanel) : m_seatMap);
    m_bestCount->setEnabled(!waiting);
    m_bestCategory->setEnabled(!waiting);
    updatePayability();
}

void CounterWindow::reloadSeatMap()
{
    m_seatMap->updateTickets(m_session.mirror().tickets(m_eventId));
}

void CounterWindow::onSelectionChanged(const QList<qint64> &ticketIds)
{
    QList<Ticket> seats;
    for (qint64 id : ticketIds) {
        if (const Ticket *t = m_seatMap->ticket(id))
            seats.append(*t);
    }
    m_payment->setSeats(m_seatMap->event(), seats);
    if (m_session.sync().isOnline() || ticketIds.isEmpty())
        m_holds->hold(m_eventId, ticketIds);
    if (!ticketIds.isEmpty())
        setSaleMessage(QString(), false);
    updatePayability();
}

void CounterWindow::updatePayability()
{
    QList<qint64> selection = m_seatMap->selection();
    QList<qint64> held = m_holds->ticketIds();
    std::sort(selection.begin(), selection.end());
    std::sort(held.begin(), held.end());
    QString reason;
    const bool waiting = m_queuePanel->isWaiting(m_eventId);
    if (!m_session.sync().isOnline())
        reason = tr("Offline: selling needs the server. Your selection is kept.");
    else if (waiting)
        reason = tr("Waiting for your turn in the queue.");
    else if (selection.isEmpty())
        reason = tr("Pick seats on the map first.");
    else if (m_holds->isBusy())
        reason = tr("Holding the seats…");
    else if (selection != held)
        reason = m_holdProblem.isEmpty() ? tr("Holding the seats…") : m_holdProblem;
    m_payment->setBlockedReason(reason);
    m_bestButton->setEnabled(m_eventId != 0 && !waiting);
}

void CounterWindow::onPay(const Payment &payment, const QString &customerName)
{
    if (!m_holds->hasHold())
        return;
    // While the booking is on its way the held seats must not change: a new
    // pick would release the very hold being paid for.
    m_paying = true;
    m_holds->setPaymentInFlight(true);
    m_payment->setEnabled(false);
    m_seatMap->setEnabled(false);
    m_bestButton->setEnabled(false);
    m_browser->setEnabled(false);
    m_session.desk().pay(
        m_eventId, m_holds->holdId(), payment, customerName, this,
        [this, customerName](const PaymentOutcome &outcome) {
            m_paying = false;
            m_holds->setPaymentInFlight(false);
            m_payment->setEnabled(true);
            m_seatMap->setEnabled(true);
            m_bestButton->setEnabled(true);
            m_browser->setEnabled(true);
            if (outcome.kind != PaymentOutcome::Kind::Booked) {
                // Declined cards and network trouble keep the hold: try again.
                QString message = outcome.message;
                if (outcome.kind == PaymentOutcome::Kind::Declined)
                    message =
                        tr("Payment failed: %1 The seats stay held; try another card or cash.")
                            .arg(outcome.message);
                else if (outcome.kind == PaymentOutcome::Kind::Unconfirmed)
                    message = tr("The sale could not be confirmed. Press Pay again: a retry "
                                 "never charges twice.");
                m_payment->showMessage(message, true);
                return;
            }
            Booking booking = outcome.booking;
            // At the counter the tickets name the customer as entered, or
            // no one: never the clerk (whose name the server records when
            // none is given).
            if (Protocol::mayLookUpByCode(m_session.role()))
                booking.customerName = customerName.trimmed();
            m_holds->consumed();
            m_lastBooking = booking;
            const TicketOutput::Result pdf =
                TicketOutput::savePdf(booking, m_settings.ticketPath());
            m_lastPdf = pdf.pdfPath;
            QString message =
                tr("Sold: booking %1, %2.").arg(booking.code, Money::format(booking.total));
            if (booking.payment && booking.payment->changeDue)
                message +=
                    u' ' + tr("Change due: %1.").arg(Money::format(*booking.payment->changeDue));
            message += u' ' + (pdf.pdfPath.isEmpty() ? pdf.error
                                                     : tr("Tickets saved to %1.").arg(pdf.pdfPath));
            QString printError;
            if (!m_settings.printerName.isEmpty() &&
                !TicketOutput::printTo(booking, m_settings.printerName, &printError))
                message += u' ' + printError;
            // The message once, under the map; the change large, by the till.
            m_payment->reset();
            if (booking.payment && booking.payment->changeDue)
                m_payment->showChangeDue(*booking.payment->changeDue);
            setSaleMessage(message, false);
            m_printButton->setEnabled(true);
            m_seatMap->setSelection({});
            reloadSeatMap();
            if (Protocol::mayTakeCash(m_session.role()))
                m_session.till().refresh(); // the shift's figures
        });
}

void CounterWindow::newSale()
{
    if (m_paying)
        return;
    m_seatMap->setSelection({});
    m_payment->reset();
    setSaleMessage(QString(), false);
    // The previous customer's tickets are no longer one click away.
    m_lastBooking = Booking{};
    m_printButton->setEnabled(false);
    // The next customer starts from the best seats again, two of them.
    m_bestCategory->setCurrentIndex(0);
    m_bestCount->setValue(2);
    m_browser->focusSearch();
}

void CounterWindow::updateShift()
{
    if (!Protocol::mayTakeCash(m_session.role())) {
        m_payment->setCashAllowed(false);
        return;
    }
    const TillShift &till = m_session.till();
    const bool open = till.isOpen();
    m_openShift->setEnabled(!open);
    m_closeShift->setEnabled(open);
    if (open) {
        const Shift &shift = *till.current();
        m_shiftStatus->setText(
            tr("Till %1 · shift open since %2 · expected in the drawer %3")
                .arg(shift.till,
                     QLocale().toString(shift.openedAt.toLocalTime().time(), QLocale::ShortFormat),
                     Money::format(shift.expected)));
        m_payment->setCashAllowed(true);
    } else {
        m_shiftStatus->setText(till.isKnown() ? tr("No shift open: cash is off.")
                                              : tr("Checking the till's shift…"));
        m_payment->setCashAllowed(
            false, till.isKnown()
                       ? tr("Cash needs an open shift: Till → Open shift…")
                       : tr("Cash is off until the server says this till's shift is open."));
    }
}

void CounterWindow::openShift()
{
    const QString name =
        m_settings.deviceName.isEmpty() ? QSysInfo::machineHostName() : m_settings.deviceName;
    auto *dialog = new OpenShiftDialog(m_session.till(), name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CounterWindow::closeShift()
{
    auto *dialog = new CloseShiftDialog(m_session.till(), m_settings.ticketPath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void CounterWindow::setSaleMessage(const QString &message, bool error)
{
    m_saleMessage->setText(message);
    m_saleMessage->setStyleSheet(error ? u"color: #c62828; font-weight: bold"_s : QString());
}
