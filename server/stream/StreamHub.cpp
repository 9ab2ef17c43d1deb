#include "StreamHub.h"

#include "DomainError.h"
#include "Log.h"
#include "Metrics.h"
#include "StreamClient.h"
#include "StreamMessage.h"
#include "WaitingRoom.h"
#include "WebSocketFrame.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxSubscriptions = 1000;
// Places one connection may follow: a buyer follows their own, in a tab or two.
constexpr int MaxQueueWatches = 10;
// A waiting buyer hears their new position at most this often.
constexpr std::chrono::seconds QueuePositionInterval{1};
// A subscription message names at most 1,000 ids: 64 KiB is ample, and a
// larger message closes the connection (1009) before it is even buffered.
constexpr quint64 MaxMessageBytes = 64 * 1024;
// Pushes a client has not taken beyond this close it: a subscriber that
// does not read must not grow the server.
constexpr qint64 MaxUnsentBytes = 1024 * 1024;
// Messages a client may send: a sync client sends one when it starts or
// stops following an event. Without a budget one connection kept its worker
// parsing and querying as fast as it could send (a flood of 64 KiB
// subscriptions, issue 8); past it the client is closed (1008) and comes
// back under the per-address limit on stream connects.
constexpr double MessagesPerSecond = 5;
constexpr double MessageBurst = 20;
} // namespace

StreamHub::StreamHub(Metrics &metrics, VersionLookup versionsOf,
                     std::chrono::milliseconds idleTimeout, QObject *parent)
    : QObject(parent)
    , m_metrics(metrics)
    , m_versionsOf(std::move(versionsOf))
    , m_idleTimeout(idleTimeout)
{
    // Three pings per timeout: a live client answers one of them in time.
    m_pingTimer.setInterval(
        std::max<std::chrono::milliseconds>(m_idleTimeout / 3, std::chrono::milliseconds(50)));
    connect(&m_pingTimer, &QTimer::timeout, this, &StreamHub::pingOrDrop);
    m_pingTimer.start();
}

void StreamHub::setAvailability(AvailabilityLookup lookup, std::chrono::milliseconds interval)
{
    m_availableOf = std::move(lookup);
    m_availabilityTimer.setSingleShot(true);
    m_availabilityTimer.setInterval(interval);
    connect(&m_availabilityTimer, &QTimer::timeout, this, &StreamHub::sendAvailability);
}

// {"type": "availability", "events": [{"event_id": 7, "available": 412}, …]}
void StreamHub::sendAvailability()
{
    if (m_availabilityWatchers.isEmpty() || m_availabilityChanged.isEmpty() || !m_availableOf) {
        m_availabilityChanged.clear();
        return;
    }
    const QList<qint64> eventIds = m_availabilityChanged.values();
    m_availabilityChanged.clear();
    QHash<qint64, qint64> available;
    try {
        available = m_availableOf(eventIds);
    } catch (const std::exception &error) {
        qCWarning(lcStream) << "free seats could not be read:" << error.what();
        return; // the next change sends them
    }
    QJsonArray events;
    for (auto it = available.cbegin(); it != available.cend(); ++it)
        events.append(QJsonObject{{u"event_id"_s, it.key()}, {u"available"_s, it.value()}});
    const QByteArray frame = WebSocketFrame::text(
        QJsonDocument(QJsonObject{{u"type"_s, u"availability"_s}, {u"events"_s, events}})
            .toJson(QJsonDocument::Compact));
    for (StreamClient *client : std::as_const(m_availabilityWatchers)) {
        if (!client->isOpen() || client->bytesToWrite() > MaxUnsentBytes)
            continue; // a client that does not read is closed by the next push
        client->sendFrame(frame);
        ++m_metrics.streamMessages;
    }
}

