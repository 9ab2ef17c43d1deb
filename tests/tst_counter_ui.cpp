// The counter screen driven through its widgets against the real server:
// search → event → seats → cash → PDF ticket whose QR scans back to the
// booking code; other counters' sales appearing live; a declined card keeping
// the hold; the countdown on an injected clock; lookup and refund; offline.
#include "BookingLookup.h"
#include "ClientTestSupport.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "ErrorMessages.h"
#include "EventBrowser.h"
#include "EventListModel.h"
#include "HoldController.h"
#include "HoldCountdownLabel.h"
#include "Money.h"
#include "PaymentPanel.h"
#include "PdfCheck.h"
#include "SeatMapView.h"
#include "ShiftDialogs.h"

#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using State = SeatMapView::SeatState;

class TestCounterUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void wholeCashSaleThroughTheWidgets();
    void walkInSaleInSixInputs();
    void fitsItsDefaultSizeWithNothingSqueezed();
    void quickCashAmounts();
    void otherCountersSalesAppearOnTheOpenMap();
    void declinedCardKeepsTheHold();
    void countdownFollowsTheClockAndExpiryReleases();
    void lookupByCodeAndRefundOneTicket();
    void customerPaysByCardAndSeesOnlyTheirBookings();
    void closingAndOpeningTheTillsShift();
    void offlineKeepsBrowsingAndBlocksSelling();
    void cleanupTestCase();

private:
    template<typename T> T *child(const QString &name)
    {
        return namedChild<T>(m_window.get(), name);
    }
    void clickSeat(qint64 id);
    void waitForHold(const QList<qint64> &ids);

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<CounterWindow> m_window;
    QByteArray m_otherCounter;
    qint64 m_event = 0;
    qint64 m_concert = 0;
    QList<qint64> m_tickets;
    Booking m_sold;
};

void TestCounterUi::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"counter_ui"_s);
    QVERIFY(m_stack->start());
    m_stack->createEvent(u"Quiet Quartet"_s, 2, 5);
    m_event = m_stack->createEvent(u"Counter Gala"_s, 6, 10, 2500, u"Leipzig"_s);
    m_tickets = m_stack->ticketIds(m_event);
    // A concert hall priced like the demo's: stalls €89, circle €59, gallery €29.
    const auto section = [](const QString &name, int rows) {
        return QJsonObject{{u"name"_s, name}, {u"rows"_s, rows}, {u"seats_per_row"_s, 12}};
    };
    const auto category = [](const QString &name, int price, const QJsonArray &sections) {
        QJsonObject json{{u"name"_s, name}, {u"price"_s, price}};
        if (!sections.isEmpty())
            json.insert(u"sections"_s, sections);
        return json;
    };
    m_concert = m_stack->importEvent(
        QJsonObject{
            {u"venue"_s,
             QJsonObject{{u"name"_s, u"Great Hall"_s},
                         {u"city"_s, u"Hamburg"_s},
                         {u"kind"_s, u"concert_hall"_s},
                         {u"sections"_s, QJsonArray{section(u"Parkett"_s, 5), section(u"Rang"_s, 3),
                                                    section(u"Galerie"_s, 2)}}}},
            {u"events"_s,
             QJsonArray{QJsonObject{
                 {u"name"_s, u"Beethoven: Symphonie Nr. 9"_s},
                 {u"performer"_s, u"Hamburger Symphoniker"_s},
                 {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODate)},
                 {u"price_categories"_s,
                  QJsonArray{category(u"Kategorie 1"_s, 8900, {u"Parkett"_s}),
                             category(u"Kategorie 2"_s, 5900, {u"Rang"_s}),
                             category(u"Kategorie 3"_s, 2900, {})}}}}}},
        u"Beethoven: Symphonie Nr. 9"_s);
    m_otherCounter = m_stack->createUser(u"second-counter@example.org"_s, Protocol::Role::Clerk);
    m_clock.set(QDateTime::currentDateTimeUtc());
    m_session = signedInSession(*m_stack, m_dir.filePath(u"mirror.sqlite"_s),
                                u"clerk@example.org"_s, Protocol::Role::Clerk, m_clock);
    QVERIFY(m_session);
    m_session->sync().setReconnectDelays(200, 400);
    m_session->sync().start();
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"tickets"_s);
    m_window = std::make_unique<CounterWindow>(*m_session, settings);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // The clerk's shift is open (signedInSession): cash is on once the
    // server said so.
    QTRY_VERIFY(m_session->till().isOpen());
    QVERIFY(child<QRadioButton>(u"cashButton"_s)->isEnabled());
}

