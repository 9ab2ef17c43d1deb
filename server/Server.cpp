#include "Server.h"

#include "ChangeListener.h"
#include "ChangePublisher.h"
#include "ConnectionLimits.h"
#include "HoldSweeper.h"
#include "Log.h"
#include "PasswordHasher.h"
#include "RateLimiter.h"
#include "SaleCommitter.h"
#include "SalePool.h"
#include "SearchIndex.h"
#include "StartThreads.h"
#include "WaitingRooms.h"
#include "Worker.h"

#include <QEventLoop>
#include <QTimer>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr std::chrono::seconds ShutdownGrace{10};

// A listening socket that other workers can bind too (SO_REUSEPORT): the
// kernel spreads connections over them, each accepted in its own thread.
// The sockaddr for an address and port; returns its length.
socklen_t socketAddress(const QHostAddress &address, quint16 port, sockaddr_storage &storage)
{
    storage = {};
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof bytes.c);
        return sizeof(sockaddr_in6);
    }
    auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(port);
    in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    return sizeof(sockaddr_in);
}

int listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    sockaddr_storage storage{};
    const socklen_t length = socketAddress(address, port, storage);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
        ::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 ||
        ::listen(fd, 4096) != 0) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(address.toString())
                     .arg(port)
                     .arg(QString::fromLocal8Bit(std::strerror(errno)));
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

quint16 boundPort(int fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
}

// Every connection is a descriptor: ask for enough of them for the
// connection limit, as far as the hard limit allows.
void raiseFileLimit(int maxConnections)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = static_cast<rlim_t>(maxConnections) + 256;
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = std::min(wanted, limit.rlim_max);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < wanted)
        qCWarning(lcServer) << "only" << limit.rlim_cur << "file descriptors for" << maxConnections
                            << "connections (--max-connections): clients past that are "
                               "refused with 503 until descriptors are free";
}

} // namespace