void StreamHub::pingOrDrop()
{
    const auto now = std::chrono::steady_clock::now();
    const auto clients = m_lastHeard;
    for (auto it = clients.cbegin(); it != clients.cend(); ++it) {
        if (now - it.value() > m_idleTimeout) {
            ++m_metrics.streamClientsTimedOut;
            qCDebug(lcHttp) << "stream client silent for" << m_idleTimeout.count() << "ms: closing";
            it.key()->abort();
        } else {
            it.key()->ping();
        }
    }
}

StreamHub::~StreamHub() = default;

StreamClient *StreamHub::accept(QTcpSocket *socket)
{
    // The client's connection goes on without Qt's socket: its descriptor
    // is duplicated, the QTcpSocket (and its buffers) goes, and what it had
    // read (the handshake) goes with the descriptor to the client.
    const QByteArray received = socket->readAll();
    const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    socket->abort();
    socket->deleteLater();
    if (fd < 0) {
        qCWarning(lcStream) << "cannot take over a stream connection:" << std::strerror(errno);
        return nullptr;
    }
    auto *client = new StreamClient(fd, received, MaxMessageBytes, this);
    connect(client, &StreamClient::opened, this, [this, client] { onOpened(client); });
    connect(client, &StreamClient::disconnected, this, [this, client] { onDisconnected(client); });
    return client;
}

void StreamHub::onOpened(StreamClient *client)
{
    m_subscriptions.insert(client, {});
    m_lastHeard.insert(client, std::chrono::steady_clock::now());
    m_budgets.insert(client, {MessageBurst, std::chrono::steady_clock::now()});
    ++m_metrics.websocketClients;
    connect(client, &StreamClient::heard, this,
            [this, client] { m_lastHeard[client] = std::chrono::steady_clock::now(); });
    connect(client, &StreamClient::textMessage, this,
            [this, client](const QString &text) { onMessage(client, text); });
}

bool StreamHub::spendMessage(StreamClient *client)
{
    const auto it = m_budgets.find(client);
    if (it == m_budgets.end())
        return false;
    const auto now = std::chrono::steady_clock::now();
    const std::chrono::duration<double> elapsed = now - it->refilled;
    it->tokens = std::min(MessageBurst, it->tokens + elapsed.count() * MessagesPerSecond);
    it->refilled = now;
    if (it->tokens < 1)
        return false;
    it->tokens -= 1;
    return true;
}

