// The hot on-sale: many concurrent HTTP clients booking one event of 10,000
// seats on the real server, Postgres (fsync on) and Redis, printed next to
// pgbench TPC-B on the same Postgres in the same run, as a ratio. Reads are
// measured by read_bench, search by search_bench.
//
//   booking_storm [--clients N] [--workers N] [--sale-threads N] [--seconds S]
//                 [--seats N] [--blind] [--rows R --seats-per-row S] [--pgbench-clients N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both).
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Latencies
{
    std::vector<double> ms;
    double percentile(double p)
    {
        if (ms.empty())
            return 0;
        std::sort(ms.begin(), ms.end());
        return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
    }
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption clientsOption(u"clients"_s, u"Concurrent HTTP clients."_s, u"n"_s,
                                           u"64"_s);
    // The server's own defaults: the storm measures the server as it ships.
    const QCommandLineOption workersOption(u"workers"_s, u"Server worker threads."_s, u"n"_s,
                                           u"4"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Longest storm and read phase."_s, u"s"_s,
                                           u"20"_s);
    const QCommandLineOption rowsOption(u"rows"_s, u"Rows of the arena."_s, u"n"_s, u"100"_s);
    const QCommandLineOption seatsOption(u"seats-per-row"_s, u"Seats per row."_s, u"n"_s, u"100"_s);
    const QCommandLineOption blindOption(
        u"blind"_s, u"Buyers pick random seats without looking at the seat map."_s);
    const QCommandLineOption perBookingOption(
        u"seats"_s, u"Seats per booking (0: 1 to 4 at random)."_s, u"n"_s, u"2"_s);
    const QCommandLineOption saleThreadsOption(u"sale-threads"_s, u"Server sale threads."_s, u"n"_s,
                                               u"32"_s);
    const QCommandLineOption pgbenchClientsOption(
        u"pgbench-clients"_s, u"Clients of the pgbench baseline."_s, u"n"_s, u"16"_s);
    parser.addOptions({clientsOption, workersOption, secondsOption, rowsOption, seatsOption,
                       blindOption, perBookingOption, saleThreadsOption, pgbenchClientsOption});
    parser.process(app);
    const int clients = parser.value(clientsOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();
    const int rows = parser.value(rowsOption).toInt();
    const int perRow = parser.value(seatsOption).toInt();
    const bool informed = !parser.isSet(blindOption);
    const int seatsPerBooking = parser.value(perBookingOption).toInt();

    // The load generator is the operator's own: exempt from the public rate
    // limits, which stay at their defaults for everyone else.
    // Through the environment, which a server from before sale threads
    // ignores, so the same benchmark measures older commits too.
    qputenv("BOXOFFICE_SALE_THREADS", parser.value(saleThreadsOption).toUtf8());
    TestStack stack(u"bench"_s, {u"--workers"_s, parser.value(workersOption), u"--log-level"_s,
                                 u"critical"_s, u"--max-held-seats-per-user"_s, u"10000"_s,
                                 u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "could not start the server\n");
        return 1;
    }
    const qint64 event = stack.createEvent(u"The Famous Event"_s, rows, perRow, 9900);
    const QList<qint64> tickets = stack.ticketIds(event);
    QList<QByteArray> tokens;
    for (int i = 0; i < clients; ++i)
        tokens.append(stack.registerCustomer(u"fan%1@example.org"_s.arg(i)));
    const quint16 port = stack.server().port();
    std::printf("# boxoffice booking storm: %lld seats, %d clients, %s server workers, %s sale "
                "threads, %d seats a booking, fsync on\n",
                static_cast<long long>(tickets.size()), clients,
                qPrintable(parser.value(workersOption)),
                qPrintable(parser.value(saleThreadsOption)), seatsPerBooking);

    // --- The opening act: every client buys one seat of another event at
    // once, on the freshly started server. Its latency is the cold start;
    // afterwards the server is as warm as one that has been selling. ---
    {
        const qint64 opening = stack.createEvent(u"The Opening Act"_s, 2, clients);
        const QList<qint64> openingSeats = stack.ticketIds(opening);
        Latencies cold;
        std::mutex coldMutex;
        std::latch go(clients);
        std::vector<std::thread> buyers;
        for (int c = 0; c < clients; ++c) {
            buyers.emplace_back([&, c] {
                HttpTestClient client("127.0.0.1", port);
                client.setToken(tokens.at(c));
                go.arrive_and_wait();
                QElapsedTimer t;
                t.start();
                const HttpTestResponse r =
                    TestStack::bookWithCard(client, opening, {openingSeats.at(c)});
                std::lock_guard lock(coldMutex);
                cold.ms.push_back(r.status == 201 ? static_cast<double>(t.nsecsElapsed()) / 1e6
                                                  : 1e9);
            });
        }
        for (std::thread &buyer : buyers)
            buyer.join();
        std::printf("cold_start_ms         p50 %.2f  p99 %.2f (%d clients at once, one seat each, "
                    "on a server that has sold nothing yet)\n",
                    cold.percentile(0.5), cold.percentile(0.99), clients);
    }

    // Where Postgres spends the storm's time (pg_stat_statements, when the
    // server preloads it, as scripts/dev-stack.sh does).
    bool statements = false;
    try {
        pqxx::connection connection(stack.db().conninfo());
        pqxx::nontransaction tx(connection);
        tx.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        tx.exec("SELECT pg_stat_statements_reset()");
        statements = true;
    } catch (const std::exception &) {
    }

    // --- The storm: everyone books seats until sold out. ---
    std::mutex mutex;
    Latencies all, created;
    QList<QList<qint64>> acknowledged;
    std::atomic<qint64> requests{0}, conflicts{0}, errors{0};
    std::atomic<bool> soldOut{false};
    // What buyers have seen taken (their own sales and the seats a 409
    // named), shared like the live seat map the stream gives real clients.
    std::vector<std::atomic<bool>> seen(static_cast<size_t>(tickets.size()));
    QHash<qint64, qsizetype> position;
    for (qsizetype i = 0; i < tickets.size(); ++i)
        position.insert(tickets.at(i), i);
    std::vector<qint64> saleTimes;
    std::vector<std::pair<double, double>> slowest; // (ms, started at s)
    Latencies firstWave, afterFirstWave;            // each client's first request, the rest
    std::latch start(clients + 1);
    std::vector<std::thread> threads;
    QElapsedTimer clock;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(tokens.at(c));
            QRandomGenerator random(static_cast<quint32>(c + 1));
            std::vector<double> mine, mineCreated;
            QList<QList<qint64>> mySales;
            int conflictStreak = 0;
            std::vector<qint64> soldTimes;
            std::vector<std::pair<double, double>> mySlowest;
            std::vector<double> myFirst, myRest;
            start.arrive_and_wait();
            while (!soldOut && clock.elapsed() < seconds * 1000) {
                const int count =
                    seatsPerBooking > 0 ? seatsPerBooking : 1 + static_cast<int>(random.bounded(4));
                qsizetype first =
                    static_cast<qsizetype>(random.bounded(tickets.size() - count + 1));
                if (informed) {
                    // Like a buyer looking at a live seat map: pick adjacent
                    // seats not yet seen taken (others may still be faster).
                    qsizetype tries = 0;
                    auto freeRun = [&](qsizetype at) {
                        for (int i = 0; i < count; ++i) {
                            if (seen[static_cast<size_t>(at + i)].load(std::memory_order_relaxed))
                                return false;
                        }
                        return true;
                    };
                    while (!freeRun(first) && ++tries < tickets.size())
                        first = (first + 1) % (tickets.size() - count + 1);
                    if (tries >= tickets.size()) {
                        soldOut = true; // no run of that many free seats is left
                        break;
                    }
                }
                QJsonArray seats;
                for (int i = 0; i < count; ++i)
                    seats.append(tickets.at(first + i)); // adjacent seats, like real buyers
                QElapsedTimer t;
                t.start();
                const double startedAt = static_cast<double>(clock.elapsed()) / 1000.0;
                const HttpTestResponse r =
                    client.post("/v1/event/" + QByteArray::number(event) + "/bookings",
                                {{u"ticket_ids"_s, seats},
                                 {u"payment_details"_s,
                                  QJsonObject{{u"method"_s, u"card"_s},
                                              {u"card_token"_s, u"tok_sandbox_approve"_s}}}},
                                {{"Idempotency-Key", TestStack::idempotencyKey()}});
                const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
                ++requests;
                mine.push_back(ms);
                mySlowest.emplace_back(ms, startedAt);
                (mySlowest.size() == 1 ? myFirst : myRest).push_back(ms);
                if (r.status == 201) {
                    for (int i = 0; i < count; ++i)
                        seen[static_cast<size_t>(first + i)] = true;
                    mineCreated.push_back(ms);
                    soldTimes.push_back(clock.elapsed());
                    QList<qint64> ids;
                    for (const QJsonValue &v : seats)
                        ids.append(v.toInteger());
                    mySales.append(ids);
                    conflictStreak = 0;
                } else if (r.status == 409) {
                    ++conflicts;
                    for (const QJsonValue &v :
                         r.json().value(u"error"_s).toObject().value(u"unavailable"_s).toArray())
                        seen[static_cast<size_t>(position.value(v.toInteger()))] = true;
                    if (++conflictStreak > 200)
                        soldOut = true; // almost nothing left to find
                } else {
                    ++errors;
                }
            }
            std::lock_guard lock(mutex);
            all.ms.insert(all.ms.end(), mine.begin(), mine.end());
            created.ms.insert(created.ms.end(), mineCreated.begin(), mineCreated.end());
            acknowledged += mySales;
            saleTimes.insert(saleTimes.end(), soldTimes.begin(), soldTimes.end());
            slowest.insert(slowest.end(), mySlowest.begin(), mySlowest.end());
            firstWave.ms.insert(firstWave.ms.end(), myFirst.begin(), myFirst.end());
            afterFirstWave.ms.insert(afterFirstWave.ms.end(), myRest.begin(), myRest.end());
        });
    }
    const QString serverPid = QString::number(stack.server().pid());
    const double serverCpu0 = cpuSeconds(serverPid), pgCpu0 = cpuSecondsOf("postgres"),
                 redisCpu0 = cpuSecondsOf("redis-server"), selfCpu0 = cpuSeconds(u"self"_s);
    clock.start();
    start.arrive_and_wait();
    for (std::thread &t : threads)
        t.join();
    const double serverCpu = cpuSeconds(serverPid) - serverCpu0,
                 pgCpu = cpuSecondsOf("postgres") - pgCpu0,
                 redisCpu = cpuSecondsOf("redis-server") - redisCpu0,
                 selfCpu = cpuSeconds(u"self"_s) - selfCpu0;
    const double stormSeconds = static_cast<double>(clock.elapsed()) / 1000.0;
    threads.clear();

    // Truth from the database: was anything sold twice?
    QHash<qint64, int> ackCount;
    qint64 ackSeats = 0;
    for (const QList<qint64> &sale : acknowledged) {
        for (qint64 id : sale) {
            ++ackCount[id];
            ++ackSeats;
        }
    }
    qint64 doubleAcknowledged = 0;
    for (int n : std::as_const(ackCount))
        doubleAcknowledged += n > 1 ? n - 1 : 0;
    const std::string e = std::to_string(event);
    const qint64 soldInDb =
        stack.db().scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e);
    const qint64 doubleInDb = stack.db().scalar(
        "SELECT count(*) FROM (SELECT ticket_id FROM booking_tickets WHERE cancelled_at IS NULL "
        "GROUP BY ticket_id HAVING count(*) > 1) AS twice");
    const double bookingsPerSecond = static_cast<double>(acknowledged.size()) / stormSeconds;

    std::printf("\n## storm\n");
    std::printf("duration_s            %.2f\n", stormSeconds);
    std::printf("requests              %lld (%.0f/s)\n", static_cast<long long>(requests.load()),
                static_cast<double>(requests.load()) / stormSeconds);
    std::printf("bookings              %lld (%.0f/s, %.0f/min)\n",
                static_cast<long long>(acknowledged.size()), bookingsPerSecond,
                bookingsPerSecond * 60);
    std::printf("seats_sold            %lld of %lld (db: %lld)\n", static_cast<long long>(ackSeats),
                static_cast<long long>(tickets.size()), static_cast<long long>(soldInDb));
    std::printf("conflicts_409         %lld\n", static_cast<long long>(conflicts.load()));
    std::printf("other_errors          %lld\n", static_cast<long long>(errors.load()));
    std::printf("latency_all_ms        p50 %.2f  p99 %.2f\n", all.percentile(0.5),
                all.percentile(0.99));
    std::printf("latency_201_ms        p50 %.2f  p99 %.2f\n", created.percentile(0.5),
                created.percentile(0.99));
    std::printf(
        "cpu_s                 server %.1f  postgres %.1f  redis %.1f  load-generator %.1f\n",
        serverCpu, pgCpu, redisCpu, selfCpu);
    std::sort(saleTimes.begin(), saleTimes.end());
    if (saleTimes.size() >= 10) {
        const size_t half = saleTimes.size() / 2;
        std::printf("first_half_rate       %.0f bookings/s (first %zu bookings in %.2f s)\n",
                    static_cast<double>(half) / (static_cast<double>(saleTimes[half]) / 1000.0),
                    half, static_cast<double>(saleTimes[half]) / 1000.0);
    }
    std::sort(slowest.begin(), slowest.end(), std::greater<>());
    // The first wave (every client's first request, all sent at once, each
    // on a connection of its own) against the rest: where the p99 comes from.
    std::printf("first_wave_ms         p50 %.2f  max %.2f (each client's first request, %zu at "
                "once)\n",
                firstWave.percentile(0.5), firstWave.percentile(1.0), firstWave.ms.size());
    std::printf("after_first_wave_ms   p50 %.2f  p99 %.2f (every request after a client's first)\n",
                afterFirstWave.percentile(0.5), afterFirstWave.percentile(0.99));
    std::printf("slowest_requests      ");
    for (size_t i = 0; i < std::min<size_t>(5, slowest.size()); ++i)
        std::printf("%.0f ms at %.2f s%s", slowest[i].first, slowest[i].second, i < 4 ? ", " : "");
    std::printf("\n");
    std::printf("buyers                %s\n",
                informed ? "see the live seat map" : "blind (random seats)");
    std::printf("double_sold           %lld (acknowledged twice: %lld)\n",
                static_cast<long long>(doubleInDb), static_cast<long long>(doubleAcknowledged));
    if (statements) {
        pqxx::connection connection(stack.db().conninfo());
        pqxx::nontransaction tx(connection);
        std::printf("\n## where Postgres spent the storm (pg_stat_statements, by total time)\n");
        std::printf("%8s %10s %9s %9s  %s\n", "calls", "total ms", "mean ms", "rows", "statement");
        for (const pqxx::row &row : tx.exec(
                 "SELECT calls, total_exec_time, mean_exec_time, rows, "
                 "left(regexp_replace(query, '\\s+', ' ', 'g'), 70) FROM pg_stat_statements "
                 "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                 "AND query NOT LIKE '%pg_stat_statements%' "
                 "ORDER BY total_exec_time DESC LIMIT 10"))
            std::printf("%8lld %10.0f %9.3f %9lld  %s\n", row[0].as<long long>(),
                        row[1].as<double>(), row[2].as<double>(), row[3].as<long long>(),
                        row[4].c_str());
    }

    // --- Baselines on the same Postgres, same run. ---
    stack.server().kill();
    const QStringList connection = clusterConnectionArguments();
    QProcess::execute(u"psql"_s,
                      connection + QStringList{u"-q"_s, u"-d"_s, u"postgres"_s, u"-c"_s,
                                               u"DROP DATABASE IF EXISTS bench_pgbench"_s, u"-c"_s,
                                               u"CREATE DATABASE bench_pgbench"_s});
    QProcess init;
    init.start(u"/usr/lib/postgresql/15/bin/pgbench"_s,
               connection + QStringList{u"-i"_s, u"-q"_s, u"-s"_s, u"16"_s, u"bench_pgbench"_s});
    init.waitForFinished(600000);
    // pgbench has the Postgres to itself (the server is stopped by now); 16
    // clients by default, its best on two cores (64 get about 0.6 times that).
    const QString threadsArg = parser.value(pgbenchClientsOption);
    const double tpcb =
        pgbenchTps(connection + QStringList{u"-n"_s, u"-c"_s, threadsArg, u"-j"_s, u"2"_s, u"-T"_s,
                                            u"10"_s, u"bench_pgbench"_s});
    std::printf("\n## baseline (pgbench scale 16, same Postgres, %s clients, "
                "run after the storm with the server stopped)\n",
                qPrintable(threadsArg));
    std::printf("pgbench_tpcb_tps      %.0f\n", tpcb);
    std::printf("\n## ratios\n");
    std::printf("bookings_per_s / tpcb_tps          %.2f\n",
                tpcb > 0 ? bookingsPerSecond / tpcb : 0.0);
    // A benchmark whose books do not balance measured something else: say
    // so with the exit code.
    int status = 0;
    if (doubleInDb != 0 || doubleAcknowledged != 0 || ackSeats != soldInDb) {
        std::fprintf(stderr,
                     "FAILED: acknowledged seats %lld, sold in the database %lld, double sold "
                     "%lld, acknowledged twice %lld\n",
                     static_cast<long long>(ackSeats), static_cast<long long>(soldInDb),
                     static_cast<long long>(doubleInDb),
                     static_cast<long long>(doubleAcknowledged));
        status = 2;
    }
    if (tpcb <= 0) {
        std::fprintf(stderr, "FAILED: the pgbench baseline did not run\n");
        status = status ? status : 4;
    }
    return status;
}
