// An ordinary customer's visit (search, event, seat map, hold and its push on
// the stream, booking, cancellation) timed on a server with the public
// limits, first alone and then during a flood (issue 8): thousands of idle
// connections, a client pipelining seat maps without reading, stream clients
// sending huge and over-size subscriptions, a burst of sign-ins. Prints both
// latencies, their ratio and the server's memory.
//
//   flood [--seconds S] [--idle N] [--pipeliners N] [--stream-abusers N] [--logins N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both).
#include "Flood.h"
#include "OrdinaryCustomer.h"
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {
// Three sales a visit stay within the public sale limit of 5/s per account.
constexpr qint64 VisitEveryMs = 750;

struct Phase
{
    int visits = 0;
    qint64 p50 = 0;
    qint64 p99 = 0;
    qint64 slowest = 0;
    qint64 residentPeakKiB = 0;
};

// Visits for a while, paced like a person; the steps' times.
bool visitFor(OrdinaryCustomer &customer, qint64 ms, qint64 pid, Phase &phase)
{
    const qsizetype first = customer.steps().size();
    QElapsedTimer elapsed;
    elapsed.start();
    while (elapsed.elapsed() < ms) {
        QElapsedTimer visit;
        visit.start();
        if (!customer.visit())
            return false;
        ++phase.visits;
        phase.residentPeakKiB = std::max(phase.residentPeakKiB, residentKiB(pid));
        QTest::qWait(static_cast<int>(std::max<qint64>(0, VisitEveryMs - visit.elapsed())));
    }
    const QList<OrdinaryCustomer::Step> steps = customer.steps().mid(first);
    phase.p50 = percentileMs(steps, 50);
    phase.p99 = percentileMs(steps, 99);
    for (const OrdinaryCustomer::Step &step : steps)
        phase.slowest = std::max(phase.slowest, step.ms);
    return true;
}

void print(const char *name, const Phase &phase)
{
    std::printf("%-22s visits %3d  p50 %4lld ms  p99 %5lld ms  slowest %5lld ms  server RSS %lld "
                "MiB\n",
                name, phase.visits, static_cast<long long>(phase.p50),
                static_cast<long long>(phase.p99), static_cast<long long>(phase.slowest),
                static_cast<long long>(phase.residentPeakKiB / 1024));
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption secondsOption(u"seconds"_s, u"Length of each phase."_s, u"s"_s,
                                           u"15"_s);
    const QCommandLineOption idleOption(u"idle"_s, u"Idle connections."_s, u"n"_s, u"2000"_s);
    const QCommandLineOption pipelinersOption(u"pipeliners"_s, u"Clients that never read."_s,
                                              u"n"_s, u"1"_s);
    const QCommandLineOption abusersOption(u"stream-abusers"_s, u"Abusive stream clients."_s,
                                           u"n"_s, u"4"_s);
    const QCommandLineOption loginsOption(u"logins"_s, u"Sign-in connections."_s, u"n"_s, u"96"_s);
    parser.addOptions({secondsOption, idleOption, pipelinersOption, abusersOption, loginsOption});
    parser.process(app);
    const qint64 phaseMs = parser.value(secondsOption).toLongLong() * 1000;

    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);

    // The public defaults, nothing exempt; 127.0.0.1 is the gateway.
    TestStack stack(u"bench_flood"_s, {u"--rate-limit-exempt="_s, u"--trusted-proxies"_s,
                                       u"127.0.0.1"_s, u"--log-level"_s, u"critical"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "could not start the server\n");
        return 1;
    }
    const qint64 event = stack.createEvent(u"Ordinary Evening"_s, 10, 20);
    const qint64 floodEvent = stack.createEvent(u"Flood Night"_s, 40, 50);
    const QByteArray token = stack.registerCustomer(u"ordinary@example.org"_s);
    stack.registerCustomer(u"target@example.org"_s);
    const qint64 pid = stack.server().pid();

    OrdinaryCustomer customer(stack.server().port(), token, event, u"Ordinary Evening"_s,
                              "192.0.2.10");
    Phase alone;
    alone.residentPeakKiB = residentKiB(pid);
    if (!customer.awaitSearchable(10000) || !customer.subscribe() ||
        !visitFor(customer, phaseMs, pid, alone)) {
        std::fprintf(stderr, "without a flood: %s\n", qPrintable(customer.failure()));
        return 1;
    }

    FloodPlan plan;
    plan.port = stack.server().port();
    plan.seatMapEventId = floodEvent;
    plan.knownEventIds = {event, floodEvent};
    plan.loginEmail = u"target@example.org"_s;
    plan.idleConnections = parser.value(idleOption).toInt();
    plan.pipeliners = parser.value(pipelinersOption).toInt();
    plan.streamAbusers = parser.value(abusersOption).toInt();
    plan.loginConnections = parser.value(loginsOption).toInt();
    Flood flood(plan);
    flood.start();
    if (!QTest::qWaitFor([&] { return flood.inFullSwing(); }, 30000)) {
        std::fprintf(stderr, "the flood did not get going: %s\n", qPrintable(flood.summary()));
        return 1;
    }
    const FloodCounts &c = flood.counts();
    const qint64 pipelinedBefore = c.pipelinedRequests;
    const qint64 loginsBefore = c.loginsSent;
    const qint64 streamBefore = c.streamMessages;
    Phase during;
    // A fresh subscription, made during the flood, carries the pushes.
    OrdinaryCustomer floodCustomer(stack.server().port(), token, event, u"Ordinary Evening"_s,
                                   "192.0.2.11");
    const bool served = floodCustomer.subscribe() && visitFor(floodCustomer, phaseMs, pid, during);
    const QString summary = flood.summary();
    const qint64 pipelined = c.pipelinedRequests - pipelinedBefore;
    const qint64 logins = c.loginsSent - loginsBefore;
    const qint64 streamMessages = c.streamMessages - streamBefore;
    flood.stop();
    if (!served) {
        std::fprintf(stderr, "during the flood: %s\n", qPrintable(floodCustomer.failure()));
        return 1;
    }

    std::printf("# boxoffice flood: one ordinary customer, a visit every %lld ms for %lld s "
                "(search, event, seat map, hold + push, booking, cancel), public limits\n",
                static_cast<long long>(VisitEveryMs), static_cast<long long>(phaseMs / 1000));
    std::printf("# flood: %d idle connections from %d addresses, %d pipeliner(s), %d stream "
                "abusers, %d sign-in connections\n",
                plan.idleConnections, std::min(plan.idleConnections, plan.idleAddresses),
                plan.pipeliners, plan.streamAbusers, plan.loginConnections);
    print("without_flood", alone);
    print("during_flood", during);
    std::printf("ratio_p50              %.2f\n",
                alone.p50 > 0 ? static_cast<double>(during.p50) / static_cast<double>(alone.p50)
                              : 0.0);
    std::printf("ratio_p99              %.2f\n",
                alone.p99 > 0 ? static_cast<double>(during.p99) / static_cast<double>(alone.p99)
                              : 0.0);
    std::printf("flood_in_phase         %lld pipelined requests sent, %lld sign-ins, %lld stream "
                "messages\n",
                static_cast<long long>(pipelined), static_cast<long long>(logins),
                static_cast<long long>(streamMessages));
    std::printf("flood_totals           %s\n", qPrintable(summary));
    return 0;
}
