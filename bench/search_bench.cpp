// Search on a realistic catalog (issue 9): generates N events (default
// 100,000; CatalogGenerator), loads them straight into a fresh database,
// then measures GET /v1/event with 400+ queries of every kind a user types,
// with one client and with many, on two servers over the same data: the
// search index (default options; its build time from start to ready) and
// the Postgres path (--search-index=off) as the baseline, side by side.
//
//   search_bench [--events N] [--clients N] [--seconds S] [--seed N] [--workers N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both).
#include "CatalogGenerator.h"
#include "SearchQueries.h"
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <map>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <tuple>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Latencies
{
    std::vector<double> ms;
    double percentile(double p) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1,
                               static_cast<size_t>(p * static_cast<double>(sorted.size())))];
    }
};

std::string isoTime(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toStdString();
}

// The catalog, written straight into the database in one transaction with
// COPY: venues, a small shared layout (one row of 10 seats per venue), the
// events, one price category each, and tickets for every tenth event (a
// search benchmark needs a small tickets table, not millions of rows). The
// events' own triggers run (search_document, search_text, revision: what
// both search paths read); the price categories' trigger, which would only
// stamp every event with a second revision in the same transaction, is
// skipped (session_replication_role = replica, which also skips the
// foreign-key checks for rows whose keys we just wrote).
void loadCatalog(const std::string &conninfo, const CatalogGenerator &catalog)
{
    constexpr int seatsPerVenue = 10, ticketsEvery = 10, price = 3900;
    pqxx::connection connection(conninfo);
    pqxx::work tx(connection);
    {
        pqxx::stream_to venues(tx, "venues",
                               std::vector<std::string>{"id", "name", "city", "address", "kind"});
        for (const CatalogGenerator::Venue &v : catalog.venues())
            venues << std::make_tuple(v.id, v.name, v.city, std::string(), v.kind);
        venues.complete();
    }
    {
        pqxx::stream_to seats(
            tx, "seats",
            std::vector<std::string>{"id", "venue_id", "section", "row", "number", "x", "y"});
        for (const CatalogGenerator::Venue &v : catalog.venues()) {
            for (int n = 1; n <= seatsPerVenue; ++n)
                seats << std::make_tuple((v.id - 1) * seatsPerVenue + n, v.id,
                                         std::string("Parkett"), std::string("1"), n, n, 1);
        }
        seats.complete();
    }
    {
        pqxx::stream_to events(tx, "events",
                               std::vector<std::string>{"id", "venue_id", "name", "description",
                                                        "performer", "category", "starts_at",
                                                        "available"});
        for (const CatalogGenerator::Event &e : catalog.events())
            events << std::make_tuple(e.id, e.venueId, e.name, e.description, e.performer,
                                      e.category, isoTime(e.startsAt),
                                      e.id % ticketsEvery == 0 ? seatsPerVenue : 0);
        events.complete();
    }
    tx.exec("SET LOCAL session_replication_role = replica");
    {
        pqxx::stream_to categories(
            tx, "price_categories",
            std::vector<std::string>{"id", "event_id", "name", "price_cents", "color"});
        for (const CatalogGenerator::Event &e : catalog.events())
            categories << std::make_tuple(e.id, e.id, std::string("Standard"), price,
                                          std::string("#4caf50"));
        categories.complete();
    }
    {
        pqxx::stream_to tickets(
            tx, "tickets",
            std::vector<std::string>{"event_id", "seat_id", "price_category_id", "price_cents"});
        for (const CatalogGenerator::Event &e : catalog.events()) {
            if (e.id % ticketsEvery != 0)
                continue;
            for (int n = 1; n <= seatsPerVenue; ++n)
                tickets << std::make_tuple(e.id, (e.venueId - 1) * seatsPerVenue + n, e.id, price);
        }
        tickets.complete();
    }
    tx.exec("SET LOCAL session_replication_role = origin");
    for (const char *table : {"venues", "seats", "events", "price_categories"})
        tx.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                "', 'id'), (SELECT max(id) FROM " + table + "))");
    tx.commit();
    // A catalog is not all inserted a second ago: let VACUUM merge the GIN
    // indexes' pending lists and ANALYZE give the planner statistics, as
    // autovacuum would have.
    pqxx::nontransaction vacuum(connection);
    vacuum.exec("VACUUM ANALYZE venues, seats, events, price_categories, tickets");
}

