#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
class Metrics;

// The /v1/stream WebSocket clients of one worker and the events they
// subscribed to. Every ticket change reaches it in version order (from the
// NOTIFY relay) and goes to each subscriber of that event.
class StreamHub : public QObject
{
    Q_OBJECT
public:
    // The current version of each of these events that exists.
    using VersionLookup = std::function<QHash<qint64, qint64>(const QList<qint64> &eventIds)>;

    // A client that answers no ping (and sends nothing) for idleTimeout is
    // closed: a half-open or frozen client must not hold its resources.
    StreamHub(Metrics &metrics, VersionLookup versionsOf, std::chrono::milliseconds idleTimeout,
              QObject *parent);
    ~StreamHub() override;

    void accept(QTcpSocket *socket);
    void publish(qint64 eventId, const QByteArray &message);
    void closeAll();

private:
    void onNewConnection();
    void onMessage(QWebSocket *client, const QString &text);
    void onDisconnected(QWebSocket *client);
    void pingOrDrop();
    // Takes one message from the client's budget; false when it is spent.
    bool spendMessage(QWebSocket *client);

    Metrics &m_metrics;
    VersionLookup m_versionsOf;
    QWebSocketServer *m_server;
    QHash<QWebSocket *, QSet<qint64>> m_subscriptions;
    QHash<qint64, QSet<QWebSocket *>> m_subscribers;
    std::chrono::milliseconds m_idleTimeout;
    QHash<QWebSocket *, std::chrono::steady_clock::time_point> m_lastHeard;
    // Each message costs a parse and a query: a token bucket per client.
    struct MessageBudget
    {
        double tokens;
        std::chrono::steady_clock::time_point refilled;
    };
    QHash<QWebSocket *, MessageBudget> m_budgets;
    QTimer m_pingTimer;
    // Handed-over sockets whose WebSocket handshake is not finished yet.
    QHash<QTcpSocket *, QTimer *> m_handshakes;
    // The connection under each client: a push is framed once and the same
    // bytes are written to every subscriber's socket.
    QHash<QWebSocket *, QPointer<QTcpSocket>> m_sockets;
};
