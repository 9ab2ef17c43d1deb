// Group commit for sales (SaleCommitter): several buyers' sales decided in
// one Postgres transaction, each getting exactly its own decision, with what
// the database holds afterwards checked row by row; the NOTIFY each batch
// sends; the batched authorization intents; and the same through the real
// server, with real concurrent clients and Redis stopped, so that every
// conflict is decided in Postgres (invariants 1, 4, 6, 10).
#include "TestStack.h"

#include "Redis.h"
#include "TicketLedger.h"

#include "BookingService.h"
#include "Database.h"
#include "GroupCommit.h"
#include "Metrics.h"
#include "SaleCommitter.h"
#include "WireJson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QUuid>
#include <QtTest>
#include <atomic>
#include <condition_variable>
#include <future>
#include <latch>
#include <pqxx/pqxx>
#include <thread>

using namespace Qt::StringLiterals;

namespace {
using Outcome = SaleDecision::Outcome;

const QJsonObject ApprovedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_approve"_s}};

struct Buyer
{
    QByteArray token;
    qint64 id = 0;
};

std::string str(qint64 value)
{
    return std::to_string(value);
}

std::string sqlText(const std::string &text)
{
    return "'" + text + "'";
}

QList<qint64> ticketIdsOf(const Booking &booking)
{
    QList<qint64> out;
    for (const BookedTicket &ticket : booking.tickets)
        out.append(ticket.id);
    return out;
}

const char *outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Sold:
        return "Sold";
    case Outcome::SeatsTaken:
        return "SeatsTaken";
    case Outcome::KeyInFlight:
        return "KeyInFlight";
    case Outcome::HoldNotFound:
        return "HoldNotFound";
    case Outcome::AuthorizationGone:
        return "AuthorizationGone";
    case Outcome::PriceChanged:
        return "PriceChanged";
    case Outcome::ShiftClosed:
        return "ShiftClosed";
    case Outcome::Declined:
        return "Declined";
    case Outcome::Failed:
        break;
    }
    return "Failed";
}

// The outcome, and for a failed batch its error, so a failure says why.
QByteArray describe(const SaleDecision &decision)
{
    QByteArray text = outcomeName(decision.outcome);
    if (decision.error) {
        try {
            std::rethrow_exception(decision.error);
        } catch (const std::exception &error) {
            text += QByteArray(": ") + error.what();
        } catch (...) {
            text += ": unknown error";
        }
    }
    return text;
}

#define QCOMPARE_OUTCOME(decision, expected)                                                       \
    QVERIFY2((decision).outcome == (expected),                                                     \
             QByteArray(describe(decision) + " instead of " + outcomeName(expected)).constData())

// A counter from /metrics, or -1 if it is not there.
qint64 metric(const QByteArray &metrics, const QByteArray &name)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.split(' ').last().toLongLong();
    }
    return -1;
}

// Every payload NOTIFYed on one channel, as it arrives.
class Notifications final : public pqxx::notification_receiver
{
public:
    Notifications(pqxx::connection &connection, const std::string &channel)
        : pqxx::notification_receiver(connection, channel)
    {
    }
    void operator()(const std::string &payload, int) override
    {
        m_payloads.append(QByteArray::fromStdString(payload));
    }
    const QList<QByteArray> &payloads() const { return m_payloads; }

private:
    QList<QByteArray> m_payloads;
};
} // namespace

class TestSaleBatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void eachSaleGetsItsOwnDecision();
    void batchWithoutWinnerCommitsNothing();
    void holdSoldInBatch();
    void oneNotifyPerEvent();
    void intentsRecordedInBatch();
    void soldSeatsMarkedInRedisForTheirSale();
    void batchesLookRowsUpByKey();
    void warmUpPlansEveryStatement();
    void eachRunnerWarmsUp();
    void decisionsHandedBack();
    void batchErrorsHandedBack();
    void eventSummaryWarmUp();
    // Last: it stops Redis.
    void concurrentBuyersThroughServer();

private:
    Buyer buyer(const QString &name);
    // An authorization's intent as BookingService records it, written
    // directly: a ledger row of its own sale key.
    qint64 authorization(Cents amount, bool released = false);
    SaleOrder order(const Buyer &buyer, qint64 eventId, const QList<qint64> &ticketIds,
                    Cents amount, qint64 authorizationId,
                    const std::string &key = TestStack::idempotencyKey().toStdString());
    std::vector<SaleDecision> commit(std::initializer_list<const SaleOrder *> orders);
    QString hold(const Buyer &buyer, qint64 eventId, const QList<qint64> &ticketIds);
    // The first column of the first row, as text ("" for NULL or no row).
    QString text(const std::string &sql);
    // The same as a number (-1 for NULL or no row).
    qint64 scalar(const std::string &sql);
    void execute(const std::string &sql);
    // The buyer's Idempotency-Keys as their stored status codes ("" if none).
    QString keys(const Buyer &buyer);
    qint64 price(qint64 ticketId)
    {
        return scalar("SELECT price_cents FROM tickets WHERE id = " + str(ticketId));
    }

    std::unique_ptr<TestStack> m_stack;
    std::unique_ptr<Database> m_db;
    int m_buyers = 0;
};

void TestSaleBatch::initTestCase()
{
    m_stack =
        std::make_unique<TestStack>(u"sale_batch"_s, QStringList{u"--sale-threads"_s, u"32"_s});
    QVERIFY(m_stack->start());
    m_db = std::make_unique<Database>(m_stack->db().conninfo());
}

Buyer TestSaleBatch::buyer(const QString &name)
{
    const QString email = u"buyer%1@example.org"_s.arg(m_buyers++);
    Buyer b;
    b.token = m_stack->registerCustomer(email, name);
    b.id = scalar("SELECT id FROM users WHERE email = " + sqlText(email.toStdString()));
    return b;
}

qint64 TestSaleBatch::authorization(Cents amount, bool released)
{
    const std::string saleKey = "b:" + TestStack::idempotencyKey().toStdString();
    pqxx::work tx(m_db->connection());
    const qint64 id =
        tx.exec_params1("INSERT INTO payment_ledger (operation, method, amount_cents, "
                        "idempotency_key, sale_key, attempt, status, released_at) "
                        "VALUES ('authorize', 'card', $1, $2 || '/1', $2, 1, $3, "
                        "CASE WHEN $4 THEN now() END) RETURNING id",
                        amount, saleKey, released ? "failed" : "started", released)[0]
            .as<qint64>();
    tx.commit();
    return id;
}

