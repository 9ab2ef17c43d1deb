#include "Mirror.h"

#include "SearchText.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

// Runs a statement; a failure is a broken mirror file or a full disk, which
// the caller reports through Mirror::storageFailed.
bool run(QSqlQuery &query, QString *error = nullptr)
{
    if (query.exec())
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

Event eventFrom(const QSqlQuery &q)
{
    Event event;
    event.id = q.value(0).toLongLong();
    event.name = q.value(1).toString();
    event.description = q.value(2).toString();
    event.performer = q.value(3).toString();
    event.category = q.value(4).toString();
    event.startsAt = QDateTime::fromSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
    event.available = q.value(6).toInt();
    event.venue.id = q.value(7).toLongLong();
    event.venue.name = q.value(8).toString();
    event.venue.city = q.value(9).toString();
    event.venue.address = q.value(10).toString();
    event.venue.kind = q.value(11).toString();
    const QJsonArray categories = QJsonDocument::fromJson(q.value(12).toByteArray()).array();
    for (const QJsonValue &value : categories)
        event.priceCategories.append(PriceCategory::fromJson(value.toObject()));
    event.cancelled = q.value(13).toBool();
    event.cancelReason = q.value(14).toString();
    return event;
}

// The FTS rowid of an event: start time first, then the event id, so the
// full-text index returns matches in time order. Unique while two events
// starting in the same second have ids that differ modulo 2^24.
constexpr qint64 SearchKeyIdBits = 24;
qint64 searchKey(qint64 startsAtSecs, qint64 eventId)
{
    return (startsAtSecs << SearchKeyIdBits) | (eventId & ((qint64(1) << SearchKeyIdBits) - 1));
}

// Text for a NOT NULL column: a missing JSON field is "", never NULL.
QString text(const QJsonObject &object, const QString &key)
{
    return object.value(key).toString(u""_s);
}
QString nonNull(const QString &text)
{
    return text.isNull() ? u""_s : text;
}

// The searchable text of an event, in the order of events_fts's columns:
// name, performer, category, venue, city, description (what the server
// indexes).
const char SearchTextInsert[] =
    "INSERT INTO events_fts (rowid, name, performer, category, venue, city, description) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

const char EventColumns[] =
    "e.id, e.name, e.description, e.performer, e.category, e.starts_at, e.available, "
    "v.id, v.name, v.city, v.address, v.kind, e.price_categories, e.cancelled, "
    "e.cancel_reason";

// What events_fts stores of a text: its words, one space apart (its
// tokenizer, 'ascii', splits there and nowhere inside a folded word).
QString searchText(const QString &text)
{
    return nonNull(SearchText::words(text, 1000).join(u' '));
}

// "Zauber Flö" → "zauber"* "flo"*: every word must match a word as written
// or the start of one, as on the server; a single letter or digit ("Faust
// I", "Nr. 9") only as written. At most 32 words, as the server reads.
QString ftsQuery(const QString &text)
{
    QStringList terms;
    for (const QString &word : SearchText::words(text, 32))
        terms.append(u'"' + word + (word.size() > 1 ? u"\"*"_s : u"\""_s));
    return terms.join(u' ');
}

} // namespace

Mirror::Mirror(QObject *parent)
    : QObject(parent)
    , m_connectionName(u"mirror-"_s + QUuid::createUuid().toString(QUuid::Id128))
{
}

Mirror::~Mirror()
{
    close();
}

