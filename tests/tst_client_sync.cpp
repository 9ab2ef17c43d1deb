// The sync engine and mirror against the real server (DESIGN.md invariant 6):
// first sync, live pushes, lost pushes, a dropped connection, a restart and
// an offline start all end with the mirror equal to the server.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "HoldController.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {
// A gateway in front of the real server that passes each request on but
// answers the client 502: the server decided, the client never learns how —
// the undecided payment a timeout or a proxy's 5xx leaves behind.
class LossyGateway : public QTcpServer
{
public:
    explicit LossyGateway(quint16 serverPort)
        : m_serverPort(serverPort)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(end).split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    HttpTestClient upstream("127.0.0.1", m_serverPort);
                    m_passedOn.append(upstream.raw(*buffer, 10000).status);
                    socket->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    // The statuses the server answered to the requests passed on.
    QList<int> passedOn() const { return m_passedOn; }

private:
    quint16 m_serverPort;
    QList<int> m_passedOn;
};
} // namespace

class TestClientSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstSyncFillsTheCatalogInPages();
    void catalogChangesArriveAlone();
    void seatMapFollowsPushesAndOwnSales();
    void freeSeatsOfEventsNotOpenFollowTheStream();
    void lostPushesAreCaughtUp();
    void droppedConnectionCatchesUp();
    void silentConnectionIsDetectedAndRecovered();
    void restartFetchesOnlyWhatChanged();
    void offlineStartWorksFromTheMirrorThenCatchesUp();
    void holdAnsweredAfterItsScreenClosedIsReleased();
    void releaseIsConfirmedOrRetried();
    void undecidedPaymentIsRetriedWithTheSameKey();
    void mirrorFromANewerVersionIsRefused();
    void mirrorOfVersion4KeepsCancellationsOnceUpgraded();
    void catalogRejectsBadParameters_data();
    void catalogRejectsBadParameters();

private:
    void waitForEqual(Session &session, qint64 eventId);

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    QString m_mirrorPath;
    QByteArray m_buyer;
    qint64 m_event = 0;
    qint64 m_other = 0;
    QList<qint64> m_tickets;
    QString m_bookingCode;
};

void TestClientSync::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"client_sync"_s);
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(u"Mirror Night"_s, 10, 20);
    m_other = m_stack->createEvent(u"Zauberflöte Matinee"_s, 4, 10, 1800, u"Hamburg"_s);
    m_tickets = m_stack->ticketIds(m_event);
    m_buyer = m_stack->registerCustomer(u"buyer@example.org"_s);
    m_mirrorPath = m_dir.filePath(u"mirror.sqlite"_s);
}

void TestClientSync::waitForEqual(Session &session, qint64 eventId)
{
    qint64 version = -1;
    QTRY_VERIFY_WITH_TIMEOUT(mirrorTickets(session.mirror(), eventId) ==
                                 serverTickets(*m_stack, eventId, &version),
                             15000);
    QTRY_COMPARE_WITH_TIMEOUT(session.mirror().seatMapVersion(eventId), version, 15000);
}

void TestClientSync::firstSyncFillsTheCatalogInPages()
{
    auto session = signedInSession(*m_stack, m_mirrorPath, u"clerk@example.org"_s,
                                   Protocol::Role::Clerk, Clock::system());
    QVERIFY(session);
    QCOMPARE(session->mirror().eventCount(), 0);
    session->sync().setCatalogPageSize(1); // two events: two pages
    QSignalSpy progress(&session->sync(), &SyncEngine::catalogProgress);
    QSignalSpy synced(&session->sync(), &SyncEngine::catalogSynced);
    session->sync().start();
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, 15000);
    QVERIFY(session->sync().isOnline());
    QCOMPARE(session->mirror().eventCount(),
             int(m_stack->db().scalar("SELECT count(*) FROM events")));
    QCOMPARE(progress.size(), 2);
    QCOMPARE(progress.last().at(0).toInt(), 2);
    QCOMPARE(progress.last().at(1).toInt(), 2);
    QCOMPARE(session->mirror().catalogRevision(),
             m_stack->db().scalar("SELECT max(revision) FROM events"));

    // Search as you type: prefixes, accents ignored, venue and city.
    Mirror::Search search;
    search.text = u"zauberflo"_s;
    QCOMPARE(session->mirror().searchEvents(search).size(), 1);
    search.text = u"mirr nig"_s;
    QCOMPARE(session->mirror().searchEvents(search).value(0).id, m_event);
    search.text = u"hamburg"_s;
    QCOMPARE(session->mirror().searchEvents(search).value(0).id, m_other);
    search.text = u"nothing like this"_s;
    QVERIFY(session->mirror().searchEvents(search).isEmpty());
    // Date filters.
    search.text.clear();
    search.from = QDateTime::currentDateTimeUtc().addDays(8);
    QVERIFY(session->mirror().searchEvents(search).isEmpty());
    search.from = QDateTime::currentDateTimeUtc();
    QCOMPARE(session->mirror().searchEvents(search).size(), 2);
}

