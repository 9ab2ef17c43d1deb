// Editing the catalog through the API, against the real server, Postgres
// and Redis: creating an event and selling it, edits reaching the catalog
// feed and search, new prices for unsold seats only, the admin role, bad
// input changing nothing, seats blocked and unblocked, and cancelling an
// event: every booking refunded, its customers listed, nothing sold after
// it, also while buyers race the cancellation.
#include "CatalogEdit.h"
#include "TestStack.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QTest>
#include <QUuid>
#include <atomic>
#include <latch>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

const QJsonObject Cash{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 1000000}};

QByteArray eventPath(qint64 eventId, const QByteArray &tail = {})
{
    return "/v1/event/" + QByteArray::number(eventId) + tail;
}

} // namespace

class TestCatalogEdit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void venuesListTheirSections();
    void createdEventIsSold();
    void editsReachTheFeedAndSearch();
    void newPriceAppliesToUnsoldSeatsOnly();
    void onlyAdminsEdit_data();
    void onlyAdminsEdit();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void blockedSeatsAreNeitherHeldNorSold();
    void cancellingRefundsEveryBooking();
    void buyersRacingTheCancellationAreRefundedOrRefused();

private:
    // A new event at the venue through the API; its details.
    QJsonObject create(const QString &name, int price = 3000);
    QJsonObject sell(qint64 eventId, const QList<qint64> &ticketIds,
                     const QString &name = u"Carla Kunde"_s);
    QString dbText(const QString &sql) { return m_stack->db().text(sql.toStdString()); }
    qint64 dbNumber(const QString &sql) { return m_stack->db().scalar(sql.toStdString()); }
    // Tickets of the event in live (not cancelled) sales; seats not blocked.
    qint64 liveSales(qint64 eventId)
    {
        return dbNumber(
            u"SELECT count(*) FROM booking_tickets bt JOIN bookings b ON "
            "b.id = bt.booking_id WHERE b.event_id = %1 AND bt.cancelled_at IS NULL"_s.arg(
                eventId));
    }
    qint64 seatsOnSale(qint64 eventId)
    {
        return dbNumber(
            u"SELECT count(*) FROM tickets WHERE event_id = %1 AND status <> 'blocked'"_s.arg(
                eventId));
    }
    // The event's tickets in the stalls (the default category's), in order.
    QList<qint64> stallTickets(qint64 eventId);
    // The catalog feed's entry of an event after a revision, or {}.
    QJsonObject feedEntry(qint64 eventId, qint64 since);

    std::unique_ptr<TestStack> m_stack;
    QByteArray m_admin, m_clerk, m_customer;
    qint64 m_venue = 0;
};