bool Mirror::open(const QString &path, QString *error)
{
    close();
    QDir().mkpath(QFileInfo(path).absolutePath());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            if (error)
                *error = tr("The local copy %1 cannot be opened: %2")
                             .arg(QDir::toNativeSeparators(path), db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
        QSqlQuery pragma(db);
        pragma.exec(u"PRAGMA journal_mode=WAL"_s);
        pragma.exec(u"PRAGMA synchronous=NORMAL"_s);
        pragma.exec(u"PRAGMA foreign_keys=ON"_s);
        pragma.exec(u"PRAGMA user_version"_s);
        const int version = pragma.next() ? pragma.value(0).toInt() : 0;
        if (version > SchemaVersion) {
            if (error)
                *error = tr("The local copy %1 was written by a newer Boxoffice (schema %2); "
                            "update this program or remove the file.")
                             .arg(QDir::toNativeSeparators(path))
                             .arg(version);
            pragma = QSqlQuery();
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
    }
    m_path = path;
    if (!migrate(error)) {
        close();
        return false;
    }
    return true;
}

void Mirror::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_path.clear();
}

bool Mirror::migrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    q.exec(u"PRAGMA user_version"_s);
    const int version = q.next() ? q.value(0).toInt() : 0;
    if (version >= SchemaVersion)
        return true;
    QStringList steps;
    if (version < 1) {
        steps += {
            u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
            u"CREATE TABLE venues (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "city TEXT NOT NULL, address TEXT NOT NULL, kind TEXT NOT NULL)"_s,
            u"CREATE TABLE events (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, "
            "venue_id INTEGER NOT NULL REFERENCES venues, name TEXT NOT NULL, "
            "description TEXT NOT NULL, performer TEXT NOT NULL, category TEXT NOT NULL, "
            "starts_at INTEGER NOT NULL, available INTEGER NOT NULL, "
            "price_categories TEXT NOT NULL, search_key INTEGER NOT NULL UNIQUE)"_s,
            u"CREATE INDEX events_starts_at ON events (starts_at)"_s,
            u"CREATE INDEX events_venue ON events (venue_id, starts_at)"_s,
            u"CREATE TABLE seat_maps (event_id INTEGER PRIMARY KEY, version INTEGER NOT NULL)"_s,
            u"CREATE TABLE tickets (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL, "
            "section TEXT NOT NULL, row TEXT NOT NULL, seat INTEGER NOT NULL, "
            "price INTEGER NOT NULL, status TEXT NOT NULL, accessible INTEGER NOT NULL, "
            "price_category_id INTEGER NOT NULL, x INTEGER NOT NULL, y INTEGER NOT NULL)"_s,
            u"CREATE INDEX tickets_event ON tickets (event_id)"_s,
            // owner: the account that bought it or listed it as its own; empty
            // for bookings a clerk only looked up. "My bookings" offline shows
            // the signed-in account's only.
            u"CREATE TABLE bookings (id INTEGER PRIMARY KEY, code TEXT NOT NULL, "
            "customer_name TEXT NOT NULL, created_at TEXT NOT NULL, json TEXT NOT NULL, "
            "owner TEXT NOT NULL DEFAULT '')"_s,
            u"CREATE INDEX bookings_code ON bookings (code)"_s,
        };
    }
    if (version < 3) {
        // Version 2: the searchable text as the server's index sees it
        // (folded words, the description too), so that the mirror finds what
        // the server finds. Version 1 kept SQLite's own folding; version 2
        // left ø, æ, œ, ł, đ, þ as they were. The table is rebuilt from the
        // events here, offline.
        steps += {
            u"DROP TABLE IF EXISTS events_fts"_s,
            // Own copy of the searchable text (not external content). Its
            // rowid is the event's search key, which sorts by start time, so
            // "the next 200 matches from now" reads the index in order and
            // stops.
            u"CREATE VIRTUAL TABLE events_fts USING fts5(name, performer, category, venue, city, "
            "description, tokenize = 'ascii', prefix = '2 3')"_s,
        };
    }
    if (version < 4) {
        // Version 4: the door's list of an event's valid tickets and the
        // scans made offline, waiting to be uploaded (scanner mode).
        steps += {
            u"CREATE TABLE IF NOT EXISTS door_tickets (event_id INTEGER NOT NULL, secret TEXT NOT "
            u"NULL, "
            "json TEXT NOT NULL, checked_in_at INTEGER, checked_in_by TEXT NOT NULL DEFAULT '', "
            "PRIMARY KEY (event_id, secret))"_s,
            u"CREATE TABLE IF NOT EXISTS door_lists (event_id INTEGER PRIMARY KEY, fetched_at INTEGER NOT NULL)"_s,
            u"CREATE TABLE IF NOT EXISTS door_scans (id INTEGER PRIMARY KEY, event_id INTEGER NOT "
            u"NULL, "
            "secret TEXT NOT NULL, device TEXT NOT NULL, scanned_at INTEGER NOT NULL, "
            "uploaded INTEGER NOT NULL DEFAULT 0)"_s,
        };
    }
    if (version < 5) {
        // Version 5: events cancelled by the venue (shown, never sold).
        // SQLite adds a column only once; a file may have it already (one
        // that an older build marked with its own version).
        QSqlQuery columns(db);
        columns.exec(u"SELECT 1 FROM pragma_table_info('events') WHERE name = 'cancelled'"_s);
        if (!columns.next())
            steps += {
                u"ALTER TABLE events ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0"_s,
                u"ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT ''"_s,
            };
    }
    steps.append(u"PRAGMA user_version = %1"_s.arg(SchemaVersion));

    db.transaction();
    QString failure;
    bool ok = true;
    for (const QString &statement : steps) {
        q.prepare(statement);
        if (!(ok = run(q, &failure)))
            break;
    }
    // The search text is rebuilt where the steps above dropped it.
    if (ok && version >= 1 && version < 3) {
        QSqlQuery events(db), insert(db);
        events.setForwardOnly(true);
        events.prepare(u"SELECT e.search_key, e.name, e.performer, e.category, v.name, v.city, "
                       "e.description FROM events e JOIN venues v ON v.id = e.venue_id"_s);
        insert.prepare(QLatin1String(SearchTextInsert));
        ok = run(events, &failure);
        while (ok && events.next()) {
            insert.addBindValue(events.value(0).toLongLong());
            for (int column = 1; column <= 6; ++column)
                insert.addBindValue(searchText(events.value(column).toString()));
            ok = run(insert, &failure);
        }
    }
    if (!ok || !db.commit()) {
        db.rollback();
        if (error)
            *error = tr("The local copy %1 cannot be brought up to date: %2")
                         .arg(QDir::toNativeSeparators(m_path), failure);
        return false;
    }
    return true;
}

