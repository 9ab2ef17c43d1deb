// The limits layer (DESIGN.md invariant 9): rate limits per client address
// and per account, the trusted gateway's X-Forwarded-For, exemptions, the
// Redis-down fallback, sign-in back-off, the hashing pool, connection caps,
// running out of file descriptors, silent stream clients and /metrics.
#include "ClientAddress.h"
#include "TestStack.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>
#include <latch>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

Headers from(const QByteArray &address)
{
    return {{"X-Forwarded-For"_ba, address}};
}

QByteArray streamHandshake()
{
    return "GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"_ba;
}

// A connection that is open and says nothing, from a chosen local address.
std::unique_ptr<QTcpSocket> idleConnection(quint16 port, const QString &from = u"127.0.0.1"_s)
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->bind(QHostAddress(from));
    socket->connectToHost(QHostAddress::LocalHost, port);
    if (!socket->waitForConnected(5000))
        return nullptr;
    return socket;
}

// One request on a connection of the event loop; the answer's first line
// and body (empty when the server closed without answering).
QByteArray ask(QTcpSocket &socket, const QByteArray &path)
{
    socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        },
        10000);
    answer += socket.readAll();
    return answer;
}

// Every buyer (a new customer each) books its own seat of the event with
// the sandbox card, all at once; their answers, in the seats' order.
std::vector<HttpTestResponse> buyAtOnce(TestStack &stack, qint64 event, const QList<qint64> &seats,
                                        const QString &emailPrefix)
{
    const auto count = static_cast<size_t>(seats.size());
    QList<QByteArray> tokens;
    for (size_t i = 0; i < count; ++i)
        tokens.append(stack.registerCustomer(u"%1%2@example.org"_s.arg(emailPrefix).arg(i)));
    std::vector<HttpTestResponse> answers(count);
    std::latch go(static_cast<std::ptrdiff_t>(count));
    std::vector<std::thread> buyers;
    for (size_t i = 0; i < count; ++i) {
        buyers.emplace_back([&, i] {
            HttpTestClient client("127.0.0.1", stack.server().port());
            client.setToken(tokens.at(static_cast<qsizetype>(i)));
            go.arrive_and_wait();
            answers[i] =
                TestStack::bookWithCard(client, event, {seats.at(static_cast<qsizetype>(i))});
        });
    }
    for (std::thread &buyer : buyers)
        buyer.join();
    return answers;
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void searchesAreLimitedPerAddress();
    void forwardedForCountsOnlyBehindATrustedProxy();
    void exemptAddressesAreNotLimited();
    void registrationIsThrottled();
    void codeLookupsAreThrottled();
    void doorsHaveARateOfTheirOwn();
    void accountBucketFollowsTheAccount();
    void streamConnectsAreLimited();
    void limitsHoldWithoutRedis();
    void wrongPasswordsBackOffOnlyTheirClient();
    void hashingDoesNotStallTheWorker();
    void connectionsAreCappedPerAddressAndInAll();
    void runningOutOfDescriptorsDoesNotStopAccepting();
    void silentStreamClientsAreClosed();
    void metricsAreForTheOperator();
    void inProcessSalesNeedNoSaleThread();
    void refusedSalesLeaveTheBound();
    void salesBeyondTheQueueAreRefused();

private:
    // Behind a trusted gateway on this machine, with tight limits.
    std::unique_ptr<TestStack> m_gateway;
    QByteArray m_clerk;
};

void TestLimits::initTestCase()
{
    m_gateway = std::make_unique<TestStack>(
        u"limits"_s,
        QStringList{u"--trusted-proxies"_s, u"127.0.0.1,::1"_s, u"--rate-limit-exempt"_s,
                    u"198.51.100.0/24"_s, u"--rate-limits"_s,
                    u"search=5/s:10,lookup=1/min:3,sale=1/min:4,stream=1/min:2,login=100/s:100,"
                    "checkin=1/min:10"_s,
                    u"--login-failures"_s, u"3"_s});
    QVERIFY(m_gateway->start());
    m_clerk = m_gateway->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    QVERIFY(!m_clerk.isEmpty());
}

