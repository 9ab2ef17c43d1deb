// The booking API against a real server, Postgres and Redis: accounts,
// search, event details, holds, bookings, payments, idempotency, privacy,
// cancellation and bad input (DESIGN.md invariants 1, 4, 7, 8).
#include "TestStack.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {
QJsonArray ids(std::initializer_list<qint64> list)
{
    QJsonArray array;
    for (qint64 id : list)
        array.append(id);
    return array;
}
const QJsonObject ApprovedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_approve"_s}};
const QJsonObject DeclinedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_decline"_s}};
} // namespace

class TestBookingApi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void health();
    void registerAndLogin();
    void passwordsAndTokensAreStoredHashed();
    void failedLoginsAreThrottled();
    void search_data();
    void search();
    void searchRejectsBadParameters();
    void eventDetailsFollowEveryChange();
    void ticketsSinceVersion();
    void holdIsAllOrNothing();
    void holdCapsPerHoldAndPerUser();
    void holdReleaseOnlyByOwner();
    void bookFromHold();
    void bookingConflictNamesTheSeat();
    void declinedCardSellsNothing();
    void declinedCardKeepsTheHold();
    void declinedReplayAnswersTheSameDecline();
    void cashIsForCounterStaff();
    void cardNumbersAreRefused();
    void idempotentReplay();
    void bookingsArePrivate();
    void anotherUsersHoldCannotBeBooked();
    void cancelWholeAndPart();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void likeWildcardsAreSearchedAsText();

private:
    HttpTestResponse book(const QByteArray &token, qint64 eventId, const QJsonObject &body,
                          const QByteArray &key = TestStack::idempotencyKey());
    QList<qint64> freeTickets(int count);
    QString saleState();
    QString writeState();

    std::unique_ptr<TestStack> m_stack;
    qint64 m_event = 0;
    QList<qint64> m_tickets;
    qsizetype m_nextTicket = 0;
    QByteArray m_alice, m_bob, m_clerk, m_kiosk;
};

void TestBookingApi::initTestCase()
{
    m_stack = std::make_unique<TestStack>(
        u"booking_api"_s,
        QStringList{u"--max-seats-per-hold"_s, u"4"_s, u"--max-held-seats-per-user"_s, u"6"_s,
                    u"--login-failures"_s, u"5"_s, u"--max-body-bytes"_s, u"4096"_s,
                    u"--max-header-bytes"_s, u"2048"_s});
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(u"Die Zauberflöte"_s, 10, 20, 4500, u"Wien"_s);
    m_stack->createEvent(u"Nachtkonzert"_s, 2, 5, 1000, u"Leipzig"_s);
    m_tickets = m_stack->ticketIds(m_event);
    QCOMPARE(m_tickets.size(), 200);
    m_alice = m_stack->registerCustomer(u"alice@example.org"_s, u"Alice Adler"_s);
    m_bob = m_stack->registerCustomer(u"bob@example.org"_s, u"Bob Berg"_s);
    m_clerk = m_stack->createUser(u"clerk@venue.example"_s, Protocol::Role::Clerk);
    // Cash goes into a till: the clerk's shift is open.
    QVERIFY(m_stack->openShift(m_clerk) > 0);
    m_kiosk = m_stack->createUser(u"kiosk1@venue.example"_s, Protocol::Role::Kiosk);
    for (const QByteArray *token : {&m_alice, &m_bob, &m_clerk, &m_kiosk})
        QVERIFY(!token->isEmpty());
}

QList<qint64> TestBookingApi::freeTickets(int count)
{
    QList<qint64> out = m_tickets.mid(m_nextTicket, count);
    m_nextTicket += count;
    return out;
}

HttpTestResponse TestBookingApi::book(const QByteArray &token, qint64 eventId,
                                      const QJsonObject &body, const QByteArray &key)
{
    auto c = m_stack->client(token);
    return c->post("/v1/event/" + QByteArray::number(eventId) + "/bookings", body,
                   {{"Idempotency-Key", key}});
}

// What a sale changes: bookings, holds, versions, taken seats, payments.
QString TestBookingApi::saleState()
{
    TestDatabase &db = m_stack->db();
    return u"%1/%2/%3/%4/%5"_s.arg(db.scalar("SELECT count(*) FROM bookings"))
        .arg(db.scalar("SELECT count(*) FROM holds"))
        .arg(db.scalar("SELECT coalesce(sum(version), 0) FROM events"))
        .arg(db.scalar("SELECT count(*) FROM tickets WHERE status <> 'available'"))
        .arg(db.scalar("SELECT count(*) FROM booking_tickets"));
}

// Everything a request could write.
QString TestBookingApi::writeState()
{
    TestDatabase &db = m_stack->db();
    return saleState() + u"/%1/%2"_s.arg(db.scalar("SELECT count(*) FROM idempotency_keys"))
                             .arg(db.scalar("SELECT count(*) FROM users"));
}

void TestBookingApi::health()
{
    auto c = m_stack->client();
    const HttpTestResponse health = c->get("/healthz");
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"postgres"_s).toString(), u"ok"_s);
    QCOMPARE(health.json().value(u"redis"_s).toString(), u"ok"_s);
    const HttpTestResponse metrics = c->get("/metrics");
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.body.contains(
        "boxoffice_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"));
    QVERIFY(metrics.body.contains("boxoffice_http_request_duration_seconds_bucket"));
    QVERIFY(metrics.body.contains("boxoffice_websocket_clients 0"));
}

