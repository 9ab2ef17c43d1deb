#pragma once

#include "Booking.h"
#include "Caller.h"

#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>

class Database;
class Metrics;
class PaymentProvider;
class Payments;
class SaleCommitter;
struct SaleDecision;
struct SaleOrder;
class TicketLedger;
struct PaymentResult;
struct ServerConfig;

// What a booking shows of its event, shared by every sale thread of a
// process and kept a minute: it changes rarely, and an on-sale's first wave
// must not read it once per thread.
class EventSummaries
{
public:
    struct Summary
    {
        QString name;
        QDateTime startsAt;
        QString venueName, city, address, vatId;
        std::chrono::steady_clock::time_point loadedAt;
    };
    // Throws DomainError 404 for an unknown event.
    Summary get(Database &db, qint64 eventId);
    // Readies a connection for get(): its statement prepared and run once
    // (for no event), and the time zone its dates are written in loaded. An
    // on-sale's first sales all wait for one read; on a connection that had
    // done neither, under the rush, it took 18 ms instead of 6.
    static void warmUp(Database &db);

private:
    std::mutex m_mutex;
    QHash<qint64, Summary> m_summaries;
};

// A sale, or the answer a retry of it gets.
struct BookingOutcome
{
    Booking booking;
    // The answer stored for this Idempotency-Key, given again.
    bool replayed = false;
    // A new sale's answer as stored (the booking's JSON), made once by the
    // sale's transaction; empty for a replay.
    QByteArray body;
};

// Which bookings to list: by code or by customer name (staff), or, with
// neither, the caller's own.
struct BookingQuery
{
    QString code;
    QString name;
};

// Bookings: one Postgres transaction decides a sale (invariant 1), the
// Idempotency-Key makes retries safe (invariant 4), and money moves with the
// seats (invariant 10): the payment is authorized before that transaction,
// captured only after it committed and voided on any failure, every provider
// call recorded in the payment ledger; a cancellation returns the seats and
// refunds after its commit. Refusals are DomainErrors.
class BookingService
{
public:
    BookingService(Database &db, TicketLedger &ledger, SaleCommitter &committer,
                   EventSummaries &events, Payments &payments, Metrics &metrics,
                   const ServerConfig &config);

    // Blocks until the sale is decided (and, paid through an outside
    // provider, captured).
    BookingOutcome create(qint64 eventId, const BookingRequest &request,
                          const QByteArray &idempotencyKey, const Caller &caller);
    // Whether this sale is paid in-process (cash, the sandbox card): nothing
    // in it waits for more than a Redis round trip but its batch, so
    // createHere() can run it.
    bool settlesInProcess(const BookingRequest &request, const Caller &caller);
    // A sale paid in-process, on the calling thread (an HTTP worker's), which
    // does not wait for its batch: the future is fulfilled on context's
    // thread once the batch is over, with create()'s outcome or refusal.
    // Refusals before the batch (unknown event, seats taken by the Redis
    // filter) are thrown at once; a replay answers at once.
    QFuture<BookingOutcome> createHere(qint64 eventId, BookingRequest request,
                                       const QByteArray &idempotencyKey, Caller caller,
                                       QObject &context);
    // createHere()'s sales handed to their batch and not yet settled: a
    // worker that stops waits for them (they settle on its event loop), and
    // whenSettled is called on its thread each time one settles.
    int salesUnderWay() const { return m_underWay; }
    void setWhenSettled(std::function<void()> whenSettled)
    {
        m_whenSettled = std::move(whenSettled);
    }
    QList<Booking> list(const BookingQuery &query, const Caller &caller);
    Booking get(qint64 bookingId, const Caller &caller);
    // The whole booking when ticketIds is empty.
    Booking cancel(qint64 bookingId, const QList<qint64> &ticketIds, const Caller &caller);

private:
    // One attempt of a sale, from its request to its answer.
    struct Sale;
    // A sale of createHere() while its batch decides it.
    struct Pending;
    // The sale's authorization: its ledger row and the provider's answer.
    struct Authorization;

    Booking read(pqxx::transaction_base &tx, qint64 bookingId);
    // The answer stored for a key: the booking, or the stored refusal thrown.
    std::optional<BookingOutcome> storedAnswer(const Sale &sale);
    // Prices the seats, records the intent and asks the provider.
    void authorize(const Sale &sale, Authorization &authorization);
    // The sale, priced and named, before any seat is looked at: throws for
    // an unknown event, or cash without an open shift.
    Sale begin(qint64 eventId, const BookingRequest &request, const QByteArray &idempotencyKey,
               const Caller &caller);
    // The Redis filter: throws 409 for seats someone else has; a replay of
    // a request that has its answer gets it.
    std::optional<BookingOutcome> filter(const Sale &sale);
    // What the batch is asked: the seats, the booking, the authorization's
    // outcome and the capture's intent commit together or not at all. A
    // provider that settles in-process is asked there too, under a key kept
    // in authorization.
    SaleOrder orderFor(const Sale &sale, Authorization &authorization);
    // The batch's decision, made the sale's: the booking, or a refusal
    // thrown (a decline as PaymentDeclined, its answer in authorization).
    Booking settle(Sale &sale, Authorization &authorization, SaleDecision &decision,
                   qint64 &captureId, QByteArray &body);
    // decide()'s decision settled, then the money taken; after any failure
    // the authorization is voided and the seats' filter keys given back.
    BookingOutcome conclude(Sale &sale, Authorization &authorization,
                            const std::function<SaleDecision()> &decide);
    // After the commit: takes the money.
    void capture(const Sale &sale, const Authorization &authorization, qint64 captureId);
    // After any failure once authorized: voids, unless a booking took it.
    void giveUp(const Sale &sale, const Authorization &authorization, const QString &reason);
    void recordDecline(const Sale &sale, const Authorization &declined);
    // Whether the caller may see this booking: their own, or any for the
    // box-office desk. Others' bookings answer like unknown ids (invariant 7).
    bool maySee(pqxx::transaction_base &tx, qint64 bookingId, const Caller &caller);

    Database &m_db;
    TicketLedger &m_ledger;
    SaleCommitter &m_committer;
    EventSummaries &m_events;
    Payments &m_payments;
    Metrics &m_metrics;
    const ServerConfig &m_config;
    int m_underWay = 0;
    std::function<void()> m_whenSettled;
};
