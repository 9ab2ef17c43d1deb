// The till through the API, against the real server, Postgres and Redis: a
// clerk's shift from its cash float to its closing, cash refused without an
// open shift, sales and refunds tied to the shift that made them, a shift
// closed once (also while sales race the closing), and receipts with VAT per
// rate and a gap-free number per venue (also under concurrent buyers).
#include "Booking.h"
#include "TestStack.h"
#include "Till.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

QJsonObject cash(Cents tendered)
{
    return {{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, tendered}};
}

const QJsonObject Card{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_approve"_s}};
const QJsonObject Declined{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_decline"_s}};

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

HttpTestResponse sell(HttpTestClient &client, qint64 eventId, const QList<qint64> &ticketIds,
                      const QJsonObject &payment)
{
    return client.post("/v1/event/" + QByteArray::number(eventId) + "/bookings",
                       {{u"ticket_ids"_s, idArray(ticketIds)}, {u"payment_details"_s, payment}},
                       {{"Idempotency-Key", TestStack::idempotencyKey()}});
}

} // namespace

class TestTill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cashNeedsAnOpenShift();
    void aShiftFromFloatToClosing();
    void oneOpenShiftPerClerkAndPerTill();
    void onlyTheDeskKeepsATill();
    void badShiftInputIsAClearError();
    void salesRacingTheClosingAreCountedOrRefused();
    void receiptsShowVatPerRate();
    void receiptNumbersAreGapFreePerVenue();

private:
    QString dbText(const QString &sql) { return m_stack->db().text(sql.toStdString()); }
    qint64 dbNumber(const QString &sql) { return m_stack->db().scalar(sql.toStdString()); }
    // The next n unsold seats of the main event.
    QList<qint64> seats(int n)
    {
        const QList<qint64> taken = m_tickets.mid(m_next, n);
        m_next += n;
        return taken;
    }

    std::unique_ptr<TestStack> m_stack;
    QByteArray m_clerk;
    QByteArray m_otherClerk;
    QByteArray m_admin;
    qint64 m_event = 0;
    QList<qint64> m_tickets;
    int m_next = 0;
};

void TestTill::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"till"_s);
    QVERIFY(m_stack->start());
    m_clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    m_otherClerk = m_stack->createUser(u"other@example.org"_s, Protocol::Role::Clerk);
    m_admin = m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    QVERIFY(!m_admin.isEmpty());
    m_event = m_stack->createEvent(u"Till Night"_s, 20, 20, 2500);
    m_tickets = m_stack->ticketIds(m_event);
}

void TestTill::cashNeedsAnOpenShift()
{
    auto c = m_stack->client(m_clerk);
    const QList<qint64> wanted = seats(1);
    const HttpTestResponse refused = sell(*c, m_event, wanted, cash(5000));
    QCOMPARE(refused.status, 409);
    QCOMPARE(refused.errorCode(), "shift_required"_ba);
    QVERIFY(refused.json()
                .value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .contains(u"shift"_s));
    // Nothing was sold, and the seat is still for sale.
    QCOMPARE(dbText(u"SELECT status FROM tickets WHERE id = %1"_s.arg(wanted[0])), u"available"_s);
    QCOMPARE(dbNumber(u"SELECT count(*) FROM bookings"_s), 0);
    // A card needs no drawer: the desk sells by card without a shift, and
    // the sale belongs to none.
    const HttpTestResponse card = sell(*c, m_event, wanted, Card);
    QCOMPARE(card.status, 201);
    QCOMPARE(dbText(u"SELECT coalesce(shift_id::text, 'none') FROM bookings WHERE id = %1"_s.arg(
                 card.json().value(u"id"_s).toInteger())),
             u"none"_s);
}

