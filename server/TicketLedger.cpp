#include "TicketLedger.h"

#include "Database.h"
#include "Metrics.h"
#include "Redis.h"

namespace {
// Sets every key to owner if none is taken by anyone else; otherwise sets
// nothing and returns the indexes (1-based) of the taken ones.
const QByteArray ReserveScript = QByteArrayLiteral(R"(
local taken = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('GET', key)
  if v and v ~= ARGV[1] and v ~= ARGV[2] then taken[#taken + 1] = i end
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
const QByteArray SoldScript = QByteArrayLiteral(R"(
for _, key in ipairs(KEYS) do redis.call('SET', key, 'sold', 'PX', ARGV[1]) end
return #KEYS
)");
constexpr qint64 SoldKeyTtlMs = 15 * 60 * 1000;
// Above this many tickets the NOTIFY carries only the version; listeners
// read the tickets back (NOTIFY payloads are limited to 8000 bytes).
constexpr int MaxTicketsInNotify = 200;

QList<QByteArray> keysFor(const QList<qint64> &ids)
{
    QList<QByteArray> keys;
    keys.reserve(ids.size());
    for (qint64 id : ids)
        keys.append(TicketLedger::seatKey(id));
    return keys;
}
} // namespace

TicketLedger::TicketLedger(Database &db, Redis &redis, Metrics &metrics)
    : m_db(db)
    , m_redis(redis)
    , m_metrics(metrics)
{
}

QByteArray TicketLedger::seatKey(qint64 ticketId)
{
    return "bo:seat:" + QByteArray::number(ticketId);
}

qint64 TicketLedger::publish(qint64 eventId)
{
    // One publisher per event at a time (an advisory lock writes no WAL, so
    // a publisher that finds nothing to do commits for free). The lock is
    // held until this commit is durable and visible, so versions follow
    // commit order and a reader of ?since=N never misses one. Rows still
    // locked by a transaction in flight are skipped: that transaction
    // publishes them itself once it commits.
    return m_db.transact([&](pqxx::work &tx) -> qint64 {
        tx.exec_prepared(m_db.prepared("ledger_lock", "SELECT pg_advisory_xact_lock($1)"), eventId);
        const pqxx::result rows = tx.exec_prepared(
            m_db.prepared(
                "ledger_publish",
                "WITH pending AS (SELECT id, status, counted FROM tickets "
                "  WHERE event_id = $1 AND version IS NULL ORDER BY id FOR UPDATE SKIP LOCKED), "
                "e AS (UPDATE events SET version = version + 1, available = available + "
                "  (SELECT coalesce(sum((status = 'available')::int - counted::int), 0) FROM pending) "
                "  WHERE id = $1 AND EXISTS (SELECT 1 FROM pending) RETURNING version), "
                "t AS (UPDATE tickets t SET version = (SELECT version FROM e), "
                "  counted = (t.status = 'available') FROM pending p "
                "  WHERE t.id = p.id AND EXISTS (SELECT 1 FROM e) RETURNING t.id, t.status) "
                "SELECT e.version, pg_notify('boxoffice_tickets', json_build_object("
                "  'event_id', $1::bigint, 'version', e.version, "
                "  'tickets', CASE WHEN (SELECT count(*) FROM t) <= $2 THEN (SELECT json_agg("
                "    json_build_object('id', id, 'status', status) ORDER BY id) FROM t) END)::text) "
                "FROM e"),
            eventId, MaxTicketsInNotify);
        return rows.empty() ? 0 : rows[0][0].as<qint64>();
    });
}

int TicketLedger::publishAllPending()
{
    pqxx::result events;
    {
        pqxx::nontransaction tx(m_db.connection());
        events = tx.exec("SELECT DISTINCT event_id FROM tickets WHERE version IS NULL");
    }
    int published = 0;
    for (const pqxx::row &row : events) {
        if (publish(row[0].as<qint64>()) > 0)
            ++published;
    }
    return published;
}

QList<qint64> TicketLedger::tryReserve(const QList<qint64> &ticketIds, const QByteArray &owner,
                                       const QByteArray &alsoOwner, qint64 ttlMs)
{
    const auto reply = m_redis.eval(ReserveScript, keysFor(ticketIds),
                                    {owner, alsoOwner.isEmpty() ? QByteArray("-") : alsoOwner,
                                     QByteArray::number(ttlMs)});
    if (!reply) {
        ++m_metrics.redisUnavailable;
        return {};
    }
    QList<qint64> taken;
    for (const Redis::Reply &index : reply->elements) {
        const qsizetype i = static_cast<qsizetype>(index.integer) - 1;
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

void TicketLedger::markSold(const QList<qint64> &ticketIds)
{
    if (!m_redis.eval(SoldScript, keysFor(ticketIds), {QByteArray::number(SoldKeyTtlMs)}))
        ++m_metrics.redisUnavailable;
}

void TicketLedger::forget(const QList<qint64> &ticketIds)
{
    QList<QByteArray> argv{QByteArrayLiteral("DEL")};
    argv += keysFor(ticketIds);
    if (!m_redis.command(argv))
        ++m_metrics.redisUnavailable;
}
