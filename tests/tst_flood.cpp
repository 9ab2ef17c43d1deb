// A flood against one server with the public limits (issue 8, DESIGN.md
// invariant 9): thousands of idle connections, a client that pipelines seat
// maps and never reads, stream clients sending huge and over-size
// subscriptions, and a burst of sign-ins, all at once; meanwhile an ordinary
// customer is served, every step answered correctly and in normal time, and
// the server does not grow.
#include "Flood.h"
#include "OrdinaryCustomer.h"
#include "TestStack.h"

#include <QElapsedTimer>
#include <QFile>
#include <QWebSocket>
#include <QtTest>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int IdleConnections = 2000;
// How long the ordinary customer keeps visiting during the flood.
constexpr qint64 FloodMs = 12000;
// A visit every this often: three sales a visit stay within the public
// sale limit of 5/s per account.
constexpr qint64 VisitEveryMs = 750;
// Before back-pressure an ordinary request stalled for 10.8 s.
constexpr qint64 AnsweredWithinMs = 2000;
// Before back-pressure a pipelining client grew the server by 2.5 GB.
constexpr qint64 MaxResidentKiB = 1024 * 1024;

} // namespace

class TestFlood : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamMessagesAreBudgeted();
    void ordinaryCustomerIsServedDuringAFlood();
};

void TestFlood::streamMessagesAreBudgeted()
{
    // Each subscription costs a parse and a query on the worker: a client
    // that sends them back to back is closed after its burst (it found the
    // flood's stream abusers keeping their worker busy, issue 8).
    TestStack stack(u"stream_budget"_s);
    QVERIFY(stack.start());
    QWebSocket client;
    QStringList answers;
    connect(&client, &QWebSocket::textMessageReceived, this,
            [&answers](const QString &text) { answers.append(text); });
    client.open(QUrl(u"ws://127.0.0.1:%1/v1/stream"_s.arg(stack.server().port())));
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);
    // At an ordinary pace everything is answered.
    for (int i = 0; i < 3; ++i) {
        client.sendTextMessage(u"{\"subscribe\":[]}"_s);
        QTRY_COMPARE(answers.size(), i + 1);
    }
    for (int i = 0; i < 60; ++i)
        client.sendTextMessage(u"{\"subscribe\":[]}"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY2(answers.size() <= 25, qPrintable(QString::number(answers.size())));
}

