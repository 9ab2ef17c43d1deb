#include "CheckInService.h"

#include "Database.h"
#include "DomainError.h"
#include "Protocol.h"
#include "WireJson.h"

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const pqxx::field &field)
{
    return field.is_null() ? QDateTime()
                           : QDateTime::fromMSecsSinceEpoch(field.as<qint64>(), Qt::UTC);
}

void requireDoor(const Caller &caller)
{
    if (!Protocol::mayCheckIn(caller.role))
        throw DomainError::forbidden(
            u"Checking tickets in needs a scanner, clerk or admin account."_s);
}

// The ticket behind a secret, as the door sees it; also locks its sale
// record against a cancellation while it is checked in.
constexpr char TicketBySecret[] =
    "SELECT bt.booking_id, bt.ticket_id, bt.cancelled_at IS NOT NULL, b.event_id, b.code, "
    "b.customer_name, s.section, s.row, s.number, pc.name, e.name, bt.secret "
    "FROM booking_tickets bt JOIN bookings b ON b.id = bt.booking_id "
    "JOIN tickets t ON t.id = bt.ticket_id JOIN seats s ON s.id = t.seat_id "
    "JOIN price_categories pc ON pc.id = t.price_category_id "
    "JOIN events e ON e.id = b.event_id WHERE bt.secret = $1 FOR SHARE OF bt";

} // namespace

CheckInService::CheckInService(Database &db)
    : m_db(db)
{
}

CheckIn CheckInService::checkIn(const CheckInScan &scan, const Caller &caller)
{
    requireDoor(caller);
    return m_db.transact([&](pqxx::work &tx) { return admit(tx, scan, caller, false); });
}

CheckIn CheckInService::admit(pqxx::work &tx, const CheckInScan &scan, const Caller &caller,
                              bool offline)
{
    const pqxx::result found = tx.exec_prepared(m_db.prepared("checkin_ticket", TicketBySecret),
                                                scan.secret.toStdString());
    if (found.empty())
        throw DomainError::notFound(
            u"This code is not one of our tickets. Check it was typed right, or send the "
            "holder to the box office."_s);
    const pqxx::row t = found[0];
    CheckIn checkIn;
    checkIn.eventId = t[3].as<qint64>();
    checkIn.eventName = toQString(t[10]);
    DoorTicket &ticket = checkIn.ticket;
    ticket.secret = toQString(t[11]);
    ticket.ticketId = t[1].as<qint64>();
    ticket.bookingCode = toQString(t[4]);
    ticket.holder = toQString(t[5]);
    ticket.section = toQString(t[6]);
    ticket.row = toQString(t[7]);
    ticket.seat = t[8].as<int>();
    ticket.priceCategory = toQString(t[9]);
    const QJsonObject seat{{u"event_id"_s, checkIn.eventId},
                           {u"event_name"_s, checkIn.eventName},
                           {u"ticket"_s, ticket.toJson()}};
    if (t[2].as<bool>())
        throw DomainError(ErrorCode::TicketCancelled,
                          u"This ticket was cancelled and refunded: do not let it in."_s, seat);
    if (scan.eventId != 0 && scan.eventId != checkIn.eventId)
        throw DomainError(
            ErrorCode::WrongEvent,
            u"This ticket is for %1, not for this door's event."_s.arg(checkIn.eventName), seat);
    const pqxx::result inserted = tx.exec_prepared(
        m_db.prepared("checkin_admit",
                      "INSERT INTO checkins (secret, booking_id, ticket_id, event_id, user_id, "
                      "device, scanned_at, offline) VALUES ($1, $2, $3, $4, $5, $6, "
                      "coalesce(to_timestamp($7::bigint / 1000.0), now()), $8) "
                      "ON CONFLICT (secret) DO NOTHING "
                      "RETURNING (extract(epoch FROM scanned_at) * 1000)::bigint"),
        ticket.secret.toStdString(), t[0].as<qint64>(), ticket.ticketId, checkIn.eventId, caller.id,
        scan.device.toStdString(),
        scan.scannedAt.isValid() ? std::optional<qint64>(scan.scannedAt.toMSecsSinceEpoch())
                                 : std::nullopt,
        offline);
    if (inserted.empty()) {
        // Admitted before (or by the other door just now, whose insert we
        // waited for): when and where.
        const pqxx::row before = tx.exec_prepared1(
            m_db.prepared("checkin_before",
                          "SELECT (extract(epoch FROM scanned_at) * 1000)::bigint, device "
                          "FROM checkins WHERE secret = $1"),
            ticket.secret.toStdString());
        ticket.checkedInAt = fromMs(before[0]);
        ticket.checkedInBy = toQString(before[1]);
        QJsonObject details{{u"event_id"_s, checkIn.eventId},
                            {u"event_name"_s, checkIn.eventName},
                            {u"ticket"_s, ticket.toJson()},
                            {u"checked_in_at"_s, WireJson::isoSeconds(ticket.checkedInAt)},
                            {u"checked_in_by"_s, ticket.checkedInBy}};
        throw DomainError(ErrorCode::AlreadyCheckedIn,
                          ticket.checkedInBy.isEmpty()
                              ? u"This ticket was already checked in at %1 UTC."_s.arg(
                                    ticket.checkedInAt.toString(u"HH:mm:ss"_s))
                              : u"This ticket was already checked in at %1 UTC, at %2."_s.arg(
                                    ticket.checkedInAt.toString(u"HH:mm:ss"_s), ticket.checkedInBy),
                          details);
    }
    ticket.checkedInAt = fromMs(inserted[0][0]);
    ticket.checkedInBy = scan.device;
    checkIn.count = count(tx, checkIn.eventId);
    return checkIn;
}

