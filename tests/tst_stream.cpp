// The /v1/stream WebSocket (invariant 6): a subscriber sees every change of
// a booking storm, in version order, with no gap; applying the pushes to a
// snapshot gives the server's state; a client that missed changes catches
// up with ?since=.
#include "StreamTestClient.h"
#include "TestStack.h"
#include "WebSocketFrame.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
const QJsonObject ApprovedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_approve"_s}};
} // namespace

class TestStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void subscribeAnswersWithVersions();
    void badMessagesGetErrors();
    void stormArrivesCompleteAndInOrder();
    void unsubscribeStopsPushes();
    void freeSeatsOfEveryEventForThoseWhoAsk();
    void missedChangesAreRecoveredWithSince();
    void changesReachSubscribersOfOtherInstances();
    void upgradeOnAReusedConnection_data();
    void upgradeOnAReusedConnection();
    void streamWithoutUpgradeIsRefused();
    void subscriptionsAreBounded();
    void pushFramesAreReadByWebSocketClients_data();
    void pushFramesAreReadByWebSocketClients();
    void subscriberThatStopsReadingIsDropped();
    void protocolFrames_data();
    void protocolFrames();

private:
    QHash<qint64, QString> ticketState(qint64 eventId, qint64 *version);

    std::unique_ptr<TestStack> m_stack;
    QList<QByteArray> m_buyers;
};

void TestStream::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"stream"_s,
                                          QStringList{u"--max-held-seats-per-user"_s, u"1000"_s,
                                                      u"--max-seats-per-hold"_s, u"1000"_s});
    QVERIFY(m_stack->start());
    for (int i = 0; i < 8; ++i)
        m_buyers.append(m_stack->registerCustomer(u"streamer%1@example.org"_s.arg(i)));
}

QHash<qint64, QString> TestStream::ticketState(qint64 eventId, qint64 *version)
{
    const QJsonObject map =
        m_stack->client()->get("/v1/event/" + QByteArray::number(eventId) + "/tickets").json();
    *version = map.value(u"version"_s).toInteger();
    QHash<qint64, QString> state;
    for (const QJsonValue &t : map.value(u"tickets"_s).toArray())
        state.insert(t.toObject().value(u"id"_s).toInteger(),
                     t.toObject().value(u"status"_s).toString());
    return state;
}

void TestStream::subscribeAnswersWithVersions()
{
    const qint64 event = m_stack->createEvent(u"Stream Hello"_s, 2, 5);
    StreamTestClient client(m_stack->server().port());
    QVERIFY(client.waitConnected());
    client.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(client.ofType(u"subscribed"_s).size(), 1);
    const QJsonArray events = client.ofType(u"subscribed"_s).first().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().toObject().value(u"event_id"_s).toInteger(), event);
    QCOMPARE(events.first().toObject().value(u"version"_s).toInteger(), 0);
    QVERIFY(m_stack->client()->get("/metrics").body.contains("boxoffice_websocket_clients 1"));
}

void TestStream::badMessagesGetErrors()
{
    const qint64 event = m_stack->createEvent(u"Stream Errors"_s, 2, 5);
    StreamTestClient client(m_stack->server().port());
    QVERIFY(client.waitConnected());
    client.m_socket.sendTextMessage(u"this is not json"_s);
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 1);
    QCOMPARE(
        client.ofType(u"error"_s).first().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"malformed_message"_s);
    client.send({{u"subscribe"_s, u"everything"_s}});
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 2);
    client.send({{u"subscribe"_s, QJsonArray{987654321}}});
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 3);
    QCOMPARE(
        client.ofType(u"error"_s).last().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"not_found"_s);
    // A number no id can be (too large for an integer) is refused, not cast.
    client.m_socket.sendTextMessage(u"{\"subscribe\":[1e300]}"_s);
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 4);
    QCOMPARE(
        client.ofType(u"error"_s).last().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"malformed_message"_s);
    client.send({{u"subscribe"_s, QJsonArray{987654321}}});
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 5);
    QCOMPARE(
        client.ofType(u"error"_s).last().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"not_found"_s);
    // Still usable.
    client.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_VERIFY(!client.ofType(u"subscribed"_s).isEmpty());
    QCOMPARE(client.m_socket.state(), QAbstractSocket::ConnectedState);
}