// The "search" field of /healthz: "index", "catching_up", "postgres", or
// empty when the server does not say (no search index in this build).
QString searchState(quint16 port)
{
    HttpTestClient client("127.0.0.1", port);
    return client.get("/healthz").json().value(u"search"_s).toString();
}

struct Outcome
{
    int results = -1; // -1: not run, or failed
    int relevant = 0;
};

struct Phase
{
    Latencies latency;
    std::map<QString, Latencies> perKind;
    qint64 searches = 0;
    qint64 errors = 0;
    double seconds = 0;
    double serverCpu = 0, postgresCpu = 0;
    double perSecond() const { return seconds > 0 ? static_cast<double>(searches) / seconds : 0; }
};

// `clients` threads, each with its own keep-alive connection. With
// `outcomes`: every query once (shared cursor), recording what it found;
// without: each client cycles through the list from its own offset until
// `seconds` have passed.
Phase runPhase(quint16 port, qint64 serverPid, const QList<SearchQuery> &queries, int clients,
               double seconds, std::vector<Outcome> *outcomes)
{
    Phase phase;
    std::mutex mutex;
    std::atomic<qsizetype> next{0};
    std::atomic<qint64> searches{0}, errors{0};
    std::latch start(clients + 1);
    QElapsedTimer clock;
    std::vector<std::thread> threads;
    const qsizetype n = queries.size();
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            HttpTestClient client("127.0.0.1", port);
            std::vector<double> mine;
            std::vector<std::pair<qsizetype, double>> byQuery;
            qsizetype cursor = c * n / clients;
            start.arrive_and_wait();
            while (clock.elapsed() < static_cast<qint64>(seconds * 1000)) {
                qsizetype i;
                if (outcomes) {
                    i = next++;
                    if (i >= n)
                        break;
                } else {
                    i = cursor++ % n;
                }
                const SearchQuery &query = queries.at(i);
                QElapsedTimer t;
                t.start();
                const HttpTestResponse r = client.get(query.path);
                const double ms = static_cast<double>(t.nsecsElapsed()) / 1e6;
                mine.push_back(ms);
                byQuery.emplace_back(i, ms);
                ++searches;
                if (r.status != 200) {
                    ++errors;
                    if (errors <= 5)
                        std::fprintf(stderr, "search %s: %d %s\n", query.path.constData(), r.status,
                                     r.body.left(200).constData());
                    continue;
                }
                if (outcomes) {
                    const QJsonArray events = r.json().value(u"events"_s).toArray();
                    Outcome &o = (*outcomes)[static_cast<size_t>(i)];
                    o.results = static_cast<int>(events.size());
                    for (const QJsonValue &event : events)
                        o.relevant += query.isRelevant(event.toObject()) ? 1 : 0;
                }
            }
            std::lock_guard lock(mutex);
            phase.latency.ms.insert(phase.latency.ms.end(), mine.begin(), mine.end());
            for (const auto &[i, ms] : byQuery)
                phase.perKind[queries.at(i).kind].ms.push_back(ms);
        });
    }
    const QString pid = QString::number(serverPid);
    const double server0 = cpuSeconds(pid), postgres0 = cpuSecondsOf("postgres");
    clock.start();
    start.arrive_and_wait();
    for (std::thread &t : threads)
        t.join();
    phase.seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    phase.serverCpu = cpuSeconds(pid) - server0;
    phase.postgresCpu = cpuSecondsOf("postgres") - postgres0;
    phase.searches = searches;
    phase.errors = errors;
    return phase;
}

struct PathResult
{
    bool available = false;
    QString note;
    double readySeconds = 0; // from server start to answering from this path
    Phase quality, single, concurrent;
    std::vector<Outcome> outcomes;
};

