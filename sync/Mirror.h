#pragma once

#include "Booking.h"
#include "Catalog.h"
#include "CheckIn.h"

#include <QDate>
#include <QJsonArray>
#include <QObject>
#include <QString>

#include <optional>

// The client's local copy of the catalog, of the seat maps it has looked at
// and of the bookings it has seen, in SQLite (WAL). Browsing and search read
// only this, so they are instant and keep working without the server.
// Versioned schema (PRAGMA user_version); one connection, on the thread that
// opened it.
class Mirror : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 5;

    explicit Mirror(QObject *parent = nullptr);
    ~Mirror() override;

    // Opens (and creates or upgrades) the mirror file. False with a reason
    // when it cannot be used.
    bool open(const QString &path, QString *error);
    void close();
    QString path() const { return m_path; }

    // Catalog ------------------------------------------------------------
    qint64 catalogRevision() const;
    // Stores one page of GET /v1/catalog and the revision it reaches, all or
    // nothing; false (and storageFailed) if the file cannot take it.
    bool applyCatalog(const QJsonArray &events, qint64 revision);
    std::optional<Event> event(qint64 id) const;
    int eventCount() const;

    struct Search
    {
        // Words, each matching a word of the name, performer, category,
        // venue, city or description as written or as its start (a single
        // letter or digit only as written), accents and case ignored: what
        // the server's index finds for them, without its stems and
        // spelling corrections.
        QString text;
        QDateTime from;     // inclusive; invalid = no bound
        QDateTime until;    // exclusive; invalid = no bound
        qint64 venueId = 0; // 0 = every venue
        int limit = 200;
    };
    QList<Venue> venues() const;
    QList<Event> searchEvents(const Search &search) const;

    // Seat maps ------------------------------------------------------------
    // The version of the event's tickets held here, or -1 without a seat map.
    qint64 seatMapVersion(qint64 eventId) const;
    // Applies tickets at `version`: full ticket objects (GET .../tickets) or
    // {id, status} pairs (stream pushes); `whole` replaces the event's seat
    // map. All or nothing: false (and storageFailed) if it could not be stored.
    // ticketsChanged names the tickets that changed.
    bool applyTickets(qint64 eventId, qint64 version, const QJsonArray &tickets,
                      bool whole = false);
    // Free seats the stream reports (event id → count) for events whose seat
    // map is not mirrored; a mirrored seat map counts its own.
    // availabilityChanged names the events whose count changed.
    void applyAvailability(const QHash<qint64, qint64> &available);

    // The event's tickets, or only those listed in `only`.
    QList<Ticket> tickets(qint64 eventId, const QList<qint64> &only = {}) const;

    // Bookings seen by this client ----------------------------------------
    // `owner`: the account whose booking this is, when known (bought here or
    // listed as "mine"); a staff lookup stores it without one.
    void storeBooking(const QJsonObject &booking, const QString &owner = {});
    std::optional<Booking> booking(qint64 id) const;
    // By code (exact, any case) or by customer name (substring).
    QList<Booking> findBookings(const QString &codeOrName) const;
    // The bookings stored as this account's own, newest first.
    QList<Booking> bookings(const QString &owner) const;

    // The door (scanner mode) -------------------------------------------
    // An event's valid tickets as the server listed them, replacing what
    // was here, keeping the admissions made here and not yet uploaded.
    bool storeDoorList(const DoorList &list);
    bool hasDoorList(qint64 eventId) const;
    std::optional<DoorTicket> doorTicket(qint64 eventId, const QString &secret) const;
    DoorCount doorCount(qint64 eventId) const;
    // Admitted here: marks the ticket and, when offline, keeps the scan to
    // upload. A stored scan has an id for markDoorScansUploaded.
    bool markCheckedIn(qint64 eventId, const QString &secret, const QDateTime &at,
                       const QString &device);
    bool addDoorScan(const CheckInScan &scan);
    struct StoredScan
    {
        qint64 id = 0;
        CheckInScan scan;
    };
    QList<StoredScan> pendingDoorScans(qint64 eventId) const;
    bool markDoorScansUploaded(const QList<qint64> &ids);

    // Small settings that belong with the data (e.g. the account it mirrors).
    QString meta(const QString &key) const;
    void setMeta(const QString &key, const QString &value);

Q_SIGNALS:
    void catalogChanged();
    void ticketsChanged(qint64 eventId, const QList<qint64> &ticketIds);
    void availabilityChanged(const QList<qint64> &eventIds);
    void bookingStored(qint64 bookingId);
    // The mirror file refused a write (disk full, broken file): what to tell the user.
    void storageFailed(const QString &message);

private:
    // Creates or upgrades the schema, all or nothing.
    bool migrate(QString *error);

    QString m_connectionName;
    QString m_path;
};