void TestCounterUi::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

void TestCounterUi::clickSeat(qint64 id)
{
    SeatMapView *map = m_window->seatMap();
    QTRY_VERIFY(map->ticket(id));
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(id));
}

void TestCounterUi::waitForHold(const QList<qint64> &ids)
{
    QTRY_VERIFY_WITH_TIMEOUT(m_window->holds().hasHold() && !m_window->holds().isBusy(), 10000);
    QList<qint64> held = m_window->holds().ticketIds();
    std::sort(held.begin(), held.end());
    QList<qint64> expected = ids;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(held, expected);
}

void TestCounterUi::wholeCashSaleThroughTheWidgets()
{
    // Search as you type, over the mirror the first sync filled.
    auto *search = child<QLineEdit>(u"searchField"_s);
    QVERIFY(search->hasFocus());
    QTest::keyClicks(search, u"counter gal"_s);
    EventListModel *events = m_window->browser()->model();
    QTRY_COMPARE_WITH_TIMEOUT(events->rowCount(), 1, 15000);
    QCOMPARE(events->eventAt(0)->id, m_event);
    QTest::keyClick(search, Qt::Key_Return); // picks the first result
    QCOMPARE(m_window->currentEventId(), m_event);
    QVERIFY(child<QLabel>(u"eventTitle"_s)->text().contains(u"Counter Gala"_s));
    QTRY_COMPARE_WITH_TIMEOUT(m_session->mirror().tickets(m_event).size(), m_tickets.size(), 10000);

    clickSeat(m_tickets[4]);
    clickSeat(m_tickets[5]);
    waitForHold({m_tickets[4], m_tickets[5]});
    // The server holds for ten minutes; the label counts down on the clock.
    const qint64 remaining = m_window->holds().remainingMs();
    QVERIFY2(remaining > 590000 && remaining <= 610000, QByteArray::number(remaining).constData());
    QTRY_COMPARE(child<QLabel>(u"holdCountdown"_s)->text(),
                 HoldCountdownLabel::format(m_window->holds().remainingMs()));
    QCOMPARE(child<QLabel>(u"totalLabel"_s)->text(), QString(u"Total "_s + Money::format(5000)));
    // The server agrees: both seats are held.
    QTRY_COMPARE(serverTickets(*m_stack, m_event).value(m_tickets[4]), u"held"_s);

    auto *pay = child<QPushButton>(u"payButton"_s);
    QTRY_VERIFY(pay->isEnabled());
    auto *tendered = child<QLineEdit>(u"tenderedField"_s);
    QTest::keyClicks(tendered, u"40"_s);
    QCOMPARE(child<QLabel>(u"changeLabel"_s)->text(), QString(Money::format(1000) + u" short"_s));
    pay->click();
    QVERIFY(child<QLabel>(u"paymentMessage"_s)
                ->text()
                .contains(QString(u"at least "_s + Money::format(5000))));
    tendered->clear();
    QTest::keyClicks(tendered, u"60"_s);
    QCOMPARE(child<QLabel>(u"changeLabel"_s)->text(), Money::format(1000));
    QTest::keyClicks(child<QLineEdit>(u"customerName"_s), u"Greta Garbo"_s);
    pay->click();
    // The seats being paid for cannot change under the payment.
    QVERIFY(!m_window->seatMap()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastBooking().id != 0, 10000);
    m_sold = m_window->lastBooking();
    QVERIFY(m_window->seatMap()->isEnabled());
    QVERIFY(m_sold.payment);
    QCOMPARE(m_sold.payment->changeDue, 1000);
    QCOMPARE(m_sold.customerName, u"Greta Garbo"_s);
    QVERIFY(child<QLabel>(u"saleMessage"_s)->text().contains(m_sold.code));
    QVERIFY(child<QLabel>(u"saleMessage"_s)
                ->text()
                .contains(QString(u"Change due: "_s + Money::format(1000))));
    QVERIFY(!m_window->holds().hasHold());
    QVERIFY(m_window->seatMap()->selection().isEmpty());

    // The truth on the server: sold, to this booking.
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[5]), u"sold"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->seatMap()->seatState(m_tickets[5]), State::Sold, 10000);

    // The PDF: a page per ticket and a receipt; every ticket's QR is its own
    // secret, the one the door admits once.
    const QString pdf = m_window->lastTicketPdf();
    QVERIFY2(QFileInfo::exists(pdf), qPrintable(pdf));
    QCOMPARE(pdfPageCount(pdf), 3);
    QTemporaryDir pages;
    const QStringList images = rasterize(pdf, pages.path());
    QCOMPARE(images.size(), 3);
    QCOMPARE(m_sold.tickets.size(), 2);
    QCOMPARE(m_sold.tickets[0].secret.size(), 20);
    QVERIFY(m_sold.tickets[0].secret != m_sold.tickets[1].secret);
    QCOMPARE(decodeQr(QImage(images[0])), m_sold.tickets[0].secret);
    QCOMPARE(decodeQr(QImage(images[1])), m_sold.tickets[1].secret);
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(u"Counter Gala"_s));
    QVERIFY(text.contains(u"Greta Garbo"_s));
    // The receipt: its number from the venue's sequence, and the VAT taken
    // out of the €50 at the venue's 7 %: €3.27, net €46.73.
    QVERIFY(m_sold.receiptNumber > 0);
    const QString receipt = pdfText(pdf, 3);
    QVERIFY2(receipt.contains(u"Receipt no."_s), qPrintable(receipt));
    QVERIFY(receipt.contains(QString::number(m_sold.receiptNumber)));
    QVERIFY2(receipt.contains(
                 u"incl. VAT 7 % on %1 (net %2)"_s.arg(Money::format(5000), Money::format(4673))),
             qPrintable(receipt));
    QVERIFY(receipt.contains(Money::format(327)));
}