void TestClientSync::catalogChangesArriveAlone()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    m_stack->db().scalar("WITH u AS (UPDATE events SET name = 'Mirror Night Reloaded', performer = "
                         "'Papageno Ensemble' WHERE id = " +
                         std::to_string(m_other) + " RETURNING 1) SELECT count(*) FROM u");
    QSignalSpy progress(&session->sync(), &SyncEngine::catalogProgress);
    QSignalSpy synced(&session->sync(), &SyncEngine::catalogSynced);
    session->sync().start();
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, 15000);
    // Only the changed event travelled.
    QCOMPARE(progress.size(), 1);
    QCOMPARE(progress.first().at(1).toInt(), 1);
    QCOMPARE(session->mirror().event(m_other)->name, u"Mirror Night Reloaded"_s);
    Mirror::Search search;
    search.text = u"reloaded"_s;
    QCOMPARE(session->mirror().searchEvents(search).value(0).id, m_other);
    search.text = u"papageno"_s;
    QCOMPARE(session->mirror().searchEvents(search).value(0).id, m_other);
    // The old performer is gone from the index.
    search.text = u"test perf"_s;
    const QList<Event> found = session->mirror().searchEvents(search);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().id, m_event);
}

void TestClientSync::freeSeatsOfEventsNotOpenFollowTheStream()
{
    // An event in the list whose seat map this client never opened: its
    // free seats still follow the sales, from the server's count.
    const qint64 event = m_stack->createEvent(u"Counted Only"_s, 3, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    QSignalSpy changed(&session->mirror(), &Mirror::availabilityChanged);
    session->sync().start();
    QTRY_VERIFY_WITH_TIMEOUT(session->mirror().event(event).has_value(), 15000);
    QCOMPARE(session->mirror().event(event)->available, 30);
    QCOMPARE(session->mirror().seatMapVersion(event), -1);
    QVERIFY(!buy(*m_stack, m_buyer, event, {tickets[0], tickets[1], tickets[2]}).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(session->mirror().event(event)->available, 27, 5000);
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.last().at(0).value<QList<qint64>>().contains(event));
    // A hold counts too: the seats are not free.
    auto holder = m_stack->client(m_buyer);
    QCOMPARE(holder
                 ->post("/v1/event/" + QByteArray::number(event) + "/holds",
                        {{u"ticket_ids"_s, QJsonArray{tickets[5]}}})
                 .status,
             201);
    QTRY_COMPARE_WITH_TIMEOUT(session->mirror().event(event)->available, 26, 5000);
    // Still not a mirrored seat map: nothing but the count was fetched.
    QCOMPARE(session->mirror().seatMapVersion(event), -1);
}

void TestClientSync::seatMapFollowsPushesAndOwnSales()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    QSignalSpy synced(&session->sync(), &SyncEngine::seatMapSynced);
    session->sync().start();
    session->sync().watchEvent(m_event);
    QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), 15000);
    QCOMPARE(session->mirror().tickets(m_event).size(), m_tickets.size());
    waitForEqual(*session, m_event);

    // Another buyer: the push updates the mirror.
    QVERIFY(!buy(*m_stack, m_buyer, m_event, {m_tickets[0], m_tickets[1]}).isEmpty());
    waitForEqual(*session, m_event);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[0]), u"sold"_s);

    // Our own sale: hold, pay cash, the booking is remembered locally.
    HoldController holds(session->api(), Clock::system());
    holds.hold(m_event, {m_tickets[5], m_tickets[6]});
    QTRY_VERIFY_WITH_TIMEOUT(holds.hasHold(), 10000);
    waitForEqual(*session, m_event);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[5]), u"held"_s);
    Payment cash;
    cash.method = Payment::Method::Cash;
    cash.amountTendered = 6000;
    Booking booked;
    session->desk().pay(m_event, holds.holdId(), cash, u"Walk-in Wanda"_s, this,
                        [&](const PaymentOutcome &outcome) { booked = outcome.booking; });
    QTRY_VERIFY_WITH_TIMEOUT(booked.id != 0, 10000);
    holds.consumed();
    QVERIFY(booked.payment);
    QCOMPARE(booked.payment->changeDue, 1000);
    m_bookingCode = booked.code;
    QCOMPARE(session->mirror().findBookings(booked.code).size(), 1);
    QCOMPARE(session->mirror().findBookings(u"wanda"_s).size(), 1);
    // "My bookings" offline lists only the account's own: a booking the
    // clerk merely looked up is kept for lookups, not as theirs.
    const QByteArray othersCode = buy(*m_stack, m_buyer, m_event, {m_tickets[7]});
    bool looked = false;
    session->desk().lookup(QString::fromLatin1(othersCode), this,
                           [&](const QList<Booking> &, const ApiResult &) { looked = true; });
    QTRY_VERIFY(looked);
    QCOMPARE(session->mirror().findBookings(QString::fromLatin1(othersCode)).size(), 1);
    QCOMPARE(session->mirror().bookings(u"clerk@example.org"_s).size(), 1);
    QCOMPARE(session->mirror().bookings(u"clerk@example.org"_s).first().code, booked.code);
    QVERIFY(session->mirror().bookings(u"buyer@example.org"_s).isEmpty());
    waitForEqual(*session, m_event);
}

