#pragma once

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

    Redis(std::string host, int port);
    ~Redis();

    std::optional<Reply> command(const QList<QByteArray> &arguments);
    // EVALSHA with a fallback to EVAL when the script is not cached.
    std::optional<Reply> eval(const QByteArray &script, const QList<QByteArray> &keys,
                              const QList<QByteArray> &arguments);
    bool ping();

private:
    bool ensureConnected();
    void drop();

    std::string m_host;
    int m_port;
    redisContext *m_context = nullptr;
    std::chrono::steady_clock::time_point m_retryAfter{};
};