void TestBookingApi::registerAndLogin()
{
    auto c = m_stack->client();
    const QJsonObject carol{{u"email"_s, u"carol@example.org"_s},
                            {u"password"_s, u"long enough"_s},
                            {u"name"_s, u"Carol"_s}};
    const HttpTestResponse created = c->post("/v1/auth/register", carol);
    QCOMPARE(created.status, 201);
    QVERIFY(created.json().value(u"user_id"_s).toInteger() > 0);
    QCOMPARE(created.json().value(u"token"_s).toString().size(), 43); // 256 bits, base64url
    QCOMPARE(c->post("/v1/auth/register", carol).errorCode(), "email_taken"_ba);

    QJsonObject shortPassword = carol;
    shortPassword.insert(u"email"_s, u"dave@example.org"_s);
    shortPassword.insert(u"password"_s, u"short"_s);
    QCOMPARE(c->post("/v1/auth/register", shortPassword).status, 400);
    QJsonObject badEmail = carol;
    badEmail.insert(u"email"_s, u"not-an-address"_s);
    QCOMPARE(c->post("/v1/auth/register", badEmail).status, 400);

    const HttpTestResponse wrong = c->post(
        "/v1/auth/login", {{u"email"_s, u"carol@example.org"_s}, {u"password"_s, u"wrong one"_s}});
    QCOMPARE(wrong.status, 401);
    const HttpTestResponse login = c->post("/v1/auth/login", {{u"email"_s, u"CAROL@example.org"_s},
                                                              {u"password"_s, u"long enough"_s}});
    QCOMPARE(login.status, 200);
    const QByteArray token = login.json().value(u"token"_s).toString().toUtf8();
    QVERIFY(token != created.json().value(u"token"_s).toString().toUtf8());

    // The token works; a made-up one does not.
    auto signedIn = m_stack->client(token);
    QCOMPARE(signedIn->get("/v1/bookings").status, 200);
    auto forged = m_stack->client("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QCOMPARE(forged->get("/v1/bookings").status, 401);
    QCOMPARE(m_stack->client()->get("/v1/bookings").status, 401);
}

void TestBookingApi::passwordsAndTokensAreStoredHashed()
{
    TestDatabase &db = m_stack->db();
    QCOMPARE(db.scalar("SELECT count(*) FROM users WHERE password_hash NOT LIKE '$argon2id$%'"), 0);
    QCOMPARE(db.scalar("SELECT count(*) FROM users WHERE password_hash LIKE '%correct horse%'"), 0);
    QCOMPARE(db.scalar("SELECT count(*) FROM sessions WHERE token_hash = '" +
                       m_alice.toStdString() + "'"),
             0);
    QVERIFY(db.scalar("SELECT count(*) FROM sessions WHERE length(token_hash) = 64") >= 4);
}

void TestBookingApi::failedLoginsAreThrottled()
{
    m_stack->registerCustomer(u"erin@example.org"_s);
    auto c = m_stack->client();
    const QJsonObject wrong{{u"email"_s, u"erin@example.org"_s}, {u"password"_s, u"guess guess"_s}};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(c->post("/v1/auth/login", wrong).status, 401);
    // Now even the right password waits: the address is throttled.
    const HttpTestResponse throttled =
        c->post("/v1/auth/login",
                {{u"email"_s, u"erin@example.org"_s}, {u"password"_s, u"correct horse"_s}});
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.errorCode(), "too_many_attempts"_ba);
    QVERIFY(throttled.headers.value("retry-after").toInt() > 0);
    // Other addresses are unaffected.
    QCOMPARE(c->post("/v1/auth/login",
                     {{u"email"_s, u"alice@example.org"_s}, {u"password"_s, u"correct horse"_s}})
                 .status,
             200);
}

void TestBookingApi::search_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("expectedFirst"); // empty: no results
    QTest::addRow("exact name") << "q=Zauberflöte"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("without accents") << "q=zauberflote"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("prefix") << "q=zauber"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("typo") << "q=Zauberfloete"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("typo 2") << "q=nachtkonzrt"_ba << u"Nachtkonzert"_s;
    QTest::addRow("performer") << "performer=test%20performer&location=Leipzig"_ba
                               << u"Nachtkonzert"_s;
    QTest::addRow("city filter") << "location=wien"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("name filter") << "name=nacht"_ba << u"Nachtkonzert"_s;
    QTest::addRow("nothing matches") << "q=xylophonorchester"_ba << QString();
    QTest::addRow("past window") << "date_to=2000-01-01"_ba << QString();
    QTest::addRow("date window") << "location=wien&date_from=2000-01-01&date_to=2100-01-01"_ba
                                 << u"Die Zauberflöte"_s;
}

void TestBookingApi::search()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, expectedFirst);
    auto c = m_stack->client();
    const HttpTestResponse r = c->get("/v1/event?" + query);
    QCOMPARE(r.status, 200);
    const QJsonArray events = r.json().value(u"events"_s).toArray();
    if (expectedFirst.isEmpty()) {
        QVERIFY2(events.isEmpty(), r.body.constData());
        return;
    }
    QVERIFY2(!events.isEmpty(), r.body.constData());
    const QJsonObject first = events.first().toObject();
    QCOMPARE(first.value(u"name"_s).toString(), expectedFirst);
    QVERIFY(first.value(u"venue"_s).toObject().contains(u"city"_s));
    QVERIFY(first.value(u"available"_s).toInteger() > 0);
}

