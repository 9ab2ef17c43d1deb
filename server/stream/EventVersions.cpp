#include "EventVersions.h"

#include "Database.h"

#include <mutex>

EventVersions::Known EventVersions::find(qint64 eventId) const
{
    if (!isListening(epoch()))
        return {};
    const Shard &shard = shardOf(eventId);
    std::shared_lock lock(shard.mutex);
    return shard.known.value(eventId);
}

void EventVersions::record(qint64 eventId, Known seen, Epoch since)
{
    if (seen.version < 0 && seen.revision < 0)
        return;
    Shard &shard = shardOf(eventId);
    std::unique_lock lock(shard.mutex);
    // Checked under the shard's lock: a reset moves the epoch before it
    // clears the shard, so a value from before it is either refused here or
    // cleared by it.
    if (!isListening(since) || epoch() != since)
        return;
    Known &known = shard.known[eventId];
    known.version = std::max(known.version, seen.version);
    known.revision = std::max(known.revision, seen.revision);
}

void EventVersions::reset(bool listening)
{
    // Only the listener resets. Not trusted while the shards are cleared.
    const Epoch current = epoch();
    m_epoch.store(current + (isListening(current) ? 1 : 2), std::memory_order_release);
    for (Shard &shard : m_shards) {
        std::unique_lock lock(shard.mutex);
        shard.known.clear();
    }
    if (listening)
        m_epoch.fetch_add(1, std::memory_order_acq_rel);
}

EventVersions::Known EventVersions::load(Database &db, qint64 eventId)
{
    pqxx::nontransaction tx(db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        db.prepared("event_versions_load", "SELECT version, revision FROM events WHERE id = $1"),
        eventId);
    if (rows.empty())
        return {};
    return {rows[0][0].as<qint64>(), rows[0][1].as<qint64>()};
}