void TestCatalogEdit::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"catalog_edit"_s);
    QVERIFY(m_stack->start());
    m_admin = m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    m_clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    // Cash goes into a till: the clerk's shift is open.
    QVERIFY(m_stack->openShift(m_clerk) > 0);
    m_customer = m_stack->registerCustomer(u"kunde@example.org"_s, u"Konrad Kunde"_s);
    QVERIFY(!m_customer.isEmpty());
    // A venue of two sections, imported as operators do.
    const QJsonObject document{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Editing Hall"_s},
             {u"city"_s, u"Leipzig"_s},
             {u"sections"_s,
              QJsonArray{
                  QJsonObject{{u"name"_s, u"Stalls"_s}, {u"rows"_s, 3}, {u"seats_per_row"_s, 10}},
                  QJsonObject{
                      {u"name"_s, u"Balcony"_s}, {u"rows"_s, 2}, {u"seats_per_row"_s, 5}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, u"Importiert"_s},
             {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(5).toString(Qt::ISODate)},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Alle"_s}, {u"price"_s, 1000}}}}}}}};
    QVERIFY(m_stack->importEvent(document, u"Importiert"_s) > 0);
    m_venue = dbNumber(u"SELECT id FROM venues WHERE name = 'Editing Hall'"_s);
    QVERIFY(m_venue > 0);
}

QJsonObject TestCatalogEdit::create(const QString &name, int price)
{
    NewEvent event;
    event.venueId = m_venue;
    event.name = name;
    event.performer = u"Die Redakteure"_s;
    event.description = u"Made through the API."_s;
    event.category = u"Concert"_s;
    // Whole minutes, ten days ahead.
    event.startsAt = QDateTime::fromSecsSinceEpoch(
        QDateTime::currentSecsSinceEpoch() / 60 * 60 + 10 * 86400, Qt::UTC);
    event.priceCategories = {
        NewPriceCategory{u"Balcony"_s, price + 1000, u"#8e24aa"_s, {u"Balcony"_s}},
        NewPriceCategory{u"Stalls"_s, price, u"#1e88e5"_s, {}}};
    const HttpTestResponse created = m_stack->client(m_admin)->post("/v1/events", event.toJson());
    if (created.status != 201)
        qWarning("create: %d %s", created.status, created.body.constData());
    return created.json();
}

QJsonObject TestCatalogEdit::sell(qint64 eventId, const QList<qint64> &ticketIds,
                                  const QString &name)
{
    const HttpTestResponse sold =
        m_stack->client(m_clerk)->post(eventPath(eventId, "/bookings"),
                                       {{u"ticket_ids"_s, WireJson::toArray(ticketIds)},
                                        {u"payment_details"_s, Cash},
                                        {u"customer_name"_s, name}},
                                       {{"Idempotency-Key", TestStack::idempotencyKey()}});
    if (sold.status != 201)
        qWarning("sale: %d %s", sold.status, sold.body.constData());
    return sold.json();
}

QList<qint64> TestCatalogEdit::stallTickets(qint64 eventId)
{
    QList<qint64> ids;
    for (qint64 id : m_stack->ticketIds(eventId)) {
        if (dbText(u"SELECT s.section FROM tickets t JOIN seats s ON s.id = t.seat_id "
                   "WHERE t.id = %1"_s.arg(id)) == u"Stalls"_s)
            ids.append(id);
    }
    return ids;
}

QJsonObject TestCatalogEdit::feedEntry(qint64 eventId, qint64 since)
{
    const QJsonObject page =
        m_stack->client()->get("/v1/catalog?since=" + QByteArray::number(since)).json();
    for (const QJsonValue &event : page.value(u"events"_s).toArray()) {
        if (event[u"id"_s].toInteger() == eventId)
            return event.toObject();
    }
    return {};
}

void TestCatalogEdit::venuesListTheirSections()
{
    const HttpTestResponse listed = m_stack->client(m_admin)->get("/v1/venues");
    QCOMPARE(listed.status, 200);
    VenueSections hall;
    for (const QJsonValue &venue : listed.json().value(u"venues"_s).toArray()) {
        if (venue[u"id"_s].toInteger() == m_venue)
            hall = VenueSections::fromJson(venue.toObject());
    }
    QCOMPARE(hall.venue.name, u"Editing Hall"_s);
    QCOMPARE(hall.sections.size(), 2);
    QCOMPARE(hall.sections[0].name, u"Stalls"_s);
    QCOMPARE(hall.sections[0].seats, 30);
    QCOMPARE(hall.sections[1].seats, 10);
    QCOMPARE(hall.seats(), 40);
    QCOMPARE(m_stack->client(m_clerk)->get("/v1/venues").status, 403);
}

void TestCatalogEdit::createdEventIsSold()
{
    const QJsonObject event = create(u"Frisch Gemacht"_s);
    const qint64 eventId = event.value(u"id"_s).toInteger();
    QVERIFY(eventId > 0);
    QCOMPARE(event.value(u"name"_s).toString(), u"Frisch Gemacht"_s);
    QCOMPARE(event.value(u"capacity"_s).toInteger(), 40);
    QCOMPARE(event.value(u"available"_s).toInteger(), 40);
    QCOMPARE(event.value(u"cancelled"_s).toBool(), false);
    // Every seat of the venue has a ticket, priced by its section.
    QCOMPARE(dbNumber(u"SELECT count(*) FROM tickets WHERE event_id = %1"_s.arg(eventId)), 40);
    QCOMPARE(
        dbNumber(u"SELECT count(*) FROM tickets t JOIN seats s ON s.id = t.seat_id "
                 "WHERE t.event_id = %1 AND s.section = 'Balcony' AND t.price_cents = 4000"_s.arg(
                     eventId)),
        10);
    // It is in the catalog feed and sells like any other.
    QCOMPARE(feedEntry(eventId, 0).value(u"name"_s).toString(), u"Frisch Gemacht"_s);
    const QList<qint64> tickets = stallTickets(eventId);
    const QJsonObject booking = sell(eventId, {tickets[0]});
    QCOMPARE(booking.value(u"total"_s).toInteger(), 3000);
}

void TestCatalogEdit::editsReachTheFeedAndSearch()
{
    const qint64 eventId = create(u"Alter Titel"_s).value(u"id"_s).toInteger();
    QVERIFY(eventId > 0);
    const qint64 revision =
        m_stack->client()->get("/v1/catalog?since=0&limit=1000").json()[u"revision"_s].toInteger();
    const QDateTime newTime = QDateTime::currentDateTimeUtc().addDays(20);
    EventEdit edit;
    edit.name = u"Quarzglockenspiel"_s;
    edit.performer = u"Neue Besetzung"_s;
    edit.startsAt = QDateTime::fromSecsSinceEpoch(newTime.toSecsSinceEpoch(), Qt::UTC);
    const HttpTestResponse edited = m_stack->client(m_admin)->request(
        "PATCH", eventPath(eventId), QJsonDocument(edit.toJson()).toJson());
    QCOMPARE(edited.status, 200);
    QCOMPARE(edited.json().value(u"name"_s).toString(), u"Quarzglockenspiel"_s);
    // The feed after the last revision carries the change.
    const QJsonObject entry = feedEntry(eventId, revision);
    QCOMPARE(entry.value(u"name"_s).toString(), u"Quarzglockenspiel"_s);
    QCOMPARE(entry.value(u"performer"_s).toString(), u"Neue Besetzung"_s);
    QCOMPARE(QDateTime::fromString(entry.value(u"starts_at"_s).toString(), Qt::ISODate),
             *edit.startsAt);
    // Search finds it by its new name (the index follows the feed).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QJsonArray found = m_stack->client()
                                         ->get("/v1/event?q=Quarzglockenspiel")
                                         .json()[u"events"_s]
                                         .toArray();
            return found.size() == 1 && found[0][u"id"_s].toInteger() == eventId;
        }(),
        10000);
    QVERIFY(
        m_stack->client()->get("/v1/event?q=Alter+Titel").json()[u"events"_s].toArray().isEmpty() ||
        m_stack->client()
                ->get("/v1/event?q=Alter+Titel")
                .json()[u"events"_s][0][u"id"_s]
                .toInteger() != eventId);
}