void TestBookingApi::searchRejectsBadParameters()
{
    auto c = m_stack->client();
    for (const QByteArray &query : {"limit=0"_ba, "limit=1000"_ba, "limit=ten"_ba,
                                    "date_from=yesterday"_ba, "date_to=2026-13-45"_ba}) {
        const HttpTestResponse r = c->get("/v1/event?" + query);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), "invalid_parameter"_ba);
    }
    QCOMPARE(c->get("/v1/event?limit=1").json().value(u"events"_s).toArray().size(), 1);
}

void TestBookingApi::eventDetailsFollowEveryChange()
{
    auto c = m_stack->client();
    const QByteArray path = "/v1/event/" + QByteArray::number(m_event);
    const QJsonObject before = c->get(path).json();
    const auto metricsValue = [&](const char *name) {
        const QByteArray metrics = c->get("/metrics").body;
        for (const QByteArray &line : metrics.split('\n')) {
            if (line.startsWith(QByteArray(QByteArray(name) + " ")))
                return line.split(' ').last().toLongLong();
        }
        return -1LL;
    };
    const qint64 hits = metricsValue("boxoffice_event_cache_hits_total");
    QCOMPARE(c->get(path).json(), before); // served from cache
    QVERIFY(metricsValue("boxoffice_event_cache_hits_total") > hits);
    QCOMPARE(before.value(u"venue"_s).toObject().value(u"city"_s).toString(), u"Wien"_s);
    QCOMPARE(
        before.value(u"price_categories"_s).toArray().first().toObject().value(u"price"_s).toInt(),
        4500);

    const QList<qint64> seats = freeTickets(2);
    QCOMPARE(
        book(m_alice, m_event,
             {{u"ticket_ids"_s, ids({seats[0], seats[1]})}, {u"payment_details"_s, ApprovedCard}})
            .status,
        201);
    const QJsonObject after = c->get(path).json();
    QCOMPARE(after.value(u"version"_s).toInteger(), before.value(u"version"_s).toInteger() + 1);
    QCOMPARE(after.value(u"available"_s).toInteger(), before.value(u"available"_s).toInteger() - 2);
}

void TestBookingApi::ticketsSinceVersion()
{
    auto c = m_stack->client(m_bob);
    const QByteArray path = "/v1/event/" + QByteArray::number(m_event) + "/tickets";
    const QJsonObject all = c->get(path).json();
    QCOMPARE(all.value(u"tickets"_s).toArray().size(), 200);
    const qint64 version = all.value(u"version"_s).toInteger();

    const QList<qint64> seats = freeTickets(2);
    const HttpTestResponse hold = c->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                          {{u"ticket_ids"_s, ids({seats[0], seats[1]})}});
    QCOMPARE(hold.status, 201);
    const QJsonObject changed = c->get(path + "?since=" + QByteArray::number(version)).json();
    QCOMPARE(changed.value(u"version"_s).toInteger(), version + 1);
    const QJsonArray tickets = changed.value(u"tickets"_s).toArray();
    QCOMPARE(tickets.size(), 2);
    for (const QJsonValue &t : tickets) {
        QVERIFY(seats.contains(t.toObject().value(u"id"_s).toInteger()));
        QCOMPARE(t.toObject().value(u"status"_s).toString(), u"held"_s);
    }
    QCOMPARE(c->get(path + "?since=" + QByteArray::number(version + 1))
                 .json()
                 .value(u"tickets"_s)
                 .toArray()
                 .size(),
             0);
    QCOMPARE(c->get(path + "?since=-4").status, 400);
    QCOMPARE(
        c->request("DELETE", "/v1/holds/" + hold.json().value(u"hold_id"_s).toString().toUtf8(), {})
            .status,
        204);
}

void TestBookingApi::holdIsAllOrNothing()
{
    const QList<qint64> seats = freeTickets(3);
    const QByteArray holds = "/v1/event/" + QByteArray::number(m_event) + "/holds";
    const HttpTestResponse alice =
        m_stack->client(m_alice)->post(holds, {{u"ticket_ids"_s, ids({seats[0], seats[1]})}});
    QCOMPARE(alice.status, 201);
    QVERIFY(!alice.json().value(u"hold_id"_s).toString().isEmpty());
    QVERIFY(!alice.json().value(u"expires_at"_s).toString().isEmpty());

    const HttpTestResponse bob =
        m_stack->client(m_bob)->post(holds, {{u"ticket_ids"_s, ids({seats[1], seats[2]})}});
    QCOMPARE(bob.status, 409);
    QCOMPARE(bob.errorCode(), "seats_unavailable"_ba);
    QCOMPARE(bob.json().value(u"error"_s).toObject().value(u"unavailable"_s).toArray(),
             ids({seats[1]}));
    // Nothing of Bob's request stuck: the free seat is still free.
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE id = " +
                                  std::to_string(seats[2]) + " AND status = 'available'"),
             1);

    // With Redis flushed the Postgres guard alone still refuses it.
    m_stack->redis().flushAll();
    QCOMPARE(
        m_stack->client(m_bob)->post(holds, {{u"ticket_ids"_s, ids({seats[1], seats[2]})}}).status,
        409);
    QCOMPARE(m_stack->client(m_alice)
                 ->request("DELETE",
                           "/v1/holds/" + alice.json().value(u"hold_id"_s).toString().toUtf8(), {})
                 .status,
             204);
}

