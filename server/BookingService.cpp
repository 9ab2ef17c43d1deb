#include "BookingService.h"

#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "Log.h"
#include "Metrics.h"
#include "PaymentLedger.h"
#include "Payments.h"
#include "ServerConfig.h"
#include "TicketLedger.h"
#include "WireJson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace {

// Short, readable, unambiguous (no 0/O, 1/I): 32^8 ≈ 10^12 codes.
QString newBookingCode()
{
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    QString code;
    for (int i = 0; i < 8; ++i)
        code.append(QLatin1Char(alphabet[randombytes_uniform(32)]));
    return code;
}

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QDateTime utc(const pqxx::field &field)
{
    return QDateTime::fromString(toQString(field), Qt::ISODate);
}

// ISO 8601 seconds in UTC, as the API shows times.
constexpr char UtcSeconds[] = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

struct PaymentDeclined
{
};
struct KeyInFlight
{
};

const std::string NoHold = "00000000-0000-0000-0000-000000000000";

} // namespace

struct BookingService::Sale
{
    qint64 eventId;
    const BookingRequest &request;
    const Caller &caller;
    std::string key;
    // The request's fingerprint: the same key with another request is refused.
    QByteArray requestHash;
    // The Redis owner token of this request and all its replays.
    QByteArray owner;
    PaymentProvider &provider;
    QString customerName;
    EventSummary event;
    QList<qint64> ticketIds; // named, or the hold's once it is read

    bool byHold() const { return !request.holdId.isEmpty(); }
    std::string holdId() const { return byHold() ? request.holdId.toStdString() : NoHold; }
};

struct BookingService::Authorization
{
    qint64 ledgerId = 0; // 0: nothing was asked of the provider
    Cents amount = 0;
    // Its key at the provider: the sale's owner token and which of the
    // sale's authorizations this is (a new one only after the last was
    // voided), so every retry of one request is one authorization.
    QByteArray idempotencyKey;
    bool answered = false; // the provider's answer is known
    PaymentResult result;
};

BookingService::BookingService(Database &db, TicketLedger &ledger, Payments &payments,
                               Metrics &metrics, const ServerConfig &config)
    : m_db(db)
    , m_ledger(ledger)
    , m_payments(payments)
    , m_metrics(metrics)
    , m_config(config)
{
}

Booking BookingService::read(pqxx::transaction_base &tx, qint64 bookingId)
{
    static const std::string bookingSql =
        std::string("SELECT b.id, b.code, b.event_id, b.status, b.total_cents, b.payment_method, "
                    "b.customer_name, to_char(b.created_at AT TIME ZONE 'UTC', ") +
        UtcSeconds + "), e.name, to_char(e.starts_at AT TIME ZONE 'UTC', " + UtcSeconds +
        "), v.name, v.city, v.address, "
        "(SELECT coalesce(sum(amount_cents), 0) FROM refunds r WHERE r.booking_id = b.id) "
        "FROM bookings b JOIN events e ON e.id = b.event_id "
        "JOIN venues v ON v.id = e.venue_id WHERE b.id = $1";
    const pqxx::row b =
        tx.exec_prepared1(m_db.prepared("booking_read", bookingSql.c_str()), bookingId);
    const pqxx::result tickets = tx.exec_prepared(
        m_db.prepared("booking_tickets_read",
                      "SELECT bt.ticket_id, s.section, s.row, s.number, bt.price_cents, "
                      "bt.cancelled_at IS NOT NULL, pc.name "
                      "FROM booking_tickets bt JOIN tickets t ON t.id = bt.ticket_id "
                      "JOIN seats s ON s.id = t.seat_id "
                      "JOIN price_categories pc ON pc.id = t.price_category_id "
                      "WHERE bt.booking_id = $1 ORDER BY bt.ticket_id"),
        bookingId);
    Booking booking;
    booking.id = b[0].as<qint64>();
    booking.code = toQString(b[1]);
    booking.eventId = b[2].as<qint64>();
    booking.status = toQString(b[3]);
    booking.total = b[4].as<qint64>();
    booking.paymentMethod = toQString(b[5]);
    booking.customerName = toQString(b[6]);
    booking.createdAt = utc(b[7]);
    booking.eventName = toQString(b[8]);
    booking.startsAt = utc(b[9]);
    booking.venueName = toQString(b[10]);
    booking.venueCity = toQString(b[11]);
    booking.venueAddress = toQString(b[12]);
    booking.refunded = b[13].as<qint64>();
    for (const pqxx::row &t : tickets)
        booking.tickets.append(BookedTicket{t[0].as<qint64>(), toQString(t[1]), toQString(t[2]),
                                            t[3].as<int>(), t[4].as<qint64>(), toQString(t[6]),
                                            t[5].as<bool>()});
    return booking;
}

