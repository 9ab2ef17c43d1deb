#pragma once

#include "Caller.h"
#include "CatalogEdit.h"

#include <QJsonObject>
#include <QList>
#include <pqxx/pqxx>

class BookingService;
class Database;
class EventVersions;
class TicketLedger;

// Editing the catalog (docs/API.md, "Editing the catalog"): operators create
// and change events, cancel them and take seats off sale. Catalog data goes
// through the revision mechanism (003 and 006: every write stamps the event
// with the next revision and NOTIFYs it), so mirrors and search indexes
// follow as after an import; ticket changes (prices, blocks) go through the
// ticket ledger's versions, so open seat maps follow live. Admins only.
class CatalogEditService
{
public:
    CatalogEditService(Database &db, TicketLedger &ledger, BookingService &bookings,
                       EventVersions &versions);

    // Every venue with its sections, for the new-event form.
    QList<VenueSections> venues(const Caller &caller);
    // A new event in the import file's format with "venue_id"; its id.
    qint64 create(const QJsonObject &event, const Caller &caller);
    // Changes what the edit gives. A new price applies to the seats not
    // sold; sold ones keep the price they were sold at.
    void edit(qint64 eventId, const EventEdit &edit, const Caller &caller);
    // Cancels the event: off sale at once, then every live booking
    // cancelled and refunded (BookingService::cancel); the customers to tell.
    EventCancellation cancel(qint64 eventId, const QString &reason, const Caller &caller);
    // Takes free seats off sale (409 naming those that are not free), or
    // puts blocked ones back on sale.
    QList<qint64> block(qint64 eventId, const SeatBlock &block, const Caller &caller);
    QList<qint64> unblock(qint64 eventId, const SeatBlock &block, const Caller &caller);

private:
    // 404 for an unknown event, 409 event_cancelled for a cancelled one.
    void requireOpenEvent(pqxx::work &tx, qint64 eventId);
    // Makes this instance's next read see the change at once (the
    // listener hears it a moment later).
    void remember(qint64 eventId);
    // Throws SeatsTaken naming the seats that are not free.
    void blockSeats(qint64 eventId, const SeatBlock &block);

    Database &m_db;
    TicketLedger &m_ledger;
    BookingService &m_bookings;
    EventVersions &m_versions;
};
