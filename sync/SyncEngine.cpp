#include "SyncEngine.h"

#include "ApiClient.h"
#include "Clock.h"
#include "Mirror.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTimer>
#include <QWebSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSync, "boxoffice.sync")

namespace {
constexpr int CatalogRefreshMs = 5 * 60 * 1000;

QJsonArray idsToJson(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}
} // namespace

SyncEngine::SyncEngine(ApiClient &api, Mirror &mirror, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_mirror(mirror)
    , m_clock(clock)
    , m_reconnectTimer(new QTimer(this))
    , m_catalogTimer(new QTimer(this))
    , m_heartbeat(new QTimer(this))
{
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, &SyncEngine::connectStream);
    // A connection that died without a FIN (Wi-Fi gone, laptop asleep)
    // looks open for ever: ping, and give up on it when nothing answers.
    m_heartbeat->setInterval(m_heartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        if (m_sinceAnswer.isValid() && m_sinceAnswer.elapsed() > m_heartbeatTimeoutMs) {
            qCInfo(lcSync) << "stream silent for" << m_sinceAnswer.elapsed() << "ms: reconnecting";
            m_socket->abort();
            return;
        }
        m_socket->ping();
    });
    m_catalogTimer->setInterval(CatalogRefreshMs);
    connect(m_catalogTimer, &QTimer::timeout, this, &SyncEngine::syncCatalog);
}

SyncEngine::~SyncEngine()
{
    stop();
}

void SyncEngine::start()
{
    if (m_running)
        return;
    m_running = true;
    m_offlineSince = m_clock.now();
    m_nextDelayMs = m_firstDelayMs;
    m_catalogTimer->start();
    connectStream();
}

void SyncEngine::stop()
{
    m_running = false;
    m_reconnectTimer->stop();
    m_catalogTimer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    setOnline(false);
}

void SyncEngine::setHeartbeat(int intervalMs, int timeoutMs)
{
    m_heartbeatMs = intervalMs;
    m_heartbeatTimeoutMs = timeoutMs;
    m_heartbeat->setInterval(intervalMs);
}

void SyncEngine::setReconnectDelays(int firstMs, int maxMs)
{
    m_firstDelayMs = firstMs;
    m_maxDelayMs = maxMs;
    m_nextDelayMs = firstMs;
}

void SyncEngine::dropConnectionForTesting()
{
    if (m_socket)
        m_socket->abort();
}

void SyncEngine::connectStream()
{
    if (!m_running)
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->deleteLater();
    }
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        qCInfo(lcSync) << "stream connected to" << m_api.streamUrl().toDisplayString();
        m_nextDelayMs = m_firstDelayMs;
        m_sinceAnswer.start();
        m_heartbeat->start();
        setOnline(true);
        subscribe(m_watched.values());
        // Every event list shows free seats: they follow the stream too.
        send(QJsonObject{{u"watch_availability"_s, true}});
        for (const QString &queueId : std::as_const(m_watchedQueues))
            send(QJsonObject{{u"watch_queue"_s, queueId}});
        syncCatalog();
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        qCInfo(lcSync) << "stream disconnected";
        m_heartbeat->stop();
        setOnline(false);
        // Catch-ups in flight belong to the old connection: their answers
        // are ignored (generation), the next subscription starts afresh.
        m_fetching.clear();
        m_buffered.clear();
        scheduleReconnect();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &message) {
        m_sinceAnswer.start();
        onMessage(message);
    });
    connect(m_socket, &QWebSocket::pong, this, [this] { m_sinceAnswer.start(); });
    m_socket->open(m_api.streamUrl());
}

void SyncEngine::scheduleReconnect()
{
    if (!m_running || m_reconnectTimer->isActive())
        return;
    // Full jitter keeps a room of kiosks from reconnecting in lockstep after
    // the server comes back.
    const int delay =
        m_nextDelayMs / 2 + int(QRandomGenerator::global()->bounded(m_nextDelayMs / 2 + 1));
    m_nextDelayMs = std::min(m_maxDelayMs, m_nextDelayMs * 2);
    m_reconnectTimer->start(delay);
}

