#pragma once

#include <QHash>
#include <array>
#include <atomic>
#include <shared_mutex>

class Database;

// What this process knows of each event's current state: its ticket version
// and its catalog revision. The change listener hears every instance's
// changes and the publisher this instance's own, so a cached answer keyed by
// both needs no database round trip. The workers read it concurrently; the
// listener and the publisher write.
//
// Values only move forward. What is not known (never heard of, or forgotten
// because the listener lost Postgres and may have missed NOTIFYs) is read
// from Postgres and recorded, but only if no reset happened since before the
// read began: a read from before a reconnect may predate a change nobody
// heard, and recording it would keep that stale answer until the next change.
class EventVersions
{
public:
    // -1: not known.
    struct Known
    {
        qint64 version = -1;
        qint64 revision = -1;
    };
    // Taken before a value is read from Postgres, handed back with it.
    using Epoch = quint64;

    // What is known of the event; nothing while the listener is not listening.
    Known find(qint64 eventId) const;
    Epoch epoch() const { return m_epoch.load(std::memory_order_acquire); }
    // Records values current at some moment after `since` was taken; each
    // value moves only forward. Ignored if a reset came in between or the
    // listener is not listening.
    void record(qint64 eventId, Known seen, Epoch since);
    // Forgets everything; from now on changes are heard (listening) or not.
    void reset(bool listening);

    // The event's version and revision in Postgres, or -1s if there is no
    // such event (one primary-key read).
    static Known load(Database &db, qint64 eventId);

private:
    static constexpr size_t ShardCount = 64;
    struct alignas(64) Shard
    {
        mutable std::shared_mutex mutex;
        QHash<qint64, Known> known;
    };
    Shard &shardOf(qint64 eventId) const
    {
        return m_shards[static_cast<quint64>(eventId) % ShardCount];
    }
    static bool isListening(Epoch epoch) { return epoch % 2 == 1; }

    // Odd while the listener listens; every reset moves it on.
    std::atomic<Epoch> m_epoch{0};
    mutable std::array<Shard, ShardCount> m_shards;
};