// The issue's walk-in sale, "2 good seats for Beethoven tomorrow, cash, €100
// tendered", typed on a fresh counter screen. Each typed word, key or click
// counts as one input; the seats must fit the €100, so the clerk asks for
// the cheapest seats rather than the best (€178).
void TestCounterUi::fitsItsDefaultSizeWithNothingSqueezed()
{
    // The window opens at 1280 × 800: everything fits in it, and the best
    // available choice reads whole ("Best seats, any price", not "Best sea…").
    m_window->resize(1280, 800);
    QVERIFY2(m_window->minimumSizeHint().width() <= 1280,
             qPrintable(QString::number(m_window->minimumSizeHint().width())));
    m_window->openEvent(m_concert);
    auto *best = child<QComboBox>(u"bestCategory"_s);
    QTRY_VERIFY(best->count() > 2);
    QTRY_COMPARE(m_window->width(), 1280);
    QTRY_VERIFY2(best->width() >= best->sizeHint().width(),
                 qPrintable(u"%1 < %2"_s.arg(best->width()).arg(best->sizeHint().width())));
    QVERIFY(best->sizeHint().width() > best->fontMetrics().horizontalAdvance(best->itemText(0)));
    QVERIFY(m_window->browser()->width() >= 250);
    m_window->openEvent(m_event);
}

