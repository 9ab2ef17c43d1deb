#pragma once

#include "ServerConfig.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <array>
#include <chrono>
#include <mutex>

class Metrics;
class Redis;

// What a route costs and so which bucket it draws from.
enum class RouteClass
{
    Search,   // full-text search: a query per request
    Read,     // catalog, event details, seat maps, one's own bookings
    Sale,     // holds, bookings, cancellations
    Lookup,   // bookings by code or name (staff)
    Login,    // sign-ins: each one hashes a password
    Register, // sign-ups: new accounts, each one able to hold seats
    Stream,   // WebSocket connects
    CheckIn,  // tickets scanned at the door: a venue's doors may share an account
};
constexpr int RouteClassCount = 8;
QString routeClassName(RouteClass routeClass);

// Token buckets of this process, used when Redis cannot be reached: the
// limits then hold per instance instead of across all of them. Shared by
// the workers of one process.
class LocalRateBuckets
{
public:
    // Takes a token; returns 0 when granted, else the wait in milliseconds.
    qint64 take(const QByteArray &key, const RateLimit &limit,
                std::chrono::steady_clock::time_point now);

private:
    struct Bucket
    {
        double tokens;
        std::chrono::steady_clock::time_point at;
        std::chrono::steady_clock::duration refill; // from empty to full
    };
    std::mutex m_mutex;
    std::chrono::steady_clock::time_point m_lastPurge{};
    QHash<QByteArray, Bucket> m_buckets;
};

// The limits layer: a token bucket per route class and client address, and
// per route class and account, in Redis so that every instance behind a
// gateway draws from the same buckets (DESIGN.md invariant 9). Past a limit
// the request is refused with 429 rate_limited and Retry-After; nothing is
// done for it. Addresses in --rate-limit-exempt are never limited.
class RateLimiter
{
public:
    RateLimiter(const ServerConfig &config, Redis &redis, LocalRateBuckets &fallback,
                Metrics &metrics);

    bool isExempt(const QHostAddress &client) const;
    // Throw DomainError(RateLimited) past the limit.
    void checkAddress(RouteClass routeClass, const QHostAddress &client);
    void checkAccount(RouteClass routeClass, const QHostAddress &client, qint64 userId);

private:
    void take(RouteClass routeClass, const QByteArray &subject);

    const ServerConfig &m_config;
    Redis &m_redis;
    LocalRateBuckets &m_fallback;
    Metrics &m_metrics;
    std::array<RateLimit, RouteClassCount> m_limits;
};
