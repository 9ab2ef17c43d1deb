#pragma once

#include <QByteArray>
#include <QCache>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

#include "EventVersions.h"

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

// Reading the catalog: search, event details (cached by version and
// revision) and the tickets of an event, whole or changed since a version.
class CatalogService
{
public:
    // The events' current versions and revisions come from versions, so a
    // cached answer costs no database round trip. With a search index
    // reader, words are searched in the index once it has caught up;
    // Postgres answers before that, and for the name, performer and
    // location filters (substring matches).
    CatalogService(Database &db, Redis &redis, Metrics &metrics, EventVersions &versions,
                   SearchReader *index = nullptr);

    // {"events": [...]}: full-text matches ranked first, then typo matches.
    QJsonObject search(const EventSearch &search);
    // The event's JSON, the same bytes until its version or catalog
    // revision changes (cached).
    QByteArray eventDetails(qint64 eventId);
    // The seat map's JSON: every ticket, or those changed after `since`.
    QByteArray tickets(qint64 eventId, std::optional<qint64> since);
    // Events whose catalog data changed after a catalog revision, for mirrors.
    QJsonObject catalog(qint64 since, qint64 limit);

    // The current versions of those of these events that exist, in one query.
    QHash<qint64, qint64> eventVersions(const QList<qint64> &eventIds);
    // Each of these events' free seats now (as of its last published version).
    QHash<qint64, qint64> availableSeats(const QList<qint64> &eventIds);

private:
    QHash<qint64, qint64> eventNumbers(const char *name, const char *sql,
                                       const QList<qint64> &eventIds);
    struct Cached
    {
        qint64 version = -1;
        qint64 revision = -1;
        QByteArray json;
    };
    // The event's version and revision as known in memory, or read from
    // Postgres (and remembered) when not; throws not found.
    EventVersions::Known current(qint64 eventId, bool withRevision);
    Cached loadDetails(qint64 eventId);
    // The answer from the search index, or nullopt when Postgres answers.
    std::optional<QJsonArray> searchIndex(const EventSearch &search);
    // The events' summaries, current (available seats), in the given order.
    QJsonArray summaries(const QList<qint64> &eventIds);

    Database &m_db;
    Redis &m_redis;
    Metrics &m_metrics;
    EventVersions &m_versions;
    SearchReader *m_index;
    // Per worker: no locking; an entry is used only while its version (and
    // revision) are the current ones, so it is never stale.
    QCache<qint64, Cached> m_details{2000};
    QCache<qint64, Cached> m_ticketMaps{64};
};
