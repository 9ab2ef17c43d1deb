#pragma once

#include <QHash>
#include <QList>
#include <QThread>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <pqxx/pqxx>
#include <shared_mutex>
#include <string>

class Database;
class Metrics;
struct ServerConfig;

// A waiting room as the server keeps it (table waiting_rooms).
struct RoomState
{
    qint64 eventId = 0;
    bool enabled = false;
    double admitPerSecond = 0;
    bool automatic = false;
    qint64 joined = 0;   // places handed out
    double admitted = 0; // places admitted, growing at admitPerSecond
};

// The waiting rooms of all events, for every worker of this instance, and
// the thread that moves them on. Postgres holds the queues (any instance,
// and a restart, sees the same order); this thread lets each switched-on
// room admit what its rate allows several times a second, gives the newly
// admitted their passes, and tells the workers so their stream subscribers
// learn their new positions. It also switches a room on by itself when an
// event gets more sale requests per second than --queue-auto-above.
class WaitingRooms : public QThread
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds TickInterval{200};

    WaitingRooms(std::string conninfo, const ServerConfig &config, Metrics &metrics,
                 QObject *parent = nullptr);
    void stop();

    // Any thread, no database: whether holds and bookings on the event need
    // a pass. A room switched on or off through another instance shows
    // here within TickInterval; through this one, at once (changed()).
    std::optional<RoomState> enabledRoom(qint64 eventId) const;
    void changed(const RoomState &room);
    // A hold or booking asked for on the event (for --queue-auto-above).
    void countSaleRequest(qint64 eventId);

    // One tick: advances every room that is on and gives passes to the
    // newly admitted; returns the rooms that are on.
    static QList<RoomState> advance(Database &db, std::chrono::seconds passLifetime);
    static RoomState fromRow(const pqxx::row &row);

Q_SIGNALS:
    // After each tick that found rooms on (and once more when the last one
    // went off): every room that is on now.
    void advanced(const QList<RoomState> &rooms);

protected:
    void run() override;

private:
    void apply(const QList<RoomState> &rooms, quint64 localChangesBefore);
    // Switches on the rooms of events asked for too often since the last call.
    void switchOnBusyRooms(Database &db, std::chrono::duration<double> elapsed);

    std::string m_conninfo;
    const ServerConfig &m_config;
    Metrics &m_metrics;
    std::atomic<bool> m_stop{false};
    mutable std::shared_mutex m_mutex;
    QHash<qint64, RoomState> m_rooms; // the ones that are on
    quint64 m_localChanges = 0;
    std::mutex m_countMutex;
    QHash<qint64, int> m_saleRequests;
};