void TestCounterUi::walkInSaleInSixInputs()
{
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"walk-in"_s);
    CounterWindow window(*m_session, settings);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const auto named = [&](const QString &name) { return window.findChild<QWidget *>(name); };
    int inputs = 0;
    const auto type = [&](const QString &text) {
        QTest::keyClicks(QApplication::focusWidget(), text);
        ++inputs;
    };
    const auto press = [&](Qt::Key key) {
        QTest::keyClick(QApplication::focusWidget(), key);
        ++inputs;
    };

    QCOMPARE(QApplication::focusWidget(), named(u"searchField"_s));
    type(u"beethoven"_s);
    QTRY_COMPARE_WITH_TIMEOUT(window.browser()->model()->rowCount(), 1, 15000);
    press(Qt::Key_Return);
    QCOMPARE(window.currentEventId(), m_concert);
    QTRY_COMPARE_WITH_TIMEOUT(m_session->mirror().tickets(m_concert).size(), 10 * 12, 10000);
    QTRY_VERIFY(window.seatMap()->ticket(m_session->mirror().tickets(m_concert).constLast().id));
    QCOMPARE(QApplication::focusWidget(), named(u"bestCategory"_s));
    press(Qt::Key_Down);
    auto *category = window.findChild<QComboBox *>(u"bestCategory"_s);
    QCOMPARE(category->currentText(), u"Cheapest seats"_s);
    QCOMPARE(category->count(), 5); // best, cheapest, up to each category's price
    QCOMPARE(category->itemText(3), u"Up to %1 (Kategorie 2)"_s.arg(Money::format(5900)));
    press(Qt::Key_Return);
    QCOMPARE(window.seatMap()->selection().size(), 2);
    QCOMPARE(QApplication::focusWidget(), named(u"tenderedField"_s));
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    QTRY_VERIFY(named(u"payButton"_s)->isEnabled());
    type(u"100"_s);
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(window.lastBooking().id != 0, 10000);
    QVERIFY2(inputs <= 6, QByteArray::number(inputs).constData());

    // The server's truth: two gallery seats at €29, sold; €42 back.
    const Booking booking = window.lastBooking();
    QCOMPARE(booking.tickets.size(), 2);
    QCOMPARE(booking.total, 5800);
    QVERIFY(booking.payment);
    QCOMPARE(booking.payment->changeDue, 4200);
    const QMap<qint64, QString> server = serverTickets(*m_stack, m_concert);
    for (const BookedTicket &ticket : booking.tickets)
        QCOMPARE(server.value(ticket.id), u"sold"_s);
    // The change large by the till; the result said once.
    auto *changeDue = window.findChild<QLabel *>(u"changeDueDisplay"_s);
    QVERIFY(changeDue->isVisible());
    QVERIFY(changeDue->text().contains(Money::format(4200)));
    QVERIFY(changeDue->font().pointSizeF() >= 2 * window.font().pointSizeF());
    auto *saleMessage = window.findChild<QLabel *>(u"saleMessage"_s);
    QCOMPARE(saleMessage->text().count(u"Sold: booking "_s + booking.code), 1);
    QVERIFY(window.findChild<QLabel *>(u"paymentMessage"_s)->text().isEmpty());
    auto *print = window.findChild<QPushButton *>(u"printButton"_s);
    QVERIFY(print->isEnabled());
    // No name was given: the tickets name no one, not the signed-in clerk.
    QVERIFY(booking.customerName.isEmpty());
    const QString tickets = pdfText(window.lastTicketPdf());
    QVERIFY(tickets.contains(u"Beethoven"_s));
    QVERIFY2(!tickets.contains(m_session->userName()), qPrintable(m_session->userName()));

    // New sale: nothing of the last customer, and no printing their tickets.
    window.findChild<QPushButton *>(u"newSaleButton"_s)->click();
    QVERIFY(!print->isEnabled());
    QVERIFY(!changeDue->isVisible());
    QVERIFY(saleMessage->text().isEmpty());
    QCOMPARE(window.lastBooking().id, 0);
    QCOMPARE(category->currentIndex(), 0); // the best seats again
    QCOMPARE(QApplication::focusWidget(), named(u"searchField"_s));
    // Tendered is one shortcut away from anywhere (Alt+T).
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_T, Qt::AltModifier);
    QCOMPARE(QApplication::focusWidget(), named(u"tenderedField"_s));

    // Too little tendered, then Esc: no stale error next to an empty basket.
    window.findChild<QPushButton *>(u"bestButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    auto *pay = window.findChild<QPushButton *>(u"payButton"_s);
    QTRY_VERIFY(pay->isEnabled());
    auto *tendered = window.findChild<QLineEdit *>(u"tenderedField"_s);
    QTest::keyClicks(tendered, u"100"_s);
    pay->click();
    auto *paymentMessage = window.findChild<QLabel *>(u"paymentMessage"_s);
    QVERIFY(paymentMessage->text().contains(u"at least"_s));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(window.seatMap()->selection().isEmpty());
    QVERIFY(paymentMessage->text().isEmpty());
    QVERIFY(tendered->text().isEmpty());
    QVERIFY(window.findChild<QLabel *>(u"changeLabel"_s)->text().isEmpty());
    QCOMPARE(window.findChild<QLabel *>(u"totalLabel"_s)->text(),
             QString(u"Total "_s + Money::format(0)));
    QTRY_VERIFY_WITH_TIMEOUT(!window.holds().hasHold(), 10000);
    window.close();
}

