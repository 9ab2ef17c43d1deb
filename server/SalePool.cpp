#include "SalePool.h"

#include "Database.h"
#include "DomainError.h"
#include "Log.h"
#include "Metrics.h"
#include "Payments.h"
#include "Redis.h"
#include "ServerConfig.h"
#include "StartThreads.h"
#include "TicketLedger.h"

#include <QPromise>

using namespace Qt::StringLiterals;

struct SalePool::Connections
{
    Connections(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher,
                SaleCommitter &committer, EventSummaries &events)
        : db(config.database.toStdString())
        , redis(config.redis)
        , ledger(publisher, redis, metrics)
        , payments(config.cardSandboxRemote)
        , bookings(db, ledger, committer, events, payments, metrics, config)
    {
    }
    Database db;
    Redis redis;
    TicketLedger ledger;
    Payments payments;
    BookingService bookings;
};

SalePool::SalePool(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher,
                   SaleCommitter &committer)
    : m_config(config)
    , m_metrics(metrics)
    , m_publisher(publisher)
    , m_committer(committer)
    , m_maxQueued(config.maxQueuedSales)
{
    m_pool.setMaxThreadCount(config.saleThreads);
    m_pool.setObjectName(u"sales"_s);
    // An on-sale starts all at once: its first wave must not wait for
    // dozens of Postgres connections to be opened one after another, nor for
    // the first read of its event's summary on a cold one. They are opened
    // and readied now, in the background, on the pool's own threads.
    startEveryThread(m_pool, [this] {
        auto connections = std::make_unique<Connections>(m_config, m_metrics, m_publisher,
                                                         m_committer, m_eventSummaries);
        try {
            EventSummaries::warmUp(connections->db);
        } catch (const std::exception &error) {
            qCWarning(lcBooking) << "could not ready a sale connection; the first sale connects:"
                                 << error.what();
            return; // Postgres is not there yet, say
        }
        giveBack(std::move(connections));
    });
}

SalePool::~SalePool()
{
    m_pool.waitForDone();
}

std::unique_ptr<SalePool::Connections> SalePool::borrow()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            std::unique_ptr<Connections> connections = std::move(m_idle.back());
            m_idle.pop_back();
            return connections;
        }
    }
    return std::make_unique<Connections>(m_config, m_metrics, m_publisher, m_committer,
                                         m_eventSummaries);
}

void SalePool::giveBack(std::unique_ptr<Connections> connections)
{
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(connections));
}

QFuture<BookingOutcome> SalePool::create(BookingService &here, QObject &context, qint64 eventId,
                                         BookingRequest request, QByteArray idempotencyKey,
                                         Caller caller)
{
    if (m_queued->fetch_add(1) >= m_maxQueued) {
        m_queued->fetch_sub(1);
        throw DomainError(ErrorCode::ServerBusy,
                          u"Too many sales at once; nothing was sold or charged. Try again in a "
                          "second."_s)
            .setRetryAfter(1);
    }
    // Counted until its outcome is known.
    struct Admitted
    {
        std::shared_ptr<std::atomic<int>> queued;
        ~Admitted() { queued->fetch_sub(1); }
    };
    auto admitted = std::make_shared<Admitted>(m_queued);
    if (here.settlesInProcess(request, caller))
        return here
            .createHere(eventId, std::move(request), idempotencyKey, std::move(caller), context)
            .then([admitted](BookingOutcome outcome) { return outcome; });

    auto promise = std::make_shared<QPromise<BookingOutcome>>();
    QFuture<BookingOutcome> future = promise->future();
    promise->start();
    m_pool.start([this, promise, admitted, eventId, request = std::move(request),
                  idempotencyKey = std::move(idempotencyKey), caller = std::move(caller)] {
        std::unique_ptr<Connections> connections;
        try {
            connections = borrow();
            promise->addResult(
                connections->bookings.create(eventId, request, idempotencyKey, caller));
        } catch (const std::exception &error) {
            // A lost connection is made anew by the next sale that uses it.
            if (connections && Database::isConnectionLoss(error))
                connections->db.reset();
            promise->setException(std::current_exception());
        } catch (...) {
            promise->setException(std::current_exception());
        }
        promise->finish();
        if (connections)
            giveBack(std::move(connections));
    });
    return future;
}