void TestStream::stormArrivesCompleteAndInOrder()
{
    const qint64 event = m_stack->createEvent(u"Stream Storm"_s, 10, 20);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    qint64 startVersion = 0;
    QHash<qint64, QString> mirror = ticketState(event, &startVersion);
    QCOMPARE(mirror.size(), 200);

    // Two subscribers: with four workers they likely sit on different ones.
    StreamTestClient first(m_stack->server().port());
    StreamTestClient second(m_stack->server().port());
    QVERIFY(first.waitConnected());
    QVERIFY(second.waitConnected());
    first.send({{u"subscribe"_s, QJsonArray{event}}});
    second.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(first.ofType(u"subscribed"_s).size(), 1);
    QTRY_COMPARE(second.ofType(u"subscribed"_s).size(), 1);

    std::atomic<int> done{0};
    std::vector<std::thread> buyers;
    const quint16 port = m_stack->server().port();
    for (int b = 0; b < m_buyers.size(); ++b) {
        buyers.emplace_back([&, b] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(m_buyers.at(b));
            QRandomGenerator random(static_cast<quint32>(b + 1));
            for (int i = 0; i < 40; ++i) {
                QJsonArray seats;
                const int count = 1 + static_cast<int>(random.bounded(3));
                while (seats.size() < count) {
                    const qint64 id =
                        tickets.at(static_cast<qsizetype>(random.bounded(tickets.size())));
                    if (!seats.contains(id))
                        seats.append(id);
                }
                if (b % 2) {
                    client.post("/v1/event/" + QByteArray::number(event) + "/bookings",
                                {{u"ticket_ids"_s, seats}, {u"payment_details"_s, ApprovedCard}},
                                {{"Idempotency-Key", TestStack::idempotencyKey()}});
                } else {
                    // Holds come and go: held, then released.
                    const HttpTestResponse hold =
                        client.post("/v1/event/" + QByteArray::number(event) + "/holds",
                                    {{u"ticket_ids"_s, seats}});
                    if (hold.status == 201)
                        client.request(
                            "DELETE",
                            "/v1/holds/" + hold.json().value(u"hold_id"_s).toString().toUtf8(), {});
                }
            }
            ++done;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(done.load(), static_cast<int>(buyers.size()), 120000);
    for (std::thread &t : buyers)
        t.join();
    const qint64 finalVersion =
        m_stack->db().scalar("SELECT version FROM events WHERE id = " + std::to_string(event));
    QVERIFY(finalVersion > startVersion + 10);

    for (StreamTestClient *client : {&first, &second}) {
        QTRY_VERIFY_WITH_TIMEOUT(
            !client->ofType(u"tickets"_s).isEmpty() &&
                client->ofType(u"tickets"_s).last().value(u"version"_s).toInteger() == finalVersion,
            20000);
        // Every version exactly once, in order, no gap.
        qint64 expected = startVersion + 1;
        QHash<qint64, QString> applied = mirror;
        for (const QJsonObject &push : client->ofType(u"tickets"_s)) {
            QCOMPARE(push.value(u"event_id"_s).toInteger(), event);
            QCOMPARE(push.value(u"version"_s).toInteger(), expected);
            ++expected;
            QVERIFY(!push.value(u"tickets"_s).toArray().isEmpty());
            for (const QJsonValue &t : push.value(u"tickets"_s).toArray())
                applied.insert(t.toObject().value(u"id"_s).toInteger(),
                               t.toObject().value(u"status"_s).toString());
        }
        QCOMPARE(expected, finalVersion + 1);
        // The pushes alone bring a snapshot to the server's state.
        qint64 version = 0;
        QCOMPARE(applied, ticketState(event, &version));
        QCOMPARE(version, finalVersion);
    }
}

void TestStream::unsubscribeStopsPushes()
{
    const qint64 event = m_stack->createEvent(u"Stream Quiet"_s, 2, 5);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    StreamTestClient client(m_stack->server().port());
    QVERIFY(client.waitConnected());
    client.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(client.ofType(u"subscribed"_s).size(), 1);
    auto buyer = m_stack->client(m_buyers.first());
    const QByteArray holds = "/v1/event/" + QByteArray::number(event) + "/holds";
    QCOMPARE(buyer->post(holds, {{u"ticket_ids"_s, QJsonArray{tickets[0]}}}).status, 201);
    QTRY_COMPARE(client.ofType(u"tickets"_s).size(), 1);

    client.send({{u"unsubscribe"_s, QJsonArray{event}}});
    // The server reads a connection's messages in order: once the marker
    // subscription sent after it is confirmed, the unsubscribe has been done.
    const qint64 other = m_stack->createEvent(u"Stream Marker"_s, 1, 2);
    client.send({{u"subscribe"_s, QJsonArray{other}}});
    QTRY_COMPARE(client.ofType(u"subscribed"_s).size(), 2);
    QCOMPARE(buyer->post(holds, {{u"ticket_ids"_s, QJsonArray{tickets[1]}}}).status, 201);
    // A marker change on the other subscription proves pushes are flowing.
    QCOMPARE(buyer
                 ->post("/v1/event/" + QByteArray::number(other) + "/holds",
                        {{u"ticket_ids"_s, QJsonArray{m_stack->ticketIds(other).first()}}})
                 .status,
             201);
    QTRY_COMPARE(client.ofType(u"tickets"_s).size(), 2);
    QCOMPARE(client.ofType(u"tickets"_s).last().value(u"event_id"_s).toInteger(), other);
}

void TestStream::freeSeatsOfEveryEventForThoseWhoAsk()
{
    const qint64 first = m_stack->createEvent(u"Counted A"_s, 2, 10);
    const qint64 second = m_stack->createEvent(u"Counted B"_s, 2, 10);
    // Buyers of its own: the other tests' buyers keep their seat caps.
    QList<QByteArray> buyers;
    for (int i = 0; i < 6; ++i)
        buyers.append(m_stack->registerCustomer(u"counter%1@example.org"_s.arg(i)));
    StreamTestClient watcher(m_stack->server().port());
    StreamTestClient other(m_stack->server().port());
    QVERIFY(watcher.waitConnected() && other.waitConnected());
    watcher.send({{u"watch_availability"_s, true}});
    // Messages are read in order: the marker's answer means the watch is on.
    watcher.send({{u"subscribe"_s, QJsonArray{first}}});
    QTRY_COMPARE(watcher.ofType(u"subscribed"_s).size(), 1);
    other.send({{u"subscribe"_s, QJsonArray{second}}});
    QTRY_COMPARE(other.ofType(u"subscribed"_s).size(), 1);

    // Ten holds on two events within a moment: coalesced into a message or
    // two a second, with the counts the database has.
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < 5; ++i) {
        for (qint64 event : {first, second}) {
            auto buyer = m_stack->client(buyers.at(i));
            QCOMPARE(buyer
                         ->post("/v1/event/" + QByteArray::number(event) + "/holds",
                                {{u"ticket_ids"_s, QJsonArray{m_stack->ticketIds(event).at(i)}}})
                         .status,
                     201);
        }
    }
    const auto latest = [&watcher](qint64 event) {
        qint64 available = -1;
        for (const QJsonObject &message : watcher.ofType(u"availability"_s)) {
            for (const QJsonValue &value : message.value(u"events"_s).toArray()) {
                if (value[u"event_id"_s].toInteger() == event)
                    available = value[u"available"_s].toInteger();
            }
        }
        return available;
    };
    QTRY_COMPARE_WITH_TIMEOUT(latest(first), 15, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(latest(second), 15, 5000);
    QCOMPARE(
        m_stack->db().scalar("SELECT available FROM events WHERE id = " + std::to_string(first)),
        15);
    const qsizetype messages = watcher.ofType(u"availability"_s).size();
    QVERIFY2(messages <= elapsed.elapsed() / 1000 + 2, qPrintable(QString::number(messages)));
    // Only for those who asked.
    QVERIFY(other.ofType(u"availability"_s).isEmpty());
    // Switched off: no more.
    watcher.send({{u"watch_availability"_s, false}});
    watcher.send({{u"subscribe"_s, QJsonArray{second}}});
    QTRY_COMPARE(watcher.ofType(u"subscribed"_s).size(), 2);
    QCOMPARE(m_stack->client(buyers.at(5))
                 ->post("/v1/event/" + QByteArray::number(first) + "/holds",
                        {{u"ticket_ids"_s, QJsonArray{m_stack->ticketIds(first).at(9)}}})
                 .status,
             201);
    // Its push on `first` arrived; an availability message would have been
    // sent within the second after.
    const qint64 last = m_stack->ticketIds(first).at(9);
    QTRY_VERIFY([&] {
        for (const QJsonObject &push : watcher.ofType(u"tickets"_s)) {
            for (const QJsonValue &ticket : push.value(u"tickets"_s).toArray()) {
                if (ticket[u"id"_s].toInteger() == last)
                    return true;
            }
        }
        return false;
    }());
    QTest::qWait(1500);
    QCOMPARE(latest(first), 15);
    // Anything but true or false is a clear error, and the connection stays.
    watcher.send({{u"watch_availability"_s, u"yes"_s}});
    QTRY_COMPARE(watcher.ofType(u"error"_s).size(), 1);
    QCOMPARE(watcher.ofType(u"error"_s).first()[u"error"_s][u"code"_s].toString(),
             u"malformed_message"_s);
}

void TestStream::missedChangesAreRecoveredWithSince()
{
    const qint64 event = m_stack->createEvent(u"Stream Catch-up"_s, 3, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    qint64 version = 0;
    QHash<qint64, QString> mirror = ticketState(event, &version);
    auto buyer = m_stack->client(m_buyers.at(1));
    // Changes happen while this client is away.
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(buyer
                     ->post("/v1/event/" + QByteArray::number(event) + "/bookings",
                            {{u"ticket_ids"_s, QJsonArray{tickets[i]}},
                             {u"payment_details"_s, ApprovedCard}},
                            {{"Idempotency-Key", TestStack::idempotencyKey()}})
                     .status,
                 201);
    }
    const QJsonObject since = m_stack->client()
                                  ->get("/v1/event/" + QByteArray::number(event) +
                                        "/tickets?since=" + QByteArray::number(version))
                                  .json();
    QCOMPARE(since.value(u"tickets"_s).toArray().size(), 5);
    for (const QJsonValue &t : since.value(u"tickets"_s).toArray())
        mirror.insert(t.toObject().value(u"id"_s).toInteger(),
                      t.toObject().value(u"status"_s).toString());
    qint64 now = 0;
    QCOMPARE(mirror, ticketState(event, &now));
    QCOMPARE(since.value(u"version"_s).toInteger(), now);
}

void TestStream::changesReachSubscribersOfOtherInstances()
{
    // A second server instance on the same Postgres and Redis, as behind a
    // gateway: a sale through one reaches the other's subscribers
    // (LISTEN/NOTIFY), and both answer the same state.
    TestServer second(m_stack->db(), m_stack->redis());
    QVERIFY(second.start());
    QVERIFY(second.port() != m_stack->server().port());
    const qint64 event = m_stack->createEvent(u"Two Instances"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    StreamTestClient watcher(second.port());
    QVERIFY(watcher.waitConnected());
    watcher.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(watcher.ofType(u"subscribed"_s).size(), 1);

    auto buyer = m_stack->client(m_buyers.at(2)); // talks to the first instance
    QCOMPARE(buyer
                 ->post("/v1/event/" + QByteArray::number(event) + "/bookings",
                        {{u"ticket_ids"_s, QJsonArray{tickets[0], tickets[1]}},
                         {u"payment_details"_s, ApprovedCard}},
                        {{"Idempotency-Key", TestStack::idempotencyKey()}})
                 .status,
             201);
    QTRY_COMPARE(watcher.ofType(u"tickets"_s).size(), 1);
    const QJsonObject push = watcher.ofType(u"tickets"_s).first();
    QCOMPARE(push.value(u"version"_s).toInteger(), 1);
    QCOMPARE(push.value(u"tickets"_s).toArray().size(), 2);
    // The other instance's answers agree, and its seats are just as taken.
    auto viaSecond = second.client(m_buyers.at(3));
    QCOMPARE(viaSecond->get("/v1/event/" + QByteArray::number(event))
                 .json()
                 .value(u"version"_s)
                 .toInteger(),
             1);
    QCOMPARE(viaSecond
                 ->post("/v1/event/" + QByteArray::number(event) + "/holds",
                        {{u"ticket_ids"_s, QJsonArray{tickets[1]}}})
                 .status,
             409);
}

namespace {
// Reads from a raw socket until `done` says the bytes so far are enough.
QByteArray readUntil(QTcpSocket &socket, const std::function<bool(const QByteArray &)> &done)
{
    QByteArray bytes;
    QElapsedTimer timer;
    timer.start();
    // Bytes may be buffered already (an event loop ran since they came).
    bytes += socket.readAll();
    while (!done(bytes) && timer.elapsed() < 10000) {
        socket.waitForReadyRead(100);
        bytes += socket.readAll();
    }
    return bytes;
}

// One masked WebSocket frame, as a client must send it (RFC 6455 5.3);
// first is the first byte (FIN and opcode).
QByteArray maskedFrame(char first, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(first);
    frame.append(char(0x80 | payload.size())); // payloads under 126 bytes here
    const QByteArray mask = "\x12\x34\x56\x78";
    frame.append(mask);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask.at(i % 4)));
    return frame;
}

QByteArray maskedTextFrame(const QByteArray &payload)
{
    return maskedFrame(char(0x81), payload);
}

// A raw connection that has done the opening handshake.
bool openRawStream(QTcpSocket &socket, quint16 port)
{
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return false;
    socket.write("GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    return readUntil(socket, [](const QByteArray &b) { return b.endsWith("\r\n\r\n"); })
        .startsWith("HTTP/1.1 101");
}
} // namespace

void TestStream::upgradeOnAReusedConnection_data()
{
    QTest::addColumn<bool>("pipelined");
    QTest::addColumn<int>("pieces");
    QTest::addRow("after an answered request") << false << 1;
    QTest::addRow("pipelined behind a request") << true << 1;
    QTest::addRow("pipelined, cut in pieces") << true << 9;
}

void TestStream::upgradeOnAReusedConnection()
{
    // Pooling clients (aiohttp, browsers behind a proxy) ask for the stream
    // on a keep-alive connection that already carried ordinary requests.
    QFETCH(bool, pipelined);
    QFETCH(int, pieces);
    const qint64 event = m_stack->createEvent(u"Stream Reused"_s, 1, 3);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, m_stack->server().port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray first = "GET /v1/event/" + QByteArray::number(event) +
                             " HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
    const QByteArray upgrade = "GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    QByteArray answers;
    if (pipelined) {
        // Written in pieces, each on its own, so the server reads the
        // upgrade request across several reads.
        const QByteArray bytes = first + upgrade;
        const qsizetype step = bytes.size() / pieces + 1;
        for (qsizetype at = 0; at < bytes.size(); at += step) {
            socket.write(bytes.mid(at, step));
            socket.waitForBytesWritten(1000);
            QTest::qWait(1);
        }
        answers = readUntil(socket, [](const QByteArray &b) {
            return b.indexOf("101 Switching") > 0 && b.endsWith("\r\n\r\n");
        });
    } else {
        socket.write(first);
        answers = readUntil(socket, [](const QByteArray &b) { return b.contains("\"version\""); });
        QVERIFY2(answers.startsWith("HTTP/1.1 200"), answers.constData());
        socket.write(upgrade);
        answers += readUntil(socket, [](const QByteArray &b) {
            return b.contains("101 Switching") && b.endsWith("\r\n\r\n");
        });
    }
    // The ordinary request is answered first, then the switch, with the
    // accept key of RFC 6455's example.
    QVERIFY2(answers.startsWith("HTTP/1.1 200"), answers.constData());
    const qsizetype switched = answers.indexOf("HTTP/1.1 101");
    QVERIFY2(switched > 0, answers.constData());
    QVERIFY(answers.indexOf("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", switched) > 0);
    // And it is a live stream: a subscription is confirmed.
    socket.write(maskedTextFrame("{\"subscribe\":[" + QByteArray::number(event) + "]}"));
    const QByteArray frames =
        readUntil(socket, [](const QByteArray &b) { return b.contains("subscribed"); });
    QVERIFY2(frames.contains("\"subscribed\""), frames.constData());
}

void TestStream::subscriptionsAreBounded()
{
    const qint64 event = m_stack->createEvent(u"Stream Bounded"_s, 1, 2);
    // Duplicates count once, and every unknown id is named in one error.
    StreamTestClient client(m_stack->server().port());
    QVERIFY(client.waitConnected());
    client.send({{u"subscribe"_s, QJsonArray{event, event, event, 987654301, 987654302}}});
    QTRY_COMPARE(client.ofType(u"subscribed"_s).size(), 1);
    const QJsonArray events = client.ofType(u"subscribed"_s).first().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().toObject().value(u"event_id"_s).toInteger(), event);
    QCOMPARE(client.ofType(u"error"_s).size(), 1);
    const QString unknown = client.ofType(u"error"_s)
                                .first()
                                .value(u"error"_s)
                                .toObject()
                                .value(u"message"_s)
                                .toString();
    QVERIFY2(unknown.contains(u"987654301"_s) && unknown.contains(u"987654302"_s),
             qPrintable(unknown));

    // More ids than one connection may follow: refused whole.
    QJsonArray many;
    for (int i = 1; i <= 1001; ++i)
        many.append(1000000000 + i);
    client.send({{u"subscribe"_s, many}});
    QTRY_COMPARE(client.ofType(u"error"_s).size(), 2);
    QCOMPARE(
        client.ofType(u"error"_s).last().value(u"error"_s).toObject().value(u"code"_s).toString(),
        u"too_many_subscriptions"_s);
    QCOMPARE(client.ofType(u"subscribed"_s).size(), 1);

    // A message far beyond any subscription (250,000 ids, about 3 MB) closes
    // the connection instead of being read; others are served meanwhile.
    QString huge = u"{\"subscribe\":["_s;
    for (int i = 1; i <= 250000; ++i)
        huge += QString::number(1000000000 + i) + (i < 250000 ? u","_s : u"]}"_s);
    StreamTestClient flooder(m_stack->server().port());
    QVERIFY(flooder.waitConnected());
    flooder.m_socket.sendTextMessage(huge);
    QTRY_COMPARE_WITH_TIMEOUT(flooder.m_socket.state(), QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(flooder.m_socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QCOMPARE(m_stack->client()->get("/v1/event/" + QByteArray::number(event)).status, 200);
    // The well-behaved connection is still there.
    client.send({{u"unsubscribe"_s, QJsonArray{event}}});
    client.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(client.ofType(u"subscribed"_s).size(), 2);
}

void TestStream::protocolFrames_data()
{
    // What the client sends after the handshake, and what must come back.
    QTest::addColumn<QByteArray>("sent");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<bool>("closes");
    const QByteArray subscribe = "{\"subscribe\":[1]}";
    QTest::addRow("ping answered with its payload")
        << maskedFrame(char(0x89), "ping") << QByteArray("\x8a\x04ping", 6) << false;
    QTest::addRow("message in fragments") << maskedFrame(char(0x01), subscribe.left(5)) +
                                                 maskedFrame(char(0x00), subscribe.mid(5, 4)) +
                                                 maskedFrame(char(0x80), subscribe.mid(9))
                                          << "subscribed"_ba << false;
    QTest::addRow("ping between fragments")
        << maskedFrame(char(0x01), subscribe.left(5)) + maskedFrame(char(0x89), "x") +
               maskedFrame(char(0x80), subscribe.mid(5))
        << "subscribed"_ba << false;
    QTest::addRow("binary ignored, text after it served")
        << maskedFrame(char(0x82), "\x01\x02") + maskedTextFrame(subscribe) << "subscribed"_ba
        << false;
    QTest::addRow("close echoed") << maskedFrame(char(0x88), QByteArray("\x03\xe8", 2) + "bye")
                                  << QByteArray("\x88\x02\x03\xe8", 4) << true;
    QTest::addRow("unmasked frame: 1002")
        << QByteArray("\x81\x05hello", 7) << QByteArray("\x03\xea", 2) << true;
    QTest::addRow("continuation without a message: 1002")
        << maskedFrame(char(0x80), "x") << QByteArray("\x03\xea", 2) << true;
    QTest::addRow("reserved bit: 1002")
        << maskedFrame(char(0xc1), "x") << QByteArray("\x03\xea", 2) << true;
    QTest::addRow("text that is not UTF-8: 1007")
        << maskedTextFrame("\xff\xfe") << QByteArray("\x03\xef", 2) << true;
}

void TestStream::protocolFrames()
{
    QFETCH(QByteArray, sent);
    QFETCH(QByteArray, expected);
    QFETCH(bool, closes);
    QTcpSocket socket;
    QVERIFY(openRawStream(socket, m_stack->server().port()));
    socket.write(sent);
    const QByteArray answer =
        readUntil(socket, [&](const QByteArray &b) { return b.contains(expected); });
    QVERIFY2(answer.contains(expected), answer.toHex(' ').constData());
    if (closes) {
        // The server ends the connection after its close frame.
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 5000);
    } else {
        socket.write(maskedFrame(char(0x89), "still"));
        QVERIFY(readUntil(socket, [](const QByteArray &b) {
                    return b.contains("still");
                }).contains("still"));
    }
    QCOMPARE(m_stack->client()->get("/healthz").status, 200);
}

void TestStream::streamWithoutUpgradeIsRefused()
{
    const HttpTestResponse r = m_stack->client()->get("/v1/stream");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), "malformed_request"_ba);
    QCOMPARE(m_stack->client()->get("/healthz").status, 200);
}