QString Mirror::meta(const QString &key) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT value FROM meta WHERE key = ?"_s);
    q.addBindValue(key);
    return run(q) && q.next() ? q.value(0).toString() : QString();
}

void Mirror::setMeta(const QString &key, const QString &value)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"INSERT INTO meta (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    run(q);
}

qint64 Mirror::catalogRevision() const
{
    return meta(u"catalog_revision"_s).toLongLong();
}

bool Mirror::applyCatalog(const QJsonArray &events, qint64 revision)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    db.transaction();
    QSqlQuery venue(db), event(db), ftsDelete(db), ftsInsert(db);
    venue.prepare(u"INSERT INTO venues (id, name, city, address, kind) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (id) DO UPDATE SET name = excluded.name, city = excluded.city, "
                  "address = excluded.address, kind = excluded.kind"_s);
    event.prepare(u"INSERT INTO events (id, revision, venue_id, name, description, performer, "
                  "category, starts_at, available, price_categories, search_key, cancelled, "
                  "cancel_reason) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                  "revision = excluded.revision, venue_id = excluded.venue_id, "
                  "name = excluded.name, description = excluded.description, "
                  "performer = excluded.performer, category = excluded.category, "
                  "starts_at = excluded.starts_at, price_categories = excluded.price_categories, "
                  "search_key = excluded.search_key, cancelled = excluded.cancelled, "
                  "cancel_reason = excluded.cancel_reason, "
                  // A live seat map knows better than the catalog's count.
                  "available = CASE WHEN id IN (SELECT event_id FROM seat_maps) "
                  "THEN available ELSE excluded.available END"_s);
    ftsDelete.prepare(
        u"DELETE FROM events_fts WHERE rowid = (SELECT search_key FROM events WHERE id = ?)"_s);
    ftsInsert.prepare(QLatin1String(SearchTextInsert));
    for (const QJsonValue &value : events) {
        const Event e = Event::fromJson(value.toObject());
        venue.addBindValue(e.venue.id);
        venue.addBindValue(nonNull(e.venue.name));
        venue.addBindValue(nonNull(e.venue.city));
        venue.addBindValue(nonNull(e.venue.address));
        venue.addBindValue(nonNull(e.venue.kind));
        event.addBindValue(e.id);
        event.addBindValue(e.revision);
        event.addBindValue(e.venue.id);
        event.addBindValue(nonNull(e.name));
        event.addBindValue(nonNull(e.description));
        event.addBindValue(nonNull(e.performer));
        event.addBindValue(nonNull(e.category));
        const qint64 startsAt = e.startsAt.toSecsSinceEpoch();
        event.addBindValue(startsAt);
        event.addBindValue(e.available);
        QJsonArray categories;
        for (const PriceCategory &category : e.priceCategories)
            categories.append(category.toJson());
        event.addBindValue(
            QString::fromUtf8(QJsonDocument(categories).toJson(QJsonDocument::Compact)));
        event.addBindValue(searchKey(startsAt, e.id));
        event.addBindValue(e.cancelled ? 1 : 0);
        event.addBindValue(nonNull(e.cancelReason));
        ftsDelete.addBindValue(e.id);
        ftsInsert.addBindValue(searchKey(startsAt, e.id));
        for (const QString &field :
             {e.name, e.performer, e.category, e.venue.name, e.venue.city, e.description})
            ftsInsert.addBindValue(searchText(field));
        QString error;
        if (!run(ftsDelete, &error) || !run(venue, &error) || !run(event, &error) ||
            !run(ftsInsert, &error)) {
            db.rollback();
            Q_EMIT storageFailed(tr("The local copy could not store the catalog: %1").arg(error));
            return false;
        }
    }
    QSqlQuery meta(db);
    meta.prepare(u"INSERT INTO meta (key, value) VALUES ('catalog_revision', ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    meta.addBindValue(QString::number(revision));
    QString error;
    if (!run(meta, &error) || !db.commit()) {
        db.rollback();
        Q_EMIT storageFailed(tr("The local copy could not store the catalog: %1").arg(error));
        return false;
    }
    if (!events.isEmpty())
        Q_EMIT catalogChanged();
    return true;
}

