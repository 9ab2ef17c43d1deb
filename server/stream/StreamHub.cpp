#include "StreamHub.h"

#include "DomainError.h"
#include "Log.h"
#include "Metrics.h"
#include "StreamMessage.h"
#include "WaitingRoom.h"
#include "WebSocketFrame.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>
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
    , m_server(new QWebSocketServer(u"boxoffice"_s, QWebSocketServer::NonSecureMode, this))
    , m_idleTimeout(idleTimeout)
{
    connect(m_server, &QWebSocketServer::newConnection, this, &StreamHub::onNewConnection);
    // Three pings per timeout: a live client answers one of them in time.
    m_pingTimer.setInterval(
        std::max<std::chrono::milliseconds>(m_idleTimeout / 3, std::chrono::milliseconds(50)));
    connect(&m_pingTimer, &QTimer::timeout, this, &StreamHub::pingOrDrop);
    m_pingTimer.start();
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

void StreamHub::accept(QTcpSocket *socket)
{
    socket->setParent(nullptr);
    // QWebSocketServer times out handshakes only on connections it accepted
    // itself: a client that never finishes this one is dropped here.
    auto *handshake = new QTimer(socket);
    handshake->setSingleShot(true);
    connect(handshake, &QTimer::timeout, socket, [socket] {
        qCDebug(lcStream) << "stream handshake not finished in time: closing";
        socket->abort();
    });
    handshake->start(std::chrono::seconds(10));
    m_handshakes.insert(socket, handshake);
    connect(socket, &QObject::destroyed, this, [this, socket] { m_handshakes.remove(socket); });
    m_server->handleConnection(socket);
    // The handshake bytes were already read into the socket's buffer; tell
    // the server they are there.
    if (socket->bytesAvailable() > 0)
        Q_EMIT socket->readyRead();
}

void StreamHub::onNewConnection()
{
    while (QWebSocket *client = m_server->nextPendingConnection()) {
        // Handshake done: its timer (found by the connection's ports) stops.
        for (auto it = m_handshakes.begin(); it != m_handshakes.end(); ++it) {
            if (it.key()->peerPort() == client->peerPort() &&
                it.key()->localPort() == client->localPort() &&
                it.key()->peerAddress() == client->peerAddress()) {
                it.value()->stop();
                m_sockets.insert(client, it.key());
                m_handshakes.erase(it);
                break;
            }
        }
        client->setParent(this);
        client->setMaxAllowedIncomingMessageSize(MaxMessageBytes);
        client->setMaxAllowedIncomingFrameSize(MaxMessageBytes);
        m_subscriptions.insert(client, {});
        m_lastHeard.insert(client, std::chrono::steady_clock::now());
        m_budgets.insert(client, {MessageBurst, std::chrono::steady_clock::now()});
        ++m_metrics.websocketClients;
        const auto heard = [this, client] {
            m_lastHeard[client] = std::chrono::steady_clock::now();
        };
        connect(client, &QWebSocket::pong, this, heard);
        connect(client, &QWebSocket::textFrameReceived, this, heard);
        connect(client, &QWebSocket::binaryFrameReceived, this, heard);
        connect(client, &QWebSocket::textMessageReceived, this,
                [this, client](const QString &text) { onMessage(client, text); });
        connect(client, &QWebSocket::disconnected, this,
                [this, client] { onDisconnected(client); });
    }
}

bool StreamHub::spendMessage(QWebSocket *client)
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

void StreamHub::onMessage(QWebSocket *client, const QString &text)
{
    // A client that does not take its answers gets no more of them.
    if (client->bytesToWrite() > MaxUnsentBytes) {
        qCDebug(lcStream) << "stream client does not read its answers: closing";
        client->abort();
        return;
    }
    if (!spendMessage(client)) {
        if (client->state() == QAbstractSocket::ConnectedState) {
            ++m_metrics.rateLimited;
            qCDebug(lcStream) << "stream client sends too many messages: closing";
            client->close(QWebSocketProtocol::CloseCodePolicyViolated, u"too many messages"_s);
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
    client->sendTextMessage(QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"type"_s, u"subscribed"_s}, {u"events"_s, confirmed}})
            .toJson(QJsonDocument::Compact)));
}

