#include "CatalogEditService.h"

#include "BookingService.h"
#include "CatalogImporter.h"
#include "Database.h"
#include "DomainError.h"
#include "EventVersions.h"
#include "HoldService.h"
#include "Log.h"
#include "TicketLedger.h"
#include "WireJson.h"

#include <QJsonDocument>
#include <QSet>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace {

void requireEditor(const Caller &caller)
{
    if (!Protocol::mayEditCatalog(caller.role))
        throw DomainError::forbidden(u"Editing the catalog needs an admin account."_s);
}

QString idsText(const QList<qint64> &ids)
{
    return QString::fromUtf8(QJsonDocument(WireJson::toArray(ids)).toJson(QJsonDocument::Compact));
}

// Every unsold ticket of the event, locked in id order before anything else
// of it is written: sales lock tickets (by id) before the event row, so an
// edit that locked the event row first could wait on a sale waiting on it.
void lockUnsoldTickets(pqxx::work &tx, qint64 eventId)
{
    tx.exec_params("SELECT id FROM tickets WHERE event_id = $1 AND status <> 'sold' "
                   "ORDER BY id FOR NO KEY UPDATE",
                   eventId);
}

} // namespace

CatalogEditService::CatalogEditService(Database &db, TicketLedger &ledger, BookingService &bookings,
                                       EventVersions &versions)
    : m_db(db)
    , m_ledger(ledger)
    , m_bookings(bookings)
    , m_versions(versions)
{
}