void SyncEngine::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    m_offlineSince = online ? QDateTime() : m_clock.now();
    Q_EMIT onlineChanged(online);
}

void SyncEngine::watchEvent(qint64 eventId)
{
    if (m_watched.contains(eventId))
        return;
    m_watched.insert(eventId);
    if (m_online)
        subscribe({eventId});
}

void SyncEngine::unwatchEvent(qint64 eventId)
{
    if (!m_watched.remove(eventId))
        return;
    m_buffered.remove(eventId);
    m_fetching.remove(eventId);
    m_target.remove(eventId);
    if (m_online)
        send(QJsonObject{{u"unsubscribe"_s, idsToJson({eventId})}});
}

void SyncEngine::subscribe(const QList<qint64> &eventIds)
{
    if (!eventIds.isEmpty())
        send(QJsonObject{{u"subscribe"_s, idsToJson(eventIds)}});
}

void SyncEngine::watchQueue(const QString &queueId)
{
    if (queueId.isEmpty() || m_watchedQueues.contains(queueId))
        return;
    m_watchedQueues.insert(queueId);
    if (m_online)
        send(QJsonObject{{u"watch_queue"_s, queueId}});
}

void SyncEngine::unwatchQueue(const QString &queueId)
{
    if (m_watchedQueues.remove(queueId) && m_online)
        send(QJsonObject{{u"unwatch_queue"_s, queueId}});
}