QTEST_GUILESS_MAIN(TestStream)
#include "tst_stream.moc"

void TestStream::pushFramesAreReadByWebSocketClients_data()
{
    // Each length encoding (7, 16 and 64 bits) and both sides of its limits.
    QTest::addColumn<int>("size");
    for (int size : {0, 1, 125, 126, 65535, 65536, 300000})
        QTest::addRow("%d bytes", size) << size;
}

void TestStream::pushFramesAreReadByWebSocketClients()
{
    // The hub writes frames under QWebSocket: a real client must read them.
    QFETCH(int, size);
    QTcpServer listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QByteArray message(size, 'x');
    if (size > 2)
        message.replace(size / 2, 2, "\xc3\xa9"); // UTF-8 beyond ASCII too
    connect(&listener, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = listener.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, message] {
            if (!socket->peek(64 * 1024).contains("\r\n\r\n"))
                return;
            QByteArray key;
            for (const QByteArray &line : socket->readAll().split('\n')) {
                if (line.toLower().startsWith("sec-websocket-key:"))
                    key = line.mid(18).trimmed();
            }
            const QByteArray accept =
                QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                         QCryptographicHash::Sha1)
                    .toBase64();
            socket->write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                          accept + "\r\n\r\n");
            // Two pushes back to back, as a storm sends them.
            socket->write(WebSocketFrame::text(message) + WebSocketFrame::text("after"));
        });
    });
    QWebSocket client;
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, this,
            [&received](const QString &text) { received.append(text); });
    client.open(QUrl(u"ws://127.0.0.1:%1/"_s.arg(listener.serverPort())));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.at(0).toUtf8(), message);
    QCOMPARE(received.at(1), u"after"_s);
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
}