SaleOrder TestSaleBatch::order(const Buyer &buyer, qint64 eventId, const QList<qint64> &ticketIds,
                               Cents amount, qint64 authorizationId, const std::string &key)
{
    SaleOrder order;
    order.userId = buyer.id;
    order.idempotencyKey = key;
    order.requestHash = "hash-" + key;
    order.eventId = eventId;
    order.ticketIds = ticketIds;
    order.authorizationId = authorizationId;
    order.amount = amount;
    order.captureKey = "capture-" + key;
    Booking &booking = order.booking;
    booking.eventId = eventId;
    booking.paymentMethod = u"card"_s;
    booking.customerName = u"Customer %1"_s.arg(buyer.id);
    booking.eventName = u"Event %1"_s.arg(eventId);
    booking.startsAt = QDateTime(QDate(2031, 5, 1), QTime(19, 30), Qt::UTC);
    booking.venueName = u"Hall"_s;
    booking.venueCity = u"Berlin"_s;
    booking.payment = PaymentReceipt{u"card"_s, QString::fromStdString("ref-" + key), {}};
    return order;
}

std::vector<SaleDecision> TestSaleBatch::commit(std::initializer_list<const SaleOrder *> orders)
{
    const std::vector<const SaleOrder *> batch(orders);
    return SaleCommitter::commit(*m_db, batch);
}

QString TestSaleBatch::hold(const Buyer &buyer, qint64 eventId, const QList<qint64> &ticketIds)
{
    const HttpTestResponse r = m_stack->client(buyer.token)
                                   ->post("/v1/event/" + QByteArray::number(eventId) + "/holds",
                                          {{u"ticket_ids"_s, WireJson::toArray(ticketIds)}});
    if (r.status != 201)
        qWarning("hold refused: %d %s", r.status, r.body.constData());
    return r.json().value(u"hold_id"_s).toString();
}

QString TestSaleBatch::text(const std::string &sql)
{
    pqxx::nontransaction tx(m_db->connection());
    const pqxx::result rows = tx.exec(sql);
    return rows.empty() || rows[0][0].is_null() ? QString() : toQString(rows[0][0]);
}

qint64 TestSaleBatch::scalar(const std::string &sql)
{
    const QString value = text(sql);
    return value.isEmpty() ? -1 : value.toLongLong();
}

QString TestSaleBatch::keys(const Buyer &buyer)
{
    return text("SELECT string_agg(coalesce(status_code::text, 'claimed without an answer'), ',') "
                "FROM idempotency_keys WHERE user_id = " +
                str(buyer.id));
}

void TestSaleBatch::execute(const std::string &sql)
{
    pqxx::nontransaction tx(m_db->connection());
    tx.exec(sql);
}

void TestSaleBatch::eachSaleGetsItsOwnDecision()
{
    const qint64 event = m_stack->createEvent(u"Batch One"_s, 2, 10, 3100);
    const QList<qint64> t = m_stack->ticketIds(event);
    const Cents p = price(t[0]);
    const std::string e = str(event);
    const Buyer a = buyer(u"A"_s), b = buyer(u"B"_s), c = buyer(u"C"_s), d = buyer(u"D"_s),
                f = buyer(u"F"_s);
    const qint64 versionBefore = scalar("SELECT version FROM events WHERE id = " + e);
    const qint64 availableBefore = scalar("SELECT available FROM events WHERE id = " + e);

    const qint64 authA = authorization(2 * p), authB = authorization(2 * p),
                 authC = authorization(p, true), authD = authorization(p - 100),
                 authE = authorization(p), authF = authorization(p);
    const SaleOrder sa = order(a, event, {t[0], t[1]}, 2 * p, authA);
    const SaleOrder sb = order(b, event, {t[1], t[2]}, 2 * p, authB);
    const SaleOrder sc = order(c, event, {t[4]}, p, authC);
    const SaleOrder sd = order(d, event, {t[5]}, p - 100, authD);
    // A's (user, Idempotency-Key) again, for seats nobody else wants.
    const SaleOrder se = order(a, event, {t[6]}, p, authE, sa.idempotencyKey);
    const SaleOrder sf = order(f, event, {t[3]}, p, authF);

    const std::vector<SaleDecision> decided = commit({&sa, &sb, &sc, &sd, &se, &sf});
    QCOMPARE(decided.size(), size_t(6));
    const SaleDecision &da = decided[0], &db = decided[1], &dc = decided[2], &dd = decided[3],
                       &de = decided[4], &df = decided[5];
    QCOMPARE_OUTCOME(da, Outcome::Sold);
    QCOMPARE_OUTCOME(db, Outcome::SeatsTaken);
    QCOMPARE_OUTCOME(dc, Outcome::AuthorizationGone);
    QCOMPARE_OUTCOME(dd, Outcome::PriceChanged);
    QCOMPARE_OUTCOME(de, Outcome::KeyInFlight);
    QCOMPARE_OUTCOME(df, Outcome::Sold);
    QCOMPARE(db.unavailable, QList<qint64>{t[1]});
    for (const SaleDecision *loser : {&db, &dc, &dd, &de}) {
        QCOMPARE(loser->booking.id, 0);
        QCOMPARE(loser->captureId, 0);
    }

    // The winners' bookings: their own seats, at the seats' price.
    QVERIFY(da.booking.id > 0 && df.booking.id > 0 && da.booking.id != df.booking.id);
    QCOMPARE(ticketIdsOf(da.booking), (QList<qint64>{t[0], t[1]}));
    QCOMPARE(ticketIdsOf(df.booking), QList<qint64>{t[3]});
    QCOMPARE(da.ticketIds, (QList<qint64>{t[0], t[1]}));
    QCOMPARE(da.booking.total, 2 * p);
    QCOMPARE(df.booking.total, p);
    QCOMPARE(da.booking.code.size(), 8);
    QVERIFY(da.booking.code != df.booking.code);
    QCOMPARE(da.booking.customerName, sa.booking.customerName);
    const std::string bookingA = str(da.booking.id), bookingF = str(df.booking.id);

    // Tickets: 1 and 2 to A, 4 to F; 3 (B's other seat), C's, D's and E's
    // seats untouched.
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " +
                    bookingA + " AND id IN (" + str(t[0]) + "," + str(t[1]) + ")"),
             2);
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " +
                    bookingF + " AND id = " + str(t[3])),
             1);
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e), 3);
    for (qint64 id : {t[2], t[4], t[5], t[6]})
        QCOMPARE(text("SELECT status FROM tickets WHERE booking_id IS NULL AND id = " + str(id)),
                 u"available"_s);
    QCOMPARE(
        text("SELECT string_agg(bt.booking_id || ':' || bt.ticket_id || ':' || bt.price_cents, ',' "
             "ORDER BY bt.ticket_id) FROM booking_tickets bt JOIN tickets t "
             "ON t.id = bt.ticket_id WHERE t.event_id = " +
             e + " AND bt.cancelled_at IS NULL"),
        u"%1:%2:%5,%1:%3:%5,%4:%6:%5"_s.arg(da.booking.id)
            .arg(t[0])
            .arg(t[1])
            .arg(df.booking.id)
            .arg(p)
            .arg(t[3]));
    QCOMPARE(scalar("SELECT count(*) FROM bookings WHERE event_id = " + e), 2);
    QCOMPARE(scalar("SELECT total_cents FROM bookings WHERE id = " + bookingA), 2 * p);

    // The stored answers: the winners' keys answer 201 with the very
    // booking the decision carries; the losers' keys are given back.
    for (const auto &[sale, decision] : {std::pair{&sa, &da}, std::pair{&sf, &df}}) {
        const std::string where = " FROM idempotency_keys WHERE user_id = " + str(sale->userId) +
                                  " AND key = " + sqlText(sale->idempotencyKey);
        QCOMPARE(scalar("SELECT status_code" + where), 201);
        QCOMPARE(text("SELECT request_hash" + where).toStdString(), sale->requestHash);
        const QJsonDocument answer =
            QJsonDocument::fromJson(text("SELECT response" + where).toUtf8());
        QVERIFY(answer.isObject());
        QCOMPARE(answer.object(), decision->booking.toJson());
        QCOMPARE(Booking::fromJson(answer.object()).id, decision->booking.id);
    }
    QCOMPARE(scalar("SELECT count(*) FROM idempotency_keys WHERE user_id = " + str(a.id)), 1);
    for (const Buyer *loser : {&b, &c, &d})
        QCOMPARE(keys(*loser), QString());

    // The payment ledger: the winners' authorizations belong to their
    // bookings, each with exactly one capture, the one the decision names.
    for (const auto &[auth, decision] : {std::pair{authA, &da}, std::pair{authF, &df}}) {
        const std::string id = str(auth);
        QCOMPARE(scalar("SELECT booking_id FROM payment_ledger WHERE id = " + id),
                 decision->booking.id);
        QCOMPARE(text("SELECT status FROM payment_ledger WHERE id = " + id), u"succeeded"_s);
        QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'capture' "
                        "AND authorization_id = " +
                        id),
                 1);
        QVERIFY(decision->captureId > 0);
        QCOMPARE(scalar("SELECT id FROM payment_ledger WHERE operation = 'capture' "
                        "AND authorization_id = " +
                        id),
                 decision->captureId);
        QCOMPARE(
            scalar("SELECT booking_id FROM payment_ledger WHERE id = " + str(decision->captureId)),
            decision->booking.id);
        QCOMPARE(scalar("SELECT amount_cents FROM payment_ledger WHERE id = " +
                        str(decision->captureId)),
                 decision->booking.total);
    }
    // The losers' authorizations are as they were (theirs to void).
    for (qint64 auth : {authB, authD, authE})
        QCOMPARE(text("SELECT status || ':' || (booking_id IS NULL) || ':' || "
                      "(released_at IS NULL) FROM payment_ledger WHERE id = " +
                      str(auth)),
                 u"started:true:true"_s);
    QCOMPARE(text("SELECT status || ':' || (booking_id IS NULL) FROM payment_ledger WHERE id = " +
                  str(authC)),
             u"failed:true"_s);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE authorization_id IN (" + str(authB) +
                    "," + str(authC) + "," + str(authD) + "," + str(authE) + ")"),
             0);

    // One new version for the whole batch, on every ticket it sold; the
    // available count follows the tickets.
    const qint64 version = scalar("SELECT version FROM events WHERE id = " + e);
    QCOMPARE(version, versionBefore + 1);
    for (qint64 id : {t[0], t[1], t[3]})
        QCOMPARE(scalar("SELECT version FROM tickets WHERE id = " + str(id)), version);
    QCOMPARE(scalar("SELECT available FROM events WHERE id = " + e), availableBefore - 3);
    QCOMPARE(scalar("SELECT available FROM events WHERE id = " + e),
             scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND event_id = " + e));
}