std::optional<Event> Mirror::event(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT "_s + QLatin1String(EventColumns) +
              u" FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = ?"_s);
    q.addBindValue(id);
    if (!run(q) || !q.next())
        return std::nullopt;
    return eventFrom(q);
}

int Mirror::eventCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT count(*) FROM events"_s);
    return run(q) && q.next() ? q.value(0).toInt() : 0;
}

QList<Event> Mirror::searchEvents(const Search &search) const
{
    const QString match = ftsQuery(search.text);
    QString sql;
    if (match.isEmpty()) {
        sql = u"SELECT "_s + QLatin1String(EventColumns) +
              u" FROM events e JOIN venues v ON v.id = e.venue_id WHERE 1 = 1"_s;
        if (search.from.isValid())
            sql += u" AND e.starts_at >= :from"_s;
        if (search.until.isValid())
            sql += u" AND e.starts_at < :until"_s;
    } else {
        // Driven by the full-text index, whose rowids are in start-time
        // order: the range on rowid is the date filter, and the scan stops
        // after `limit` matches however common the typed prefix is.
        sql = u"SELECT "_s + QLatin1String(EventColumns) +
              u" FROM events_fts f JOIN events e ON e.search_key = f.rowid "
              "JOIN venues v ON v.id = e.venue_id WHERE events_fts MATCH :match"_s;
        if (search.from.isValid())
            sql += u" AND f.rowid >= :from"_s;
        if (search.until.isValid())
            sql += u" AND f.rowid < :until"_s;
    }
    if (search.venueId)
        sql += u" AND e.venue_id = :venue"_s;
    sql += match.isEmpty() ? u" ORDER BY e.starts_at, e.id LIMIT :limit"_s
                           : u" ORDER BY f.rowid LIMIT :limit"_s;
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.setForwardOnly(true);
    q.prepare(sql);
    const auto bound = [&match](const QDateTime &time) {
        return match.isEmpty() ? time.toSecsSinceEpoch() : searchKey(time.toSecsSinceEpoch(), 0);
    };
    if (!match.isEmpty())
        q.bindValue(u":match"_s, match);
    if (search.from.isValid())
        q.bindValue(u":from"_s, bound(search.from));
    if (search.until.isValid())
        q.bindValue(u":until"_s, bound(search.until));
    if (search.venueId)
        q.bindValue(u":venue"_s, search.venueId);
    q.bindValue(u":limit"_s, search.limit);
    QList<Event> events;
    if (!run(q))
        return events;
    while (q.next())
        events.append(eventFrom(q));
    return events;
}