void StreamHub::onMessage(StreamClient *client, const QString &text)
{
    // A client that does not take its answers gets no more of them.
    if (client->bytesToWrite() > MaxUnsentBytes) {
        qCDebug(lcStream) << "stream client does not read its answers: closing";
        client->abort();
        return;
    }
    if (!spendMessage(client)) {
        if (client->isOpen()) {
            ++m_metrics.rateLimited;
            qCDebug(lcStream) << "stream client sends too many messages: closing";
            client->close(StreamClient::PolicyViolated, "too many messages");
        }
        return;
    }
    const auto fail = [client](ErrorCode code, const QString &message) {
        sendError(client, code, message);
    };
    StreamMessage request;
    try {
        request = StreamMessage::fromText(text);
    } catch (const DomainError &error) {
        fail(error.code(), error.message());
        return;
    }
    if (request.watchAvailability) {
        if (*request.watchAvailability)
            m_availabilityWatchers.insert(client);
        else
            m_availabilityWatchers.remove(client);
        return;
    }
    if (request.queue != StreamMessage::Queue::None) {
        watchQueue(client, request.queueId, request.queue == StreamMessage::Queue::Watch);
        return;
    }
    const bool subscribe = request.subscribe;
    const QList<qint64> &eventIds = request.eventIds;
    QSet<qint64> &mine = m_subscriptions[client];
    if (!subscribe) {
        for (qint64 eventId : std::as_const(eventIds)) {
            mine.remove(eventId);
            const auto subscribers = m_subscribers.find(eventId);
            if (subscribers != m_subscribers.end() && subscribers->remove(client) &&
                subscribers->isEmpty())
                m_subscribers.erase(subscribers);
        }
        return;
    }
    QList<qint64> fresh;
    for (qint64 eventId : std::as_const(eventIds)) {
        if (!mine.contains(eventId))
            fresh.append(eventId);
    }
    if (mine.size() + fresh.size() > MaxSubscriptions) {
        fail(ErrorCode::TooManySubscriptions,
             u"At most %1 events per connection."_s.arg(MaxSubscriptions));
        return;
    }
    // One query for all of them, however many.
    QHash<qint64, qint64> versions;
    try {
        versions = m_versionsOf(eventIds);
    } catch (const std::exception &error) {
        qCWarning(lcStream) << "cannot read event versions:" << error.what();
    }
    QJsonArray confirmed;
    QList<qint64> unknown;
    for (qint64 eventId : std::as_const(eventIds)) {
        const auto version = versions.constFind(eventId);
        if (version == versions.cend()) {
            unknown.append(eventId);
            continue;
        }
        mine.insert(eventId);
        m_subscribers[eventId].insert(client);
        confirmed.append(QJsonObject{{u"event_id"_s, eventId}, {u"version"_s, *version}});
    }
    if (unknown.size() == 1) {
        fail(ErrorCode::NotFound, u"No event with id %1."_s.arg(unknown.first()));
    } else if (!unknown.isEmpty()) {
        QStringList list;
        for (qint64 id : std::as_const(unknown))
            list.append(QString::number(id));
        fail(ErrorCode::NotFound, u"No events with ids %1."_s.arg(list.join(u", "_s)));
    }
    // The version each subscription starts from: a client fetches ?since=
    // from here and applies pushes above it.
    client->sendFrame(WebSocketFrame::text(
        QJsonDocument(QJsonObject{{u"type"_s, u"subscribed"_s}, {u"events"_s, confirmed}})
            .toJson(QJsonDocument::Compact)));
}

void StreamHub::sendError(StreamClient *client, ErrorCode code, const QString &message)
{
    QJsonObject error = DomainError(code, message).toJson();
    error.insert(u"type"_s, u"error"_s);
    client->sendFrame(WebSocketFrame::text(QJsonDocument(error).toJson(QJsonDocument::Compact)));
}

void StreamHub::setWaitingRooms(PlaceLookup locate, RoomLookup roomOf)
{
    m_locatePlace = std::move(locate);
    m_roomOf = std::move(roomOf);
}

void StreamHub::watchQueue(StreamClient *client, const QString &queueId, bool watch)
{
    qsizetype mine = 0;
    for (auto it = m_queueWatches.begin(); it != m_queueWatches.end();) {
        QList<QueueWatch> &watches = it.value();
        if (!watch)
            watches.removeIf(
                [&](const QueueWatch &w) { return w.client == client && w.queueId == queueId; });
        mine += std::count_if(watches.cbegin(), watches.cend(),
                              [&](const QueueWatch &w) { return w.client == client; });
        it = watches.isEmpty() ? m_queueWatches.erase(it) : std::next(it);
    }
    if (!watch)
        return;
    const auto fail = [client](ErrorCode code, const QString &message) {
        sendError(client, code, message);
    };
    if (mine >= MaxQueueWatches) {
        fail(ErrorCode::TooManySubscriptions,
             u"At most %1 places in queues per connection."_s.arg(MaxQueueWatches));
        return;
    }
    std::optional<std::pair<qint64, qint64>> place;
    try {
        if (m_locatePlace)
            place = m_locatePlace(queueId);
    } catch (const std::exception &error) {
        qCWarning(lcStream) << "cannot look up a place in a queue:" << error.what();
        fail(ErrorCode::DatabaseUnavailable, u"Cannot look the place up now; try again."_s);
        return;
    }
    if (!place) {
        fail(ErrorCode::NotFound, u"No place %1 in a waiting room."_s.arg(queueId));
        return;
    }
    QList<QueueWatch> &watches = m_queueWatches[place->first];
    watches.append(QueueWatch{client, queueId, place->first, place->second, {}, -1, {}});
    tell(watches.last(), m_roomOf ? m_roomOf(place->first) : std::nullopt, true);
}

