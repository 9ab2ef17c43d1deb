#include "Worker.h"

#include "ApiRoutes.h"
#include "AuthService.h"
#include "BookingService.h"
#include "CatalogEditService.h"
#include "CatalogService.h"
#include "CheckInService.h"
#include "ConnectionLimits.h"
#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "HttpConnection.h"
#include "Log.h"
#include "Metrics.h"
#include "Payments.h"
#include "QueueService.h"
#include "RateLimiter.h"
#include "Redis.h"
#include "ReportService.h"
#include "SalePool.h"
#include "SearchIndex.h"
#include "ServerConfig.h"
#include "ShiftService.h"
#include "StreamClient.h"
#include "StreamHub.h"
#include "TicketLedger.h"
#include "WaitingRooms.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <atomic>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Worker::Worker(const ServerConfig &config, Shared shared, int listenFd)
    : m_config(config)
    , m_shared(shared)
    , m_metrics(shared.metrics)
    , m_listenFd(listenFd)
{
}

Worker::~Worker()
{
    if (m_spareFd >= 0)
        ::close(m_spareFd);
}

void Worker::start()
{
    m_db = std::make_unique<Database>(m_config.database.toStdString());
    m_redis = std::make_unique<Redis>(m_config.redis);
    m_ledger = std::make_unique<TicketLedger>(m_shared.publisher, *m_redis, m_metrics);
    m_limits = std::make_unique<RateLimiter>(m_config, *m_redis, m_shared.rateBuckets, m_metrics);
    m_payments = std::make_unique<Payments>(m_config.cardSandboxRemote);
    m_auth = std::make_unique<AuthService>(*m_db, m_config);
    if (m_shared.search)
        m_searchReader = std::make_unique<SearchReader>(*m_shared.search);
    m_catalog = std::make_unique<CatalogService>(*m_db, *m_redis, m_metrics, m_shared.versions,
                                                 m_searchReader.get());
    m_holds = std::make_unique<HoldService>(*m_db, *m_ledger, m_metrics, m_config);
    m_bookings = std::make_unique<BookingService>(*m_db, *m_ledger, m_shared.committer,
                                                  m_shared.sales.eventSummaries(), *m_payments,
                                                  m_metrics, m_config);
    m_bookings->setWhenSettled([this] { maybeStopped(); });
    m_queue = std::make_unique<QueueService>(*m_db, m_shared.rooms, m_metrics, m_config);
    m_checkIns = std::make_unique<CheckInService>(*m_db);
    m_reports = std::make_unique<ReportService>(*m_db);
    m_catalogEdits =
        std::make_unique<CatalogEditService>(*m_db, *m_ledger, *m_bookings, m_shared.versions);
    m_shifts = std::make_unique<ShiftService>(*m_db);
    m_stream = new StreamHub(
        m_metrics,
        [this](const QList<qint64> &eventIds) { return m_catalog->eventVersions(eventIds); },
        m_config.streamIdleTimeout, this);
    m_stream->setAvailability(
        [this](const QList<qint64> &eventIds) { return m_catalog->availableSeats(eventIds); },
        m_config.availabilityInterval);
    m_stream->setWaitingRooms(
        [this](const QString &queueId) -> std::optional<std::pair<qint64, qint64>> {
            const auto place = m_queue->locate(queueId);
            if (!place)
                return std::nullopt;
            return std::pair{place->eventId, place->position};
        },
        [rooms = &m_shared.rooms](qint64 eventId) { return rooms->enabledRoom(eventId); });
    m_routes = std::make_unique<ApiRoutes>(
        ApiRoutes::Services{*m_auth, *m_catalog, *m_holds, *m_bookings, *m_queue, *m_checkIns,
                            *m_reports, *m_catalogEdits, *m_shifts, m_shared.sales, *m_db,
                            m_metrics, *m_limits, m_shared.hasher, *this,
                            [this] { return health(); }},
        m_config);

    m_listener = new QTcpServer(this);
    m_listener->setMaxPendingConnections(1024);
    if (!m_listener->setSocketDescriptor(m_listenFd))
        qCCritical(lcServer) << "worker cannot use the listening socket:"
                             << m_listener->errorString();
    m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    connect(m_listener, &QTcpServer::newConnection, this, &Worker::acceptConnections);
    connect(m_listener, &QTcpServer::acceptError, this, &Worker::onAcceptError);
    // A safety net: whatever made the listener stop (QTcpServer pauses on
    // accept errors, not always with a signal we see), it starts again.
    auto *resume = new QTimer(this);
    connect(resume, &QTimer::timeout, m_listener, [this] {
        if (!m_stopping && m_listener->isListening())
            m_listener->resumeAccepting();
    });
    resume->start(std::chrono::seconds(1));
}