void TestBookingApi::holdCapsPerHoldAndPerUser()
{
    const QByteArray token = m_stack->registerCustomer(u"greedy@example.org"_s);
    auto c = m_stack->client(token);
    const QByteArray holds = "/v1/event/" + QByteArray::number(m_event) + "/holds";
    const QList<qint64> seats = freeTickets(9);
    const HttpTestResponse tooMany = c->post(
        holds, {{u"ticket_ids"_s, ids({seats[0], seats[1], seats[2], seats[3], seats[4]})}});
    QCOMPARE(tooMany.status, 422);
    QCOMPARE(tooMany.errorCode(), "too_many_seats"_ba);
    QCOMPARE(
        c->post(holds, {{u"ticket_ids"_s, ids({seats[0], seats[1], seats[2], seats[3]})}}).status,
        201);
    const HttpTestResponse overUserCap =
        c->post(holds, {{u"ticket_ids"_s, ids({seats[4], seats[5], seats[6]})}});
    QCOMPARE(overUserCap.status, 422);
    QCOMPARE(overUserCap.errorCode(), "too_many_seats"_ba);
    QCOMPARE(c->post(holds, {{u"ticket_ids"_s, ids({seats[4], seats[5]})}}).status, 201);
}

void TestBookingApi::holdReleaseOnlyByOwner()
{
    const QList<qint64> seats = freeTickets(2);
    const HttpTestResponse hold =
        m_stack->client(m_alice)->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                       {{u"ticket_ids"_s, ids({seats[0], seats[1]})}});
    QCOMPARE(hold.status, 201);
    const QByteArray path = "/v1/holds/" + hold.json().value(u"hold_id"_s).toString().toUtf8();
    QCOMPARE(m_stack->client(m_bob)->request("DELETE", path, {}).status, 404);
    QCOMPARE(m_stack->client()->request("DELETE", path, {}).status, 401);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'held' AND id IN (" +
                                  std::to_string(seats[0]) + "," + std::to_string(seats[1]) + ")"),
             2);
    QCOMPARE(m_stack->client(m_alice)->request("DELETE", path, {}).status, 204);
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id IN (" +
                             std::to_string(seats[0]) + "," + std::to_string(seats[1]) + ")"),
        2);
    QCOMPARE(m_stack->client(m_alice)->request("DELETE", "/v1/holds/not-a-uuid", {}).status, 404);
}

void TestBookingApi::bookFromHold()
{
    const QList<qint64> seats = freeTickets(3);
    auto c = m_stack->client(m_alice);
    const HttpTestResponse hold = c->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                          {{u"ticket_ids"_s, ids({seats[0], seats[1], seats[2]})}});
    QCOMPARE(hold.status, 201);
    const HttpTestResponse booking = book(
        m_alice, m_event,
        {{u"hold_id"_s, hold.json().value(u"hold_id"_s)}, {u"payment_details"_s, ApprovedCard}});
    QCOMPARE(booking.status, 201);
    const QJsonObject b = booking.json();
    QCOMPARE(b.value(u"status"_s).toString(), u"confirmed"_s);
    QCOMPARE(b.value(u"event_id"_s).toInteger(), m_event);
    QCOMPARE(b.value(u"total"_s).toInteger(), 3 * 4500);
    QCOMPARE(b.value(u"tickets"_s).toArray().size(), 3);
    QCOMPARE(b.value(u"code"_s).toString().size(), 8);
    QCOMPARE(b.value(u"payment"_s).toObject().value(u"method"_s).toString(), u"card"_s);
    QCOMPARE(m_stack->db().scalar(
                 "SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " +
                 std::to_string(b.value(u"id"_s).toInteger())),
             3);
    // The hold is used up: its seats are sold, not held.
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM holds WHERE released_at IS NULL AND id = '" +
                             hold.json().value(u"hold_id"_s).toString().toStdString() + "'"),
        0);
}

void TestBookingApi::bookingConflictNamesTheSeat()
{
    const QList<qint64> seats = freeTickets(2);
    QCOMPARE(book(m_alice, m_event,
                  {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, ApprovedCard}})
                 .status,
             201);
    m_stack->redis().flushAll(); // the answer must not depend on Redis
    const HttpTestResponse conflict =
        book(m_bob, m_event,
             {{u"ticket_ids"_s, ids({seats[0], seats[1]})}, {u"payment_details"_s, ApprovedCard}});
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.json().value(u"error"_s).toObject().value(u"unavailable"_s).toArray(),
             ids({seats[0]}));
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id = " +
                             std::to_string(seats[1])),
        1);
}

