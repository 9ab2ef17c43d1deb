// A customer in front of a famous on-sale's waiting room, through the
// widgets, against the real server: the seat map waits behind the queue's
// panel with the place and an estimate that follow the stream; once admitted
// the map opens and the pass gets holds and the booking through. A hold
// refused for want of a pass queues and holds the same seats on admission.
// Staff are never queued.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "HoldController.h"
#include "PaymentPanel.h"
#include "SeatMapView.h"
#include "WaitingRoomClient.h"
#include "WaitingRoomPanel.h"

#include <QJsonDocument>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace {

QByteArray queuePath(qint64 eventId)
{
    return "/v1/event/" + QByteArray::number(eventId) + "/queue";
}

bool setRoom(HttpTestClient &admin, qint64 eventId, bool enabled, double rate)
{
    const QJsonObject body{{u"enabled"_s, enabled}, {u"admit_per_second"_s, rate}};
    return admin
               .request("PUT"_ba, queuePath(eventId),
                        QJsonDocument(body).toJson(QJsonDocument::Compact),
                        {{"Content-Type", "application/json"}})
               .status == 200;
}

} // namespace

class TestQueueUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void waitTexts();
    void customerWaitsThenPicksSeats();
    void refusedHoldQueuesAndHoldsTheSameSeats();
    void staffAreNeverQueued();

private:
    std::unique_ptr<Session> customer(const QString &email);

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    std::unique_ptr<HttpTestClient> m_admin;
};

void TestQueueUi::initTestCase()
{
    // English as the app loads it: with its plurals.
    auto *english = new QTranslator(this);
    QVERIFY(english->load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(english);
    m_stack = std::make_unique<TestStack>(u"queue_ui"_s);
    QVERIFY(m_stack->start());
    m_admin = m_stack->client(m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin));
}

std::unique_ptr<Session> TestQueueUi::customer(const QString &email)
{
    auto session = signedInSession(*m_stack, m_dir.filePath(email + u".sqlite"_s), email,
                                   Protocol::Role::Customer, Clock::system());
    if (session) {
        session->sync().setReconnectDelays(200, 400);
        session->sync().start();
    }
    return session;
}

void TestQueueUi::waitTexts()
{
    QCOMPARE(WaitingRoomPanel::waitText(20), u"Less than a minute to wait."_s);
    QCOMPARE(WaitingRoomPanel::waitText(150), u"About 3 minutes to wait."_s);
    QCOMPARE(WaitingRoomPanel::waitText(60), u"About 1 minute to wait."_s);
    QCOMPARE(WaitingRoomPanel::waitText(2 * 3600 + 5 * 60), u"About 2 h 05 min to wait."_s);
}

void TestQueueUi::customerWaitsThenPicksSeats()
{
    const qint64 event = m_stack->createEvent(u"Famous On-Sale"_s, 4, 10);
    const QList<qint64> seats = m_stack->ticketIds(event);
    // One buyer a second, and four already in the queue.
    QVERIFY(setRoom(*m_admin, event, true, 1));
    const QList<QByteArray> ahead = m_stack->createCustomers(4, u"ahead"_s);
    for (const QByteArray &token : ahead)
        QCOMPARE(m_stack->client(token)->post(queuePath(event), {}).status, 201);

    auto session = customer(u"fan@example.org"_s);
    QVERIFY(session);
    QList<qint64> positions;
    connect(&session->queue(), &WaitingRoomClient::changed, this, [&] {
        if (session->queue().state() == WaitingRoomClient::State::Waiting)
            positions.append(session->queue().place().standing.position);
    });
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"fan-tickets"_s);
    CounterWindow window(*session, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(session->mirror().event(event).has_value(), 10000);
    window.openEvent(event);

    // The queue's panel instead of the seat map: the place, an estimate,
    // progress; nothing to pick or pay meanwhile.
    WaitingRoomPanel *panel = window.waitingRoomPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->isVisible(), 10000);
    QVERIFY(!window.seatMap()->isVisible());
    auto *position = panel->findChild<QLabel *>(u"queuePosition"_s);
    QTRY_VERIFY_WITH_TIMEOUT(position->text().contains(u"in the queue"_s), 10000);
    QVERIFY2(!positions.isEmpty() && positions.first() >= 2,
             qPrintable(QString::number(positions.value(0))));
    QVERIFY(panel->findChild<QLabel *>(u"queueEstimate"_s)->text().endsWith(u"to wait."_s));
    QVERIFY(!window.findChild<QPushButton *>(u"bestButton"_s)->isEnabled());
    QVERIFY(window.findChild<QPushButton *>(u"payButton"_s)->toolTip().contains(u"queue"_s));

    // Admitted: the map opens by itself, with when the turn ends.
    QTRY_VERIFY_WITH_TIMEOUT(window.seatMap()->isVisible(), 20000);
    QVERIFY(!panel->isVisible());
    QCOMPARE(session->queue().state(), WaitingRoomClient::State::Admitted);
    QVERIFY(!session->api().queuePass(event).isEmpty());
    QVERIFY(window.findChild<QLabel *>(u"saleMessage"_s)->text().contains(u"your turn"_s));
    // The place moved while it waited, never back, pushed by the stream
    // (the poll is every 15 s, longer than the whole wait).
    QVERIFY2(positions.size() >= 2, qPrintable(QString::number(positions.size())));
    QVERIFY(positions.last() < positions.first());
    QVERIFY(std::is_sorted(positions.rbegin(), positions.rend()));

    // With the pass the hold and the booking go through (without it the
    // server refuses a customer's hold while the room is on).
    SeatMapView *map = window.seatMap();
    QTRY_VERIFY_WITH_TIMEOUT(map->ticket(seats[5]), 10000);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(seats[5]));
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    auto *pay = window.findChild<QPushButton *>(u"payButton"_s);
    QTRY_VERIFY(pay->isEnabled());
    pay->click();
    QTRY_VERIFY_WITH_TIMEOUT(window.lastBooking().id != 0, 10000);
    QCOMPARE(window.lastBooking().tickets.size(), 1);
    window.close();
}

