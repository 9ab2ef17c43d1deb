#pragma once

#include <QByteArray>
#include <QList>
#include <pqxx/pqxx>

class Database;
class Redis;
class Metrics;

// What every change of ticket state shares, inside the changing transaction:
// the event's next version stamped on the changed tickets, the available
// count kept in step, and a NOTIFY that every server instance relays to its
// stream subscribers (invariant 6). Plus the Redis seat keys that keep losers
// off Postgres during a rush (invariant 2: a filter, never the guard).
class TicketLedger
{
public:
    TicketLedger(Database &db, Redis &redis, Metrics &metrics);

    // Returns the new version. Call after the tickets' rows are updated.
    qint64 recordChange(pqxx::work &tx, qint64 eventId, const QList<qint64> &ticketIds,
                        int availableDelta);
    // Returns expired holds among ticketIds to sale; returns how many.
    int releaseExpired(pqxx::work &tx, qint64 eventId, const QList<qint64> &ticketIds);

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
