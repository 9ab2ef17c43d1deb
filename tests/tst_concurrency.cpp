// Many real buyers at once, over HTTP, on overlapping seats: no seat is ever
// sold twice, every 2xx booking is in the database, and the books balance —
// with Redis healthy, flushed mid-run, or stopped mid-run (invariants 1, 2,
// 4).
#include "TestStack.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QtTest>
#include <atomic>
#include <latch>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace {
constexpr int Buyers = 16;
constexpr int AttemptsPerBuyer = 40;
const QJsonObject ApprovedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_approve"_s}};

// One request that took seats (a hold or a sale) or was refused them, with
// when it was on the wire, to show that buyers really raced.
struct Attempt
{
    std::chrono::steady_clock::time_point sent, answered;
    QList<qint64> ticketIds;
    bool won;
};

struct StormResult
{
    QList<StormSale> sales;
    QList<Attempt> attempts;
    int conflicts = 0;
    QList<QByteArray> unexpected;
};

QList<qint64> idsOf(const QJsonArray &array)
{
    QList<qint64> out;
    for (const QJsonValue &v : array)
        out.append(v.toInteger());
    return out;
}

// Refusals that were on the wire while a request that won one of the same
// seats was: proof the conflicts came from racing, not from buyers arriving
// after the seat was gone.
int racedConflicts(const QList<Attempt> &attempts)
{
    int raced = 0;
    for (const Attempt &lost : attempts) {
        if (lost.won)
            continue;
        for (const Attempt &won : attempts) {
            const bool sameSeat =
                std::any_of(lost.ticketIds.begin(), lost.ticketIds.end(),
                            [&](qint64 id) { return won.ticketIds.contains(id); });
            if (won.won && sameSeat && lost.sent < won.answered && won.sent < lost.answered) {
                ++raced;
                break;
            }
        }
    }
    return raced;
}
} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void overlappingBuyersNeverDoubleSell();
    void redisFlushedMidRun();
    void redisStoppedMidRun();
    void concurrentReplaysGiveOneBooking();
    void concurrentReplaysWithDifferentBodies();

private:
    // Every buyer books (or holds then books) random 1–3 seats among the
    // event's first poolSize tickets, all starting at the same moment.
    StormResult storm(qint64 eventId, int poolSize, const std::function<void()> &midRun = {});
    void verifyBooks(qint64 eventId, const StormResult &result);

    std::unique_ptr<TestStack> m_stack;
    QList<QByteArray> m_buyers;
};

void TestConcurrency::initTestCase()
{
    m_stack = std::make_unique<TestStack>(
        u"concurrency"_s,
        QStringList{u"--workers"_s, u"8"_s, u"--max-held-seats-per-user"_s, u"1000"_s});
    QVERIFY(m_stack->start());
    for (int i = 0; i < Buyers; ++i) {
        m_buyers.append(m_stack->registerCustomer(u"buyer%1@example.org"_s.arg(i)));
        QVERIFY(!m_buyers.last().isEmpty());
    }
}

