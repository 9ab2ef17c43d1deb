#include "HoldService.h"

#include "Database.h"
#include "DomainError.h"
#include "Metrics.h"
#include "ServerConfig.h"
#include "TicketLedger.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;

QList<qint64> missingFrom(const QList<qint64> &requested, const pqxx::result &claimed)
{
    QSet<qint64> got;
    for (const pqxx::row &row : claimed)
        got.insert(row[0].as<qint64>());
    QList<qint64> missing;
    for (qint64 id : requested) {
        if (!got.contains(id))
            missing.append(id);
    }
    return missing;
}

DomainError seatsUnavailable(const QList<qint64> &taken)
{
    return DomainError(ErrorCode::SeatsUnavailable,
                       u"Some seats were just taken by someone else; pick other seats."_s,
                       QJsonObject{{u"unavailable"_s, WireJson::toArray(taken)}});
}

DomainError eventCancelled(qint64 eventId)
{
    return DomainError(
        ErrorCode::EventCancelled,
        u"Event %1 was cancelled: nothing of it is held or sold any more."_s.arg(eventId));
}

void throwUnavailable(Database &db, qint64 eventId, const QList<qint64> &requested,
                      const QList<qint64> &taken)
{
    pqxx::nontransaction tx(db.connection());
    const pqxx::result known =
        tx.exec_params("SELECT id FROM tickets WHERE event_id = $1 AND id = ANY($2::bigint[])",
                       eventId, toPgArray(requested));
    // A cancelled event's seats are off sale: say why, not that someone
    // else took them.
    const bool cancelled = !tx.exec_params("SELECT 1 FROM events WHERE id = $1 "
                                           "AND cancelled_at IS NOT NULL",
                                           eventId)
                                .empty();
    tx.commit();
    if (cancelled)
        throw eventCancelled(eventId);
    QSet<qint64> knownIds;
    for (const pqxx::row &row : known)
        knownIds.insert(row[0].as<qint64>());
    QList<qint64> unknown;
    for (qint64 id : requested) {
        if (!knownIds.contains(id))
            unknown.append(id);
    }
    if (!unknown.isEmpty())
        throw DomainError(
            ErrorCode::UnknownTickets,
            u"These ticket ids are not tickets of event %1: %2."_s.arg(eventId).arg(
                QString::fromUtf8(
                    QJsonDocument(WireJson::toArray(unknown)).toJson(QJsonDocument::Compact))),
            QJsonObject{{u"ticket_ids"_s, WireJson::toArray(unknown)}});
    throw seatsUnavailable(taken);
}

HoldService::HoldService(Database &db, TicketLedger &ledger, Metrics &metrics,
                         const ServerConfig &config)
    : m_db(db)
    , m_ledger(ledger)
    , m_metrics(metrics)
    , m_config(config)
{
}