std::optional<BookingOutcome> BookingService::storedAnswer(const Sale &sale)
{
    pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("idempotency_read",
                      "SELECT request_hash, status_code, response FROM idempotency_keys "
                      "WHERE user_id = $1 AND key = $2"),
        sale.caller.id, sale.key);
    tx.commit();
    if (rows.empty() || rows[0][1].is_null())
        return std::nullopt;
    if (rows[0][0].as<std::string>() != sale.requestHash.toStdString())
        throw DomainError(ErrorCode::IdempotencyKeyReused,
                          u"This Idempotency-Key was used for a different request; use a new key "
                          "for a new booking."_s);
    ++m_metrics.idempotentReplays;
    const QJsonObject stored =
        QJsonDocument::fromJson(QByteArray::fromStdString(rows[0][2].as<std::string>())).object();
    if (rows[0][1].as<int>() != 201)
        throw DomainError::fromJson(stored).setReplay(true);
    return BookingOutcome{Booking::fromJson(stored), true};
}

QList<qint64> BookingService::holdTickets(pqxx::work &tx, const Sale &sale)
{
    const pqxx::result hold = tx.exec_prepared(
        m_db.prepared("booking_hold", "SELECT event_id, user_id, ticket_ids FROM holds "
                                      "WHERE id = $1::uuid FOR UPDATE"),
        sale.holdId());
    // Someone else's hold is as good as none (invariant 7).
    if (hold.empty() || hold[0][1].as<qint64>() != sale.caller.id ||
        hold[0][0].as<qint64>() != sale.eventId)
        throw DomainError::notFound(
            u"No hold with id %1 for event %2."_s.arg(sale.request.holdId).arg(sale.eventId));
    QList<qint64> ids;
    auto array = hold[0][2].as_array();
    for (auto item = array.get_next(); item.first != pqxx::array_parser::done;
         item = array.get_next()) {
        if (item.first == pqxx::array_parser::string_value)
            ids.append(std::stoll(item.second));
    }
    return ids;
}

