#pragma once

#include "Http.h"

#include <QObject>
#include <QSet>
#include <memory>

class ApiRoutes;
class AuthService;
class BookingService;
class ChangePublisher;
class CatalogEditService;
class CheckInService;
class ReportService;
class ShiftService;
class CatalogService;
class ConnectionLimits;
class LocalRateBuckets;
class PasswordHasher;
class QueueService;
class RateLimiter;
class SearchIndex;
class SearchReader;
class Database;
class EventVersions;
class HoldService;
class HttpConnection;
class Metrics;
class Payments;
class QTcpServer;
class QTcpSocket;
class Redis;
class StreamHub;
class SaleCommitter;
class SalePool;
class TicketLedger;
class WaitingRooms;
struct RoomState;
struct ServerConfig;

// One event loop with its own listener (SO_REUSEPORT), Postgres connection
// and Redis context; nothing mutable is shared with other workers.
class Worker : public QObject
{
    Q_OBJECT
public:
    // What the workers of one process share.
    struct Shared
    {
        Metrics &metrics;
        EventVersions &versions;
        ChangePublisher &publisher;
        SaleCommitter &committer;
        SalePool &sales;
        LocalRateBuckets &rateBuckets;
        ConnectionLimits &connectionLimits;
        PasswordHasher &hasher;
        WaitingRooms &rooms;
        const SearchIndex *search; // null: searches go to Postgres
    };

    Worker(const ServerConfig &config, Shared shared, int listenFd);
    ~Worker() override;

    // Called in the worker's thread once it runs.
    void start();
    // Stop accepting, finish what is in flight, then emit stopped().
    void shutdown();
    // A ticket change from the NOTIFY relay, in version order.
    void publish(qint64 eventId, const QByteArray &message);
    // The waiting rooms that are on moved on.
    void roomsAdvanced(const QList<RoomState> &rooms);

Q_SIGNALS:
    void stopped();

private:
    HttpResponse health();
    void maybeStopped();
    void acceptConnections();
    void serve(QTcpSocket *socket);
    // Out of file descriptors: accept one waiting client with the spare
    // descriptor and tell it to come back, then keep accepting.
    void onAcceptError();

    const ServerConfig &m_config;
    Shared m_shared;
    Metrics &m_metrics;
    int m_listenFd;
    int m_spareFd = -1;
    std::unique_ptr<RateLimiter> m_limits;
    std::unique_ptr<SearchReader> m_searchReader;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Redis> m_redis;
    std::unique_ptr<TicketLedger> m_ledger;
    std::unique_ptr<Payments> m_payments;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<CatalogService> m_catalog;
    std::unique_ptr<HoldService> m_holds;
    std::unique_ptr<BookingService> m_bookings;
    std::unique_ptr<QueueService> m_queue;
    std::unique_ptr<CheckInService> m_checkIns;
    std::unique_ptr<ReportService> m_reports;
    std::unique_ptr<CatalogEditService> m_catalogEdits;
    std::unique_ptr<ShiftService> m_shifts;
    QTcpServer *m_listener = nullptr;
    StreamHub *m_stream = nullptr;
    std::unique_ptr<ApiRoutes> m_routes;
    QSet<HttpConnection *> m_connections;
    bool m_stopping = false;
    bool m_stoppedSent = false;
};