void TestStream::subscriberThatStopsReadingIsDropped()
{
    const qint64 event = m_stack->createEvent(u"Stream Slow Reader"_s, 20, 50);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    const quint16 port = m_stack->server().port();

    // A subscriber that does the handshake, subscribes and then never reads:
    // a small receive buffer so its kernel takes little off the server.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    QTcpSocket slow;
    QVERIFY(slow.setSocketDescriptor(fd));
    slow.write("GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QTRY_VERIFY(slow.bytesAvailable() > 0 && slow.peek(4096).contains("\r\n\r\n"));
    QVERIFY(slow.readAll().startsWith("HTTP/1.1 101"));
    // A masked text frame, as a client must send.
    const QByteArray subscribe = "{\"subscribe\":[" + QByteArray::number(event) + "]}";
    QByteArray frame;
    frame.append(char(0x81)).append(char(0x80 | subscribe.size())).append("\0\0\0\0", 4);
    slow.write(frame + subscribe);
    QTRY_VERIFY(slow.bytesAvailable() > 0);
    // From here on it never reads.
    slow.setReadBufferSize(1);

    StreamTestClient prompt(port);
    QVERIFY(prompt.waitConnected());
    prompt.send({{u"subscribe"_s, QJsonArray{event}}});
    QTRY_COMPARE(prompt.ofType(u"subscribed"_s).size(), 1);

    const auto metric = [this](const QByteArray &name) {
        const QByteArray metrics = m_stack->client()->get("/metrics").body;
        const qsizetype at = metrics.indexOf(QByteArray("\n" + name + ' '));
        if (at < 0)
            return -1;
        const qsizetype from = at + name.size() + 2;
        return metrics.mid(from, metrics.indexOf('\n', from) - from).toInt();
    };
    const auto streamClients = [&metric] { return metric("boxoffice_websocket_clients"); };
    // Dropped for its backlog, not for missing pings.
    const int timedOut = metric("boxoffice_stream_clients_timed_out_total");
    const int connected = streamClients();
    QVERIFY(connected >= 2);
    const qint64 rssBefore = residentKiB(m_stack->server().pid());
    auto buyer = m_stack->client(m_buyers.at(2));
    // Holds of 1,000 seats taken and given back: about 30 KB per push, far
    // more than the slow reader's kernel and the 1 MiB limit take.
    QElapsedTimer elapsed;
    elapsed.start();
    int round = 0;
    for (; round < 500 && streamClients() == connected; ++round) {
        QJsonArray seats;
        for (int i = 0; i < 1000; ++i)
            seats.append(tickets.at(i));
        const HttpTestResponse hold = buyer->post(
            "/v1/event/" + QByteArray::number(event) + "/holds", {{u"ticket_ids"_s, seats}});
        QCOMPARE(hold.status, 201);
        QCOMPARE(buyer
                     ->request("DELETE",
                               "/v1/holds/" + hold.json().value(u"hold_id"_s).toString().toUtf8(),
                               {})
                     .status,
                 204);
        const qint64 version =
            m_stack->db().scalar("SELECT version FROM events WHERE id = " + std::to_string(event));
        // The reader that keeps up gets each push at once, slow one or not.
        QTRY_VERIFY_WITH_TIMEOUT(
            !prompt.ofType(u"tickets"_s).isEmpty() &&
                prompt.ofType(u"tickets"_s).last().value(u"version"_s).toInteger() == version,
            2000);
    }
    qInfo() << round << "rounds took" << elapsed.elapsed() << "ms; server RSS" << rssBefore << "->"
            << residentKiB(m_stack->server().pid()) << "KiB";
    // The server gave up on it rather than buffering without bound.
    QCOMPARE(streamClients(), connected - 1);
    QCOMPARE(metric("boxoffice_stream_clients_timed_out_total"), timedOut);
    QVERIFY(residentKiB(m_stack->server().pid()) < rssBefore + 32 * 1024);
    slow.setReadBufferSize(0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            slow.readAll();
            return slow.state() == QAbstractSocket::UnconnectedState;
        }(),
        20000);
    QCOMPARE(prompt.m_socket.state(), QAbstractSocket::ConnectedState);
}