void TestCatalogEdit::newPriceAppliesToUnsoldSeatsOnly()
{
    const QJsonObject event = create(u"Preiswechsel"_s, 3000);
    const qint64 eventId = event.value(u"id"_s).toInteger();
    qint64 stalls = 0;
    for (const QJsonValue &category : event.value(u"price_categories"_s).toArray()) {
        if (category[u"name"_s].toString() == u"Stalls"_s)
            stalls = category[u"id"_s].toInteger();
    }
    QVERIFY(stalls > 0);
    const QList<qint64> tickets = stallTickets(eventId);
    const QJsonObject sold = sell(eventId, {tickets[0], tickets[1]});
    QCOMPARE(sold.value(u"total"_s).toInteger(), 6000);
    // One held by a customer: its price changes too.
    const HttpTestResponse hold = m_stack->client(m_customer)
                                      ->post(eventPath(eventId, "/holds"),
                                             {{u"ticket_ids"_s, WireJson::toArray({tickets[2]})}});
    QCOMPARE(hold.status, 201);
    const qint64 versionBefore =
        dbNumber(u"SELECT version FROM events WHERE id = %1"_s.arg(eventId));

    EventEdit edit;
    PriceCategoryEdit price;
    price.id = stalls;
    price.price = 3500;
    price.name = u"Parkett"_s;
    edit.priceCategories = {price};
    const HttpTestResponse edited = m_stack->client(m_admin)->request(
        "PATCH", eventPath(eventId), QJsonDocument(edit.toJson()).toJson());
    QCOMPARE(edited.status, 200);
    // Sold seats keep the price they were sold at; held and free ones change.
    QCOMPARE(dbNumber(u"SELECT price_cents FROM tickets WHERE id = %1"_s.arg(tickets[0])), 3000);
    QCOMPARE(
        dbNumber(u"SELECT price_cents FROM booking_tickets WHERE ticket_id = %1"_s.arg(tickets[1])),
        3000);
    QCOMPARE(dbNumber(u"SELECT price_cents FROM tickets WHERE id = %1"_s.arg(tickets[2])), 3500);
    QCOMPARE(dbNumber(u"SELECT price_cents FROM tickets WHERE id = %1"_s.arg(tickets[3])), 3500);
    // The seat map follows under a new version (open maps are pushed it).
    const QJsonObject changed =
        m_stack->client()
            ->get(eventPath(eventId, "/tickets?since=" + QByteArray::number(versionBefore)))
            .json();
    QVERIFY(changed.value(u"version"_s).toInteger() > versionBefore);
    bool sawNewPrice = false;
    for (const QJsonValue &ticket : changed.value(u"tickets"_s).toArray()) {
        QVERIFY(ticket[u"id"_s].toInteger() != tickets[0]);
        sawNewPrice |=
            ticket[u"id"_s].toInteger() == tickets[3] && ticket[u"price"_s].toInteger() == 3500;
    }
    QVERIFY(sawNewPrice);
    // The next sale costs the new price; the category has its new name.
    QCOMPARE(sell(eventId, {tickets[4]}).value(u"total"_s).toInteger(), 3500);
    QCOMPARE(dbText(u"SELECT name FROM price_categories WHERE id = %1"_s.arg(stalls)),
             u"Parkett"_s);
    // A new category takes over the unsold seats of a section.
    PriceCategoryEdit added;
    added.name = u"Loge"_s;
    added.price = 9900;
    added.sections = {u"Balcony"_s};
    edit.priceCategories = {added};
    QCOMPARE(m_stack->client(m_admin)
                 ->request("PATCH", eventPath(eventId), QJsonDocument(edit.toJson()).toJson())
                 .status,
             200);
    QCOMPARE(dbNumber(u"SELECT count(*) FROM tickets t JOIN price_categories pc ON pc.id = "
                      "t.price_category_id WHERE t.event_id = %1 AND pc.name = 'Loge' "
                      "AND t.price_cents = 9900"_s.arg(eventId)),
             10);
}

