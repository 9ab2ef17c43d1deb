#pragma once

#include "BookingService.h"

#include <QFuture>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class ChangePublisher;
class Metrics;
class SaleCommitter;
struct ServerConfig;

// Sales run here, on threads of their own, not on the HTTP workers: a sale
// waits for its batch's commit (SaleCommitter), and a worker that waited
// with it could serve none of its other connections meanwhile — the seat
// maps and event pages that everybody reads during an on-sale. The pool's
// size is how many sales can wait for a batch at once, so it sets how large
// the batches grow. Each running sale borrows a set of connections
// (Postgres, Redis) that one sale at a time uses. The queue is bounded: past
// it a sale is refused with 503 server_busy before anything is charged
// (invariant 9).
class SalePool
{
public:
    SalePool(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher,
             SaleCommitter &committer);
    ~SalePool();

    // BookingService::create, on the pool; the future holds its outcome or
    // its exception (a DomainError, or a lost database).
    QFuture<BookingOutcome> create(qint64 eventId, BookingRequest request,
                                   QByteArray idempotencyKey, Caller caller);
    EventSummaries &eventSummaries() { return m_eventSummaries; }

private:
    struct Connections;
    std::unique_ptr<Connections> borrow();
    void giveBack(std::unique_ptr<Connections> connections);

    const ServerConfig &m_config;
    Metrics &m_metrics;
    ChangePublisher &m_publisher;
    SaleCommitter &m_committer;
    EventSummaries m_eventSummaries;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Connections>> m_idle;
    std::atomic<int> m_queued{0};
    int m_maxQueued;
    QThreadPool m_pool;
};