void CatalogEditService::requireOpenEvent(pqxx::work &tx, qint64 eventId)
{
    const pqxx::result event =
        tx.exec_params("SELECT cancelled_at IS NOT NULL FROM events WHERE id = $1", eventId);
    if (event.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    if (event[0][0].as<bool>())
        throw eventCancelled(eventId);
}

void CatalogEditService::remember(qint64 eventId)
{
    const EventVersions::Epoch epoch = m_versions.epoch();
    m_versions.record(eventId, EventVersions::load(m_db, eventId), epoch);
}

QList<VenueSections> CatalogEditService::venues(const Caller &caller)
{
    requireEditor(caller);
    return m_db.transact([&](pqxx::work &tx) {
        QList<VenueSections> venues;
        for (const pqxx::row &row :
             tx.exec("SELECT v.id, v.name, v.city, v.address, v.kind, s.section, count(s.id) "
                     "FROM venues v LEFT JOIN seats s ON s.venue_id = v.id "
                     "GROUP BY v.id, s.section ORDER BY v.name, v.city, v.id, min(s.id)")) {
            const qint64 id = row[0].as<qint64>();
            if (venues.isEmpty() || venues.last().venue.id != id)
                venues.append(VenueSections{Venue{id, toQString(row[1]), toQString(row[2]),
                                                  toQString(row[3]), toQString(row[4])},
                                            {}});
            if (!row[5].is_null())
                venues.last().sections.append(
                    VenueSections::Section{toQString(row[5]), row[6].as<int>()});
        }
        return venues;
    });
}

qint64 CatalogEditService::create(const QJsonObject &event, const Caller &caller)
{
    requireEditor(caller);
    const QJsonValue venue = event.value(u"venue_id"_s);
    if (!venue.isDouble() || venue.toDouble() < 1 || venue.toDouble() != venue.toInteger())
        throw DomainError::invalidField(
            u"venue_id"_s, u"Field \"venue_id\" must be a venue's id (GET /v1/venues)."_s);
    try {
        return m_db.transact([&](pqxx::work &tx) {
            if (tx.exec_params("SELECT 1 FROM venues WHERE id = $1", venue.toInteger()).empty())
                throw DomainError::invalidField(
                    u"venue_id"_s,
                    u"There is no venue %1 (GET /v1/venues lists them)."_s.arg(venue.toInteger()));
            // The importer's own code: the same checks, prices and tickets.
            return insertEvent(tx, venue.toInteger(), event);
        });
    } catch (const std::invalid_argument &wrong) {
        // The importer names the field in its message.
        throw DomainError(ErrorCode::InvalidField, QString::fromUtf8(wrong.what()));
    }
}

void CatalogEditService::edit(qint64 eventId, const EventEdit &edit, const Caller &caller)
{
    requireEditor(caller);
    const bool ticketsChanged = m_db.transact([&](pqxx::work &tx) {
        requireOpenEvent(tx, eventId);
        lockUnsoldTickets(tx, eventId);
        bool repriced = false;
        for (const PriceCategoryEdit &change : edit.priceCategories) {
            qint64 categoryId = change.id;
            if (categoryId == 0) {
                const pqxx::result added = tx.exec_params(
                    "INSERT INTO price_categories (event_id, name, price_cents, color) "
                    "VALUES ($1, $2, $3, coalesce($4, '#4caf50')) "
                    "ON CONFLICT (event_id, name) DO NOTHING RETURNING id",
                    eventId, toStd(*change.name), *change.price,
                    change.color ? std::optional<std::string>(toStd(*change.color)) : std::nullopt);
                if (added.empty())
                    throw DomainError::invalidField(
                        u"name"_s,
                        u"The event has a price category \"%1\" already."_s.arg(*change.name));
                categoryId = added[0][0].as<qint64>();
                if (!change.sections.isEmpty()) {
                    const QSet<QString> known = [&] {
                        QSet<QString> names;
                        for (const pqxx::row &row :
                             tx.exec_params("SELECT DISTINCT s.section FROM events e JOIN seats s "
                                            "ON s.venue_id = e.venue_id WHERE e.id = $1",
                                            eventId))
                            names.insert(toQString(row[0]));
                        return names;
                    }();
                    for (const QString &section : change.sections) {
                        if (!known.contains(section))
                            throw DomainError::invalidField(
                                u"sections"_s, u"The venue has no section \"%1\"."_s.arg(section));
                    }
                    // The unsold seats of those sections take the new
                    // category and its price; sold ones keep theirs.
                    repriced |=
                        tx.exec_params("UPDATE tickets t SET price_category_id = $2, "
                                       "price_cents = $3, version = NULL FROM seats s "
                                       "WHERE t.event_id = $1 AND s.id = t.seat_id "
                                       "AND s.section = ANY($4::text[]) AND t.status <> 'sold'",
                                       eventId, categoryId, *change.price,
                                       toPgTextArray(change.sections))
                            .affected_rows() > 0;
                }
                continue;
            }
            const pqxx::result updated = tx.exec_params(
                "UPDATE price_categories SET name = coalesce($3, name), "
                "price_cents = coalesce($4, price_cents), color = coalesce($5, color) "
                "WHERE id = $2 AND event_id = $1 RETURNING price_cents",
                eventId, categoryId,
                change.name ? std::optional<std::string>(toStd(*change.name)) : std::nullopt,
                change.price,
                change.color ? std::optional<std::string>(toStd(*change.color)) : std::nullopt);
            if (updated.empty())
                throw DomainError::invalidField(
                    u"id"_s, u"Event %1 has no price category %2."_s.arg(eventId).arg(categoryId));
            if (change.price) {
                // Available, held and blocked seats take the new price (a
                // sale authorized at the old one is refused and asks
                // again); sold seats keep the price they were sold at.
                repriced |= tx.exec_params("UPDATE tickets SET price_cents = $2, version = NULL "
                                           "WHERE price_category_id = $1 AND status <> 'sold' "
                                           "AND price_cents <> $2",
                                           categoryId, *change.price)
                                .affected_rows() > 0;
            }
        }
        const auto text = [](const std::optional<QString> &value) {
            return value ? std::optional<std::string>(toStd(*value)) : std::nullopt;
        };
        // Every write stamps the next revision (003_catalog_revision.sql):
        // mirrors and search indexes pick the change up from the feed.
        tx.exec_params0(
            "UPDATE events SET name = coalesce($2, name), performer = coalesce($3, performer), "
            "description = coalesce($4, description), category = coalesce($5, category), "
            "starts_at = coalesce($6::timestamptz, starts_at), revision = revision WHERE id = $1",
            eventId, text(edit.name), text(edit.performer), text(edit.description),
            text(edit.category),
            edit.startsAt ? std::optional<std::string>(
                                edit.startsAt->toUTC().toString(Qt::ISODate).toStdString())
                          : std::nullopt);
        return repriced;
    });
    if (ticketsChanged)
        m_ledger.publish(eventId);
    remember(eventId);
}

EventCancellation CatalogEditService::cancel(qint64 eventId, const QString &reason,
                                             const Caller &caller)
{
    requireEditor(caller);
    EventCancellation cancellation;
    cancellation.eventId = eventId;
    cancellation.reason = reason;
    // 1. Off sale: the event is marked and every seat not sold is blocked,
    // in the lock order of sales (holds, tickets by id, the event row).
    // A sale that took its seats before this commits first and is refunded
    // below; one deciding after it finds its seats blocked and the event
    // cancelled (SaleCommitter) and is refused.
    m_db.transact([&](pqxx::work &tx) {
        const pqxx::result event = tx.exec_params(
            "SELECT name, cancelled_at IS NOT NULL FROM events WHERE id = $1", eventId);
        if (event.empty())
            throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
        cancellation.eventName = toQString(event[0][0]);
        if (event[0][1].as<bool>())
            throw DomainError(ErrorCode::AlreadyCancelled,
                              u"Event %1 is cancelled already."_s.arg(eventId));
        tx.exec_params0("UPDATE holds SET released_at = now() WHERE event_id = $1 "
                        "AND released_at IS NULL",
                        eventId);
        lockUnsoldTickets(tx, eventId);
        tx.exec_params0("UPDATE tickets SET status = 'blocked', block_reason = 'cancelled', "
                        "hold_id = NULL, hold_expires_at = NULL, version = NULL "
                        "WHERE event_id = $1 AND status IN ('available', 'held')",
                        eventId);
        // Two admins at once: the second waits here, then finds it done.
        if (tx.exec_params("UPDATE events SET cancelled_at = now(), cancel_reason = $2, "
                           "revision = revision WHERE id = $1 AND cancelled_at IS NULL",
                           eventId, toStd(reason))
                .affected_rows() == 0)
            throw DomainError(ErrorCode::AlreadyCancelled,
                              u"Event %1 is cancelled already."_s.arg(eventId));
    });
    m_ledger.publish(eventId);
    remember(eventId);

    // 2. Every live booking cancelled and refunded the way the desk does it.
    const pqxx::result live = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_params(
            "SELECT b.id, b.code, b.customer_name, CASE WHEN u.role = 'customer' THEN u.email "
            "ELSE '' END, b.payment_method FROM bookings b JOIN users u ON u.id = b.user_id "
            "WHERE b.event_id = $1 AND b.status <> 'cancelled' ORDER BY b.id",
            eventId);
    });
    for (const pqxx::row &row : live) {
        CancelledBooking customer;
        customer.bookingId = row[0].as<qint64>();
        customer.code = toQString(row[1]);
        customer.customerName = toQString(row[2]);
        customer.email = toQString(row[3]);
        customer.paymentMethod = toQString(row[4]);
        const Booking cancelled = m_bookings.cancel(customer.bookingId, {}, caller);
        if (cancelled.refund) {
            customer.refunded = cancelled.refund->amount;
            customer.tickets = static_cast<int>(cancelled.refund->ticketIds.size());
        }
        cancellation.bookings.append(customer);
    }

    // 3. The seats those refunds freed go off sale too (no sale can take
    // them meanwhile: the event is cancelled).
    const bool freed = m_db.transact([&](pqxx::work &tx) {
        lockUnsoldTickets(tx, eventId);
        return tx.exec_params("UPDATE tickets SET status = 'blocked', block_reason = "
                              "'cancelled', version = NULL WHERE event_id = $1 "
                              "AND status = 'available'",
                              eventId)
                   .affected_rows() > 0;
    });
    if (freed)
        m_ledger.publish(eventId);
    qCInfo(lcBooking) << "event" << eventId << "cancelled by user" << caller.id << ":"
                      << cancellation.bookings.size() << "bookings refunded";
    return cancellation;
}