void TestCatalogEdit::onlyAdminsEdit_data()
{
    QTest::addColumn<QString>("who");
    QTest::addRow("clerk") << u"clerk"_s;
    QTest::addRow("customer") << u"customer"_s;
}

void TestCatalogEdit::onlyAdminsEdit()
{
    QFETCH(QString, who);
    const QByteArray token = who == u"clerk"_s ? m_clerk : m_customer;
    const qint64 eventId = create(u"Nur Admins %1"_s.arg(who)).value(u"id"_s).toInteger();
    const QList<qint64> tickets = stallTickets(eventId);
    auto c = m_stack->client(token);
    NewEvent event;
    event.venueId = m_venue;
    event.name = u"Nicht erlaubt"_s;
    event.startsAt = QDateTime::currentDateTimeUtc().addDays(3);
    event.priceCategories = {NewPriceCategory{u"Alle"_s, 1000, {}, {}}};
    QCOMPARE(c->post("/v1/events", event.toJson()).status, 403);
    QCOMPARE(c->request("PATCH", eventPath(eventId), R"({"name":"Gekapert"})").status, 403);
    QCOMPARE(c->post(eventPath(eventId, "/blocks"),
                     {{u"ticket_ids"_s, WireJson::toArray({tickets[0]})}, {u"reason"_s, u"mine"_s}})
                 .status,
             403);
    QCOMPARE(c->post(eventPath(eventId, "/cancel"), {{u"reason"_s, u"no"_s}}).status, 403);
    QCOMPARE(dbText(u"SELECT name FROM events WHERE id = %1"_s.arg(eventId)),
             u"Nur Admins %1"_s.arg(who));
    QCOMPARE(dbNumber(u"SELECT count(*) FROM events WHERE name = 'Nicht erlaubt'"_s), 0);
    QCOMPARE(
        dbNumber(u"SELECT count(*) FROM tickets WHERE event_id = %1 AND status = 'blocked'"_s.arg(
            eventId)),
        0);
    QCOMPARE(dbText(u"SELECT cancelled_at IS NULL FROM events WHERE id = %1"_s.arg(eventId)),
             u"t"_s);
}

