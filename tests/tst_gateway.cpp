// Two boxoffice-server instances behind real nginx, configured with the
// gateway example's own locations (resources/gateway): a booking storm
// through the gateway sells no seat twice; a sale through one instance
// reaches stream subscribers of the other and of the gateway; one instance
// killed mid-storm, the buyers carry on through the other, every
// acknowledged booking is in the database, and a client's stream reconnects
// through the gateway and converges (issue 12; invariants 1, 3, 4, 6).
#include "ClientTestSupport.h"
#include "Clock.h"
#include "Nginx.h"
#include "StreamTestClient.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <latch>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace {
constexpr int Buyers = 12;
constexpr int AttemptsPerBuyer = 30;
// What both instances run with: the gateway's address is trusted for
// X-Forwarded-For, as the example's comments say.
const QStringList InstanceArguments{u"--trusted-proxies"_s, u"127.0.0.1"_s,
                                    u"--max-held-seats-per-user"_s, u"1000"_s};

struct Acknowledged
{
    qint64 bookingId;
    QList<qint64> ticketIds;
};

struct StormOutcome
{
    QList<Acknowledged> bookings;
    int refused = 0; // 409 seats_unavailable: lost the race
    int retried = 0; // answers that said "try again with the same key"
    int acknowledgedAfterKill = 0;
    QList<QByteArray> unexpected;
};

// An answer after which the buyer sends the same request with the same
// Idempotency-Key again: no answer, the gateway found no instance, or the
// first attempt of this key is still being decided.
bool undecided(const HttpTestResponse &r)
{
    return r.status == 0 || r.status == 502 || r.status == 503 || r.status == 504 ||
           r.errorCode() == "request_in_progress";
}

QString arrayLiteral(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return u"ARRAY["_s + parts.join(u',') + u"]::bigint[]"_s;
}
} // namespace

class TestGateway : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bothInstancesServeThroughTheGateway();
    void clientAddressPassesTheGateway();
    void stormThroughTheGatewaySellsNoSeatTwice();
    void saleThroughOneInstanceReachesSubscribersOfTheOther();
    void buyersCarryOnWhenAnInstanceDies();

private:
    // Buyers book 1–3 random seats among the first poolSize tickets through
    // the gateway, all at once; `midRun` runs once `acknowledgedBefore`
    // bookings were acknowledged. The main thread keeps its event loop
    // running meanwhile (for stream clients).
    StormOutcome storm(qint64 eventId, int poolSize, int acknowledgedBefore = 0,
                       const std::function<void()> &midRun = {});
    // No seat in two acknowledged bookings; each acknowledged booking is
    // confirmed in the database with its seats; the sold seats of the event
    // that no buyer saw acknowledged are at most `inDoubt`.
    void verifyBooks(qint64 eventId, const StormOutcome &outcome, int inDoubt);
    // A counter or gauge from an instance's /metrics (without labels).
    static qint64 metric(const TestServer &instance, const QByteArray &name);

    std::unique_ptr<TestStack> m_stack; // instance 1, the database and Redis
    std::unique_ptr<TestServer> m_second;
    Nginx m_gateway;
    QList<QByteArray> m_buyers;
    QTemporaryDir m_dir;
};

void TestGateway::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"gateway"_s, InstanceArguments);
    QVERIFY(m_stack->start());
    m_second = std::make_unique<TestServer>(m_stack->db(), m_stack->redis(), InstanceArguments);
    QVERIFY(m_second->start());
    // The example's upstream, pointed at the two instances; its locations
    // file as shipped. Plain HTTP: TLS is nginx's own business.
    const QString upstream = u"  upstream boxoffice {\n"
                             "    least_conn;\n"
                             "    server 127.0.0.1:%1 max_fails=1 fail_timeout=5s;\n"
                             "    server 127.0.0.1:%2 max_fails=1 fail_timeout=5s;\n"
                             "    keepalive 32;\n"
                             "  }\n"_s.arg(m_stack->server().port())
                                 .arg(m_second->port());
    QVERIFY2(m_gateway.start(upstream,
                             u"    include %1/resources/gateway/boxoffice-locations.conf;\n"_s.arg(
                                 QStringLiteral(BOXOFFICE_SOURCE_DIR)),
                             "/healthz"),
             m_gateway.errorLog().constData());
    HttpTestClient client("127.0.0.1", m_gateway.port());
    for (int i = 0; i < Buyers; ++i) {
        const HttpTestResponse r =
            client.post("/v1/auth/register", {{u"email"_s, u"gateway-buyer%1@example.org"_s.arg(i)},
                                              {u"password"_s, u"correct horse"_s},
                                              {u"name"_s, u"Buyer %1"_s.arg(i)}});
        QCOMPARE(r.status, 201);
        m_buyers.append(r.json().value(u"token"_s).toString().toUtf8());
    }
}