void TestTill::aShiftFromFloatToClosing()
{
    auto c = m_stack->client(m_clerk);
    QCOMPARE(c->get("/v1/shifts/current").json().value(u"shift"_s).type(), QJsonValue::Null);
    const HttpTestResponse opened =
        c->post("/v1/shifts", {{u"till"_s, u"Counter 1"_s}, {u"float_cents"_s, 10000}});
    QCOMPARE(opened.status, 201);
    const Shift shift = Shift::fromJson(opened.json());
    QVERIFY(shift.id > 0);
    QVERIFY(shift.isOpen());
    QCOMPARE(shift.till, u"Counter 1"_s);
    QCOMPARE(shift.clerk, u"clerk"_s);
    QCOMPARE(shift.floatCents, 10000);
    QCOMPARE(shift.expected, 10000);

    // Two cash sales (50.00 and 25.00), one by card (25.00), one cash
    // ticket refunded (25.00), and another clerk's cash sale elsewhere.
    const HttpTestResponse first = sell(*c, m_event, seats(2), cash(6000));
    QCOMPARE(first.status, 201);
    QCOMPARE(first.json()[u"payment"_s][u"change_due"_s].toInteger(), 1000);
    QCOMPARE(sell(*c, m_event, seats(1), cash(2500)).status, 201);
    QCOMPARE(sell(*c, m_event, seats(1), Card).status, 201);
    auto other = m_stack->client(m_otherClerk);
    QVERIFY(m_stack->openShift(m_otherClerk, u"Counter 2"_s, 5000) > 0);
    QCOMPARE(sell(*other, m_event, seats(1), cash(2500)).status, 201);
    const qint64 firstId = first.json().value(u"id"_s).toInteger();
    const qint64 refundedTicket =
        first.json().value(u"tickets"_s).toArray().at(0)[u"id"_s].toInteger();
    const HttpTestResponse cancelled =
        c->post("/v1/bookings/" + QByteArray::number(firstId) + "/cancel",
                {{u"ticket_ids"_s, QJsonArray{refundedTicket}}});
    QCOMPARE(cancelled.status, 200);

    // Figures so far: what the drawer should hold.
    const Shift running =
        Shift::fromJson(c->get("/v1/shifts/current").json().value(u"shift"_s).toObject());
    QCOMPARE(running.id, shift.id);
    QCOMPARE(running.cashSales, 7500);
    QCOMPARE(running.cardSales, 2500);
    QCOMPARE(running.salesCount, 3);
    QCOMPARE(running.cashRefunds, 2500);
    QCOMPARE(running.refundsCount, 1);
    QCOMPARE(running.expected, 10000 + 7500 - 2500);
    // The same as the bookings and refunds tied to it.
    QCOMPARE(dbNumber(u"SELECT sum(total_cents) FROM bookings WHERE shift_id = %1 AND "
                      "payment_method = 'cash'"_s.arg(shift.id)),
             7500);
    QCOMPARE(dbNumber(u"SELECT sum(amount_cents) FROM refunds WHERE shift_id = %1"_s.arg(shift.id)),
             2500);

    // Counted 149.50 of 150.00: 0.50 short.
    const HttpTestResponse closed = c->post("/v1/shifts/" + QByteArray::number(shift.id) + "/close",
                                            {{u"counted_cents"_s, 14950}, {u"note"_s, u"ok"_s}});
    QCOMPARE(closed.status, 200);
    const Shift closing = Shift::fromJson(closed.json());
    QVERIFY(!closing.isOpen());
    QCOMPARE(closing.expected, 15000);
    QCOMPARE(*closing.counted, 14950);
    QCOMPARE(closing.difference(), -50);
    QCOMPARE(closed.json().value(u"difference_cents"_s).toInteger(), -50);
    QCOMPARE(closing.closedBy, u"clerk"_s);
    QCOMPARE(closing.note, u"ok"_s);

    // Closed once: the second closing is refused and changes nothing.
    const HttpTestResponse again = c->post("/v1/shifts/" + QByteArray::number(shift.id) + "/close",
                                           {{u"counted_cents"_s, 15000}});
    QCOMPARE(again.status, 409);
    QCOMPARE(again.errorCode(), "shift_closed"_ba);
    QCOMPARE(dbNumber(u"SELECT counted_cents FROM shifts WHERE id = %1"_s.arg(shift.id)), 14950);
    // The closing is kept as it was, for the clerk and for an admin.
    const Shift stored = Shift::fromJson(
        m_stack->client(m_admin)->get("/v1/shifts/" + QByteArray::number(shift.id)).json());
    QCOMPARE(stored.expected, 15000);
    QCOMPARE(stored.cashSales, 7500);
    QCOMPARE(*stored.counted, 14950);
    // Another clerk does not see it.
    QCOMPARE(other->get("/v1/shifts/" + QByteArray::number(shift.id)).status, 404);
    // No cash after the closing, and no cash refund either.
    const HttpTestResponse late = sell(*c, m_event, seats(1), cash(2500));
    QCOMPARE(late.status, 409);
    QCOMPARE(late.errorCode(), "shift_required"_ba);
    const qint64 secondTicket =
        first.json().value(u"tickets"_s).toArray().at(1)[u"id"_s].toInteger();
    const HttpTestResponse lateRefund =
        c->post("/v1/bookings/" + QByteArray::number(firstId) + "/cancel",
                {{u"ticket_ids"_s, QJsonArray{secondTicket}}});
    QCOMPARE(lateRefund.status, 409);
    QCOMPARE(lateRefund.errorCode(), "shift_required"_ba);
    QCOMPARE(dbText(u"SELECT status FROM tickets WHERE id = %1"_s.arg(secondTicket)), u"sold"_s);
    // The other clerk's shift goes on.
    QCOMPARE(
        Shift::fromJson(other->get("/v1/shifts/current").json()[u"shift"_s].toObject()).cashSales,
        2500);
}

