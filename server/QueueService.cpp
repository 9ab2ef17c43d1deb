#include "QueueService.h"

#include "Database.h"
#include "DomainError.h"
#include "Metrics.h"
#include "ServerConfig.h"
#include "WaitingRooms.h"

#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

// Passes are 64 hex digits; anything much longer is not one.
constexpr qsizetype MaxPassLength = 128;

WaitingRoom roomFrom(const RoomState &state)
{
    const qint64 through = static_cast<qint64>(state.admitted);
    return WaitingRoom{state.eventId,
                       state.enabled,
                       state.admitPerSecond,
                       state.automatic,
                       state.joined - through,
                       QueueStanding::of(state.joined + 1, state.admitted, state.admitPerSecond)
                           .estimatedWaitSeconds};
}

// A row of queue_entries with its room's enabled, admitted,
// admit_per_second and the time it was read (now).
QueuePlace placeFrom(const pqxx::row &row)
{
    QueuePlace place;
    place.id = toQString(row["id"]);
    place.eventId = row["event_id"].as<qint64>();
    const bool enabled = row["enabled"].as<bool>();
    if (!enabled) {
        place.status = QueuePlace::Status::NotRequired;
    } else if (!row["spent_at"].is_null()) {
        place.status = QueuePlace::Status::Used;
    } else if (!row["admitted_at"].is_null()) {
        if (row["pass_good"].as<bool>()) {
            place.status = QueuePlace::Status::Admitted;
            place.pass = toQString(row["pass"]);
            place.passExpiresAt =
                QDateTime::fromMSecsSinceEpoch(row["pass_expires_ms"].as<qint64>(), Qt::UTC);
        } else {
            place.status = QueuePlace::Status::Expired;
        }
    } else {
        place.status = QueuePlace::Status::Waiting;
        place.standing =
            QueueStanding::of(row["position"].as<qint64>(), row["admitted"].as<double>(),
                              row["admit_per_second"].as<double>());
        // Its turn has come and its pass is on the way (next tick).
        if (place.standing.position == 0)
            place.standing.position = 1;
    }
    return place;
}

// What a place's answer reads: the entry, its room, and the pass's state now.
constexpr char PlaceColumns[] =
    "q.id, q.event_id, q.position, q.admitted_at, q.pass, q.spent_at, "
    "q.pass_expires_at > clock_timestamp() AS pass_good, "
    "(extract(epoch FROM q.pass_expires_at) * 1000)::bigint AS pass_expires_ms, "
    "r.enabled, r.admitted, r.admit_per_second";

DomainError queueRequired(qint64 eventId, const QString &message)
{
    return DomainError(
        ErrorCode::QueueRequired, message,
        QJsonObject{{u"event_id"_s, eventId}, {u"queue"_s, u"/v1/event/%1/queue"_s.arg(eventId)}});
}

} // namespace

QueueService::QueueService(Database &db, WaitingRooms &rooms, Metrics &metrics,
                           const ServerConfig &config)
    : m_db(db)
    , m_rooms(rooms)
    , m_metrics(metrics)
    , m_config(config)
{
}

WaitingRoom QueueService::configure(qint64 eventId, const WaitingRoomSettings &settings,
                                    const Caller &caller)
{
    if (!Protocol::mayRunWaitingRooms(caller.role))
        throw DomainError::forbidden(u"Only an operator (admin) may switch waiting rooms."_s);
    const std::optional<RoomState> state = m_db.transact([&](pqxx::work &tx)
                                                             -> std::optional<RoomState> {
        // Switched off, a room keeps its queue and rate; switched on
        // again, it admits from then on, owing nothing for the time off.
        const pqxx::result rows = tx.exec_params(
            "INSERT INTO waiting_rooms (event_id, enabled, admit_per_second) "
            "SELECT id, $2::boolean, CASE WHEN $3::float8 > 0 THEN $3::float8 ELSE $4::float8 END "
            "FROM events WHERE id = $1 "
            "ON CONFLICT (event_id) DO UPDATE SET enabled = EXCLUDED.enabled, "
            "automatic = false, admit_per_second = CASE WHEN $3::float8 > 0 THEN $3::float8 "
            "ELSE waiting_rooms.admit_per_second END, advanced_at = CASE WHEN "
            "waiting_rooms.enabled THEN waiting_rooms.advanced_at ELSE clock_timestamp() END "
            "RETURNING *",
            eventId, settings.enabled, settings.admitPerSecond,
            static_cast<double>(m_config.queueAutoAdmit));
        if (rows.empty())
            return std::nullopt;
        return WaitingRooms::fromRow(rows[0]);
    });
    if (!state)
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    m_rooms.changed(*state);
    return roomFrom(*state);
}

WaitingRoom QueueService::room(qint64 eventId)
{
    const pqxx::result rows = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_prepared(
            m_db.prepared("waiting_room_read",
                          "SELECT e.id AS event_id, coalesce(r.enabled, false) AS enabled, "
                          "coalesce(r.admit_per_second, 0) AS admit_per_second, "
                          "coalesce(r.automatic, false) AS automatic, "
                          "coalesce(r.joined, 0) AS joined, coalesce(r.admitted, 0) AS admitted "
                          "FROM events e LEFT JOIN waiting_rooms r ON r.event_id = e.id "
                          "WHERE e.id = $1"),
            eventId);
    });
    if (rows.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    return roomFrom(WaitingRooms::fromRow(rows[0]));
}

