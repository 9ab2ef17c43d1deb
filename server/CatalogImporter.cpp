#include "CatalogImporter.h"

#include "Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTimeZone>
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

struct Seat
{
    QString section, row;
    int number, x, y;
    bool accessible;
};

// A venue as the file describes it, checked, its seats laid out.
struct VenueLayout
{
    QString name, city, address, kind;
    QList<Seat> seats;
    QSet<QString> sectionNames;
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
    layout.kind = venue.contains(u"kind"_s) ? text(venue, u"kind"_s, u"venue"_s) : u"theatre"_s;
    if (!QStringList{u"cinema"_s, u"theatre"_s, u"concert_hall"_s, u"arena"_s}.contains(
            layout.kind))
        fail(u"venue: \"kind\" must be cinema, theatre, concert_hall or arena."_s);
    int y = 0;
    const QJsonArray sections = venue.value(u"sections"_s).toArray();
    if (sections.isEmpty())
        fail(u"venue: \"sections\" must list at least one section."_s);
    for (const QJsonValue &sectionValue : sections) {
        const QJsonObject section = sectionValue.toObject();
        const QString sectionName = text(section, u"name"_s, u"section"_s);
        if (layout.sectionNames.contains(sectionName))
            fail(u"section \"%1\" appears twice."_s.arg(sectionName));
        layout.sectionNames.insert(sectionName);
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
            for (int n = 1; n <= count; ++n)
                layout.seats.append(Seat{sectionName, name, n, n, y, accessible.contains(n)});
            ++y;
        }
        ++y; // an aisle between sections
    }
    return layout;
}

// The venue row, and its seats the first time it is imported.
void insertVenue(pqxx::work &tx, const VenueLayout &layout, ImportSummary &summary)
{
    const pqxx::row venueRow = tx.exec_params1(
        "INSERT INTO venues (name, city, address, kind) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (name, city) DO UPDATE SET address = EXCLUDED.address RETURNING id",
        toStd(layout.name), toStd(layout.city), toStd(layout.address), toStd(layout.kind));
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
                   const VenueLayout &layout, ImportSummary &summary)
{
    const QJsonArray categories = event.value(u"price_categories"_s).toArray();
    if (categories.isEmpty())
        fail(where + u": \"price_categories\" must list at least one category."_s);
    QSet<QString> covered;
    qint64 defaultCategory = 0;
    for (const QJsonValue &categoryValue : categories) {
        const QJsonObject category = categoryValue.toObject();
        const qint64 categoryId =
            tx.exec_params1("INSERT INTO price_categories (event_id, name, price_cents, color) "
                            "VALUES ($1, $2, $3, $4) RETURNING id",
                            eventId, toStd(text(category, u"name"_s, where + u" price category"_s)),
                            number(category, u"price"_s, where + u" price category"_s, 0, 10000000),
                            toStd(category.value(u"color"_s).toString(u"#4caf50"_s)))[0]
                .as<qint64>();
        const QJsonArray forSections = category.value(u"sections"_s).toArray();
        if (forSections.isEmpty()) {
            defaultCategory = categoryId;
            continue;
        }
        QStringList names;
        for (const QJsonValue &s : forSections) {
            if (!layout.sectionNames.contains(s.toString()))
                fail(where + u": price category names unknown section \"%1\"."_s.arg(s.toString()));
            if (covered.contains(s.toString()))
                fail(where + u": section \"%1\" has two price categories."_s.arg(s.toString()));
            covered.insert(s.toString());
            names.append(s.toString());
        }
        for (const QString &section : names) {
            summary.ticketsCreated += static_cast<qint64>(
                tx.exec_params("INSERT INTO tickets (event_id, seat_id, price_category_id, "
                               "price_cents) SELECT $1, s.id, pc.id, pc.price_cents "
                               "FROM seats s, price_categories pc WHERE s.venue_id = $2 "
                               "AND s.section = $3 AND pc.id = $4 ORDER BY s.id",
                               eventId, summary.venueId, toStd(section), categoryId)
                    .affected_rows());
        }
    }
    if (covered.size() < layout.sectionNames.size()) {
        if (!defaultCategory)
            fail(where + u": some sections have no price category; add one without "
                         "\"sections\" as the default."_s);
        summary.ticketsCreated += static_cast<qint64>(
            tx.exec_params("INSERT INTO tickets (event_id, seat_id, price_category_id, "
                           "price_cents) SELECT $1, s.id, pc.id, pc.price_cents "
                           "FROM seats s, price_categories pc WHERE s.venue_id = $2 "
                           "AND pc.id = $3 AND NOT EXISTS (SELECT 1 FROM tickets t "
                           "WHERE t.event_id = $1 AND t.seat_id = s.id) ORDER BY s.id",
                           eventId, summary.venueId, defaultCategory)
                .affected_rows());
    }
}