void BookingService::authorize(const Sale &sale, Authorization &authorization)
{
    // One statement prices the seats (named, or the caller's hold's), skips
    // a key that already has an answer (a replay never authorizes again) and
    // records the intent. Its commit does not wait for the disk
    // (synchronous_commit off): if Postgres loses the row in a crash, no
    // booking can have used the authorization either (the booking's durable
    // commit flushes the log up to and past this row), and an authorization
    // that is never captured moves no money; the provider drops it.
    static const std::string intentSql =
        std::string(PaymentLedger::AsyncCommit) +
        ", seen AS (SELECT 1 FROM idempotency_keys WHERE user_id = $1 AND key = $2), "
        "wanted AS (SELECT $5::bigint[] AS ids WHERE $6::uuid = '" +
        NoHold +
        "'::uuid "
        "  UNION ALL SELECT ticket_ids FROM holds WHERE id = $6::uuid AND user_id = $1 "
        "  AND event_id = $4), "
        "priced AS (SELECT coalesce(sum(t.price_cents), 0)::bigint AS cents FROM wanted w "
        "  LEFT JOIN tickets t ON t.id = ANY(w.ids) AND t.event_id = $4 "
        "  GROUP BY w.ids HAVING count(t.id) = cardinality(w.ids)), "
        "last AS (SELECT attempt, released_at IS NOT NULL OR booking_id IS NOT NULL AS spent "
        "  FROM payment_ledger WHERE operation = 'authorize' AND sale_key = $3 "
        "  ORDER BY attempt DESC LIMIT 1), "
        "intent AS (INSERT INTO payment_ledger AS l (operation, method, amount_cents, "
        "  idempotency_key, sale_key, attempt) "
        "  SELECT 'authorize', $7, p.cents, $3 || '/' || n.attempt, $3, n.attempt "
        "  FROM priced p, async_commit, (SELECT coalesce((SELECT CASE WHEN spent "
        "    THEN attempt + 1 ELSE attempt END FROM last), 1) AS attempt) n "
        "  WHERE NOT EXISTS (SELECT 1 FROM seen) "
        // Concurrent replays of one request share one authorization.
        "  ON CONFLICT (sale_key, attempt) WHERE operation = 'authorize' "
        "  DO UPDATE SET updated_at = now() "
        "  RETURNING l.id, l.amount_cents, l.idempotency_key, "
        "  l.released_at IS NOT NULL OR l.booking_id IS NOT NULL AS spent) "
        "SELECT EXISTS (SELECT 1 FROM seen), (SELECT cents FROM priced), i.id, i.amount_cents, "
        "i.idempotency_key, i.spent FROM (SELECT 1) one LEFT JOIN intent i ON true";
    for (int attempt = 1;; ++attempt) {
        pqxx::nontransaction tx(m_db.connection());
        const pqxx::row row = tx.exec_prepared1(
            m_db.prepared("payment_authorize_intent", intentSql.c_str()), sale.caller.id, sale.key,
            sale.owner.toStdString(), sale.eventId, toPgArray(sale.ticketIds), sale.holdId(),
            toStd(sale.provider.method()));
        if (row[0].as<bool>())
            throw KeyInFlight{}; // answered, or being answered: nothing to pay
        if (row[1].is_null()) {
            // Unknown seats or someone else's hold: refused as the booking
            // transaction would refuse them, before any payment.
            if (sale.byHold())
                throw DomainError::notFound(
                    u"No hold with id %1 for event %2."_s.arg(sale.request.holdId)
                        .arg(sale.eventId));
            throw SeatsTaken{sale.ticketIds};
        }
        if (row[5].as<bool>()) {
            // The authorization this request had was voided or used a moment
            // ago: the next statement makes a new one.
            if (attempt < 3)
                continue;
            throw DomainError(ErrorCode::RequestInProgress,
                              u"A booking with this Idempotency-Key is still being processed; "
                              "retry."_s);
        }
        authorization.ledgerId = row[2].as<qint64>();
        authorization.amount = row[3].as<qint64>();
        authorization.idempotencyKey = QByteArray::fromStdString(row[4].as<std::string>());
        // An unfinished earlier attempt of this key asked for another amount
        // (the same key with another request, or a price that changed): it is
        // voided once it is stale, and a retry then authorizes anew.
        if (authorization.amount != row[1].as<qint64>()) {
            authorization.ledgerId = 0;
            throw DomainError(ErrorCode::RequestInProgress,
                              u"A booking with this Idempotency-Key is still being processed; "
                              "retry."_s);
        }
        break;
    }
    try {
        authorization.result = sale.provider.authorize(PaymentRequest{
            authorization.amount, sale.request.paymentDetails, authorization.idempotencyKey});
    } catch (const PaymentUnavailable &error) {
        qCWarning(lcBooking) << "the payment provider did not answer:" << error.what();
        throw DomainError(ErrorCode::ServerBusy,
                          u"The payment provider did not answer; nothing was sold. Try again."_s);
    }
    authorization.answered = true;
}