void TestClientSync::lostPushesAreCaughtUp()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    QSignalSpy synced(&session->sync(), &SyncEngine::seatMapSynced);
    session->sync().start();
    session->sync().watchEvent(m_event);
    QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), 15000);
    session->sync().loseNextPushesForTesting(2);
    for (int i = 10; i < 13; ++i)
        QVERIFY(!buy(*m_stack, m_buyer, m_event, {m_tickets[i]}).isEmpty());
    // The third push shows a gap; the catch-up fills in the two lost ones.
    waitForEqual(*session, m_event);
    for (int i = 10; i < 13; ++i)
        QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[i]), u"sold"_s);
}

void TestClientSync::droppedConnectionCatchesUp()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    QSignalSpy online(&session->sync(), &SyncEngine::onlineChanged);
    session->sync().setReconnectDelays(1500, 1500);
    session->sync().start();
    session->sync().watchEvent(m_event);
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().isOnline(), 10000);
    waitForEqual(*session, m_event);

    session->sync().dropConnectionForTesting();
    QTRY_VERIFY(!session->sync().isOnline());
    QVERIFY(session->sync().offlineSince().isValid());
    // Sold while this client is not listening.
    QVERIFY(!buy(*m_stack, m_buyer, m_event, {m_tickets[20], m_tickets[21]}).isEmpty());
    QVERIFY(!holdSeats(*m_stack, m_buyer, m_event, {m_tickets[30]}).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().isOnline(), 15000);
    waitForEqual(*session, m_event);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[21]), u"sold"_s);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[30]), u"held"_s);
    QVERIFY(online.size() >= 3); // on, off, on again
}