qint64 TestGateway::metric(const TestServer &instance, const QByteArray &name)
{
    // /metrics answers direct connections from this machine.
    const QByteArray metrics = instance.client()->get("/metrics").body;
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).trimmed().toLongLong();
    }
    return -1;
}

void TestGateway::bothInstancesServeThroughTheGateway()
{
    // The example's /metrics is not for the internet.
    HttpTestClient client("127.0.0.1", m_gateway.port());
    QCOMPARE(client.get("/metrics").status, 404);
    QCOMPARE(client.get("/healthz").json().value(u"postgres"_s).toString(), u"ok"_s);
    // The stream's WebSocket upgrade passes the gateway.
    const qint64 event = m_stack->createEvent(u"Gateway Hello"_s, 2, 5);
    StreamTestClient stream(m_gateway.port());
    QVERIFY(stream.waitConnected());
    stream.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(stream.ofType(u"subscribed"_s).size(), 1);
}

void TestGateway::clientAddressPassesTheGateway()
{
    // nginx adds the address it saw to X-Forwarded-For, and the instances
    // trust it: a client at 203.0.113.7 (behind its own proxy here, as the
    // test's clients all come from 127.0.0.1, which the suite exempts from
    // the limits) gets its own sign-up limit, 5 an hour.
    HttpTestClient client("127.0.0.1", m_gateway.port());
    const auto signUp = [&](int n, const QByteArray &forwardedFor) {
        QList<std::pair<QByteArray, QByteArray>> headers;
        if (!forwardedFor.isEmpty())
            headers.append({"X-Forwarded-For", forwardedFor});
        return client
            .post("/v1/auth/register",
                  {{u"email"_s, u"gateway-signup%1@example.org"_s.arg(n)},
                   {u"password"_s, u"correct horse"_s},
                   {u"name"_s, u"Sign-up %1"_s.arg(n)}},
                  headers)
            .status;
    };
    for (int n = 0; n < 5; ++n)
        QCOMPARE(signUp(n, "203.0.113.7"), 201);
    QCOMPARE(signUp(5, "203.0.113.7"), 429);
    // Another address, and this machine, are not limited by it.
    QCOMPARE(signUp(6, "203.0.113.8"), 201);
    QCOMPARE(signUp(7, {}), 201);
}

