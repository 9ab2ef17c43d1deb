#include "Worker.h"

#include "ApiRoutes.h"
#include "AuthService.h"
#include "BookingService.h"
#include "CatalogService.h"
#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "HttpConnection.h"
#include "Log.h"
#include "Metrics.h"
#include "Payments.h"
#include "Redis.h"
#include "ServerConfig.h"
#include "StreamHub.h"
#include "TicketLedger.h"

#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

Worker::Worker(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher,
               int listenFd)
    : m_config(config)
    , m_metrics(metrics)
    , m_publisher(publisher)
    , m_listenFd(listenFd)
{
}

Worker::~Worker() = default;

void Worker::start()
{
    m_db = std::make_unique<Database>(m_config.database.toStdString());
    m_redis = std::make_unique<Redis>(m_config.redisHost.toStdString(), m_config.redisPort);
    m_ledger = std::make_unique<TicketLedger>(m_publisher, *m_redis, m_metrics);
    m_payments = std::make_unique<Payments>();
    m_auth = std::make_unique<AuthService>(*m_db, m_config);
    m_catalog = std::make_unique<CatalogService>(*m_db, *m_redis, m_metrics);
    m_holds = std::make_unique<HoldService>(*m_db, *m_ledger, m_metrics, m_config);
    m_bookings =
        std::make_unique<BookingService>(*m_db, *m_ledger, *m_payments, m_metrics, m_config);
    m_stream = new StreamHub(
        m_metrics,
        [this](const QList<qint64> &eventIds) { return m_catalog->eventVersions(eventIds); }, this);
    m_routes = std::make_unique<ApiRoutes>(ApiRoutes::Services{*m_auth, *m_catalog, *m_holds,
                                                               *m_bookings, *m_db, m_metrics,
                                                               [this] { return health(); }},
                                           m_config);

    m_listener = new QTcpServer(this);
    m_listener->setMaxPendingConnections(1024);
    if (!m_listener->setSocketDescriptor(m_listenFd))
        qCCritical(lcServer) << "worker cannot use the listening socket:"
                             << m_listener->errorString();
    connect(m_listener, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_listener->nextPendingConnection()) {
            const HttpConnection::Limits limits{m_config.maxHeaderBytes, m_config.maxBodyBytes,
                                                m_config.idleTimeout, m_config.requestTimeout};
            auto *connection = new HttpConnection(
                socket, limits,
                [this](HttpRequest &request) { return m_routes->dispatch(request); },
                [this](const HttpRequest &request) {
                    return m_routes->isWebSocketUpgrade(request);
                },
                [this](QTcpSocket *upgraded) { m_stream->accept(upgraded); }, this);
            m_connections.insert(connection);
            connect(connection, &HttpConnection::closed, this, [this, connection] {
                m_connections.remove(connection);
                maybeStopped();
            });
            if (m_stopping)
                connection->closeWhenIdle();
        }
    });
}

void Worker::shutdown()
{
    m_stopping = true;
    if (m_listener)
        m_listener->close();
    if (m_stream)
        m_stream->closeAll();
    const auto connections = m_connections;
    for (HttpConnection *connection : connections)
        connection->closeWhenIdle();
    maybeStopped();
}

void Worker::maybeStopped()
{
    if (m_stopping && m_connections.isEmpty() && !m_stoppedSent) {
        m_stoppedSent = true;
        Q_EMIT stopped();
    }
}

void Worker::publish(qint64 eventId, const QByteArray &message)
{
    if (m_stream)
        m_stream->publish(eventId, message);
}

HttpResponse Worker::health()
{
    bool postgres = true;
    try {
        m_db->check();
    } catch (const std::exception &) {
        postgres = false;
    }
    const bool redis = m_redis->ping();
    // Without Redis the server is slower but correct; without Postgres it
    // cannot sell.
    return HttpResponse::json(
        postgres ? 200 : 503,
        QJsonObject{{u"status"_s, postgres ? (redis ? u"ok"_s : u"degraded"_s) : u"down"_s},
                    {u"postgres"_s, postgres ? u"ok"_s : u"down"_s},
                    {u"redis"_s, redis ? u"ok"_s : u"down"_s}});
}
