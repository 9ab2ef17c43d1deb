// Reads at the speed of a static file server (issue 10): GET /v1/event/{id}
// and /v1/event/{id}/tickets of one event of 2,000 seats (a few sold) from
// the real server, next to nginx serving the very same bodies as static
// files, in the same run, with the same load generator (wrk) on the same
// cores. Each path is measured against both, alternating, for a few rounds;
// the figure is the ratio server / nginx.
//
//   read_bench [--workers N] [--seconds S] [--rounds N] [--connections N] [--threads N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both),
// nginx (Debian's nginx-light) and wrk.
#include "Nginx.h"
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    double requestsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    qint64 errors = 0; // non-2xx answers and socket errors
    double cpuSeconds = 0;
};

// wrk's durations: "812.00us", "1.23ms", "2.01s".
double milliseconds(const QString &value)
{
    static const QRegularExpression pattern(u"([0-9.]+)(us|ms|s|m)"_s);
    const auto match = pattern.match(value);
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    return unit == u"us"_s ? number / 1000 : unit == u"ms"_s ? number : number * 1000;
}

Run wrk(const QString &url, int threads, int connections, int seconds,
        const std::function<double()> &cpu)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const double cpu0 = cpu();
    process.start(u"wrk"_s,
                  {u"-t"_s + QString::number(threads), u"-c"_s + QString::number(connections),
                   u"-d"_s + QString::number(seconds) + u"s"_s, u"--latency"_s, url});
    process.waitForFinished((seconds + 60) * 1000);
    Run run;
    run.cpuSeconds = cpu() - cpu0;
    const QString out = QString::fromUtf8(process.readAll());
    const auto capture = [&](const QString &pattern) {
        return QRegularExpression(pattern, QRegularExpression::MultilineOption)
            .match(out)
            .captured(1);
    };
    run.requestsPerSecond = capture(u"^Requests/sec:\\s+([0-9.]+)"_s).toDouble();
    run.p50Ms = milliseconds(capture(u"^\\s+50%\\s+(\\S+)"_s));
    run.p99Ms = milliseconds(capture(u"^\\s+99%\\s+(\\S+)"_s));
    run.errors = capture(u"Non-2xx or 3xx responses: (\\d+)"_s).toLongLong();
    const auto sockets = QRegularExpression(u"Socket errors: connect (\\d+), read (\\d+), "
                                            "write (\\d+), timeout (\\d+)"_s)
                             .match(out);
    for (int i = 1; i <= 4; ++i)
        run.errors += sockets.captured(i).toLongLong();
    if (run.requestsPerSecond <= 0)
        std::fprintf(stderr, "wrk %s failed:\n%s\n", qPrintable(url), qPrintable(out));
    return run;
}

// nginx serving the bodies as static files at the server's paths, in the
// usual tuned way: one worker process per core, keep-alive, no access log.
class StaticServer
{
public:
    bool start(const std::map<QByteArray, QByteArray> &bodies)
    {
        QString locations;
        int n = 0;
        for (const auto &[path, body] : bodies) {
            const QString file = m_nginx.directory() + u"/body%1.json"_s.arg(n++);
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(body) != body.size())
                return false;
            locations += u"    location = %1 { alias %2; }\n"_s.arg(QString::fromUtf8(path), file);
        }
        return m_nginx.start(u"  sendfile on;\n"
                             "  tcp_nopush on;\n"
                             "  keepalive_requests 1000000;\n"
                             "  keepalive_timeout 60s;\n"
                             "  types { }\n"
                             "  default_type application/json;\n"_s,
                             locations, bodies.begin()->first,
                             static_cast<int>(std::thread::hardware_concurrency()));
    }
    quint16 port() const { return m_nginx.port(); }