void TestCounterUi::quickCashAmounts()
{
    // Exact, then the next note up and the round amounts after it.
    QCOMPARE(PaymentPanel::quickCashAmounts(5800), (QList<Cents>{5800, 6000, 10000, 20000}));
    QCOMPARE(PaymentPanel::quickCashAmounts(5000), (QList<Cents>{5000, 6000, 10000, 20000}));
    QCOMPARE(PaymentPanel::quickCashAmounts(0), QList<Cents>{});
    // A button fills the Tendered field.
    PaymentPanel panel;
    Event event;
    PriceCategory standard{1, u"Standard"_s, 2900, u"#4caf50"_s, std::nullopt};
    event.priceCategories = {standard};
    Ticket seat;
    seat.price = 2900;
    seat.priceCategoryId = 1;
    panel.setSeats(event, {seat, seat});
    auto *sixty = panel.findChild<QPushButton *>(u"quickCashButton1"_s);
    QCOMPARE(sixty->text(), Money::format(6000));
    sixty->click();
    QCOMPARE(panel.findChild<QLabel *>(u"changeLabel"_s)->text(), Money::format(200));
}

void TestCounterUi::otherCountersSalesAppearOnTheOpenMap()
{
    SeatMapView *map = m_window->seatMap();
    QCOMPARE(map->seatState(m_tickets[20]), State::Available);
    // No click here: the stream brings another counter's hold and sale.
    QVERIFY(!holdSeats(*m_stack, m_otherCounter, m_event, {m_tickets[20]}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(map->seatState(m_tickets[20]), State::HeldByOthers, 5000);
    QVERIFY(!buy(*m_stack, m_otherCounter, m_event, {m_tickets[21]}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(map->seatState(m_tickets[21]), State::Sold, 5000);
    // The event list's free count follows too, without a new search.
    EventListModel *events = m_window->browser()->model();
    const QMap<qint64, QString> server = serverTickets(*m_stack, m_event);
    const auto freeSeats = std::count(server.cbegin(), server.cend(), u"available"_s);
    QTRY_VERIFY_WITH_TIMEOUT(events->data(events->index(events->rowOf(m_event)), Qt::DisplayRole)
                                 .toString()
                                 .endsWith(u" · %1 free"_s.arg(freeSeats)),
                             5000);
    // What is painted changes too.
    const QImage image = map->grab().toImage();
    const QPoint centre = map->seatCenter(m_tickets[21]) + QPoint(0, 6);
    QCOMPARE(image.pixelColor(centre * image.devicePixelRatio()).name(),
             SeatMapView::stateColor(State::Sold).name());
}

void TestCounterUi::declinedCardKeepsTheHold()
{
    clickSeat(m_tickets[30]);
    waitForHold({m_tickets[30]});
    child<QRadioButton>(u"cardButton"_s)->click();
    auto *token = child<QComboBox>(u"cardToken"_s);
    token->setCurrentIndex(token->findData(u"tok_sandbox_decline"_s));
    auto *pay = child<QPushButton>(u"payButton"_s);
    QTRY_VERIFY(pay->isEnabled());
    const QString holdId = m_window->holds().holdId();
    pay->click();
    auto *message = child<QLabel>(u"paymentMessage"_s);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(u"Payment failed"_s), 10000);
    QVERIFY(message->text().contains(u"stay held"_s));
    // The client's own words for the code, not the server's text.
    QVERIFY2(message->text().contains(ErrorMessages::text(ErrorCode::CardDeclined, QString())),
             qPrintable(message->text()));
    QCOMPARE(m_window->holds().holdId(), holdId);
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[30]), u"held"_s);
    QCOMPARE(m_window->seatMap()->selection(), (QList<qint64>{m_tickets[30]}));

    token->setCurrentIndex(token->findData(u"tok_sandbox_approve"_s));
    pay->click();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastBooking().tickets.value(0).id == m_tickets[30], 10000);
    QCOMPARE(m_window->lastBooking().paymentMethod, u"card"_s);
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[30]), u"sold"_s);
    child<QRadioButton>(u"cashButton"_s)->click();
}

