#pragma once

#include "Booking.h"
#include "Caller.h"

#include <QDateTime>
#include <QHash>
#include <chrono>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>

class Database;
class Metrics;
class PaymentProvider;
class Payments;
class SaleCommitter;
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

    // answerEarly, if given, is called with a new sale's outcome on the
    // committer's thread as soon as it is committed, when nothing is left
    // to do after the commit (a provider that settles in-process): create()
    // then returns the same outcome later.
    BookingOutcome create(qint64 eventId, const BookingRequest &request,
                          const QByteArray &idempotencyKey, const Caller &caller,
                          const std::function<void(const BookingOutcome &)> &answerEarly = {});
    QList<Booking> list(const BookingQuery &query, const Caller &caller);
    Booking get(qint64 bookingId, const Caller &caller);
    // The whole booking when ticketIds is empty.
    Booking cancel(qint64 bookingId, const QList<qint64> &ticketIds, const Caller &caller);

private:
    // One attempt of a sale, from its request to its answer.
    struct Sale;
    // The sale's authorization: its ledger row and the provider's answer.
    struct Authorization;

    Booking read(pqxx::transaction_base &tx, qint64 bookingId);
    // The answer stored for a key: the booking, or the stored refusal thrown.
    std::optional<BookingOutcome> storedAnswer(const Sale &sale);
    // Prices the seats, records the intent and asks the provider.
    void authorize(const Sale &sale, Authorization &authorization);
    // Takes the seats and records the booking and the authorization's
    // outcome in one transaction; the capture's intent goes with them.
    // A provider that settles in-process is asked there too; its decline
    // is thrown as PaymentDeclined with the answer in authorization.
    Booking sell(Sale &sale, Authorization &authorization, qint64 &captureId, QByteArray &body);
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
};
