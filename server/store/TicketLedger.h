#pragma once

#include <QByteArray>
#include <QList>
#include <pqxx/pqxx>

class ChangePublisher;
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
    TicketLedger(ChangePublisher &publisher, Redis &redis, Metrics &metrics);

    // Publishes the event's committed, unpublished changes under the next
    // version (batched with other workers' changes; see ChangePublisher).
    // Call after the changing transaction committed.
    void publish(qint64 eventId);

    // The Redis filter. tryReserve returns the ids that Redis says are taken by
    // someone other than owner or alsoOwner (empty when free, or when Redis is
    // down: then Postgres alone decides); *replayed is set when a seat was
    // sold to owner itself, i.e. this is a replay of a completed request.
    QList<qint64> tryReserve(const QList<qint64> &ticketIds, const QByteArray &owner,
                             const QByteArray &alsoOwner, qint64 ttlMs, bool *replayed = nullptr);
    void release(const QList<qint64> &ticketIds, const QByteArray &owner);
    void forget(const QList<qint64> &ticketIds);
    // Marks sold seats, each for the owner of its sale (owners[i] for
    // ticketIds[i]), in one round trip: a batch's winners at once. A replay
    // of a completed sale is then told apart at the filter (tryReserve). A
    // seat is marked only while its key still holds the sale's own
    // reservation (reservations[i]: the sale's owner token, or the hold it
    // sells), so a mark made late never undoes what came after the sale.
    static bool markSold(Redis &redis, const QList<qint64> &ticketIds,
                         const QList<QByteArray> &owners, const QList<QByteArray> &reservations);

    static QByteArray seatKey(qint64 ticketId);

private:
    ChangePublisher &m_publisher;
    Redis &m_redis;
    Metrics &m_metrics;
};