void TestBookingApi::declinedCardSellsNothing()
{
    const QList<qint64> seats = freeTickets(2);
    const QString before = saleState();
    for (const QString &token :
         {u"tok_sandbox_decline"_s, u"tok_sandbox_insufficient_funds"_s, u"tok_unknown"_s}) {
        const HttpTestResponse r =
            book(m_alice, m_event,
                 {{u"ticket_ids"_s, ids({seats[0], seats[1]})},
                  {u"payment_details"_s,
                   QJsonObject{{u"method"_s, u"card"_s}, {u"card_token"_s, token}}}});
        QCOMPARE(r.status, 402);
        QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    }
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id IN (" +
                             std::to_string(seats[0]) + "," + std::to_string(seats[1]) + ")"),
        2);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM bookings WHERE payment_reference = ''"), 0);
    // Nothing was sold, held or versioned (a decline only records its key's answer).
    QCOMPARE(saleState(), before);
    // And they can be bought right away.
    QCOMPARE(
        book(m_bob, m_event,
             {{u"ticket_ids"_s, ids({seats[0], seats[1]})}, {u"payment_details"_s, ApprovedCard}})
            .status,
        201);
}

void TestBookingApi::declinedCardKeepsTheHold()
{
    const QList<qint64> seats = freeTickets(1);
    auto c = m_stack->client(m_bob);
    const HttpTestResponse hold = c->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                          {{u"ticket_ids"_s, ids({seats[0]})}});
    QCOMPARE(hold.status, 201);
    const QJsonValue holdId = hold.json().value(u"hold_id"_s);
    QCOMPARE(
        book(m_bob, m_event, {{u"hold_id"_s, holdId}, {u"payment_details"_s, DeclinedCard}}).status,
        402);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'held' AND id = " +
                                  std::to_string(seats[0])),
             1);
    QCOMPARE(
        book(m_bob, m_event, {{u"hold_id"_s, holdId}, {u"payment_details"_s, ApprovedCard}}).status,
        201);
}

void TestBookingApi::declinedReplayAnswersTheSameDecline()
{
    const QList<qint64> seats = freeTickets(1);
    const QByteArray key = TestStack::idempotencyKey();
    const QJsonObject body{{u"ticket_ids"_s, ids({seats[0]})},
                           {u"payment_details"_s, DeclinedCard}};
    const HttpTestResponse first = book(m_alice, m_event, body, key);
    QCOMPARE(first.status, 402);
    QVERIFY(!first.headers.contains("idempotent-replayed"));
    const QString before = writeState();
    // The decline is the key's answer: a replay gets it again, word for word,
    // and does not charge a second time or take the seat.
    const HttpTestResponse replay = book(m_alice, m_event, body, key);
    QCOMPARE(replay.status, 402);
    QCOMPARE(replay.body, first.body);
    QCOMPARE(replay.headers.value("idempotent-replayed"), "true"_ba);
    QCOMPARE(writeState(), before);
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id = " +
                             std::to_string(seats[0])),
        1);
    // Another card needs a new key, and then sells.
    QCOMPARE(book(m_alice, m_event,
                  {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, ApprovedCard}})
                 .status,
             201);
}

void TestBookingApi::cashIsForCounterStaff()
{
    const QList<qint64> seats = freeTickets(2);
    const QJsonObject cash{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 10000}};
    for (const QByteArray &token : {m_alice, m_kiosk}) {
        const HttpTestResponse refused = book(
            token, m_event, {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, cash}});
        QCOMPARE(refused.status, 403);
    }
    const HttpTestResponse shortCash =
        book(m_clerk, m_event,
             {{u"ticket_ids"_s, ids({seats[0], seats[1]})},
              {u"payment_details"_s,
               QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 5000}}}});
    QCOMPARE(shortCash.status, 402);
    QCOMPARE(shortCash.errorCode(), "insufficient_cash"_ba);
    const HttpTestResponse sale = book(m_clerk, m_event,
                                       {{u"ticket_ids"_s, ids({seats[0], seats[1]})},
                                        {u"payment_details"_s, cash},
                                        {u"customer_name"_s, u"Walk-in Müller"_s}});
    QCOMPARE(sale.status, 201);
    QCOMPARE(sale.json().value(u"payment"_s).toObject().value(u"change_due"_s).toInteger(),
             10000 - 9000);
    QCOMPARE(sale.json().value(u"customer_name"_s).toString(), u"Walk-in Müller"_s);

    // Without a name, a desk's sale names nobody (never the clerk, whose
    // name would print on the customer's tickets); a customer's names them.
    const QList<qint64> more = freeTickets(2);
    const HttpTestResponse nameless =
        book(m_clerk, m_event, {{u"ticket_ids"_s, ids({more[0]})}, {u"payment_details"_s, cash}});
    QCOMPARE(nameless.status, 201);
    QCOMPARE(nameless.json().value(u"customer_name"_s).toString(), QString());
    const HttpTestResponse own =
        book(m_alice, m_event,
             {{u"ticket_ids"_s, ids({more[1]})},
              {u"payment_details"_s, QJsonObject{{u"method"_s, u"card"_s},
                                                 {u"card_token"_s, u"tok_sandbox_approve"_s}}}});
    QCOMPARE(own.status, 201);
    QCOMPARE(own.json().value(u"customer_name"_s).toString(), u"Alice Adler"_s);
}

void TestBookingApi::cardNumbersAreRefused()
{
    const QList<qint64> seats = freeTickets(1);
    const HttpTestResponse r =
        book(m_alice, m_event,
             {{u"ticket_ids"_s, ids({seats[0]})},
              {u"payment_details"_s, QJsonObject{{u"method"_s, u"card"_s},
                                                 {u"card_number"_s, u"4242424242424242"_s},
                                                 {u"card_token"_s, u"tok_sandbox_approve"_s}}}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), "invalid_payment_details"_ba);
    QCOMPARE(m_stack->db().scalar(
                 "SELECT count(*) FROM idempotency_keys WHERE response LIKE '%4242424242424242%'"),
             0);
}