StormOutcome TestGateway::storm(qint64 eventId, int poolSize, int acknowledgedBefore,
                                const std::function<void()> &midRun)
{
    const QList<qint64> pool = m_stack->ticketIds(eventId).mid(0, poolSize);
    const QByteArray path = "/v1/event/" + QByteArray::number(eventId) + "/bookings";
    const quint16 port = m_gateway.port();
    StormOutcome outcome;
    std::mutex mutex;
    std::latch start(Buyers);
    std::atomic<int> finished{0};
    std::atomic<int> acknowledged{0};
    std::atomic<bool> disturbed{false};
    std::vector<std::thread> threads;
    for (int b = 0; b < Buyers; ++b) {
        threads.emplace_back([&, b] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(m_buyers.at(b));
            QRandomGenerator random(static_cast<quint32>(b * 104729 + eventId));
            start.arrive_and_wait();
            for (int attempt = 0; attempt < AttemptsPerBuyer; ++attempt) {
                const QJsonArray seats = randomSeats(random, pool);
                const QJsonObject body{{u"ticket_ids"_s, seats},
                                       {u"payment_details"_s,
                                        QJsonObject{{u"method"_s, u"card"_s},
                                                    {u"card_token"_s, u"tok_sandbox_approve"_s}}}};
                // One key for this purchase, however often it is sent.
                const QByteArray key = TestStack::idempotencyKey();
                HttpTestResponse r;
                for (int send = 0; send < 200; ++send) {
                    r = client.post(path, body, {{"Idempotency-Key", key}});
                    if (!undecided(r))
                        break;
                    std::lock_guard lock(mutex);
                    ++outcome.retried;
                    QThread::msleep(20);
                }
                std::lock_guard lock(mutex);
                if (r.status == 201) {
                    Acknowledged booking{r.json().value(u"id"_s).toInteger(), {}};
                    for (const QJsonValue &t : r.json().value(u"tickets"_s).toArray())
                        booking.ticketIds.append(t.toObject().value(u"id"_s).toInteger());
                    outcome.bookings.append(booking);
                    if (disturbed)
                        ++outcome.acknowledgedAfterKill;
                    ++acknowledged;
                } else if (r.errorCode() == "seats_unavailable") {
                    ++outcome.refused;
                } else {
                    outcome.unexpected.append(QByteArray::number(r.status) + ' ' + r.body);
                }
            }
            ++finished;
        });
    }
    // The main thread's event loop keeps running: the stream clients and
    // sessions of the test live on it.
    while (finished.load() < Buyers) {
        if (midRun && !disturbed && acknowledged.load() >= acknowledgedBefore) {
            midRun();
            disturbed = true;
        }
        QTest::qWait(5);
    }
    for (std::thread &t : threads)
        t.join();
    return outcome;
}

void TestGateway::verifyBooks(qint64 eventId, const StormOutcome &outcome, int inDoubt)
{
    QVERIFY2(outcome.unexpected.isEmpty(), outcome.unexpected.value(0).constData());
    QVERIFY(!outcome.bookings.isEmpty());
    QVERIFY(outcome.refused > 0); // the buyers really fought over seats
    QSet<qint64> seats;
    QList<qint64> bookingIds;
    for (const Acknowledged &booking : outcome.bookings) {
        for (qint64 id : booking.ticketIds) {
            QVERIFY2(!seats.contains(id), qPrintable(u"seat %1 acknowledged twice"_s.arg(id)));
            seats.insert(id);
        }
        bookingIds.append(booking.bookingId);
    }
    const std::string e = std::to_string(eventId);
    const std::string acknowledged = arrayLiteral(bookingIds).toStdString();
    const TestDatabase &db = m_stack->db();
    // Every acknowledged booking is confirmed, with exactly its seats sold.
    QCOMPARE(db.scalar("SELECT count(*) FROM bookings WHERE status = 'confirmed' AND id = ANY(" +
                       acknowledged + ")"),
             bookingIds.size());
    QCOMPARE(db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = ANY(" +
                       acknowledged + ")"),
             seats.size());
    // No seat in two live bookings.
    QCOMPARE(db.scalar("SELECT count(*) FROM (SELECT ticket_id FROM booking_tickets WHERE "
                       "cancelled_at IS NULL GROUP BY ticket_id HAVING count(*) > 1) AS twice"),
             0);
    // Sold but never acknowledged: only what was in flight when an instance
    // died (its answer lost, and the retry refused before the commit was
    // visible).
    const qint64 sold =
        db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e);
    QVERIFY2(sold >= seats.size() && sold - seats.size() <= 3 * inDoubt,
             qPrintable(u"%1 seats sold, %2 acknowledged"_s.arg(sold).arg(seats.size())));
    qInfo("%lld bookings acknowledged (%d after the kill), %d refused, %d retried; %lld seats "
          "sold, %lld acknowledged",
          static_cast<long long>(outcome.bookings.size()), outcome.acknowledgedAfterKill,
          outcome.refused, outcome.retried, static_cast<long long>(sold),
          static_cast<long long>(seats.size()));
}

void TestGateway::stormThroughTheGatewaySellsNoSeatTwice()
{
    const qint64 before1 = metric(m_stack->server(), "boxoffice_bookings_total");
    const qint64 before2 = metric(*m_second, "boxoffice_bookings_total");
    const qint64 event = m_stack->createEvent(u"Gateway Rush"_s, 20, 25);
    const StormOutcome outcome = storm(event, 120);
    verifyBooks(event, outcome, 0);
    // The gateway spread the sales over both instances.
    QVERIFY(metric(m_stack->server(), "boxoffice_bookings_total") > before1);
    QVERIFY(metric(*m_second, "boxoffice_bookings_total") > before2);
}

