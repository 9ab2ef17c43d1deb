#include "CatalogService.h"

#include "Catalog.h"
#include "Database.h"
#include "DomainError.h"
#include "Log.h"
#include "Metrics.h"
#include "Redis.h"
#include "SearchIndex.h"
#include "SearchText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;
using Protocol::TicketStatus;

namespace {
constexpr int EventCacheSeconds = 300;

QDateTime timeOf(const pqxx::field &field)
{
    // Postgres renders timestamptz as "2026-12-01 20:00:00+00" under UTC.
    QString text = toQString(field);
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid())
        time = QDateTime::fromString(text.replace(u' ', u'T') + u":00"_s, Qt::ISODate);
    return time;
}
// A search result from a row of (id, name, performer, category, starts_at,
// venue id, venue name, city, available, cancelled).
QJsonObject summaryOf(const pqxx::row &row)
{
    Event event;
    event.id = row[0].as<qint64>();
    event.name = toQString(row[1]);
    event.performer = toQString(row[2]);
    event.category = toQString(row[3]);
    event.startsAt = timeOf(row[4]);
    event.venue = Venue{row[5].as<qint64>(), toQString(row[6]), toQString(row[7]), {}, {}};
    event.available = row[8].as<qint64>();
    event.cancelled = row[9].as<bool>();
    return event.toSummaryJson();
}

} // namespace

CatalogService::CatalogService(Database &db, Redis &redis, Metrics &metrics,
                               EventVersions &versions, SearchReader *index)
    : m_db(db)
    , m_redis(redis)
    , m_metrics(metrics)
    , m_versions(versions)
    , m_index(index)
{
}

QJsonArray CatalogService::summaries(const QList<qint64> &eventIds)
{
    QJsonArray events;
    if (eventIds.isEmpty())
        return events;
    pqxx::nontransaction tx(m_db.connection()); // one statement
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("catalog_summaries",
                      "SELECT e.id, e.name, e.performer, e.category, e.starts_at, v.id, v.name, "
                      "v.city, e.available, e.cancelled_at IS NOT NULL FROM events e "
                      "JOIN venues v ON v.id = e.venue_id WHERE e.id = ANY($1::bigint[])"),
        toPgArray(eventIds));
    QHash<qint64, QJsonObject> byId;
    for (const pqxx::row &row : rows) {
        byId.insert(row[0].as<qint64>(), summaryOf(row));
    }
    for (qint64 id : eventIds) {
        if (byId.contains(id))
            events.append(byId.value(id));
    }
    return events;
}

std::optional<QJsonArray> CatalogService::searchIndex(const EventSearch &search)
{
    // Substring filters shorter than a trigram, and browsing without words
    // or filters, are Postgres's.
    const QString name = SearchText::fold(search.name);
    const QString performer = SearchText::fold(search.performer);
    const QString location = SearchText::fold(search.location);
    for (const QString *filter : {&name, &performer, &location}) {
        if (!filter->isEmpty() && filter->size() < 3)
            return std::nullopt;
    }
    const bool filtered = !name.isEmpty() || !performer.isEmpty() || !location.isEmpty();
    if (!filtered && SearchText::words(search.text, 1).isEmpty())
        return std::nullopt;
    // With filters the index finds candidates (all trigrams present); the
    // substrings are checked here on what the answer shows anyway. A page
    // of candidates with too many misses goes to Postgres.
    const int wanted = filtered ? search.limit * 2 + 10 : search.limit + 2;
    const auto ids = m_index->find(
        IndexQuery{search.text, search.from, search.until, wanted, name, performer, location});
    if (!ids)
        return std::nullopt;
    const QJsonArray candidates = summaries(*ids);
    QJsonArray events;
    for (const QJsonValue &candidate : candidates) {
        const QJsonObject event = candidate.toObject();
        // The index's answer may be up to a minute older than `from`.
        if (QDateTime::fromString(event.value(u"starts_at"_s).toString(), Qt::ISODate) <
            search.from)
            continue;
        if (!filtered) {
            events.append(event);
            if (events.size() == search.limit)
                return events;
            continue;
        }
        const QJsonObject venue = event.value(u"venue"_s).toObject();
        const auto has = [](const QString &text, const QString &part) {
            return part.isEmpty() || SearchText::fold(text).contains(part);
        };
        if (has(event.value(u"name"_s).toString(), name) &&
            has(event.value(u"performer"_s).toString(), performer) &&
            has(venue.value(u"name"_s).toString() + u' ' + venue.value(u"city"_s).toString(),
                location))
            events.append(event);
        if (events.size() == search.limit)
            return events;
    }
    if (filtered && ids->size() == wanted)
        return std::nullopt; // more candidates than checked: Postgres decides
    return events;
}