StormResult TestConcurrency::storm(qint64 eventId, int poolSize,
                                   const std::function<void()> &midRun)
{
    const QList<qint64> pool = m_stack->ticketIds(eventId).mid(0, poolSize);
    const quint16 port = m_stack->server().port();
    StormResult result;
    std::mutex mutex;
    std::latch start(Buyers + 1);
    std::atomic<int> finished{0};
    std::atomic<int> salesSoFar{0};
    std::vector<std::thread> threads;
    for (int b = 0; b < Buyers; ++b) {
        threads.emplace_back([&, b] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(m_buyers.at(b));
            QRandomGenerator random(static_cast<quint32>(b * 7919 + eventId));
            start.arrive_and_wait();
            for (int attempt = 0; attempt < AttemptsPerBuyer; ++attempt) {
                const QJsonArray seats = randomSeats(random, pool);
                // Half the buyers hold first, like a counter or kiosk would.
                const bool byHold = b % 2 == 0;
                const Purchase purchase = TestStack::purchase(client, eventId, seats, byHold);
                std::lock_guard lock(mutex);
                if (const auto &hold = purchase.hold) {
                    const int status = hold->response.status;
                    if (status == 201 || status == 409)
                        result.attempts.append(
                            {hold->sent, hold->answered, idsOf(seats), status == 201});
                    if (status == 409)
                        ++result.conflicts;
                    else if (status != 201)
                        result.unexpected.append(QByteArray::number(status) + ' ' +
                                                 hold->response.body);
                }
                if (!purchase.booking)
                    continue;
                const HttpTestResponse &r = purchase.booking->response;
                const auto sent = purchase.booking->sent;
                const auto answered = purchase.booking->answered;
                if (r.status == 201) {
                    const StormSale sale = StormSale::from(*purchase.booking);
                    result.sales.append(sale);
                    ++salesSoFar;
                    if (!byHold)
                        result.attempts.append({sent, answered, sale.ticketIds, true});
                } else if (r.status == 409 && !byHold) {
                    ++result.conflicts;
                    result.attempts.append({sent, answered, idsOf(seats), false});
                } else {
                    // Includes a 409 on the buyer's own granted hold: a hold
                    // is a promise, and losing it (say, with Redis flushed
                    // or stopped) is a defect, not an ordinary conflict.
                    result.unexpected.append(
                        (byHold ? "booking from own hold: "_ba : QByteArray()) +
                        QByteArray::number(r.status) + ' ' + r.body);
                }
            }
            ++finished;
        });
    }
    start.arrive_and_wait();
    if (midRun) {
        // Let the storm get going, then disturb it.
        while (finished.load() == 0 && salesSoFar.load() < 20) {
            std::this_thread::yield();
            QThread::msleep(5);
        }
        midRun();
    }
    for (std::thread &t : threads)
        t.join();
    return result;
}

void TestConcurrency::verifyBooks(qint64 eventId, const StormResult &result)
{
    QVERIFY2(result.unexpected.isEmpty(), result.unexpected.value(0).constData());
    QVERIFY(!result.sales.isEmpty());
    QVERIFY(result.conflicts > 0);
    // The storm really fought over seats: refusals happened while the
    // winning request for the same seat was still in flight.
    const int raced = racedConflicts(result.attempts);
    QVERIFY2(raced > 0, "no conflict overlapped in time with the request that won its seat");

    const QString wrong = m_stack->checkSales(eventId, result.sales);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
    TestDatabase &db = m_stack->db();
    const std::string e = std::to_string(eventId);
    // checkSales found the sold tickets to be the acknowledged ones.
    const qint64 sold =
        db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e);
    // The books balance: sold + available + held is every seat, and the
    // event's available counter agrees with the tickets.
    const qint64 total = db.scalar("SELECT count(*) FROM tickets WHERE event_id = " + e);
    const qint64 available =
        db.scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND event_id = " + e);
    const qint64 held =
        db.scalar("SELECT count(*) FROM tickets WHERE status = 'held' AND event_id = " + e);
    QCOMPARE(sold + available + held, total);
    QCOMPARE(db.scalar("SELECT available FROM events WHERE id = " + e), available);
    // Every version handed out is accounted for, in order, by the tickets.
    QVERIFY(db.scalar("SELECT max(version) FROM tickets WHERE event_id = " + e) <=
            db.scalar("SELECT version FROM events WHERE id = " + e));
    qInfo("%lld bookings, %d conflicts (%d raced), %lld seats sold of %lld",
          static_cast<long long>(result.sales.size()), result.conflicts, raced,
          static_cast<long long>(sold), static_cast<long long>(total));
}