Hold HoldService::create(qint64 eventId, const QList<qint64> &ticketIds, const Caller &user)
{
    const QString holdId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QByteArray owner = holdId.toLatin1();
    const qint64 holdMs = std::chrono::milliseconds(m_config.holdTime).count();

    // Fast reject in Redis: during a rush most losers never reach Postgres.
    if (const QList<qint64> taken = m_ledger.tryReserve(ticketIds, owner, {}, holdMs);
        !taken.isEmpty()) {
        ++m_metrics.holdConflicts;
        throw seatsUnavailable(taken);
    }

    QString expiresAt;
    try {
        expiresAt = m_db.transact([&](pqxx::work &tx) {
            const pqxx::result event = tx.exec_params(
                "SELECT cancelled_at IS NOT NULL FROM events WHERE id = $1", eventId);
            if (event.empty())
                throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
            if (event[0][0].as<bool>())
                throw eventCancelled(eventId);
            // Serialize this user's holds so the per-user cap cannot be raced.
            tx.exec_params("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", user.id);
            const qint64 held =
                tx.exec_params1("SELECT coalesce(sum(cardinality(ticket_ids)), 0) FROM holds "
                                "WHERE user_id = $1 AND released_at IS NULL AND expires_at > now()",
                                user.id)[0]
                    .as<qint64>();
            if (held + ticketIds.size() > m_config.maxHeldSeatsPerUser)
                throw DomainError(
                    ErrorCode::TooManySeats,
                    u"One account may hold at most %1 seats at a time; book or release "
                    "some first."_s.arg(m_config.maxHeldSeatsPerUser),
                    QJsonObject{{u"max"_s, m_config.maxHeldSeatsPerUser}});
            // The guard (invariant 1): only free tickets are taken (available,
            // or held by an expired hold), and the count proves all of them were.
            const pqxx::result claimed = tx.exec_prepared(
                m_db.prepared("hold_claim",
                              "UPDATE tickets SET status = 'held', hold_id = $3::uuid, "
                              "hold_expires_at = now() + make_interval(secs => $4), version = NULL "
                              "WHERE event_id = $1 AND id = ANY($2::bigint[]) "
                              "AND (status = 'available' OR (status = 'held' AND "
                              "hold_expires_at <= now())) RETURNING id"),
                eventId, toPgArray(ticketIds), toStd(holdId),
                static_cast<double>(m_config.holdTime.count()));
            if (claimed.size() != static_cast<size_t>(ticketIds.size()))
                throw SeatsTaken{missingFrom(ticketIds, claimed)};
            const pqxx::row hold = tx.exec_params1(
                "INSERT INTO holds (id, event_id, user_id, ticket_ids, expires_at) "
                "VALUES ($1::uuid, $2, $3, $4::bigint[], now() + make_interval(secs => $5)) "
                "RETURNING to_char(expires_at AT TIME ZONE 'UTC', "
                "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
                toStd(holdId), eventId, user.id, toPgArray(ticketIds),
                static_cast<double>(m_config.holdTime.count()));
            return toQString(hold[0]);
        });
    } catch (const SeatsTaken &conflict) {
        m_ledger.release(ticketIds, owner);
        ++m_metrics.holdConflicts;
        throwUnavailable(m_db, eventId, ticketIds, conflict.ticketIds);
    } catch (...) {
        m_ledger.release(ticketIds, owner);
        throw;
    }
    m_ledger.publish(eventId);
    ++m_metrics.holds;
    return Hold{holdId, eventId, QDateTime::fromString(expiresAt, Qt::ISODateWithMs), ticketIds};
}

void HoldService::release(const QString &holdId, const Caller &user)
{
    if (QUuid::fromString(holdId).isNull())
        throw DomainError::notFound(u"No hold with id \"%1\"."_s.arg(holdId));
    qint64 eventId = 0;
    const auto released = m_db.transact([&](pqxx::work &tx) -> std::optional<QList<qint64>> {
        const pqxx::result hold = tx.exec_params(
            "SELECT event_id, user_id, released_at IS NOT NULL FROM holds WHERE id = $1::uuid "
            "FOR UPDATE",
            toStd(holdId));
        if (hold.empty() || hold[0][1].as<qint64>() != user.id)
            return std::nullopt; // someone else's hold is as good as none (invariant 7)
        QList<qint64> ids;
        if (hold[0][2].as<bool>())
            return ids;
        eventId = hold[0][0].as<qint64>();
        const pqxx::result rows = tx.exec_params(
            "UPDATE tickets SET status = 'available', hold_id = NULL, hold_expires_at = NULL, "
            "version = NULL "
            "WHERE hold_id = $1::uuid AND status = 'held' RETURNING id",
            toStd(holdId));
        for (const pqxx::row &row : rows)
            ids.append(row[0].as<qint64>());
        tx.exec_params0("UPDATE holds SET released_at = now() WHERE id = $1::uuid", toStd(holdId));
        return ids;
    });
    if (!released)
        throw DomainError::notFound(u"No hold with id \"%1\"."_s.arg(holdId));
    if (!released->isEmpty())
        m_ledger.publish(eventId);
    m_ledger.release(*released, holdId.toLatin1());
}
