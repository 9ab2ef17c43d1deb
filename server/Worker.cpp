#include "Worker.h"

#include "ApiError.h"
#include "AuthService.h"
#include "BookingService.h"
#include "CatalogService.h"
#include "Database.h"
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
        m_metrics, [this](qint64 eventId) { return m_catalog->eventVersion(eventId); }, this);
    addRoutes();

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
                socket, limits, [this](HttpRequest &request) { return dispatch(request); },
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

void Worker::addRoutes()
{
    m_router.add("GET"_ba, "/healthz"_ba, [this](HttpRequest &) { return health(); });
    m_router.add("GET"_ba, "/metrics"_ba, [this](HttpRequest &) {
        return HttpResponse::raw(200, m_metrics.render(), "text/plain; version=0.0.4"_ba);
    });
    m_router.add("POST"_ba, "/v1/auth/register"_ba,
                 [this](HttpRequest &r) { return m_auth->registerCustomer(r); });
    m_router.add("POST"_ba, "/v1/auth/login"_ba,
                 [this](HttpRequest &r) { return m_auth->login(r); });
    m_router.add("GET"_ba, "/v1/catalog"_ba,
                 [this](HttpRequest &r) { return m_catalog->catalog(r); });
    m_router.add("GET"_ba, "/v1/event"_ba, [this](HttpRequest &r) { return m_catalog->search(r); });
    m_router.add("GET"_ba, "/v1/event/{id}"_ba,
                 [this](HttpRequest &r) { return m_catalog->eventDetails(r); });
    m_router.add("GET"_ba, "/v1/event/{id}/tickets"_ba,
                 [this](HttpRequest &r) { return m_catalog->tickets(r); });
    m_router.add("POST"_ba, "/v1/event/{id}/holds"_ba,
                 [this](HttpRequest &r) { return m_holds->create(r, m_auth->requireUser(r)); });
    m_router.add("DELETE"_ba, "/v1/holds/{id}"_ba,
                 [this](HttpRequest &r) { return m_holds->release(r, m_auth->requireUser(r)); });
    m_router.add("POST"_ba, "/v1/event/{id}/bookings"_ba,
                 [this](HttpRequest &r) { return m_bookings->create(r, m_auth->requireUser(r)); });
    m_router.add("GET"_ba, "/v1/bookings"_ba,
                 [this](HttpRequest &r) { return m_bookings->list(r, m_auth->requireUser(r)); });
    m_router.add("GET"_ba, "/v1/bookings/{id}"_ba,
                 [this](HttpRequest &r) { return m_bookings->get(r, m_auth->requireUser(r)); });
    m_router.add("POST"_ba, "/v1/bookings/{id}/cancel"_ba,
                 [this](HttpRequest &r) { return m_bookings->cancel(r, m_auth->requireUser(r)); });
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

// The one place where errors become HTTP answers.
HttpResponse Worker::dispatch(HttpRequest &request)
{
    const auto started = std::chrono::steady_clock::now();
    const Router::Match match = m_router.match(request);
    HttpResponse response;
    try {
        if (!match.pathKnown)
            throw ApiError::notFound(u"There is no endpoint %1; see docs/API.md."_s.arg(
                QString::fromUtf8(request.path.left(200))));
        if (!match.handler) {
            response.status = 405;
            response.body =
                errorBody("method_not_allowed"_ba, u"%1 is not allowed here; use %2."_s.arg(
                                                       QString::fromLatin1(request.method),
                                                       QString::fromLatin1(match.allowedMethods)));
            response.headers.append({"Allow"_ba, match.allowedMethods});
        } else {
            response = (*match.handler)(request);
        }
    } catch (const ApiError &error) {
        response = HttpResponse();
        response.status = error.status();
        response.body = errorBody(error.code(), error.message(), error.details());
    } catch (const pqxx::broken_connection &error) {
        qCWarning(lcDb) << "lost the database connection:" << error.what();
        m_db->reset();
        response = HttpResponse();
        response.status = 503;
        response.body = errorBody("database_unavailable"_ba,
                                  u"The booking database is unreachable; try again shortly."_s);
    } catch (const std::exception &error) {
        qCCritical(lcHttp) << request.method << request.path << "failed:" << error.what();
        response = HttpResponse();
        response.status = 500;
        response.body = errorBody("internal_error"_ba,
                                  u"Something went wrong on the server; nothing was changed. "
                                  "Try again, and tell the operator if it persists."_s);
    }
    m_metrics.observeRequest(match.pathKnown ? match.pattern : "unmatched"_ba, request.method,
                             response.status, std::chrono::steady_clock::now() - started);
    qCDebug(lcHttp) << request.method << request.path << response.status;
    return response;
}