void TestTill::oneOpenShiftPerClerkAndPerTill()
{
    auto c = m_stack->client(m_clerk);
    const qint64 id = m_stack->openShift(m_clerk, u"Counter 3"_s, 0);
    QVERIFY(id > 0);
    const HttpTestResponse twice =
        c->post("/v1/shifts", {{u"till"_s, u"Counter 4"_s}, {u"float_cents"_s, 0}});
    QCOMPARE(twice.status, 409);
    QCOMPARE(twice.errorCode(), "shift_open"_ba);
    QVERIFY(twice.body.contains("Counter 3"));
    // The till is taken, whatever the letters' case.
    auto admin = m_stack->client(m_admin);
    const HttpTestResponse taken =
        admin->post("/v1/shifts", {{u"till"_s, u"counter 3"_s}, {u"float_cents"_s, 0}});
    QCOMPARE(taken.status, 409);
    QCOMPARE(taken.errorCode(), "shift_open"_ba);
    QVERIFY(taken.body.contains("clerk"));
    QCOMPARE(dbNumber(u"SELECT count(*) FROM shifts WHERE closed_at IS NULL AND user_id = "
                      "(SELECT id FROM users WHERE email = 'clerk@example.org')"_s),
             1);
    // An admin closes a clerk's shift (the clerk went home).
    const HttpTestResponse closed =
        admin->post("/v1/shifts/" + QByteArray::number(id) + "/close", {{u"counted_cents"_s, 0}});
    QCOMPARE(closed.status, 200);
    QCOMPARE(closed.json().value(u"closed_by"_s).toString(), u"admin"_s);
    QCOMPARE(closed.json().value(u"difference_cents"_s).toInteger(), 0);
    QVERIFY(m_stack->openShift(m_clerk, u"Counter 3"_s, 0) > 0);
}

void TestTill::onlyTheDeskKeepsATill()
{
    const QByteArray customer = m_stack->registerCustomer(u"buyer@example.org"_s);
    const QByteArray kiosk = m_stack->createUser(u"kiosk@example.org"_s, Protocol::Role::Kiosk);
    const QByteArray scanner = m_stack->createUser(u"door@example.org"_s, Protocol::Role::Scanner);
    for (const QByteArray &token : {customer, kiosk, scanner}) {
        auto c = m_stack->client(token);
        const HttpTestResponse r =
            c->post("/v1/shifts", {{u"till"_s, u"Sneaky"_s}, {u"float_cents"_s, 0}});
        QCOMPARE(r.status, 403);
        QCOMPARE(c->get("/v1/shifts/current").status, 403);
    }
    QCOMPARE(m_stack->client()->get("/v1/shifts/current").status, 401);
    QCOMPARE(dbNumber(u"SELECT count(*) FROM shifts WHERE till = 'Sneaky'"_s), 0);
}

