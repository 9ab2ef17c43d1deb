#include "TicketLedger.h"

#include "ChangePublisher.h"
#include "Metrics.h"
#include "Redis.h"

namespace {
// Sets every key to owner if none is taken by anyone else; otherwise sets
// nothing and returns the indexes (1-based) of the taken ones, and 0 first
// if one was sold to this very owner (a replay of a completed request).
const QByteArray ReserveScript = QByteArrayLiteral(R"(
local taken = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v == 'sold:' .. ARGV[1] then table.insert(taken, 1, 0)
  elseif v and v ~= ARGV[1] and v ~= ARGV[2] then taken[#taken + 1] = i end
end
if #taken > 0 then return taken end
for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'PX', ARGV[3]) end
return taken
)");
// Compare-and-delete: only the owner's keys go.
const QByteArray ReleaseScript = QByteArrayLiteral(R"(
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then n = n + redis.call('DEL', key) end
end
return n
)");
// KEYS[i] is sold to the owner ARGV[2i], if it still holds that sale's own
// reservation, ARGV[2i + 1]. A mark that comes late (after a cancellation
// gave the seat back, or someone else reserved it since) changes nothing.
const QByteArray SoldScript = QByteArrayLiteral(R"(
local n = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[2 * i + 1] then
    redis.call('SET', key, 'sold:' .. ARGV[2 * i], 'PX', ARGV[1])
    n = n + 1
  end
end
return n
)");
constexpr qint64 SoldKeyTtlMs = 15 * 60 * 1000;

QList<QByteArray> keysFor(const QList<qint64> &ids)
{
    QList<QByteArray> keys;
    keys.reserve(ids.size());
    for (qint64 id : ids)
        keys.append(TicketLedger::seatKey(id));
    return keys;
}
} // namespace

TicketLedger::TicketLedger(ChangePublisher &publisher, Redis &redis, Metrics &metrics)
    : m_publisher(publisher)
    , m_redis(redis)
    , m_metrics(metrics)
{
}

QByteArray TicketLedger::seatKey(qint64 ticketId)
{
    return "bo:seat:" + QByteArray::number(ticketId);
}

void TicketLedger::publish(qint64 eventId)
{
    m_publisher.publishAndWait(eventId);
}

QList<qint64> TicketLedger::tryReserve(const QList<qint64> &ticketIds, const QByteArray &owner,
                                       const QByteArray &alsoOwner, qint64 ttlMs, bool *replayed)
{
    const auto reply = m_redis.eval(
        ReserveScript, keysFor(ticketIds),
        {owner, alsoOwner.isEmpty() ? QByteArray("-") : alsoOwner, QByteArray::number(ttlMs)});
    if (!reply) {
        ++m_metrics.redisUnavailable;
        return {};
    }
    QList<qint64> taken;
    for (const Redis::Reply &index : reply->elements) {
        const qsizetype i = static_cast<qsizetype>(index.integer) - 1;
        if (i == -1 && replayed)
            *replayed = true;
        if (i >= 0 && i < ticketIds.size())
            taken.append(ticketIds.at(i));
    }
    if (!taken.isEmpty())
        ++m_metrics.redisFastRejects;
    return taken;
}

void TicketLedger::release(const QList<qint64> &ticketIds, const QByteArray &owner)
{
    if (!m_redis.eval(ReleaseScript, keysFor(ticketIds), {owner}))
        ++m_metrics.redisUnavailable;
}

bool TicketLedger::markSold(Redis &redis, const QList<qint64> &ticketIds,
                            const QList<QByteArray> &owners, const QList<QByteArray> &reservations)
{
    Q_ASSERT(ticketIds.size() == owners.size() && ticketIds.size() == reservations.size());
    if (ticketIds.isEmpty())
        return true;
    QList<QByteArray> arguments{QByteArray::number(SoldKeyTtlMs)};
    for (qsizetype i = 0; i < ticketIds.size(); ++i)
        arguments << owners.at(i) << reservations.at(i);
    return redis.eval(SoldScript, keysFor(ticketIds), arguments).has_value();
}

void TicketLedger::forget(const QList<qint64> &ticketIds)
{
    QList<QByteArray> argv{QByteArrayLiteral("DEL")};
    argv += keysFor(ticketIds);
    if (!m_redis.command(argv))
        ++m_metrics.redisUnavailable;
}