void TestGateway::saleThroughOneInstanceReachesSubscribersOfTheOther()
{
    const qint64 event = m_stack->createEvent(u"Gateway Fan-out"_s, 4, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    StreamTestClient onSecond(m_second->port());
    StreamTestClient throughGateway(m_gateway.port());
    for (StreamTestClient *stream : {&onSecond, &throughGateway}) {
        QVERIFY(stream->waitConnected());
        stream->send({{u"subscribe"_s, QJsonArray{event}}});
        QTRY_COMPARE(stream->ofType(u"subscribed"_s).size(), 1);
    }
    // Sold through instance 1 directly.
    auto first = m_stack->server().client(m_buyers.at(0));
    QCOMPARE(TestStack::bookWithCard(*first, event, {tickets[0], tickets[1]}).status, 201);
    for (StreamTestClient *stream : {&onSecond, &throughGateway}) {
        QTRY_COMPARE(stream->ofType(u"tickets"_s).size(), 1);
        const QJsonObject push = stream->ofType(u"tickets"_s).first();
        QCOMPARE(push.value(u"version"_s).toInteger(), 1);
        QCOMPARE(push.value(u"tickets"_s).toArray().size(), 2);
        QCOMPARE(push.value(u"tickets"_s).toArray().first().toObject().value(u"status"_s),
                 u"sold"_s);
    }
}

void TestGateway::buyersCarryOnWhenAnInstanceDies()
{
    const qint64 event = m_stack->createEvent(u"Gateway Failover"_s, 20, 25);
    // A counter's client, through the gateway, with the event's seat map
    // open: its stream lands on one instance or the other.
    auto session =
        signedInSession(*m_stack, m_dir.filePath(u"mirror.sqlite"_s),
                        u"gateway-clerk@example.org"_s, Protocol::Role::Clerk, Clock::system(),
                        true, QUrl(u"http://127.0.0.1:%1"_s.arg(m_gateway.port())));
    QVERIFY(session);
    session->sync().setReconnectDelays(200, 500);
    session->sync().start();
    session->sync().watchEvent(event);
    QTRY_VERIFY_WITH_TIMEOUT(mirrorTickets(session->mirror(), event).size() == 500, 10000);

    // The instance to kill: the one the client's stream is connected to
    // (the earlier tests' streams are gone once only one is left).
    const auto streams = [](const TestServer &instance) {
        return metric(instance, "boxoffice_websocket_clients");
    };
    QTRY_COMPARE(streams(m_stack->server()) + streams(*m_second), 1);
    TestServer *victim = streams(m_stack->server()) == 1 ? &m_stack->server() : m_second.get();
    QSignalSpy online(&session->sync(), &SyncEngine::onlineChanged);
    const StormOutcome outcome = storm(event, 300, 20, [victim] { victim->kill(); });
    verifyBooks(event, outcome, Buyers);
    QVERIFY2(outcome.acknowledgedAfterKill > 0, "nobody bought anything after the kill");

    // The client's stream reconnected through the gateway and caught up:
    // its mirror has exactly the seats the database has sold.
    const TestDatabase &db = m_stack->db();
    const auto soldInMirror = [&] {
        qint64 sold = 0;
        for (const QString &status : mirrorTickets(session->mirror(), event))
            sold += status == u"sold"_s ? 1 : 0;
        return sold;
    };
    const std::string e = std::to_string(event);
    const qint64 sold =
        db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e);
    QTRY_COMPARE_WITH_TIMEOUT(soldInMirror(), sold, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(session->mirror().seatMapVersion(event),
                              db.scalar("SELECT version FROM events WHERE id = " + e), 15000);
    // It did lose its stream with the instance, and came back.
    QVERIFY(!online.isEmpty());
    QCOMPARE(online.first().first().toBool(), false);
    QTRY_VERIFY(session->sync().isOnline());
}

QTEST_MAIN(TestGateway)
#include "tst_gateway.moc"