QList<Venue> Mirror::venues() const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT id, name, city, address, kind FROM venues ORDER BY city, name"_s);
    QList<Venue> venues;
    if (!run(q))
        return venues;
    while (q.next())
        venues.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                       q.value(3).toString(), q.value(4).toString()});
    return venues;
}

qint64 Mirror::seatMapVersion(qint64 eventId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT version FROM seat_maps WHERE event_id = ?"_s);
    q.addBindValue(eventId);
    return run(q) && q.next() ? q.value(0).toLongLong() : -1;
}

bool Mirror::applyTickets(qint64 eventId, qint64 version, const QJsonArray &tickets, bool whole)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    db.transaction();
    QSqlQuery full(db), status(db), q(db);
    full.prepare(
        u"INSERT INTO tickets (id, event_id, section, row, seat, price, status, "
        "accessible, price_category_id, x, y) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET status = excluded.status, price = excluded.price"_s);
    status.prepare(
        u"UPDATE tickets SET status = ? WHERE id = ? AND event_id = ? AND status <> ?"_s);
    QList<qint64> changed;
    QString error;
    bool ok = true;
    if (whole) {
        // A whole seat map replaces what was there (e.g. a mirror of another
        // database): no ticket of the old one may survive.
        q.prepare(u"DELETE FROM tickets WHERE event_id = ?"_s);
        q.addBindValue(eventId);
        ok = run(q, &error);
    }
    for (qsizetype i = 0; ok && i < tickets.size(); ++i) {
        const QJsonObject json = tickets[i].toObject();
        const Ticket t = Ticket::fromJson(json);
        const QString state = QString::fromLatin1(Protocol::toString(t.status));
        const qint64 id = t.id;
        // A whole seat, or (a push) only its new state.
        if (json.contains(u"section"_s)) {
            full.addBindValue(t.id);
            full.addBindValue(eventId);
            full.addBindValue(nonNull(t.section));
            full.addBindValue(nonNull(t.row));
            full.addBindValue(t.seat);
            full.addBindValue(t.price);
            full.addBindValue(state);
            full.addBindValue(t.accessible);
            full.addBindValue(t.priceCategoryId);
            full.addBindValue(t.x);
            full.addBindValue(t.y);
            ok = run(full, &error);
            changed.append(id);
        } else {
            status.addBindValue(state);
            status.addBindValue(id);
            status.addBindValue(eventId);
            status.addBindValue(state);
            ok = run(status, &error);
            if (ok && status.numRowsAffected() > 0)
                changed.append(id);
        }
    }
    if (ok) {
        q.prepare(u"INSERT INTO seat_maps (event_id, version) VALUES (?, ?) "
                  "ON CONFLICT (event_id) DO UPDATE SET version = excluded.version"_s);
        q.addBindValue(eventId);
        q.addBindValue(version);
        ok = run(q, &error);
    }
    if (ok) {
        q.prepare(u"UPDATE events SET available = (SELECT count(*) FROM tickets "
                  "WHERE event_id = ? AND status = 'available') WHERE id = ?"_s);
        q.addBindValue(eventId);
        q.addBindValue(eventId);
        ok = run(q, &error);
    }
    // All or nothing: a version is only recorded with every ticket of it,
    // since ?since= will never send those tickets again.
    if (!ok || !db.commit()) {
        db.rollback();
        Q_EMIT storageFailed(tr("The local copy could not store a seat map: %1").arg(error));
        return false;
    }
    if (!changed.isEmpty())
        Q_EMIT ticketsChanged(eventId, changed);
    return true;
}

