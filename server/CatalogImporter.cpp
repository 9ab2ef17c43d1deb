#include "CatalogImporter.h"

#include "Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointF>
#include <QSet>
#include <QTimeZone>
#include <QtMath>

#include <cmath>
#include <stdexcept>

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void fail(const QString &what)
{
    throw std::invalid_argument(what.toStdString());
}

QString text(const QJsonObject &object, const QString &field, const QString &where,
             bool required = true)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() && !required)
        return {};
    if (!value.isString() || (required && value.toString().trimmed().isEmpty()))
        fail(u"%1: \"%2\" must be a non-empty string."_s.arg(where, field));
    return value.toString().trimmed();
}

int number(const QJsonObject &object, const QString &field, const QString &where, int min, int max)
{
    const QJsonValue value = object.value(field);
    const double n = value.toDouble(-1e18);
    if (!value.isDouble() || n < min || n > max || n != static_cast<int>(n))
        fail(u"%1: \"%2\" must be a whole number from %3 to %4."_s.arg(where, field)
                 .arg(min)
                 .arg(max));
    return static_cast<int>(n);
}

double real(const QJsonObject &object, const QString &field, const QString &where, double min,
            double max, double fallback)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined())
        return fallback;
    const double n = value.toDouble(-1e18);
    if (!value.isDouble() || n < min || n > max)
        fail(u"%1: \"%2\" must be a number from %3 to %4."_s.arg(where, field).arg(min).arg(max));
    return n;
}

QString rowName(int index)
{
    // A, B, … Z, AA, AB, …
    QString name;
    for (int i = index; i >= 0; i = i / 26 - 1)
        name.prepend(QChar(u'A' + i % 26));
    return name;
}

} // namespace

namespace {

// More than the largest stadium: a bigger venue is a mistake in the file.
constexpr qsizetype MaxVenueSeats = 150000;
// Seats are stored in tenths of a seat, so that curved and angled rows can be
// drawn; the client measures the distance between neighbours, so layouts
// stored in whole seats before keep working.
constexpr double Grid = 10;

// Where a section's seats go. Without "position" the section's rows start at
// the left and go below the sections before it, one row of aisle between,
// as in files without geometry. With it, the section's front row is centred
// on the position (in seats: x from the middle of the stage, y away from it);
// "curve" bends the rows round a point that many seats in front of the front
// row, and "angle" turns the whole section clockwise (90: the rows face
// right, as a balcony on the left side of the hall does).
struct SectionGeometry
{
    bool positioned = false;
    QPointF position;
    double curve = 0;
    double angle = 0;

