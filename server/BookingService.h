#pragma once

#include "Booking.h"
#include "Caller.h"

#include <QCache>
#include <chrono>
#include <optional>
#include <pqxx/pqxx>

class Database;
class Metrics;
class PaymentProvider;
class Payments;
class TicketLedger;
struct PaymentResult;
struct ServerConfig;

// A sale, or the answer a retry of it gets.
struct BookingOutcome
{
    Booking booking;
    // The answer stored for this Idempotency-Key, given again.
    bool replayed = false;
};

// Which bookings to list: by code or by customer name (staff), or, with
// neither, the caller's own.
struct BookingQuery
{
    QString code;
    QString name;
};

// Bookings: one Postgres transaction decides a sale (invariant 1), the
// Idempotency-Key makes retries safe (invariant 4), payment goes through a
// provider, and cancellation refunds and returns the seats to sale. Refusals
// are DomainErrors.
class BookingService
{
public:
    BookingService(Database &db, TicketLedger &ledger, Payments &payments, Metrics &metrics,
                   const ServerConfig &config);

    BookingOutcome create(qint64 eventId, const BookingRequest &request,
                          const QByteArray &idempotencyKey, const Caller &caller);
    QList<Booking> list(const BookingQuery &query, const Caller &caller);
    Booking get(qint64 bookingId, const Caller &caller);
    // The whole booking when ticketIds is empty.
    Booking cancel(qint64 bookingId, const QList<qint64> &ticketIds, const Caller &caller);

private:
    // What a booking shows of its event, cached a minute per worker.
    struct EventSummary
    {
        QString name;
        QDateTime startsAt;
        QString venueName, city, address;
        std::chrono::steady_clock::time_point loadedAt;
    };
    // One attempt of a sale, from its request to its answer.
    struct Sale;

    Booking read(pqxx::transaction_base &tx, qint64 bookingId);
    EventSummary eventSummary(qint64 eventId);
    // The answer stored for a key: the booking, or the stored refusal thrown.
    std::optional<BookingOutcome> storedAnswer(const Sale &sale);
    // Takes the seats, charges and records the booking in one transaction.
    Booking sell(pqxx::work &tx, Sale &sale);
    QList<qint64> holdTickets(pqxx::work &tx, const Sale &sale);
    void recordDecline(const Sale &sale, const PaymentResult &declined);
    // Whether the caller may see this booking: their own, or any for the
    // box-office desk. Others' bookings answer like unknown ids (invariant 7).
    bool maySee(pqxx::transaction_base &tx, qint64 bookingId, const Caller &caller);

    Database &m_db;
    TicketLedger &m_ledger;
    Payments &m_payments;
    Metrics &m_metrics;
    const ServerConfig &m_config;
    QCache<qint64, EventSummary> m_eventSummaries{1000};
};