QList<Ticket> Mirror::tickets(qint64 eventId, const QList<qint64> &only) const
{
    QString sql = u"SELECT id, section, row, seat, price, status, accessible, price_category_id, "
                  "x, y FROM tickets WHERE event_id = ?"_s;
    // A push names a few tickets: read those, not the whole house (a long
    // list is read as the whole map, which is as cheap by then).
    if (!only.isEmpty() && only.size() <= 500) {
        QStringList ids;
        for (qint64 id : only)
            ids.append(QString::number(id));
        sql += u" AND id IN ("_s + ids.join(u',') + u')';
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.setForwardOnly(true);
    q.prepare(sql + u" ORDER BY id"_s);
    q.addBindValue(eventId);
    QList<Ticket> tickets;
    if (!run(q))
        return tickets;
    while (q.next()) {
        Ticket t;
        t.id = q.value(0).toLongLong();
        t.section = q.value(1).toString();
        t.row = q.value(2).toString();
        t.seat = q.value(3).toInt();
        t.price = q.value(4).toLongLong();
        t.status = Protocol::ticketStatusFromString(q.value(5).toString().toLatin1())
                       .value_or(Protocol::TicketStatus::Sold);
        t.accessible = q.value(6).toBool();
        t.priceCategoryId = q.value(7).toLongLong();
        t.x = q.value(8).toInt();
        t.y = q.value(9).toInt();
        tickets.append(t);
    }
    return tickets;
}

void Mirror::storeBooking(const QJsonObject &booking, const QString &owner)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(
        u"INSERT INTO bookings (id, code, customer_name, created_at, json, owner) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "customer_name = excluded.customer_name, json = excluded.json, "
        "owner = CASE WHEN excluded.owner <> '' THEN excluded.owner ELSE bookings.owner END"_s);
    const qint64 id = booking.value(u"id"_s).toInteger();
    q.addBindValue(id);
    q.addBindValue(booking.value(u"code"_s).toString().toUpper());
    q.addBindValue(text(booking, u"customer_name"_s));
    q.addBindValue(text(booking, u"created_at"_s));
    QJsonObject stored = booking;
    stored.remove(u"refund"_s);
    q.addBindValue(QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Compact)));
    q.addBindValue(owner.isNull() ? u""_s : owner.toLower());
    QString error;
    if (run(q, &error))
        Q_EMIT bookingStored(id);
    else
        Q_EMIT storageFailed(tr("The local copy could not store a booking: %1").arg(error));
}

namespace {
QList<Booking> bookingsFrom(QSqlQuery &q)
{
    QList<Booking> bookings;
    if (!run(q))
        return bookings;
    while (q.next())
        bookings.append(
            Booking::fromJson(QJsonDocument::fromJson(q.value(0).toByteArray()).object()));
    return bookings;
}
} // namespace

