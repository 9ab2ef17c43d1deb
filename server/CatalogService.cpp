#include "CatalogService.h"

#include "ApiError.h"
#include "Database.h"
#include "Metrics.h"
#include "Redis.h"
#include "RequestJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {
constexpr int EventCacheSeconds = 300;

QString isoTime(const pqxx::field &field)
{
    // Postgres renders timestamptz as "2026-12-01 20:00:00+00" under UTC.
    QString text = toQString(field);
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid())
        time = QDateTime::fromString(text.replace(u' ', u'T') + u":00"_s, Qt::ISODate);
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : text;
}
} // namespace

std::optional<QDateTime> parseIsoDateTime(const QString &text, bool endOfDay)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    if (time.isValid()) {
        if (time.timeSpec() == Qt::LocalTime)
            time.setTimeZone(QTimeZone::utc());
        return time;
    }
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return std::nullopt;
    return QDateTime(endOfDay ? date.addDays(1) : date, QTime(0, 0), QTimeZone::utc());
}

CatalogService::CatalogService(Database &db, Redis &redis, Metrics &metrics)
    : m_db(db)
    , m_redis(redis)
    , m_metrics(metrics)
{
}

HttpResponse CatalogService::search(const HttpRequest &request)
{
    const QString q = request.queryValue(u"q"_s).trimmed().left(200);
    const QString name = request.queryValue(u"name"_s).trimmed().left(200);
    const QString location = request.queryValue(u"location"_s).trimmed().left(200);
    const QString performer = request.queryValue(u"performer"_s).trimmed().left(200);
    int limit = 20;
    if (request.query.hasQueryItem(u"limit"_s)) {
        bool ok = false;
        limit = request.queryValue(u"limit"_s).toInt(&ok);
        if (!ok || limit < 1 || limit > 100)
            throw ApiError::badRequest("invalid_parameter"_ba,
                                       u"\"limit\" must be a whole number from 1 to 100."_s);
    }
    QString dateFrom = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    QString dateTo;
    for (const auto &[parameter, target, endOfDay] :
         {std::tuple{u"date_from"_s, &dateFrom, false}, std::tuple{u"date_to"_s, &dateTo, true}}) {
        if (!request.query.hasQueryItem(parameter))
            continue;
        const auto time = parseIsoDateTime(request.queryValue(parameter), endOfDay);
        if (!time)
            throw ApiError::badRequest(
                "invalid_parameter"_ba,
                u"\"%1\" must be an ISO 8601 date or date-time, like 2026-12-24 or "
                "2026-12-24T19:30:00Z."_s.arg(parameter));
        *target = time->toUTC().toString(Qt::ISODate);
    }

    // Full-text (prefix) matches rank first; trigram word similarity catches
    // typos. Both are index-backed (GIN), so this stays fast on 100k events.
    pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared(
            "catalog_search",
            "WITH input AS (SELECT bo_normalize($1) AS q), "
            "query AS (SELECT CASE WHEN q = '' THEN NULL ELSE to_tsquery('simple', "
            "  (SELECT string_agg(quote_literal(w) || ':*', ' & ') FROM "
            "   regexp_split_to_table(q, '[^[:alnum:]]+') AS w WHERE w <> '')) END AS ts, q "
            "  FROM input) "
            "SELECT e.id, e.name, e.performer, e.category, e.starts_at, v.id, v.name, v.city, "
            "  e.available "
            "FROM events e JOIN venues v ON v.id = e.venue_id, query "
            "WHERE (query.q = '' OR query.ts IS NULL OR e.search_document @@ query.ts "
            "       OR e.search_text %> query.q) "
            "  AND ($2 = '' OR e.search_text LIKE '%' || bo_normalize($2) || '%' "
            "       AND bo_normalize(e.name) LIKE '%' || bo_normalize($2) || '%') "
            "  AND ($3 = '' OR e.search_text LIKE '%' || bo_normalize($3) || '%' "
            "       AND bo_normalize(v.name || ' ' || v.city) LIKE '%' || bo_normalize($3) || '%') "
            "  AND ($4 = '' OR e.search_text LIKE '%' || bo_normalize($4) || '%' "
            "       AND bo_normalize(e.performer) LIKE '%' || bo_normalize($4) || '%') "
            "  AND e.starts_at >= $5::timestamptz "
            "  AND ($6 = '' OR e.starts_at < $6::timestamptz) "
            "ORDER BY CASE WHEN query.q = '' OR query.ts IS NULL THEN 0 ELSE "
            "  ts_rank(e.search_document, query.ts) + word_similarity(query.q, e.search_text) END "
            "  DESC, e.starts_at, e.id "
            "LIMIT $7"),
        toStd(q), toStd(name), toStd(location), toStd(performer), toStd(dateFrom), toStd(dateTo),
        limit);
    tx.commit();
    QJsonArray events;
    for (const pqxx::row &row : rows) {
        events.append(QJsonObject{
            {u"id"_s, row[0].as<qint64>()},
            {u"name"_s, toQString(row[1])},
            {u"performer"_s, toQString(row[2])},
            {u"category"_s, toQString(row[3])},
            {u"starts_at"_s, isoTime(row[4])},
            {u"venue"_s, QJsonObject{{u"id"_s, row[5].as<qint64>()},
                                     {u"name"_s, toQString(row[6])},
                                     {u"city"_s, toQString(row[7])}}},
            {u"available"_s, row[8].as<qint64>()},
        });
    }
    return HttpResponse::json(200, QJsonObject{{u"events"_s, events}});
}

qint64 CatalogService::eventVersion(qint64 eventId)
{
    pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared("event_version", "SELECT version FROM events WHERE id = $1"), eventId);
    tx.commit();
    return rows.empty() ? -1 : rows[0][0].as<qint64>();
}