Booking BookingService::sell(pqxx::work &tx, Sale &sale, const Authorization &authorization,
                             qint64 &captureId)
{
    if (sale.byHold())
        sale.ticketIds = holdTickets(tx, sale);
    const QList<qint64> &ticketIds = sale.ticketIds;
    // One statement claims the key, creates the booking and takes the seats.
    // The key comes first: a concurrent replay blocks on its unique index
    // until this transaction ends. The guard (invariant 1) is the
    // conditional update, whose row count must equal the seats asked for.
    // Free means available, held by this very hold, or held by an expired hold.
    const pqxx::result created = tx.exec_prepared(
        m_db.prepared("booking_create",
                      "WITH k AS (INSERT INTO idempotency_keys (user_id, key, request_hash) "
                      "  VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1), "
                      "b AS (INSERT INTO bookings (code, user_id, event_id, payment_method, "
                      "  customer_name) SELECT $4, $1, $5, $6, $7 FROM k "
                      "  RETURNING id, code, created_at), "
                      "t AS (UPDATE tickets t SET status = 'sold', "
                      "  booking_id = (SELECT id FROM b), hold_id = NULL, "
                      "  hold_expires_at = NULL, version = NULL "
                      "  FROM seats s, price_categories pc "
                      "  WHERE EXISTS (SELECT 1 FROM b) AND s.id = t.seat_id "
                      "  AND pc.id = t.price_category_id AND t.event_id = $5 "
                      "  AND t.id = ANY($8::bigint[]) AND (t.status = 'available' OR "
                      "  (t.status = 'held' AND (t.hold_expires_at <= now() "
                      "  OR t.hold_id = $9::uuid))) "
                      "  RETURNING t.id, t.price_cents, s.section, s.row, s.number, "
                      "  pc.name AS category) "
                      "SELECT b.id, b.code, to_char(b.created_at AT TIME ZONE 'UTC', "
                      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), t.id, t.price_cents, t.section, "
                      "t.row, t.number, t.category FROM b LEFT JOIN t ON true"),
        sale.caller.id, sale.key, sale.requestHash.toStdString(), toStd(newBookingCode()),
        sale.eventId, toStd(sale.provider.method()), toStd(sale.customerName), toPgArray(ticketIds),
        sale.holdId());
    if (created.empty())
        throw KeyInFlight{};
    Booking booking;
    booking.id = created[0][0].as<qint64>();
    booking.code = toQString(created[0][1]);
    booking.createdAt = utc(created[0][2]);
    booking.eventId = sale.eventId;
    booking.paymentMethod = sale.provider.method();
    booking.customerName = sale.customerName;
    booking.eventName = sale.event.name;
    booking.startsAt = sale.event.startsAt;
    booking.venueName = sale.event.venueName;
    booking.venueCity = sale.event.city;
    booking.venueAddress = sale.event.address;
    for (const pqxx::row &row : created) {
        if (row[3].is_null())
            continue; // no seat could be taken
        booking.tickets.append(BookedTicket{row[3].as<qint64>(), toQString(row[5]),
                                            toQString(row[6]), row[7].as<int>(),
                                            row[4].as<qint64>(), toQString(row[8]), false});
        booking.total += booking.tickets.last().price;
    }
    if (booking.tickets.size() != ticketIds.size()) {
        QList<qint64> taken = ticketIds;
        for (const BookedTicket &ticket : std::as_const(booking.tickets))
            taken.removeOne(ticket.id);
        throw SeatsTaken{taken};
    }
    std::sort(booking.tickets.begin(), booking.tickets.end(),
              [](const BookedTicket &a, const BookedTicket &b) { return a.id < b.id; });

    // The money authorized must be the money the seats cost.
    if (booking.total != authorization.amount)
        throw DomainError(ErrorCode::ServerBusy,
                          u"A price changed during the sale; nothing was sold or charged. "
                          "Try again."_s);
    const PaymentResult &paid = authorization.result;
    booking.payment = PaymentReceipt{sale.provider.method(), paid.reference, std::nullopt};
    if (sale.provider.method() == u"cash"_s)
        booking.payment->changeDue = paid.changeDueCents;

    QList<qint64> soldIds, prices;
    for (const BookedTicket &ticket : std::as_const(booking.tickets)) {
        soldIds.append(ticket.id);
        prices.append(ticket.price);
    }
    // The authorization's outcome and the capture's intent are recorded
    // here, in the booking's own transaction: they commit with the booking
    // or not at all. The guard takes the authorization only if nobody gave
    // it up (the reconciler, or a failed replay, voiding it): a booking never
    // commits on a voided authorization.
    const pqxx::row completed = tx.exec_prepared1(
        m_db.prepared("booking_complete",
                      "WITH a AS (UPDATE payment_ledger SET status = 'succeeded', reference = $3, "
                      "booking_id = $1, updated_at = now() WHERE id = $10 AND booking_id IS NULL "
                      "AND released_at IS NULL RETURNING id, method, amount_cents), "
                      "c AS (INSERT INTO payment_ledger (operation, method, amount_cents, "
                      "idempotency_key, authorization_id, booking_id) "
                      "SELECT 'capture', method, amount_cents, $11, id, $1 FROM a RETURNING id), "
                      "b AS (UPDATE bookings SET total_cents = $2, payment_reference = $3 "
                      "WHERE id = $1), "
                      "bt AS (INSERT INTO booking_tickets (booking_id, ticket_id, price_cents) "
                      "SELECT $1, t, p FROM unnest($4::bigint[], $5::int[]) AS u(t, p)), "
                      "h AS (UPDATE holds SET released_at = now() WHERE id = $6::uuid "
                      "AND released_at IS NULL), "
                      "i AS (UPDATE idempotency_keys SET status_code = 201, response = $7 "
                      "WHERE user_id = $8 AND key = $9) "
                      "SELECT (SELECT id FROM c)"),
        booking.id, booking.total, toStd(paid.reference), toPgArray(soldIds), toPgArray(prices),
        sale.holdId(), QJsonDocument(booking.toJson()).toJson(QJsonDocument::Compact).toStdString(),
        sale.caller.id, sale.key, authorization.ledgerId,
        authorization.idempotencyKey.toStdString() + "/capture");
    if (completed[0].is_null())
        throw DomainError(ErrorCode::ServerBusy,
                          u"The payment was given up while the sale ran; nothing was sold or "
                          "charged. Try again."_s);
    captureId = completed[0].as<qint64>();
    return booking;
}