void TestLimits::searchesAreLimitedPerAddress()
{
    auto c = m_gateway->client();
    for (int i = 0; i < 10; ++i)
        QCOMPARE(c->request("GET"_ba, "/v1/event?q=x"_ba, {}, from("203.0.113.1")).status, 200);
    const HttpTestResponse refused =
        c->request("GET"_ba, "/v1/event?q=x"_ba, {}, from("203.0.113.1"));
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), "rate_limited"_ba);
    QVERIFY(refused.headers.value("retry-after").toInt() >= 1);
    QCOMPARE(refused.json()["error"_L1]["limit"_L1].toString(), u"search"_s);
    // The server keeps serving: another client, and other route classes.
    QCOMPARE(c->request("GET"_ba, "/v1/event?q=x"_ba, {}, from("203.0.113.2")).status, 200);
    QCOMPARE(c->request("GET"_ba, "/v1/catalog"_ba, {}, from("203.0.113.1")).status, 200);
    // The bucket refills: after Retry-After the client is served again.
    // (qWaitFor, not QTRY_*: those evaluate a served request more than once.)
    QVERIFY(QTest::qWaitFor(
        [&] {
            return c->request("GET"_ba, "/v1/event?q=x"_ba, {}, from("203.0.113.1")).status == 200;
        },
        5000));
}

void TestLimits::forwardedForCountsOnlyBehindATrustedProxy()
{
    // The unit rules: read from the right, skip trusted hops, stop at the
    // first address the gateway did not vouch for.
    const Subnets trusted{QHostAddress::parseSubnet(u"10.0.0.0/8"_s)};
    const QHostAddress gateway(u"10.0.0.2"_s);
    QCOMPARE(clientAddress(gateway, "203.0.113.5", trusted), QHostAddress(u"203.0.113.5"_s));
    QCOMPARE(clientAddress(gateway, "1.2.3.4, 203.0.113.5, 10.0.0.7", trusted),
             QHostAddress(u"203.0.113.5"_s));
    QCOMPARE(clientAddress(gateway, "", trusted), gateway);
    QCOMPARE(clientAddress(gateway, "garbage, 203.0.113.5", trusted),
             QHostAddress(u"203.0.113.5"_s));
    QCOMPARE(clientAddress(gateway, "203.0.113.5, garbage", trusted), gateway);
    const QHostAddress stranger(u"192.0.2.9"_s);
    QCOMPARE(clientAddress(stranger, "203.0.113.5", trusted), stranger);

    // On the wire: a forged header from an untrusted peer changes nothing.
    // (This server trusts loopback; its clients spoofing a left-most entry
    // still land in the bucket of the address the gateway saw.)
    auto c = m_gateway->client();
    int served = 0;
    for (int i = 0; i < 12; ++i) {
        const QByteArray forged = "198.51.100." + QByteArray::number(i) + ", 203.0.113.3";
        served += c->request("GET"_ba, "/v1/event?q=y"_ba, {}, from(forged)).status == 200;
    }
    QVERIFY2(served <= 11, "spoofed left-most addresses must not buy fresh buckets");
}

void TestLimits::exemptAddressesAreNotLimited()
{
    auto c = m_gateway->client();
    for (int i = 0; i < 40; ++i)
        QCOMPARE(c->request("GET"_ba, "/v1/event?q=z"_ba, {}, from("198.51.100.7")).status, 200);
}

void TestLimits::registrationIsThrottled()
{
    auto c = m_gateway->client();
    // The default: five sign-ups an hour from one address.
    for (int i = 0; i < 5; ++i) {
        const QJsonObject account{{u"email"_s, u"bulk%1@example.org"_s.arg(i)},
                                  {u"password"_s, u"correct horse"_s},
                                  {u"name"_s, u"Bulk"_s}};
        QCOMPARE(c->request("POST"_ba, "/v1/auth/register"_ba,
                            QJsonDocument(account).toJson(QJsonDocument::Compact),
                            from("203.0.113.20"))
                     .status,
                 201);
    }
    const QJsonObject sixth{{u"email"_s, u"bulk6@example.org"_s},
                            {u"password"_s, u"correct horse"_s},
                            {u"name"_s, u"Bulk"_s}};
    const QByteArray body = QJsonDocument(sixth).toJson(QJsonDocument::Compact);
    const HttpTestResponse refused =
        c->request("POST"_ba, "/v1/auth/register"_ba, body, from("203.0.113.20"));
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), "rate_limited"_ba);
    QVERIFY(refused.headers.value("retry-after").toInt() > 60);
    QCOMPARE(m_gateway->db().scalar("SELECT count(*) FROM users WHERE email = 'bulk6@example.org'"),
             0);
    QCOMPARE(c->request("POST"_ba, "/v1/auth/register"_ba, body, from("203.0.113.21")).status, 201);
}

