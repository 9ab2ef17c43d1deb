#include "Metrics.h"

#include <QStringBuilder>

void Metrics::observeRequest(const QByteArray &route, const QByteArray &method, int status,
                             std::chrono::nanoseconds elapsed)
{
    const double seconds = std::chrono::duration<double>(elapsed).count();
    std::lock_guard lock(m_mutex);
    RouteStats &stats = m_routes[route];
    ++stats.byMethodStatus[{method, status}];
    size_t bucket = 0;
    while (bucket < Buckets.size() && seconds > Buckets[bucket])
        ++bucket;
    ++stats.buckets[bucket];
    stats.sumSeconds += seconds;
    ++stats.count;
}

QByteArray Metrics::render() const
{
    QByteArray out;
    auto counter = [&out](const char *name, const char *help, qint64 value,
                          const char *type = "counter") {
        const QByteArray n(name);
        out += QByteArray("# HELP ") + n + ' ' + QByteArray(help) + QByteArray("\n# TYPE ") + n +
               ' ' + QByteArray(type) + '\n' + n + ' ' + QByteArray::number(value) + '\n';
    };
    counter("boxoffice_bookings_total", "Bookings confirmed.", bookings);
    counter("boxoffice_booking_conflicts_total",
            "Booking attempts refused because a seat was taken.", bookingConflicts);
    counter("boxoffice_payments_declined_total", "Card payments declined.", paymentsDeclined);
    counter("boxoffice_idempotent_replays_total", "Booking requests answered from a stored result.",
            idempotentReplays);
    counter("boxoffice_sale_batches_total",
            "Transactions that decided sales together (group commit).", saleBatches);
    counter("boxoffice_batched_sales_total", "Sales decided in those transactions.", batchedSales);
    counter("boxoffice_queue_joins_total", "Places taken in waiting rooms.", queueJoins);
    counter("boxoffice_queue_refusals_total",
            "Holds and bookings refused for want of a waiting room's pass.", queueRefusals);
    counter("boxoffice_waiting_rooms_switched_on_total",
            "Waiting rooms this instance switched on by the request rate.", waitingRoomsSwitchedOn);
    counter("boxoffice_holds_total", "Seat holds placed.", holds);
    counter("boxoffice_hold_conflicts_total", "Hold attempts refused because a seat was taken.",
            holdConflicts);
    counter("boxoffice_holds_expired_total", "Holds returned to sale by the sweeper.",
            holdsExpired);
    counter("boxoffice_redis_fast_rejects_total",
            "Requests refused by the Redis filter before Postgres.", redisFastRejects);
    counter("boxoffice_redis_unavailable_total",
            "Requests served without Redis because it was down.", redisUnavailable);
    counter("boxoffice_cancellations_total", "Bookings (or parts) cancelled.", cancellations);
    counter("boxoffice_websocket_clients", "Open WebSocket stream connections.", websocketClients,
            "gauge");
    counter("boxoffice_stream_messages_total", "Ticket change messages pushed to subscribers.",
            streamMessages);
    counter("boxoffice_event_cache_hits_total", "Event details served from cache.", eventCacheHits);
    counter("boxoffice_event_cache_misses_total", "Event details read from Postgres.",
            eventCacheMisses);
    counter("boxoffice_rate_limited_total", "Requests refused by a rate limit (429).", rateLimited);
    counter("boxoffice_connections", "Open client connections.", connections, "gauge");
    counter("boxoffice_connections_refused_total",
            "Connections refused: too many for the address or in all.", connectionsRefused);
    counter("boxoffice_accept_errors_total",
            "Failed accepts (e.g. out of file descriptors); the listener keeps accepting.",
            acceptErrors);
    counter("boxoffice_stream_clients_timed_out_total",
            "Stream clients closed for answering no ping in time.", streamClientsTimedOut);
    counter("boxoffice_password_hashes_queued", "Sign-ins and sign-ups waiting for a hash.",
            hashesQueued, "gauge");
    counter("boxoffice_password_hashes_refused_total",
            "Sign-ins and sign-ups refused (503) because the hashing queue was full.",
            hashesRefused);

    std::lock_guard lock(m_mutex);
    out += "# HELP boxoffice_http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE boxoffice_http_requests_total counter\n";
    for (const auto &[route, stats] : m_routes) {
        for (const auto &[key, count] : stats.byMethodStatus) {
            out += QByteArray("boxoffice_http_requests_total{route=\"") + route + "\",method=\"" +
                   key.first + "\",status=\"" + QByteArray::number(key.second) + "\"} " +
                   QByteArray::number(count) + '\n';
        }
    }
    out += "# HELP boxoffice_http_request_duration_seconds Time to answer a request.\n"
           "# TYPE boxoffice_http_request_duration_seconds histogram\n";
    for (const auto &[route, stats] : m_routes) {
        qint64 cumulative = 0;
        for (size_t i = 0; i <= Buckets.size(); ++i) {
            cumulative += stats.buckets[i];
            const QByteArray le = i < Buckets.size() ? QByteArray::number(Buckets[i]) : "+Inf";
            out += QByteArray("boxoffice_http_request_duration_seconds_bucket{route=\"") + route +
                   "\",le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
        }
        out += QByteArray("boxoffice_http_request_duration_seconds_sum{route=\"") + route + "\"} " +
               QByteArray::number(stats.sumSeconds, 'f', 6) + '\n';
        out += QByteArray("boxoffice_http_request_duration_seconds_count{route=\"") + route +
               "\"} " + QByteArray::number(stats.count) + '\n';
    }
    return out;
}