Server::Server(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_rateBuckets(std::make_unique<LocalRateBuckets>())
    , m_connectionLimits(std::make_unique<ConnectionLimits>(config, m_metrics))
    , m_hasher(std::make_unique<PasswordHasher>(config.hashingThreads, config.maxQueuedHashes,
                                                m_metrics))
{
}

Server::~Server()
{
    for (WorkerThread &w : m_workers) {
        w.thread->quit();
        w.thread->wait();
    }
    if (m_publisher)
        m_publisher->stop();
    if (m_listener)
        m_listener->stop();
    if (m_sweeper)
        m_sweeper->stop();
    if (m_rooms)
        m_rooms->stop();
    for (QThread *thread : {static_cast<QThread *>(m_listener), static_cast<QThread *>(m_sweeper),
                            static_cast<QThread *>(m_publisher), static_cast<QThread *>(m_rooms)}) {
        if (thread && thread->isRunning())
            thread->wait();
    }
}

bool Server::start(QString *error)
{
    raiseFileLimit(m_config.maxConnections);
    // Unknown accounts are checked against a dummy hash; made now, not by
    // the first sign-in on a worker.
    (void)PasswordHasher::dummyHash();
    std::vector<int> fds;
    quint16 port = m_config.port;
    if (port == 0) {
        // Port 0 asked with SO_REUSEPORT may be given a port another
        // process's SO_REUSEPORT sockets already use (the kernel lets them
        // share it): take a free one with a plain socket first.
        const int probe = ::socket(
            m_config.listenAddress.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET,
            SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_storage storage{};
        const socklen_t length = socketAddress(m_config.listenAddress, 0, storage);
        if (probe >= 0) {
            if (::bind(probe, reinterpret_cast<sockaddr *>(&storage), length) == 0)
                port = boundPort(probe);
            ::close(probe);
        }
    }
    for (int i = 0; i < m_config.workers; ++i) {
        const int fd = listenOn(m_config.listenAddress, port, error);
        if (fd < 0) {
            for (int open : fds)
                ::close(open);
            return false;
        }
        port = boundPort(fd); // with --port 0, the others join the first one's port
        fds.push_back(fd);
    }
    m_port = port;

    if (m_config.searchIndex != u"off") {
        m_search = new SearchIndex(m_config.database.toStdString(),
                                   m_config.searchIndex.isEmpty()
                                       ? SearchIndex::defaultDirectory(m_config.database)
                                       : m_config.searchIndex,
                                   this);
        startNow(*m_search);
    }
    m_listener = new ChangeListener(m_config.database.toStdString(), m_versions, this);
    m_publisher = new ChangePublisher(m_config.database.toStdString(), m_versions, this);
    startNow(*m_publisher);
    m_committer =
        std::make_unique<SaleCommitter>(m_config.database.toStdString(), m_config.saleCommitters,
                                        m_metrics, &m_versions, m_config.redis);
    m_sales = std::make_unique<SalePool>(m_config, m_metrics, *m_publisher, *m_committer);
    m_sweeper =
        new HoldSweeper(m_config.database.toStdString(), m_config.sweepInterval, m_metrics, this);
    // The sweeper also reconciles payments left unfinished.
    m_sweeper->setPaymentReconcileWindow(m_config.paymentReconcileWindow);
    m_rooms = new WaitingRooms(m_config.database.toStdString(), m_config, m_metrics, this);
    for (int i = 0; i < m_config.workers; ++i) {
        WorkerThread w;
        w.thread = std::make_unique<QThread>();
        w.thread->setObjectName(QStringLiteral("worker-%1").arg(i));
        w.worker = new Worker(m_config,
                              Worker::Shared{m_metrics, m_versions, *m_publisher, *m_committer,
                                             *m_sales, *m_rateBuckets, *m_connectionLimits,
                                             *m_hasher, *m_rooms, m_search},
                              fds[static_cast<size_t>(i)]);
        w.worker->moveToThread(w.thread.get());
        connect(w.thread.get(), &QThread::finished, w.worker, &QObject::deleteLater);
        connect(w.worker, &Worker::stopped, this, &Server::workerStopped);
        // NOTIFY order is version order; queued calls keep it per worker.
        connect(m_listener, &ChangeListener::ticketsChanged, w.worker,
                [worker = w.worker](qint64 eventId, const QByteArray &message) {
                    worker->publish(eventId, message);
                });
        connect(
            m_rooms, &WaitingRooms::advanced, w.worker,
            [worker = w.worker](const QList<RoomState> &rooms) { worker->roomsAdvanced(rooms); });
        startNow(*w.thread);
        m_workers.push_back(std::move(w));
    }
    m_running = m_config.workers;

    // Wait (briefly) until the relay listens, so a change made right after
    // start-up is never missed by subscribers.
    QEventLoop waitForListen;
    connect(m_listener, &ChangeListener::listening, &waitForListen, &QEventLoop::quit);
    QTimer::singleShot(5000, &waitForListen, &QEventLoop::quit);
    startNow(*m_listener);
    waitForListen.exec();
    startNow(*m_sweeper);
    startNow(*m_rooms);
    // Only now, with every thread running (StartThreads.h), do the workers
    // accept connections.
    for (const WorkerThread &w : m_workers)
        QMetaObject::invokeMethod(w.worker, &Worker::start, Qt::QueuedConnection);
    return true;
}

void Server::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcServer) << "shutting down: finishing requests in flight";
    for (WorkerThread &w : m_workers)
        QMetaObject::invokeMethod(w.worker, &Worker::shutdown, Qt::QueuedConnection);
    QTimer::singleShot(ShutdownGrace, this, [this] {
        if (m_running > 0) {
            qCWarning(lcServer) << m_running << "worker(s) still busy after the grace period";
            m_running = 1;
            workerStopped();
        }
    });
}

void Server::workerStopped()
{
    if (!m_stopping || m_running == 0 || --m_running > 0)
        return;
    for (WorkerThread &w : m_workers) {
        w.thread->quit();
        w.thread->wait();
    }
    m_publisher->stop();
    m_publisher->wait();
    m_listener->stop();
    m_sweeper->stop();
    m_rooms->stop();
    if (m_search)
        m_search->stop();
    m_listener->wait();
    m_sweeper->wait();
    m_rooms->wait();
    if (m_search)
        m_search->wait();
    qCInfo(lcServer) << "stopped";
    Q_EMIT stopped();
}
