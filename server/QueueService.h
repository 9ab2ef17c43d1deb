#pragma once

#include "Caller.h"
#include "WaitingRoom.h"

#include <QByteArray>
#include <optional>

class Database;
class Metrics;
class WaitingRooms;
struct ServerConfig;

// Waiting rooms for on-sales (docs/API.md, "Waiting room"): an admin
// switches an event's room on; buyers join its queue and are admitted in
// order at the room's rate (WaitingRooms moves it on); while it is on, a
// customer's holds and bookings on the event need the pass their
// admission gave them, which is good for their account only, until it
// expires unused, and is spent by their booking.
class QueueService
{
public:
    QueueService(Database &db, WaitingRooms &rooms, Metrics &metrics, const ServerConfig &config);

    WaitingRoom configure(qint64 eventId, const WaitingRoomSettings &settings,
                          const Caller &caller);
    WaitingRoom room(qint64 eventId);
    // A place at the back, or the one the account has and may still use;
    // 409 queue_not_open when the room is off.
    struct Joined
    {
        QueuePlace place;
        bool joined = false; // false: the place it had
    };
    Joined join(qint64 eventId, const Caller &caller);
    // The caller's own place only; anyone else's answers like an unknown id.
    QueuePlace place(const QString &queueId, const Caller &caller);

    // Throws 403 queue_required unless the event's room is off, the caller
    // is staff, or pass is the caller's good pass for this event.
    void admit(qint64 eventId, const QByteArray &pass, const Caller &caller);
    // A hold or booking asked for (a room may switch on by itself).
    void countSaleRequest(qint64 eventId);
    // The caller booked on the event: their pass has done its job.
    void spend(qint64 eventId, const Caller &caller);

    // Where a place stands, for the stream (whose clients name a place by
    // its id, which only its owner was given).
    struct Located
    {
        qint64 eventId = 0;
        qint64 position = 0;
    };
    std::optional<Located> locate(const QString &queueId);

private:
    Database &m_db;
    WaitingRooms &m_rooms;
    Metrics &m_metrics;
    const ServerConfig &m_config;
};
