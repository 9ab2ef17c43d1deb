#pragma once

#include <QByteArray>
#include <QCache>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

class Database;
class Redis;
class Metrics;
class SearchReader;

// What a customer or clerk searches for (docs/API.md, GET /v1/event).
struct EventSearch
{
    QString text; // words anywhere, prefixes and typos allowed
    QString name;
    QString location; // venue or city
    QString performer;
    QDateTime from;  // inclusive; now when not given
    QDateTime until; // exclusive; invalid = no bound
    int limit = 20;
};

// Reading the catalog: search, event details (cached by version) and the
// tickets of an event, whole or changed since a version.
class CatalogService
{
public:
    // With a search index reader, words are searched in the index once it
    // has caught up; Postgres answers before that, and for the name,
    // performer and location filters (substring matches).
    CatalogService(Database &db, Redis &redis, Metrics &metrics, SearchReader *index = nullptr);

    // {"events": [...]}: full-text matches ranked first, then typo matches.
    QJsonObject search(const EventSearch &search);
    // The event's JSON, the same bytes until its version changes (cached).
    QByteArray eventDetails(qint64 eventId);
    // The seat map's JSON: every ticket, or those changed after `since`.
    QByteArray tickets(qint64 eventId, std::optional<qint64> since);
    // Events whose catalog data changed after a catalog revision, for mirrors.
    QJsonObject catalog(qint64 since, qint64 limit);

    // The current version of an event, or -1 if there is no such event.
    qint64 eventVersion(qint64 eventId);
    // The current versions of those of these events that exist, in one query.
    QHash<qint64, qint64> eventVersions(const QList<qint64> &eventIds);

private:
    QByteArray loadDetails(qint64 eventId, qint64 &version);
    // The answer from the search index, or nullopt when Postgres answers.
    std::optional<QJsonArray> searchIndex(const EventSearch &search);
    // The events' summaries, current (available seats), in the given order.
    QJsonArray summaries(const QList<qint64> &eventIds);

    Database &m_db;
    Redis &m_redis;
    Metrics &m_metrics;
    SearchReader *m_index;
    struct Cached
    {
        qint64 version;
        QByteArray json;
    };
    // Per worker: no locking; the key includes the version so it is never stale.
    QCache<qint64, Cached> m_details{2000};
    QCache<qint64, Cached> m_ticketMaps{64};
};