void TestConcurrency::overlappingBuyersNeverDoubleSell()
{
    const qint64 event = m_stack->createEvent(u"Rush One"_s, 20, 25);
    const StormResult result = storm(event, 150);
    verifyBooks(event, result);
}

void TestConcurrency::redisFlushedMidRun()
{
    const qint64 event = m_stack->createEvent(u"Rush Two"_s, 20, 25);
    std::atomic<bool> stop{false};
    std::thread flusher;
    const StormResult result = storm(event, 150, [&] {
        flusher = std::thread([&] {
            while (!stop) {
                m_stack->redis().flushAll();
                QThread::msleep(10);
            }
        });
    });
    stop = true;
    flusher.join();
    verifyBooks(event, result);
}

void TestConcurrency::redisStoppedMidRun()
{
    const qint64 event = m_stack->createEvent(u"Rush Three"_s, 20, 25);
    const StormResult result = storm(event, 150, [&] { m_stack->redis().stop(); });
    verifyBooks(event, result);
    auto c = m_stack->client();
    QCOMPARE(c->get("/healthz").json().value(u"redis"_s).toString(), u"down"_s);
    QVERIFY(m_stack->redis().start());
    QTRY_COMPARE_WITH_TIMEOUT(c->get("/healthz").json().value(u"redis"_s).toString(), u"ok"_s,
                              10000);
}

void TestConcurrency::concurrentReplaysGiveOneBooking()
{
    const qint64 event = m_stack->createEvent(u"Replay"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    const QByteArray key = TestStack::idempotencyKey();
    const QJsonObject body{{u"ticket_ids"_s, QJsonArray{tickets[0], tickets[1]}},
                           {u"payment_details"_s, ApprovedCard}};
    constexpr int Replays = 12;
    std::latch start(Replays);
    std::vector<HttpTestResponse> responses(Replays);
    std::vector<std::thread> threads;
    for (int i = 0; i < Replays; ++i) {
        threads.emplace_back([&, i] {
            HttpTestClient client("127.0.0.1", m_stack->server().port());
            client.setToken(m_buyers.first());
            start.arrive_and_wait();
            responses[static_cast<size_t>(i)] =
                client.post("/v1/event/" + QByteArray::number(event) + "/bookings", body,
                            {{"Idempotency-Key", key}});
        });
    }
    for (std::thread &t : threads)
        t.join();
    for (const HttpTestResponse &r : responses) {
        QCOMPARE(r.status, 201);
        QCOMPARE(r.body, responses.front().body);
    }
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM bookings WHERE event_id = " +
                                  std::to_string(event)),
             1);
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " +
                             std::to_string(event)),
        2);
}

void TestConcurrency::concurrentReplaysWithDifferentBodies()
{
    const qint64 event = m_stack->createEvent(u"Replay Two"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    const QByteArray key = TestStack::idempotencyKey();
    constexpr int Replays = 8;
    std::latch start(Replays);
    std::vector<HttpTestResponse> responses(Replays);
    std::vector<std::thread> threads;
    for (int i = 0; i < Replays; ++i) {
        threads.emplace_back([&, i] {
            HttpTestClient client("127.0.0.1", m_stack->server().port());
            client.setToken(m_buyers.at(1));
            const QJsonObject body{{u"ticket_ids"_s, QJsonArray{tickets[i]}},
                                   {u"payment_details"_s, ApprovedCard}};
            start.arrive_and_wait();
            responses[static_cast<size_t>(i)] =
                client.post("/v1/event/" + QByteArray::number(event) + "/bookings", body,
                            {{"Idempotency-Key", key}});
        });
    }
    for (std::thread &t : threads)
        t.join();
    int created = 0;
    for (const HttpTestResponse &r : responses) {
        if (r.status == 201)
            ++created;
        else
            QCOMPARE(r.errorCode(), "idempotency_key_reused"_ba);
    }
    QCOMPARE(created, 1);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM bookings WHERE event_id = " +
                                  std::to_string(event)),
             1);
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