QList<qint64> CatalogEditService::block(qint64 eventId, const SeatBlock &block,
                                        const Caller &caller)
{
    requireEditor(caller);
    try {
        blockSeats(eventId, block);
    } catch (const SeatsTaken &taken) {
        // 422 for seats that are not the event's, 409 naming the others.
        throwUnavailable(m_db, eventId, block.ticketIds, taken.ticketIds);
    }
    m_ledger.publish(eventId);
    // The Redis filter forgets them: a blocked seat is refused by Postgres.
    m_ledger.forget(block.ticketIds);
    return block.ticketIds;
}

void CatalogEditService::blockSeats(qint64 eventId, const SeatBlock &block)
{
    m_db.transact([&](pqxx::work &tx) {
        requireOpenEvent(tx, eventId);
        // A free seat only (available, or held by a hold that expired): a
        // sold or held one is someone's.
        const pqxx::result blocked = tx.exec_params(
            "WITH l AS (SELECT id FROM tickets WHERE event_id = $1 AND id = ANY($2::bigint[]) "
            "  ORDER BY id FOR NO KEY UPDATE) "
            "UPDATE tickets t SET status = 'blocked', block_reason = $3, hold_id = NULL, "
            "hold_expires_at = NULL, version = NULL FROM l WHERE t.id = l.id "
            "AND (t.status = 'available' OR (t.status = 'held' AND t.hold_expires_at <= now())) "
            "RETURNING t.id",
            eventId, toPgArray(block.ticketIds), toStd(block.reason));
        if (blocked.size() != static_cast<size_t>(block.ticketIds.size()))
            throw SeatsTaken{missingFrom(block.ticketIds, blocked)};
    });
}

QList<qint64> CatalogEditService::unblock(qint64 eventId, const SeatBlock &block,
                                          const Caller &caller)
{
    requireEditor(caller);
    try {
        m_db.transact([&](pqxx::work &tx) {
            requireOpenEvent(tx, eventId);
            const pqxx::result freed = tx.exec_params(
                "WITH l AS (SELECT id FROM tickets WHERE event_id = $1 "
                "  AND id = ANY($2::bigint[]) ORDER BY id FOR NO KEY UPDATE) "
                "UPDATE tickets t SET status = 'available', block_reason = NULL, version = NULL "
                "FROM l WHERE t.id = l.id AND t.status = 'blocked' RETURNING t.id",
                eventId, toPgArray(block.ticketIds));
            if (freed.size() != static_cast<size_t>(block.ticketIds.size()))
                throw SeatsTaken{missingFrom(block.ticketIds, freed)};
        });
    } catch (const SeatsTaken &notBlocked) {
        throw DomainError(ErrorCode::SeatsUnavailable,
                          u"These seats of event %1 are not blocked: %2."_s.arg(eventId).arg(
                              idsText(notBlocked.ticketIds)),
                          QJsonObject{{u"unavailable"_s, WireJson::toArray(notBlocked.ticketIds)}});
    }
    m_ledger.publish(eventId);
    return block.ticketIds;
}
