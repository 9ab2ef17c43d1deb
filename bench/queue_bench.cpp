// The waiting room under an on-sale's crowd (issue 11): N buyers join one
// event's queue at once over HTTP while the room admits them at its rate.
// Prints the join rate and latency, next to pgbench running the very
// statement a join runs (join_waiting_room, committed the same way) on the
// same Postgres in the same run, as a ratio; then how exactly the room kept
// its rate: the rate measured from the admission times, and how late each
// place was admitted against a perfect clock.
//
//   queue_bench [--buyers N] [--clients N] [--rate N] [--pgbench-clients N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both).
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1,
                           static_cast<size_t>(p * static_cast<double>(values.size())))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption buyersOption(u"buyers"_s, u"Buyers who join."_s, u"n"_s, u"20000"_s);
    const QCommandLineOption clientsOption(u"clients"_s, u"Concurrent HTTP clients."_s, u"n"_s,
                                           u"32"_s);
    const QCommandLineOption rateOption(u"rate"_s, u"Buyers the room admits per second."_s, u"n"_s,
                                        u"2000"_s);
    const QCommandLineOption pgbenchClientsOption(
        u"pgbench-clients"_s, u"Clients of the pgbench baseline."_s, u"n"_s, u"32"_s);
    parser.addOptions({buyersOption, clientsOption, rateOption, pgbenchClientsOption});
    parser.process(app);
    const int buyers = parser.value(buyersOption).toInt();
    const int clients = parser.value(clientsOption).toInt();
    const double rate = parser.value(rateOption).toDouble();

    TestStack stack(u"queue_bench"_s,
                    {u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s, u"--log-level"_s, u"warning"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "FAILED: the server did not start\n");
        return 1;
    }
    const qint64 event = stack.createEvent(u"Famous"_s, 100, 100);
    const qint64 baselineEvent = stack.createEvent(u"Baseline"_s, 1, 10);
    const QByteArray admin = stack.createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    const QList<QByteArray> tokens = stack.createCustomers(buyers, u"buyer"_s);
    const auto setRoom = [&](qint64 eventId, double perSecond) {
        const QJsonObject body{{u"enabled"_s, true}, {u"admit_per_second"_s, perSecond}};
        return stack.client(admin)
            ->request("PUT"_ba, "/v1/event/" + QByteArray::number(eventId) + "/queue",
                      QJsonDocument(body).toJson(QJsonDocument::Compact),
                      {{"Content-Type", "application/json"}})
            .status;
    };
    // While they join, the room admits one every 1,000 seconds: the joins are
    // measured alone, and then the room, with a full queue, at its rate.
    if (setRoom(event, 0.001) != 200 || setRoom(baselineEvent, 0.001) != 200) {
        std::fprintf(stderr, "FAILED: cannot switch the rooms on\n");
        return 1;
    }

    // --- Everyone joins at once. ---
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
    const QByteArray path = "/v1/event/" + QByteArray::number(event) + "/queue";
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            HttpTestClient client("127.0.0.1", stack.server().port());
            for (int i = next++; i < buyers; i = next++) {
                client.setToken(tokens[i]);
                const auto sent = Clock::now();
                if (client.post(path, {}).status != 201)
                    ++failed;
                latencies[size_t(c)].push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    const double joinSeconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::vector<double> all;
    for (const auto &mine : latencies)
        all.insert(all.end(), mine.begin(), mine.end());
    const double joinsPerSecond = buyers / joinSeconds;
    std::printf("## joins (%d buyers, %d HTTP clients)\n", buyers, clients);
    std::printf("joins_per_s           %.0f\n", joinsPerSecond);
    std::printf("join_ms p50 / p99     %.1f / %.1f\n", percentile(all, 0.5), percentile(all, 0.99));
    std::printf("failed_joins          %d\n", failed.load());

    // --- The room admits everyone, at its rate. ---
    if (setRoom(event, rate) != 200) {
        std::fprintf(stderr, "FAILED: cannot set the room's rate\n");
        return 1;
    }
    const std::string eventText = std::to_string(event);
    const auto waitUntil = Clock::now() + std::chrono::seconds(10) +
                           std::chrono::milliseconds(qint64(1000.0 * buyers / rate));
    while (Clock::now() < waitUntil &&
           stack.db().scalar("SELECT count(*) FROM queue_entries WHERE event_id = " + eventText +
                             " AND admitted_at IS NULL") > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const qint64 admitted =
        stack.db().scalar("SELECT count(*) FROM queue_entries WHERE event_id = " + eventText +
                          " AND pass IS NOT NULL");
    const qint64 distinctPasses = stack.db().scalar(
        "SELECT count(DISTINCT pass) FROM queue_entries WHERE event_id = " + eventText);
    const qint64 outOfOrder = stack.db().scalar(
        "SELECT count(*) FROM (SELECT admitted_at < lag(admitted_at) OVER (ORDER BY position) AS "
        "inverted FROM queue_entries WHERE event_id = " +
        eventText + ") s WHERE inverted");
    // The rate over the middle 80 % of places.
    const std::string lo = std::to_string(buyers / 10);
    const std::string hi = std::to_string(buyers - buyers / 10);
    const qint64 spanMicros = stack.db().scalar(
        "SELECT (extract(epoch FROM max(admitted_at) - min(admitted_at)) * 1e6)::bigint "
        "FROM queue_entries WHERE event_id = " +
        eventText + " AND position BETWEEN " + lo + " AND " + hi);
    const double measuredRate =
        spanMicros > 0 ? double(buyers - 2 * (buyers / 10)) / (double(spanMicros) / 1e6) : 0;
    // Lateness against a perfect clock that starts with place `lo`.
    const auto lateness = [&](const char *percentileText) {
        return stack.db().scalar(
            "SELECT (percentile_cont(" + std::string(percentileText) +
            ") WITHIN GROUP (ORDER BY lateness) * 1000)::bigint FROM (SELECT extract(epoch FROM "
            "q.admitted_at - s.first) - (q.position - " +
            lo + ") / " + std::to_string(rate) +
            " AS lateness FROM queue_entries q, (SELECT admitted_at AS first FROM queue_entries "
            "WHERE event_id = " +
            eventText + " AND position = " + lo + ") s WHERE q.event_id = " + eventText +
            " AND q.position BETWEEN " + lo + " AND " + hi + ") l");
    };
    std::printf("\n## admission (room at %.0f/s)\n", rate);
    std::printf("admitted              %lld of %d (distinct passes %lld, out of order %lld)\n",
                static_cast<long long>(admitted), buyers, static_cast<long long>(distinctPasses),
                static_cast<long long>(outOfOrder));
    std::printf("admitted_per_s        %.0f (ratio to the set rate %.3f)\n", measuredRate,
                measuredRate / rate);
    std::printf("lateness_ms p50 / p99 %lld / %lld (against a perfect clock; ticks are %lld ms)\n",
                static_cast<long long>(lateness("0.5")), static_cast<long long>(lateness("0.99")),
                static_cast<long long>(200));

    // --- Baseline: pgbench runs the join's own statement. ---
    stack.server().kill();
    QTemporaryDir dir;
    const QString script = dir.filePath(u"join.sql"_s);
    {
        QFile file(script);
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "FAILED: cannot write the pgbench script\n");
            return 1;
        }
        // The statement QueueService::join runs, for a random one of the
        // buyers (a repeat finds its place, as a repeated join does).
        file.write(QByteArray("\\set user random(1, " + QByteArray::number(buyers) + ")\n" +
                              "SELECT q.id, q.position, r.admitted, "
                              "set_config('synchronous_commit', 'off', true) "
                              "FROM join_waiting_room(" +
                              QByteArray::number(baselineEvent) +
                              ", (SELECT min(id) FROM users) + :user, gen_random_uuid()) q "
                              "JOIN waiting_rooms r USING (event_id);\n"));
    }
    const QString database =
        QString::fromStdString(stack.db().conninfo()).section(u"dbname="_s, 1).section(u' ', 0, 0);
    const QString pgbenchClients = parser.value(pgbenchClientsOption);
    const double baselineTps =
        pgbenchTps(clusterConnectionArguments() +
                   QStringList{u"-n"_s, u"-M"_s, u"prepared"_s, u"-c"_s, pgbenchClients, u"-j"_s,
                               u"2"_s, u"-T"_s, u"5"_s, u"-f"_s, script, database});
    const qint64 baselinePlaces = stack.db().scalar(
        "SELECT count(*) FROM queue_entries WHERE event_id = " + std::to_string(baselineEvent));
    std::printf("\n## baseline (pgbench, the join's statement, %s clients, same Postgres, server "
                "stopped)\n",
                qPrintable(pgbenchClients));
    std::printf("pgbench_join_tps      %.0f (%lld new places, the rest repeats)\n", baselineTps,
                static_cast<long long>(baselinePlaces));
    std::printf("joins_per_s / pgbench_join_tps     %.2f\n",
                baselineTps > 0 ? joinsPerSecond / baselineTps : 0);

    if (failed > 0 || admitted != buyers || distinctPasses != buyers || outOfOrder != 0 ||
        baselineTps <= 0) {
        std::fprintf(stderr, "FAILED: joins failed, someone was not admitted (or twice, or out "
                             "of order), or the baseline did not run\n");
        return 1;
    }
    return 0;
}
