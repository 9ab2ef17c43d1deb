#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <optional>

#include "ErrorCode.h"
#include "WaitingRooms.h"

class QTcpSocket;
class Metrics;
class StreamClient;

// The /v1/stream WebSocket clients of one worker and the events they
// subscribed to. Every ticket change reaches it in version order (from the
// NOTIFY relay) and goes to each subscriber of that event.
class StreamHub : public QObject
{
    Q_OBJECT
public:
    // The current version of each of these events that exists.
    using VersionLookup = std::function<QHash<qint64, qint64>(const QList<qint64> &eventIds)>;

    // A client that answers no ping (and sends nothing) for idleTimeout is
    // closed: a half-open or frozen client must not hold its resources.
    StreamHub(Metrics &metrics, VersionLookup versionsOf, std::chrono::milliseconds idleTimeout,
              QObject *parent);
    ~StreamHub() override;

    // Where a waiting room's place is (its event and position), by its id.
    using PlaceLookup = std::function<std::optional<std::pair<qint64, qint64>>(const QString &)>;
    // The event's room if it is on.
    using RoomLookup = std::function<std::optional<RoomState>(qint64 eventId)>;
    void setWaitingRooms(PlaceLookup locate, RoomLookup roomOf);
    // Free seats now, for {"watch_availability": true}: at most once per
    // interval, the events whose seats changed go to every client that
    // asked, in one message (an event list's counts, without a seat map).
    using AvailabilityLookup = std::function<QHash<qint64, qint64>(const QList<qint64> &)>;
    void setAvailability(AvailabilityLookup lookup, std::chrono::milliseconds interval);

    // Takes the upgraded connection over (the socket goes); returns the
    // client that now owns it, or null if it could not be taken.
    StreamClient *accept(QTcpSocket *socket);
    void publish(qint64 eventId, const QByteArray &message);
    // The rooms that are on moved on: each followed place whose standing
    // changed hears of it (its admission at once, its position at most
    // once a second).
    void roomsAdvanced(const QList<RoomState> &rooms);
    void closeAll();

private:
    void onOpened(StreamClient *client);
    void onMessage(StreamClient *client, const QString &text);
    void onDisconnected(StreamClient *client);
    void pingOrDrop();
    // Takes one message from the client's budget; false when it is spent.
    bool spendMessage(StreamClient *client);
    // {"type": "error", "error": {...}}: the connection stays open.
    static void sendError(StreamClient *client, ErrorCode code, const QString &message);
    void watchQueue(StreamClient *client, const QString &queueId, bool watch);
    struct QueueWatch;
    // Sends the place's standing in this room (none: the room is off) if
    // it changed; `due` lets a new position through.
    void tell(QueueWatch &watch, const std::optional<RoomState> &room, bool due);
    void sendAvailability();

    Metrics &m_metrics;
    VersionLookup m_versionsOf;
    QHash<StreamClient *, QSet<qint64>> m_subscriptions;
    QHash<qint64, QSet<StreamClient *>> m_subscribers;
    std::chrono::milliseconds m_idleTimeout;
    QHash<StreamClient *, std::chrono::steady_clock::time_point> m_lastHeard;
    // Each message costs a parse and a query: a token bucket per client.
    struct MessageBudget
    {
        double tokens;
        std::chrono::steady_clock::time_point refilled;
    };
    QHash<StreamClient *, MessageBudget> m_budgets;
    QTimer m_pingTimer;
    // Places in waiting rooms followed, by event.
    struct QueueWatch
    {
        StreamClient *client = nullptr;
        QString queueId;
        qint64 eventId = 0;
        qint64 position = 0; // in the queue, from 1
        QString shownStatus;
        qint64 shownPosition = -1;
        std::chrono::steady_clock::time_point toldAt;
    };
    QHash<qint64, QList<QueueWatch>> m_queueWatches;
    PlaceLookup m_locatePlace;
    RoomLookup m_roomOf;
    AvailabilityLookup m_availableOf;
    QSet<StreamClient *> m_availabilityWatchers;
    QSet<qint64> m_availabilityChanged; // since the last message
    QTimer m_availabilityTimer;
};