std::optional<Booking> Mirror::booking(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT json FROM bookings WHERE id = ?"_s);
    q.addBindValue(id);
    const QList<Booking> found = bookingsFrom(q);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<Booking> Mirror::findBookings(const QString &codeOrName) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT json FROM bookings WHERE code = ? OR customer_name LIKE ? ESCAPE '\\' "
              "ORDER BY created_at DESC LIMIT 100"_s);
    QString pattern = codeOrName.trimmed();
    pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    q.addBindValue(codeOrName.trimmed().toUpper());
    q.addBindValue(QString(u'%' + pattern + u'%'));
    return bookingsFrom(q);
}

QList<Booking> Mirror::bookings(const QString &owner) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT json FROM bookings WHERE owner = ? ORDER BY created_at DESC"_s);
    q.addBindValue(owner.isNull() ? u""_s : owner.toLower());
    return bookingsFrom(q);
}

bool Mirror::storeDoorList(const DoorList &list)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    QString error;
    db.transaction();
    // Admissions made here and not yet uploaded stay admitted.
    QSet<QString> pending;
    q.prepare(u"SELECT secret FROM door_scans WHERE event_id = ? AND uploaded = 0"_s);
    q.addBindValue(list.eventId);
    bool ok = run(q, &error);
    while (ok && q.next())
        pending.insert(q.value(0).toString());
    QHash<QString, std::pair<qint64, QString>> local;
    q.prepare(u"SELECT secret, checked_in_at, checked_in_by FROM door_tickets "
              "WHERE event_id = ? AND checked_in_at IS NOT NULL"_s);
    q.addBindValue(list.eventId);
    ok = ok && run(q, &error);
    while (ok && q.next()) {
        if (pending.contains(q.value(0).toString()))
            local.insert(q.value(0).toString(), {q.value(1).toLongLong(), q.value(2).toString()});
    }
    q.prepare(u"DELETE FROM door_tickets WHERE event_id = ?"_s);
    q.addBindValue(list.eventId);
    ok = ok && run(q, &error);
    q.prepare(u"INSERT INTO door_tickets (event_id, secret, json, checked_in_at, checked_in_by) "
              "VALUES (?, ?, ?, ?, ?)"_s);
    for (const DoorTicket &ticket : list.tickets) {
        if (!ok)
            break;
        q.addBindValue(list.eventId);
        q.addBindValue(ticket.secret);
        q.addBindValue(
            QString::fromUtf8(QJsonDocument(ticket.toJson()).toJson(QJsonDocument::Compact)));
        if (ticket.isCheckedIn()) {
            q.addBindValue(ticket.checkedInAt.toMSecsSinceEpoch());
            q.addBindValue(ticket.checkedInBy);
        } else if (const auto here = local.constFind(ticket.secret); here != local.cend()) {
            q.addBindValue(here->first);
            q.addBindValue(here->second);
        } else {
            q.addBindValue(QVariant(QMetaType::fromType<qint64>()));
            q.addBindValue(u""_s);
        }
        ok = run(q, &error);
    }
    q.prepare(u"INSERT INTO door_lists (event_id, fetched_at) VALUES (?, ?) "
              "ON CONFLICT (event_id) DO UPDATE SET fetched_at = excluded.fetched_at"_s);
    q.addBindValue(list.eventId);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    ok = ok && run(q, &error);
    if (!ok || !db.commit()) {
        db.rollback();
        Q_EMIT storageFailed(tr("The local copy could not store the door's list: %1").arg(error));
        return false;
    }
    return true;
}

bool Mirror::hasDoorList(qint64 eventId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT 1 FROM door_lists WHERE event_id = ?"_s);
    q.addBindValue(eventId);
    return run(q) && q.next();
}