void BookingService::recordDecline(const Sale &sale, const Authorization &declined)
{
    // Nothing was sold; the decline is the key's answer from now on, and the
    // authorization's record says so in the same transaction.
    const QByteArray body =
        QJsonDocument(DomainError(declined.result.declineCode, declined.result.message).toJson())
            .toJson(QJsonDocument::Compact);
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_params0("INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, "
                        "response) VALUES ($1, $2, $3, 402, $4) ON CONFLICT DO NOTHING",
                        sale.caller.id, sale.key, sale.requestHash.toStdString(),
                        body.toStdString());
        tx.exec_params0("UPDATE payment_ledger SET status = 'declined', released_at = now(), "
                        "error = $2, updated_at = now() WHERE id = $1 AND booking_id IS NULL "
                        "AND released_at IS NULL",
                        declined.ledgerId, toStd(declined.result.message));
    });
}

void BookingService::capture(const Sale &sale, const Authorization &authorization, qint64 captureId)
{
    // The booking is committed: the money is taken now, and if that fails
    // (or this process dies first), the reconciler takes it later with the
    // same key. The sale's answer does not depend on it.
    try {
        PaymentLedger::capture(m_db, sale.provider, captureId, authorization.result.reference,
                               authorization.amount,
                               QByteArray(authorization.idempotencyKey + "/capture"));
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "could not record the capture of" << authorization.result.reference
                             << "; the reconciler finishes it:" << error.what();
    }
}

