// Waiting rooms for on-sales (issue 11, docs/API.md "Waiting room"): with
// the room off nothing changes; with it on, a customer's holds and bookings
// need their own good pass; 5,000 buyers joining at once are admitted in
// order, none twice, never faster than the room's rate; passes expire and
// cannot be shared; a restart keeps every place; the stream tells a place
// its position and its admission; a room switches on by itself above the
// operator's request rate. All against the real server, Postgres and Redis.
#include "StreamTestClient.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

QByteArray queuePath(qint64 eventId)
{
    return "/v1/event/" + QByteArray::number(eventId) + "/queue";
}

QByteArray holdsPath(qint64 eventId)
{
    return "/v1/event/" + QByteArray::number(eventId) + "/holds";
}

HttpTestResponse setRoom(HttpTestClient &admin, qint64 eventId, bool enabled, double rate)
{
    const QJsonObject body{{u"enabled"_s, enabled}, {u"admit_per_second"_s, rate}};
    return admin.request("PUT"_ba, queuePath(eventId),
                         QJsonDocument(body).toJson(QJsonDocument::Compact),
                         {{"Content-Type", "application/json"}});
}

HttpTestResponse hold(HttpTestClient &client, qint64 eventId, const QList<qint64> &ticketIds,
                      const QByteArray &pass = {})
{
    QJsonArray ids;
    for (qint64 id : ticketIds)
        ids.append(id);
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!pass.isEmpty())
        headers.append({"X-Queue-Pass", pass});
    return client.post(holdsPath(eventId), {{u"ticket_ids"_s, ids}}, headers);
}

QString statusOf(HttpTestClient &client, const QString &queueId)
{
    return client.get("/v1/queue/" + queueId.toUtf8()).json().value(u"status"_s).toString();
}

} // namespace

class TestWaitingRoom : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roomOffChangesNothing();
    void passNeededWhileOn();
    void passOfAnotherAccountIsRefused();
    void badRequestsAreRefused();
    void thousandsAdmittedInOrderNoneTwice();
    void streamTellsPositionAndAdmission();
    void passesExpireUnused();
    void restartKeepsPlaces();
    void otherInstancesFollowAtOnce();
    void switchesOnAboveRequestRate();

private:
    // Joins and waits for admission; returns the place's answer.
    QJsonObject joinAndWaitForPass(HttpTestClient &client, qint64 eventId);

    std::unique_ptr<TestStack> m_stack;
    QByteArray m_admin;
    QByteArray m_clerk;
};