void TestLimits::codeLookupsAreThrottled()
{
    auto c = m_gateway->client(m_clerk);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(c->request("GET"_ba, "/v1/bookings?code=ABCDEFG" + QByteArray::number(i), {},
                            from("203.0.113.30"))
                     .status,
                 200);
    const HttpTestResponse refused =
        c->request("GET"_ba, "/v1/bookings?code=ABCDEFGH"_ba, {}, from("203.0.113.30"));
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.json()["error"_L1]["limit"_L1].toString(), u"lookup"_s);
    // The same clerk from elsewhere: the account's bucket is empty too.
    QCOMPARE(c->request("GET"_ba, "/v1/bookings?code=ABCDEFGH"_ba, {}, from("203.0.113.31")).status,
             429);
    // The clerk's own list is not a lookup.
    QCOMPARE(c->request("GET"_ba, "/v1/bookings"_ba, {}, from("203.0.113.30")).status, 200);
}

void TestLimits::doorsHaveARateOfTheirOwn()
{
    // A venue's doors may share one scanner account: its scans are not
    // held to the sale class's rate (four here), but to their own.
    const QByteArray door = m_gateway->createUser(u"door@example.org"_s, Protocol::Role::Scanner);
    auto c = m_gateway->client(door);
    Headers headers = from("203.0.113.70");
    headers.append({"Content-Type"_ba, "application/json"_ba});
    for (int i = 0; i < 10; ++i)
        QCOMPARE(
            c->request("POST"_ba, "/v1/checkin"_ba, R"({"secret": "NOTATICKET"})", headers).status,
            404);
    const HttpTestResponse refused =
        c->request("POST"_ba, "/v1/checkin"_ba, R"({"secret": "NOTATICKET"})", headers);
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.json()["error"_L1]["limit"_L1].toString(), u"checkin"_s);
}

void TestLimits::accountBucketFollowsTheAccount()
{
    const QByteArray token = m_gateway->registerCustomer(u"mover@example.org"_s);
    auto c = m_gateway->client(token);
    // Four sales a minute per account: releasing holds that do not exist
    // still counts (the limit comes before the work).
    const QByteArray addresses[] = {"203.0.113.40", "203.0.113.41", "203.0.113.42", "203.0.113.43"};
    for (const QByteArray &address : addresses)
        QCOMPARE(c->request("DELETE"_ba, "/v1/holds/00000000-0000-0000-0000-000000000001"_ba, {},
                            from(address))
                     .status,
                 404);
    const HttpTestResponse refused = c->request(
        "DELETE"_ba, "/v1/holds/00000000-0000-0000-0000-000000000001"_ba, {}, from("203.0.113.44"));
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.json()["error"_L1]["limit"_L1].toString(), u"sale"_s);
    // Another account at that address is served.
    const QByteArray other = m_gateway->registerCustomer(u"other@example.org"_s);
    auto o = m_gateway->client(other);
    QCOMPARE(o->request("DELETE"_ba, "/v1/holds/00000000-0000-0000-0000-000000000001"_ba, {},
                        from("203.0.113.44"))
                 .status,
             404);
}

void TestLimits::streamConnectsAreLimited()
{
    // Two upgrades a minute per address; the third is answered as HTTP.
    for (int i = 0; i < 2; ++i) {
        auto c = m_gateway->client();
        const HttpTestResponse upgraded =
            c->request("GET"_ba, "/v1/stream"_ba, {},
                       {{"X-Forwarded-For"_ba, "203.0.113.50"_ba},
                        {"Upgrade"_ba, "websocket"_ba},
                        {"Connection"_ba, "Upgrade"_ba},
                        {"Sec-WebSocket-Key"_ba, "dGhlIHNhbXBsZSBub25jZQ=="_ba},
                        {"Sec-WebSocket-Version"_ba, "13"_ba}});
        QCOMPARE(upgraded.status, 101);
    }
    auto c = m_gateway->client();
    const HttpTestResponse refused =
        c->request("GET"_ba, "/v1/stream"_ba, {},
                   {{"X-Forwarded-For"_ba, "203.0.113.50"_ba},
                    {"Upgrade"_ba, "websocket"_ba},
                    {"Connection"_ba, "Upgrade"_ba},
                    {"Sec-WebSocket-Key"_ba, "dGhlIHNhbXBsZSBub25jZQ=="_ba},
                    {"Sec-WebSocket-Version"_ba, "13"_ba}});
    QCOMPARE(refused.status, 429);
    QCOMPARE(refused.errorCode(), "rate_limited"_ba);
}