void TestSaleBatch::batchWithoutWinnerCommitsNothing()
{
    const qint64 event = m_stack->createEvent(u"Batch Two"_s, 1, 10, 2700);
    const qint64 other = m_stack->createEvent(u"Batch Two Other"_s, 1, 5, 2700);
    const QList<qint64> t = m_stack->ticketIds(event);
    const QList<qint64> elsewhere = m_stack->ticketIds(other);
    const Cents p = price(t[0]);
    const std::string e = str(event);
    const Buyer u = buyer(u"Loser One"_s), v = buyer(u"Loser Two"_s), w = buyer(u"Loser Three"_s),
                x = buyer(u"Loser Four"_s), y = buyer(u"Loser Five"_s);
    // y's key already has an answer, from an earlier sale.
    const std::string answeredKey = TestStack::idempotencyKey().toStdString();
    execute("INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response) "
            "VALUES (" +
            str(y.id) + ", " + sqlText(answeredKey) + ", 'earlier', 402, '{}')");
    const qint64 versionBefore = scalar("SELECT version FROM events WHERE id = " + e);
    const qint64 availableBefore = scalar("SELECT available FROM events WHERE id = " + e);
    const qint64 ledgerBefore = scalar("SELECT coalesce(max(id), 0) FROM payment_ledger");

    const qint64 authU = authorization(p), authV = authorization(p, true), authW = authorization(p),
                 authX = authorization(p), authY = authorization(p);
    const SaleOrder su = order(u, event, {t[0]}, p + 1, authU); // the price changed
    const SaleOrder sv = order(v, event, {t[1]}, p, authV);     // the payment was given up
    const SaleOrder sw = order(w, event, {t[2], elsewhere[0]}, 2 * p, authW); // not this event's
    SaleOrder sx = order(x, event, {}, p, authX);
    sx.holdId = QUuid::createUuid().toString(QUuid::WithoutBraces); // no such hold
    const SaleOrder sy = order(y, event, {t[3]}, p, authY, answeredKey);

    const std::vector<SaleDecision> decided = commit({&su, &sv, &sw, &sx, &sy});
    QCOMPARE(decided.size(), size_t(5));
    QCOMPARE_OUTCOME(decided[0], Outcome::PriceChanged);
    QCOMPARE_OUTCOME(decided[1], Outcome::AuthorizationGone);
    QCOMPARE_OUTCOME(decided[2], Outcome::SeatsTaken);
    QCOMPARE(decided[2].unavailable, QList<qint64>{elsewhere[0]});
    QCOMPARE_OUTCOME(decided[3], Outcome::HoldNotFound);
    QCOMPARE_OUTCOME(decided[4], Outcome::KeyInFlight);

    // Nothing of the batch remains: no key it claimed, no version, no sale,
    // no ledger row written or changed; the key that had an answer keeps it.
    for (const Buyer *loser : {&u, &v, &w, &x})
        QCOMPARE(keys(*loser), QString());
    QCOMPARE(text("SELECT status_code || ':' || request_hash FROM idempotency_keys WHERE "
                  "user_id = " +
                  str(y.id) + " AND key = " + sqlText(answeredKey)),
             u"402:earlier"_s);
    QCOMPARE(scalar("SELECT version FROM events WHERE id = " + e), versionBefore);
    QCOMPARE(scalar("SELECT available FROM events WHERE id = " + e), availableBefore);
    QCOMPARE(
        scalar("SELECT count(*) FROM bookings WHERE event_id IN (" + e + "," + str(other) + ")"),
        0);
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status <> 'available' AND event_id IN (" +
                    e + "," + str(other) + ")"),
             0);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE id > " + str(ledgerBefore) +
                    " AND (operation <> 'authorize' OR booking_id IS NOT NULL "
                    "OR status NOT IN ('started', 'failed'))"),
             0);
}