void TestWaitingRoom::initTestCase()
{
    // Thousands of joins from this one address: exempt from the per-address
    // limits, as a venue's trusted network would be.
    m_stack = std::make_unique<TestStack>(u"waiting_room"_s,
                                          QStringList{u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    QVERIFY(m_stack->start());
    m_admin = m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    m_clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    QVERIFY(!m_admin.isEmpty() && !m_clerk.isEmpty());
}

QJsonObject TestWaitingRoom::joinAndWaitForPass(HttpTestClient &client, qint64 eventId)
{
    const HttpTestResponse joined = client.post(queuePath(eventId), {});
    if (joined.status != 201 && joined.status != 200)
        return {};
    const QString queueId = joined.json().value(u"queue_id"_s).toString();
    QJsonObject place;
    (void)QTest::qWaitFor(
        [&] {
            place = client.get("/v1/queue/" + queueId.toUtf8()).json();
            return place.value(u"status"_s).toString() != u"waiting"_s;
        },
        20000);
    return place;
}

void TestWaitingRoom::roomOffChangesNothing()
{
    const qint64 event = m_stack->createEvent(u"No Room"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    auto customer = m_stack->client(m_stack->createCustomers(1, u"off"_s).first());

    const QJsonObject room = customer->get(queuePath(event)).json();
    QCOMPARE(room.value(u"enabled"_s).toBool(), false);
    QCOMPARE(room.value(u"waiting"_s).toInteger(), 0);
    // Holds and bookings as they always were, without any pass.
    QCOMPARE(hold(*customer, event, {tickets[0]}).status, 201);
    QCOMPARE(TestStack::bookWithCard(*customer, event, {tickets[1]}).status, 201);
    // There is nothing to queue for.
    const HttpTestResponse join = customer->post(queuePath(event), {});
    QCOMPARE(join.status, 409);
    QCOMPARE(join.errorCode(), "queue_not_open"_ba);
    // Only an operator switches a room on.
    const HttpTestResponse notAdmin = setRoom(*customer, event, true, 10);
    QCOMPARE(notAdmin.status, 403);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM waiting_rooms"), 0);
}

void TestWaitingRoom::passNeededWhileOn()
{
    const qint64 event = m_stack->createEvent(u"Famous"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    auto admin = m_stack->client(m_admin);
    auto clerk = m_stack->client(m_clerk);
    auto customer = m_stack->client(m_stack->createCustomers(1, u"on"_s).first());

    const HttpTestResponse on = setRoom(*admin, event, true, 50);
    QCOMPARE(on.status, 200);
    QCOMPARE(on.json().value(u"enabled"_s).toBool(), true);
    QCOMPARE(on.json().value(u"admit_per_second"_s).toDouble(), 50.0);
    QCOMPARE(customer->get(queuePath(event)).json().value(u"enabled"_s).toBool(), true);

    // Without a pass: 403 saying where to queue, and nothing held or sold.
    const HttpTestResponse refused = hold(*customer, event, {tickets[0]});
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.errorCode(), "queue_required"_ba);
    const QJsonObject error = refused.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"queue"_s).toString(), QString::fromUtf8(queuePath(event)));
    QCOMPARE(error.value(u"event_id"_s).toInteger(), event);
    QCOMPARE(TestStack::bookWithCard(*customer, event, {tickets[0]}).errorCode(),
             "queue_required"_ba);
    QCOMPARE(hold(*customer, event, {tickets[0]}, "0123456789abcdef").errorCode(),
             "queue_required"_ba);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE event_id = " +
                                  std::to_string(event) + " AND status <> 'available'"),
             0);
    // The venue's own desk serves whoever stands in front of it.
    QCOMPARE(hold(*clerk, event, {tickets[19]}).status, 201);

    // Queue, get admitted, hold with the pass, book from the hold.
    const QJsonObject admitted = joinAndWaitForPass(*customer, event);
    QCOMPARE(admitted.value(u"status"_s).toString(), u"admitted"_s);
    QCOMPARE(admitted.value(u"position"_s).toInteger(), 0);
    const QByteArray pass = admitted.value(u"pass"_s).toString().toUtf8();
    QCOMPARE(pass.size(), 64);
    QVERIFY(
        QDateTime::fromString(admitted.value(u"pass_expires_at"_s).toString(), Qt::ISODateWithMs)
            .isValid());
    // Joining again gives the same place, not a second one.
    const HttpTestResponse again = customer->post(queuePath(event), {});
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json().value(u"queue_id"_s), admitted.value(u"queue_id"_s));

    const HttpTestResponse held = hold(*customer, event, {tickets[0], tickets[1]}, pass);
    QCOMPARE(held.status, 201);
    const HttpTestResponse sold = customer->post(
        "/v1/event/" + QByteArray::number(event) + "/bookings",
        {{u"hold_id"_s, held.json().value(u"hold_id"_s)},
         {u"payment_details"_s,
          QJsonObject{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_approve"_s}}}},
        {{"Idempotency-Key", TestStack::idempotencyKey()}});
    QCOMPARE(sold.status, 201);

    // The pass bought its booking: more seats mean queueing again.
    const HttpTestResponse spent = hold(*customer, event, {tickets[2]}, pass);
    QCOMPARE(spent.status, 403);
    QVERIFY2(spent.json()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"message"_s)
                 .toString()
                 .contains(u"bought its booking"_s),
             spent.body.constData());
    QCOMPARE(statusOf(*customer, admitted.value(u"queue_id"_s).toString()), u"used"_s);
    const HttpTestResponse rejoin = customer->post(queuePath(event), {});
    QCOMPARE(rejoin.status, 201);
    QVERIFY(rejoin.json().value(u"queue_id"_s) != admitted.value(u"queue_id"_s));

    // Switched off: today's behaviour again, and places say so.
    QCOMPARE(setRoom(*admin, event, false, 50).status, 200);
    QCOMPARE(hold(*customer, event, {tickets[3]}).status, 201);
    QCOMPARE(statusOf(*customer, rejoin.json().value(u"queue_id"_s).toString()), u"not_required"_s);
}

void TestWaitingRoom::passOfAnotherAccountIsRefused()
{
    const qint64 event = m_stack->createEvent(u"Shared Pass"_s, 1, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    QCOMPARE(setRoom(*m_stack->client(m_admin), event, true, 100).status, 200);
    const QList<QByteArray> tokens = m_stack->createCustomers(2, u"share"_s);
    auto alice = m_stack->client(tokens[0]);
    auto bob = m_stack->client(tokens[1]);
    const QJsonObject alicePlace = joinAndWaitForPass(*alice, event);
    const QByteArray alicePass = alicePlace.value(u"pass"_s).toString().toUtf8();
    QVERIFY(!alicePass.isEmpty());

    const HttpTestResponse borrowed = hold(*bob, event, {tickets[0]}, alicePass);
    QCOMPARE(borrowed.status, 403);
    QCOMPARE(borrowed.errorCode(), "queue_required"_ba);
    QVERIFY2(borrowed.body.contains("another account"), borrowed.body.constData());
    QCOMPARE(TestStack::bookWithCard(*bob, event, {tickets[0]}).status, 403);
    // Bob cannot read Alice's place either.
    QCOMPARE(bob->get("/v1/queue/" + alicePlace.value(u"queue_id"_s).toString().toUtf8()).status,
             404);
    // Nothing was taken by the refusals; Alice's own pass works for her.
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE event_id = " +
                                  std::to_string(event) + " AND status <> 'available'"),
             0);
    QCOMPARE(hold(*alice, event, {tickets[0]}, alicePass).status, 201);
    // A pass of another event does not open this one.
    const qint64 other = m_stack->createEvent(u"Other"_s, 1, 5);
    QCOMPARE(setRoom(*m_stack->client(m_admin), other, true, 100).status, 200);
    const HttpTestResponse elsewhere =
        hold(*alice, other, {m_stack->ticketIds(other)[0]}, alicePass);
    QCOMPARE(elsewhere.status, 403);
    QVERIFY2(elsewhere.body.contains("another event"), elsewhere.body.constData());
}