    QPoint place(int row, int number, int seatsInRow, int stackedY) const
    {
        if (!positioned)
            return QPoint(qRound(number * Grid), qRound(stackedY * Grid));
        const double along = number - (seatsInRow + 1) / 2.0;
        QPointF local(along, row);
        if (curve > 0) {
            const double radius = curve + row;
            const double theta = along / radius;
            local = QPointF(radius * std::sin(theta), radius * std::cos(theta) - curve);
        }
        const double phi = qDegreesToRadians(angle);
        const QPointF turned(local.x() * std::cos(phi) - local.y() * std::sin(phi),
                             local.x() * std::sin(phi) + local.y() * std::cos(phi));
        const QPointF at = (turned + position) * Grid;
        return QPoint(qRound(at.x()), qRound(at.y()));
    }
};

SectionGeometry readGeometry(const QJsonObject &section, const QString &sectionName)
{
    SectionGeometry geometry;
    const QJsonValue position = section.value(u"position"_s);
    if (position.isUndefined())
        return geometry;
    if (!position.isObject())
        fail(sectionName + u": \"position\" must be an object with \"x\" and \"y\"."_s);
    const QString where = sectionName + u" position"_s;
    geometry.positioned = true;
    geometry.position = QPointF(real(position.toObject(), u"x"_s, where, -1000, 1000, qQNaN()),
                                real(position.toObject(), u"y"_s, where, -1000, 1000, qQNaN()));
    if (qIsNaN(geometry.position.x()) || qIsNaN(geometry.position.y()))
        fail(sectionName + u": \"position\" must be an object with \"x\" and \"y\"."_s);
    geometry.curve = real(section, u"curve"_s, sectionName, 0, 1000, 0);
    if (geometry.curve > 0 && geometry.curve < 1)
        fail(sectionName + u": \"curve\" must be 0 (straight rows) or at least 1."_s);
    geometry.angle = real(section, u"angle"_s, sectionName, -360, 360, 0);
    return geometry;
}

using Seat = VenueSeat;

// A VAT rate in percent (7, 19, 5.5) as basis points.
int vatRateBp(const QJsonValue &value, const QString &where)
{
    const double percent = value.toDouble(-1);
    const double bp = percent * 100;
    if (!value.isDouble() || percent < 0 || percent > 100 || bp != std::round(bp))
        fail(where + u": \"vat_rate\" must be a percentage from 0 to 100 with at most two "
                     "decimals, e.g. 7 or 19."_s);
    return static_cast<int>(std::lround(bp));
}

// A venue as the file describes it, checked, its seats laid out.
struct VenueLayout
{
    QString name, city, address, kind, vatId;
    int vatRateBp = 700; // German VAT on tickets for theatres, concerts and cinemas
    QList<Seat> seats;
    QSet<QString> sectionNames;
};

struct SeatPlace
{
    int x, y;
    friend bool operator==(SeatPlace a, SeatPlace b) { return a.x == b.x && a.y == b.y; }
    friend size_t qHash(SeatPlace p, size_t seed = 0) { return qHashMulti(seed, p.x, p.y); }
};

// The rows of a section: listed one by one, or "rows": N and
// "seats_per_row": M (with optional numbered rows and accessible rows).
QJsonArray sectionRows(const QJsonObject &section, const QString &sectionName)
{
    if (section.value(u"rows"_s).isArray())
        return section.value(u"rows"_s).toArray();
    QJsonArray rows;
    const int rowCount = number(section, u"rows"_s, sectionName, 1, 500);
    const int perRow = number(section, u"seats_per_row"_s, sectionName, 1, 500);
    const QJsonArray accessibleRows = section.value(u"accessible_rows"_s).toArray();
    for (int r = 0; r < rowCount; ++r) {
        const QString name = section.value(u"row_names"_s).toString() == u"numbers"_s
                                 ? QString::number(r + 1)
                                 : rowName(r);
        QJsonObject row{{u"name"_s, name}, {u"seats"_s, perRow}};
        if (accessibleRows.contains(QJsonValue(name)))
            row.insert(u"accessible"_s, QJsonArray{1, 2, perRow - 1, perRow});
        rows.append(row);
    }
    return rows;
}

// Seats: sections of rows; a row is {"name","seats","accessible":[numbers]}.
VenueLayout readVenue(const QJsonObject &venue)
{
    if (venue.isEmpty())
        fail(u"The file needs a \"venue\" object."_s);
    VenueLayout layout;
    layout.name = text(venue, u"name"_s, u"venue"_s);
    layout.city = text(venue, u"city"_s, u"venue"_s);
    layout.address = venue.value(u"address"_s).toString();
    layout.vatId = venue.value(u"vat_id"_s).toString().left(50);
    if (venue.contains(u"vat_rate"_s))
        layout.vatRateBp = vatRateBp(venue.value(u"vat_rate"_s), u"venue"_s);
    layout.kind = venue.contains(u"kind"_s) ? text(venue, u"kind"_s, u"venue"_s) : u"theatre"_s;
    if (!QStringList{u"cinema"_s, u"theatre"_s, u"concert_hall"_s, u"arena"_s}.contains(
            layout.kind))
        fail(u"venue: \"kind\" must be cinema, theatre, concert_hall or arena."_s);
    int y = 0;
    const QJsonArray sections = venue.value(u"sections"_s).toArray();
    if (sections.isEmpty())
        fail(u"venue: \"sections\" must list at least one section."_s);
    QSet<SeatPlace> taken;
    for (const QJsonValue &sectionValue : sections) {
        const QJsonObject section = sectionValue.toObject();
        const QString sectionName = text(section, u"name"_s, u"section"_s);
        if (layout.sectionNames.contains(sectionName))
            fail(u"section \"%1\" appears twice."_s.arg(sectionName));
        layout.sectionNames.insert(sectionName);
        const SectionGeometry geometry = readGeometry(section, sectionName);
        int rowIndex = 0;
        for (const QJsonValue &rowValue : sectionRows(section, sectionName)) {
            const QJsonObject row = rowValue.toObject();
            const QString name = text(row, u"name"_s, sectionName + u" row"_s);
            const int count = number(row, u"seats"_s, sectionName + u" row "_s + name, 1, 1000);
            // Checked before laying out: a file of 2 KB could otherwise ask
            // for tens of millions of seats (and gigabytes) at 500x500 per section.
            if (layout.seats.size() + count > MaxVenueSeats)
                fail(u"venue: at most %1 seats."_s.arg(MaxVenueSeats));
            QSet<int> accessible;
            for (const QJsonValue &a : row.value(u"accessible"_s).toArray())
                accessible.insert(a.toInt());
            for (int n = 1; n <= count; ++n) {
                const QPoint at = geometry.place(rowIndex, n, count, y);
                // Two seats in one place is a mistake in the positions.
                if (taken.contains(SeatPlace{at.x(), at.y()}))
                    fail(u"%1 row %2 seat %3 lies on another seat; move the section."_s
                             .arg(sectionName, name)
                             .arg(n));
                taken.insert(SeatPlace{at.x(), at.y()});
                layout.seats.append(
                    Seat{sectionName, name, n, at.x(), at.y(), accessible.contains(n)});
            }
            ++rowIndex;
            if (!geometry.positioned)
                ++y;
        }
        if (!geometry.positioned)
            ++y; // an aisle between sections
    }
    return layout;
}

// The venue row, and its seats the first time it is imported.
void insertVenue(pqxx::work &tx, const VenueLayout &layout, ImportSummary &summary)
{
    const pqxx::row venueRow =
        tx.exec_params1("INSERT INTO venues (name, city, address, kind, vat_rate_bp, vat_id) "
                        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name, city) DO UPDATE "
                        "SET address = EXCLUDED.address, vat_rate_bp = EXCLUDED.vat_rate_bp, "
                        "vat_id = EXCLUDED.vat_id RETURNING id",
                        toStd(layout.name), toStd(layout.city), toStd(layout.address),
                        toStd(layout.kind), layout.vatRateBp, toStd(layout.vatId));
    summary.venueId = venueRow[0].as<qint64>();
    if (!tx.exec_params("SELECT 1 FROM seats WHERE venue_id = $1 LIMIT 1", summary.venueId).empty())
        return;
    // Set-based insert through arrays: thousands of seats in one statement.
    QStringList sectionsCol, rowsCol;
    QList<int> numbers, xs, ys, accessibleCol;
    for (const Seat &seat : layout.seats) {
        sectionsCol.append(seat.section);
        rowsCol.append(seat.row);
        numbers.append(seat.number);
        xs.append(seat.x);
        ys.append(seat.y);
        accessibleCol.append(seat.accessible ? 1 : 0);
    }
    summary.seatsCreated = static_cast<int>(
        tx.exec_params("INSERT INTO seats (venue_id, section, row, number, x, y, accessible) "
                       "SELECT $1, s, r, n, x, y, a::boolean FROM unnest($2::text[], "
                       "$3::text[], $4::int[], $5::int[], $6::int[], $7::int[]) "
                       "AS u(s, r, n, x, y, a)",
                       summary.venueId, toPgTextArray(sectionsCol), toPgTextArray(rowsCol),
                       toPgArray(numbers), toPgArray(xs), toPgArray(ys), toPgArray(accessibleCol))
            .affected_rows());
}