void TestLimits::limitsHoldWithoutRedis()
{
    m_gateway->redis().stop();
    auto c = m_gateway->client();
    int served = 0;
    int refused = 0;
    for (int i = 0; i < 30; ++i) {
        const int status =
            c->request("GET"_ba, "/v1/event?q=x"_ba, {}, from("203.0.113.60")).status;
        served += status == 200;
        refused += status == 429;
    }
    // This process's own buckets: the burst of ten, then refusals.
    QVERIFY2(served >= 10 && served <= 12, QByteArray::number(served).constData());
    QCOMPARE(served + refused, 30);
    QVERIFY(m_gateway->redis().start());
}

void TestLimits::wrongPasswordsBackOffOnlyTheirClient()
{
    m_gateway->registerCustomer(u"victim@example.org"_s);
    auto c = m_gateway->client();
    const auto login = [&](const QString &password, const QByteArray &address) {
        return c->request("POST"_ba, "/v1/auth/login"_ba,
                          QJsonDocument(QJsonObject{{u"email"_s, u"victim@example.org"_s},
                                                    {u"password"_s, password}})
                              .toJson(QJsonDocument::Compact),
                          from(address));
    };
    // Three failures are allowed; then the guesser waits, doubling.
    for (int i = 0; i < 3; ++i)
        QCOMPARE(login(u"guess guess"_s, "203.0.113.70").status, 401);
    const HttpTestResponse waiting = login(u"correct horse"_s, "203.0.113.70");
    QCOMPARE(waiting.status, 429);
    QCOMPARE(waiting.errorCode(), "too_many_attempts"_ba);
    QVERIFY(waiting.headers.value("retry-after").toInt() >= 1);
    QVERIFY(waiting.headers.value("retry-after").toInt() <= 2);
    // The owner, elsewhere, signs in at once.
    QCOMPARE(login(u"correct horse"_s, "203.0.113.71").status, 200);
    // One more failure once the wait is over doubles the next wait.
    QVERIFY(QTest::qWaitFor([&] { return login(u"guess guess"_s, "203.0.113.70").status == 401; },
                            5000));
    const HttpTestResponse longer = login(u"correct horse"_s, "203.0.113.70");
    QCOMPARE(longer.status, 429);
    QCOMPARE(longer.headers.value("retry-after").toInt(), 2);
    // And the right password works from the guesser's address after the
    // short back-off: no lock-out.
    QVERIFY(QTest::qWaitFor([&] { return login(u"correct horse"_s, "203.0.113.70").status == 200; },
                            6000));
}