void TestCounterUi::countdownFollowsTheClockAndExpiryReleases()
{
    m_clock.set(QDateTime::currentDateTimeUtc());
    clickSeat(m_tickets[40]);
    waitForHold({m_tickets[40]});
    auto *countdown = child<QLabel>(u"holdCountdown"_s);
    m_clock.advance(9 * 60 * 1000 + 30 * 1000);
    QTRY_VERIFY(countdown->text().startsWith(u"Seats held for 0:"_s));
    QVERIFY(countdown->styleSheet().contains(u"#c62828"_s)); // red in the last minute
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[40]), u"held"_s);
    m_clock.advance(60 * 1000);
    QTRY_VERIFY(!m_window->holds().hasHold());
    // The server's hold had time left by its own clock: the client released
    // it, so the seat is back on sale now, not in ten minutes.
    QTRY_COMPARE_WITH_TIMEOUT(serverTickets(*m_stack, m_event).value(m_tickets[40]), u"available"_s,
                              10000);
    QVERIFY(m_window->seatMap()->selection().isEmpty());
    QVERIFY(child<QLabel>(u"saleMessage"_s)->text().contains(u"hold ran out"_s));
    QVERIFY(!child<QPushButton>(u"payButton"_s)->isEnabled());
    m_clock.set(QDateTime::currentDateTimeUtc());
}

void TestCounterUi::lookupByCodeAndRefundOneTicket()
{
    auto *tabs = child<QTabWidget>(u"tabs"_s);
    // Ctrl+L: the bookings tab, with the cursor in its search field.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(tabs->currentWidget(), m_window->lookup());
    auto *field = child<QLineEdit>(u"lookupField"_s);
    QCOMPARE(QApplication::focusWidget(), field);
    QTest::keyClicks(QApplication::focusWidget(), m_sold.code.toLower());
    QTest::keyClick(field, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->lookup()->results().size(), 1, 10000);
    auto *tree = child<QTreeWidget>(u"lookupResults"_s);
    QTreeWidgetItem *booking = tree->topLevelItem(0);
    QCOMPARE(booking->childCount(), 2);
    QVERIFY(!child<QPushButton>(u"cancelTicketsButton"_s)->isEnabled());
    booking->child(1)->setCheckState(0, Qt::Checked);
    QString asked;
    m_window->lookup()->setConfirm([&](QWidget *, const QString &question) {
        asked = question;
        return true;
    });
    auto *cancel = child<QPushButton>(u"cancelTicketsButton"_s);
    QVERIFY(cancel->isEnabled());
    cancel->click();
    QVERIFY(asked.contains(m_sold.code));
    // The question names the seat and the refund.
    const BookedTicket &second = m_sold.tickets[1];
    QVERIFY2(
        asked.contains(u"%1 · row %2 · seat %3"_s.arg(second.section, second.row).arg(second.seat)),
        qPrintable(asked));
    QVERIFY2(asked.contains(u"refund "_s + Money::format(2500)), qPrintable(asked));
    QVERIFY(!asked.contains(
        u"%1 · row %2 · seat %3"_s.arg(m_sold.tickets[0].section, m_sold.tickets[0].row)
            .arg(m_sold.tickets[0].seat)));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->lookup()->results().value(0).status,
                              u"partially_cancelled"_s, 10000);
    // In words, with the event's date in a column of its own, and the event's
    // name not cut.
    booking = tree->topLevelItem(0);
    QCOMPARE(tree->headerItem()->text(2), u"Date"_s);
    QCOMPARE(booking->text(4), u"partly cancelled"_s);
    QCOMPARE(booking->text(1), u"Counter Gala"_s);
    QCOMPARE(booking->text(2),
             QLocale().toString(m_sold.startsAt.toLocalTime(), QLocale::ShortFormat));
    QVERIFY(tree->columnWidth(1) >= tree->fontMetrics().horizontalAdvance(booking->text(1)));
    QVERIFY(child<QLabel>(u"lookupStatus"_s)
                ->text()
                .contains(QString(u"Refund "_s + Money::format(2500))));
    const qint64 refunded = m_sold.tickets[1].id;
    QCOMPARE(serverTickets(*m_stack, m_event).value(refunded), u"available"_s);
    // Back on sale on the open map too.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->seatMap()->seatState(refunded), State::Available, 5000);

    // Reprint the remaining ticket.
    tree->setCurrentItem(tree->topLevelItem(0));
    child<QPushButton>(u"reprintButton"_s)->click();
    const QString pdf = m_window->lookup()->lastPdf();
    QVERIFY(QFileInfo::exists(pdf));
    QCOMPARE(pdfPageCount(pdf), 2); // one valid ticket + receipt
    tabs->setCurrentIndex(0);
}