void TestBookingApi::idempotentReplay()
{
    const QList<qint64> seats = freeTickets(2);
    const QByteArray key = TestStack::idempotencyKey();
    const QJsonObject body{{u"ticket_ids"_s, ids({seats[0]})},
                           {u"payment_details"_s, ApprovedCard}};
    const HttpTestResponse first = book(m_alice, m_event, body, key);
    QCOMPARE(first.status, 201);
    const HttpTestResponse replay = book(m_alice, m_event, body, key);
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.body, first.body);
    QCOMPARE(replay.headers.value("idempotent-replayed"), "true"_ba);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM booking_tickets WHERE ticket_id = " +
                                  std::to_string(seats[0])),
             1);

    const HttpTestResponse otherBody =
        book(m_alice, m_event,
             {{u"ticket_ids"_s, ids({seats[1]})}, {u"payment_details"_s, ApprovedCard}}, key);
    QCOMPARE(otherBody.status, 422);
    QCOMPARE(otherBody.errorCode(), "idempotency_key_reused"_ba);
    // Keys are per user: Bob's identical key is his own.
    QCOMPARE(book(m_bob, m_event,
                  {{u"ticket_ids"_s, ids({seats[1]})}, {u"payment_details"_s, ApprovedCard}}, key)
                 .status,
             201);

    auto c = m_stack->client(m_alice);
    const HttpTestResponse noKey =
        c->post("/v1/event/" + QByteArray::number(m_event) + "/bookings", body);
    QCOMPARE(noKey.status, 400);
    QCOMPARE(noKey.errorCode(), "missing_idempotency_key"_ba);
}

void TestBookingApi::bookingsArePrivate()
{
    const QList<qint64> seats = freeTickets(1);
    const HttpTestResponse sale =
        book(m_alice, m_event,
             {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, ApprovedCard}});
    QCOMPARE(sale.status, 201);
    const QByteArray id = QByteArray::number(sale.json().value(u"id"_s).toInteger());
    const QByteArray code = sale.json().value(u"code"_s).toString().toUtf8();

    auto alice = m_stack->client(m_alice);
    auto bob = m_stack->client(m_bob);
    QCOMPARE(alice->get("/v1/bookings/" + id).status, 200);
    QCOMPARE(bob->get("/v1/bookings/" + id).status, 404);
    QCOMPARE(bob->post("/v1/bookings/" + id + "/cancel", {}).status, 404);
    QCOMPARE(
        bob->post("/v1/bookings/" + id + "/cancel", {{u"ticket_ids"_s, ids({seats[0]})}}).status,
        404);
    // Bob's attempts changed nothing: Alice's booking stands, her seat stays sold.
    const QJsonObject aliceBooking = alice->get("/v1/bookings/" + id).json();
    QCOMPARE(aliceBooking.value(u"status"_s).toString(), u"confirmed"_s);
    QCOMPARE(aliceBooking.value(u"refunded"_s).toInteger(), 0);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND id = " +
                                  std::to_string(seats[0]) +
                                  " AND booking_id = " + id.toStdString()),
             1);
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM refunds WHERE booking_id = " + id.toStdString()),
        0);
    QCOMPARE(bob->get("/v1/bookings/999999").status, 404);
    for (const QJsonValue &b : bob->get("/v1/bookings").json().value(u"bookings"_s).toArray())
        QVERIFY(b.toObject().value(u"code"_s).toString().toUtf8() != code);
    bool found = false;
    for (const QJsonValue &b : alice->get("/v1/bookings").json().value(u"bookings"_s).toArray())
        found = found || b.toObject().value(u"code"_s).toString().toUtf8() == code;
    QVERIFY(found);

    // Lookups by code and name are for staff.
    QCOMPARE(bob->get("/v1/bookings?code=" + code).status, 403);
    QCOMPARE(bob->get("/v1/bookings?name=Alice").status, 403);
    auto clerk = m_stack->client(m_clerk);
    const QJsonArray byCode =
        clerk->get("/v1/bookings?code=" + code.toLower()).json().value(u"bookings"_s).toArray();
    QCOMPARE(byCode.size(), 1);
    QCOMPARE(byCode.first().toObject().value(u"customer_name"_s).toString(), u"Alice Adler"_s);
    QVERIFY(!clerk->get("/v1/bookings?name=adler").json().value(u"bookings"_s).toArray().isEmpty());
    QCOMPARE(clerk->get("/v1/bookings/" + id).status, 200);
    QCOMPARE(m_stack->client(m_kiosk)
                 ->get("/v1/bookings?code=" + code)
                 .json()
                 .value(u"bookings"_s)
                 .toArray()
                 .size(),
             1);
}