void TestWaitingRoom::badRequestsAreRefused()
{
    const qint64 event = m_stack->createEvent(u"Bad Input"_s, 1, 5);
    auto admin = m_stack->client(m_admin);
    auto customer = m_stack->client(m_stack->createCustomers(1, u"bad"_s).first());
    QCOMPARE(setRoom(*admin, event, true, 0).status, 400);
    QCOMPARE(setRoom(*admin, event, true, -3).errorCode(), "invalid_field"_ba);
    QCOMPARE(admin
                 ->request("PUT"_ba, queuePath(event), "{\"enabled\": \"yes\"}",
                           {{"Content-Type", "application/json"}})
                 .status,
             400);
    QCOMPARE(setRoom(*admin, 999999, true, 10).status, 404);
    QCOMPARE(customer->post(queuePath(999999), {}).status, 404);
    QCOMPARE(customer->get("/v1/queue/not-a-uuid").status, 404);
    QCOMPARE(
        customer->get("/v1/queue/" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces)).status,
        404);
    QCOMPARE(m_stack->client()->post(queuePath(event), {}).status, 401);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM waiting_rooms WHERE event_id = " +
                                  std::to_string(event)),
             0);
    // The server keeps serving.
    QCOMPARE(customer->get(queuePath(event)).status, 200);
}

