#include "WaitingRooms.h"

#include "Database.h"
#include "Log.h"
#include "Metrics.h"
#include "ServerConfig.h"

WaitingRooms::WaitingRooms(std::string conninfo, const ServerConfig &config, Metrics &metrics,
                           QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
    , m_config(config)
    , m_metrics(metrics)
{
}

void WaitingRooms::stop()
{
    m_stop = true;
}

std::optional<RoomState> WaitingRooms::enabledRoom(qint64 eventId) const
{
    std::shared_lock lock(m_mutex);
    const auto it = m_rooms.constFind(eventId);
    if (it == m_rooms.cend())
        return std::nullopt;
    return *it;
}

void WaitingRooms::changed(const RoomState &room)
{
    std::unique_lock lock(m_mutex);
    ++m_localChanges;
    if (room.enabled)
        m_rooms.insert(room.eventId, room);
    else
        m_rooms.remove(room.eventId);
}

void WaitingRooms::countSaleRequest(qint64 eventId)
{
    if (m_config.queueAutoAbove <= 0)
        return;
    std::lock_guard lock(m_countMutex);
    ++m_saleRequests[eventId];
}

RoomState WaitingRooms::fromRow(const pqxx::row &row)
{
    return RoomState{row["event_id"].as<qint64>(),         row["enabled"].as<bool>(),
                     row["admit_per_second"].as<double>(), row["automatic"].as<bool>(),
                     row["joined"].as<qint64>(),           row["admitted"].as<double>()};
}

QList<RoomState> WaitingRooms::advance(Database &db, std::chrono::seconds passLifetime)
{
    return db.transact([&](pqxx::work &tx) {
        const pqxx::result rows = tx.exec_prepared(
            db.prepared("advance_waiting_rooms",
                        "SELECT * FROM advance_waiting_rooms(make_interval(secs => $1))"),
            static_cast<double>(passLifetime.count()));
        QList<RoomState> rooms;
        rooms.reserve(static_cast<qsizetype>(rows.size()));
        for (const pqxx::row &row : rows)
            rooms.append(fromRow(row));
        return rooms;
    });
}

void WaitingRooms::apply(const QList<RoomState> &rooms, quint64 localChangesBefore)
{
    std::unique_lock lock(m_mutex);
    // A room switched on or off here while the tick ran stays as it was
    // set; the next tick brings it in line.
    if (m_localChanges != localChangesBefore)
        return;
    m_rooms.clear();
    for (const RoomState &room : rooms)
        m_rooms.insert(room.eventId, room);
}

void WaitingRooms::switchOnBusyRooms(Database &db, std::chrono::duration<double> elapsed)
{
    QHash<qint64, int> counts;
    {
        std::lock_guard lock(m_countMutex);
        counts.swap(m_saleRequests);
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const double perSecond = it.value() / std::max(elapsed.count(), 0.001);
        if (perSecond <= m_config.queueAutoAbove || enabledRoom(it.key()))
            continue;
        const pqxx::result switched = db.transact([&](pqxx::work &tx) {
            return tx.exec_params(
                "INSERT INTO waiting_rooms (event_id, enabled, admit_per_second, automatic) "
                "SELECT id, true, $2, true FROM events WHERE id = $1 "
                "ON CONFLICT (event_id) DO UPDATE SET enabled = true, automatic = true, "
                "admit_per_second = EXCLUDED.admit_per_second, advanced_at = clock_timestamp() "
                "WHERE NOT waiting_rooms.enabled RETURNING *",
                it.key(), m_config.queueAutoAdmit);
        });
        if (switched.empty())
            continue;
        ++m_metrics.waitingRoomsSwitchedOn;
        qCWarning(lcBooking).nospace()
            << "waiting room of event " << it.key() << " switched on: " << qRound(perSecond)
            << " sale requests/s on this instance (--queue-auto-above " << m_config.queueAutoAbove
            << "), admitting " << m_config.queueAutoAdmit << "/s";
        changed(fromRow(switched[0]));
    }
}

namespace {

// Sets a flag when a room was switched anywhere (trigger on waiting_rooms).
class RoomSwitches final : public pqxx::notification_receiver
{
public:
    RoomSwitches(pqxx::connection &connection, std::atomic<bool> &heard)
        : pqxx::notification_receiver(connection, "boxoffice_rooms")
        , m_heard(heard)
    {
    }
    void operator()(const std::string &, int) override { m_heard = true; }

private:
    std::atomic<bool> &m_heard;
};

} // namespace

void WaitingRooms::run()
{
    std::unique_ptr<Database> db;
    std::unique_ptr<RoomSwitches> switches;
    // Nothing to do while no room is on anywhere: the rooms are read once
    // at start and whenever one is switched (NOTIFY), and moved on every
    // tick only while one is on.
    std::atomic<bool> switched{true};
    bool wasOn = false;
    auto lastCount = std::chrono::steady_clock::now();
    while (!m_stop) {
        const auto tick = std::chrono::steady_clock::now();
        try {
            if (!db) {
                db = std::make_unique<Database>(m_conninfo);
                switches = std::make_unique<RoomSwitches>(db->connection(), switched);
                switched = true;
            }
            quint64 before = 0;
            bool anyOn = false;
            {
                std::shared_lock lock(m_mutex);
                before = m_localChanges;
                anyOn = !m_rooms.isEmpty();
            }
            if (switched.exchange(false) || anyOn) {
                const QList<RoomState> rooms = advance(*db, m_config.queuePassLifetime);
                apply(rooms, before);
                if (!rooms.isEmpty() || wasOn)
                    Q_EMIT advanced(rooms);
                wasOn = !rooms.isEmpty();
            } else if (wasOn) {
                // Switched off here: the streams' followers hear so.
                Q_EMIT advanced({});
                wasOn = false;
            }
            if (m_config.queueAutoAbove > 0 && tick - lastCount >= std::chrono::seconds(1)) {
                switchOnBusyRooms(*db, tick - lastCount);
                lastCount = tick;
            }
            // Until the next tick, or a room switched anywhere.
            const auto left = std::chrono::duration_cast<std::chrono::microseconds>(
                tick + TickInterval - std::chrono::steady_clock::now());
            if (left.count() > 0)
                db->connection().await_notification(0, static_cast<long>(left.count()));
            else
                db->connection().get_notifs();
        } catch (const std::exception &error) {
            // The rooms stay as last known: passes already given keep
            // working, nobody new is admitted until Postgres is back.
            qCWarning(lcBooking) << "waiting rooms:" << error.what();
            switches.reset();
            db.reset();
            while (!m_stop && std::chrono::steady_clock::now() < tick + TickInterval)
                msleep(10);
        }
    }
    switches.reset();
}
