#include "BookingService.h"

#include "ApiError.h"
#include "Database.h"
#include "HoldService.h"
#include "Log.h"
#include "Metrics.h"
#include "Payments.h"
#include "RequestJson.h"
#include "ServerConfig.h"
#include "TicketLedger.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSet>
#include <QUuid>
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

struct PaymentDeclined
{
    PaymentResult result;
};
struct KeyInFlight
{
};

bool isStaffDesk(Protocol::Role role)
{
    return role == Protocol::Role::Clerk || role == Protocol::Role::Admin;
}

} // namespace

BookingService::BookingService(Database &db, TicketLedger &ledger, Payments &payments,
                               Metrics &metrics, const ServerConfig &config)
    : m_db(db)
    , m_ledger(ledger)
    , m_payments(payments)
    , m_metrics(metrics)
    , m_config(config)
{
}

QJsonObject BookingService::bookingJson(const BookingRecord &b)
{
    QJsonArray tickets;
    for (const BookingRecord::Ticket &t : b.tickets) {
        tickets.append(QJsonObject{{u"id"_s, t.id},
                                   {u"section"_s, t.section},
                                   {u"row"_s, t.row},
                                   {u"seat"_s, t.seat},
                                   {u"price"_s, t.price},
                                   {u"price_category"_s, t.priceCategory},
                                   {u"status"_s, t.cancelled ? u"cancelled"_s : u"valid"_s}});
    }
    return QJsonObject{
        {u"id"_s, b.id},
        {u"code"_s, b.code},
        {u"event_id"_s, b.eventId},
        {u"status"_s, b.status},
        {u"total"_s, b.total},
        {u"refunded"_s, b.refunded},
        {u"currency"_s, u"EUR"_s},
        {u"payment_method"_s, b.paymentMethod},
        {u"customer_name"_s, b.customerName},
        {u"created_at"_s, b.createdAt},
        {u"event"_s, QJsonObject{{u"name"_s, b.event.name},
                                 {u"starts_at"_s, b.event.startsAt},
                                 {u"venue"_s, QJsonObject{{u"name"_s, b.event.venueName},
                                                          {u"city"_s, b.event.city},
                                                          {u"address"_s, b.event.address}}}}},
        {u"tickets"_s, tickets},
    };
}

QJsonObject BookingService::bookingJson(pqxx::transaction_base &tx, qint64 bookingId)
{
    const pqxx::row b = tx.exec_prepared1(
        m_db.prepared(
            "booking_read",
            "SELECT b.id, b.code, b.event_id, b.status, b.total_cents, b.payment_method, "
            "b.customer_name, "
            "to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "e.name, to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "v.name, v.city, v.address, "
            "(SELECT coalesce(sum(amount_cents), 0) FROM refunds r WHERE r.booking_id = b.id) "
            "FROM bookings b JOIN events e ON e.id = b.event_id "
            "JOIN venues v ON v.id = e.venue_id WHERE b.id = $1"),
        bookingId);
    const pqxx::result tickets = tx.exec_prepared(
        m_db.prepared("booking_tickets_read",
                      "SELECT bt.ticket_id, s.section, s.row, s.number, bt.price_cents, "
                      "bt.cancelled_at IS NOT NULL, pc.name "
                      "FROM booking_tickets bt JOIN tickets t ON t.id = bt.ticket_id "
                      "JOIN seats s ON s.id = t.seat_id "
                      "JOIN price_categories pc ON pc.id = t.price_category_id "
                      "WHERE bt.booking_id = $1 ORDER BY bt.ticket_id"),
        bookingId);
    BookingRecord record;
    record.id = b[0].as<qint64>();
    record.code = toQString(b[1]);
    record.eventId = b[2].as<qint64>();
    record.status = toQString(b[3]);
    record.total = b[4].as<qint64>();
    record.paymentMethod = toQString(b[5]);
    record.customerName = toQString(b[6]);
    record.createdAt = toQString(b[7]);
    record.event = EventSummary{toQString(b[8]),  toQString(b[9]),  toQString(b[10]),
                                toQString(b[11]), toQString(b[12]), {}};
    record.refunded = b[13].as<qint64>();
    for (const pqxx::row &t : tickets)
        record.tickets.append(BookingRecord::Ticket{
            t[0].as<qint64>(), toQString(t[1]), toQString(t[2]), t[3].as<int>(), t[4].as<qint64>(),
            toQString(t[6]), t[5].as<bool>()});
    return bookingJson(record);
}

