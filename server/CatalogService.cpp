#include "CatalogService.h"

#include "ApiError.h"
#include "Database.h"
#include "Metrics.h"
#include "Redis.h"
#include "RequestJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

#include <limits>

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
            where.append(
                u"bo_normalize(e.name) LIKE '%' || bo_normalize(%1) || '%'"_s.arg(parameter(name)));
            key += u'n';
        }
        if (!performer.isEmpty()) {
            where.append(u"bo_normalize(e.performer) LIKE '%' || bo_normalize(%1) || '%'"_s.arg(
                parameter(performer)));
            key += u'p';
        }
        if (!location.isEmpty()) {
            where.append(u"e.venue_id IN (SELECT id FROM venues WHERE bo_normalize(name || ' ' || "
                         "city) LIKE '%' || bo_normalize(%1) || '%')"_s.arg(parameter(location)));
            key += u'l';
        }
        const QString limitParameter = parameter(QString::number(wanted));
        const QString sql =
            u"SELECT e.id, e.name, e.performer, e.category, e.starts_at, v.id, v.name, "
            "v.city, e.available FROM events e JOIN venues v ON v.id = e.venue_id WHERE "_s +
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
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(m_db.connection());
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
    const QByteArray redisKey =
        "bo:event:" + QByteArray::number(eventId) + ":v" + QByteArray::number(version);
    QByteArray json;
    if (const auto reply = m_redis.command({"GET"_ba, redisKey});
        reply && reply->type == Redis::Reply::Type::String) {
        json = reply->string;
        ++m_metrics.eventCacheHits;
    } else {
        ++m_metrics.eventCacheMisses;
        json = loadDetails(eventId, version);
        m_redis.command(
            {"SET"_ba,
             "bo:event:" + QByteArray::number(eventId) + ":v" + QByteArray::number(version), json,
             "EX"_ba, QByteArray::number(EventCacheSeconds)});
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
        if (const Cached *cached = m_ticketMaps.object(eventId);
            cached && cached->version == version)
            return HttpResponse::raw(200, cached->json, "application/json"_ba);
    }

    // One snapshot for the version and the tickets, so "version" describes
    // exactly the state returned.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(m_db.connection());
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

HttpResponse CatalogService::catalog(const HttpRequest &request)
{
    const auto wholeNumber = [&request](const QString &parameter, qint64 fallback, qint64 minimum,
                                        qint64 maximum) {
        if (!request.query.hasQueryItem(parameter))
            return fallback;
        bool ok = false;
        const qint64 value = request.queryValue(parameter).toLongLong(&ok);
        if (!ok || value < minimum || value > maximum)
            throw ApiError::badRequest(
                "invalid_parameter"_ba,
                u"\"%1\" must be a whole number from %2 to %3."_s.arg(parameter).arg(minimum).arg(
                    maximum));
        return value;
    };
    const qint64 since = wholeNumber(u"since"_s, 0, 0, std::numeric_limits<qint64>::max());
    const qint64 limit = wholeNumber(u"limit"_s, 500, 1, 1000);
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
            "FROM price_categories pc WHERE pc.event_id = e.id)::text, '[]') "
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
        events.append(QJsonObject{
            {u"id"_s, row[0].as<qint64>()},
            {u"revision"_s, revision},
            {u"name"_s, toQString(row[2])},
            {u"description"_s, toQString(row[3])},
            {u"performer"_s, toQString(row[4])},
            {u"category"_s, toQString(row[5])},
            {u"starts_at"_s, isoTime(row[6])},
            {u"version"_s, row[7].as<qint64>()},
            {u"available"_s, row[8].as<qint64>()},
            {u"venue"_s, QJsonObject{{u"id"_s, row[9].as<qint64>()},
                                     {u"name"_s, toQString(row[10])},
                                     {u"city"_s, toQString(row[11])},
                                     {u"address"_s, toQString(row[12])},
                                     {u"kind"_s, toQString(row[13])}}},
            {u"price_categories"_s,
             QJsonDocument::fromJson(QByteArray::fromStdString(row[14].as<std::string>())).array()},
        });
    }
    const qint64 left = remaining[0][0].as<qint64>();
    return HttpResponse::json(200, QJsonObject{{u"revision"_s, revision},
                                               {u"remaining"_s, left - events.size()},
                                               {u"more"_s, left > events.size()},
                                               {u"events"_s, events}});
}