void TestSaleBatch::holdSoldInBatch()
{
    const qint64 event = m_stack->createEvent(u"Batch Three"_s, 1, 10, 2900);
    const QList<qint64> t = m_stack->ticketIds(event);
    const Cents p = price(t[0]);
    const std::string e = str(event);
    const Buyer owner = buyer(u"Hold Owner"_s), direct = buyer(u"Direct Buyer"_s),
                stranger = buyer(u"Stranger"_s), other = buyer(u"Other Holder"_s);
    const QString holdId = hold(owner, event, {t[0], t[1]});
    const QString othersHold = hold(other, event, {t[4]});
    QVERIFY(!holdId.isEmpty() && !othersHold.isEmpty());
    const qint64 versionBefore = scalar("SELECT version FROM events WHERE id = " + e);

    // The direct buyer comes first in the batch: the hold itself, not the
    // order of the batch, keeps its seat.
    const SaleOrder sd = order(direct, event, {t[2], t[1]}, 2 * p, authorization(2 * p));
    SaleOrder so = order(owner, event, {}, 2 * p, authorization(2 * p));
    so.holdId = holdId;
    SaleOrder ss = order(stranger, event, {}, p, authorization(p));
    ss.holdId = othersHold;

    const std::vector<SaleDecision> decided = commit({&sd, &so, &ss});
    QCOMPARE(decided.size(), size_t(3));
    QCOMPARE_OUTCOME(decided[0], Outcome::SeatsTaken);
    QCOMPARE(decided[0].unavailable, QList<qint64>{t[1]});
    QCOMPARE_OUTCOME(decided[1], Outcome::Sold);
    QCOMPARE_OUTCOME(decided[2], Outcome::HoldNotFound);
    const SaleDecision &sold = decided[1];
    QCOMPARE(sold.ticketIds, (QList<qint64>{t[0], t[1]}));
    QCOMPARE(ticketIdsOf(sold.booking), (QList<qint64>{t[0], t[1]}));
    QCOMPARE(sold.booking.total, 2 * p);

    const std::string booking = str(sold.booking.id);
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND hold_id IS NULL "
                    "AND hold_expires_at IS NULL AND booking_id = " +
                    booking),
             2);
    QCOMPARE(text("SELECT status FROM tickets WHERE id = " + str(t[2])), u"available"_s);
    QCOMPARE(scalar("SELECT count(*) FROM holds WHERE released_at IS NOT NULL AND id = " +
                    sqlText(holdId.toStdString())),
             1);
    // The other customer's hold is untouched, its seat still held by it.
    QCOMPARE(scalar("SELECT count(*) FROM holds WHERE released_at IS NULL AND id = " +
                    sqlText(othersHold.toStdString())),
             1);
    QCOMPARE(text("SELECT status || ':' || hold_id FROM tickets WHERE id = " + str(t[4])),
             QString(u"held:"_s + othersHold));
    QCOMPARE(keys(direct), QString());
    QCOMPARE(scalar("SELECT status_code FROM idempotency_keys WHERE user_id = " + str(owner.id)),
             201);
    QCOMPARE(scalar("SELECT version FROM events WHERE id = " + e), versionBefore + 1);
    // Held seats had already left the available count: selling them
    // leaves it where the tickets say.
    QCOMPARE(scalar("SELECT available FROM events WHERE id = " + e),
             scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND event_id = " + e));
    // The stranger's key is given back too: a key left claimed without an
    // answer would make every retry of that request "still being
    // processed" until the key is purged.
    QCOMPARE(keys(stranger), QString());
}

void TestSaleBatch::oneNotifyPerEvent()
{
    const qint64 first = m_stack->createEvent(u"Batch Notify One"_s, 1, 10, 2000);
    const qint64 second = m_stack->createEvent(u"Batch Notify Two"_s, 1, 10, 2000);
    const qint64 quiet = m_stack->createEvent(u"Batch Notify Quiet"_s, 1, 10, 2000);
    const QList<qint64> t1 = m_stack->ticketIds(first), t2 = m_stack->ticketIds(second),
                        t3 = m_stack->ticketIds(quiet);
    const Cents p = price(t1[0]);
    const Buyer u = buyer(u"Notify One"_s), v = buyer(u"Notify Two"_s),
                w = buyer(u"Notify Three"_s);

    pqxx::connection listener(m_stack->db().conninfo());
    Notifications tickets(listener, "boxoffice_tickets");
    // NOTIFYs reach a listener in commit order, whatever their channel: once
    // a marker sent after the batch is here, so is everything the batch sent.
    const std::string markerChannel = "tst_sale_batch_marker";
    Notifications marker(listener, markerChannel);
    listener.get_notifs();

    // Two sales on the first event (seats named out of order), one on the
    // second, and a loser on the third.
    const SaleOrder su = order(u, first, {t1[5], t1[1]}, 2 * p, authorization(2 * p));
    const SaleOrder sv = order(v, second, {t2[0]}, p, authorization(p));
    const SaleOrder sw = order(w, first, {t1[3]}, p, authorization(p));
    const SaleOrder sq = order(w, quiet, {t3[0]}, p + 1, authorization(p + 1));
    const std::vector<SaleDecision> decided = commit({&su, &sv, &sw, &sq});
    QCOMPARE_OUTCOME(decided[0], Outcome::Sold);
    QCOMPARE_OUTCOME(decided[1], Outcome::Sold);
    QCOMPARE_OUTCOME(decided[2], Outcome::Sold);
    QCOMPARE_OUTCOME(decided[3], Outcome::PriceChanged);

    const QByteArray token = TestStack::idempotencyKey();
    execute("SELECT pg_notify(" + sqlText(markerChannel) + ", " + sqlText(token.toStdString()) +
            ")");
    QVERIFY(QTest::qWaitFor(
        [&] {
            listener.get_notifs();
            return marker.payloads().contains(token);
        },
        30000));

    QHash<qint64, QList<QJsonObject>> byEvent;
    for (const QByteArray &payload : tickets.payloads()) {
        const QJsonObject change = QJsonDocument::fromJson(payload).object();
        byEvent[change.value(u"event_id"_s).toInteger()].append(change);
    }
    const auto sold = [](const QList<qint64> &ids) {
        QJsonArray array;
        for (qint64 id : ids)
            array.append(QJsonObject{{u"id"_s, id}, {u"status"_s, u"sold"_s}});
        return array;
    };
    QCOMPARE(byEvent.value(first).size(), 1);
    QCOMPARE(byEvent.value(second).size(), 1);
    QCOMPARE(byEvent.value(quiet).size(), 0);
    QCOMPARE(
        byEvent.value(first).first(),
        (QJsonObject{{u"event_id"_s, first},
                     {u"version"_s, scalar("SELECT version FROM events WHERE id = " + str(first))},
                     {u"tickets"_s, sold({t1[1], t1[3], t1[5]})}}));
    QCOMPARE(
        byEvent.value(second).first(),
        (QJsonObject{{u"event_id"_s, second},
                     {u"version"_s, scalar("SELECT version FROM events WHERE id = " + str(second))},
                     {u"tickets"_s, sold({t2[0]})}}));
}