void StreamHub::sendError(QWebSocket *client, ErrorCode code, const QString &message)
{
    QJsonObject error = DomainError(code, message).toJson();
    error.insert(u"type"_s, u"error"_s);
    client->sendTextMessage(QString::fromUtf8(QJsonDocument(error).toJson(QJsonDocument::Compact)));
}

void StreamHub::setWaitingRooms(PlaceLookup locate, RoomLookup roomOf)
{
    m_locatePlace = std::move(locate);
    m_roomOf = std::move(roomOf);
}

void StreamHub::watchQueue(QWebSocket *client, const QString &queueId, bool watch)
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
    if (watch.client->state() != QAbstractSocket::ConnectedState)
        return;
    watch.shownStatus = status;
    watch.shownPosition = place.standing.position;
    watch.toldAt = std::chrono::steady_clock::now();
    QJsonObject push = place.toJson();
    push.insert(u"type"_s, u"queue"_s);
    watch.client->sendTextMessage(
        QString::fromUtf8(QJsonDocument(push).toJson(QJsonDocument::Compact)));
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

void StreamHub::onDisconnected(QWebSocket *client)
{
    for (auto it = m_queueWatches.begin(); it != m_queueWatches.end();) {
        it->removeIf([client](const QueueWatch &w) { return w.client == client; });
        it = it->isEmpty() ? m_queueWatches.erase(it) : std::next(it);
    }
    for (qint64 eventId : m_subscriptions.value(client))
        m_subscribers[eventId].remove(client);
    if (m_subscriptions.remove(client))
        --m_metrics.websocketClients;
    m_lastHeard.remove(client);
    m_budgets.remove(client);
    m_sockets.remove(client);
    client->deleteLater();
}

void StreamHub::publish(qint64 eventId, const QByteArray &message)
{
    const auto it = m_subscribers.constFind(eventId);
    if (it == m_subscribers.cend())
        return;
    // Framed once for all subscribers: QWebSocket would frame and copy it
    // again for each of them. Writing under QWebSocket is safe because all
    // of a client's writes (its pongs, close frames, answers) happen on this
    // thread, each one a whole frame, so frames never interleave.
    const QByteArray frame = WebSocketFrame::text(message);
    const QSet<QWebSocket *> subscribers = *it;
    for (QWebSocket *client : subscribers) {
        // Covers pushes and answers alike: both wait in the same socket.
        if (client->bytesToWrite() > MaxUnsentBytes) {
            qCDebug(lcStream) << "stream client does not read its pushes: closing";
            client->abort();
            continue;
        }
        // After a close frame nothing more may be sent.
        if (client->state() != QAbstractSocket::ConnectedState)
            continue;
        QTcpSocket *socket = m_sockets.value(client);
        if (!socket) {
            client->sendTextMessage(QString::fromUtf8(message));
        } else if (socket->bytesToWrite() > 0) {
            // Behind what Qt still holds for it: queued after that, in order.
            socket->write(frame);
        } else {
            // Straight to the kernel: QTcpSocket::write would arm and disarm
            // a write notifier per socket, and with the glib dispatcher that
            // costs time in proportion to the worker's sockets, per write.
            // Whatever the kernel does not take (or an error, which Qt then
            // reports) goes through Qt's buffer.
            const ssize_t sent = ::send(int(socket->socketDescriptor()), frame.constData(),
                                        size_t(frame.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent < frame.size())
                socket->write(frame.sliced(std::max<qsizetype>(sent, 0)));
        }
        ++m_metrics.streamMessages;
    }
}

void StreamHub::closeAll()
{
    for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
        it.key()->close(QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
}