void SyncEngine::send(const QJsonObject &message)
{
    if (m_socket)
        m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void SyncEngine::onMessage(const QString &message)
{
    const QJsonObject json = QJsonDocument::fromJson(message.toUtf8()).object();
    const QString type = json.value(u"type"_s).toString();
    if (type == u"subscribed"_s) {
        // The server's version at subscription: pushes follow from there; a
        // seat map that is behind (or missing, or from another database)
        // catches up first.
        for (const QJsonValue &value : json.value(u"events"_s).toArray()) {
            const QJsonObject subscription = value.toObject();
            const qint64 eventId = subscription.value(u"event_id"_s).toInteger();
            const qint64 serverVersion = subscription.value(u"version"_s).toInteger();
            const qint64 local = m_mirror.seatMapVersion(eventId);
            m_target[eventId] = std::max(m_target.value(eventId, -1), serverVersion);
            if (local > serverVersion)
                fetchTickets(eventId, true); // a mirror of another database
            else if (local < serverVersion)
                fetchTickets(eventId);
            else
                Q_EMIT seatMapSynced(eventId, local);
        }
    } else if (type == u"tickets"_s) {
        if (m_pushesToLose > 0) {
            --m_pushesToLose;
            return;
        }
        applyPush(json.value(u"event_id"_s).toInteger(), json.value(u"version"_s).toInteger(),
                  json.value(u"tickets"_s).toArray());
    } else if (type == u"availability"_s) {
        QHash<qint64, qint64> available;
        for (const QJsonValue &value : json.value(u"events"_s).toArray())
            available.insert(value[u"event_id"_s].toInteger(), value[u"available"_s].toInteger());
        m_mirror.applyAvailability(available);
    } else if (type == u"queue"_s) {
        const QueuePlace place = QueuePlace::fromJson(json);
        if (m_watchedQueues.contains(place.id))
            Q_EMIT queueChanged(place);
    } else if (type == u"error"_s) {
        qCWarning(lcSync) << "stream error:"
                          << json.value(u"error"_s).toObject().value(u"message"_s).toString();
    }
}

void SyncEngine::applyPush(qint64 eventId, qint64 version, const QJsonArray &tickets)
{
    if (!m_watched.contains(eventId))
        return;
    m_target[eventId] = std::max(m_target.value(eventId, -1), version);
    if (m_fetching.contains(eventId)) {
        m_buffered[eventId].insert(version, tickets);
        return;
    }
    const qint64 local = m_mirror.seatMapVersion(eventId);
    if (version <= local)
        return; // already applied (a catch-up overtook the push)
    if (local >= 0 && version == local + 1) {
        if (m_mirror.applyTickets(eventId, version, tickets))
            Q_EMIT seatMapSynced(eventId, version);
        return;
    }
    qCInfo(lcSync) << "version gap on event" << eventId << ": have" << local << "got" << version;
    m_buffered[eventId].insert(version, tickets);
    fetchTickets(eventId);
}

void SyncEngine::fetchTickets(qint64 eventId, bool whole)
{
    if (m_fetching.contains(eventId) || !m_watched.contains(eventId))
        return;
    const quint64 generation = ++m_generation;
    m_fetching.insert(eventId, generation);
    const qint64 local = whole ? -1 : m_mirror.seatMapVersion(eventId);
    QUrlQuery query;
    if (local >= 0)
        query.addQueryItem(u"since"_s, QString::number(local));
    m_api.get(u"/v1/event/%1/tickets"_s.arg(eventId), query, this,
              [this, eventId, local, whole, generation](const ApiResult &result) {
                  if (m_fetching.value(eventId) != generation)
                      return; // unwatched or reconnected since: a newer catch-up owns it
                  m_fetching.remove(eventId);
                  if (!result.ok()) {
                      // Keep what was buffered and try again: a seat map must
                      // not stay behind just because one request failed.
                      const int delay = std::min(m_maxDelayMs, m_firstDelayMs * 4);
                      QTimer::singleShot(delay, this, [this, eventId, whole] {
                          if (m_online)
                              fetchTickets(eventId, whole);
                      });
                      return;
                  }
                  const qint64 version = result.body.value(u"version"_s).toInteger();
                  qint64 current = m_mirror.seatMapVersion(eventId);
                  if (current < version || local < 0) {
                      if (!m_mirror.applyTickets(eventId, version,
                                                 result.body.value(u"tickets"_s).toArray(), whole))
                          return; // the mirror reported why; the next change retries
                      current = version;
                  }
                  // Pushes that came in meanwhile, in order, from where the
                  // snapshot ends.
                  const QMap<qint64, QJsonArray> buffered = m_buffered.take(eventId);
                  for (auto it = buffered.cbegin(); it != buffered.cend(); ++it) {
                      if (it.key() <= current)
                          continue;
                      if (it.key() != current + 1 ||
                          !m_mirror.applyTickets(eventId, it.key(), it.value()))
                          break;
                      current = it.key();
                  }
                  if (current < m_target.value(eventId, -1)) {
                      // Still behind what the server announced: go again.
                      fetchTickets(eventId);
                      return;
                  }
                  Q_EMIT seatMapSynced(eventId, current);
              });
}

void SyncEngine::syncCatalog()
{
    if (m_catalogInFlight) {
        m_catalogAgain = true;
        return;
    }
    m_catalogInFlight = true;
    fetchCatalogPage(m_mirror.catalogRevision(), 0, 0);
}

void SyncEngine::fetchCatalogPage(qint64 since, int done, int total)
{
    QUrlQuery query;
    query.addQueryItem(u"since"_s, QString::number(since));
    query.addQueryItem(u"limit"_s, QString::number(m_catalogPageSize));
    m_api.get(u"/v1/catalog"_s, query, this, [this, done, total](const ApiResult &result) {
        if (!result.ok()) {
            m_catalogInFlight = false;
            m_catalogAgain = false;
            return;
        }
        const QJsonArray events = result.body.value(u"events"_s).toArray();
        const int remaining = result.body.value(u"remaining"_s).toInt();
        const int newTotal = total > 0 ? total : int(events.size()) + remaining;
        const qint64 revision = result.body.value(u"revision"_s).toInteger();
        // One page per transaction: small steps the GUI thread barely notices.
        if (!m_mirror.applyCatalog(events, revision)) {
            // The mirror said why (storageFailed); keep the old revision and
            // try again at the next sync.
            m_catalogInFlight = false;
            m_catalogAgain = false;
            return;
        }
        const int nowDone = done + int(events.size());
        Q_EMIT catalogProgress(nowDone, std::max(newTotal, nowDone));
        if (result.body.value(u"more"_s).toBool() && !events.isEmpty()) {
            fetchCatalogPage(revision, nowDone, newTotal);
            return;
        }
        m_catalogInFlight = false;
        Q_EMIT catalogSynced();
        if (std::exchange(m_catalogAgain, false))
            syncCatalog();
    });
}