QJsonObject CatalogService::search(const EventSearch &search)
{
    // The index answers the words; Postgres the rest (and everything until
    // the index has caught up).
    if (m_index && m_index->ready()) {
        if (const auto events = searchIndex(search))
            return QJsonObject{{u"events"_s, *events}};
    }

    const QString &q = search.text;
    const QString &name = search.name;
    const QString &location = search.location;
    const QString &performer = search.performer;
    const int limit = search.limit;
    const QString dateFrom = search.from.toUTC().toString(Qt::ISODate);
    const QString dateTo =
        search.until.isValid() ? search.until.toUTC().toString(Qt::ISODate) : QString();

    // Full-text (prefix) matches come first, ranked; only when they are
    // fewer than asked for does trigram word similarity fill up with typo
    // matches (the costlier index). Only the conditions asked for go into a
    // statement, so each is index-backed (GIN on the document and on the
    // trigrams): this stays fast on 100k events. One prepared statement per
    // combination.
    const bool hasWords = q.contains(QRegularExpression(u"\\w"_s));
    enum class Mode
    {
        Browse,
        FullText,
        Fuzzy
    };
    auto run = [&](Mode mode, int wanted) -> pqxx::result {
        QStringList where{u"e.starts_at >= $1::timestamptz"_s};
        std::vector<std::string> parameters{toStd(dateFrom)};
        auto parameter = [&](const QString &value) -> QString {
            parameters.push_back(toStd(value));
            return u"$"_s + QString::number(parameters.size());
        };
        QString order = u"e.starts_at, e.id"_s;
        QString key = mode == Mode::Browse ? u"b"_s : mode == Mode::FullText ? u"f"_s : u"z"_s;
        if (!dateTo.isEmpty()) {
            where.append(u"e.starts_at < "_s + parameter(dateTo) + u"::timestamptz"_s);
            key += u't';
        }
        if (mode == Mode::FullText) {
            const QString p = parameter(q);
            where.append(u"e.search_document @@ bo_prefix_tsquery(%1)"_s.arg(p));
            order =
                u"ts_rank(e.search_document, bo_prefix_tsquery(%1)) DESC, e.starts_at, e.id"_s.arg(
                    p);
        } else if (mode == Mode::Fuzzy) {
            const QString p = parameter(q);
            where.append(u"e.search_text %> bo_normalize(%1) AND NOT e.search_document @@ "
                         "bo_prefix_tsquery(%1)"_s.arg(p));
            order =
                u"word_similarity(bo_normalize(%1), e.search_text) DESC, e.starts_at, e.id"_s.arg(
                    p);
        }
        if (!name.isEmpty()) {
            where.append(u"bo_normalize(e.name) LIKE '%' || bo_normalize(%1) || '%'"_s.arg(
                parameter(likeEscaped(name))));
            key += u'n';
        }
        if (!performer.isEmpty()) {
            where.append(u"bo_normalize(e.performer) LIKE '%' || bo_normalize(%1) || '%'"_s.arg(
                parameter(likeEscaped(performer))));
            key += u'p';
        }
        if (!location.isEmpty()) {
            where.append(u"e.venue_id IN (SELECT id FROM venues WHERE bo_normalize(name || ' ' || "
                         "city) LIKE '%' || bo_normalize(%1) || '%')"_s.arg(
                             parameter(likeEscaped(location))));
            key += u'l';
        }
        const QString limitParameter = parameter(QString::number(wanted));
        const QString sql =
            u"SELECT e.id, e.name, e.performer, e.category, e.starts_at, v.id, v.name, "
            "v.city, e.available, e.cancelled_at IS NOT NULL FROM events e "
            "JOIN venues v ON v.id = e.venue_id WHERE "_s +
            where.join(u" AND "_s) + u" ORDER BY "_s + order + u" LIMIT "_s + limitParameter +
            u"::int"_s;
        const std::string statement = "catalog_search_" + key.toStdString();
        pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
        m_db.prepared(statement.c_str(), sql.toUtf8().constData());
        return tx.exec_prepared(statement, pqxx::prepare::make_dynamic_params(parameters));
    };
    std::vector<pqxx::result> results;
    if (!hasWords) {
        results.push_back(run(Mode::Browse, limit));
    } else {
        results.push_back(run(Mode::FullText, limit));
        if (results.front().size() < static_cast<size_t>(limit))
            results.push_back(run(Mode::Fuzzy, limit - static_cast<int>(results.front().size())));
    }
    QJsonArray events;
    for (const pqxx::result &rows : results) {
        for (const pqxx::row &row : rows) {
            events.append(summaryOf(row));
        }
    }
    return QJsonObject{{u"events"_s, events}};
}