void TestClientSync::silentConnectionIsDetectedAndRecovered()
{
    // A server that stops answering without closing the socket (a frozen
    // process, a dead Wi-Fi) must not look online for ever.
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    session->sync().setHeartbeat(200, 1000);
    session->sync().setReconnectDelays(300, 600);
    session->sync().start();
    session->sync().watchEvent(m_event);
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().isOnline(), 10000);
    waitForEqual(*session, m_event);
    const qint64 pid = m_stack->server().pid();
    QVERIFY(pid > 0);
    ::kill(pid_t(pid), SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(!session->sync().isOnline(), 5000);
    ::kill(pid_t(pid), SIGCONT);
    QVERIFY(!buy(*m_stack, m_buyer, m_event, {m_tickets[70]}).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().isOnline(), 10000);
    waitForEqual(*session, m_event);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[70]), u"sold"_s);
}

void TestClientSync::restartFetchesOnlyWhatChanged()
{
    // The client is not running while these sell.
    QVERIFY(
        !buy(*m_stack, m_buyer, m_event, {m_tickets[40], m_tickets[41], m_tickets[42]}).isEmpty());

    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    const qint64 before = session->mirror().seatMapVersion(m_event);
    QVERIFY(before > 0);
    QSignalSpy changed(&session->mirror(), &Mirror::ticketsChanged);
    session->sync().start();
    session->sync().watchEvent(m_event);
    waitForEqual(*session, m_event);
    QVERIFY(session->mirror().seatMapVersion(m_event) > before);
    // ?since= brought the three sold seats, not the whole map of 200.
    QList<qint64> ids;
    for (const QList<QVariant> &signal : changed)
        ids += signal.at(1).value<QList<qint64>>();
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<qint64>{m_tickets[40], m_tickets[41], m_tickets[42]}));
    // No duplicates: exactly one row per ticket.
    QCOMPARE(session->mirror().tickets(m_event).size(), m_tickets.size());
}

void TestClientSync::offlineStartWorksFromTheMirrorThenCatchesUp()
{
    // A port where nothing listens: the server is unreachable.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 deadPort = probe.serverPort();
    probe.close();

    auto session =
        std::make_unique<Session>(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort)), Clock::system());
    QVERIFY(session->openMirror(m_mirrorPath, nullptr));
    QVERIFY(session->resume());
    QCOMPARE(session->role(), Protocol::Role::Clerk);
    session->sync().setReconnectDelays(300, 300);
    session->sync().start();
    session->sync().watchEvent(m_event);
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().offlineSince().isValid(), 10000);
    QVERIFY(!session->sync().isOnline());
    QVERIFY(session->sync().offlineSince().isValid());
    // Browsing, search, seat maps and known bookings still work.
    Mirror::Search search;
    search.text = u"mirror"_s;
    QCOMPARE(session->mirror().searchEvents(search).size(), 2);
    QCOMPARE(session->mirror().tickets(m_event).size(), m_tickets.size());
    QList<Booking> found;
    ApiResult answer;
    bool done = false;
    session->desk().lookup(m_bookingCode, this,
                           [&](const QList<Booking> &bookings, const ApiResult &result) {
                               found = bookings;
                               answer = result;
                               done = true;
                           });
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    QVERIFY(answer.unreachable());
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().code, m_bookingCode);

    // Sales happen meanwhile; then the network comes back.
    QVERIFY(!buy(*m_stack, m_buyer, m_event, {m_tickets[50]}).isEmpty());
    session->api().setServerUrl(serverUrl(*m_stack));
    QTRY_VERIFY_WITH_TIMEOUT(session->sync().isOnline(), 10000);
    waitForEqual(*session, m_event);
    QCOMPARE(mirrorTickets(session->mirror(), m_event).value(m_tickets[50]), u"sold"_s);
}

void TestClientSync::holdAnsweredAfterItsScreenClosedIsReleased()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    auto holds = std::make_unique<HoldController>(session->api(), Clock::system());
    holds->hold(m_event, {m_tickets[60], m_tickets[61]});
    QVERIFY(holds->isBusy());
    holds.reset(); // the window closes before the server answers
    // The hold is placed, then released at once: the seats are back on sale.
    const std::string releasedHolds =
        "SELECT count(*) FROM holds WHERE released_at IS NOT NULL AND ticket_ids @> ARRAY[" +
        std::to_string(m_tickets[60]) + ", " + std::to_string(m_tickets[61]) + "]::bigint[]";
    QTRY_COMPARE_WITH_TIMEOUT(m_stack->db().scalar(releasedHolds), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(serverTickets(*m_stack, m_event).value(m_tickets[60]), u"available"_s,
                              10000);
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[61]), u"available"_s);
}