void TestTill::badShiftInputIsAClearError()
{
    auto c = m_stack->client(m_otherClerk);
    const QList<std::pair<QByteArray, QByteArray>> cases{
        {R"({"float_cents": 100})", "till"},
        {R"({"till": "   ", "float_cents": 100})", "till"},
        {R"({"till": "A", "float_cents": -1})", "float_cents"},
        {R"({"till": "A", "float_cents": 1e300})", "float_cents"},
        {R"({"till": "A", "float_cents": 10.5})", "float_cents"},
        {R"({"till": "A", "float_cents": "100"})", "float_cents"},
        {R"({"till": 7, "float_cents": 100})", "till"},
    };
    const qint64 before = dbNumber(u"SELECT count(*) FROM shifts"_s);
    for (const auto &[body, field] : cases) {
        const HttpTestResponse r =
            c->request("POST", "/v1/shifts", body, {{"Content-Type", "application/json"}});
        QCOMPARE(r.status, 400);
        QVERIFY2(r.body.contains(field), r.body.constData());
    }
    QCOMPARE(dbNumber(u"SELECT count(*) FROM shifts"_s), before);
    // A closing without a count, and of a shift that is not there.
    const qint64 open =
        Shift::fromJson(c->get("/v1/shifts/current").json()[u"shift"_s].toObject()).id;
    QVERIFY(open > 0);
    const HttpTestResponse noCount =
        c->post("/v1/shifts/" + QByteArray::number(open) + "/close", QJsonObject{});
    QCOMPARE(noCount.status, 400);
    QVERIFY(noCount.body.contains("counted_cents"));
    QCOMPARE(c->post("/v1/shifts/999999/close", {{u"counted_cents"_s, 0}}).status, 404);
    QCOMPARE(c->post("/v1/shifts/abc/close", {{u"counted_cents"_s, 0}}).status, 404);
    QCOMPARE(
        dbText(u"SELECT coalesce(closed_at::text, 'open') FROM shifts WHERE id = %1"_s.arg(open)),
        u"open"_s);
    QCOMPARE(c->get("/healthz").status, 200);
}

void TestTill::salesRacingTheClosingAreCountedOrRefused()
{
    // A clerk's four counter devices sell cash on one shift while it is
    // closed: every sale made is in the closing, none is tied to the shift
    // after it, and the rest are refused.
    const QByteArray racer = m_stack->createUser(u"racer@example.org"_s, Protocol::Role::Clerk);
    const qint64 shiftId = m_stack->openShift(racer, u"Race till"_s, 0);
    QVERIFY(shiftId > 0);
    const qint64 event = m_stack->createEvent(u"Race Night"_s, 10, 40, 1000);
    const QList<qint64> pool = m_stack->ticketIds(event);
    std::atomic<int> sold{0}, refused{0}, other{0};
    std::atomic<bool> closing{false};
    std::vector<std::thread> desks;
    for (int d = 0; d < 4; ++d) {
        desks.emplace_back([&, d] {
            auto c = m_stack->client(racer);
            for (int i = d; i < pool.size(); i += 4) {
                const HttpTestResponse r = sell(*c, event, {pool[i]}, cash(1000));
                if (r.status == 201)
                    ++sold;
                else if (r.errorCode() == "shift_required" || r.errorCode() == "shift_closed")
                    ++refused;
                else
                    ++other;
                if (closing && refused > 8)
                    return;
            }
        });
    }
    QElapsedTimer waited;
    waited.start();
    while (sold < 40 && other == 0 && waited.elapsed() < 60000)
        QThread::msleep(5);
    closing = true;
    auto c = m_stack->client(racer);
    const HttpTestResponse closed =
        c->post("/v1/shifts/" + QByteArray::number(shiftId) + "/close", {{u"counted_cents"_s, 0}});
    for (std::thread &desk : desks)
        desk.join();
    QCOMPARE(closed.status, 200);
    QCOMPARE(other.load(), 0);
    QVERIFY(refused > 0);
    const Shift closing_ = Shift::fromJson(closed.json());
    // Every sale tied to the shift is in its closing, and every sale made
    // is tied to it.
    QCOMPARE(closing_.cashSales,
             dbNumber(u"SELECT sum(total_cents) FROM bookings WHERE shift_id = %1"_s.arg(shiftId)));
    QCOMPARE(closing_.salesCount, sold.load());
    QCOMPARE(closing_.cashSales, qint64(sold.load()) * 1000);
    QCOMPARE(dbNumber(u"SELECT count(*) FROM bookings WHERE event_id = %1"_s.arg(event)),
             qint64(sold.load()));
    QCOMPARE(closing_.expected, qint64(sold.load()) * 1000);
}