void BookingService::giveUp(const Sale &sale, const Authorization &authorization,
                            const QString &reason)
{
    if (!authorization.ledgerId || (authorization.answered && !authorization.result.approved))
        return;
    // Without the provider's answer (it failed or did not answer), the
    // authorization is looked up by its key.
    const bool approved = authorization.answered && authorization.result.approved;
    try {
        PaymentLedger::releaseAuthorization(
            m_db, sale.provider, authorization.ledgerId, approved ? "succeeded" : "failed",
            approved ? authorization.result.reference
                     : sale.provider.authorizationFor(authorization.idempotencyKey),
            reason.left(1000));
    } catch (const std::exception &error) {
        // The database is out of reach: whether the booking committed is
        // unknown here. The reconciler finds out and captures or voids.
        qCWarning(lcBooking) << "could not void authorization" << authorization.ledgerId
                             << "now; the reconciler will:" << error.what();
    }
}

BookingOutcome BookingService::create(qint64 eventId, const BookingRequest &request,
                                      const QByteArray &idempotencyKey, const Caller &caller)
{
    PaymentProvider &provider = m_payments.providerFor(request.paymentDetails, caller);
    Sale sale{
        eventId,
        request,
        caller,
        idempotencyKey.toStdString(),
        sha256Hex(QByteArray::number(eventId) + '\n' +
                  QJsonDocument(request.received.isEmpty() ? request.toJson() : request.received)
                      .toJson(QJsonDocument::Compact)),
        "b:" + sha256Hex(QByteArray::number(caller.id) + '\n' + idempotencyKey).left(32),
        provider,
        request.customerName.isEmpty() ? caller.name : request.customerName,
        eventSummary(eventId),
        request.ticketIds};

    // Redis fast filter for seats named directly (a hold passed it already).
    // Replays of one request share its owner token, so they pass the filter
    // and meet the first attempt at the idempotency row.
    if (!sale.byHold()) {
        bool replayed = false;
        const QList<qint64> taken =
            m_ledger.tryReserve(sale.ticketIds, sale.owner, {}, 10000, &replayed);
        if (!taken.isEmpty() || replayed) {
            if (replayed) {
                if (auto stored = storedAnswer(sale))
                    return *stored;
            }
            ++m_metrics.bookingConflicts;
            throw seatsUnavailable(taken);
        }
    }

    // Redis filter → authorize → one booking transaction → commit → capture;
    // any failure once authorized voids (invariant 10).
    Authorization authorization;
    Booking booking;
    qint64 captureId = 0;
    try {
        authorize(sale, authorization);
        if (!authorization.result.approved)
            throw PaymentDeclined{};
        for (int attempt = 1;; ++attempt) {
            try {
                booking = m_db.transact(
                    [&](pqxx::work &tx) { return sell(tx, sale, authorization, captureId); });
                break;
            } catch (const pqxx::unique_violation &error) {
                // A booking code collision (1 in 10^12) gets a new code; a
                // second live sale of a seat is refused by its index.
                if (std::string(error.what()).find("bookings_code_key") != std::string::npos &&
                    attempt < 3)
                    continue;
                throw SeatsTaken{sale.ticketIds};
            }
        }
    } catch (const KeyInFlight &) {
        // Another attempt of this very request holds the key; it shares
        // this authorization (same key, same ledger row) and captures or
        // voids it. One that no booking takes is voided by the reconciler.
        m_ledger.release(sale.ticketIds, sale.owner);
        if (auto stored = storedAnswer(sale))
            return *stored;
        throw DomainError(
            ErrorCode::RequestInProgress,
            u"A booking with this Idempotency-Key is still being processed; retry."_s);
    } catch (const SeatsTaken &conflict) {
        giveUp(sale, authorization, u"seats taken"_s);
        m_ledger.release(sale.ticketIds, sale.owner);
        ++m_metrics.bookingConflicts;
        throwUnavailable(m_db, eventId, sale.ticketIds, conflict.ticketIds);
    } catch (const PaymentDeclined &) {
        // A held seat stays held so the buyer can try another card.
        m_ledger.release(sale.ticketIds, sale.owner);
        ++m_metrics.paymentsDeclined;
        recordDecline(sale, authorization);
        throw DomainError(authorization.result.declineCode, authorization.result.message);
    } catch (const std::exception &error) {
        giveUp(sale, authorization, QString::fromUtf8(error.what()));
        m_ledger.release(sale.ticketIds, sale.owner);
        throw;
    } catch (...) {
        giveUp(sale, authorization, u"the sale was aborted"_s);
        m_ledger.release(sale.ticketIds, sale.owner);
        throw;
    }
    capture(sale, authorization, captureId);
    m_ledger.publish(eventId);
    m_ledger.markSold(sale.ticketIds, sale.owner);
    ++m_metrics.bookings;
    return BookingOutcome{booking, false};
}