// An event's price categories and a ticket for every seat: each category
// names its sections, one without sections covers the rest.
void insertTickets(pqxx::work &tx, qint64 eventId, const QJsonObject &event, const QString &where,
                   qint64 venueId, const QSet<QString> &sectionNames, qint64 &ticketsCreated)
{
    const QJsonArray categories = event.value(u"price_categories"_s).toArray();
    if (categories.isEmpty())
        fail(where + u": \"price_categories\" must list at least one category."_s);
    QSet<QString> covered;
    qint64 defaultCategory = 0;
    for (const QJsonValue &categoryValue : categories) {
        const QJsonObject category = categoryValue.toObject();
        const qint64 categoryId =
            tx.exec_params1(
                  "INSERT INTO price_categories (event_id, name, price_cents, color, vat_rate_bp) "
                  "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                  eventId, toStd(text(category, u"name"_s, where + u" price category"_s)),
                  number(category, u"price"_s, where + u" price category"_s, 0, 10000000),
                  toStd(category.value(u"color"_s).toString(u"#4caf50"_s)),
                  category.contains(u"vat_rate"_s)
                      ? std::optional<int>(
                            vatRateBp(category.value(u"vat_rate"_s), where + u" price category"_s))
                      : std::nullopt)[0]
                .as<qint64>();
        const QJsonArray forSections = category.value(u"sections"_s).toArray();
        if (forSections.isEmpty()) {
            defaultCategory = categoryId;
            continue;
        }
        QStringList names;
        for (const QJsonValue &s : forSections) {
            if (!sectionNames.contains(s.toString()))
                fail(where + u": price category names unknown section \"%1\"."_s.arg(s.toString()));
            if (covered.contains(s.toString()))
                fail(where + u": section \"%1\" has two price categories."_s.arg(s.toString()));
            covered.insert(s.toString());
            names.append(s.toString());
        }
        for (const QString &section : names) {
            ticketsCreated += static_cast<qint64>(
                tx.exec_params("INSERT INTO tickets (event_id, seat_id, price_category_id, "
                               "price_cents) SELECT $1, s.id, pc.id, pc.price_cents "
                               "FROM seats s, price_categories pc WHERE s.venue_id = $2 "
                               "AND s.section = $3 AND pc.id = $4 ORDER BY s.id",
                               eventId, venueId, toStd(section), categoryId)
                    .affected_rows());
        }
    }
    if (covered.size() < sectionNames.size()) {
        if (!defaultCategory)
            fail(where + u": some sections have no price category; add one without "
                         "\"sections\" as the default."_s);
        ticketsCreated += static_cast<qint64>(
            tx.exec_params("INSERT INTO tickets (event_id, seat_id, price_category_id, "
                           "price_cents) SELECT $1, s.id, pc.id, pc.price_cents "
                           "FROM seats s, price_categories pc WHERE s.venue_id = $2 "
                           "AND pc.id = $3 AND NOT EXISTS (SELECT 1 FROM tickets t "
                           "WHERE t.event_id = $1 AND t.seat_id = s.id) ORDER BY s.id",
                           eventId, venueId, defaultCategory)
                .affected_rows());
    }
}

