// Redis behind Sentinel: the server finds the master through the sentinels,
// and when the master dies mid-storm it keeps selling, sells no seat twice,
// and moves to the promoted replica (DESIGN.md invariants 1 and 2).
#include "Redis.h"
#include "TestStack.h"
#include "TicketLedger.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QtTest>
#include <atomic>
#include <latch>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QByteArray MasterName = "mymaster";
constexpr int Buyers = 12;

// Ports in a range of their own, away from the ephemeral ones the kernel
// hands to client sockets, so a port probed free stays free.
quint16 freePort()
{
    static int next = 56000 + static_cast<int>(::getpid() % 200) * 4;
    for (; next < 57000; ++next) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, static_cast<quint16>(next)))
            return static_cast<quint16>(next++);
    }
    return 0;
}

QByteArray cli(quint16 port, const QStringList &arguments)
{
    QProcess process;
    process.start(u"redis-cli"_s, QStringList{u"-p"_s, QString::number(port)} + arguments);
    process.waitForFinished(5000);
    return process.readAllStandardOutput().trimmed();
}

// A master, its replica and three sentinels watching them, each a child
// process on a port of its own, their files in a directory of their own.
class SentinelSet
{
public:
    ~SentinelSet()
    {
        for (auto &process : m_processes) {
            process->kill();
            process->waitForFinished(5000);
        }
    }

    bool start()
    {
        masterPort = freePort();
        replicaPort = freePort();
        const QStringList common{u"--bind"_s,       u"127.0.0.1"_s, u"--save"_s, u""_s,
                                 u"--appendonly"_s, u"no"_s,        u"--dir"_s,  m_dir.path()};
        if (!launch(QStringList{u"--port"_s, QString::number(masterPort), u"--dbfilename"_s,
                                u"master.rdb"_s} +
                    common))
            return false;
        if (!launch(QStringList{u"--port"_s, QString::number(replicaPort), u"--dbfilename"_s,
                                u"replica.rdb"_s, u"--replicaof"_s, u"127.0.0.1"_s,
                                QString::number(masterPort)} +
                    common))
            return false;
        for (int i = 0; i < 3; ++i) {
            const quint16 port = freePort();
            // Sentinel rewrites its file with what it learns: one each.
            QFile conf(m_dir.filePath(u"sentinel%1.conf"_s.arg(i)));
            if (!conf.open(QIODevice::WriteOnly))
                return false;
            conf.write("port " + QByteArray::number(port) +
                       "\nbind 127.0.0.1\n"
                       "sentinel monitor " +
                       MasterName + " 127.0.0.1 " + QByteArray::number(masterPort) +
                       " 2\n"
                       "sentinel down-after-milliseconds " +
                       MasterName +
                       " 1000\n"
                       "sentinel failover-timeout " +
                       MasterName + " 5000\n");
            conf.close();
            if (!launch({conf.fileName(), u"--sentinel"_s}))
                return false;
            sentinelPorts.append(port);
        }
        for (quint16 port : sentinelPorts + QList<quint16>{masterPort, replicaPort}) {
            if (!QTest::qWaitFor([&] { return cli(port, {u"PING"_s}) == "PONG"; }, 10000))
                return false;
        }
        return true;
    }

    // A failover needs the replica in sync and the sentinels knowing it
    // and each other (they find out through the master within seconds).
    bool ready() const
    {
        if (!cli(replicaPort, {u"INFO"_s, u"replication"_s}).contains("master_link_status:up"))
            return false;
        for (quint16 port : sentinelPorts) {
            const QList<QByteArray> fields =
                cli(port, {u"SENTINEL"_s, u"master"_s, QString::fromLatin1(MasterName)})
                    .split('\n');
            QHash<QByteArray, QByteArray> master;
            for (qsizetype i = 0; i + 1 < fields.size(); i += 2)
                master.insert(fields[i].trimmed(), fields[i + 1].trimmed());
            if (master.value("num-slaves") != "1" || master.value("num-other-sentinels") != "2")
                return false;
        }
        return true;
    }

