#pragma once

#include "Http.h"

#include <QCache>
#include <QJsonObject>
#include <chrono>
#include <pqxx/pqxx>

class Database;
class Metrics;
class Payments;
class TicketLedger;
struct ServerConfig;

// Bookings: one Postgres transaction decides a sale (invariant 1), the
// Idempotency-Key makes retries safe (invariant 4), payment goes through a
// provider, and cancellation refunds and returns the seats to sale.
class BookingService
{
public:
    BookingService(Database &db, TicketLedger &ledger, Payments &payments, Metrics &metrics,
                   const ServerConfig &config);

    HttpResponse create(const HttpRequest &request, const AuthenticatedUser &user);
    HttpResponse list(const HttpRequest &request, const AuthenticatedUser &user);
    HttpResponse get(const HttpRequest &request, const AuthenticatedUser &user);
    HttpResponse cancel(const HttpRequest &request, const AuthenticatedUser &user);

private:
    struct EventSummary
    {
        QString name, startsAt, venueName, city, address;
        std::chrono::steady_clock::time_point loadedAt;
    };
    struct BookingRecord
    {
        struct Ticket
        {
            qint64 id;
            QString section, row;
            int seat;
            qint64 price;
            QString priceCategory;
            bool cancelled;
        };
        qint64 id = 0;
        QString code;
        qint64 eventId = 0;
        QString status = QStringLiteral("confirmed");
        qint64 total = 0;
        qint64 refunded = 0;
        QString paymentMethod, customerName, createdAt;
        EventSummary event;
        QList<Ticket> tickets;
    };

    // One JSON shape for a booking, whether just sold or read back.
    static QJsonObject bookingJson(const BookingRecord &booking);
    QJsonObject bookingJson(pqxx::transaction_base &tx, qint64 bookingId);
    EventSummary eventSummary(qint64 eventId);
    std::optional<HttpResponse> storedResponse(qint64 userId, const std::string &key,
                                               const QByteArray &requestHash);
    // The booking if the caller may see it (their own; any for clerks and
    // admins); otherwise nullopt, answered like an unknown id (invariant 7).
    bool maySee(pqxx::transaction_base &tx, qint64 bookingId, const AuthenticatedUser &user);

    Database &m_db;
    TicketLedger &m_ledger;
    Payments &m_payments;
    Metrics &m_metrics;
    const ServerConfig &m_config;
    QCache<qint64, EventSummary> m_eventSummaries{1000};
};