EventVersions::Known CatalogService::current(qint64 eventId, bool withRevision)
{
    const EventVersions::Known known = m_versions.find(eventId);
    if (known.version >= 0 && (known.revision >= 0 || !withRevision))
        return known;
    const EventVersions::Epoch epoch = m_versions.epoch();
    const EventVersions::Known read = EventVersions::load(m_db, eventId);
    if (read.version < 0)
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    m_versions.record(eventId, read, epoch);
    return read;
}

QHash<qint64, qint64> CatalogService::eventVersions(const QList<qint64> &eventIds)
{
    return eventNumbers("event_versions",
                        "SELECT id, version FROM events WHERE id = ANY($1::bigint[])", eventIds);
}

QHash<qint64, qint64> CatalogService::availableSeats(const QList<qint64> &eventIds)
{
    return eventNumbers("event_available",
                        "SELECT id, available FROM events WHERE id = ANY($1::bigint[])", eventIds);
}

// One number per event, by id: a single statement, however many events.
QHash<qint64, qint64> CatalogService::eventNumbers(const char *name, const char *sql,
                                                   const QList<qint64> &eventIds)
{
    pqxx::nontransaction tx(m_db.connection());
    const pqxx::result rows = tx.exec_prepared(m_db.prepared(name, sql), toPgArray(eventIds));
    tx.commit();
    QHash<qint64, qint64> numbers;
    for (const pqxx::row &row : rows)
        numbers.insert(row[0].as<qint64>(), row[1].as<qint64>());
    return numbers;
}

