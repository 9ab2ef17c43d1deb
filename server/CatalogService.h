#pragma once

#include "Http.h"

#include <QCache>
#include <QDateTime>

class Database;
class Redis;
class Metrics;

// Reading the catalog: search, event details (cached by version) and the
// tickets of an event, whole or changed since a version.
class CatalogService
{
public:
    CatalogService(Database &db, Redis &redis, Metrics &metrics);

    HttpResponse search(const HttpRequest &request);
    HttpResponse eventDetails(const HttpRequest &request);
    HttpResponse tickets(const HttpRequest &request);
    // Events whose catalog data changed after a catalog revision, for mirrors.
    HttpResponse catalog(const HttpRequest &request);

    // The current version of an event, or -1 if there is no such event.
    qint64 eventVersion(qint64 eventId);

private:
    QByteArray loadDetails(qint64 eventId, qint64 &version);

    Database &m_db;
    Redis &m_redis;
    Metrics &m_metrics;
    struct Cached
    {
        qint64 version;
        QByteArray json;
    };
    // Per worker: no locking; the key includes the version so it is never stale.
    QCache<qint64, Cached> m_details{2000};
    QCache<qint64, Cached> m_ticketMaps{64};
};

// ISO 8601 date or date-time; nullopt (and 400 at the caller) when malformed.
std::optional<QDateTime> parseIsoDateTime(const QString &text, bool endOfDay);