void TestFlood::ordinaryCustomerIsServedDuringAFlood()
{
    // The idle connections need descriptors in this process (the server
    // raises its own limit).
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < IdleConnections + 512)
        QSKIP(qPrintable(u"the hard limit on open files (%1) is too low for %2 idle connections; "
                         "raise it (ulimit -Hn) to at least %3"_s.arg(files.rlim_max)
                             .arg(IdleConnections)
                             .arg(IdleConnections + 512)));

    // The public defaults: nothing exempt. The flood's sign-ins and stream
    // clients and the customer come through a gateway on 127.0.0.1, each
    // with an address of its own; the idle connections and the pipeliner
    // connect directly from other loopback addresses.
    TestStack stack(u"flood"_s,
                    {u"--rate-limit-exempt="_s, u"--trusted-proxies"_s, u"127.0.0.1"_s});
    QVERIFY(stack.start());
    const qint64 event = stack.createEvent(u"Ordinary Evening"_s, 10, 20);
    const qint64 floodEvent = stack.createEvent(u"Flood Night"_s, 40, 50);
    const QByteArray token = stack.registerCustomer(u"ordinary@example.org"_s);
    QVERIFY(!token.isEmpty());
    QVERIFY(!stack.registerCustomer(u"target@example.org"_s).isEmpty());
    const qint64 pid = stack.server().pid();
    const qint64 residentBefore = residentKiB(pid);

    OrdinaryCustomer customer(stack.server().port(), token, event, u"Ordinary Evening"_s,
                              "192.0.2.10");
    QVERIFY2(customer.awaitSearchable(10000), qPrintable(customer.failure()));

    FloodPlan plan;
    plan.port = stack.server().port();
    plan.seatMapEventId = floodEvent;
    plan.knownEventIds = {event, floodEvent};
    plan.loginEmail = u"target@example.org"_s;
    plan.idleConnections = IdleConnections;
    Flood flood(plan);
    flood.start();
    QVERIFY2(QTest::qWaitFor([&] { return flood.inFullSwing(); }, 20000),
             qPrintable(flood.summary()));

    // The customer's visits, while every part of the flood goes on.
    qint64 residentPeak = residentKiB(pid);
    QVERIFY2(customer.subscribe(), qPrintable(customer.failure()));
    QElapsedTimer during;
    during.start();
    int visits = 0;
    while (during.elapsed() < FloodMs) {
        QElapsedTimer visit;
        visit.start();
        QVERIFY2(customer.visit(),
                 qPrintable(customer.failure() + u"; flood: "_s + flood.summary()));
        ++visits;
        residentPeak = std::max(residentPeak, residentKiB(pid));
        // Pacing, not synchronisation: a customer, not a script.
        QTest::qWait(static_cast<int>(std::max<qint64>(0, VisitEveryMs - visit.elapsed())));
    }
    const bool stillInFullSwing = flood.inFullSwing();
    const QString summary = flood.summary();
    flood.stop();

    const QList<OrdinaryCustomer::Step> &steps = customer.steps();
    const auto slowest =
        *std::max_element(steps.cbegin(), steps.cend(),
                          [](const OrdinaryCustomer::Step &a, const OrdinaryCustomer::Step &b) {
                              return a.ms < b.ms;
                          });
    qInfo("flood: %s", qPrintable(summary));
    qInfo("ordinary customer during the flood: %d visits, %lld steps, p50 %lld ms, p99 %lld ms, "
          "slowest %lld ms (%s)",
          visits, static_cast<long long>(steps.size()),
          static_cast<long long>(percentileMs(steps, 50)),
          static_cast<long long>(percentileMs(steps, 99)), static_cast<long long>(slowest.ms),
          slowest.name.constData());
    QMap<QByteArray, QList<OrdinaryCustomer::Step>> byName;
    for (const OrdinaryCustomer::Step &step : steps)
        byName[step.name].append(step);
    for (auto it = byName.cbegin(); it != byName.cend(); ++it)
        qInfo("  %-10s p50 %4lld ms, slowest %4lld ms", it.key().constData(),
              static_cast<long long>(percentileMs(it.value(), 50)),
              static_cast<long long>(percentileMs(it.value(), 100)));
    qInfo("server RSS %lld KiB before, at most %lld KiB during the flood", residentBefore,
          residentPeak);

    QVERIFY2(stillInFullSwing, qPrintable(summary));
    QVERIFY(visits >= 5);
    for (const OrdinaryCustomer::Step &step : steps)
        QVERIFY2(step.ms < AnsweredWithinMs,
                 qPrintable(u"%1 took %2 ms"_s.arg(QString::fromLatin1(step.name)).arg(step.ms)));
    QVERIFY2(residentPeak > 0 && residentPeak < MaxResidentKiB,
             qPrintable(u"server RSS %1 KiB"_s.arg(residentPeak)));
    // The flood hit every limit it aims at.
    const FloodCounts &c = flood.counts();
    QVERIFY(c.pipelinedRequests >= 10000);
    QVERIFY(c.streamClosed >= 1);   // over-size messages close the connection
    QVERIFY(c.loginsSignedIn >= 1); // the right password still works ...
    QVERIFY(c.loginsRefused >= 1);
    QVERIFY(c.loginsRateLimited + c.loginsBusy >= 1); // ... and the rest is held back
    QVERIFY2(c.loginsOther == 0, qPrintable(summary));
    // And the server is well afterwards.
    QCOMPARE(stack.client()->get("/healthz").status, 200);
}

QTEST_MAIN(TestFlood)
#include "tst_flood.moc"