QueueService::Joined QueueService::join(qint64 eventId, const Caller &caller)
{
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const pqxx::result rows = m_db.transact([&](pqxx::work &tx) {
        // Joins take turns on the room's row: committed without waiting
        // for the disk, they keep the turn short. A Postgres crash may
        // forget the latest places; their buyers find out (404) and join
        // again.
        return tx.exec_prepared(
            m_db.prepared(
                "queue_join",
                (u"SELECT %1, set_config('synchronous_commit', 'off', true) "
                 "FROM join_waiting_room($1, $2, $3::uuid) q "
                 "JOIN waiting_rooms r USING (event_id)"_s.arg(QLatin1StringView(PlaceColumns)))
                    .toStdString()
                    .c_str()),
            eventId, caller.id, toStd(id));
    });
    if (rows.empty()) {
        room(eventId); // 404 for an unknown event
        throw DomainError(ErrorCode::QueueNotOpen,
                          u"This event has no waiting room open now: hold seats and book "
                          "directly."_s);
    }
    const QueuePlace place = placeFrom(rows[0]);
    const bool joined = place.id == id;
    if (joined)
        ++m_metrics.queueJoins;
    return {place, joined};
}

QueuePlace QueueService::place(const QString &queueId, const Caller &caller)
{
    const auto unknown = [&] {
        return DomainError::notFound(u"No place %1 in a waiting room of yours; join the queue "
                                     "again."_s.arg(queueId.left(64)));
    };
    if (QUuid::fromString(queueId).isNull())
        throw unknown();
    const pqxx::result rows = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_prepared(
            m_db.prepared("queue_place",
                          (u"SELECT %1, q.user_id FROM queue_entries q "
                           "JOIN waiting_rooms r USING (event_id) WHERE q.id = $1::uuid"_s.arg(
                               QLatin1StringView(PlaceColumns)))
                              .toStdString()
                              .c_str()),
            toStd(queueId));
    });
    if (rows.empty() || rows[0]["user_id"].as<qint64>() != caller.id)
        throw unknown();
    return placeFrom(rows[0]);
}

void QueueService::admit(qint64 eventId, const QByteArray &pass, const Caller &caller)
{
    if (Protocol::bypassesWaitingRooms(caller.role) || !m_rooms.enabledRoom(eventId))
        return;
    const auto refuse = [&](const QString &message) {
        ++m_metrics.queueRefusals;
        return queueRequired(eventId, message);
    };
    if (pass.isEmpty())
        throw refuse(
            u"This on-sale has a waiting room: join its queue (POST "
            "/v1/event/%1/queue) and send the pass it gives you in X-Queue-Pass."_s.arg(eventId));
    if (pass.size() > MaxPassLength)
        throw refuse(u"This is not a waiting room's pass; join the queue for one."_s);
    const pqxx::result rows = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_prepared(
            m_db.prepared("queue_pass_check",
                          "SELECT event_id, user_id, spent_at IS NOT NULL AS spent, "
                          "pass_expires_at > clock_timestamp() AS good "
                          "FROM queue_entries WHERE pass = $1"),
            pass.toStdString());
    });
    if (rows.empty())
        throw refuse(u"This pass is not known; join the queue for one."_s);
    const pqxx::row entry = rows[0];
    if (entry["event_id"].as<qint64>() != eventId)
        throw refuse(u"This pass is for another event; join this event's queue."_s);
    if (entry["user_id"].as<qint64>() != caller.id)
        throw refuse(u"This pass belongs to another account: a pass cannot be shared. Join "
                     "the queue with your own account."_s);
    if (entry["spent"].as<bool>())
        throw refuse(u"This pass has bought its booking; join the queue again to buy more."_s);
    if (!entry["good"].as<bool>())
        throw refuse(u"This pass expired unused; join the queue again."_s);
}

void QueueService::countSaleRequest(qint64 eventId)
{
    m_rooms.countSaleRequest(eventId);
}

void QueueService::spend(qint64 eventId, const Caller &caller)
{
    if (Protocol::bypassesWaitingRooms(caller.role) || !m_rooms.enabledRoom(eventId))
        return;
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_prepared(m_db.prepared("queue_pass_spend",
                                       "UPDATE queue_entries SET spent_at = clock_timestamp() "
                                       "WHERE event_id = $1 AND user_id = $2 "
                                       "AND admitted_at IS NOT NULL AND spent_at IS NULL"),
                         eventId, caller.id);
    });
}

std::optional<QueueService::Located> QueueService::locate(const QString &queueId)
{
    if (QUuid::fromString(queueId).isNull())
        return std::nullopt;
    const pqxx::result rows = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_prepared(
            m_db.prepared("queue_locate",
                          "SELECT event_id, position FROM queue_entries WHERE id = $1::uuid"),
            toStd(queueId));
    });
    if (rows.empty())
        return std::nullopt;
    return Located{rows[0][0].as<qint64>(), rows[0][1].as<qint64>()};
}