void TestLimits::hashingDoesNotStallTheWorker()
{
    // One worker, one hashing thread: 20 sign-ins queue up on the pool
    // while a catalog read on the same worker is answered at once.
    TestStack stack(u"hashing"_s, {u"--workers"_s, u"1"_s, u"--hashing-threads"_s, u"1"_s,
                                   u"--max-queued-hashes"_s, u"30"_s});
    QVERIFY(stack.start());
    stack.registerCustomer(u"many@example.org"_s);
    const QByteArray login = QJsonDocument(QJsonObject{{u"email"_s, u"many@example.org"_s},
                                                       {u"password"_s, u"correct horse"_s}})
                                 .toJson(QJsonDocument::Compact);
    const QByteArray request = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
                               "application/json\r\nContent-Length: " +
                               QByteArray::number(login.size()) + "\r\n\r\n" + login;
    std::vector<std::unique_ptr<QTcpSocket>> logins;
    for (int i = 0; i < 20; ++i) {
        logins.push_back(idleConnection(stack.server().port()));
        QVERIFY(logins.back());
        logins.back()->write(request);
        logins.back()->flush();
    }
    auto reader = idleConnection(stack.server().port());
    QVERIFY(reader);
    const QByteArray catalog = ask(*reader, "/v1/catalog?limit=1");
    QVERIFY2(catalog.startsWith("HTTP/1.1 200"), catalog.constData());
    int answeredBefore = 0;
    for (const auto &socket : logins)
        answeredBefore += socket->bytesAvailable() > 0;
    QVERIFY2(answeredBefore < 10, QByteArray::number(answeredBefore).constData());
    // All of them are answered, each with a session.
    for (const auto &socket : logins) {
        QTRY_VERIFY_WITH_TIMEOUT(socket->bytesAvailable() > 0, 20000);
        QVERIFY(socket->readAll().startsWith("HTTP/1.1 200"));
    }

    // The queue is bounded: past it, 503 server_busy with Retry-After.
    std::vector<std::unique_ptr<QTcpSocket>> burst;
    for (int i = 0; i < 45; ++i) {
        burst.push_back(idleConnection(stack.server().port()));
        QVERIFY(burst.back());
        burst.back()->write(request);
    }
    int busy = 0;
    int signedIn = 0;
    for (const auto &socket : burst) {
        QTRY_VERIFY_WITH_TIMEOUT(socket->bytesAvailable() > 0, 30000);
        QByteArray answer;
        (void)QTest::qWaitFor(
            [&] {
                answer += socket->readAll();
                return answer.contains("}");
            },
            1000);
        busy += answer.startsWith("HTTP/1.1 503") && answer.contains("server_busy") &&
                answer.contains("Retry-After: 1");
        signedIn += answer.startsWith("HTTP/1.1 200");
    }
    QVERIFY2(busy >= 10, QByteArray::number(busy).constData());
    QCOMPARE(busy + signedIn, 45);
}

void TestLimits::connectionsAreCappedPerAddressAndInAll()
{
    TestStack stack(u"conncap"_s,
                    {u"--workers"_s, u"2"_s, u"--rate-limit-exempt="_s,
                     u"--max-connections-per-address"_s, u"8"_s, u"--max-connections"_s, u"12"_s});
    QVERIFY(stack.start());
    const quint16 port = stack.server().port();
    std::vector<std::unique_ptr<QTcpSocket>> open;
    for (int i = 0; i < 8; ++i) {
        open.push_back(idleConnection(port));
        QVERIFY(open.back());
    }
    QVERIFY(ask(*open.front(), "/healthz").startsWith("HTTP/1.1 200"));
    auto ninth = idleConnection(port);
    QVERIFY(ninth);
    const QByteArray refused = ask(*ninth, "/healthz");
    QVERIFY2(refused.startsWith("HTTP/1.1 429"), refused.constData());
    QVERIFY(refused.contains("too_many_connections"));
    // Other addresses, up to the total.
    for (int i = 0; i < 4; ++i) {
        open.push_back(idleConnection(port, u"127.0.0.2"_s));
        QVERIFY(open.back());
    }
    QVERIFY(ask(*open.back(), "/healthz").startsWith("HTTP/1.1 200"));
    auto overTotal = idleConnection(port, u"127.0.0.3"_s);
    QVERIFY(overTotal);
    QVERIFY(ask(*overTotal, "/healthz").startsWith("HTTP/1.1 429"));
    // A closed connection frees its place.
    open.front()->abort();
    open.erase(open.begin());
    QVERIFY(QTest::qWaitFor(
        [&] {
            auto again = idleConnection(port);
            return again && ask(*again, "/healthz").startsWith("HTTP/1.1 200");
        },
        5000));
}

void TestLimits::runningOutOfDescriptorsDoesNotStopAccepting()
{
    TestDatabase db(u"fds"_s);
    TestRedis redis;
    QVERIFY(redis.start());
    TestServer server(db, redis, {u"--workers"_s, u"1"_s, u"--log-level"_s, u"warning"_s});
    server.setOpenFileLimit(96);
    QVERIFY(server.start());
    std::vector<std::unique_ptr<QTcpSocket>> flood;
    for (int i = 0; i < 160; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, server.port());
        flood.push_back(std::move(socket));
    }
    // The server reaches its descriptor limit (96, counted in /proc).
    const QString descriptors = u"/proc/%1/fd"_s.arg(server.pid());
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return QDir(descriptors)
                                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System)
                                .size() >= 95;
                 },
                 10000),
             server.output().constData());
    flood.clear(); // every client goes away
    // The listener accepts again once descriptors are free.
    QByteArray last;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     auto c = server.client();
                     const auto answer = c->get("/healthz");
                     last = QByteArray::number(answer.status) + ' ' + answer.body;
                     return answer.status == 200;
                 },
                 10000),
             QByteArray(last + "\n" + server.output()).constData());
}

