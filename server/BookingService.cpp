#include "BookingService.h"

#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "Log.h"
#include "Metrics.h"
#include "PaymentLedger.h"
#include "Payments.h"
#include "SaleCommitter.h"
#include "ServerConfig.h"
#include "ShiftService.h"
#include "TicketLedger.h"
#include "WireJson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QScopeGuard>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace {

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
    EventSummaries::Summary event;
    QList<qint64> ticketIds; // named, or the hold's once it is read
    qint64 shiftId = 0;      // the seller's open till shift, if any

    bool byHold() const { return !request.holdId.isEmpty(); }
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

BookingService::BookingService(Database &db, TicketLedger &ledger, SaleCommitter &committer,
                               EventSummaries &events, Payments &payments, Metrics &metrics,
                               const ServerConfig &config)
    : m_db(db)
    , m_ledger(ledger)
    , m_committer(committer)
    , m_events(events)
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
        "(SELECT coalesce(sum(amount_cents), 0) FROM refunds r WHERE r.booking_id = b.id), "
        "b.receipt_number, v.vat_id "
        "FROM bookings b JOIN events e ON e.id = b.event_id "
        "JOIN venues v ON v.id = e.venue_id WHERE b.id = $1";
    const pqxx::row b =
        tx.exec_prepared1(m_db.prepared("booking_read", bookingSql.c_str()), bookingId);
    const pqxx::result tickets = tx.exec_prepared(
        m_db.prepared("booking_tickets_read",
                      "SELECT bt.ticket_id, s.section, s.row, s.number, bt.price_cents, "
                      "bt.cancelled_at IS NOT NULL, pc.name, bt.secret, bt.vat_rate_bp "
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
    booking.receiptNumber = b[14].as<qint64>();
    booking.venueVatId = toQString(b[15]);
    for (const pqxx::row &t : tickets)
        booking.tickets.append(BookedTicket{t[0].as<qint64>(), toQString(t[1]), toQString(t[2]),
                                            t[3].as<int>(), t[4].as<qint64>(), toQString(t[6]),
                                            t[5].as<bool>(), toQString(t[7]), t[8].as<int>()});
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
    return BookingOutcome{Booking::fromJson(stored), true, {}};
}

void BookingService::authorize(const Sale &sale, Authorization &authorization)
{
    // One statement, batched with other buyers' (SaleCommitter), prices the
    // seats (named, or the caller's hold's), skips a key that already has an
    // answer (a replay never authorizes again) and records the intent. Its
    // commit does not wait for the disk (synchronous_commit off): if
    // Postgres loses the row in a crash, no booking can have used the
    // authorization either (the booking's durable commit flushes the log up
    // to and past this row), and an authorization that is never captured
    // moves no money; the provider drops it.
    const AuthorizationIntent intent{sale.caller.id,           sale.key,
                                     sale.owner.toStdString(), sale.eventId,
                                     sale.request.ticketIds,   sale.request.holdId,
                                     sale.provider.method()};
    for (int attempt = 1;; ++attempt) {
        const IntentRecord recorded = m_committer.recordIntent(intent);
        if (recorded.answered)
            throw KeyInFlight{}; // answered, or being answered: nothing to pay
        if (!recorded.price) {
            // Unknown seats or someone else's hold: refused as the booking
            // transaction would refuse them, before any payment.
            if (sale.byHold())
                throw DomainError::notFound(
                    u"No hold with id %1 for event %2."_s.arg(sale.request.holdId)
                        .arg(sale.eventId));
            throw SeatsTaken{sale.ticketIds};
        }
        if (recorded.spent) {
            // The authorization this request had was voided or used a moment
            // ago: the next statement makes a new one.
            if (attempt < 3)
                continue;
            throw DomainError(ErrorCode::RequestInProgress,
                              u"A booking with this Idempotency-Key is still being processed; "
                              "retry."_s);
        }
        authorization.ledgerId = recorded.ledgerId;
        authorization.amount = recorded.amount;
        authorization.idempotencyKey = recorded.idempotencyKey;
        // An unfinished earlier attempt of this key asked for another amount
        // (the same key with another request, or a price that changed): it is
        // voided once it is stale, and a retry then authorizes anew.
        if (authorization.amount != *recorded.price) {
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

SaleOrder BookingService::orderFor(const Sale &sale, Authorization &authorization)
{
    // Decided with other buyers' sales in one transaction (SaleCommitter):
    // the seats, the booking, the authorization's outcome and the capture's
    // intent commit together or not at all.
    SaleOrder order;
    order.userId = sale.caller.id;
    order.idempotencyKey = sale.key;
    order.requestHash = sale.requestHash.toStdString();
    order.eventId = sale.eventId;
    order.ticketIds = sale.request.ticketIds;
    order.holdId = sale.request.holdId;
    order.authorizationId = authorization.ledgerId;
    order.amount = authorization.amount;
    order.captureKey = authorization.idempotencyKey.toStdString() + "/capture";
    if (sale.provider.settlesInProcess()) {
        // Asked in the sale's transaction (SaleCommitter), under a key of
        // this attempt's own: an attempt that sells nothing leaves nothing.
        unsigned char nonce[8];
        randombytes_buf(nonce, sizeof nonce);
        order.settlesHere = &sale.provider;
        order.paymentDetails = sale.request.paymentDetails;
        order.authorizationKey =
            sale.owner.toStdString() + '/' +
            QByteArray(reinterpret_cast<const char *>(nonce), sizeof nonce).toHex().toStdString();
        order.captureKey = order.authorizationKey + "/capture";
        // What a decline is recorded under (recordDecline).
        authorization.idempotencyKey = QByteArray::fromStdString(order.authorizationKey);
    }
    order.shiftId = sale.shiftId;
    order.owner = sale.owner;
    Booking &booking = order.booking;
    booking.eventId = sale.eventId;
    booking.paymentMethod = sale.provider.method();
    booking.customerName = sale.customerName;
    booking.eventName = sale.event.name;
    booking.startsAt = sale.event.startsAt;
    booking.venueName = sale.event.venueName;
    booking.venueCity = sale.event.city;
    booking.venueAddress = sale.event.address;
    booking.venueVatId = sale.event.vatId;
    if (!order.settlesHere)
        booking.payment = receiptFor(sale.provider, authorization.result);
    return order;
}

Booking BookingService::settle(Sale &sale, Authorization &authorization, SaleDecision &decision,
                               qint64 &captureId, QByteArray &body)
{
    sale.ticketIds = decision.ticketIds;
    using Outcome = SaleDecision::Outcome;
    switch (decision.outcome) {
    case Outcome::Sold:
        captureId = decision.captureId;
        body = decision.answer;
        return decision.booking;
    case Outcome::SeatsTaken:
        throw SeatsTaken{decision.unavailable};
    case Outcome::KeyInFlight:
        throw KeyInFlight{};
    case Outcome::HoldNotFound:
        throw DomainError::notFound(
            u"No hold with id %1 for event %2."_s.arg(sale.request.holdId).arg(sale.eventId));
    case Outcome::AuthorizationGone:
        throw DomainError(ErrorCode::ServerBusy,
                          u"The payment was given up while the sale ran; nothing was sold or "
                          "charged. Try again."_s);
    case Outcome::PriceChanged:
        throw DomainError(ErrorCode::ServerBusy,
                          u"A price changed during the sale; nothing was sold or charged. "
                          "Try again."_s);
    case Outcome::Declined:
        authorization.amount = decision.amount;
        authorization.result = decision.payment;
        authorization.answered = true;
        throw PaymentDeclined{};
    case Outcome::ShiftClosed:
        throw DomainError(ErrorCode::ShiftClosed,
                          u"Your shift was closed while the sale ran; nothing was sold or "
                          "charged. Open a new shift to go on."_s);
    case Outcome::Failed:
        break;
    }
    std::rethrow_exception(decision.error);
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
        if (declined.ledgerId) {
            tx.exec_params0("UPDATE payment_ledger SET status = 'declined', released_at = now(), "
                            "error = $2, updated_at = now() WHERE id = $1 AND booking_id IS NULL "
                            "AND released_at IS NULL",
                            declined.ledgerId, toStd(declined.result.message));
            return;
        }
        // An in-process provider's decline: its only record, written once.
        tx.exec_params0("INSERT INTO payment_ledger (operation, method, amount_cents, "
                        "idempotency_key, status, error, sale_key, attempt, released_at) "
                        "VALUES ('authorize', $1, $2, $3, 'declined', $4, $3, 1, now())",
                        toStd(sale.provider.method()), declined.amount,
                        declined.idempotencyKey.toStdString(), toStd(declined.result.message));
    });
}

void BookingService::capture(const Sale &sale, const Authorization &authorization, qint64 captureId)
{
    // The booking is committed: the money is taken now, and if that fails
    // (or this process dies first), the reconciler takes it later with the
    // same key. The sale's answer does not depend on it.
    try {
        if (const std::optional<QString> reference = PaymentLedger::captureAtProvider(
                m_db, sale.provider, captureId, authorization.result.reference,
                authorization.amount, QByteArray(authorization.idempotencyKey + "/capture")))
            m_committer.recordCaptured(captureId, *reference);
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

BookingService::Sale BookingService::begin(qint64 eventId, const BookingRequest &request,
                                           const QByteArray &idempotencyKey, const Caller &caller)
{
    PaymentProvider &provider = m_payments.providerFor(request.paymentDetails, caller);
    // A customer's own name by default; a desk or kiosk sells to whoever
    // stands there: their name as given, or none.
    const QString customerName =
        request.customerName.isEmpty() && caller.role == Protocol::Role::Customer
            ? caller.name
            : request.customerName;
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
        customerName,
        m_events.get(m_db, eventId),
        request.ticketIds,
        0};
    // A desk's sales belong to its clerk's open shift; cash needs one (the
    // drawer it goes into). The sale's transaction checks it is still open.
    if (Protocol::mayTakeCash(caller.role)) {
        pqxx::nontransaction tx(m_db.connection());
        const pqxx::result shift = tx.exec_prepared(
            m_db.prepared("sale_open_shift",
                          "SELECT id FROM shifts WHERE user_id = $1 AND closed_at IS NULL"),
            caller.id);
        tx.commit();
        if (!shift.empty())
            sale.shiftId = shift[0][0].as<qint64>();
        else if (provider.method() == u"cash"_s)
            throw DomainError(ErrorCode::ShiftRequired,
                              u"Cash needs an open shift: open one with your till's cash "
                              "float (POST /v1/shifts), then sell again."_s);
    }
    return sale;
}

std::optional<BookingOutcome> BookingService::filter(const Sale &sale)
{
    // Redis fast filter for seats named directly (a hold passed it already).
    // Replays of one request share its owner token, so they pass the filter
    // and meet the first attempt at the idempotency row.
    if (sale.byHold())
        return std::nullopt;
    bool replayed = false;
    const QList<qint64> taken =
        m_ledger.tryReserve(sale.ticketIds, sale.owner, {}, 10000, &replayed);
    if (taken.isEmpty() && !replayed)
        return std::nullopt;
    if (replayed) {
        if (auto stored = storedAnswer(sale))
            return stored;
    }
    ++m_metrics.bookingConflicts;
    throw seatsUnavailable(taken);
}

BookingOutcome BookingService::conclude(Sale &sale, Authorization &authorization,
                                        const std::function<SaleDecision()> &decide)
{
    // Any failure once authorized voids (invariant 10), and gives the seats'
    // filter keys back.
    Booking booking;
    QByteArray body;
    qint64 captureId = 0;
    try {
        SaleDecision decision = decide();
        booking = settle(sale, authorization, decision, captureId, body);
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
        throwUnavailable(m_db, sale.eventId, sale.ticketIds, conflict.ticketIds);
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
    if (!sale.provider.settlesInProcess())
        capture(sale, authorization, captureId);
    ++m_metrics.bookings;
    return BookingOutcome{booking, false, body};
}

BookingOutcome BookingService::create(qint64 eventId, const BookingRequest &request,
                                      const QByteArray &idempotencyKey, const Caller &caller)
{
    Sale sale = begin(eventId, request, idempotencyKey, caller);
    if (std::optional<BookingOutcome> stored = filter(sale))
        return *stored;
    // Redis filter → authorize → one booking transaction → commit → capture.
    Authorization authorization;
    return conclude(sale, authorization, [&] {
        // An in-process provider is asked in the sale's own transaction.
        if (!sale.provider.settlesInProcess()) {
            authorize(sale, authorization);
            if (!authorization.result.approved)
                throw PaymentDeclined{};
        }
        return m_committer.decide(orderFor(sale, authorization));
    });
}

bool BookingService::settlesInProcess(const BookingRequest &request, const Caller &caller)
{
    return m_payments.providerFor(request.paymentDetails, caller).settlesInProcess();
}

// A sale of createHere() while its batch decides it.
struct BookingService::Pending
{
    BookingRequest request;
    Caller caller;
    std::optional<Sale> sale; // refers to request and caller
    Authorization authorization;
};

QFuture<BookingOutcome> BookingService::createHere(qint64 eventId, BookingRequest request,
                                                   const QByteArray &idempotencyKey, Caller caller,
                                                   QObject &context)
{
    auto pending =
        std::make_shared<Pending>(Pending{std::move(request), std::move(caller), {}, {}});
    Sale &sale =
        pending->sale.emplace(begin(eventId, pending->request, idempotencyKey, pending->caller));
    if (!sale.provider.settlesInProcess())
        throw std::logic_error("createHere() is for sales paid in-process");
    if (std::optional<BookingOutcome> stored = filter(sale))
        return QtFuture::makeReadyFuture(std::move(*stored));
    auto decided = std::make_shared<QPromise<SaleDecision>>();
    decided->start();
    QFuture<SaleDecision> decision = decided->future();
    try {
        m_committer.decide(orderFor(sale, pending->authorization), [decided](SaleDecision &&made) {
            decided->addResult(std::move(made));
            decided->finish();
        });
    } catch (...) {
        m_ledger.release(sale.ticketIds, sale.owner); // never handed in
        throw;
    }
    ++m_underWay;
    // Back on this thread once decided: a winner's answer was made by its
    // transaction, a loser is told why as create() would tell it.
    return decision.then(&context, [this, pending](SaleDecision made) {
        const auto settled = qScopeGuard([this] {
            --m_underWay;
            if (m_whenSettled)
                m_whenSettled();
        });
        return conclude(*pending->sale, pending->authorization, [&] { return std::move(made); });
    });
}

namespace {
constexpr const char *SummaryName = "booking_event_summary";
constexpr const char *SummarySql =
    "SELECT e.name, to_char(e.starts_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), v.name, v.city, v.address, v.vat_id "
    "FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1";
} // namespace

void EventSummaries::warmUp(Database &db)
{
    pqxx::nontransaction tx(db.connection());
    tx.exec_prepared(db.prepared(SummaryName, SummarySql), 0);
    tx.exec("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
}

EventSummaries::Summary EventSummaries::get(Database &db, qint64 eventId)
{
    const auto now = std::chrono::steady_clock::now();
    // Held while reading: a rush's first sales of an event wait for one read
    // rather than making one each.
    std::lock_guard lock(m_mutex);
    if (const auto cached = m_summaries.constFind(eventId);
        cached != m_summaries.cend() && now - cached->loadedAt < std::chrono::minutes(1))
        return *cached;
    pqxx::nontransaction tx(db.connection());
    const pqxx::result rows = tx.exec_prepared(db.prepared(SummaryName, SummarySql), eventId);
    if (rows.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    if (m_summaries.size() > 10000)
        m_summaries.clear();
    return *m_summaries.insert(eventId, Summary{toQString(rows[0][0]), utc(rows[0][1]),
                                                toQString(rows[0][2]), toQString(rows[0][3]),
                                                toQString(rows[0][4]), toQString(rows[0][5]), now});
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
        // Paid back at the desk: from the canceller's open shift (cash out
        // of its drawer). A clerk needs one for cash; an admin's refund
        // without one (an event's cancellation) is paid out later.
        const std::optional<qint64> shift = ShiftService::openShiftOf(tx, caller.id);
        if (!shift && method == u"cash"_s && caller.role == Protocol::Role::Clerk)
            throw DomainError(ErrorCode::ShiftRequired,
                              u"Paying cash back needs an open shift: open one with your till's "
                              "cash float, then cancel again."_s);
        pending = PaymentLedger::recordRefund(tx, bookingId, amount, toPgArray(target), caller.id,
                                              method);
        if (shift)
            tx.exec_params0("UPDATE refunds SET shift_id = $1 WHERE id = $2", *shift,
                            pending.refundId);
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