void TestWaitingRoom::thousandsAdmittedInOrderNoneTwice()
{
    constexpr int Buyers = 5000;
    constexpr int Threads = 8;
    constexpr double Rate = 2500;
    const qint64 event = m_stack->createEvent(u"On-sale"_s, 10, 10);
    const std::string eventText = std::to_string(event);
    const QList<QByteArray> tokens = m_stack->createCustomers(Buyers, u"crowd"_s);
    // Before the room exists: an earlier time than its own start, so the
    // rate bound below can only be looser than the truth.
    const qint64 startedMs =
        m_stack->db().scalar("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint");
    QCOMPARE(setRoom(*m_stack->client(m_admin), event, true, Rate).status, 200);

    // Everyone joins at once, from eight connections.
    std::vector<QStringList> queueIds(Threads);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.emplace_back([&, t] {
            HttpTestClient client("127.0.0.1", m_stack->server().port());
            for (int i = t; i < Buyers; i += Threads) {
                client.setToken(tokens[i]);
                const HttpTestResponse joined = client.post(queuePath(event), {});
                if (joined.status != 201) {
                    ++failures;
                    continue;
                }
                queueIds[size_t(t)].append(joined.json().value(u"queue_id"_s).toString());
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(failures.load(), 0);

    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM queue_entries WHERE event_id = " + eventText),
        Buyers);
    // Places 1..5,000, each once.
    QCOMPARE(m_stack->db().scalar("SELECT count(DISTINCT position) FROM queue_entries WHERE "
                                  "event_id = " +
                                  eventText + " AND position BETWEEN 1 AND 5000"),
             Buyers);
    // First come, first served: each connection's joins, one after the
    // other, got places in that order (its later join, a later place).
    for (int t = 0; t < Threads; ++t) {
        const std::string ids = "'" + queueIds[size_t(t)].join(u"','"_s).toStdString() + "'";
        QCOMPARE(m_stack->db().scalar(
                     "SELECT count(*) FROM (SELECT position < lag(position) OVER (ORDER BY "
                     "joined_at) AS inverted FROM queue_entries WHERE id IN (" +
                     ids +
                     ")) s "
                     "WHERE inverted"),
                 0);
    }

    // Everyone is admitted in the end ...
    auto anyone = m_stack->client(tokens[0]);
    QTRY_COMPARE_WITH_TIMEOUT(anyone->get(queuePath(event)).json().value(u"waiting"_s).toInteger(),
                              0, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_stack->db().scalar("SELECT count(*) FROM queue_entries WHERE event_id = " + eventText +
                             " AND pass IS NOT NULL"),
        Buyers, 10000);
    // ... once each (a pass each, all different) ...
    QCOMPARE(m_stack->db().scalar("SELECT count(DISTINCT pass) FROM queue_entries WHERE "
                                  "event_id = " +
                                  eventText),
             Buyers);
    // ... in the order of their places ...
    QCOMPARE(m_stack->db().scalar(
                 "SELECT count(*) FROM (SELECT admitted_at < lag(admitted_at) OVER (ORDER BY "
                 "position) AS inverted FROM queue_entries WHERE event_id = " +
                 eventText + ") s WHERE inverted"),
             0);
    // ... and never faster than the room's rate: by any moment, at most
    // rate × the time since the room opened.
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM queue_entries WHERE event_id = " +
                                  eventText + " AND position > 1 + " + std::to_string(Rate) +
                                  " * (extract(epoch FROM admitted_at) * 1000 - " +
                                  std::to_string(startedMs) + ") / 1000.0"),
             0);
    // Over HTTP, each buyer sees their own pass.
    for (int i = 0; i < Buyers; i += 97) {
        HttpTestClient client("127.0.0.1", m_stack->server().port());
        client.setToken(tokens[i]);
        const QString queueId = queueIds[size_t(i % Threads)][i / Threads];
        const QJsonObject place = client.get("/v1/queue/" + queueId.toUtf8()).json();
        QCOMPARE(place.value(u"status"_s).toString(), u"admitted"_s);
        QCOMPARE(place.value(u"pass"_s).toString().size(), 64);
    }
}