CatalogService::Cached CatalogService::loadDetails(qint64 eventId)
{
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(m_db.connection());
    const pqxx::result event = tx.exec_prepared(
        m_db.prepared("event_details",
                      "SELECT e.id, e.name, e.description, e.performer, e.category, e.starts_at, "
                      "e.version, e.available, v.id, v.name, v.city, v.address, v.kind, "
                      "(SELECT count(*) FROM tickets t WHERE t.event_id = e.id), e.revision, "
                      "e.cancelled_at IS NOT NULL, e.cancel_reason "
                      "FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1"),
        eventId);
    if (event.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    const pqxx::result categories = tx.exec_prepared(
        m_db.prepared("event_price_categories",
                      "SELECT pc.id, pc.name, pc.price_cents, pc.color, "
                      "count(t.id) FILTER (WHERE t.status = 'available' OR "
                      "(t.status = 'held' AND t.hold_expires_at <= now())) "
                      "FROM price_categories pc LEFT JOIN tickets t ON t.price_category_id = pc.id "
                      "WHERE pc.event_id = $1 GROUP BY pc.id ORDER BY pc.price_cents DESC"),
        eventId);
    tx.commit();
    const pqxx::row e = event[0];
    const qint64 version = e[6].as<qint64>();
    Event details;
    details.id = e[0].as<qint64>();
    details.name = toQString(e[1]);
    details.description = toQString(e[2]);
    details.performer = toQString(e[3]);
    details.category = toQString(e[4]);
    details.startsAt = timeOf(e[5]);
    details.version = version;
    details.available = e[7].as<qint64>();
    details.venue = Venue{e[8].as<qint64>(), toQString(e[9]), toQString(e[10]), toQString(e[11]),
                          toQString(e[12])};
    details.capacity = e[13].as<qint64>();
    details.cancelled = e[15].as<bool>();
    details.cancelReason = toQString(e[16]);
    for (const pqxx::row &row : categories)
        details.priceCategories.append(PriceCategory{row[0].as<qint64>(), toQString(row[1]),
                                                     row[2].as<qint64>(), toQString(row[3]),
                                                     row[4].as<qint64>()});
    return {version, e[14].as<qint64>(),
            QJsonDocument(details.toDetailsJson()).toJson(QJsonDocument::Compact)};
}

QByteArray CatalogService::eventDetails(qint64 eventId)
{
    // What the current version and revision are is known in memory (the
    // change listener and this instance's publisher keep it), so a cached
    // answer costs no round trip; the cache is keyed by both, so a change
    // is a miss at once.
    const EventVersions::Known known = current(eventId, true);
    if (const Cached *cached = m_details.object(eventId);
        cached && cached->version == known.version && cached->revision == known.revision) {
        ++m_metrics.eventCacheHits;
        return cached->json;
    }
    const auto redisKey = [eventId](const Cached &details) -> QByteArray {
        return "bo:event:" + QByteArray::number(eventId) + ":v" +
               QByteArray::number(details.version) + ":r" + QByteArray::number(details.revision);
    };
    Cached details{known.version, known.revision, {}};
    if (const auto reply = m_redis.command({"GET"_ba, redisKey(details)});
        reply && reply->type == Redis::Reply::Type::String) {
        details.json = reply->string;
        ++m_metrics.eventCacheHits;
    } else {
        ++m_metrics.eventCacheMisses;
        const EventVersions::Epoch epoch = m_versions.epoch();
        details = loadDetails(eventId);
        m_versions.record(eventId, {details.version, details.revision}, epoch);
        m_redis.command({"SET"_ba, redisKey(details), details.json, "EX"_ba,
                         QByteArray::number(EventCacheSeconds)});
    }
    m_details.insert(eventId, new Cached{details});
    return details.json;
}

QByteArray CatalogService::tickets(qint64 eventId, std::optional<qint64> sinceVersion)
{
    const qint64 since = sinceVersion.value_or(-1);
    if (since < 0) {
        const qint64 version = current(eventId, false).version;
        if (const Cached *cached = m_ticketMaps.object(eventId);
            cached && cached->version == version)
            return cached->json;
    }

    // One snapshot for the version and the tickets, so "version" describes
    // exactly the state returned.
    const EventVersions::Epoch epoch = m_versions.epoch();
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(m_db.connection());
    const pqxx::result event = tx.exec_prepared(
        m_db.prepared("event_version", "SELECT version FROM events WHERE id = $1"), eventId);
    if (event.empty())
        throw DomainError::notFound(u"No event with id %1."_s.arg(eventId));
    const qint64 version = event[0][0].as<qint64>();
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("event_tickets",
                      "SELECT t.id, s.section, s.row, s.number, t.price_cents, "
                      "CASE WHEN t.status = 'held' AND t.hold_expires_at <= now() "
                      "THEN 'available' ELSE t.status END, s.accessible, t.price_category_id, "
                      "s.x, s.y, t.version "
                      "FROM tickets t JOIN seats s ON s.id = t.seat_id "
                      "WHERE t.event_id = $1 AND t.version > $2 ORDER BY t.id"),
        eventId, since);
    tx.commit();
    QJsonArray tickets;
    for (const pqxx::row &row : rows) {
        tickets.append(
            Ticket{row[0].as<qint64>(), toQString(row[1]), toQString(row[2]), row[3].as<int>(),
                   row[4].as<qint64>(),
                   Protocol::ticketStatusFromString(row[5].c_str()).value_or(TicketStatus::Sold),
                   row[6].as<bool>(), row[7].as<qint64>(), row[8].as<int>(), row[9].as<int>()}
                .toJson());
    }
    QJsonObject body{{u"event_id"_s, eventId}, {u"version"_s, version}, {u"tickets"_s, tickets}};
    if (since >= 0)
        body.insert(u"since"_s, since);
    QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (since < 0) {
        m_versions.record(eventId, {version, -1}, epoch);
        m_ticketMaps.insert(eventId, new Cached{version, -1, json});
    }
    return json;
}