void TestTill::receiptsShowVatPerRate()
{
    // A venue at 7 % with one category at 19 % (say, a package with dinner).
    const QJsonObject document{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Vat Hall"_s},
             {u"city"_s, u"Berlin"_s},
             {u"address"_s, u"Musterstraße 1, 10115 Berlin"_s},
             {u"vat_id"_s, u"DE123456789"_s},
             {u"vat_rate"_s, 7},
             {u"sections"_s,
              QJsonArray{
                  QJsonObject{{u"name"_s, u"Stalls"_s}, {u"rows"_s, 2}, {u"seats_per_row"_s, 10}},
                  QJsonObject{
                      {u"name"_s, u"Dinner"_s}, {u"rows"_s, 1}, {u"seats_per_row"_s, 10}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, u"Vat Night"_s},
             {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(3).toString(Qt::ISODate)},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Stalls"_s}, {u"price"_s, 2500}},
                         QJsonObject{{u"name"_s, u"Dinner"_s},
                                     {u"price"_s, 8990},
                                     {u"vat_rate"_s, 19},
                                     {u"sections"_s, QJsonArray{u"Dinner"_s}}}}}}}}};
    const qint64 event = m_stack->importEvent(document, u"Vat Night"_s);
    const qint64 stalls1 = dbNumber(u"SELECT t.id FROM tickets t JOIN seats s ON s.id = t.seat_id "
                                    "WHERE t.event_id = %1 AND s.section = 'Stalls' "
                                    "ORDER BY t.id LIMIT 1"_s.arg(event));
    const qint64 dinner = dbNumber(u"SELECT t.id FROM tickets t JOIN seats s ON s.id = t.seat_id "
                                   "WHERE t.event_id = %1 AND s.section = 'Dinner' "
                                   "ORDER BY t.id LIMIT 1"_s.arg(event));
    auto c = m_stack->client(m_otherClerk);
    const HttpTestResponse sold = sell(*c, event, {stalls1, stalls1 + 1, dinner}, Card);
    QCOMPARE(sold.status, 201);
    const Booking booking = Booking::fromJson(sold.json());
    QVERIFY(booking.receiptNumber > 0);
    QCOMPARE(booking.venueVatId, u"DE123456789"_s);
    QCOMPARE(booking.venueAddress, u"Musterstraße 1, 10115 Berlin"_s);
    // 50.00 at 7 %: VAT 3.27 (50 × 7/107 = 3.271); 89.90 at 19 %: VAT 14.35
    // (89.90 × 19/119 = 14.354).
    const QList<VatLine> expected{VatLine{700, 4673, 327, 5000}, VatLine{1900, 7555, 1435, 8990}};
    QCOMPARE(booking.vatLines(), expected);
    const QJsonArray vat = sold.json()[u"receipt"_s][u"vat"_s].toArray();
    QCOMPARE(vat.size(), 2);
    QCOMPARE(vat.at(1)[u"rate_bp"_s].toInt(), 1900);
    QCOMPARE(vat.at(1)[u"vat"_s].toInteger(), 1435);
    QCOMPARE(vat.at(1)[u"net"_s].toInteger(), 7555);
    QCOMPARE((VatLine{1900, 0, 0, 0}.rateText()), u"19 %"_s);
    QCOMPARE((VatLine{550, 0, 0, 0}.rateText()), u"5.5 %"_s);
    // A later change of the rate leaves the receipt as it was issued.
    m_stack->db().scalar("UPDATE venues SET vat_rate_bp = 1900 WHERE name = 'Vat Hall' "
                         "RETURNING 1");
    const HttpTestResponse reprint = c->get("/v1/bookings/" + QByteArray::number(booking.id));
    QCOMPARE(reprint.status, 200);
    QCOMPARE(reprint.json()[u"receipt"_s].toObject(), sold.json()[u"receipt"_s].toObject());
    // A bad rate in an import file is refused.
    QJsonObject bad = document;
    QJsonObject venue = bad[u"venue"_s].toObject();
    venue[u"name"_s] = u"Bad Vat Hall"_s;
    venue[u"vat_rate"_s] = 7.125;
    bad[u"venue"_s] = venue;
    bool refused = false;
    try {
        m_stack->importEvent(bad, u"Vat Night"_s);
    } catch (const std::exception &error) {
        refused = QString::fromUtf8(error.what()).contains(u"vat_rate"_s);
    }
    QVERIFY(refused);
}