DoorCount CheckInService::count(pqxx::work &tx, qint64 eventId)
{
    const pqxx::row row = tx.exec_prepared1(
        m_db.prepared("checkin_count",
                      "SELECT count(*) FILTER (WHERE c.id IS NOT NULL), count(*) "
                      "FROM bookings b JOIN booking_tickets bt ON bt.booking_id = b.id "
                      "LEFT JOIN checkins c ON c.secret = bt.secret "
                      "WHERE b.event_id = $1 AND bt.cancelled_at IS NULL"),
        eventId);
    return {row[0].as<qint64>(), row[1].as<qint64>()};
}

DoorList CheckInService::doorList(qint64 eventId, const Caller &caller)
{
    requireDoor(caller);
    return m_db.transact([&](pqxx::work &tx) {
        const pqxx::result event = tx.exec_prepared(
            m_db.prepared("checkin_event",
                          "SELECT name, (extract(epoch FROM starts_at) * 1000)::bigint "
                          "FROM events WHERE id = $1"),
            eventId);
        if (event.empty())
            throw DomainError::notFound(u"There is no event %1."_s.arg(eventId));
        DoorList list;
        list.eventId = eventId;
        list.eventName = toQString(event[0][0]);
        list.startsAt = fromMs(event[0][1]);
        for (const pqxx::row &t : tx.exec_prepared(
                 m_db.prepared(
                     "checkin_list",
                     "SELECT bt.secret, bt.ticket_id, b.code, b.customer_name, s.section, "
                     "s.row, s.number, pc.name, "
                     "(extract(epoch FROM c.scanned_at) * 1000)::bigint, c.device "
                     "FROM bookings b JOIN booking_tickets bt ON bt.booking_id = b.id "
                     "JOIN tickets t ON t.id = bt.ticket_id JOIN seats s ON s.id = t.seat_id "
                     "JOIN price_categories pc ON pc.id = t.price_category_id "
                     "LEFT JOIN checkins c ON c.secret = bt.secret "
                     "WHERE b.event_id = $1 AND bt.cancelled_at IS NULL ORDER BY bt.ticket_id"),
                 eventId)) {
            DoorTicket ticket;
            ticket.secret = toQString(t[0]);
            ticket.ticketId = t[1].as<qint64>();
            ticket.bookingCode = toQString(t[2]);
            ticket.holder = toQString(t[3]);
            ticket.section = toQString(t[4]);
            ticket.row = toQString(t[5]);
            ticket.seat = t[6].as<int>();
            ticket.priceCategory = toQString(t[7]);
            ticket.checkedInAt = fromMs(t[8]);
            ticket.checkedInBy = t[9].is_null() ? QString() : toQString(t[9]);
            list.count.expected += 1;
            list.count.admitted += ticket.isCheckedIn() ? 1 : 0;
            list.tickets.append(ticket);
        }
        return list;
    });
}

QList<ScanOutcome> CheckInService::upload(qint64 eventId, const QList<CheckInScan> &scans,
                                          const Caller &caller)
{
    requireDoor(caller);
    QList<ScanOutcome> outcomes;
    for (CheckInScan scan : scans) {
        scan.eventId = eventId;
        ScanOutcome outcome;
        outcome.secret = scan.secret;
        try {
            const CheckIn admitted =
                m_db.transact([&](pqxx::work &tx) { return admit(tx, scan, caller, true); });
            outcome.result = u"admitted"_s;
            outcome.checkedInAt = admitted.ticket.checkedInAt;
            outcome.device = admitted.ticket.checkedInBy;
        } catch (const DomainError &refused) {
            outcome.result = QString::fromLatin1(Protocol::toString(refused.code()));
            if (refused.code() != ErrorCode::AlreadyCheckedIn) {
                outcomes.append(outcome);
                continue;
            }
            outcome.checkedInAt = WireJson::dateTime(refused.details().value(u"checked_in_at"_s));
            outcome.device = refused.details().value(u"checked_in_by"_s).toString();
            // The same scan uploaded again (an answer lost on the way) is
            // the admission it made; any other is a second person let in.
            const bool same =
                outcome.device == scan.device && scan.scannedAt.isValid() &&
                outcome.checkedInAt.toSecsSinceEpoch() == scan.scannedAt.toSecsSinceEpoch();
            if (same) {
                outcome.result = u"admitted"_s;
            } else {
                outcome.conflict = true;
                m_db.transact([&](pqxx::work &tx) {
                    tx.exec_prepared0(
                        m_db.prepared("checkin_conflict",
                                      "INSERT INTO checkin_conflicts (secret, event_id, user_id, "
                                      "device, scanned_at) VALUES ($1, $2, $3, $4, "
                                      "coalesce(to_timestamp($5::bigint / 1000.0), now()))"),
                        scan.secret.toStdString(), eventId, caller.id, scan.device.toStdString(),
                        scan.scannedAt.isValid()
                            ? std::optional<qint64>(scan.scannedAt.toMSecsSinceEpoch())
                            : std::nullopt);
                });
            }
        }
        outcomes.append(outcome);
    }
    return outcomes;
}