    // The port the sentinels name as the master (0: none or they disagree).
    quint16 namedMasterPort() const
    {
        QByteArray agreed;
        for (quint16 port : sentinelPorts) {
            const QByteArray named = cli(port, {u"SENTINEL"_s, u"get-master-addr-by-name"_s,
                                                QString::fromLatin1(MasterName)});
            if (!agreed.isEmpty() && named != agreed)
                return 0;
            agreed = named;
        }
        return static_cast<quint16>(agreed.split('\n').value(1).trimmed().toUInt());
    }

    QString sentinelsArgument() const
    {
        QStringList addresses;
        for (quint16 port : sentinelPorts)
            addresses.append(u"127.0.0.1:"_s + QString::number(port));
        return addresses.join(u',');
    }

    QList<RedisEndpoint> sentinelEndpoints() const
    {
        QList<RedisEndpoint> endpoints;
        for (quint16 port : sentinelPorts)
            endpoints.append({"127.0.0.1", port});
        return endpoints;
    }

    // SIGKILL: no goodbye to the replica or the sentinels.
    void killMaster()
    {
        m_processes.front()->kill();
        m_processes.front()->waitForFinished(5000);
    }

    quint16 masterPort = 0;
    quint16 replicaPort = 0;
    QList<quint16> sentinelPorts;

private:
    bool launch(const QStringList &arguments)
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->start(u"redis-server"_s, arguments);
        if (!process->waitForStarted(5000))
            return false;
        m_processes.push_back(std::move(process));
        return true;
    }

    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

struct StormResult
{
    QList<StormSale> sales;
    int conflicts = 0;
    QList<QByteArray> unexpected;
};
} // namespace

class TestRedisSentinel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sentinelsNameTheMaster();
    void failoverMidStormSellsNoSeatTwice();

private:
    // Buyers book (half of them hold first) 1–3 random seats of the event
    // until stopAfterKill says enough; killMaster runs once the storm is
    // under way.
    StormResult storm(qint64 eventId, const std::function<void()> &killMaster,
                      const std::function<bool(const StormResult &)> &stopAfterKill);
    // Holds one more spare seat and says whether its key is in the Redis on
    // this port.
    bool holdLeavesKeyOn(quint16 port);

    std::unique_ptr<SentinelSet> m_redis;
    std::unique_ptr<TestStack> m_stack;
    QList<QByteArray> m_buyers;
    qint64 m_spareEvent = 0;
    QList<qint64> m_spareSeats;
    QByteArray m_lastHold; // what the last holdLeavesKeyOn() saw
};

void TestRedisSentinel::initTestCase()
{
    m_redis = std::make_unique<SentinelSet>();
    QVERIFY(m_redis->start());
    QTRY_VERIFY_WITH_TIMEOUT(m_redis->ready(), 30000);
    QCOMPARE(m_redis->namedMasterPort(), m_redis->masterPort);

    m_stack = std::make_unique<TestStack>(u"redis_sentinel"_s,
                                          QStringList{u"--port"_s, QString::number(freePort()),
                                                      u"--max-held-seats-per-user"_s, u"1000"_s});
    // --redis names nothing that runs: the sentinels must be what is used.
    QVERIFY(m_stack->startWithRedis({u"--redis"_s, u"127.0.0.1:1"_s, u"--redis-sentinels"_s,
                                     m_redis->sentinelsArgument(), u"--redis-master"_s,
                                     QString::fromLatin1(MasterName)}));
    m_buyers = m_stack->createCustomers(Buyers, u"sentinel-buyer"_s);
    // Each check takes a seat: enough for a minute of checks.
    m_spareEvent = m_stack->createEvent(u"Spare Seats"_s, 20, 60);
    m_spareSeats = m_stack->ticketIds(m_spareEvent);
}