void TestTill::receiptNumbersAreGapFreePerVenue()
{
    // Sixteen buyers at once on two events of one venue and one of another,
    // with seats that overlap (losers in a batch) and declined cards: the
    // sales made are numbered 1, 2, 3, ... per venue, with no gap and no
    // number twice, and each answer carries its booking's number.
    const qint64 a = m_stack->createEvent(u"Numbers A"_s, 5, 20, 1000);
    // A second event in the same venue.
    const QJsonObject secondInA{
        {u"venue"_s,
         QJsonObject{{u"name"_s, u"Numbers A Hall"_s},
                     {u"city"_s, u"Berlin"_s},
                     {u"kind"_s, u"arena"_s},
                     {u"sections"_s,
                      QJsonArray{QJsonObject{
                          {u"name"_s, u"Floor"_s}, {u"rows"_s, 5}, {u"seats_per_row"_s, 20}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, u"Numbers A2"_s},
             {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(9).toString(Qt::ISODate)},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Standard"_s}, {u"price"_s, 1000}}}}}}}};
    const qint64 a2 = m_stack->importEvent(secondInA, u"Numbers A2"_s);
    const qint64 b = m_stack->createEvent(u"Numbers B"_s, 5, 20, 1000);
    const QList<qint64> events{a, a2, b};
    QHash<qint64, QList<qint64>> pools;
    for (qint64 e : events)
        pools.insert(e, m_stack->ticketIds(e));
    const QList<QByteArray> buyers = m_stack->createCustomers(16, u"numbers"_s);
    std::mutex mutex;
    struct Made
    {
        int buyer;
        QByteArray path, key;
        QJsonObject request, answer;
    };
    QList<Made> made;
    std::atomic<int> conflicts{0}, declines{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < buyers.size(); ++t) {
        threads.emplace_back([&, t] {
            QRandomGenerator random(static_cast<quint32>(t + 1));
            auto c = m_stack->client(buyers[t]);
            for (int i = 0; i < 12; ++i) {
                const qint64 e = events[static_cast<int>(random.bounded(3))];
                const QJsonArray wanted = randomSeats(random, pools[e].mid(0, 60), 2);
                const bool decline = random.bounded(6) == 0;
                const QByteArray path = "/v1/event/" + QByteArray::number(e) + "/bookings";
                const QJsonObject request{{u"ticket_ids"_s, wanted},
                                          {u"payment_details"_s, decline ? Declined : Card}};
                const QByteArray key = TestStack::idempotencyKey();
                const HttpTestResponse r = c->post(path, request, {{"Idempotency-Key", key}});
                if (r.status == 201) {
                    std::lock_guard lock(mutex);
                    made.append(Made{t, path, key, request, r.json()});
                } else if (r.status == 409) {
                    ++conflicts;
                } else if (r.status == 402) {
                    ++declines;
                }
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    QVERIFY(made.size() > 20);
    QVERIFY(conflicts > 0);
    QVERIFY(declines > 0);
    const QString venueA = dbText(u"SELECT venue_id FROM events WHERE id = %1"_s.arg(a));
    QCOMPARE(dbText(u"SELECT venue_id FROM events WHERE id = %1"_s.arg(a2)), venueA);
    for (const QString &venue :
         {venueA, dbText(u"SELECT venue_id FROM events WHERE id = %1"_s.arg(b))}) {
        const qint64 n =
            dbNumber(u"SELECT count(*) FROM bookings WHERE venue_id = %1"_s.arg(venue));
        QVERIFY(n > 5);
        QCOMPARE(dbNumber(u"SELECT count(DISTINCT receipt_number) FROM bookings WHERE "
                          "venue_id = %1"_s.arg(venue)),
                 n);
        QCOMPARE(
            dbNumber(u"SELECT min(receipt_number) FROM bookings WHERE venue_id = %1"_s.arg(venue)),
            1);
        QCOMPARE(
            dbNumber(u"SELECT max(receipt_number) FROM bookings WHERE venue_id = %1"_s.arg(venue)),
            n);
        QCOMPARE(
            dbNumber(u"SELECT last_number FROM receipt_counters WHERE venue_id = %1"_s.arg(venue)),
            n);
    }
    // Each answer, and its replay, carries its booking's number.
    for (const Made &sale : std::as_const(made)) {
        QCOMPARE(sale.answer[u"receipt"_s][u"number"_s].toInteger(),
                 dbNumber(u"SELECT receipt_number FROM bookings WHERE id = %1"_s.arg(
                     sale.answer[u"id"_s].toInteger())));
        const HttpTestResponse replay =
            m_stack->client(buyers[sale.buyer])
                ->post(sale.path, sale.request, {{"Idempotency-Key", sale.key}});
        QCOMPARE(replay.status, 201);
        QCOMPARE(replay.json(), sale.answer);
    }
}

QTEST_GUILESS_MAIN(TestTill)
#include "tst_till.moc"