// Starts a server with `arguments` (the first set it accepts), waits until
// its search path is the one wanted, and measures it.
PathResult measure(const TestDatabase &db, const TestRedis &redis,
                   const QList<QStringList> &argumentChoices, const QString &wantedState,
                   const QList<SearchQuery> &queries, int clients, double seconds,
                   double readyTimeout)
{
    PathResult result;
    std::unique_ptr<TestServer> server;
    QElapsedTimer clock;
    QStringList used;
    for (const QStringList &arguments : argumentChoices) {
        // A port of our own: with "--port 0" the server's SO_REUSEPORT
        // listeners can be given a port that another server on this machine
        // (another person's tests) already listens on, and share its traffic.
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const QString port = QString::number(probe.serverPort());
        probe.close();
        server =
            std::make_unique<TestServer>(db, redis, arguments + QStringList{u"--port"_s, port});
        clock.start();
        if (server->start()) {
            used = arguments;
            break;
        }
        std::printf("# the server did not start with %s:\n%s\n", qPrintable(arguments.join(u' ')),
                    server->output().right(2000).constData());
        server.reset();
    }
    if (!server) {
        result.note = u"the server did not start with any of the options tried"_s;
        return result;
    }
    const quint16 port = server->port();
    QString state = searchState(port);
    if (wantedState == u"index"_s) {
        if (state.isEmpty()) {
            result.note = u"unavailable: /healthz has no \"search\" field (no index in this "
                          "server yet)"_s;
            return result;
        }
        QString last;
        while (state != u"index"_s && clock.elapsed() < static_cast<qint64>(readyTimeout * 1000)) {
            if (state != last)
                std::printf("# index: %s after %.1f s\n", qPrintable(state),
                            static_cast<double>(clock.elapsed()) / 1000.0);
            last = state;
            std::fflush(stdout);
            QThread::msleep(100);
            state = searchState(port);
        }
        if (state != u"index"_s) {
            result.note = u"unavailable: /healthz still says \"%1\" after %2 s"_s.arg(state).arg(
                readyTimeout);
            return result;
        }
    } else if (!state.isEmpty() && state != wantedState) {
        result.note = u"/healthz says search \"%1\", not \"%2\" (server options: %3)"_s.arg(
            state, wantedState, used.join(u' '));
        return result;
    }
    result.readySeconds = static_cast<double>(clock.elapsed()) / 1000.0;
    result.available = true;
    result.note = u"server options: "_s + used.join(u' ');
    const qint64 pid = server->pid();
    // Every query once (warms caches; records what each found), then the
    // measured runs.
    result.outcomes.assign(static_cast<size_t>(queries.size()), Outcome{});
    result.quality =
        runPhase(port, pid, queries, clients, std::max(120.0, seconds * 6), &result.outcomes);
    result.single = runPhase(port, pid, queries, 1, seconds, nullptr);
    result.concurrent = runPhase(port, pid, queries, clients, seconds, nullptr);
    server->terminate();
    return result;
}

QString figure(const PathResult &path, double value, const char *format)
{
    return path.available ? QString::asprintf(format, value) : u"–"_s;
}