void TestRedisSentinel::sentinelsNameTheMaster()
{
    const RedisEndpoint master{"127.0.0.1", m_redis->masterPort};
    const RedisEndpoint nobody{"127.0.0.1", freePort()};
    // The first that answers, in order; one down is no matter.
    QVERIFY(Redis::askSentinels(m_redis->sentinelEndpoints(), MasterName) == master);
    QVERIFY(Redis::askSentinels(QList{nobody} + m_redis->sentinelEndpoints(), MasterName) ==
            master);
    QVERIFY(!Redis::askSentinels({nobody}, MasterName));
    QVERIFY(!Redis::askSentinels(m_redis->sentinelEndpoints(), "nosuchmaster"));

    // A Redis object behind the sentinels writes to the master.
    Redis redis(RedisAddress{.sentinels = m_redis->sentinelEndpoints(), .masterName = MasterName});
    QVERIFY(redis.ping());
    QVERIFY(redis.command({"SET", "bo:test:sentinel", "1"}));
    QCOMPARE(cli(m_redis->masterPort, {u"GET"_s, u"bo:test:sentinel"_s}), "1");

    // A replica refuses writes (READONLY): a failed command, not an answer,
    // and the connection waits its second before trying again.
    RedisAddress replicaAddress;
    replicaAddress.server = {"127.0.0.1", m_redis->replicaPort};
    Redis replica(replicaAddress);
    QVERIFY(replica.ping());
    QVERIFY(!replica.command({"SET", "bo:test:replica", "1"}));
    QVERIFY(!replica.ping());
}

bool TestRedisSentinel::holdLeavesKeyOn(quint16 port)
{
    if (m_spareSeats.isEmpty())
        return false;
    const qint64 seat = m_spareSeats.takeFirst();
    auto client = m_stack->client(m_buyers.first());
    const HttpTestResponse hold =
        client->post("/v1/event/" + QByteArray::number(m_spareEvent) + "/holds",
                     {{u"ticket_ids"_s, QJsonArray{seat}}});
    if (hold.status != 201) {
        m_lastHold = "hold: " + QByteArray::number(hold.status) + ' ' + hold.body;
        return false;
    }
    const QByteArray key = TicketLedger::seatKey(seat);
    m_lastHold = key + " on port " + QByteArray::number(port) + ": " +
                 cli(port, {u"EXISTS"_s, QString::fromLatin1(key)});
    return m_lastHold.endsWith(": 1");
}

StormResult TestRedisSentinel::storm(qint64 eventId, const std::function<void()> &killMaster,
                                     const std::function<bool(const StormResult &)> &stopAfterKill)
{
    const QList<qint64> pool = m_stack->ticketIds(eventId);
    const quint16 port = m_stack->server().port();
    StormResult result;
    std::mutex mutex;
    std::latch start(Buyers + 1);
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int b = 0; b < Buyers; ++b) {
        threads.emplace_back([&, b] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(m_buyers.at(b));
            QRandomGenerator random(static_cast<quint32>(b * 7919 + eventId));
            start.arrive_and_wait();
            while (!stop) {
                const QJsonArray seats = randomSeats(random, pool);
                const bool byHold = b % 2 == 0;
                const Purchase purchase = TestStack::purchase(client, eventId, seats, byHold);
                std::lock_guard lock(mutex);
                if (!purchase.booking) {
                    if (purchase.hold->response.status == 409)
                        ++result.conflicts;
                    else
                        result.unexpected.append(
                            "hold: " + QByteArray::number(purchase.hold->response.status));
                    continue;
                }
                const HttpTestResponse &r = purchase.booking->response;
                if (r.status == 201) {
                    result.sales.append(StormSale::from(*purchase.booking));
                } else if (r.status == 409 && !byHold) {
                    ++result.conflicts;
                } else {
                    // Losing one's own granted hold, even to a failover, is
                    // a defect: the hold is in Postgres, Redis only filters.
                    result.unexpected.append(
                        (byHold ? "booking from own hold: "_ba : "booking: "_ba) +
                        QByteArray::number(r.status) + ' ' + r.body);
                }
            }
        });
    }
    start.arrive_and_wait();
    const auto salesSoFar = [&] {
        std::lock_guard lock(mutex);
        return result.sales.size();
    };
    // Let the storm get going, then kill the master under it.
    // (If they do not get going, the checks afterwards say so.)
    (void)QTest::qWaitFor([&] { return salesSoFar() >= 30; }, 60000);
    killMaster();
    (void)QTest::qWaitFor(
        [&] {
            StormResult soFar;
            {
                std::lock_guard lock(mutex);
                soFar = result;
            }
            return stopAfterKill(soFar);
        },
        90000);
    stop = true;
    for (std::thread &t : threads)
        t.join();
    return result;
}