void TestSaleBatch::intentsRecordedInBatch()
{
    const qint64 event = m_stack->createEvent(u"Batch Intents"_s, 1, 10, 2300);
    const qint64 other = m_stack->createEvent(u"Batch Intents Other"_s, 1, 5, 2300);
    const QList<qint64> t = m_stack->ticketIds(event);
    const Cents p = price(t[0]);
    const Buyer payer = buyer(u"Payer"_s), holder = buyer(u"Holder"_s);
    const QString holdId = hold(holder, event, {t[5], t[6]});
    QVERIFY(!holdId.isEmpty());
    const std::string answeredKey = TestStack::idempotencyKey().toStdString();
    execute("INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response) "
            "VALUES (" +
            str(payer.id) + ", " + sqlText(answeredKey) + ", 'earlier', 201, '{}')");

    const auto intent = [&](const Buyer &buyer, const std::string &key, const std::string &saleKey,
                            const QList<qint64> &tickets, const QString &hold = {}) {
        return AuthorizationIntent{buyer.id, key, saleKey, event, tickets, hold, u"card"_s};
    };
    const std::string key = TestStack::idempotencyKey().toStdString();
    const std::string saleKey = "b:" + key;
    const std::vector<AuthorizationIntent> intents{
        // Two attempts of one request.
        intent(payer, key, saleKey, {t[0], t[1]}),
        intent(payer, key, saleKey, {t[0], t[1]}),
        intent(payer, answeredKey, "b:answered", {t[2]}),
        intent(payer, "unknown", "b:unknown", {t[3], 987654321}),
        intent(payer, "elsewhere", "b:elsewhere", {m_stack->ticketIds(other).first()}),
        intent(payer, "not-mine", "b:not-mine", {}, holdId),
        intent(holder, "mine", "b:mine", {}, holdId),
    };
    const std::vector<IntentRecord> records = SaleCommitter::recordIntents(*m_db, intents);
    QCOMPARE(records.size(), intents.size());

    // One authorization for both attempts, for the seats' price.
    QVERIFY(records[0].ledgerId > 0);
    QCOMPARE(records[1].ledgerId, records[0].ledgerId);
    for (const IntentRecord *record : {&records[0], &records[1]}) {
        QVERIFY(!record->answered);
        QCOMPARE(record->price, std::optional<Cents>(2 * p));
        QCOMPARE(record->amount, 2 * p);
        QVERIFY(!record->spent);
        QCOMPARE(record->idempotencyKey, QByteArray::fromStdString(saleKey + "/1"));
    }
    QCOMPARE(text("SELECT string_agg(id || ':' || amount_cents || ':' || attempt || ':' || status "
                  "|| ':' || idempotency_key, ',') FROM payment_ledger WHERE sale_key = " +
                  sqlText(saleKey)),
             u"%1:%2:1:started:%3/1"_s.arg(records[0].ledgerId)
                 .arg(2 * p)
                 .arg(QString::fromStdString(saleKey)));

    // A key with an answer: nothing to authorize.
    QVERIFY(records[2].answered);
    QCOMPARE(records[2].ledgerId, 0);
    // Unknown seats, another event's seat, another customer's hold: no
    // price, nothing recorded.
    for (size_t i = 3; i <= 5; ++i) {
        QVERIFY2(!records[i].price, qPrintable(u"intent %1 was priced"_s.arg(i)));
        QCOMPARE(records[i].ledgerId, 0);
        QVERIFY(!records[i].answered);
    }
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE sale_key IN ('b:answered', "
                    "'b:unknown', 'b:elsewhere', 'b:not-mine')"),
             0);
    // The hold's own customer gets its price.
    QCOMPARE(records[6].price, std::optional<Cents>(2 * p));
    QVERIFY(records[6].ledgerId > 0 && records[6].ledgerId != records[0].ledgerId);
    QCOMPARE(records[6].amount, 2 * p);

    // A later batch with the same request finds the same authorization.
    const std::vector<IntentRecord> again =
        SaleCommitter::recordIntents(*m_db, std::span(intents).first(1));
    QCOMPARE(again.front().ledgerId, records[0].ledgerId);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE sale_key = " + sqlText(saleKey)), 1);
}

