#pragma once

#include "RedisAddress.h"

#include <QByteArray>
#include <QList>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

struct redisContext;
struct redisReply;

// A Redis connection owned by one thread. Redis is a fast filter and a cache,
// never the guard (DESIGN.md invariant 2): every call returns nullopt when
// Redis is unreachable, and callers carry on without it. After a failure the
// next connection attempt waits a second, so a dead Redis costs no latency.
// Behind Sentinel, every connection asks the sentinels for the master first,
// and a failed command (connection lost, timeout, or READONLY, MASTERDOWN,
// LOADING from a demoted or starting master) drops the connection, so the
// next attempt follows a failover.
class Redis
{
public:
    struct Reply
    {
        enum class Type
        {
            Nil,
            Integer,
            String,
            Status,
            Array,
            Error
        } type = Type::Nil;
        long long integer = 0;
        QByteArray string;
        QList<Reply> elements;
    };

    explicit Redis(RedisAddress address);
    ~Redis();

    std::optional<Reply> command(const QList<QByteArray> &arguments);
    // EVALSHA with a fallback to EVAL when the script is not cached.
    std::optional<Reply> eval(const QByteArray &script, const QList<QByteArray> &keys,
                              const QList<QByteArray> &arguments);
    bool ping();

    // The master that the first sentinel to answer names, in the order
    // given; nullopt if none answers or none knows masterName.
    static std::optional<RedisEndpoint> askSentinels(const QList<RedisEndpoint> &sentinels,
                                                     const QByteArray &masterName);

private:
    bool ensureConnected();
    // Drops the connection and waits a second before the next attempt.
    void fail();
    void drop();

    RedisAddress m_address;
    redisContext *m_context = nullptr;
    std::chrono::steady_clock::time_point m_retryAfter{};
};
