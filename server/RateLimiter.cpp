#include "RateLimiter.h"

#include "ClientAddress.h"
#include "DomainError.h"
#include "Metrics.h"
#include "Redis.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// One round trip takes a token: refill by the time passed (Redis's clock, so
// every instance agrees), take one if there is one, else say how long until
// there is. The key expires once the bucket would be full again.
const QByteArray TakeScript = QByteArrayLiteral(R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
)lua");

} // namespace

QString routeClassName(RouteClass routeClass)
{
    static const std::array<QString, RouteClassCount> names = {
        u"search"_s, u"read"_s,     u"sale"_s,   u"lookup"_s,
        u"login"_s,  u"register"_s, u"stream"_s, u"checkin"_s};
    return names[static_cast<size_t>(routeClass)];
}

qint64 LocalRateBuckets::take(const QByteArray &key, const RateLimit &limit,
                              std::chrono::steady_clock::time_point now)
{
    const std::lock_guard lock(m_mutex);
    // Now and then, forget buckets that have refilled (they are as good as
    // new); past a hard cap forget all: while Redis is down, this fallback
    // must not become the thing that exhausts the server.
    if (m_buckets.size() > 50000 && now - m_lastPurge > std::chrono::seconds(5)) {
        m_lastPurge = now;
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            if (now - it->at > it->refill)
                it = m_buckets.erase(it);
            else
                ++it;
        }
        if (m_buckets.size() > 200000)
            m_buckets.clear();
    }
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(
            key, Bucket{static_cast<double>(limit.burst), now,
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(limit.burst / limit.perSecond))});
    const double elapsed = std::chrono::duration<double>(now - it->at).count();
    it->tokens =
        std::min<double>(limit.burst, it->tokens + std::max(0.0, elapsed) * limit.perSecond);
    it->at = now;
    if (it->tokens >= 1) {
        it->tokens -= 1;
        return 0;
    }
    return static_cast<qint64>(std::ceil((1 - it->tokens) * 1000 / limit.perSecond));
}

RateLimiter::RateLimiter(const ServerConfig &config, Redis &redis, LocalRateBuckets &fallback,
                         Metrics &metrics)
    : m_config(config)
    , m_redis(redis)
    , m_fallback(fallback)
    , m_metrics(metrics)
{
    for (int i = 0; i < RouteClassCount; ++i)
        m_limits[static_cast<size_t>(i)] =
            config.rateLimits.value(routeClassName(static_cast<RouteClass>(i)));
}

bool RateLimiter::isExempt(const QHostAddress &client) const
{
    return subnetsContain(m_config.rateLimitExempt, client);
}

void RateLimiter::checkAddress(RouteClass routeClass, const QHostAddress &client)
{
    if (!isExempt(client))
        take(routeClass, "a:" + clientSubject(client));
}

void RateLimiter::checkAccount(RouteClass routeClass, const QHostAddress &client, qint64 userId)
{
    if (!isExempt(client))
        take(routeClass, "u:" + QByteArray::number(userId));
}

void RateLimiter::take(RouteClass routeClass, const QByteArray &subject)
{
    const RateLimit &limit = m_limits[static_cast<size_t>(routeClass)];
    if (limit.perSecond <= 0)
        return;
    const QByteArray key = "rl:" + routeClassName(routeClass).toLatin1() + ':' + subject;
    qint64 waitMs = 0;
    const auto reply = m_redis.eval(
        TakeScript, {key},
        {QByteArray::number(limit.perSecond, 'g', 10), QByteArray::number(limit.burst)});
    if (reply && reply->type == Redis::Reply::Type::Integer)
        waitMs = reply->integer;
    else
        waitMs = m_fallback.take(key, limit, std::chrono::steady_clock::now());
    if (waitMs <= 0)
        return;
    ++m_metrics.rateLimited;
    const int seconds = static_cast<int>(std::max<qint64>(1, (waitMs + 999) / 1000));
    throw DomainError(
        ErrorCode::RateLimited,
        u"Too many %1 requests from you; try again in %2 s."_s.arg(routeClassName(routeClass))
            .arg(seconds),
        QJsonObject{{u"limit"_s, routeClassName(routeClass)}})
        .setRetryAfter(seconds);
}