void StreamHub::tell(QueueWatch &watch, const std::optional<RoomState> &room, bool due)
{
    QueuePlace place;
    place.id = watch.queueId;
    place.eventId = watch.eventId;
    if (!room) {
        place.status = QueuePlace::Status::NotRequired;
    } else {
        place.standing = QueueStanding::of(watch.position, room->admitted, room->admitPerSecond);
        place.status = place.standing.position == 0 ? QueuePlace::Status::Admitted
                                                    : QueuePlace::Status::Waiting;
    }
    const QString status = QueuePlace::toString(place.status);
    const bool changed = status != watch.shownStatus;
    if (!changed && (!due || place.standing.position == watch.shownPosition))
        return;
    if (!watch.client->isOpen())
        return;
    watch.shownStatus = status;
    watch.shownPosition = place.standing.position;
    watch.toldAt = std::chrono::steady_clock::now();
    QJsonObject push = place.toJson();
    push.insert(u"type"_s, u"queue"_s);
    watch.client->sendFrame(
        WebSocketFrame::text(QJsonDocument(push).toJson(QJsonDocument::Compact)));
    ++m_metrics.streamMessages;
}

void StreamHub::roomsAdvanced(const QList<RoomState> &rooms)
{
    if (m_queueWatches.isEmpty())
        return;
    QHash<qint64, RoomState> on;
    for (const RoomState &room : rooms)
        on.insert(room.eventId, room);
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_queueWatches.begin(); it != m_queueWatches.end(); ++it) {
        const auto room = on.constFind(it.key());
        const std::optional<RoomState> state =
            room == on.cend() ? std::nullopt : std::optional<RoomState>(*room);
        for (QueueWatch &watch : it.value()) {
            if (watch.client->bytesToWrite() > MaxUnsentBytes)
                continue; // closed by the next push or message
            tell(watch, state, now - watch.toldAt >= QueuePositionInterval);
        }
    }
}

void StreamHub::onDisconnected(StreamClient *client)
{
    for (auto it = m_queueWatches.begin(); it != m_queueWatches.end();) {
        it->removeIf([client](const QueueWatch &w) { return w.client == client; });
        it = it->isEmpty() ? m_queueWatches.erase(it) : std::next(it);
    }
    m_availabilityWatchers.remove(client);
    for (qint64 eventId : m_subscriptions.value(client))
        m_subscribers[eventId].remove(client);
    if (m_subscriptions.remove(client))
        --m_metrics.websocketClients;
    m_lastHeard.remove(client);
    m_budgets.remove(client);
    client->deleteLater();
}

void StreamHub::publish(qint64 eventId, const QByteArray &message)
{
    // Its free seats changed (a sale, a hold, a release): counted for the
    // next availability message.
    if (!m_availabilityWatchers.isEmpty()) {
        m_availabilityChanged.insert(eventId);
        if (!m_availabilityTimer.isActive())
            m_availabilityTimer.start();
    }
    const auto it = m_subscribers.constFind(eventId);
    if (it == m_subscribers.cend())
        return;
    // Framed once for all subscribers; each client sends it straight to
    // the kernel, and keeps only what the kernel did not take.
    const QByteArray frame = WebSocketFrame::text(message);
    const QSet<StreamClient *> subscribers = *it;
    for (StreamClient *client : subscribers) {
        // Covers pushes and answers alike: both wait in the same queue.
        if (client->bytesToWrite() > MaxUnsentBytes) {
            qCDebug(lcStream) << "stream client does not read its pushes: closing";
            client->abort();
            continue;
        }
        if (!client->isOpen())
            continue;
        client->sendFrame(frame);
        ++m_metrics.streamMessages;
    }
}

void StreamHub::closeAll()
{
    for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
        it.key()->close(StreamClient::GoingAway, "server shutting down");
}
