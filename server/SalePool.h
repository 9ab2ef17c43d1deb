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

// Sales paid through an outside provider run here, on threads of their own,
// not on the HTTP workers: such a sale waits for the provider, then for its
// batch's commit (SaleCommitter), and a worker that waited with it could
// serve none of its other connections meanwhile — the seat maps and event
// pages that everybody reads during an on-sale. Each running sale borrows a
// set of connections (Postgres, Redis) that one sale at a time uses. A sale
// paid in-process (cash, the sandbox card) waits for nothing but a Redis
// round trip and its batch: it runs on the worker (BookingService::
// createHere), which serves others while the batch decides, and the batch
// answers it; no thread of the pool is woken for it, and none waits for it.
// Both kinds count against one bound: past it a sale is refused with 503
// server_busy before anything is charged (invariant 9).
class SalePool
{
public:
    SalePool(const ServerConfig &config, Metrics &metrics, ChangePublisher &publisher,
             SaleCommitter &committer);
    ~SalePool();

    // The sale, on here (the calling worker's BookingService) if it is paid
    // in-process, else BookingService::create on the pool; the future holds
    // its outcome or its exception (a DomainError, or a lost database), and
    // its continuations attached with context run on context's thread.
    QFuture<BookingOutcome> create(BookingService &here, QObject &context, qint64 eventId,
                                   BookingRequest request, QByteArray idempotencyKey,
                                   Caller caller);
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
    // Sales under way; shared with each sale's token, which may outlive the
    // pool (a batch drained while the server shuts down).
    std::shared_ptr<std::atomic<int>> m_queued = std::make_shared<std::atomic<int>>(0);
    int m_maxQueued;
    QThreadPool m_pool;
};