void TestClientSync::releaseIsConfirmedOrRetried()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    HoldController holds(session->api(), Clock::system());
    holds.setRetryInterval(200);
    // A window closing waits for the server to confirm the release.
    holds.hold(m_event, {m_tickets[62]});
    QTRY_VERIFY_WITH_TIMEOUT(holds.hasHold(), 10000);
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[62]), u"held"_s);
    QVERIFY(holds.releaseAndWait(5000));
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[62]), u"available"_s);

    // A release that does not reach the server is not forgotten: the hold
    // is kept, and released once the server can be reached again.
    holds.hold(m_event, {m_tickets[63]});
    QTRY_VERIFY_WITH_TIMEOUT(holds.hasHold() && !holds.isBusy(), 10000);
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 deadPort = probe.serverPort();
    probe.close();
    session->api().setServerUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort)));
    QSignalSpy busy(&holds, &HoldController::busyChanged);
    holds.release();
    // Two release attempts have failed (each ends with busy = false) and
    // the hold is still kept for the retry.
    QTRY_VERIFY_WITH_TIMEOUT(busy.count(QList<QVariant>{false}) >= 2, 10000);
    QVERIFY(holds.hasHold());
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[63]), u"held"_s);
    session->api().setServerUrl(serverUrl(*m_stack));
    QTRY_VERIFY_WITH_TIMEOUT(!holds.hasHold(), 5000);
    QCOMPARE(serverTickets(*m_stack, m_event).value(m_tickets[63]), u"available"_s);
}

void TestClientSync::undecidedPaymentIsRetriedWithTheSameKey()
{
    auto session = resumedSession(serverUrl(*m_stack), m_mirrorPath, Clock::system());
    QVERIFY(session);
    HoldController holds(session->api(), Clock::system());
    holds.hold(m_event, {m_tickets[80], m_tickets[81]});
    QTRY_VERIFY_WITH_TIMEOUT(holds.hasHold() && !holds.isBusy(), 10000);
    const std::string bookingsOfTheseSeats =
        "SELECT count(DISTINCT booking_id) FROM booking_tickets WHERE ticket_id IN (" +
        std::to_string(m_tickets[80]) + ", " + std::to_string(m_tickets[81]) + ")";
    QCOMPARE(m_stack->db().scalar(bookingsOfTheseSeats), 0);

    // The sale reaches the server, which books it; the answer is lost.
    LossyGateway gateway(m_stack->server().port());
    QVERIFY(gateway.listen(QHostAddress::LocalHost));
    session->api().setServerUrl(QUrl(u"http://127.0.0.1:%1"_s.arg(gateway.serverPort())));
    Payment card;
    card.cardToken = u"tok_sandbox_approve"_s;
    std::optional<PaymentOutcome> first;
    session->desk().pay(m_event, holds.holdId(), card, {}, this,
                        [&](const PaymentOutcome &outcome) { first = outcome; });
    QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 15000);
    QCOMPARE(first->kind, PaymentOutcome::Kind::Unconfirmed);
    QCOMPARE(gateway.passedOn(), QList<int>{201});
    QCOMPARE(m_stack->db().scalar(bookingsOfTheseSeats), 1);

    // The clerk presses Pay again: the retry carries the same key, so the
    // server answers with the booking it made instead of selling again.
    session->api().setServerUrl(serverUrl(*m_stack));
    std::optional<PaymentOutcome> second;
    session->desk().pay(m_event, holds.holdId(), card, {}, this,
                        [&](const PaymentOutcome &outcome) { second = outcome; });
    QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 15000);
    QCOMPARE(second->kind, PaymentOutcome::Kind::Booked);
    const Booking booked = second->booking;
    QCOMPARE(m_stack->db().scalar(bookingsOfTheseSeats), 1);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM bookings WHERE id = " +
                                  std::to_string(booked.id) + " AND status = 'confirmed'"),
             1);
    QCOMPARE(booked.tickets.size(), 2);
    holds.consumed();

    // A decided answer ends the key: the next purchase is a new one.
    holds.hold(m_event, {m_tickets[82]});
    QTRY_VERIFY_WITH_TIMEOUT(holds.hasHold() && !holds.isBusy(), 10000);
    const qint64 keys = m_stack->db().scalar("SELECT count(*) FROM idempotency_keys");
    Booking next;
    session->desk().pay(m_event, holds.holdId(), card, {}, this,
                        [&](const PaymentOutcome &outcome) { next = outcome.booking; });
    QTRY_VERIFY_WITH_TIMEOUT(next.id != 0, 15000);
    QVERIFY(next.id != booked.id);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM idempotency_keys"), keys + 1);
    holds.consumed();
}