void TestLimits::silentStreamClientsAreClosed()
{
    TestStack stack(u"silent"_s, {u"--stream-idle-timeout-ms"_s, u"1000"_s});
    QVERIFY(stack.start());
    // A client that completed the handshake and then went silent (a frozen
    // kiosk, a half-open connection) ...
    auto silent = idleConnection(stack.server().port());
    QVERIFY(silent);
    silent->write(streamHandshake());
    QTRY_VERIFY(silent->bytesAvailable() > 0);
    QVERIFY(silent->readAll().startsWith("HTTP/1.1 101"));
    // ... and a real WebSocket client, which answers pings on its own.
    QWebSocket live;
    live.open(QUrl(u"ws://127.0.0.1:%1/v1/stream"_s.arg(stack.server().port())));
    QTRY_COMPARE(live.state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE_WITH_TIMEOUT(silent->state(), QAbstractSocket::UnconnectedState, 5000);
    QCOMPARE(live.state(), QAbstractSocket::ConnectedState);
    // Still served, not just still open.
    QStringList received;
    connect(&live, &QWebSocket::textMessageReceived, this,
            [&received](const QString &text) { received.append(text); });
    live.sendTextMessage(u"{\"subscribe\":[]}"_s);
    QTRY_COMPARE(received.size(), 1);
    auto c = stack.client();
    QVERIFY(c->get("/metrics").body.contains("boxoffice_stream_clients_timed_out_total 1\n"));
}

void TestLimits::metricsAreForTheOperator()
{
    // Behind the gateway: a forwarded request is not the operator.
    auto c = m_gateway->client();
    QCOMPARE(c->request("GET"_ba, "/metrics"_ba, {}, from("203.0.113.80")).status, 403);
    QCOMPARE(c->get("/metrics").status, 200); // this machine, directly

    TestStack stack(u"metrics"_s, {u"--metrics-token"_s, u"0123456789abcdef0123"_s});
    QVERIFY(stack.start());
    auto anonymous = stack.client();
    const HttpTestResponse refused = anonymous->get("/metrics");
    QCOMPARE(refused.status, 401);
    QCOMPARE(refused.errorCode(), "unauthorized"_ba);
    QCOMPARE(stack.client("0123456789abcdef0124")->get("/metrics").status, 401);
    const HttpTestResponse allowed = stack.client("0123456789abcdef0123")->get("/metrics");
    QCOMPARE(allowed.status, 200);
    QVERIFY(allowed.body.contains("boxoffice_rate_limited_total"));
}

void TestLimits::salesBeyondTheQueueAreRefused()
{
    // Room for two sales under way at once: a burst of 32 buyers at once
    // overflows it. The overflow is refused before anything is charged.
    TestStack stack(u"salequeue"_s, {u"--sale-threads"_s, u"1"_s, u"--max-queued-sales"_s, u"2"_s});
    QVERIFY(stack.start());
    constexpr int Buyers = 32;
    const qint64 event = stack.createEvent(u"Small Hall"_s, 5, 8); // 8 seats left over
    const QList<qint64> seats = stack.ticketIds(event);
    const std::vector<HttpTestResponse> answers =
        buyAtOnce(stack, event, seats.first(Buyers), u"queue"_s);
    int sold = 0, refused = 0;
    for (int i = 0; i < Buyers; ++i) {
        const HttpTestResponse &answer = answers[static_cast<size_t>(i)];
        if (answer.status == 201) {
            ++sold;
            continue;
        }
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.errorCode(), "server_busy"_ba);
        QCOMPARE(answer.headers.value("retry-after"), "1"_ba);
        ++refused;
    }
    QVERIFY2(refused > 0, "32 buyers at once never overflowed a queue of two");
    QVERIFY(sold > 0);
    // Only the sales that were taken were authorized and sold.
    const std::string e = std::to_string(event);
    QCOMPARE(
        stack.db().scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e),
        qint64(sold));
    QCOMPARE(stack.db().scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'authorize'"),
             qint64(sold));
    // And the server goes on selling.
    HttpTestClient later("127.0.0.1", stack.server().port());
    later.setToken(stack.registerCustomer(u"later@example.org"_s));
    QCOMPARE(TestStack::bookWithCard(later, event, {seats.last()}).status, 201);
}

