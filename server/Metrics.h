#pragma once

#include <QByteArray>
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

// Counters shared by every worker, rendered as Prometheus text on /metrics.
class Metrics
{
public:
    void observeRequest(const QByteArray &route, const QByteArray &method, int status,
                        std::chrono::nanoseconds elapsed);
    QByteArray render() const;

    std::atomic<qint64> bookings{0};
    std::atomic<qint64> bookingConflicts{0};
    std::atomic<qint64> paymentsDeclined{0};
    std::atomic<qint64> idempotentReplays{0};
    std::atomic<qint64> saleBatches{0};
    std::atomic<qint64> batchedSales{0};
    std::atomic<qint64> holds{0};
    std::atomic<qint64> holdConflicts{0};
    std::atomic<qint64> holdsExpired{0};
    std::atomic<qint64> redisFastRejects{0};
    std::atomic<qint64> redisUnavailable{0};
    std::atomic<qint64> cancellations{0};
    std::atomic<qint64> websocketClients{0};
    std::atomic<qint64> streamMessages{0};
    std::atomic<qint64> eventCacheHits{0};
    std::atomic<qint64> eventCacheMisses{0};
    // Protection (invariant 9).
    std::atomic<qint64> rateLimited{0};
    std::atomic<qint64> connections{0};
    std::atomic<qint64> connectionsRefused{0};
    std::atomic<qint64> acceptErrors{0};
    std::atomic<qint64> streamClientsTimedOut{0};
    std::atomic<qint64> hashesQueued{0};
    std::atomic<qint64> hashesRefused{0};
    // Waiting rooms.
    std::atomic<qint64> queueJoins{0};
    std::atomic<qint64> queueRefusals{0}; // holds and bookings without a good pass
    std::atomic<qint64> waitingRoomsSwitchedOn{0};

private:
    static constexpr std::array<double, 12> Buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    struct RouteStats
    {
        std::map<std::pair<QByteArray, int>, qint64> byMethodStatus;
        std::array<qint64, Buckets.size() + 1> buckets{};
        double sumSeconds = 0;
        qint64 count = 0;
    };
    mutable std::mutex m_mutex;
    std::map<QByteArray, RouteStats> m_routes;
};