void TestSaleBatch::soldSeatsMarkedInRedisForTheirSale()
{
    // Buyers at once through the server: their batches mark every sold seat
    // in the Redis filter for the sale that bought it (one round trip a
    // batch), so a replay is recognised at the filter and anybody else is
    // turned away there.
    constexpr int Buyers = 6;
    const qint64 event = m_stack->createEvent(u"Marked Night"_s, 1, 2 * Buyers, 3000);
    const QList<qint64> seats = m_stack->ticketIds(event);
    std::vector<Buyer> buyers;
    std::vector<QByteArray> keys;
    for (int i = 0; i < Buyers; ++i) {
        buyers.push_back(buyer(u"Marked %1"_s.arg(i)));
        keys.push_back(TestStack::idempotencyKey());
    }
    const quint16 port = m_stack->server().port();
    const QByteArray path = "/v1/event/" + QByteArray::number(event) + "/bookings";
    std::vector<HttpTestResponse> answers(Buyers);
    {
        std::latch start(Buyers);
        std::vector<std::thread> threads;
        for (int i = 0; i < Buyers; ++i) {
            threads.emplace_back([&, i] {
                HttpTestClient client("127.0.0.1", port);
                client.setToken(buyers[size_t(i)].token);
                client.get("/healthz");
                const QJsonObject body{
                    {u"ticket_ids"_s, QJsonArray{seats.at(2 * i), seats.at(2 * i + 1)}},
                    {u"payment_details"_s, ApprovedCard}};
                start.arrive_and_wait();
                answers[size_t(i)] =
                    client.post(path, body, {{"Idempotency-Key", keys[size_t(i)]}});
            });
        }
        for (std::thread &thread : threads)
            thread.join();
    }
    Redis redis(RedisAddress{{"127.0.0.1", m_stack->redis().port()}, {}, {}});
    for (int i = 0; i < Buyers; ++i) {
        QCOMPARE(answers[size_t(i)].status, 201);
        // The owner token BookingService gives the request.
        const QByteArray request =
            QByteArray::number(buyers[size_t(i)].id) + '\n' + keys[size_t(i)];
        const QByteArray owner =
            "b:" + QCryptographicHash::hash(request, QCryptographicHash::Sha256).toHex().left(32);
        // Marked by the committer's marking thread, moments after the commit.
        for (qint64 seat : {seats.at(2 * i), seats.at(2 * i + 1)}) {
            const auto mark = [&] {
                const auto value = redis.command({"GET", "bo:seat:" + QByteArray::number(seat)});
                return value ? value->string : QByteArray();
            };
            QTRY_COMPARE_WITH_TIMEOUT(mark(), "sold:" + owner, 5000);
        }
    }
    // A mark that comes late changes nothing: a seat given back (its key
    // gone) stays free, and one reserved by someone else since stays theirs.
    const QByteArray lateKey = "bo:seat:" + QByteArray::number(seats.at(2 * Buyers - 1));
    const QByteArray otherKey = "bo:seat:" + QByteArray::number(seats.at(2 * Buyers - 2));
    QVERIFY(redis.command({"DEL", lateKey, otherKey}));
    QVERIFY(redis.command({"SET", otherKey, "someone-else"}));
    QVERIFY(TicketLedger::markSold(redis, {seats.at(2 * Buyers - 1), seats.at(2 * Buyers - 2)},
                                   {"b:gone", "b:gone"}, {"b:gone", "b:gone"}));
    QCOMPARE(redis.command({"EXISTS", lateKey})->integer, 0);
    QCOMPARE(redis.command({"GET", otherKey})->string, "someone-else"_ba);
    // While the key holds the sale's reservation, the mark is made.
    QVERIFY(redis.command({"SET", lateKey, "hold-7"}));
    QVERIFY(TicketLedger::markSold(redis, {seats.at(2 * Buyers - 1)}, {"b:mine"}, {"hold-7"}));
    QCOMPARE(redis.command({"GET", lateKey})->string, "sold:b:mine"_ba);
    QVERIFY(redis.command({"DEL", lateKey, otherKey}));

    // A sale of a hold is marked too: its seats' keys held the hold.
    {
        const Buyer holder = buyer(u"Holder"_s);
        const qint64 other = m_stack->createEvent(u"Held Night"_s, 1, 2, 3000);
        const QList<qint64> held = m_stack->ticketIds(other);
        auto c = m_stack->client(holder.token);
        const HttpTestResponse hold =
            c->post("/v1/event/" + QByteArray::number(other) + "/holds",
                    QJsonObject{{u"ticket_ids"_s, QJsonArray{held.at(0), held.at(1)}}});
        QCOMPARE(hold.status, 201);
        const QByteArray key = TestStack::idempotencyKey();
        const HttpTestResponse sold =
            c->post("/v1/event/" + QByteArray::number(other) + "/bookings",
                    QJsonObject{{u"hold_id"_s, hold.json().value(u"hold_id"_s)},
                                {u"payment_details"_s, ApprovedCard}},
                    {{"Idempotency-Key", key}});
        QCOMPARE(sold.status, 201);
        const QByteArray request = QByteArray::number(holder.id) + '\n' + key;
        const QByteArray owner =
            "b:" + QCryptographicHash::hash(request, QCryptographicHash::Sha256).toHex().left(32);
        const auto mark = [&] {
            const auto value = redis.command({"GET", "bo:seat:" + QByteArray::number(held.at(0))});
            return value ? value->string : QByteArray();
        };
        QTRY_COMPARE_WITH_TIMEOUT(mark(), "sold:" + owner, 5000);
    }

    // Someone else asking for a sold seat is refused at the filter.
    const Buyer late = buyer(u"Late"_s);
    auto client = m_stack->client(late.token);
    const HttpTestResponse refused =
        client->post(path,
                     QJsonObject{{u"ticket_ids"_s, QJsonArray{seats.at(0)}},
                                 {u"payment_details"_s, ApprovedCard}},
                     {{"Idempotency-Key", TestStack::idempotencyKey()}});
    QCOMPARE(refused.status, 409);
}