void TestQueueUi::refusedHoldQueuesAndHoldsTheSameSeats()
{
    const qint64 event = m_stack->createEvent(u"Sudden Rush"_s, 4, 10);
    const QList<qint64> seats = m_stack->ticketIds(event);
    auto session = customer(u"late@example.org"_s);
    QVERIFY(session);
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"late-tickets"_s);
    CounterWindow window(*session, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(session->mirror().event(event).has_value(), 10000);
    window.openEvent(event);
    // No room yet: straight to the seats.
    SeatMapView *map = window.seatMap();
    QTRY_VERIFY_WITH_TIMEOUT(map->ticket(seats[12]), 10000);
    QTRY_COMPARE(session->queue().state(), WaitingRoomClient::State::Off);
    QVERIFY(map->isVisible());

    // The room goes on while the customer looks at the map; a buyer is ahead.
    QVERIFY(setRoom(*m_admin, event, true, 1));
    const QList<QByteArray> ahead = m_stack->createCustomers(1, u"rush"_s);
    QCOMPARE(m_stack->client(ahead.first())->post(queuePath(event), {}).status, 201);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(seats[12]));
    QTRY_VERIFY_WITH_TIMEOUT(window.waitingRoomPanel()->isVisible(), 10000);
    QVERIFY(!window.holds().hasHold());
    // Admitted: the seat picked before is held without picking it again.
    QTRY_VERIFY_WITH_TIMEOUT(map->isVisible(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    QCOMPARE(window.holds().ticketIds(), (QList<qint64>{seats[12]}));
    QCOMPARE(window.holds().eventId(), event);
    window.close();
}

void TestQueueUi::staffAreNeverQueued()
{
    const qint64 event = m_stack->createEvent(u"Desk Sale"_s, 3, 10);
    const QList<qint64> seats = m_stack->ticketIds(event);
    QVERIFY(setRoom(*m_admin, event, true, 0.01));
    auto clerk = signedInSession(*m_stack, m_dir.filePath(u"clerk.sqlite"_s),
                                 u"clerk@example.org"_s, Protocol::Role::Clerk, Clock::system());
    QVERIFY(clerk);
    clerk->sync().start();
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"clerk-tickets"_s);
    CounterWindow window(*clerk, settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(clerk->mirror().event(event).has_value(), 10000);
    window.openEvent(event);
    SeatMapView *map = window.seatMap();
    QTRY_VERIFY_WITH_TIMEOUT(map->ticket(seats[3]), 10000);
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(seats[3]));
    QTRY_VERIFY_WITH_TIMEOUT(window.holds().hasHold() && !window.holds().isBusy(), 10000);
    QVERIFY(!window.waitingRoomPanel()->isVisible());
    QCOMPARE(clerk->queue().state(), WaitingRoomClient::State::Off);
    window.close();
}

QTEST_MAIN(TestQueueUi)
#include "tst_queue_ui.moc"