QJsonObject CatalogService::catalog(qint64 since, qint64 limit)
{
    // Catalog writers are serialised (003_catalog_revision.sql), so revisions
    // become visible in order and one snapshot never skips a smaller one.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(m_db.connection());
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared(
            "catalog_since",
            "SELECT e.id, e.revision, e.name, e.description, e.performer, e.category, e.starts_at, "
            "e.version, e.available, v.id, v.name, v.city, v.address, v.kind, "
            "COALESCE((SELECT json_agg(json_build_object('id', pc.id, 'name', pc.name, "
            "'price', pc.price_cents, 'color', pc.color) ORDER BY pc.price_cents DESC) "
            "FROM price_categories pc WHERE pc.event_id = e.id)::text, '[]'), "
            "e.cancelled_at IS NOT NULL, e.cancel_reason "
            "FROM events e JOIN venues v ON v.id = e.venue_id "
            "WHERE e.revision > $1 ORDER BY e.revision LIMIT $2"),
        since, limit);
    const pqxx::result remaining = tx.exec_prepared(
        m_db.prepared("catalog_remaining", "SELECT count(*) FROM events WHERE revision > $1"),
        since);
    tx.commit();
    QJsonArray events;
    qint64 revision = since;
    for (const pqxx::row &row : rows) {
        revision = row[1].as<qint64>();
        Event event;
        event.id = row[0].as<qint64>();
        event.revision = revision;
        event.name = toQString(row[2]);
        event.description = toQString(row[3]);
        event.performer = toQString(row[4]);
        event.category = toQString(row[5]);
        event.startsAt = timeOf(row[6]);
        event.version = row[7].as<qint64>();
        event.available = row[8].as<qint64>();
        event.venue = Venue{row[9].as<qint64>(), toQString(row[10]), toQString(row[11]),
                            toQString(row[12]), toQString(row[13])};
        for (const QJsonValue &category :
             QJsonDocument::fromJson(QByteArray::fromStdString(row[14].as<std::string>())).array())
            event.priceCategories.append(PriceCategory::fromJson(category.toObject()));
        event.cancelled = row[15].as<bool>();
        event.cancelReason = toQString(row[16]);
        events.append(event.toCatalogJson());
    }
    const qint64 left = remaining[0][0].as<qint64>();
    return QJsonObject{{u"revision"_s, revision},
                       {u"remaining"_s, left - events.size()},
                       {u"more"_s, left > events.size()},
                       {u"events"_s, events}};
}