private:
    Nginx m_nginx;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    // 4 workers answered more than 2 on two cores (docs/PERFORMANCE.md).
    const QCommandLineOption workersOption(u"workers"_s, u"Server worker threads."_s, u"n"_s,
                                           u"4"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Length of each wrk run."_s, u"s"_s,
                                           u"10"_s);
    const QCommandLineOption roundsOption(u"rounds"_s, u"Rounds of server, nginx per path."_s,
                                          u"n"_s, u"2"_s);
    const QCommandLineOption connectionsOption(u"connections"_s, u"wrk connections."_s, u"n"_s,
                                               u"64"_s);
    const QCommandLineOption threadsOption(u"threads"_s, u"wrk threads."_s, u"n"_s, u"2"_s);
    parser.addOptions(
        {workersOption, secondsOption, roundsOption, connectionsOption, threadsOption});
    parser.process(app);
    const int seconds = parser.value(secondsOption).toInt();
    const int rounds = parser.value(roundsOption).toInt();
    const int connections = parser.value(connectionsOption).toInt();
    const int threads = parser.value(threadsOption).toInt();
    for (const QString &tool : {u"nginx"_s, u"wrk"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty() &&
            QStandardPaths::findExecutable(tool, {u"/usr/sbin"_s}).isEmpty()) {
            std::fprintf(stderr, "%s is missing (apt-get install nginx-light wrk)\n",
                         qPrintable(tool));
            return 1;
        }
    }

    // The load generator is the operator's own: exempt from the rate limits.
    TestStack stack(u"read_bench"_s, {u"--workers"_s, parser.value(workersOption), u"--log-level"_s,
                                      u"critical"_s, u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "could not start the server\n");
        return 1;
    }
    const qint64 event = stack.createEvent(u"The Famous Event"_s, 40, 50, 9900);
    const QList<qint64> tickets = stack.ticketIds(event);
    // A few seats sold, here and there, so the bodies are realistic.
    auto buyer = stack.client(stack.registerCustomer(u"reader@example.org"_s));
    for (int sale = 0; sale < 8; ++sale) {
        QJsonArray seats;
        for (int i = 0; i < 3; ++i)
            seats.append(tickets.at(sale * 211 + i));
        const HttpTestResponse r = buyer->post(
            "/v1/event/" + QByteArray::number(event) + "/bookings",
            {{u"ticket_ids"_s, seats},
             {u"payment_details"_s,
              QJsonObject{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_approve"_s}}}},
            {{"Idempotency-Key", TestStack::idempotencyKey()}});
        if (r.status != 201) {
            std::fprintf(stderr, "booking failed: %d %s\n", r.status, r.body.constData());
            return 1;
        }
    }
    const QByteArray details = "/v1/event/" + QByteArray::number(event);
    const QByteArray seatMap = details + "/tickets";
    std::map<QByteArray, QByteArray> bodies;
    auto reader = stack.client();
    for (const QByteArray &path : {details, seatMap}) {
        const HttpTestResponse r = reader->get(path);
        if (r.status != 200) {
            std::fprintf(stderr, "GET %s: %d\n", path.constData(), r.status);
            return 1;
        }
        bodies[path] = r.body;
    }
    StaticServer nginx;
    if (!nginx.start(bodies)) {
        std::fprintf(stderr, "could not start nginx\n");
        return 1;
    }

    std::printf("# reads: boxoffice-server (%s workers) vs nginx (%u worker processes) serving "
                "the same bodies; wrk -t%d -c%d -d%ds, %d round(s), %u cores\n",
                qPrintable(parser.value(workersOption)), std::thread::hardware_concurrency(),
                threads, connections, seconds, rounds, std::thread::hardware_concurrency());
    const QString serverPid = QString::number(stack.server().pid());
    const auto serverCpu = [&] { return cpuSeconds(serverPid); };
    const auto nginxCpu = [] { return cpuSecondsOf("nginx"); };
    struct Totals
    {
        std::vector<Run> server, nginx;
    };
    std::map<QByteArray, Totals> totals;
    for (int round = 1; round <= rounds; ++round) {
        for (const QByteArray &path : {details, seatMap}) {
            const QString tail = QString::fromUtf8(path);
            const Run ours = wrk(u"http://127.0.0.1:%1%2"_s.arg(stack.server().port()).arg(tail),
                                 threads, connections, seconds, serverCpu);
            const Run theirs = wrk(u"http://127.0.0.1:%1%2"_s.arg(nginx.port()).arg(tail), threads,
                                   connections, seconds, nginxCpu);
            totals[path].server.push_back(ours);
            totals[path].nginx.push_back(theirs);
            for (const auto &[who, run] : {std::pair{"server", ours}, std::pair{"nginx", theirs}})
                std::printf("round %d  %-26s %-7s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  "
                            "cpu %5.1f s  errors %lld\n",
                            round, path.constData(), who, run.requestsPerSecond, run.p50Ms,
                            run.p99Ms, run.cpuSeconds, static_cast<long long>(run.errors));
        }
    }

    std::printf("\n");
    for (const QByteArray &path : {details, seatMap}) {
        const auto mean = [](const std::vector<Run> &runs, double Run::*field) {
            double sum = 0;
            for (const Run &run : runs)
                sum += run.*field;
            return runs.empty() ? 0.0 : sum / static_cast<double>(runs.size());
        };
        const Totals &t = totals[path];
        const double ours = mean(t.server, &Run::requestsPerSecond);
        const double theirs = mean(t.nginx, &Run::requestsPerSecond);
        std::printf("## GET %s (%lld-byte body)\n",
                    path == details ? "/v1/event/{id}" : "/v1/event/{id}/tickets",
                    static_cast<long long>(bodies[path].size()));
        std::printf("server_req_per_s      %.0f  p50 %.2f ms  p99 %.2f ms\n", ours,
                    mean(t.server, &Run::p50Ms), mean(t.server, &Run::p99Ms));
        std::printf("nginx_req_per_s       %.0f  p50 %.2f ms  p99 %.2f ms\n", theirs,
                    mean(t.nginx, &Run::p50Ms), mean(t.nginx, &Run::p99Ms));
        std::printf("server / nginx        %.2f\n\n", theirs > 0 ? ours / theirs : 0.0);
    }
    return 0;
}