void TestBookingApi::anotherUsersHoldCannotBeBooked()
{
    const QList<qint64> seats = freeTickets(2);
    const HttpTestResponse hold =
        m_stack->client(m_alice)->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                       {{u"ticket_ids"_s, ids({seats[0], seats[1]})}});
    QCOMPARE(hold.status, 201);
    const QJsonValue holdId = hold.json().value(u"hold_id"_s);
    const std::string heldByAlice =
        "SELECT count(*) FROM tickets WHERE status = 'held' AND hold_id = '" +
        holdId.toString().toStdString() + "'::uuid";
    const QString before = saleState();
    // Bob learns Alice's hold id: it is not his, so it does not exist for him,
    // whoever pays (a clerk's cash sale included).
    const HttpTestResponse stolen =
        book(m_bob, m_event, {{u"hold_id"_s, holdId}, {u"payment_details"_s, ApprovedCard}});
    QCOMPARE(stolen.status, 404);
    QCOMPARE(stolen.errorCode(), "not_found"_ba);
    const QJsonObject cash{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 100000}};
    QCOMPARE(book(m_clerk, m_event, {{u"hold_id"_s, holdId}, {u"payment_details"_s, cash}}).status,
             404);
    QCOMPARE(saleState(), before);
    QCOMPARE(m_stack->db().scalar(heldByAlice), 2);
    // Naming the held seats directly is a conflict, not a sale.
    QCOMPARE(book(m_bob, m_event,
                  {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, ApprovedCard}})
                 .status,
             409);
    QCOMPARE(m_stack->db().scalar(heldByAlice), 2);
    // Alice's hold still sells to Alice.
    QCOMPARE(book(m_alice, m_event, {{u"hold_id"_s, holdId}, {u"payment_details"_s, ApprovedCard}})
                 .status,
             201);
}

void TestBookingApi::cancelWholeAndPart()
{
    const QList<qint64> seats = freeTickets(3);
    const HttpTestResponse sale = book(m_alice, m_event,
                                       {{u"ticket_ids"_s, ids({seats[0], seats[1], seats[2]})},
                                        {u"payment_details"_s, ApprovedCard}});
    QCOMPARE(sale.status, 201);
    const QByteArray path =
        "/v1/bookings/" + QByteArray::number(sale.json().value(u"id"_s).toInteger()) + "/cancel";
    auto alice = m_stack->client(m_alice);
    const qint64 availableBefore =
        m_stack->db().scalar("SELECT available FROM events WHERE id = " + std::to_string(m_event));

    const HttpTestResponse part = alice->post(path, {{u"ticket_ids"_s, ids({seats[1]})}});
    QCOMPARE(part.status, 200);
    QCOMPARE(part.json().value(u"status"_s).toString(), u"partially_cancelled"_s);
    QCOMPARE(part.json().value(u"refund"_s).toObject().value(u"amount"_s).toInteger(), 4500);
    QCOMPARE(
        m_stack->db().scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id = " +
                             std::to_string(seats[1])),
        1);
    QCOMPARE(alice->post(path, {{u"ticket_ids"_s, ids({seats[1]})}}).status,
             422); // already cancelled

    const HttpTestResponse rest = alice->post(path, {});
    QCOMPARE(rest.status, 200);
    QCOMPARE(rest.json().value(u"status"_s).toString(), u"cancelled"_s);
    QCOMPARE(rest.json().value(u"refunded"_s).toInteger(), 3 * 4500);
    QCOMPARE(alice->post(path, {}).errorCode(), "already_cancelled"_ba);
    QCOMPARE(
        m_stack->db().scalar("SELECT available FROM events WHERE id = " + std::to_string(m_event)),
        availableBefore + 3);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM refunds WHERE booking_id = " +
                                  std::to_string(sale.json().value(u"id"_s).toInteger())),
             2);
    // The seats are on sale again, for anyone.
    QCOMPARE(book(m_bob, m_event,
                  {{u"ticket_ids"_s, ids({seats[0]})}, {u"payment_details"_s, ApprovedCard}})
                 .status,
             201);
}