QString ratio(const PathResult &a, const PathResult &b, double x, double y)
{
    return a.available && b.available && y > 0 ? QString::asprintf("%.3f", x / y) : u"–"_s;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption eventsOption(u"events"_s, u"Events in the catalog."_s, u"n"_s,
                                          u"100000"_s);
    const QCommandLineOption clientsOption(u"clients"_s, u"Concurrent HTTP clients."_s, u"n"_s,
                                           u"16"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Length of each measured run."_s, u"s"_s,
                                           u"10"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed of the catalog and the queries."_s,
                                        u"n"_s, u"1"_s);
    const QCommandLineOption workersOption(u"workers"_s, u"Server worker threads."_s, u"n"_s,
                                           u"2"_s);
    const QCommandLineOption queriesOption(u"queries"_s, u"Different queries (about)."_s, u"n"_s,
                                           u"440"_s);
    const QCommandLineOption timeoutOption(
        u"index-timeout"_s, u"Longest wait for the index to be ready."_s, u"s"_s, u"1800"_s);
    parser.addOptions({eventsOption, clientsOption, secondsOption, seedOption, workersOption,
                       queriesOption, timeoutOption});
    parser.process(app);
    const qint64 eventCount = parser.value(eventsOption).toLongLong();
    const int clients = parser.value(clientsOption).toInt();
    const double seconds = parser.value(secondsOption).toDouble();
    const quint64 seed = parser.value(seedOption).toULongLong();
    const QString workers = parser.value(workersOption);

    QElapsedTimer step;
    step.start();
    CatalogGenerator catalog(seed,
                             QDateTime(QDate::currentDate().addDays(1), QTime(0, 0), Qt::UTC));
    catalog.generate(eventCount);
    const QList<SearchQuery> queries =
        makeSearchQueries(catalog, seed, parser.value(queriesOption).toInt());
    const double generateSeconds = static_cast<double>(step.restart()) / 1000.0;

    TestDatabase db(u"search_bench"_s);
    loadCatalog(db.conninfo(), catalog);
    const double loadSeconds = static_cast<double>(step.restart()) / 1000.0;
    const qint64 withDocument =
        db.scalar("SELECT count(*) FROM events WHERE search_document <> ''::tsvector AND "
                  "search_text <> '' AND revision > 0");
    const qint64 tickets = db.scalar("SELECT count(*) FROM tickets");
    const qint64 databaseBytes = db.scalar("SELECT pg_database_size(current_database())");

    std::map<QString, int> kinds;
    for (const SearchQuery &q : queries)
        ++kinds[q.kind];
    std::printf("# boxoffice search bench: %lld events, %zu venues in %zu cities, %zu "
                "performers, seed %llu; %lld queries (",
                static_cast<long long>(eventCount), catalog.venues().size(), catalog.cityCount(),
                catalog.performerCount(), static_cast<unsigned long long>(seed),
                static_cast<long long>(queries.size()));
    for (const auto &[kind, count] : kinds)
        std::printf("%s%s %d", kind == kinds.begin()->first ? "" : ", ", qPrintable(kind), count);
    std::printf("); %d clients, %s server workers, %.0f s per run\n", clients, qPrintable(workers),
                seconds);
    std::printf("generate_s            %.1f\n", generateSeconds);
    std::printf("load_s                %.1f (COPY in one transaction + VACUUM ANALYZE; %lld "
                "tickets; database %.0f MB)\n",
                loadSeconds, static_cast<long long>(tickets),
                static_cast<double>(databaseBytes) / 1e6);
    std::printf("triggers              %lld of %lld events have search_document, search_text and "
                "a revision\n",
                static_cast<long long>(withDocument), static_cast<long long>(eventCount));
    std::printf("examples              ");
    for (qsizetype i = 0; i < std::min<qsizetype>(8, queries.size()); ++i)
        std::printf("%s%s", i ? " | " : "", qPrintable(queries.at(i).shown));
    std::printf("\n");
    std::fflush(stdout);

    TestRedis redis;
    if (!redis.start()) {
        std::fprintf(stderr, "could not start redis\n");
        return 1;
    }
    // The load generator is the operator's own: exempt from the public rate
    // limits, which stay at their defaults for everyone else.
    const QStringList common{u"--workers"_s,           workers,
                             u"--log-level"_s,         u"warning"_s,
                             u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s};
    QTemporaryDir indexDir;
    // (a) The index, built from scratch in a directory of its own (or the
    // server's default place, if it has no such option).
    const PathResult index =
        measure(db, redis,
                {common + QStringList{u"--search-index"_s, indexDir.path() + u"/index"_s}, common},
                u"index"_s, queries, clients, seconds, parser.value(timeoutOption).toDouble());
    std::printf("# index path: %s\n", qPrintable(index.note));
    if (index.available)
        std::printf("index_build_s         %.1f (server start to /healthz search \"index\")\n",
                    index.readySeconds);
    std::fflush(stdout);
    // (b) The same data through Postgres full text: the baseline. A server
    // without the option has only that path.
    const PathResult postgres =
        measure(db, redis, {common + QStringList{u"--search-index"_s, u"off"_s}, common},
                u"postgres"_s, queries, clients, seconds, 60);
    std::printf("# postgres path: %s\n", qPrintable(postgres.note));

    std::printf("\n## GET /v1/event over %lld events        index       postgres    "
                "index/postgres\n",
                static_cast<long long>(eventCount));
    auto row = [&](const QByteArray &label, const char *format, auto get) {
        const double a = index.available ? get(index) : 0,
                     b = postgres.available ? get(postgres) : 0;
        std::printf("%-40s %-11s %-11s %s\n", label.constData(),
                    qPrintable(figure(index, a, format)), qPrintable(figure(postgres, b, format)),
                    qPrintable(ratio(index, postgres, a, b)));
    };
    const auto many = [clients](const char *what) -> QByteArray {
        return QByteArray::number(clients) + " clients: " + what;
    };
    row("1 client: p50 ms", "%.2f",
        [](const PathResult &r) { return r.single.latency.percentile(0.5); });
    row("1 client: p99 ms", "%.2f",
        [](const PathResult &r) { return r.single.latency.percentile(0.99); });
    row("1 client: searches/s", "%.0f", [](const PathResult &r) { return r.single.perSecond(); });
    row(many("p50 ms"), "%.2f",
        [](const PathResult &r) { return r.concurrent.latency.percentile(0.5); });
    row(many("p99 ms"), "%.2f",
        [](const PathResult &r) { return r.concurrent.latency.percentile(0.99); });
    row(many("searches/s"), "%.0f", [](const PathResult &r) { return r.concurrent.perSecond(); });
    row(many("server CPU ms/search"), "%.2f", [](const PathResult &r) {
        return r.concurrent.searches
                   ? r.concurrent.serverCpu * 1000 / static_cast<double>(r.concurrent.searches)
                   : 0;
    });
    row(many("postgres CPU ms/search"), "%.2f", [](const PathResult &r) {
        return r.concurrent.searches
                   ? r.concurrent.postgresCpu * 1000 / static_cast<double>(r.concurrent.searches)
                   : 0;
    });
    row("errors (all runs)", "%.0f", [](const PathResult &r) {
        return static_cast<double>(r.quality.errors + r.single.errors + r.concurrent.errors);
    });
    std::printf("%-40s %-11s %-11s\n", "time to ready s (index: its build)",
                qPrintable(figure(index, index.readySeconds, "%.1f")),
                qPrintable(figure(postgres, postgres.readySeconds, "%.1f")));

    // Quality: each query once; "found" = at least one result, "relevant"
    // = results whose name, performer, category, venue or city start words
    // with every expected word (and fall in the dates asked for).
    std::printf("\n## per kind (each query once; 1-client latency)\n");
    std::printf("%-11s %5s | %-46s | %-46s\n", "kind", "n",
                "index: found  relevant  results  p50/p99 ms",
                "postgres: found  relevant  "
                "results  p50/p99 ms");
    for (const auto &[kind, count] : kinds) {
        auto cell = [&, k = kind](const PathResult &r) -> QString {
            if (!r.available)
                return u"–"_s;
            int ran = 0, found = 0;
            qint64 results = 0, relevant = 0;
            for (qsizetype i = 0; i < queries.size(); ++i) {
                const Outcome &o = r.outcomes[static_cast<size_t>(i)];
                if (queries.at(i).kind != k || o.results < 0)
                    continue;
                ++ran;
                found += o.results > 0 ? 1 : 0;
                results += o.results;
                relevant += o.relevant;
            }
            const auto latencies = r.single.perKind.find(k);
            const Latencies l =
                latencies == r.single.perKind.end() ? Latencies{} : latencies->second;
            return QString::asprintf(
                "%5.0f%%  %7.0f%%  %7.1f  %6.1f/%-6.1f", ran ? 100.0 * found / ran : 0.0,
                results ? 100.0 * static_cast<double>(relevant) / static_cast<double>(results)
                        : 0.0,
                ran ? static_cast<double>(results) / ran : 0.0, l.percentile(0.5),
                l.percentile(0.99));
        };
        std::printf("%-11s %5d | %-46s | %-46s\n", qPrintable(kind), count, qPrintable(cell(index)),
                    qPrintable(cell(postgres)));
    }
    int status = 0;
    for (const PathResult *r : {&index, &postgres}) {
        if (r->available && (r->quality.errors + r->single.errors + r->concurrent.errors) > 0)
            status = 3;
    }
    if (!postgres.available) {
        std::fprintf(stderr, "FAILED: the Postgres baseline did not run\n");
        status = 2;
    }
    return status;
}