void Worker::acceptConnections()
{
    while (QTcpSocket *socket = m_listener->nextPendingConnection())
        serve(socket);
}

void Worker::serve(QTcpSocket *socket)
{
    const QHostAddress peer = socket->peerAddress();
    HttpConnection *connection = nullptr;
    if (m_shared.connectionLimits.admit(peer)) {
        // Counted until the socket goes, or after an upgrade until the
        // stream client that took its connection over goes.
        const auto release = [limits = &m_shared.connectionLimits, peer] { limits->release(peer); };
        connect(socket, &QObject::destroyed, this, release);
        const HttpConnection::Limits limits{m_config.maxHeaderBytes, m_config.maxBodyBytes,
                                            m_config.idleTimeout, m_config.requestTimeout};
        connection = new HttpConnection(
            socket, limits, [this](HttpRequest &request) { return m_routes->dispatch(request); },
            [this](const HttpRequest &request) { return m_routes->isWebSocketUpgrade(request); },
            [this, release](QTcpSocket *upgraded) {
                QObject::disconnect(upgraded, &QObject::destroyed, this, nullptr);
                if (StreamClient *client = m_stream->accept(upgraded))
                    connect(client, &QObject::destroyed, this, release);
                else
                    release();
            },
            this);
    } else {
        // Refused: its first request is answered 429, then it is closed; a
        // client that sends nothing is dropped after two seconds.
        const HttpConnection::Limits limits{m_config.maxHeaderBytes, m_config.maxBodyBytes,
                                            std::chrono::seconds(2), std::chrono::seconds(2)};
        connection = new HttpConnection(
            socket, limits,
            [](HttpRequest &) {
                HttpResponse refused = HttpResponse::error(
                    DomainError(ErrorCode::TooManyConnections,
                                u"Too many open connections; close some, or try again shortly."_s)
                        .setRetryAfter(1));
                refused.closeConnection = true;
                return refused;
            },
            {}, {}, this);
    }
    m_connections.insert(connection);
    connect(connection, &HttpConnection::closed, this, [this, connection] {
        m_connections.remove(connection);
        maybeStopped();
    });
    if (m_stopping)
        connection->closeWhenIdle();
}

void Worker::onAcceptError()
{
    ++m_metrics.acceptErrors;
    static std::atomic<qint64> lastWarning{0};
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (lastWarning.exchange(now) != now)
        qCWarning(lcServer) << "cannot accept connections:" << m_listener->errorString()
                            << "- refusing waiting clients until descriptors are free";
    if (m_spareFd >= 0) {
        ::close(m_spareFd);
        const int fd = ::accept4(m_listener->socketDescriptor(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            static const QByteArray busy = QByteArrayLiteral(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                "Retry-After: 1\r\nConnection: close\r\nContent-Length: 97\r\n\r\n"
                R"({"error":{"code":"server_busy","message":"The server is out of connections; try again shortly."}})");
            (void)::send(fd, busy.constData(), static_cast<size_t>(busy.size()), MSG_NOSIGNAL);
            ::close(fd);
        }
        m_spareFd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    // QTcpServer stops accepting after such an error; start again shortly.
    QTimer::singleShot(std::chrono::milliseconds(50), m_listener, [this] {
        if (!m_stopping)
            m_listener->resumeAccepting();
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
    // A sale handed to its batch settles here, even when its client left.
    if (m_stopping && m_connections.isEmpty() &&
        (!m_bookings || m_bookings->salesUnderWay() == 0) && !m_stoppedSent) {
        m_stoppedSent = true;
        Q_EMIT stopped();
    }
}

void Worker::publish(qint64 eventId, const QByteArray &message)
{
    if (m_stream)
        m_stream->publish(eventId, message);
}

void Worker::roomsAdvanced(const QList<RoomState> &rooms)
{
    if (m_stream)
        m_stream->roomsAdvanced(rooms);
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
    QString search = u"postgres"_s;
    if (m_shared.search && m_shared.search->state() != SearchIndex::State::Failed)
        search =
            m_shared.search->state() == SearchIndex::State::Ready ? u"index"_s : u"catching_up"_s;
    // Without Redis the server is slower but correct; without Postgres it
    // cannot sell.
    return HttpResponse::json(
        postgres ? 200 : 503,
        QJsonObject{{u"status"_s, postgres ? (redis ? u"ok"_s : u"degraded"_s) : u"down"_s},
                    {u"postgres"_s, postgres ? u"ok"_s : u"down"_s},
                    {u"redis"_s, redis ? u"ok"_s : u"down"_s},
                    {u"search"_s, search}});
}
