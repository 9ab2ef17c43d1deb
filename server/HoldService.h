#pragma once

#include "Booking.h"
#include "Caller.h"
#include "DomainError.h"

#include <pqxx/pqxx>

class Database;
class Metrics;
class TicketLedger;
struct ServerConfig;

// Seat holds: all-or-nothing, capped per hold and per user, expiring on their
// own (the sweeper returns them to sale; until then an expired hold counts
// as free for everyone, so nothing depends on the sweeper for correctness).
class HoldService
{
public:
    HoldService(Database &db, TicketLedger &ledger, Metrics &metrics, const ServerConfig &config);

    // Holds all of these seats of the event, or none (409 names the taken).
    Hold create(qint64 eventId, const QList<qint64> &ticketIds, const Caller &caller);
    // Only the caller's own hold; anyone else's answers like an unknown id.
    void release(const QString &holdId, const Caller &caller);

private:
    Database &m_db;
    TicketLedger &m_ledger;
    Metrics &m_metrics;
    const ServerConfig &m_config;
};

// Thrown inside a transaction when a conditional update took fewer tickets
// than asked for; the transaction rolls back as it unwinds.
struct SeatsTaken
{
    QList<qint64> ticketIds;
};
QList<qint64> missingFrom(const QList<qint64> &requested, const pqxx::result &claimed);

// 409 seats_unavailable naming the tickets that cannot be had.
DomainError seatsUnavailable(const QList<qint64> &taken);
// 409 event_cancelled.
DomainError eventCancelled(qint64 eventId);
// That, or 422 for ids that are not tickets of this event, or 409
// event_cancelled when the event is. Shared by holds and bookings.
[[noreturn]] void throwUnavailable(Database &db, qint64 eventId, const QList<qint64> &requested,
                                   const QList<qint64> &taken);