void TestClientSync::mirrorFromANewerVersionIsRefused()
{
    const QString path = m_dir.filePath(u"future.sqlite"_s);
    {
        Mirror mirror;
        QVERIFY(mirror.open(path, nullptr));
        QCOMPARE(mirror.meta(u"missing"_s), QString());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"future"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"future"_s);
    Mirror mirror;
    QString error;
    QVERIFY(!mirror.open(path, &error));
    QVERIFY2(error.contains(u"newer Boxoffice"_s), qPrintable(error));
}

void TestClientSync::mirrorOfVersion4KeepsCancellationsOnceUpgraded()
{
    // A mirror of the version before cancellations (schema 4: no cancelled
    // columns) opens, gains them, and stores what the feed says.
    const QString path = m_dir.filePath(u"schema4.sqlite"_s);
    Event event;
    event.id = 9;
    event.revision = 1;
    event.name = u"Open Air"_s;
    event.startsAt = QDateTime::currentDateTimeUtc().addDays(3);
    event.venue = Venue{4, u"Park"_s, u"Köln"_s, {}, u"arena"_s};
    {
        Mirror mirror;
        QVERIFY(mirror.open(path, nullptr));
        QVERIFY(mirror.applyCatalog(QJsonArray{event.toCatalogJson()}, 1));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"schema4"_s);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"ALTER TABLE events DROP COLUMN cancel_reason"_s));
        QVERIFY(q.exec(u"ALTER TABLE events DROP COLUMN cancelled"_s));
        QVERIFY(q.exec(u"PRAGMA user_version = 4"_s));
        q = QSqlQuery();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"schema4"_s);
    Mirror mirror;
    QString error;
    QVERIFY2(mirror.open(path, &error), qPrintable(error));
    QCOMPARE(mirror.event(9)->name, u"Open Air"_s);
    QVERIFY(!mirror.event(9)->cancelled);
    event.revision = 2;
    event.cancelled = true;
    event.cancelReason = u"Storm warning"_s;
    QVERIFY(mirror.applyCatalog(QJsonArray{event.toCatalogJson()}, 2));
    QVERIFY(mirror.event(9)->cancelled);
    QCOMPARE(mirror.event(9)->cancelReason, u"Storm warning"_s);
    // Still found by search, once (the search text was not inserted twice).
    Mirror::Search search;
    search.text = u"open air"_s;
    QCOMPARE(mirror.searchEvents(search).size(), 1);
}

void TestClientSync::catalogRejectsBadParameters_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addRow("negative since") << QByteArray("since=-1");
    QTest::addRow("since not a number") << QByteArray("since=abc");
    QTest::addRow("limit zero") << QByteArray("limit=0");
    QTest::addRow("limit too big") << QByteArray("limit=5000");
}

void TestClientSync::catalogRejectsBadParameters()
{
    QFETCH(QByteArray, query);
    auto client = m_stack->client();
    const HttpTestResponse r = client->get("/v1/catalog?" + query);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), QByteArray("invalid_parameter"));
    QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    // And the server keeps serving.
    QCOMPARE(client->get("/v1/catalog?limit=1").status, 200);
}

QTEST_GUILESS_MAIN(TestClientSync)
#include "tst_client_sync.moc"