QByteArray CatalogService::loadDetails(qint64 eventId, qint64 &version)
{
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(
        m_db.connection());
    const pqxx::result event = tx.exec_prepared(
        m_db.prepared("event_details",
                      "SELECT e.id, e.name, e.description, e.performer, e.category, e.starts_at, "
                      "e.version, e.available, v.id, v.name, v.city, v.address, v.kind, "
                      "(SELECT count(*) FROM tickets t WHERE t.event_id = e.id) "
                      "FROM events e JOIN venues v ON v.id = e.venue_id WHERE e.id = $1"),
        eventId);
    if (event.empty())
        throw ApiError::notFound(u"No event with id %1."_s.arg(eventId));
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
    version = e[6].as<qint64>();
    QJsonArray priceCategories;
    for (const pqxx::row &row : categories) {
        priceCategories.append(QJsonObject{{u"id"_s, row[0].as<qint64>()},
                                           {u"name"_s, toQString(row[1])},
                                           {u"price"_s, row[2].as<qint64>()},
                                           {u"color"_s, toQString(row[3])},
                                           {u"available"_s, row[4].as<qint64>()}});
    }
    const QJsonObject details{
        {u"id"_s, e[0].as<qint64>()},
        {u"name"_s, toQString(e[1])},
        {u"description"_s, toQString(e[2])},
        {u"performer"_s, toQString(e[3])},
        {u"category"_s, toQString(e[4])},
        {u"starts_at"_s, isoTime(e[5])},
        {u"version"_s, version},
        {u"available"_s, e[7].as<qint64>()},
        {u"capacity"_s, e[13].as<qint64>()},
        {u"currency"_s, u"EUR"_s},
        {u"venue"_s, QJsonObject{{u"id"_s, e[8].as<qint64>()},
                                 {u"name"_s, toQString(e[9])},
                                 {u"city"_s, toQString(e[10])},
                                 {u"address"_s, toQString(e[11])},
                                 {u"kind"_s, toQString(e[12])}}},
        {u"price_categories"_s, priceCategories},
    };
    return QJsonDocument(details).toJson(QJsonDocument::Compact);
}

HttpResponse CatalogService::eventDetails(const HttpRequest &request)
{
    const qint64 eventId = RequestJson::pathId(request, "id"_ba, u"event"_s);
    // One primary-key read tells the current version; the cache is keyed by
    // it, so a change is visible to the very next request.
    qint64 version = eventVersion(eventId);
    if (version < 0)
        throw ApiError::notFound(u"No event with id %1."_s.arg(eventId));
    if (const Cached *cached = m_details.object(eventId); cached && cached->version == version) {
        ++m_metrics.eventCacheHits;
        return HttpResponse::raw(200, cached->json, "application/json"_ba);
    }
    const QByteArray redisKey = "bo:event:" + QByteArray::number(eventId) + ":v"
                                + QByteArray::number(version);
    QByteArray json;
    if (const auto reply = m_redis.command({"GET"_ba, redisKey});
        reply && reply->type == Redis::Reply::Type::String) {
        json = reply->string;
        ++m_metrics.eventCacheHits;
    } else {
        ++m_metrics.eventCacheMisses;
        json = loadDetails(eventId, version);
        m_redis.command({"SET"_ba,
                         "bo:event:" + QByteArray::number(eventId) + ":v" + QByteArray::number(version),
                         json, "EX"_ba, QByteArray::number(EventCacheSeconds)});
    }
    m_details.insert(eventId, new Cached{version, json});
    return HttpResponse::raw(200, json, "application/json"_ba);
}

HttpResponse CatalogService::tickets(const HttpRequest &request)
{
    const qint64 eventId = RequestJson::pathId(request, "id"_ba, u"event"_s);
    qint64 since = -1;
    if (request.query.hasQueryItem(u"since"_s)) {
        bool ok = false;
        since = request.queryValue(u"since"_s).toLongLong(&ok);
        if (!ok || since < 0)
            throw ApiError::badRequest("invalid_parameter"_ba,
                                       u"\"since\" must be a version number (0 or more)."_s);
    }
    if (since < 0) {
        const qint64 version = eventVersion(eventId);
        if (version < 0)
            throw ApiError::notFound(u"No event with id %1."_s.arg(eventId));
        if (const Cached *cached = m_ticketMaps.object(eventId); cached && cached->version == version)
            return HttpResponse::raw(200, cached->json, "application/json"_ba);
    }

    // One snapshot for the version and the tickets, so "version" describes
    // exactly the state returned.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(
        m_db.connection());
    const pqxx::result event = tx.exec_prepared(
        m_db.prepared("event_version", "SELECT version FROM events WHERE id = $1"), eventId);
    if (event.empty())
        throw ApiError::notFound(u"No event with id %1."_s.arg(eventId));
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
        tickets.append(QJsonObject{
            {u"id"_s, row[0].as<qint64>()},
            {u"section"_s, toQString(row[1])},
            {u"row"_s, toQString(row[2])},
            {u"seat"_s, row[3].as<int>()},
            {u"price"_s, row[4].as<qint64>()},
            {u"status"_s, toQString(row[5])},
            {u"accessible"_s, row[6].as<bool>()},
            {u"price_category_id"_s, row[7].as<qint64>()},
            {u"x"_s, row[8].as<int>()},
            {u"y"_s, row[9].as<int>()},
        });
    }
    QJsonObject body{{u"event_id"_s, eventId}, {u"version"_s, version}, {u"tickets"_s, tickets}};
    if (since >= 0)
        body.insert(u"since"_s, since);
    QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (since < 0)
        m_ticketMaps.insert(eventId, new Cached{version, json});
    return HttpResponse::raw(200, json, "application/json"_ba);
}
