// The counter screen driven through its widgets against the real server:
// search → event → seats → cash → PDF ticket whose QR scans back to the
// booking code; other counters' sales appearing live; a declined card keeping
// the hold; the countdown on an injected clock; lookup and refund; offline.
#include "BookingLookup.h"
#include "ClientTestSupport.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "EventBrowser.h"
#include "EventListModel.h"
#include "HoldController.h"
#include "HoldCountdownLabel.h"
#include "Money.h"
#include "PdfCheck.h"
#include "SeatMapView.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QRadioButton>
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
    void otherCountersSalesAppearOnTheOpenMap();
    void declinedCardKeepsTheHold();
    void countdownFollowsTheClockAndExpiryReleases();
    void lookupByCodeAndRefundOneTicket();
    void customerPaysByCardAndSeesOnlyTheirBookings();
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

    // The PDF: a page per ticket and a receipt; every ticket's QR is the code.
    const QString pdf = m_window->lastTicketPdf();
    QVERIFY2(QFileInfo::exists(pdf), qPrintable(pdf));
    QCOMPARE(pdfPageCount(pdf), 3);
    QTemporaryDir pages;
    const QStringList images = rasterize(pdf, pages.path());
    QCOMPARE(images.size(), 3);
    QCOMPARE(decodeQr(QImage(images[0])), m_sold.code);
    QCOMPARE(decodeQr(QImage(images[1])), m_sold.code);
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(u"Counter Gala"_s));
    QVERIFY(text.contains(u"Greta Garbo"_s));
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
    tabs->setCurrentWidget(m_window->lookup());
    auto *field = child<QLineEdit>(u"lookupField"_s);
    QTest::keyClicks(field, m_sold.code.toLower());
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
    QTRY_COMPARE_WITH_TIMEOUT(m_window->lookup()->results().value(0).status,
                              u"partially_cancelled"_s, 10000);
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