std::optional<HttpResponse> BookingService::storedResponse(qint64 userId, const std::string &key,
                                                           const QByteArray &requestHash)
{
    pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("idempotency_read",
                      "SELECT request_hash, status_code, response FROM idempotency_keys "
                      "WHERE user_id = $1 AND key = $2"),
        userId, key);
    tx.commit();
    if (rows.empty() || rows[0][1].is_null())
        return std::nullopt;
    if (rows[0][0].as<std::string>() != requestHash.toStdString())
        throw ApiError(422, "idempotency_key_reused"_ba,
                       u"This Idempotency-Key was used for a different request; use a new key for "
                       "a new booking."_s);
    ++m_metrics.idempotentReplays;
    HttpResponse response;
    response.status = rows[0][1].as<int>();
    response.body = QByteArray::fromStdString(rows[0][2].as<std::string>());
    response.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
    return response;
}

HttpResponse BookingService::create(const HttpRequest &request, const AuthenticatedUser &user)
{
    const qint64 eventId = RequestJson::pathId(request, "id"_ba, u"event"_s);
    const QByteArray keyHeader = request.header(Protocol::IdempotencyKeyHeader).trimmed();
    if (keyHeader.isEmpty() || keyHeader.size() > 200)
        throw ApiError::badRequest(
            "missing_idempotency_key"_ba,
            u"Send an Idempotency-Key header (1 to 200 characters, e.g. a UUID) so the booking "
            "can be retried safely."_s);
    const std::string key = keyHeader.toStdString();
    const QJsonObject body = RequestJson::object(request);

    const bool byHold = body.contains(u"hold_id"_s);
    if (byHold == body.contains(u"ticket_ids"_s))
        throw ApiError(400, "invalid_field"_ba,
                       u"Send either \"ticket_ids\" or \"hold_id\", not both and not neither."_s,
                       QJsonObject{{u"field"_s, u"ticket_ids"_s}});
    QString holdId;
    QList<qint64> ticketIds;
    if (byHold) {
        holdId = body.value(u"hold_id"_s).toString();
        if (QUuid::fromString(holdId).isNull())
            throw ApiError(400, "invalid_field"_ba, u"\"hold_id\" must be a hold's id (a UUID)."_s,
                           QJsonObject{{u"field"_s, u"hold_id"_s}});
    } else {
        ticketIds = RequestJson::idList(body, u"ticket_ids"_s, m_config.maxSeatsPerHold);
    }
    const QJsonValue details = body.value(u"payment_details"_s);
    if (!details.isObject())
        throw ApiError(400, "invalid_payment_details"_ba,
                       u"Send \"payment_details\": {\"method\": \"card\", \"card_token\": …} or "
                       "{\"method\": \"cash\", \"amount_tendered\": …}."_s,
                       QJsonObject{{u"field"_s, u"payment_details"_s}});
    PaymentProvider &provider = m_payments.providerFor(details.toObject(), user);
    QString customerName = RequestJson::optionalString(body, u"customer_name"_s, 200);
    if (customerName.isEmpty())
        customerName = user.name;

    // The request's fingerprint: same key with another body is refused.
    const QByteArray requestHash =
        QCryptographicHash::hash(QByteArray(QByteArray::number(eventId) + '\n' +
                                            QJsonDocument(body).toJson(QJsonDocument::Compact)),
                                 QCryptographicHash::Sha256)
            .toHex();
    const EventSummary event = eventSummary(eventId);

    // Redis fast filter for seats named directly (a hold passed it already).
    // Replays of one request share its owner token, so they pass the filter
    // and meet the first attempt at the idempotency row.
    const QByteArray owner =
        "b:" + QCryptographicHash::hash(QByteArray(QByteArray::number(user.id) + '\n' + keyHeader),
                                        QCryptographicHash::Sha256)
                   .toHex()
                   .left(32);
    if (!byHold) {
        bool replayed = false;
        if (const QList<qint64> taken = m_ledger.tryReserve(ticketIds, owner, {}, 10000, &replayed);
            !taken.isEmpty() || replayed) {
            // This very request may have been answered already (a replay).
            if (replayed) {
                if (auto stored = storedResponse(user.id, key, requestHash))
                    return *stored;
            }
            ++m_metrics.bookingConflicts;
            QJsonArray unavailable;
            for (qint64 id : taken)
                unavailable.append(id);
            throw ApiError(409, "seats_unavailable"_ba,
                           u"Some seats were just taken by someone else; pick other seats."_s,
                           QJsonObject{{u"unavailable"_s, unavailable}});
        }
    }

    QJsonObject response;
    try {
        for (int attempt = 1;; ++attempt) {
            try {
                response = m_db.transact([&](pqxx::work &tx) {
                    if (byHold) {
                        const pqxx::result hold = tx.exec_prepared(
                            m_db.prepared("booking_hold",
                                          "SELECT event_id, user_id, ticket_ids FROM holds "
                                          "WHERE id = $1::uuid FOR UPDATE"),
                            toStd(holdId));
                        if (hold.empty() || hold[0][1].as<qint64>() != user.id ||
                            hold[0][0].as<qint64>() != eventId)
                            throw ApiError::notFound(
                                u"No hold with id %1 for event %2."_s.arg(holdId).arg(eventId));
                        ticketIds.clear();
                        auto array = hold[0][2].as_array();
                        for (auto item = array.get_next(); item.first != pqxx::array_parser::done;
                             item = array.get_next()) {
                            if (item.first == pqxx::array_parser::string_value)
                                ticketIds.append(std::stoll(item.second));
                        }
                    }
                    // One statement claims the key, creates the booking and
                    // takes the seats. The key comes first: a concurrent
                    // replay blocks on its unique index until this
                    // transaction ends. The guard (invariant 1) is the
                    // conditional update, whose row count must equal the
                    // seats asked for. Free means available, held by this
                    // very hold, or held by an expired hold.
                    const pqxx::result created = tx.exec_prepared(
                        m_db.prepared(
                            "booking_create",
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
                        user.id, key, requestHash.toStdString(), toStd(newBookingCode()), eventId,
                        toStd(provider.method()), toStd(customerName), toPgArray(ticketIds),
                        toStd(byHold ? holdId : u"00000000-0000-0000-0000-000000000000"_s));
                    if (created.empty())
                        throw KeyInFlight{};
                    BookingRecord booking;
                    booking.id = created[0][0].as<qint64>();
                    booking.code = toQString(created[0][1]);
                    booking.createdAt = toQString(created[0][2]);
                    booking.eventId = eventId;
                    booking.paymentMethod = provider.method();
                    booking.customerName = customerName;
                    booking.event = event;
                    QList<qint64> claimedIds, prices;
                    for (const pqxx::row &row : created) {
                        if (row[3].is_null())
                            continue; // no seat could be taken
                        BookingRecord::Ticket ticket{row[3].as<qint64>(),
                                                     toQString(row[5]),
                                                     toQString(row[6]),
                                                     row[7].as<int>(),
                                                     row[4].as<qint64>(),
                                                     toQString(row[8]),
                                                     false};
                        booking.tickets.append(ticket);
                        booking.total += ticket.price;
                        claimedIds.append(ticket.id);
                        prices.append(ticket.price);
                    }
                    if (claimedIds.size() != ticketIds.size()) {
                        QList<qint64> taken;
                        for (qint64 id : ticketIds) {
                            if (!claimedIds.contains(id))
                                taken.append(id);
                        }
                        throw SeatsTaken{taken};
                    }
                    std::sort(booking.tickets.begin(), booking.tickets.end(),
                              [](const auto &a, const auto &b) { return a.id < b.id; });

                    const PaymentResult paid = provider.charge(
                        PaymentRequest{booking.total, booking.code, details.toObject(), owner});
                    if (!paid.approved)
                        throw PaymentDeclined{paid};
                    QJsonObject out = bookingJson(booking);
                    QJsonObject paymentJson{{u"method"_s, provider.method()},
                                            {u"reference"_s, paid.reference}};
                    if (provider.method() == u"cash"_s)
                        paymentJson.insert(u"change_due"_s, paid.changeDueCents);
                    out.insert(u"payment"_s, paymentJson);
                    tx.exec_prepared(
                        m_db.prepared(
                            "booking_complete",
                            "WITH b AS (UPDATE bookings SET total_cents = $2, payment_reference = "
                            "$3 "
                            "WHERE id = $1), "
                            "bt AS (INSERT INTO booking_tickets (booking_id, ticket_id, "
                            "price_cents) "
                            "SELECT $1, t, p FROM unnest($4::bigint[], $5::int[]) AS u(t, p)), "
                            "h AS (UPDATE holds SET released_at = now() WHERE id = $6::uuid "
                            "AND released_at IS NULL), "
                            "i AS (UPDATE idempotency_keys SET status_code = 201, response = $7 "
                            "WHERE user_id = $8 AND key = $9) "
                            "SELECT"),
                        booking.id, booking.total, toStd(paid.reference), toPgArray(claimedIds),
                        toPgArray(prices),
                        toStd(byHold ? holdId : u"00000000-0000-0000-0000-000000000000"_s),
                        QJsonDocument(out).toJson(QJsonDocument::Compact).toStdString(), user.id,
                        key);
                    return out;
                });
                break;
            } catch (const pqxx::unique_violation &error) {
                // A booking code collision (1 in 10^12) gets a new code; a
                // second live sale of a seat is refused by its index.
                if (std::string(error.what()).find("bookings_code_key") != std::string::npos &&
                    attempt < 3)
                    continue;
                throw SeatsTaken{ticketIds};
            }
        }
    } catch (const KeyInFlight &) {
        m_ledger.release(ticketIds, owner);
        if (auto stored = storedResponse(user.id, key, requestHash))
            return *stored;
        throw ApiError(409, "request_in_progress"_ba,
                       u"A booking with this Idempotency-Key is still being processed; retry."_s);
    } catch (const SeatsTaken &conflict) {
        m_ledger.release(ticketIds, owner);
        ++m_metrics.bookingConflicts;
        throwUnavailable(m_db, eventId, ticketIds, conflict.ticketIds);
    } catch (const PaymentDeclined &declined) {
        // Nothing was sold; a held seat stays held so the buyer can try
        // another card. The decline is the key's answer from now on.
        m_ledger.release(ticketIds, owner);
        ++m_metrics.paymentsDeclined;
        HttpResponse declinedResponse;
        declinedResponse.status = 402;
        declinedResponse.body = errorBody(declined.result.declineCode, declined.result.message);
        m_db.transact([&](pqxx::work &tx) {
            tx.exec_params0(
                "INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, "
                "response) VALUES ($1, $2, $3, 402, $4) ON CONFLICT DO NOTHING",
                user.id, key, requestHash.toStdString(), declinedResponse.body.toStdString());
        });
        return declinedResponse;
    } catch (...) {
        m_ledger.release(ticketIds, owner);
        throw;
    }
    m_ledger.publish(eventId);
    m_ledger.markSold(ticketIds, owner);
    ++m_metrics.bookings;
    return HttpResponse::json(201, response);
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
        throw ApiError::notFound(u"No event with id %1."_s.arg(eventId));
    auto *summary =
        new EventSummary{toQString(rows[0][0]), toQString(rows[0][1]), toQString(rows[0][2]),
                         toQString(rows[0][3]), toQString(rows[0][4]), now};
    const EventSummary copy = *summary;
    m_eventSummaries.insert(eventId, summary);
    return copy;
}

bool BookingService::maySee(pqxx::transaction_base &tx, qint64 bookingId,
                            const AuthenticatedUser &user)
{
    const pqxx::result rows =
        tx.exec_params("SELECT user_id FROM bookings WHERE id = $1", bookingId);
    if (rows.empty())
        return false;
    return rows[0][0].as<qint64>() == user.id || isStaffDesk(user.role);
}

HttpResponse BookingService::list(const HttpRequest &request, const AuthenticatedUser &user)
{
    const QString code = request.queryValue(u"code"_s).trimmed().toUpper();
    const QString name = request.queryValue(u"name"_s).trimmed();
    pqxx::work tx(m_db.connection());
    pqxx::result ids;
    if (!code.isEmpty()) {
        if (!Protocol::isStaff(user.role))
            throw ApiError::forbidden(u"Looking bookings up by code is for box-office staff."_s);
        ids = tx.exec_params("SELECT id FROM bookings WHERE code = $1", toStd(code.left(32)));
    } else if (!name.isEmpty()) {
        if (!isStaffDesk(user.role))
            throw ApiError::forbidden(u"Searching bookings by name is for box-office staff."_s);
        ids = tx.exec_params("SELECT id FROM bookings WHERE bo_normalize(customer_name) LIKE "
                             "'%' || bo_normalize($1) || '%' ORDER BY created_at DESC LIMIT 50",
                             toStd(name.left(200)));
    } else {
        ids = tx.exec_params("SELECT id FROM bookings WHERE user_id = $1 "
                             "ORDER BY created_at DESC LIMIT 200",
                             user.id);
    }
    QJsonArray bookings;
    for (const pqxx::row &row : ids)
        bookings.append(bookingJson(tx, row[0].as<qint64>()));
    tx.commit();
    return HttpResponse::json(200, QJsonObject{{u"bookings"_s, bookings}});
}

HttpResponse BookingService::get(const HttpRequest &request, const AuthenticatedUser &user)
{
    const qint64 bookingId = RequestJson::pathId(request, "id"_ba, u"booking"_s);
    pqxx::work tx(m_db.connection());
    if (!maySee(tx, bookingId, user))
        throw ApiError::notFound(u"No booking with id %1."_s.arg(bookingId));
    const QJsonObject booking = bookingJson(tx, bookingId);
    tx.commit();
    return HttpResponse::json(200, booking);
}

HttpResponse BookingService::cancel(const HttpRequest &request, const AuthenticatedUser &user)
{
    const qint64 bookingId = RequestJson::pathId(request, "id"_ba, u"booking"_s);
    const QJsonObject body = RequestJson::optionalObject(request);
    const bool partial = body.contains(u"ticket_ids"_s);
    const QList<qint64> requested =
        partial ? RequestJson::idList(body, u"ticket_ids"_s, 10000) : QList<qint64>{};

    QList<qint64> returned;
    qint64 eventId = 0;
    const QJsonObject result = m_db.transact([&](pqxx::work &tx) {
        if (!maySee(tx, bookingId, user) || user.role == Protocol::Role::Kiosk)
            throw ApiError::notFound(u"No booking with id %1."_s.arg(bookingId));
        const pqxx::row booking = tx.exec_params1(
            "SELECT event_id, status, payment_method, payment_reference FROM bookings "
            "WHERE id = $1 FOR UPDATE",
            bookingId);
        if (booking[1].as<std::string>() == "cancelled")
            throw ApiError(409, "already_cancelled"_ba,
                           u"Booking %1 is cancelled already."_s.arg(bookingId));
        eventId = booking[0].as<qint64>();
        const pqxx::result live = tx.exec_params(
            "SELECT ticket_id, price_cents FROM booking_tickets WHERE booking_id = $1 "
            "AND cancelled_at IS NULL ORDER BY ticket_id",
            bookingId);
        QHash<qint64, qint64> livePrices;
        for (const pqxx::row &row : live)
            livePrices.insert(row[0].as<qint64>(), row[1].as<qint64>());
        QList<qint64> target = partial ? requested : livePrices.keys();
        std::sort(target.begin(), target.end());
        qint64 amount = 0;
        for (qint64 id : target) {
            if (!livePrices.contains(id))
                throw ApiError(
                    422, "unknown_tickets"_ba,
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
        const QString refundReference =
            m_payments.provider(toQString(booking[2])).refund(toQString(booking[3]), amount);
        tx.exec_params0("INSERT INTO refunds (booking_id, amount_cents, ticket_ids, "
                        "payment_reference, created_by) VALUES ($1, $2, $3::bigint[], $4, $5)",
                        bookingId, amount, toPgArray(target), toStd(refundReference), user.id);
        for (const pqxx::row &row : freed)
            returned.append(row[0].as<qint64>());
        QJsonObject out = bookingJson(tx, bookingId);
        out.insert(u"refund"_s, QJsonObject{{u"amount"_s, amount},
                                            {u"reference"_s, refundReference},
                                            {u"ticket_ids"_s, [&] {
                                                 QJsonArray a;
                                                 for (qint64 id : target)
                                                     a.append(id);
                                                 return a;
                                             }()}});
        return out;
    });
    m_ledger.publish(eventId);
    m_ledger.forget(returned);
    ++m_metrics.cancellations;
    return HttpResponse::json(200, result);
}
