#pragma once

#include "WaitingRoom.h"

#include <QObject>

class ApiClient;
class Clock;
class QTimer;
class SyncEngine;

// A customer's place in an event's waiting room (docs/API.md, "Waiting
// room"). Entering an event asks whether its room is on and, if so, queues;
// a hold refused with queue_required queues too. While the place waits, its
// position follows the stream's pushes, with a slow poll in case the stream
// is down; once admitted, the pass goes to the ApiClient, which sends it
// with every request about the event until it runs out. Staff never queue:
// the UI does not use this for them.
class WaitingRoomClient : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Off,      // no room (or not asked yet): pick seats directly
        Checking, // asking whether the event has a room on
        Joining,  // asking for a place in the queue
        Waiting,  // in the queue: place().standing says where
        Admitted, // the pass is ours until place().passExpiresAt
        Failed,   // the server could not be asked; problem() says why
    };
    Q_ENUM(State)

    WaitingRoomClient(ApiClient &api, SyncEngine &sync, const Clock &clock,
                      QObject *parent = nullptr);

    // Opening an event: queue if its room is on, else nothing to do.
    void enter(qint64 eventId);
    // The server asked for a pass (queue_required): queue for one.
    void join(qint64 eventId);
    // Another event, or the window closes: stop following (the place stays
    // on the server; entering again finds it).
    void leave();

    State state() const { return m_state; }
    qint64 eventId() const { return m_eventId; }
    QueuePlace place() const { return m_place; }
    // The position the place had when it was first seen, for progress.
    qint64 firstPosition() const { return m_firstPosition; }
    QString problem() const { return m_problem; }

    // While pushes flow, the place is also polled every onlineMs (in case a
    // push is lost); without the stream every offlineMs.
    void setPollIntervals(int onlineMs, int offlineMs);

Q_SIGNALS:
    void changed();
    // Seats of the event may be picked now: admitted, or the room went off
    // while we waited.
    void seatsOpen(qint64 eventId);

private:
    void setState(State state);
    void apply(const QueuePlace &place);
    void poll();
    void schedulePoll();
    void checkPassExpiry();
    void fail(const QString &message);

    ApiClient &m_api;
    SyncEngine &m_sync;
    const Clock &m_clock;
    QTimer *m_pollTimer;
    QTimer *m_expiryTimer;
    State m_state = State::Off;
    qint64 m_eventId = 0;
    QueuePlace m_place;
    qint64 m_firstPosition = 0;
    QString m_problem;
    int m_onlinePollMs = 15000;
    int m_offlinePollMs = 2000;
    quint64 m_generation = 0; // answers for an event we left are ignored
};