void TestSaleBatch::concurrentBuyersThroughServer()
{
    constexpr int Clients = 32;
    constexpr int Seats = 20;
    const qint64 event = m_stack->createEvent(u"Batch Rush"_s, 2, 11, 2500);
    const QList<qint64> pool = m_stack->ticketIds(event).mid(0, Seats);
    QCOMPARE(pool.size(), Seats);
    QList<Buyer> buyers;
    for (int i = 0; i < Clients; ++i) {
        buyers.append(buyer(u"Rush %1"_s.arg(i)));
        QVERIFY(!buyers.last().token.isEmpty());
    }
    // Every conflict goes to Postgres.
    m_stack->redis().stop();
    auto observer = m_stack->client();
    // Sales of the tests before this one are counted too.
    const QByteArray metricsBefore = observer->get("/metrics").body;
    QTRY_COMPARE_WITH_TIMEOUT(observer->get("/healthz").json().value(u"redis"_s).toString(),
                              u"down"_s, 10000);

    const quint16 port = m_stack->server().port();
    const QByteArray path = "/v1/event/" + QByteArray::number(event) + "/bookings";
    std::vector<QList<qint64>> asked(Clients);
    std::vector<HttpTestResponse> answers(Clients);
    {
        std::latch start(Clients);
        std::vector<std::thread> threads;
        for (int i = 0; i < Clients; ++i) {
            // Overlapping pairs: each seat is wanted by three or four clients.
            asked[size_t(i)] = {pool[i % Seats], pool[(i + 1) % Seats]};
            threads.emplace_back([&, i] {
                HttpTestClient client("127.0.0.1", port);
                client.setToken(buyers.at(i).token);
                client.get("/healthz"); // connected before the start
                start.arrive_and_wait();
                answers[size_t(i)] = TestStack::bookWithCard(client, event, asked[size_t(i)]);
            });
        }
        for (std::thread &thread : threads)
            thread.join();
    }

    // No seat in two acknowledged bookings; each booking has exactly the
    // seats its client asked for, sold to it.
    QHash<qint64, qint64> soldTo; // ticket -> booking
    for (int i = 0; i < Clients; ++i) {
        const HttpTestResponse &r = answers[size_t(i)];
        QVERIFY2(r.status == 201 || r.status == 409,
                 QByteArray(QByteArray::number(r.status) + ' ' + r.body).constData());
        if (r.status != 201)
            continue;
        const Booking booking = Booking::fromJson(r.json());
        const QList<qint64> seats = ticketIdsOf(booking); // in id order
        QList<qint64> wanted = asked[size_t(i)];
        std::sort(wanted.begin(), wanted.end());
        QCOMPARE(seats, wanted);
        for (qint64 seat : seats) {
            QVERIFY2(!soldTo.contains(seat), qPrintable(u"ticket %1 sold twice"_s.arg(seat)));
            soldTo.insert(seat, booking.id);
            QCOMPARE(scalar("SELECT booking_id FROM tickets WHERE status = 'sold' AND id = " +
                            str(seat)),
                     booking.id);
        }
    }
    QVERIFY(!soldTo.isEmpty());
    const std::string e = str(event);
    QCOMPARE(scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + e),
             soldTo.size());
    QCOMPARE(scalar("SELECT count(*) FROM booking_tickets bt JOIN tickets t ON t.id = bt.ticket_id "
                    "WHERE t.event_id = " +
                    e + " AND bt.cancelled_at IS NULL"),
             soldTo.size());
    QCOMPARE(scalar("SELECT available FROM events WHERE id = " + e),
             scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND event_id = " + e));

    // Every refusal names only seats of its own request, each sold to
    // someone else.
    int refused = 0;
    for (int i = 0; i < Clients; ++i) {
        const HttpTestResponse &r = answers[size_t(i)];
        if (r.status != 409)
            continue;
        ++refused;
        QCOMPARE(r.errorCode(), "seats_unavailable"_ba);
        const QList<qint64> unavailable =
            WireJson::toIds(r.json().value(u"error"_s).toObject().value(u"unavailable"_s));
        QVERIFY2(!unavailable.isEmpty(), r.body.constData());
        for (qint64 seat : unavailable) {
            QVERIFY2(asked[size_t(i)].contains(seat), r.body.constData());
            QVERIFY2(soldTo.contains(seat), r.body.constData());
        }
    }
    QVERIFY(refused > 0);

    // Group commit happened: some transaction decided more than one sale.
    const QByteArray metrics = observer->get("/metrics").body;
    const qint64 batches = metric(metrics, "boxoffice_sale_batches_total") -
                           metric(metricsBefore, "boxoffice_sale_batches_total");
    const qint64 batched = metric(metrics, "boxoffice_batched_sales_total") -
                           metric(metricsBefore, "boxoffice_batched_sales_total");
    qInfo("%lld seats sold, %d refused; %lld sales in %lld batches",
          static_cast<long long>(soldTo.size()), refused, static_cast<long long>(batched),
          static_cast<long long>(batches));
    QVERIFY(batches > 0);
    QCOMPARE(batched, qint64(Clients));
    QVERIFY2(batched > batches, metrics.constData());

    // Replays, all at once: one booking, one authorization, the same answer.
    constexpr int Replays = 8;
    const qint64 free = m_stack->ticketIds(event).at(Seats);
    const QByteArray key = TestStack::idempotencyKey();
    const qint64 ledgerBefore = scalar("SELECT coalesce(max(id), 0) FROM payment_ledger");
    std::vector<HttpTestResponse> replies(Replays);
    {
        std::latch start(Replays);
        std::vector<std::thread> threads;
        for (int i = 0; i < Replays; ++i) {
            threads.emplace_back([&, i] {
                HttpTestClient client("127.0.0.1", port);
                client.setToken(buyers.first().token);
                client.get("/healthz");
                const QJsonObject body{{u"ticket_ids"_s, QJsonArray{free}},
                                       {u"payment_details"_s, ApprovedCard}};
                start.arrive_and_wait();
                replies[size_t(i)] = client.post(path, body, {{"Idempotency-Key", key}});
            });
        }
        for (std::thread &thread : threads)
            thread.join();
    }
    for (const HttpTestResponse &r : replies) {
        QVERIFY2(r.status == 201,
                 QByteArray(QByteArray::number(r.status) + ' ' + r.body).constData());
        QCOMPARE(r.body, replies.front().body);
    }
    const qint64 booking = replies.front().json().value(u"id"_s).toInteger();
    QCOMPARE(scalar("SELECT count(*) FROM bookings WHERE user_id = " + str(buyers.first().id) +
                    " AND id IN (SELECT booking_id FROM booking_tickets WHERE ticket_id = " +
                    str(free) + ")"),
             1);
    QCOMPARE(scalar("SELECT booking_id FROM tickets WHERE status = 'sold' AND id = " + str(free)),
             booking);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'authorize' AND id > " +
                    str(ledgerBefore)),
             1);
}

void TestSaleBatch::batchesLookRowsUpByKey()
{
    // The tables a batch writes are small on a fresh database, so Postgres
    // plans a batch's keyed update as a hash join over the whole table, and
    // keeps that generic plan while an on-sale grows the table by thousands
    // of rows a second. A batch's connection has index lookups only.
    GroupCommit<int, std::string> batches(
        "test-batches", m_stack->db().conninfo(), SaleCommitter::SessionSetup, 1, 8,
        [](Database &db, std::vector<int> &orders) {
            // As the committer's prepared statement runs once Postgres has
            // settled on its generic plan.
            pqxx::nontransaction tx(db.connection());
            std::string plan = tx.exec1("SHOW enable_seqscan")[0].as<std::string>() + '\n';
            tx.exec0("SET plan_cache_mode = force_generic_plan");
            tx.exec0("PREPARE answer(bigint[], text[]) AS UPDATE idempotency_keys k "
                     "SET status_code = 201 FROM unnest($1, $2) AS x(u, k) "
                     "WHERE k.user_id = x.u AND k.key = x.k");
            for (const pqxx::row &row : tx.exec("EXPLAIN EXECUTE answer('{1,2}', '{a,b}')"))
                plan += row[0].as<std::string>() + '\n';
            tx.exec0("DEALLOCATE answer");
            tx.exec0("RESET plan_cache_mode");
            return std::vector<std::string>(orders.size(), plan);
        });
    const std::string plan = batches.submit(1);
    QVERIFY2(plan.starts_with("off\n"), plan.c_str());
    QVERIFY2(plan.find("Seq Scan on idempotency_keys") == std::string::npos, plan.c_str());
    QVERIFY2(plan.find("idempotency_keys_pkey") != std::string::npos, plan.c_str());
}