void TestCounterUi::customerPaysByCardAndSeesOnlyTheirBookings()
{
    // A customer account gets the same sale screen, card only, and "my bookings".
    m_stack->registerCustomer(u"carla@example.org"_s, u"Carla Customer"_s);
    auto customer = std::make_unique<Session>(serverUrl(*m_stack), Clock::system());
    QVERIFY(customer->openMirror(m_dir.filePath(u"customer.sqlite"_s), nullptr));
    bool signedIn = false;
    customer->login(u"carla@example.org"_s, u"correct horse"_s, this,
                    [&](const ApiResult &result) { signedIn = result.ok(); });
    QTRY_VERIFY(signedIn);
    QCOMPARE(customer->role(), Protocol::Role::Customer);
    customer->sync().start();
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"customer-tickets"_s);
    CounterWindow window(*customer, settings);
    window.show();
    QVERIFY(!window.findChild<QRadioButton *>(u"cashButton"_s)->isEnabled());
    QVERIFY(window.findChild<QRadioButton *>(u"cardButton"_s)->isChecked());
    QVERIFY(!window.findChild<QLineEdit *>(u"lookupField"_s)); // no lookup of others
    QTRY_VERIFY_WITH_TIMEOUT(customer->mirror().event(m_event).has_value(), 10000);
    window.openEvent(m_event);
    SeatMapView *map = window.seatMap();
    QTRY_VERIFY_WITH_TIMEOUT(map->ticket(m_tickets[55]), 10000);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(m_tickets[55]));
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    auto *pay = window.findChild<QPushButton *>(u"payButton"_s);
    QTRY_VERIFY(pay->isEnabled());
    pay->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.lastBooking().id != 0, 10000);
    QCOMPARE(window.lastBooking().customerName, u"Carla Customer"_s);

    window.findChild<QTabWidget *>(u"tabs"_s)->setCurrentWidget(window.lookup());
    QTRY_COMPARE_WITH_TIMEOUT(window.lookup()->results().size(), 1, 10000);
    QCOMPARE(window.lookup()->results().first().code, window.lastBooking().code);
    window.close();
}