void TestRedisSentinel::failoverMidStormSellsNoSeatTwice()
{
    auto client = m_stack->client();
    QCOMPARE(client->get("/healthz").json().value(u"redis"_s).toString(), u"ok"_s);
    // Holds go to the master the sentinels name.
    QVERIFY2(holdLeavesKeyOn(m_redis->masterPort), m_lastHold.constData());

    const qint64 eventId = m_stack->createEvent(u"Failover Rush"_s, 40, 50);
    constexpr std::chrono::steady_clock::time_point Never{};
    std::chrono::steady_clock::time_point killedAt;
    std::chrono::steady_clock::time_point switchedAt;
    std::chrono::steady_clock::time_point healthyAt;
    const StormResult result = storm(
        eventId,
        [&] {
            m_redis->killMaster();
            killedAt = std::chrono::steady_clock::now();
        },
        [&](const StormResult &soFar) {
            // Sell on until the sentinels have promoted the replica, the
            // server reports Redis healthy again, and thirty more bookings
            // were sent after that.
            const auto now = std::chrono::steady_clock::now();
            if (switchedAt == Never) {
                if (m_redis->namedMasterPort() == m_redis->replicaPort)
                    switchedAt = now;
                return false;
            }
            if (healthyAt == Never) {
                if (client->get("/healthz").json().value(u"redis"_s).toString() == u"ok"_s)
                    healthyAt = now;
                return false;
            }
            return std::count_if(soFar.sales.begin(), soFar.sales.end(),
                                 [&](const StormSale &sale) { return sale.sent > healthyAt; }) >=
                   30;
        });
    QVERIFY2(switchedAt != Never, "the sentinels did not promote the replica");
    QVERIFY2(healthyAt != Never, "the server did not find the new master");
    QVERIFY2(result.unexpected.isEmpty(), result.unexpected.value(0).constData());

    const auto before = std::count_if(result.sales.begin(), result.sales.end(),
                                      [&](const StormSale &sale) { return sale.sent < killedAt; });
    const auto after = std::count_if(result.sales.begin(), result.sales.end(),
                                     [&](const StormSale &sale) { return sale.sent > healthyAt; });
    const auto during = result.sales.size() - before - after;
    QVERIFY(before > 0);
    QVERIFY(after > 0);

    const QString wrong = m_stack->checkSales(eventId, result.sales);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong));

    // The server moved to the promoted replica: healthy, holds land there,
    // and it said so once.
    QTRY_COMPARE_WITH_TIMEOUT(client->get("/healthz").json().value(u"redis"_s).toString(), u"ok"_s,
                              20000);
    QTRY_VERIFY2_WITH_TIMEOUT(holdLeavesKeyOn(m_redis->replicaPort), m_lastHold.constData(), 60000);
    const QByteArray notice =
        "redis master is now 127.0.0.1:" + QByteArray::number(m_redis->replicaPort);
    QCOMPARE(m_stack->server().output().count(notice), 1);

    const auto msAfterKill = [&](std::chrono::steady_clock::time_point then) {
        return static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(then - killedAt).count());
    };
    qInfo("%lld bookings before the kill, %lld until Redis was back, %lld after; %d conflicts; "
          "the sentinels promoted the replica %lld ms after the kill, the server used it %lld ms "
          "after",
          static_cast<long long>(before), static_cast<long long>(during),
          static_cast<long long>(after), result.conflicts, msAfterKill(switchedAt),
          msAfterKill(healthyAt));
}

QTEST_GUILESS_MAIN(TestRedisSentinel)
#include "tst_redis_sentinel.moc"
