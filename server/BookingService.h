#pragma once

#include "Http.h"

#include <QJsonObject>
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
    QJsonObject bookingJson(pqxx::transaction_base &tx, qint64 bookingId);
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
};
