#pragma once

#include "WaitingRoom.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QObject>
#include <QSet>

class ApiClient;
class Clock;
class Mirror;
class QTimer;
class QWebSocket;

// Keeps the Mirror equal to the server (DESIGN.md invariant 6): the catalog by
// revision, and the seat maps of the events in view by version, live over
// /v1/stream. A gap in the versions, a dropped socket or a restart leads to a
// `?since=` catch-up. Reconnects with backoff. Everything is asynchronous:
// the GUI thread only ever applies small batches to the mirror.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    SyncEngine(ApiClient &api, Mirror &mirror, const Clock &clock, QObject *parent = nullptr);
    ~SyncEngine() override;

    void start();
    void stop();

    bool isOnline() const { return m_online; }
    // When the connection was lost (or the first attempt failed); invalid online.
    QDateTime offlineSince() const { return m_offlineSince; }
    bool isSyncingCatalog() const { return m_catalogInFlight; }

    // Seat maps kept live: the events open on screen.
    void watchEvent(qint64 eventId);
    void unwatchEvent(qint64 eventId);
    QSet<qint64> watchedEvents() const { return m_watched; }

    // Waiting-room places followed live: the server pushes their position
    // and admission (docs/API.md, "Waiting room"), as queueChanged.
    void watchQueue(const QString &queueId);
    void unwatchQueue(const QString &queueId);

    // Fetches catalog changes now (also done on every connect and periodically).
    void syncCatalog();

    void setReconnectDelays(int firstMs, int maxMs);
    void setCatalogPageSize(int events) { m_catalogPageSize = events; }
    // Ping every intervalMs; a connection silent for timeoutMs is dropped.
    void setHeartbeat(int intervalMs, int timeoutMs);

    // For tests: drop the socket as a network failure would.
    void dropConnectionForTesting();
    // For tests: ignore the next `count` pushes, as if they were lost.
    void loseNextPushesForTesting(int count) { m_pushesToLose = count; }

Q_SIGNALS:
    void onlineChanged(bool online);
    void catalogProgress(int done, int total);
    void catalogSynced();
    // The seat map of an event equals the server's as of `version`.
    void seatMapSynced(qint64 eventId, qint64 version);
    // A followed place moved or was admitted (never with its pass).
    void queueChanged(const QueuePlace &place);

private:
    void connectStream();
    void scheduleReconnect();
    void setOnline(bool online);
    void onMessage(const QString &message);
    void subscribe(const QList<qint64> &eventIds);
    void send(const QJsonObject &message);
    void fetchTickets(qint64 eventId, bool whole = false);
    void applyPush(qint64 eventId, qint64 version, const QJsonArray &tickets);
    void fetchCatalogPage(qint64 since, int done, int total);

    ApiClient &m_api;
    Mirror &m_mirror;
    const Clock &m_clock;
    QWebSocket *m_socket = nullptr;
    QTimer *m_reconnectTimer;
    QTimer *m_catalogTimer;
    QTimer *m_heartbeat;
    QElapsedTimer m_sinceAnswer;
    int m_heartbeatMs = 10000;
    int m_heartbeatTimeoutMs = 30000;
    bool m_running = false;
    bool m_online = false;
    QDateTime m_offlineSince;
    int m_firstDelayMs = 500;
    int m_maxDelayMs = 15000;
    int m_nextDelayMs = 500;
    int m_catalogPageSize = 500;
    bool m_catalogInFlight = false;
    bool m_catalogAgain = false;
    int m_pushesToLose = 0;

    QSet<qint64> m_watched;
    QSet<QString> m_watchedQueues;
    // Catch-ups in flight, by generation: an answer for an older one is stale.
    QHash<qint64, quint64> m_fetching;
    quint64 m_generation = 0;
    // The newest version the server has announced per event (subscription
    // or push): a seat map is in sync only when it reaches it.
    QHash<qint64, qint64> m_target;
    // Pushes that arrive during a catch-up, applied after it by version.
    QHash<qint64, QMap<qint64, QJsonArray>> m_buffered;
};
