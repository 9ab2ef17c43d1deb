#pragma once

#include <QByteArray>
#include <QList>
#include <pqxx/pqxx>

class Database;
class Redis;
class Metrics;

// What every change of ticket state shares. A changing transaction sets the
// tickets' version to NULL ("changed, not yet published") and commits in
// parallel with others; publish() then stamps every committed change of the
// event with the event's next version, keeps the available count in step and
// NOTIFYs every server instance (invariant 6). Publishing is serialized per
// event and batches whatever has committed, so the event's hot row is never
// locked across a sale's own commit. Plus the Redis seat keys that keep
// losers off Postgres during a rush (invariant 2: a filter, never the guard).
class TicketLedger
{
public:
    TicketLedger(Database &db, Redis &redis, Metrics &metrics);

    // Publishes the event's committed, unpublished changes under the next
    // version. Call after the changing transaction committed, outside any
    // transaction. Returns the new version, or 0 if there was nothing to do.
    qint64 publish(qint64 eventId);
    // Publishes every event with unpublished changes (after a crash, or
    // when a publisher skipped rows locked by a transaction that rolled back).
    int publishAllPending();

    // The Redis filter. tryReserve returns the ids that Redis says are taken by
    // someone other than owner or alsoOwner (empty when free, or when Redis is
    // down: then Postgres alone decides).
    QList<qint64> tryReserve(const QList<qint64> &ticketIds, const QByteArray &owner,
                             const QByteArray &alsoOwner, qint64 ttlMs);
    void release(const QList<qint64> &ticketIds, const QByteArray &owner);
    void markSold(const QList<qint64> &ticketIds);
    void forget(const QList<qint64> &ticketIds);

    static QByteArray seatKey(qint64 ticketId);

private:
    Database &m_db;
    Redis &m_redis;
    Metrics &m_metrics;
};