void TestSaleBatch::warmUpPlansEveryStatement()
{
    Database db(m_stack->db().conninfo(), SaleCommitter::SessionSetup);
    const std::string written = "SELECT (SELECT count(*) FROM bookings) + (SELECT count(*) FROM "
                                "idempotency_keys) + (SELECT coalesce(sum(last_number), 0) "
                                "FROM receipt_counters) + (SELECT sum(version) FROM events)";
    const qint64 before = scalar(written);
    SaleCommitter::warmUp(db);
    QCOMPARE(scalar(written), before);
    const auto plans = [&] {
        QHash<QString, qint64> byName; // name -> plans made
        pqxx::nontransaction tx(db.connection());
        for (const pqxx::row &row :
             tx.exec("SELECT name, generic_plans + custom_plans FROM pg_prepared_statements "
                     "WHERE name LIKE 'sale_batch_%'"))
            byName.insert(toQString(row[0]), row[1].as<qint64>());
        return byName;
    };
    const QStringList statements{u"sale_batch_keys"_s,           u"sale_batch_holds"_s,
                                 u"sale_batch_shifts"_s,         u"sale_batch_tickets"_s,
                                 u"sale_batch_authorizations"_s, u"sale_batch_ids"_s,
                                 u"sale_batch_versions"_s,       u"sale_batch_decide"_s};
    const auto warm = plans();
    for (const QString &name : statements) {
        QVERIFY2(warm.contains(name), qPrintable(name));
        QCOMPARE(warm.value(name), 1);
    }

    // Sales after it are decided as ever.
    const qint64 event = m_stack->createEvent(u"Warm"_s, 1, 4, 2000);
    const QList<qint64> t = m_stack->ticketIds(event);
    for (int i = 0; i < 4; ++i) {
        const Cents p = price(t[i]);
        const SaleOrder sale = order(buyer(u"W"_s), event, {t[i]}, p, authorization(p));
        const std::vector<const SaleOrder *> batch{&sale};
        QCOMPARE_OUTCOME(SaleCommitter::commit(db, batch).front(), Outcome::Sold);
    }
    QCOMPARE(
        scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " + str(event)),
        4);
}

void TestSaleBatch::eachRunnerWarmsUp()
{
    // Each runner warms its connection up when it starts; runners whose
    // warm-up failed (Postgres not there yet, say) serve batches all the same.
    std::atomic<int> warmUps{0};
    GroupCommit<int, int> doubler(
        "test-doubler", m_stack->db().conninfo(), {}, 2, 8,
        [](Database &db, std::vector<int> &orders) {
            pqxx::nontransaction tx(db.connection());
            std::vector<int> doubled;
            for (int order : orders)
                doubled.push_back(tx.exec_params1("SELECT $1::int * 2", order)[0].as<int>());
            return doubled;
        },
        [&](Database &db) {
            db.connection();
            ++warmUps;
            throw std::runtime_error("the warm-up fails");
        });
    std::vector<std::thread> senders;
    std::atomic<int> right{0};
    for (int i = 0; i < 16; ++i)
        senders.emplace_back([&, i] { right += doubler.submit(i) == 2 * i; });
    for (std::thread &sender : senders)
        sender.join();
    QCOMPARE(right.load(), 16);
    QTRY_COMPARE(warmUps.load(), 2);
}

void TestSaleBatch::decisionsHandedBack()
{
    // A sale handed in with a callback: nothing waits for its batch; the
    // committer hands each sale its decision on its own thread once the
    // batch is over, a winner once committed (another connection sees the
    // seats sold), a loser with its refusal.
    const qint64 event = m_stack->createEvent(u"Handed back"_s, 1, 3, 2500);
    const QList<qint64> t = m_stack->ticketIds(event);
    const Cents p = price(t[0]);
    struct Handed
    {
        SaleDecision decision;
        qint64 soldThen = -1; // the event's sold seats, seen from elsewhere
        std::thread::id thread;
    };
    std::mutex mutex;
    std::condition_variable done;
    QHash<qint64, Handed> handed; // by the sale's first seat
    const auto handBack = [&](SaleDecision &&decision) {
        pqxx::connection elsewhere(m_stack->db().conninfo());
        pqxx::nontransaction tx(elsewhere);
        const qint64 sold =
            tx.exec1("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " +
                     str(event))[0]
                .as<qint64>();
        std::lock_guard lock(mutex);
        const qint64 first = decision.ticketIds.value(0);
        handed.insert(first, Handed{std::move(decision), sold, std::this_thread::get_id()});
        done.notify_one();
    };
    // Last: stopped first, so no callback outlives what it writes to.
    Metrics metrics;
    SaleCommitter committer(m_stack->db().conninfo(), 1, metrics);
    committer.decide(order(buyer(u"A"_s), event, {t[0], t[1]}, 2 * p, authorization(2 * p)),
                     handBack);
    committer.decide(order(buyer(u"B"_s), event, {t[1], t[2]}, 2 * p, authorization(2 * p)),
                     handBack);
    {
        std::unique_lock lock(mutex);
        QVERIFY(done.wait_for(lock, std::chrono::seconds(30), [&] { return handed.size() == 2; }));
    }
    const Handed winner = handed.value(t[0]);
    const Handed loser = handed.value(t[1]);
    QCOMPARE_OUTCOME(winner.decision, Outcome::Sold);
    QCOMPARE(winner.soldThen, 2);
    QVERIFY(!winner.decision.answer.isEmpty());
    QCOMPARE(ticketIdsOf(winner.decision.booking), (QList<qint64>{t[0], t[1]}));
    QCOMPARE_OUTCOME(loser.decision, Outcome::SeatsTaken);
    QCOMPARE(loser.decision.unavailable, QList<qint64>{t[1]});
    QVERIFY(winner.thread != std::this_thread::get_id());
    QCOMPARE(winner.thread, loser.thread);
}

void TestSaleBatch::batchErrorsHandedBack()
{
    // A batch that fails as a whole hands its error to every order of it
    // that has a callback, and the runner goes on with the next batch.
    std::atomic<int> batches{0};
    GroupCommit<int, int> failing("test-failing", m_stack->db().conninfo(), {}, 1, 8,
                                  [&](Database &, std::vector<int> &orders) {
                                      if (batches++ == 0)
                                          throw std::runtime_error("the batch fails");
                                      return std::vector<int>(orders.begin(), orders.end());
                                  });
    std::promise<QString> failed;
    failing.submit(1, [&](int *result, std::exception_ptr error) {
        if (result) {
            failed.set_value(u"a result"_s);
            return;
        }
        try {
            std::rethrow_exception(error);
        } catch (const std::exception &e) {
            failed.set_value(QString::fromUtf8(e.what()));
        }
    });
    std::future<QString> told = failed.get_future();
    QVERIFY(told.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
    QCOMPARE(told.get(), u"the batch fails"_s);
    QCOMPARE(failing.submit(7), 7);
}

void TestSaleBatch::eventSummaryWarmUp()
{
    Database db(m_stack->db().conninfo());
    EventSummaries::warmUp(db);
    {
        pqxx::nontransaction tx(db.connection());
        QCOMPARE(tx.exec("SELECT generic_plans + custom_plans FROM pg_prepared_statements "
                         "WHERE name = 'booking_event_summary'")
                     .at(0)
                     .at(0)
                     .as<int>(),
                 1);
    }
    const qint64 event = m_stack->createEvent(u"Summary"_s, 1, 2, 1500);
    EventSummaries summaries;
    QCOMPARE(summaries.get(db, event).name, u"Summary"_s);
    QVERIFY_THROWS_EXCEPTION(DomainError, summaries.get(db, event + 1000000));
}

QTEST_GUILESS_MAIN(TestSaleBatch)
#include "tst_sale_batch.moc"
