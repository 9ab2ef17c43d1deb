// An acknowledged booking is durable (invariant 3): buyers book while
// Postgres crashes under the running server's commits (immediate stop, crash
// recovery on start), then the server is killed with SIGKILL and Redis dies.
// Every 201 must be there afterwards, and no buyer gets an answer that is
// neither a sale, a clear "the database is gone" nor a lost connection.
#include "TestStack.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

class TestDurability : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void acknowledgedBookingsSurviveCrashes();

private:
    bool stack(const char *command);

    QTemporaryDir m_dir;
    quint16 m_pgPort = 0;
    quint16 m_spareRedisPort = 0;
    std::unique_ptr<TestStack> m_stack;
};

namespace {
quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
} // namespace

bool TestDurability::stack(const char *command)
{
    QProcess script;
    script.setProcessChannelMode(QProcess::ForwardedChannels);
    script.start(QStringLiteral(BOXOFFICE_SOURCE_DIR "/scripts/dev-stack.sh"),
                 {QString::fromLatin1(command), m_dir.path(), QString::number(m_pgPort),
                  QString::number(m_spareRedisPort)});
    return script.waitForFinished(120000) && script.exitCode() == 0;
}

void TestDurability::initTestCase()
{
    // A Postgres cluster of this test's own, since it is going to crash it.
    m_pgPort = freePort();
    m_spareRedisPort = freePort();
    QVERIFY(stack("start"));
    qputenv("BOXOFFICE_TEST_PG",
            QByteArray("host=127.0.0.1 port=" + QByteArray::number(m_pgPort) + " user=postgres"));
    m_stack = std::make_unique<TestStack>(u"durability"_s);
    QVERIFY(m_stack->start());
}

void TestDurability::cleanupTestCase()
{
    m_stack.reset();
    stack("stop");
}

void TestDurability::acknowledgedBookingsSurviveCrashes()
{
    const qint64 event = m_stack->createEvent(u"Durable"_s, 20, 50);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    constexpr int Buyers = 4;
    QList<QByteArray> tokens;
    for (int i = 0; i < Buyers; ++i)
        tokens.append(m_stack->registerCustomer(u"durable%1@example.org"_s.arg(i)));

    std::mutex mutex;
    QList<std::pair<qint64, QString>> acknowledged; // booking id, code
    QStringList unexpected;                         // answers that must never happen
    std::atomic<bool> crashing{false};
    std::atomic<int> sawDatabaseGone{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const quint16 port = m_stack->server().port();
    for (int b = 0; b < Buyers; ++b) {
        threads.emplace_back([&, b] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(tokens.at(b));
            // Each buyer takes its own seats: every attempt should succeed
            // until the crash.
            for (qsizetype i = b; i < tickets.size() && !stop; i += Buyers) {
                const HttpTestResponse r = TestStack::bookWithCard(client, event, {tickets.at(i)});
                if (r.status == 0)
                    break; // the server is gone
                std::lock_guard lock(mutex);
                if (r.status == 201) {
                    acknowledged.append({r.json().value(u"id"_s).toInteger(),
                                         r.json().value(u"code"_s).toString()});
                    continue;
                }
                // With Postgres gone the server must say so (503
                // database_unavailable); before the crash every seat is
                // free, so any other answer is a defect.
                if (crashing && r.status == 503 && r.errorCode() == "database_unavailable") {
                    ++sawDatabaseGone;
                    break;
                }
                unexpected.append(u"%1 %2"_s.arg(r.status).arg(QString::fromUtf8(r.body)));
                break;
            }
        });
    }
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 std::lock_guard lock(mutex);
                                 return acknowledged.size() >= 40;
                             }()),
                             60000);
    // Postgres crashes while the server is committing the buyers' sales;
    // then the server and Redis die too.
    const qsizetype beforeCrash = [&] {
        std::lock_guard lock(mutex);
        return acknowledged.size();
    }();
    crashing = true;
    QVERIFY(stack("crash-postgres"));
    m_stack->server().kill();
    m_stack->redis().stop();
    stop = true;
    for (std::thread &t : threads)
        t.join();
    QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(u"; "_s)));
    // The running server met the crash with buyers still booking (it was
    // not killed first), so sales were in flight when Postgres went.
    QVERIFY(sawDatabaseGone > 0);
    qInfo("%lld acknowledged when the crash began, %lld in all",
          static_cast<long long>(beforeCrash), static_cast<long long>(acknowledged.size()));

    QVERIFY(stack("start")); // crash recovery replays the WAL
    QVERIFY(m_stack->redis().start());
    TestServer restarted(m_stack->db(), m_stack->redis());
    QVERIFY(restarted.start());
    auto clerk = restarted.client();
    qInfo("%lld bookings acknowledged before the crash",
          static_cast<long long>(acknowledged.size()));
    for (const auto &[id, code] : acknowledged) {
        QCOMPARE(m_stack->db().scalar(
                     "SELECT count(*) FROM bookings WHERE status = 'confirmed' AND id = " +
                     std::to_string(id)),
                 1);
        QCOMPARE(m_stack->db().scalar(
                     "SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " +
                     std::to_string(id)),
                 1);
    }
    // No sale without an acknowledgement beyond the ones in flight at the
    // crash (at most one per buyer), and the books balance.
    const qint64 sold = m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'sold'");
    QVERIFY(sold >= acknowledged.size());
    QVERIFY(sold <= acknowledged.size() + Buyers);
    QCOMPARE(
        m_stack->db().scalar("SELECT available FROM events WHERE id = " + std::to_string(event)),
        1000 - sold);
    // And the restarted server serves them.
    const QJsonObject state = clerk->get("/v1/event/" + QByteArray::number(event)).json();
    QCOMPARE(state.value(u"available"_s).toInteger(), 1000 - sold);
}

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