void TestCatalogEdit::badInputChangesNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("mentions");
    const QString good = u"\"venue_id\":VENUE,\"starts_at\":\"2031-05-01T19:30:00Z\","
                         "\"price_categories\":[{\"name\":\"A\",\"price\":1000}]"_s;
    QTest::addRow("create: missing name") << "POST"_ba << u"{%1}"_s.arg(good) << 400 << u"name"_s;
    QTest::addRow("create: negative price")
        << "POST"_ba
        << u"{\"name\":\"X\",\"venue_id\":VENUE,\"starts_at\":\"2031-05-01T19:30:00Z\","
           "\"price_categories\":[{\"name\":\"A\",\"price\":-5}]}"_s
        << 400 << u"price"_s;
    QTest::addRow("create: unknown venue")
        << "POST"_ba
        << u"{\"name\":\"X\",\"venue_id\":999999,\"starts_at\":\"2031-05-01T19:30:00Z\","
           "\"price_categories\":[{\"name\":\"A\",\"price\":1000}]}"_s
        << 400 << u"venue"_s;
    QTest::addRow("create: sections not covered")
        << "POST"_ba
        << u"{\"name\":\"X\",\"venue_id\":VENUE,\"starts_at\":\"2031-05-01T19:30:00Z\","
           "\"price_categories\":[{\"name\":\"A\",\"price\":1000,\"sections\":[\"Stalls\"]}]}"_s
        << 400 << u"sections"_s;
    QTest::addRow("create: unknown section")
        << "POST"_ba
        << u"{\"name\":\"X\",\"venue_id\":VENUE,\"starts_at\":\"2031-05-01T19:30:00Z\","
           "\"price_categories\":[{\"name\":\"A\",\"price\":1000,\"sections\":[\"Roof\"]},"
           "{\"name\":\"B\",\"price\":1000}]}"_s
        << 400 << u"Roof"_s;
    QTest::addRow("create: starts_at garbage")
        << "POST"_ba
        << u"{\"name\":\"X\",\"venue_id\":VENUE,\"starts_at\":\"next friday\","
           "\"price_categories\":[{\"name\":\"A\",\"price\":1000}]}"_s
        << 400 << u"starts_at"_s;
    QTest::addRow("edit: empty name") << "PATCH"_ba << u"{\"name\":\" \"}"_s << 400 << u"name"_s;
    QTest::addRow("edit: starts_at garbage")
        << "PATCH"_ba << u"{\"name\":\"Y\",\"starts_at\":\"soon\"}"_s << 400 << u"starts_at"_s;
    QTest::addRow("edit: negative price")
        << "PATCH"_ba << u"{\"name\":\"Y\",\"price_categories\":[{\"id\":CATEGORY,\"price\":-1}]}"_s
        << 400 << u"price"_s;
    QTest::addRow("edit: another event's category")
        << "PATCH"_ba << u"{\"name\":\"Y\",\"price_categories\":[{\"id\":1,\"price\":100}]}"_s
        << 400 << u"price category"_s;
    QTest::addRow("edit: nothing") << "PATCH"_ba << u"{}"_s << 400 << u"Nothing"_s;
}

void TestCatalogEdit::badInputChangesNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, body);
    QFETCH(int, status);
    QFETCH(QString, mentions);
    static qint64 eventId = 0;
    static qint64 category = 0;
    if (!eventId) {
        const QJsonObject event = create(u"Unverändert"_s);
        eventId = event.value(u"id"_s).toInteger();
        category = event[u"price_categories"_s][0][u"id"_s].toInteger();
    }
    const qint64 events = dbNumber(u"SELECT count(*) FROM events"_s);
    const qint64 tickets = dbNumber(u"SELECT count(*) FROM tickets"_s);
    const qint64 revision = dbNumber(u"SELECT max(revision) FROM events"_s);
    const QString prices = dbText(
        u"SELECT string_agg(price_cents::text, ',' ORDER BY id) FROM tickets WHERE event_id = %1"_s
            .arg(eventId));
    body.replace(u"VENUE"_s, QString::number(m_venue));
    body.replace(u"CATEGORY"_s, QString::number(category));
    // The other event's category: one of the first event made here.
    const HttpTestResponse answer = m_stack->client(m_admin)->request(
        method, method == "POST" ? "/v1/events"_ba : eventPath(eventId), body.toUtf8());
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.json()[u"error"_s][u"message"_s].toString().contains(mentions),
             answer.body.constData());
    QCOMPARE(dbNumber(u"SELECT count(*) FROM events"_s), events);
    QCOMPARE(dbNumber(u"SELECT count(*) FROM tickets"_s), tickets);
    QCOMPARE(dbNumber(u"SELECT max(revision) FROM events"_s), revision);
    QCOMPARE(dbText(u"SELECT name FROM events WHERE id = %1"_s.arg(eventId)), u"Unverändert"_s);
    QCOMPARE(dbText(u"SELECT string_agg(price_cents::text, ',' ORDER BY id) FROM tickets "
                    "WHERE event_id = %1"_s.arg(eventId)),
             prices);
}

