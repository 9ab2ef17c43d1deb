#pragma once

#include "Http.h"

#include <QObject>
#include <QSet>
#include <memory>

class ApiRoutes;
class AuthService;
class BookingService;
class ChangePublisher;
class CatalogService;
class Database;
class HoldService;
class HttpConnection;
class Metrics;
class Payments;
class QTcpServer;
class Redis;
class StreamHub;
class TicketLedger;
struct ServerConfig;

// One event loop with its own listener (SO_REUSEPORT), Postgres connection
// and Redis context; nothing mutable is shared with other workers.
class Worker : public QObject
{
    Q_OBJECT
public:
    Worker(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher, int listenFd);
    ~Worker() override;

    // Called in the worker's thread once it runs.
    void start();
    // Stop accepting, finish what is in flight, then emit stopped().
    void shutdown();
    // A ticket change from the NOTIFY relay, in version order.
    void publish(qint64 eventId, const QByteArray &message);

Q_SIGNALS:
    void stopped();

private:
    HttpResponse health();
    void maybeStopped();

    const ServerConfig &m_config;
    Metrics &m_metrics;
    ChangePublisher &m_publisher;
    int m_listenFd;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Redis> m_redis;
    std::unique_ptr<TicketLedger> m_ledger;
    std::unique_ptr<Payments> m_payments;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<CatalogService> m_catalog;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<BookingService> m_bookings;
    QTcpServer *m_listener = nullptr;
    StreamHub *m_stream = nullptr;
    std::unique_ptr<ApiRoutes> m_routes;
    QSet<HttpConnection *> m_connections;
    bool m_stopping = false;
    bool m_stoppedSent = false;
};