// The end of the clerk's shift: the figures, the cash counted, the
// difference, the closing stored on the server and saved as a PDF; then cash
// is off until a new shift is opened with its float.
void TestCounterUi::closingAndOpeningTheTillsShift()
{
    // The figures as they are now (a refund came after the last sale).
    QSignalSpy refreshed(&m_session->till(), &TillShift::changed);
    m_session->till().refresh();
    QTRY_VERIFY(refreshed.count() > 0);
    QVERIFY(m_session->till().isOpen());
    const Shift before = *m_session->till().current();
    QVERIFY(before.cashSales > 0); // the cash sales of the tests before
    QCOMPARE(before.expected, before.floatCents + before.cashSales - before.cashRefunds);
    QVERIFY(m_window->closeShiftAction()->isEnabled());
    QVERIFY(!m_window->openShiftAction()->isEnabled());
    m_window->closeShiftAction()->trigger();
    CloseShiftDialog *closing = nullptr;
    QTRY_VERIFY((closing = m_window->findChild<CloseShiftDialog *>()) != nullptr);
    QTRY_VERIFY(namedChild<QLabel>(closing, u"shiftFigures"_s)
                    ->text()
                    .contains(Money::format(before.expected).toHtmlEscaped()));
    // 50 cents short, as typed.
    auto *counted = namedChild<QLineEdit>(closing, u"countedField"_s);
    QTest::keyClicks(counted, QLocale().toString((before.expected - 50) / 100.0, 'f', 2));
    QVERIFY2(namedChild<QLabel>(closing, u"differenceLabel"_s)
                 ->text()
                 .contains(u"Cash short "_s + Money::format(50)),
             qPrintable(namedChild<QLabel>(closing, u"differenceLabel"_s)->text()));
    QTest::keyClicks(namedChild<QLineEdit>(closing, u"noteField"_s), u"coin dropped"_s);
    namedChild<QPushButton>(closing, u"closeShiftButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!closing->pdfPath().isEmpty(), 10000);
    QVERIFY(namedChild<QPushButton>(closing, u"printClosingButton"_s)->isVisible());
    // Stored on the server as counted, once.
    QCOMPARE(m_stack->db().scalar("SELECT counted_cents - expected_cents FROM shifts WHERE id = " +
                                  std::to_string(before.id)),
             -50);
    // The printable closing.
    const QString text = pdfText(closing->pdfPath());
    QVERIFY2(text.contains(u"Shift closing"_s), qPrintable(text));
    QVERIFY(text.contains(before.till));
    QVERIFY(text.contains(Money::format(before.expected)));
    QVERIFY(text.contains(u"Cash short "_s + Money::format(50)));
    QVERIFY(text.contains(u"coin dropped"_s));
    closing->reject();

    // Cash is off, and says how to turn it on; card still works.
    auto *cash = child<QRadioButton>(u"cashButton"_s);
    QTRY_VERIFY(!cash->isEnabled());
    QVERIFY(child<QRadioButton>(u"cardButton"_s)->isChecked());
    QVERIFY(child<QLabel>(u"cashNote"_s)->text().contains(u"Open shift"_s));
    QVERIFY(m_window->shiftStatus()->text().contains(u"No shift open"_s));
    QVERIFY(m_window->openShiftAction()->isEnabled());

    // A new shift with a float of 150.
    m_window->openShiftAction()->trigger();
    OpenShiftDialog *opening = nullptr;
    QTRY_VERIFY((opening = m_window->findChild<OpenShiftDialog *>()) != nullptr);
    auto *till = namedChild<QLineEdit>(opening, u"tillName"_s);
    till->clear();
    QTest::keyClicks(till, u"Counter 7"_s);
    QTest::keyClicks(namedChild<QLineEdit>(opening, u"floatField"_s), u"abc"_s);
    namedChild<QPushButton>(opening, u"openShiftButton"_s)->click();
    QVERIFY(namedChild<QLabel>(opening, u"shiftMessage"_s)->text().contains(u"float"_s));
    namedChild<QLineEdit>(opening, u"floatField"_s)->clear();
    QTest::keyClicks(namedChild<QLineEdit>(opening, u"floatField"_s), u"150"_s);
    namedChild<QPushButton>(opening, u"openShiftButton"_s)->click();
    QTRY_VERIFY_WITH_TIMEOUT(cash->isEnabled(), 10000);
    QVERIFY(m_window->shiftStatus()->text().contains(u"Counter 7"_s));
    QCOMPARE(m_session->till().current()->floatCents, 15000);
    QCOMPARE(m_stack->db().text("SELECT till FROM shifts WHERE closed_at IS NULL AND user_id = "
                                "(SELECT id FROM users WHERE email = 'clerk@example.org')"),
             u"Counter 7"_s);
}

void TestCounterUi::offlineKeepsBrowsingAndBlocksSelling()
{
    clickSeat(m_tickets[50]);
    waitForHold({m_tickets[50]});
    QCOMPARE(m_stack->server().terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->sync().isOnline(), 10000);
    auto *banner = child<QLabel>(u"statusBanner"_s);
    QTRY_VERIFY(banner->isVisible());
    QVERIFY(banner->text().startsWith(u"Offline since"_s));
    auto *pay = child<QPushButton>(u"payButton"_s);
    QVERIFY(!pay->isEnabled());
    QVERIFY(pay->toolTip().contains(u"Offline"_s));
    // Nothing typed is lost; the selection stays.
    QCOMPARE(m_window->seatMap()->selection(), (QList<qint64>{m_tickets[50]}));
    // Search still answers from the mirror.
    auto *search = child<QLineEdit>(u"searchField"_s);
    search->clear();
    QTest::keyClicks(search, u"quiet"_s);
    QCOMPARE(m_window->browser()->model()->rowCount(), 1);
    // Lookup of a known booking works offline, cancelling does not.
    child<QTabWidget>(u"tabs"_s)->setCurrentWidget(m_window->lookup());
    m_window->lookup()->search(m_sold.code);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(u"lookupStatus"_s)->text().startsWith(u"Offline"_s),
                             20000);
    QCOMPARE(m_window->lookup()->results().size(), 1);
    QVERIFY(!child<QPushButton>(u"cancelBookingButton"_s)->isEnabled());
}

QTEST_MAIN(TestCounterUi)
#include "tst_counter_ui.moc"