// The event's name and start, checked.
struct EventKey
{
    QString name, where;
    std::string startsAt;
};

EventKey readEventKey(const QJsonObject &event)
{
    EventKey key;
    key.name = text(event, u"name"_s, u"event"_s);
    key.where = u"event \"%1\""_s.arg(key.name);
    const QDateTime startsAt =
        QDateTime::fromString(text(event, u"starts_at"_s, key.where), Qt::ISODate);
    if (!startsAt.isValid())
        fail(key.where + u": \"starts_at\" must be an ISO 8601 date-time."_s);
    // What the API writes and every client reads back (RequestInput's range).
    const int year = startsAt.toUTC().date().year();
    if (year < 1900 || year > 9999)
        fail(key.where + u": \"starts_at\" must be between the years 1900 and 9999 (in UTC)."_s);
    key.startsAt = startsAt.toUTC().toString(Qt::ISODate).toStdString();
    return key;
}

qint64 insertEventRow(pqxx::work &tx, qint64 venueId, const QJsonObject &event, const EventKey &key,
                      const QSet<QString> &sectionNames, qint64 &ticketsCreated)
{
    const qint64 eventId =
        tx.exec_params1("INSERT INTO events (venue_id, name, description, performer, "
                        "category, starts_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz) "
                        "RETURNING id",
                        venueId, toStd(key.name),
                        toStd(text(event, u"description"_s, key.where, false)),
                        toStd(text(event, u"performer"_s, key.where, false)),
                        toStd(text(event, u"category"_s, key.where, false)), key.startsAt)[0]
            .as<qint64>();
    insertTickets(tx, eventId, event, key.where, venueId, sectionNames, ticketsCreated);
    // Setting the revision again announces the new event at commit
    // (006_catalog_notify.sql: an INSERT stamps it but notifies nobody).
    tx.exec_params0("UPDATE events SET available = (SELECT count(*) FROM tickets "
                    "WHERE event_id = $1 AND status = 'available'), revision = revision "
                    "WHERE id = $1",
                    eventId);
    return eventId;
}

// One event with its prices and tickets; an event already there is skipped.
void importEvent(pqxx::work &tx, const QJsonObject &event, const VenueLayout &layout,
                 ImportSummary &summary)
{
    const EventKey key = readEventKey(event);
    if (!tx.exec_params("SELECT 1 FROM events WHERE venue_id = $1 AND name = $2 "
                        "AND starts_at = $3::timestamptz",
                        summary.venueId, toStd(key.name), key.startsAt)
             .empty()) {
        ++summary.eventsSkipped;
        return;
    }
    insertEventRow(tx, summary.venueId, event, key, layout.sectionNames, summary.ticketsCreated);
    ++summary.eventsCreated;
}

} // namespace

ImportSummary importCatalog(Database &db, const QJsonObject &document)
{
    const VenueLayout layout = readVenue(document.value(u"venue"_s).toObject());
    const QJsonArray events = document.value(u"events"_s).toArray();
    ImportSummary summary;
    db.transact([&](pqxx::work &tx) {
        summary = ImportSummary();
        insertVenue(tx, layout, summary);
        for (const QJsonValue &event : events)
            importEvent(tx, event.toObject(), layout, summary);
    });
    return summary;
}

qint64 insertEvent(pqxx::work &tx, qint64 venueId, const QJsonObject &event, qint64 *ticketsCreated)
{
    const EventKey key = readEventKey(event);
    QSet<QString> sectionNames;
    for (const pqxx::row &row :
         tx.exec_params("SELECT DISTINCT section FROM seats WHERE venue_id = $1", venueId))
        sectionNames.insert(toQString(row[0]));
    qint64 created = 0;
    const qint64 eventId = insertEventRow(tx, venueId, event, key, sectionNames, created);
    if (ticketsCreated)
        *ticketsCreated = created;
    return eventId;
}

QList<VenueSeat> layOutVenue(const QJsonObject &venue)
{
    return readVenue(venue).seats;
}

qsizetype checkVenue(const QJsonObject &venue)
{
    return layOutVenue(venue).size();
}