void TestCatalogEdit::blockedSeatsAreNeitherHeldNorSold()
{
    const qint64 eventId = create(u"Hausplätze"_s).value(u"id"_s).toInteger();
    const QList<qint64> tickets = stallTickets(eventId);
    auto admin = m_stack->client(m_admin);
    const qint64 available = dbNumber(u"SELECT available FROM events WHERE id = %1"_s.arg(eventId));
    const HttpTestResponse blocked =
        admin->post(eventPath(eventId, "/blocks"),
                    SeatBlock{{tickets[0], tickets[1]}, u"house seat"_s}.toJson());
    QCOMPARE(blocked.status, 200);
    QCOMPARE(blocked.json().value(u"status"_s).toString(), u"blocked"_s);
    // The seat map says so, and the free count follows.
    bool sawBlocked = false;
    for (const QJsonValue &ticket :
         m_stack->client()->get(eventPath(eventId, "/tickets")).json()[u"tickets"_s].toArray()) {
        if (ticket[u"id"_s].toInteger() == tickets[0])
            sawBlocked = ticket[u"status"_s].toString() == u"blocked"_s;
    }
    QVERIFY(sawBlocked);
    QCOMPARE(dbNumber(u"SELECT available FROM events WHERE id = %1"_s.arg(eventId)), available - 2);
    QCOMPARE(dbText(u"SELECT block_reason FROM tickets WHERE id = %1"_s.arg(tickets[0])),
             u"house seat"_s);
    // Neither held nor sold, by anyone.
    const HttpTestResponse hold = m_stack->client(m_customer)
                                      ->post(eventPath(eventId, "/holds"),
                                             {{u"ticket_ids"_s, WireJson::toArray({tickets[0]})}});
    QCOMPARE(hold.status, 409);
    QCOMPARE(hold.errorCode(), "seats_unavailable"_ba);
    auto customer = m_stack->client(m_customer);
    const HttpTestResponse sale = TestStack::bookWithCard(*customer, eventId, {tickets[1]});
    QCOMPARE(sale.status, 409);
    QCOMPARE(sale.errorCode(), "seats_unavailable"_ba);
    // A sold seat or a held one cannot be blocked: 409 naming it, nothing changed.
    sell(eventId, {tickets[2]});
    QCOMPARE(m_stack->client(m_customer)
                 ->post(eventPath(eventId, "/holds"),
                        {{u"ticket_ids"_s, WireJson::toArray({tickets[3]})}})
                 .status,
             201);
    const HttpTestResponse refused =
        admin->post(eventPath(eventId, "/blocks"),
                    SeatBlock{{tickets[2], tickets[3], tickets[4]}, u"broken seat"_s}.toJson());
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.errorCode(), "seats_unavailable"_ba);
    QCOMPARE(WireJson::toIds(refused.json()[u"error"_s][u"unavailable"_s]),
             (QList<qint64>{tickets[2], tickets[3]}));
    QCOMPARE(dbText(u"SELECT status FROM tickets WHERE id = %1"_s.arg(tickets[4])), u"available"_s);
    // Another event's seat: 422.
    QCOMPARE(
        admin
            ->post(eventPath(eventId, "/blocks"),
                   SeatBlock{{dbNumber(u"SELECT min(id) FROM tickets WHERE event_id <> %1"_s.arg(
                                 eventId))},
                             u"x"_s}
                       .toJson())
            .status,
        422);
    // No reason: 400.
    QCOMPARE(admin
                 ->post(eventPath(eventId, "/blocks"),
                        {{u"ticket_ids"_s, WireJson::toArray({tickets[5]})}})
                 .status,
             400);
    // Unblocked, sellable again; unblocking a free seat is 409.
    QCOMPARE(
        admin->post(eventPath(eventId, "/unblock"), SeatBlock{{tickets[1]}, {}}.toJson()).status,
        200);
    QCOMPARE(
        admin->post(eventPath(eventId, "/unblock"), SeatBlock{{tickets[4]}, {}}.toJson()).status,
        409);
    QCOMPARE(TestStack::bookWithCard(*customer, eventId, {tickets[1]}).status, 201);
    QCOMPARE(
        dbNumber(u"SELECT available FROM events WHERE id = %1"_s.arg(eventId)),
        dbNumber(u"SELECT count(*) FROM tickets WHERE event_id = %1 AND status = 'available'"_s.arg(
            eventId)));
}