void TestLimits::inProcessSalesNeedNoSaleThread()
{
    // One sale thread: a sale that waited on it for its batch would be
    // decided alone, batch after batch. Sales paid in-process wait on
    // nothing but their batch, so 32 buyers at once share batches, and each
    // gets its own answer.
    TestStack stack(u"inprocess"_s, {u"--sale-threads"_s, u"1"_s});
    QVERIFY(stack.start());
    constexpr int Buyers = 32;
    const qint64 event = stack.createEvent(u"Club"_s, 4, 8);
    const QList<qint64> seats = stack.ticketIds(event);
    const std::vector<HttpTestResponse> answers = buyAtOnce(stack, event, seats, u"inprocess"_s);
    QSet<QString> codes;
    for (int i = 0; i < Buyers; ++i) {
        const HttpTestResponse &answer = answers[static_cast<size_t>(i)];
        QCOMPARE(answer.status, 201);
        const QJsonArray tickets = answer.json().value(u"tickets"_s).toArray();
        QCOMPARE(tickets.size(), 1);
        QCOMPARE(tickets.at(0).toObject().value(u"id"_s).toInteger(), seats.at(i));
        codes.insert(answer.json().value(u"code"_s).toString());
    }
    QCOMPARE(codes.size(), Buyers);
    const QByteArray metrics = stack.client()->get("/metrics").body;
    const auto counter = [&](const QByteArray &name) {
        for (const QByteArray &line : metrics.split('\n')) {
            if (line.startsWith(QByteArray(name + ' ')))
                return line.split(' ').last().toLongLong();
        }
        return qint64(-1);
    };
    const qint64 batches = counter("boxoffice_sale_batches_total"_ba);
    QCOMPARE(counter("boxoffice_batched_sales_total"_ba), qint64(Buyers));
    QVERIFY2(batches > 0 && batches < Buyers,
             qPrintable(u"%1 sales in %2 batches"_s.arg(Buyers).arg(batches)));
}

void TestLimits::refusedSalesLeaveTheBound()
{
    // Room for one sale under way: every refusal, before its batch or in it,
    // must give its place back, or the next buyer would be turned away.
    TestStack stack(u"salebound"_s, {u"--max-queued-sales"_s, u"1"_s});
    QVERIFY(stack.start());
    const qint64 event = stack.createEvent(u"Bound"_s, 1, 4);
    const QList<qint64> seats = stack.ticketIds(event);
    HttpTestClient buyer("127.0.0.1", stack.server().port());
    buyer.setToken(stack.registerCustomer(u"bound@example.org"_s));
    const QByteArray path = "/v1/event/" + QByteArray::number(event) + "/bookings";
    const auto declined = [&] {
        return buyer.post(
            path,
            {{u"ticket_ids"_s, QJsonArray{seats.at(0)}},
             {u"payment_details"_s,
              QJsonObject{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_decline"_s}}}},
            {{"Idempotency-Key", TestStack::idempotencyKey()}});
    };
    for (int i = 0; i < 3; ++i) // refused by the batch: the card is declined
        QCOMPARE(declined().status, 402);
    QCOMPARE(TestStack::bookWithCard(buyer, event, {seats.at(1)}).status, 201);
    for (int i = 0; i < 3; ++i) // refused before the batch: the seat is sold
        QCOMPARE(TestStack::bookWithCard(buyer, event, {seats.at(1)}).status, 409);
    // Refused once counted, before the sale begins: cash is for the counter.
    QCOMPARE(buyer
                 .post(path,
                       {{u"ticket_ids"_s, QJsonArray{seats.at(2)}},
                        {u"payment_details"_s,
                         QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 10000}}}},
                       {{"Idempotency-Key", TestStack::idempotencyKey()}})
                 .status,
             403);
    QCOMPARE(TestStack::bookWithCard(buyer, event, {seats.at(2)}).status, 201);
    QCOMPARE(TestStack::bookWithCard(buyer, event, {seats.at(3)}).status, 201);
}

QTEST_MAIN(TestLimits)
#include "tst_limits.moc"
