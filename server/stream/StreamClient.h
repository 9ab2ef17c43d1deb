#pragma once

#include <QByteArray>
#include <QObject>
#include <QSocketNotifier>
#include <deque>

// One /v1/stream client: the WebSocket protocol's server side (RFC 6455:
// the opening handshake, frames both ways, ping, the closing handshake) on
// the connection's socket descriptor. A subscriber mostly idles, and there
// are thousands of them: QWebSocket over QTcpSocket held two 16 KiB buffers
// and a dozen objects per client (about 17 KiB resident each, issue 11);
// this holds buffers only while bytes wait in them, about 1 KiB in all.
// No extensions (permessage-deflate) are accepted; clients carry on without.
class StreamClient : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Handshake,
        Open,
        Closing, // our close frame is sent; waiting for the client's end
        Closed,
    };

    // Close codes (RFC 6455 7.4.1) the server sends.
    static constexpr quint16 GoingAway = 1001;
    static constexpr quint16 ProtocolError = 1002;
    static constexpr quint16 InvalidPayload = 1007;
    static constexpr quint16 PolicyViolated = 1008;
    static constexpr quint16 TooMuchData = 1009;

    // Takes over the connection: fd (owned from now on) and the bytes
    // already read from it (the handshake, and whatever followed it).
    StreamClient(int fd, QByteArray received, qsizetype maxMessageBytes, QObject *parent);
    ~StreamClient() override;

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    // Bytes the kernel has not taken yet, waiting here.
    qint64 bytesToWrite() const { return m_unsentBytes; }

    // The bytes of whole frames (WebSocketFrame), as they are.
    void sendFrame(const QByteArray &frame);
    void sendText(const QString &text);
    void ping();
    // The closing handshake: the client learns why.
    void close(quint16 code, const QByteArray &reason);
    // Drops the connection at once.
    void abort();

Q_SIGNALS:
    void opened();
    void textMessage(const QString &text);
    // Any frame from the client: it is alive.
    void heard();
    // Emitted once, from the event loop (never inside a call on the client).
    void disconnected();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onReadable();
    void onWritable();
    // Handshake, then frames, from m_received; false once it closed.
    void process();
    bool answerHandshake(qsizetype end);
    // Handles one whole frame at m_received[at]; returns its length, 0 if
    // it has not all arrived, -1 if it ended the connection.
    qsizetype takeFrame(qsizetype at);
    void handleMessage(int opcode, QByteArray payload);
    void write(const char *data, qsizetype size);
    void sendControl(int opcode, const QByteArray &payload);
    void restartTimer(int milliseconds);

    int m_fd;
    QSocketNotifier m_readable;
    QSocketNotifier m_writable;
    qsizetype m_maxMessageBytes;
    State m_state = State::Handshake;
    QByteArray m_received; // not yet handled; empty while idle
    std::deque<QByteArray> m_unsent;
    qsizetype m_unsentOffset = 0;
    qint64 m_unsentBytes = 0;
    // A message arriving in fragments.
    QByteArray m_message;
    int m_messageOpcode = 0;
    int m_timer = 0;
};