void TestCatalogEdit::cancellingRefundsEveryBooking()
{
    const qint64 eventId = create(u"Fällt Aus"_s).value(u"id"_s).toInteger();
    const QList<qint64> tickets = stallTickets(eventId);
    const QJsonObject cash = sell(eventId, {tickets[0], tickets[1]}, u"Berta Bar"_s);
    auto customer = m_stack->client(m_customer);
    const HttpTestResponse card = TestStack::bookWithCard(*customer, eventId, {tickets[2]});
    QCOMPARE(card.status, 201);
    // One booking already partly cancelled: only its live ticket is refunded.
    const QJsonObject partly = sell(eventId, {tickets[3], tickets[4]}, u"Paul Teil"_s);
    QCOMPARE(
        m_stack->client(m_clerk)
            ->post("/v1/bookings/" + QByteArray::number(partly[u"id"_s].toInteger()) + "/cancel",
                   {{u"ticket_ids"_s, WireJson::toArray({tickets[3]})}})
            .status,
        200);
    // A customer's hold goes too.
    QCOMPARE(customer
                 ->post(eventPath(eventId, "/holds"),
                        {{u"ticket_ids"_s, WireJson::toArray({tickets[5]})}})
                 .status,
             201);

    const HttpTestResponse cancelled = m_stack->client(m_admin)->post(
        eventPath(eventId, "/cancel"), {{u"reason"_s, u"Die Sängerin ist krank."_s}});
    QCOMPARE(cancelled.status, 200);
    const EventCancellation answer = EventCancellation::fromJson(cancelled.json());
    QCOMPARE(answer.eventId, eventId);
    QCOMPARE(answer.reason, u"Die Sängerin ist krank."_s);
    QCOMPARE(answer.bookings.size(), 3);
    QHash<QString, CancelledBooking> byCode;
    for (const CancelledBooking &booking : answer.bookings)
        byCode.insert(booking.code, booking);
    const CancelledBooking berta = byCode.value(cash[u"code"_s].toString());
    QCOMPARE(berta.customerName, u"Berta Bar"_s);
    QCOMPARE(berta.tickets, 2);
    QCOMPARE(berta.refunded, 6000);
    QCOMPARE(berta.email, QString()); // sold at the desk
    const CancelledBooking konrad = byCode.value(card.json()[u"code"_s].toString());
    QCOMPARE(konrad.customerName, u"Konrad Kunde"_s);
    QCOMPARE(konrad.email, u"kunde@example.org"_s);
    QCOMPARE(konrad.refunded, 3000);
    QCOMPARE(konrad.paymentMethod, u"card"_s);
    QCOMPARE(byCode.value(partly[u"code"_s].toString()).refunded, 3000);
    // Every booking cancelled, refunded (the card through the sandbox).
    QCOMPARE(
        dbNumber(
            u"SELECT count(*) FROM bookings WHERE event_id = %1 AND status <> 'cancelled'"_s.arg(
                eventId)),
        0);
    QCOMPARE(liveSales(eventId), 0);
    QCOMPARE(dbNumber(u"SELECT coalesce(sum(r.amount_cents), 0) FROM refunds r JOIN bookings b ON "
                      "b.id = r.booking_id WHERE b.event_id = %1"_s.arg(eventId)),
             6000 + 3000 + 3000 + 3000);
    QTRY_COMPARE(dbNumber(u"SELECT count(*) FROM payment_ledger WHERE operation = 'refund' AND "
                          "method = 'card' AND status = 'succeeded' AND booking_id = %1"_s.arg(
                              card.json()[u"id"_s].toInteger())),
                 1);
    // Every seat off sale; the event says so in details, feed and search.
    QCOMPARE(seatsOnSale(eventId), 0);
    QCOMPARE(dbNumber(u"SELECT available FROM events WHERE id = %1"_s.arg(eventId)), 0);
    const QJsonObject details = m_stack->client()->get(eventPath(eventId)).json();
    QCOMPARE(details.value(u"cancelled"_s).toBool(), true);
    QCOMPARE(details.value(u"cancel_reason"_s).toString(), u"Die Sängerin ist krank."_s);
    QCOMPARE(feedEntry(eventId, 0).value(u"cancelled"_s).toBool(), true);
    // Twice: 409; a sale or hold now: 409 event_cancelled; edits and blocks too.
    const HttpTestResponse again =
        m_stack->client(m_admin)->post(eventPath(eventId, "/cancel"), {{u"reason"_s, u"again"_s}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), "already_cancelled"_ba);
    const HttpTestResponse sale = TestStack::bookWithCard(*customer, eventId, {tickets[10]});
    QCOMPARE(sale.status, 409);
    QCOMPARE(sale.errorCode(), "event_cancelled"_ba);
    const HttpTestResponse cashSale = m_stack->client(m_clerk)->post(
        eventPath(eventId, "/bookings"),
        {{u"ticket_ids"_s, WireJson::toArray({tickets[0]})}, {u"payment_details"_s, Cash}},
        {{"Idempotency-Key", TestStack::idempotencyKey()}});
    QCOMPARE(cashSale.errorCode(), "event_cancelled"_ba);
    QCOMPARE(customer
                 ->post(eventPath(eventId, "/holds"),
                        {{u"ticket_ids"_s, WireJson::toArray({tickets[11]})}})
                 .errorCode(),
             "event_cancelled"_ba);
    QCOMPARE(m_stack->client(m_admin)
                 ->request("PATCH", eventPath(eventId), R"({"name":"Doch"})")
                 .errorCode(),
             "event_cancelled"_ba);
    QCOMPARE(liveSales(eventId), 0);
    // An unknown event: 404.
    QCOMPARE(m_stack->client(m_admin)
                 ->post(eventPath(99999999, "/cancel"), {{u"reason"_s, u"x"_s}})
                 .status,
             404);
}