BookingService::EventSummary BookingService::eventSummary(qint64 eventId)
{
    // What a booking shows of its event changes rarely; a worker keeps it a
    // minute rather than reading it on every sale.
    const auto now = std::chrono::steady_clock::now();
    if (const EventSummary *cached = m_eventSummaries.object(eventId);
        cached && now - cached->loadedAt < std::chrono::minutes(1))
        return *cached;
    pqxx::nontransaction tx(m_db.connection());
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("booking_event_summary",
                      "SELECT e.name, to_char(e.starts_at AT TIME ZONE 'UTC', "
                      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), v.name, v.city, v.address "
                      "FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1"),
        eventId);
    if (rows.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    auto *summary =
        new EventSummary{toQString(rows[0][0]), utc(rows[0][1]),       toQString(rows[0][2]),
                         toQString(rows[0][3]), toQString(rows[0][4]), now};
    const EventSummary copy = *summary;
    m_eventSummaries.insert(eventId, summary);
    return copy;
}

bool BookingService::maySee(pqxx::transaction_base &tx, qint64 bookingId, const Caller &caller)
{
    const pqxx::result rows =
        tx.exec_params("SELECT user_id FROM bookings WHERE id = $1", bookingId);
    if (rows.empty())
        return false;
    return rows[0][0].as<qint64>() == caller.id || Protocol::maySeeAnyBooking(caller.role);
}

QList<Booking> BookingService::list(const BookingQuery &query, const Caller &caller)
{
    const QString code = query.code.trimmed().toUpper();
    const QString name = query.name.trimmed();
    pqxx::work tx(m_db.connection());
    pqxx::result ids;
    if (!code.isEmpty()) {
        if (!Protocol::mayLookUpByCode(caller.role))
            throw DomainError::forbidden(u"Looking bookings up by code is for box-office staff."_s);
        ids = tx.exec_params("SELECT id FROM bookings WHERE code = $1", toStd(code.left(32)));
    } else if (!name.isEmpty()) {
        if (!Protocol::maySeeAnyBooking(caller.role))
            throw DomainError::forbidden(u"Searching bookings by name is for box-office staff."_s);
        ids = tx.exec_params("SELECT id FROM bookings WHERE bo_normalize(customer_name) LIKE "
                             "'%' || bo_normalize($1) || '%' ORDER BY created_at DESC LIMIT 50",
                             toStd(likeEscaped(name.left(200))));
    } else {
        ids = tx.exec_params("SELECT id FROM bookings WHERE user_id = $1 "
                             "ORDER BY created_at DESC LIMIT 200",
                             caller.id);
    }
    QList<Booking> bookings;
    for (const pqxx::row &row : ids)
        bookings.append(read(tx, row[0].as<qint64>()));
    tx.commit();
    return bookings;
}