void TestWaitingRoom::streamTellsPositionAndAdmission()
{
    const qint64 event = m_stack->createEvent(u"Watched"_s, 1, 10);
    auto admin = m_stack->client(m_admin);
    // Slow enough that every step can be seen: 4 places ahead, 2 a second.
    QCOMPARE(setRoom(*admin, event, true, 2).status, 200);
    const QList<QByteArray> tokens = m_stack->createCustomers(5, u"watch"_s);
    QString last;
    for (const QByteArray &token : tokens)
        last = m_stack->client(token)
                   ->post(queuePath(event), {})
                   .json()
                   .value(u"queue_id"_s)
                   .toString();

    StreamTestClient stream(m_stack->server().port());
    QVERIFY(stream.waitConnected());
    stream.send(QJsonObject{{u"watch_queue"_s, last}});
    QTRY_VERIFY_WITH_TIMEOUT(!stream.ofType(u"queue"_s).isEmpty(), 5000);
    const QJsonObject first = stream.ofType(u"queue"_s).first();
    QCOMPARE(first.value(u"queue_id"_s).toString(), last);
    QCOMPARE(first.value(u"status"_s).toString(), u"waiting"_s);
    QVERIFY(first.value(u"position"_s).toInteger() >= 2);
    QVERIFY(first.value(u"estimated_wait_s"_s).toInteger() >= 1);
    QVERIFY(!first.contains(u"pass"_s)); // the stream is not the owner's
    // Then positions count down, and the admission arrives.
    QTRY_VERIFY_WITH_TIMEOUT(
        stream.ofType(u"queue"_s).last().value(u"status"_s).toString() == u"admitted"_s, 15000);
    const QList<QJsonObject> pushes = stream.ofType(u"queue"_s);
    QVERIFY2(pushes.size() >= 3, qPrintable(QString::number(pushes.size())));
    for (qsizetype i = 1; i < pushes.size(); ++i)
        QVERIFY(pushes[i].value(u"position"_s).toInteger() <
                pushes[i - 1].value(u"position"_s).toInteger());
    QCOMPARE(pushes.last().value(u"position"_s).toInteger(), 0);

    // Bad and unknown places get errors; the connection stays.
    stream.send(QJsonObject{{u"watch_queue"_s, u"nope"_s}});
    stream.send(
        QJsonObject{{u"watch_queue"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
    QTRY_COMPARE(stream.ofType(u"error"_s).size(), 2);
    QCOMPARE(stream.ofType(u"error"_s)[0].value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"malformed_message"_s);
    QCOMPARE(stream.ofType(u"error"_s)[1].value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"not_found"_s);
    QCOMPARE(stream.m_socket.state(), QAbstractSocket::ConnectedState);
}

void TestWaitingRoom::passesExpireUnused()
{
    TestStack stack(u"waiting_room_expiry"_s, QStringList{u"--queue-pass-seconds"_s, u"2"_s});
    QVERIFY(stack.start());
    const qint64 event = stack.createEvent(u"Short Pass"_s, 1, 10);
    const QList<qint64> tickets = stack.ticketIds(event);
    auto admin = stack.client(stack.createUser(u"admin@example.org"_s, Protocol::Role::Admin));
    QCOMPARE(setRoom(*admin, event, true, 100).status, 200);
    auto customer = stack.client(stack.createCustomers(1, u"late"_s).first());

    const QJsonObject admitted = joinAndWaitForPass(*customer, event);
    QCOMPARE(admitted.value(u"status"_s).toString(), u"admitted"_s);
    const QString queueId = admitted.value(u"queue_id"_s).toString();
    const QByteArray pass = admitted.value(u"pass"_s).toString().toUtf8();
    // Unused for longer than its lifetime: gone.
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(*customer, queueId), u"expired"_s, 10000);
    const HttpTestResponse late = hold(*customer, event, {tickets[0]}, pass);
    QCOMPARE(late.status, 403);
    QVERIFY2(late.body.contains("expired"), late.body.constData());
    QVERIFY(!customer->get("/v1/queue/" + queueId.toUtf8()).json().contains(u"pass"_s));
    // Queueing again gives a new place at the back.
    const HttpTestResponse rejoin = customer->post(queuePath(event), {});
    QCOMPARE(rejoin.status, 201);
    QVERIFY(rejoin.json().value(u"queue_id"_s).toString() != queueId);
}

void TestWaitingRoom::restartKeepsPlaces()
{
    TestStack stack(u"waiting_room_restart"_s);
    QVERIFY(stack.start());
    const qint64 event = stack.createEvent(u"Restart"_s, 1, 10);
    const QByteArray adminToken = stack.createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    // One admitted every 1,000 seconds: nobody moves during the test.
    QCOMPARE(setRoom(*stack.client(adminToken), event, true, 0.001).status, 200);
    const QList<QByteArray> tokens = stack.createCustomers(3, u"stay"_s);
    QList<QJsonObject> before;
    for (const QByteArray &token : tokens)
        before.append(stack.client(token)->post(queuePath(event), {}).json());
    QCOMPARE(before[0].value(u"position"_s).toInteger(), 1);
    QCOMPARE(before[2].value(u"position"_s).toInteger(), 3);

    QCOMPARE(stack.server().terminate(), 0);
    QVERIFY(stack.server().start());

    for (int i = 0; i < tokens.size(); ++i) {
        const QJsonObject after =
            stack.client(tokens[i])
                ->get("/v1/queue/" + before[i].value(u"queue_id"_s).toString().toUtf8())
                .json();
        QCOMPARE(after.value(u"status"_s).toString(), u"waiting"_s);
        QCOMPARE(after.value(u"position"_s).toInteger(), i + 1);
    }
    // Still on after the restart: no pass, no hold.
    auto customer = stack.client(tokens[0]);
    QCOMPARE(hold(*customer, event, {stack.ticketIds(event)[0]}).errorCode(), "queue_required"_ba);
    // A newcomer queues behind them.
    auto newcomer = stack.client(stack.createCustomers(1, u"new"_s).first());
    QCOMPARE(newcomer->post(queuePath(event), {}).json().value(u"position"_s).toInteger(), 4);
}

void TestWaitingRoom::otherInstancesFollowAtOnce()
{
    // A second instance on the same database and Redis: a room switched on
    // or off through one applies on the other (NOTIFY), and both admit from
    // the one queue.
    TestServer other(m_stack->db(), m_stack->redis(), {u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    QVERIFY(other.start());
    const qint64 event = m_stack->createEvent(u"Two Doors"_s, 1, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    const QList<QByteArray> tokens = m_stack->createCustomers(2, u"doors"_s);
    auto viaOther = other.client(tokens[0]);
    QCOMPARE(hold(*viaOther, event, {tickets[0]}).status, 201);
    // A probe that changes nothing either way: another buyer asking for that
    // held seat gets 409 with the room off, 403 with it on.
    auto probe = other.client(tokens[1]);
    QCOMPARE(hold(*probe, event, {tickets[0]}).status, 409);

    QCOMPARE(setRoom(*m_stack->client(m_admin), event, true, 100).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(hold(*probe, event, {tickets[0]}).errorCode(), "queue_required"_ba,
                              2000);
    // Places from both instances are one queue, in order.
    const QJsonObject first = viaOther->post(queuePath(event), {}).json();
    const QJsonObject second = m_stack->client(tokens[1])->post(queuePath(event), {}).json();
    const auto placeOf = [&](const QJsonObject &answer) {
        return m_stack->db().scalar("SELECT position FROM queue_entries WHERE id = '" +
                                    answer.value(u"queue_id"_s).toString().toStdString() + "'");
    };
    QCOMPARE(placeOf(first), 1);
    QCOMPARE(placeOf(second), 2);
    const QByteArray pass =
        joinAndWaitForPass(*viaOther, event).value(u"pass"_s).toString().toUtf8();
    QCOMPARE(hold(*viaOther, event, {tickets[1]}, pass).status, 201);

    QCOMPARE(setRoom(*m_stack->client(m_admin), event, false, 100).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(hold(*probe, event, {tickets[0]}).status, 409, 2000);
}

void TestWaitingRoom::switchesOnAboveRequestRate()
{
    TestStack stack(u"waiting_room_auto"_s,
                    QStringList{u"--queue-auto-above"_s, u"20"_s, u"--queue-auto-admit"_s, u"50"_s,
                                u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    QVERIFY(stack.start());
    const qint64 event = stack.createEvent(u"Rush"_s, 1, 10);
    const QList<qint64> tickets = stack.ticketIds(event);
    auto customer = stack.client(stack.createCustomers(1, u"rush"_s).first());
    // A calm event is open.
    QCOMPARE(hold(*customer, event, {tickets[0]}).status, 201);
    QCOMPARE(customer->get(queuePath(event)).json().value(u"enabled"_s).toBool(), false);

    // A rush on it: 200 hold requests (for one seat, mostly refused) in well
    // under ten seconds is far above 20 a second.
    for (int i = 0; i < 200; ++i)
        hold(*customer, event, {tickets[1]});
    QTRY_VERIFY_WITH_TIMEOUT(customer->get(queuePath(event)).json().value(u"enabled"_s).toBool(),
                             5000);
    const QJsonObject room = customer->get(queuePath(event)).json();
    QCOMPARE(room.value(u"automatic"_s).toBool(), true);
    QCOMPARE(room.value(u"admit_per_second"_s).toDouble(), 50.0);
    QCOMPARE(hold(*customer, event, {tickets[2]}).errorCode(), "queue_required"_ba);
}

QTEST_GUILESS_MAIN(TestWaitingRoom)
#include "tst_waiting_room.moc"