// One event with its prices and tickets; an event already there is skipped.
void importEvent(pqxx::work &tx, const QJsonObject &event, const VenueLayout &layout,
                 ImportSummary &summary)
{
    const QString name = text(event, u"name"_s, u"event"_s);
    const QString where = u"event \"%1\""_s.arg(name);
    const QDateTime startsAt =
        QDateTime::fromString(text(event, u"starts_at"_s, where), Qt::ISODate);
    if (!startsAt.isValid())
        fail(where + u": \"starts_at\" must be an ISO 8601 date-time."_s);
    // What the API writes and every client reads back (RequestInput's range).
    const int year = startsAt.toUTC().date().year();
    if (year < 1900 || year > 9999)
        fail(where + u": \"starts_at\" must be between the years 1900 and 9999 (in UTC)."_s);
    const std::string startsAtText = startsAt.toUTC().toString(Qt::ISODate).toStdString();
    if (!tx.exec_params("SELECT 1 FROM events WHERE venue_id = $1 AND name = $2 "
                        "AND starts_at = $3::timestamptz",
                        summary.venueId, toStd(name), startsAtText)
             .empty()) {
        ++summary.eventsSkipped;
        return;
    }
    const qint64 eventId =
        tx.exec_params1("INSERT INTO events (venue_id, name, description, performer, "
                        "category, starts_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz) "
                        "RETURNING id",
                        summary.venueId, toStd(name),
                        toStd(text(event, u"description"_s, where, false)),
                        toStd(text(event, u"performer"_s, where, false)),
                        toStd(text(event, u"category"_s, where, false)), startsAtText)[0]
            .as<qint64>();
    insertTickets(tx, eventId, event, where, layout, summary);
    tx.exec_params0("UPDATE events SET available = (SELECT count(*) FROM tickets "
                    "WHERE event_id = $1 AND status = 'available') WHERE id = $1",
                    eventId);
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

qsizetype checkVenue(const QJsonObject &venue)
{
    return readVenue(venue).seats.size();
}

QList<QJsonObject> demoCatalog()
{
    const QDate firstDay = QDate::currentDate().addDays(1);
    constexpr int Days = 21;
    auto at = [](QDate day, int hour, int minute) {
        return QDateTime(day, QTime(hour, minute), QTimeZone("Europe/Berlin"_ba))
            .toUTC()
            .toString(Qt::ISODate);
    };
    QList<QJsonObject> catalog;

    // Lumen Kino, Berlin: three screens, four shows a day each.
    const QList<std::pair<QString, QString>> films = {
        {u"Der Leuchtturm"_s, u"Drama"_s},
        {u"Nordlicht"_s, u"Documentary"_s},
        {u"Café Müller"_s, u"Comedy"_s},
        {u"Die letzte Fähre"_s, u"Thriller"_s},
        {u"Sternenstaub"_s, u"Science fiction"_s},
        {u"Stadt der Träume"_s, u"Family"_s},
        {u"Winterreise"_s, u"Drama"_s},
        {u"Der Fischer und die Möwe"_s, u"Animation"_s},
    };
    const QList<std::pair<QString, QString>> directors = {
        {u"Anna Berger"_s, u""_s}, {u"Lukas Hoffmann"_s, u""_s}, {u"Sofia Álvarez"_s, u""_s},
        {u"Jonas Weber"_s, u""_s}, {u"Mei Tanaka"_s, u""_s},     {u"Emil Sørensen"_s, u""_s},
        {u"Clara Novak"_s, u""_s}, {u"Paul Richter"_s, u""_s},
    };
    const int screenRows[] = {12, 9, 7};
    const int screenSeats[] = {18, 14, 12};
    for (int screen = 0; screen < 3; ++screen) {
        QJsonArray events;
        for (int day = 0; day < Days; ++day) {
            const int times[][2] = {{14, 0}, {17, 15}, {20, 0}, {22, 45}};
            for (int show = 0; show < 4; ++show) {
                const int film = (day + show + screen * 3) % films.size();
                events.append(QJsonObject{
                    {u"name"_s, films[film].first},
                    {u"performer"_s, directors[film].first},
                    {u"category"_s, QString(u"Film · "_s + films[film].second)},
                    {u"description"_s,
                     u"A film by %1, shown in Saal %2."_s.arg(directors[film].first)
                         .arg(screen + 1)},
                    {u"starts_at"_s, at(firstDay.addDays(day), times[show][0], times[show][1])},
                    {u"price_categories"_s,
                     QJsonArray{QJsonObject{{u"name"_s, u"Loge"_s},
                                            {u"price"_s, 1450},
                                            {u"color"_s, u"#8e24aa"_s},
                                            {u"sections"_s, QJsonArray{u"Loge"_s}}},
                                QJsonObject{{u"name"_s, u"Parkett"_s},
                                            {u"price"_s, 1150},
                                            {u"color"_s, u"#1e88e5"_s}}}},
                });
            }
        }
        catalog.append(QJsonObject{
            {u"venue"_s,
             QJsonObject{{u"name"_s, u"Lumen Kino Saal %1"_s.arg(screen + 1)},
                         {u"city"_s, u"Berlin"_s},
                         {u"address"_s, u"Kastanienallee 12, 10435 Berlin"_s},
                         {u"kind"_s, u"cinema"_s},
                         {u"sections"_s,
                          QJsonArray{QJsonObject{{u"name"_s, u"Parkett"_s},
                                                 {u"rows"_s, screenRows[screen]},
                                                 {u"seats_per_row"_s, screenSeats[screen]},
                                                 {u"row_names"_s, u"numbers"_s},
                                                 {u"accessible_rows"_s, QJsonArray{u"1"_s}}},
                                     QJsonObject{{u"name"_s, u"Loge"_s},
                                                 {u"rows"_s, 2},
                                                 {u"seats_per_row"_s, screenSeats[screen] - 4}}}}}},
            {u"events"_s, events},
        });
    }

    // Hafenhalle, Hamburg: a 1,800-seat concert hall, a concert every night.
    const QList<std::pair<QString, QString>> concerts = {
        {u"Beethoven: Symphonie Nr. 9"_s, u"Hamburger Symphoniker"_s},
        {u"Nachtmusik"_s, u"Mara Lindqvist Quartet"_s},
        {u"Live in Hamburg"_s, u"Jonas Brenner"_s},
        {u"Brahms & Schumann"_s, u"Elbe Kammerorchester"_s},
        {u"Jazz an der Elbe"_s, u"Ida Sørlie Trio"_s},
        {u"Vivaldi: Die vier Jahreszeiten"_s, u"Barockensemble Altona"_s},
        {u"Chansons"_s, u"Amélie Durand"_s},
    };
    QJsonArray hallEvents;
    for (int day = 0; day < Days; ++day) {
        const auto &[name, performer] = concerts[day % concerts.size()];
        hallEvents.append(QJsonObject{
            {u"name"_s, name},
            {u"performer"_s, performer},
            {u"category"_s, u"Concert"_s},
            {u"description"_s, u"%1 with %2 in the Great Hall."_s.arg(name, performer)},
            {u"starts_at"_s, at(firstDay.addDays(day), 20, 0)},
            {u"price_categories"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"Kategorie 1"_s},
                                    {u"price"_s, 8900},
                                    {u"color"_s, u"#c62828"_s},
                                    {u"sections"_s, QJsonArray{u"Parkett"_s}}},
                        QJsonObject{{u"name"_s, u"Kategorie 2"_s},
                                    {u"price"_s, 5900},
                                    {u"color"_s, u"#ef6c00"_s},
                                    {u"sections"_s, QJsonArray{u"Rang links"_s, u"Rang rechts"_s}}},
                        QJsonObject{{u"name"_s, u"Kategorie 3"_s},
                                    {u"price"_s, 2900},
                                    {u"color"_s, u"#2e7d32"_s}}}},
        });
    }
    catalog.append(QJsonObject{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Hafenhalle"_s},
             {u"city"_s, u"Hamburg"_s},
             {u"address"_s, u"Am Kaiserkai 1, 20457 Hamburg"_s},
             {u"kind"_s, u"concert_hall"_s},
             {u"sections"_s,
              QJsonArray{
                  QJsonObject{{u"name"_s, u"Parkett"_s},
                              {u"rows"_s, 30},
                              {u"seats_per_row"_s, 40},
                              {u"accessible_rows"_s, QJsonArray{u"A"_s}}},
                  QJsonObject{
                      {u"name"_s, u"Rang links"_s}, {u"rows"_s, 10}, {u"seats_per_row"_s, 20}},
                  QJsonObject{
                      {u"name"_s, u"Rang rechts"_s}, {u"rows"_s, 10}, {u"seats_per_row"_s, 20}},
                  QJsonObject{
                      {u"name"_s, u"Galerie"_s}, {u"rows"_s, 5}, {u"seats_per_row"_s, 40}}}}}},
        {u"events"_s, hallEvents},
    });

    // Isarbühne, Munich: a 600-seat theatre, a play six nights a week.
    const QList<std::pair<QString, QString>> plays = {
        {u"Faust I"_s, u"Ensemble der Isarbühne"_s},
        {u"Nathan der Weise"_s, u"Ensemble der Isarbühne"_s},
        {u"Woyzeck"_s, u"Theater am Fluss (Gastspiel)"_s},
        {u"Minna von Barnhelm"_s, u"Ensemble der Isarbühne"_s},
    };
    QJsonArray theatreEvents;
    for (int day = 0; day < Days; ++day) {
        if (firstDay.addDays(day).dayOfWeek() == Qt::Monday)
            continue;
        const auto &[name, performer] = plays[(day / 3) % plays.size()];
        theatreEvents.append(QJsonObject{
            {u"name"_s, name},
            {u"performer"_s, performer},
            {u"category"_s, u"Theatre"_s},
            {u"description"_s, u"%1, staged by %2."_s.arg(name, performer)},
            {u"starts_at"_s, at(firstDay.addDays(day), 19, 30)},
            {u"price_categories"_s,
             QJsonArray{QJsonObject{{u"name"_s, u"Parkett"_s},
                                    {u"price"_s, 4200},
                                    {u"color"_s, u"#3949ab"_s},
                                    {u"sections"_s, QJsonArray{u"Parkett"_s}}},
                        QJsonObject{{u"name"_s, u"Balkon"_s},
                                    {u"price"_s, 2800},
                                    {u"color"_s, u"#00897b"_s}}}},
        });
    }
    catalog.append(QJsonObject{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Isarbühne"_s},
             {u"city"_s, u"München"_s},
             {u"address"_s, u"Zweibrückenstraße 5, 80331 München"_s},
             {u"kind"_s, u"theatre"_s},
             {u"sections"_s, QJsonArray{QJsonObject{{u"name"_s, u"Parkett"_s},
                                                    {u"rows"_s, 18},
                                                    {u"seats_per_row"_s, 24},
                                                    {u"accessible_rows"_s, QJsonArray{u"R"_s}}},
                                        QJsonObject{{u"name"_s, u"Balkon"_s},
                                                    {u"rows"_s, 8},
                                                    {u"seats_per_row"_s, 21}}}}}},
        {u"events"_s, theatreEvents},
    });
    return catalog;
}