void TestBookingApi::badInputChangesNothing_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("code");
    const QByteArray event = QByteArray::number(m_event);
    auto post = [&](const QByteArray &path, const QByteArray &body,
                    const QByteArray &extra = {}) -> QByteArray {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_alice +
               "\r\nIdempotency-Key: " + TestStack::idempotencyKey() + "\r\n" + extra +
               "Content-Type: application/json\r\nContent-Length: " +
               QByteArray::number(body.size()) + "\r\n\r\n" + body;
    };
    const QByteArray t1 = QByteArray::number(m_tickets.last());
    const QByteArray card =
        R"("payment_details":{"method":"card","card_token":"tok_sandbox_approve"})";
    QTest::addRow("malformed JSON") << post("/v1/event/" + event + "/holds", "{\"ticket_ids\": [1,")
                                    << 400 << "malformed_json"_ba;
    QTest::addRow("JSON array") << post("/v1/event/" + event + "/holds", "[1,2]") << 400
                                << "malformed_json"_ba;
    QTest::addRow("ids as strings")
        << post("/v1/event/" + event + "/holds", R"({"ticket_ids":["a"]})") << 400
        << "invalid_field"_ba;
    QTest::addRow("ids not a list")
        << post("/v1/event/" + event + "/holds", R"({"ticket_ids":true})") << 400
        << "invalid_field"_ba;
    QTest::addRow("unknown event")
        << post("/v1/event/999999/holds", "{\"ticket_ids\":[" + t1 + "]}") << 404 << "not_found"_ba;
    QTest::addRow("non-numeric event")
        << post("/v1/event/abc/holds", "{\"ticket_ids\":[" + t1 + "]}") << 404 << "not_found"_ba;
    QTest::addRow("unknown ticket")
        << post("/v1/event/" + event + "/holds", R"({"ticket_ids":[999999999]})") << 422
        << "unknown_tickets"_ba;
    QTest::addRow("unknown ticket in booking")
        << post("/v1/event/" + event + "/bookings", R"({"ticket_ids":[999999999],)" + card + "}")
        << 422 << "unknown_tickets"_ba;
    QTest::addRow("too many seats")
        << post("/v1/event/" + event + "/holds", R"({"ticket_ids":[1,2,3,4,5,6]})") << 422
        << "too_many_seats"_ba;
    QTest::addRow("both hold and tickets")
        << post("/v1/event/" + event + "/bookings",
                "{\"hold_id\":\"x\",\"ticket_ids\":[" + t1 + "]," + card + "}")
        << 400 << "invalid_field"_ba;
    QTest::addRow("no payment") << post("/v1/event/" + event + "/bookings",
                                        "{\"ticket_ids\":[" + t1 + "]}")
                                << 400 << "invalid_payment_details"_ba;
    QTest::addRow("unknown payment method")
        << post("/v1/event/" + event + "/bookings",
                "{\"ticket_ids\":[" + t1 + R"(],"payment_details":{"method":"bitcoin"}})")
        << 400 << "invalid_payment_details"_ba;
    QTest::addRow("unknown hold") << post("/v1/event/" + event + "/bookings",
                                          R"({"hold_id":"2b1c3f0e-0000-4000-8000-000000000000",)" +
                                              card + "}")
                                  << 404 << "not_found"_ba;
    QTest::addRow("body too large")
        << post("/v1/event/" + event + "/holds", "{\"x\":\"" + QByteArray(5000, 'a') + "\"}") << 413
        << "body_too_large"_ba;
    QTest::addRow("headers too large") << post("/v1/event/" + event + "/holds", "{}",
                                               "X-Padding: " + QByteArray(3000, 'b') + "\r\n")
                                       << 431 << "headers_too_large"_ba;
    QTest::addRow("not HTTP") << "HELLO THERE\r\n\r\n"_ba << 400 << "malformed_request"_ba;
    QTest::addRow("unknown path") << "GET /v2/everything HTTP/1.1\r\nHost: x\r\n\r\n"_ba << 404
                                  << "not_found"_ba;
    QTest::addRow("wrong method")
        << "PUT /v1/event HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"_ba << 405
        << "method_not_allowed"_ba;
    QTest::addRow("date past year 9999 in UTC")
        << "GET /v1/event?date_from=9999-12-31T23:00:00-05:00 HTTP/1.1\r\nHost: x\r\n\r\n"_ba << 400
        << "invalid_parameter"_ba;
    const QByteArray ticketBody = "{\"ticket_ids\":[" + t1 + "]," + card + "}";
    QTest::addRow("idempotency key not ASCII")
        << "POST /v1/event/" + event + "/bookings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
               m_alice + "\r\nIdempotency-Key: \xff\xfe-key\r\nContent-Type: application/json\r\n" +
               "Content-Length: " + QByteArray::number(ticketBody.size()) + "\r\n\r\n" + ticketBody
        << 400 << "missing_idempotency_key"_ba;
    const QByteArray hugeCash = "{\"ticket_ids\":[" + t1 +
                                R"(],"payment_details":{"method":"cash","amount_tendered":1e300}})";
    QTest::addRow("cash amount beyond any integer")
        << "POST /v1/event/" + event + "/bookings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
               m_clerk + "\r\nIdempotency-Key: " + TestStack::idempotencyKey() +
               "\r\nContent-Type: application/json\r\nContent-Length: " +
               QByteArray::number(hugeCash.size()) + "\r\n\r\n" + hugeCash
        << 400 << "invalid_payment_details"_ba;
    QTest::addRow("ticket id beyond any integer")
        << post("/v1/event/" + event + "/holds", R"({"ticket_ids":[1e300]})") << 400
        << "invalid_field"_ba;
    QTest::addRow("no token")
        << "POST /v1/event/1/holds HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"_ba << 401
        << "unauthorized"_ba;
}

void TestBookingApi::badInputChangesNothing()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    const QString before = writeState();
    auto c = m_stack->client();
    const HttpTestResponse r = c->raw(request);
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode(), code);
    QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    QCOMPARE(writeState(), before);
    // The server keeps serving.
    QCOMPARE(m_stack->client()->get("/healthz").status, 200);
}

void TestBookingApi::likeWildcardsAreSearchedAsText()
{
    // "%" and "_" are characters people type, not patterns: no event or
    // customer name here contains them, so nothing is found.
    auto c = m_stack->client();
    for (const QByteArray &query : {"name=%25"_ba, "performer=_"_ba, "location=%25"_ba}) {
        const HttpTestResponse r = c->get("/v1/event?" + query);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json().value(u"events"_s).toArray().isEmpty(), r.body.constData());
    }
    QVERIFY(!c->get("/v1/event?name=zauber").json().value(u"events"_s).toArray().isEmpty());
    auto clerk = m_stack->client(m_clerk);
    QVERIFY(!clerk->get("/v1/bookings?name=adler").json().value(u"bookings"_s).toArray().isEmpty());
    QVERIFY(clerk->get("/v1/bookings?name=%25").json().value(u"bookings"_s).toArray().isEmpty());
    QVERIFY(clerk->get("/v1/bookings?name=_").json().value(u"bookings"_s).toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestBookingApi)
#include "tst_booking_api.moc"