Booking BookingService::get(qint64 bookingId, const Caller &caller)
{
    pqxx::work tx(m_db.connection());
    if (!maySee(tx, bookingId, caller))
        throw DomainError::notFound(u"No booking with id %1."_s.arg(bookingId));
    Booking booking = read(tx, bookingId);
    tx.commit();
    return booking;
}

Booking BookingService::cancel(qint64 bookingId, const QList<qint64> &ticketIds,
                               const Caller &caller)
{
    QList<qint64> returned;
    qint64 eventId = 0;
    QString method;
    Cents amount = 0;
    PaymentLedger::PendingRefund pending;
    Booking result = m_db.transact([&](pqxx::work &tx) {
        if (!maySee(tx, bookingId, caller) || !Protocol::mayCancelBookings(caller.role))
            throw DomainError::notFound(u"No booking with id %1."_s.arg(bookingId));
        const pqxx::row booking =
            tx.exec_params1("SELECT event_id, status, payment_method FROM bookings "
                            "WHERE id = $1 FOR UPDATE",
                            bookingId);
        if (booking[1].as<std::string>() == "cancelled")
            throw DomainError(ErrorCode::AlreadyCancelled,
                              u"Booking %1 is cancelled already."_s.arg(bookingId));
        eventId = booking[0].as<qint64>();
        const pqxx::result live = tx.exec_params(
            "SELECT ticket_id, price_cents FROM booking_tickets WHERE booking_id = $1 "
            "AND cancelled_at IS NULL ORDER BY ticket_id",
            bookingId);
        QHash<qint64, qint64> livePrices;
        for (const pqxx::row &row : live)
            livePrices.insert(row[0].as<qint64>(), row[1].as<qint64>());
        QList<qint64> target = ticketIds.isEmpty() ? livePrices.keys() : ticketIds;
        std::sort(target.begin(), target.end());
        amount = 0;
        for (qint64 id : target) {
            if (!livePrices.contains(id))
                throw DomainError(
                    ErrorCode::UnknownTickets,
                    u"Ticket %1 is not a valid ticket of booking %2."_s.arg(id).arg(bookingId),
                    QJsonObject{{u"ticket_ids"_s, QJsonArray{id}}});
            amount += livePrices.value(id);
        }
        const pqxx::result freed = tx.exec_params(
            "UPDATE tickets SET status = 'available', booking_id = NULL, version = NULL "
            "WHERE id = ANY($1::bigint[]) AND booking_id = $2 AND status = 'sold' RETURNING id",
            toPgArray(target), bookingId);
        tx.exec_params0("UPDATE booking_tickets SET cancelled_at = now() WHERE booking_id = $1 "
                        "AND ticket_id = ANY($2::bigint[])",
                        bookingId, toPgArray(target));
        const bool all = target.size() == livePrices.size();
        tx.exec_params0(
            "UPDATE bookings SET status = $2, cancelled_at = CASE WHEN $2 = 'cancelled' "
            "THEN now() END WHERE id = $1",
            bookingId, all ? "cancelled" : "partially_cancelled");
        // The refund is recorded pending, with its call's intent, and made
        // after the commit: a cancellation that does not commit refunds
        // nothing, and the booking row's lock (FOR UPDATE above) lets only
        // one cancellation of these tickets ever record a refund.
        method = toQString(booking[2]);
        pending = PaymentLedger::recordRefund(tx, bookingId, amount, toPgArray(target), caller.id,
                                              method);
        for (const pqxx::row &row : freed)
            returned.append(row[0].as<qint64>());
        Booking updated = read(tx, bookingId);
        updated.refund = Refund{amount, QString(), target};
        return updated;
    });
    // Once per refund row: the provider gets the row's key, so a retried
    // call refunds once; if it fails, the reconciler retries it.
    try {
        result.refund->reference =
            PaymentLedger::refund(m_db, m_payments.provider(method), pending, amount);
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "refund" << pending.refundId
                             << "left pending for the reconciler:" << error.what();
    }
    m_ledger.publish(eventId);
    m_ledger.forget(returned);
    ++m_metrics.cancellations;
    return result;
}