std::optional<DoorTicket> Mirror::doorTicket(qint64 eventId, const QString &secret) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT json, checked_in_at, checked_in_by FROM door_tickets "
              "WHERE event_id = ? AND secret = ?"_s);
    q.addBindValue(eventId);
    q.addBindValue(secret);
    if (!run(q) || !q.next())
        return std::nullopt;
    DoorTicket ticket =
        DoorTicket::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    ticket.checkedInAt = q.value(1).isNull()
                             ? QDateTime()
                             : QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    ticket.checkedInBy = q.value(2).toString();
    return ticket;
}

DoorCount Mirror::doorCount(qint64 eventId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT count(checked_in_at), count(*) FROM door_tickets WHERE event_id = ?"_s);
    q.addBindValue(eventId);
    if (!run(q) || !q.next())
        return {};
    return {q.value(0).toLongLong(), q.value(1).toLongLong()};
}

bool Mirror::markCheckedIn(qint64 eventId, const QString &secret, const QDateTime &at,
                           const QString &device)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"UPDATE door_tickets SET checked_in_at = ?, checked_in_by = ? "
              "WHERE event_id = ? AND secret = ?"_s);
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(device);
    q.addBindValue(eventId);
    q.addBindValue(secret);
    QString error;
    if (run(q, &error))
        return true;
    Q_EMIT storageFailed(tr("The local copy could not record a check-in: %1").arg(error));
    return false;
}

bool Mirror::addDoorScan(const CheckInScan &scan)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(
        u"INSERT INTO door_scans (event_id, secret, device, scanned_at) VALUES (?, ?, ?, ?)"_s);
    q.addBindValue(scan.eventId);
    q.addBindValue(scan.secret);
    q.addBindValue(scan.device);
    q.addBindValue(scan.scannedAt.toMSecsSinceEpoch());
    QString error;
    if (run(q, &error))
        return true;
    Q_EMIT storageFailed(tr("The local copy could not keep a scan: %1").arg(error));
    return false;
}

QList<Mirror::StoredScan> Mirror::pendingDoorScans(qint64 eventId) const
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName));
    q.prepare(u"SELECT id, secret, device, scanned_at FROM door_scans "
              "WHERE event_id = ? AND uploaded = 0 ORDER BY id"_s);
    q.addBindValue(eventId);
    QList<StoredScan> scans;
    if (!run(q))
        return scans;
    while (q.next()) {
        CheckInScan scan;
        scan.eventId = eventId;
        scan.secret = q.value(1).toString();
        scan.device = q.value(2).toString();
        scan.scannedAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC);
        scans.append({q.value(0).toLongLong(), scan});
    }
    return scans;
}

bool Mirror::markDoorScansUploaded(const QList<qint64> &ids)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    db.transaction();
    q.prepare(u"UPDATE door_scans SET uploaded = 1 WHERE id = ?"_s);
    QString error;
    bool ok = true;
    for (qint64 id : ids) {
        q.addBindValue(id);
        if (!(ok = run(q, &error)))
            break;
    }
    if (!ok || !db.commit()) {
        db.rollback();
        Q_EMIT storageFailed(tr("The local copy could not record an upload: %1").arg(error));
        return false;
    }
    return true;
}

void Mirror::applyAvailability(const QHash<qint64, qint64> &available)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName);
    QSqlQuery q(db);
    q.prepare(u"UPDATE events SET available = ? WHERE id = ? AND available <> ? "
              "AND id NOT IN (SELECT event_id FROM seat_maps)"_s);
    QList<qint64> changed;
    QString error;
    db.transaction();
    for (auto it = available.cbegin(); it != available.cend(); ++it) {
        q.addBindValue(it.value());
        q.addBindValue(it.key());
        q.addBindValue(it.value());
        if (!run(q, &error)) {
            db.rollback();
            Q_EMIT storageFailed(tr("The local copy could not store free seats: %1").arg(error));
            return;
        }
        if (q.numRowsAffected() > 0)
            changed.append(it.key());
    }
    db.commit();
    if (!changed.isEmpty())
        Q_EMIT availabilityChanged(changed);
}