void TestCatalogEdit::buyersRacingTheCancellationAreRefundedOrRefused()
{
    const qint64 eventId = create(u"Wettlauf"_s).value(u"id"_s).toInteger();
    const QList<qint64> tickets = stallTickets(eventId);
    constexpr int Buyers = 6;
    const QList<QByteArray> tokens = m_stack->createCustomers(Buyers, u"racer"_s);
    std::latch start(Buyers + 1);
    std::atomic<int> sold{0}, refused{0}, other{0};
    QList<qint64> soldBookings[Buyers];
    std::vector<std::thread> threads;
    for (int b = 0; b < Buyers; ++b) {
        threads.emplace_back([&, b] {
            auto c = m_stack->client(tokens[b]);
            start.arrive_and_wait();
            // Each buyer buys its own seats one by one until refused.
            for (int i = 0; i < 5; ++i) {
                const HttpTestResponse r =
                    TestStack::bookWithCard(*c, eventId, {tickets[b * 5 + i]});
                if (r.status == 201) {
                    ++sold;
                    soldBookings[b].append(r.json()[u"id"_s].toInteger());
                } else if (r.errorCode() == "event_cancelled" ||
                           r.errorCode() == "seats_unavailable") {
                    ++refused;
                } else {
                    qWarning("unexpected: %d %s", r.status, r.body.constData());
                    ++other;
                }
            }
        });
    }
    start.arrive_and_wait();
    // The cancellation starts while the buyers are at it: after the first sale.
    QTRY_VERIFY_WITH_TIMEOUT(sold.load() >= 1, 10000);
    const HttpTestResponse cancelled =
        m_stack->client(m_admin)->post(eventPath(eventId, "/cancel"), {{u"reason"_s, u"Sturm"_s}});
    for (std::thread &t : threads)
        t.join();
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(other.load(), 0);
    QCOMPARE(sold.load() + refused.load(), Buyers * 5);
    qInfo("sold before the cancellation: %d, refused: %d", sold.load(), refused.load());
    // Every acknowledged sale was cancelled and refunded; none is left live.
    QSet<qint64> listed;
    for (const QJsonValue &booking : cancelled.json()[u"bookings"_s].toArray())
        listed.insert(booking[u"booking_id"_s].toInteger());
    for (const QList<qint64> &bookings : soldBookings) {
        for (qint64 id : bookings) {
            QVERIFY2(listed.contains(id), qPrintable(QString::number(id)));
            QCOMPARE(dbText(u"SELECT status FROM bookings WHERE id = %1"_s.arg(id)),
                     u"cancelled"_s);
            QCOMPARE(dbNumber(u"SELECT count(*) FROM refunds WHERE booking_id = %1"_s.arg(id)), 1);
        }
    }
    QCOMPARE(liveSales(eventId), 0);
    QCOMPARE(seatsOnSale(eventId), 0);
    // No money taken without its refund: every capture has one.
    QCOMPARE(
        dbNumber(u"SELECT count(*) FROM payment_ledger c JOIN bookings b ON b.id = c.booking_id "
                 "WHERE b.event_id = %1 AND c.operation = 'capture'"_s.arg(eventId)),
        dbNumber(u"SELECT count(*) FROM refunds r JOIN bookings b ON b.id = r.booking_id "
                 "WHERE b.event_id = %1"_s.arg(eventId)));
}

QTEST_GUILESS_MAIN(TestCatalogEdit)
#include "tst_catalog_edit.moc"
