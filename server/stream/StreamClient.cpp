#include "StreamClient.h"

#include "Log.h"
#include "WebSocketFrame.h"

#include <QCryptographicHash>
#include <QStringDecoder>
#include <QTimerEvent>
#include <QtEndian>
#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace {

constexpr qsizetype MaxHandshakeBytes = 16 * 1024;
constexpr int HandshakeTimeoutMs = 10000;
// After our close frame, how long the client has to close its end.
constexpr int ClosingTimeoutMs = 2000;

enum Opcode
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xa,
};

// A header's value in the handshake (names are case-insensitive).
QByteArray headerValue(const QList<QByteArray> &lines, QByteArrayView name)
{
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

StreamClient::StreamClient(int fd, QByteArray received, qsizetype maxMessageBytes, QObject *parent)
    : QObject(parent)
    , m_fd(fd)
    , m_readable(fd, QSocketNotifier::Read)
    , m_writable(fd, QSocketNotifier::Write)
    , m_maxMessageBytes(maxMessageBytes)
    , m_received(std::move(received))
{
    m_writable.setEnabled(false);
    connect(&m_readable, &QSocketNotifier::activated, this, &StreamClient::onReadable);
    connect(&m_writable, &QSocketNotifier::activated, this, &StreamClient::onWritable);
    restartTimer(HandshakeTimeoutMs);
    // What arrived with the upgrade request is handled from the event loop,
    // like anything that arrives later.
    QMetaObject::invokeMethod(this, &StreamClient::process, Qt::QueuedConnection);
}

StreamClient::~StreamClient()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void StreamClient::restartTimer(int milliseconds)
{
    if (m_timer)
        killTimer(m_timer);
    m_timer = milliseconds > 0 ? startTimer(milliseconds) : 0;
}

void StreamClient::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer)
        return;
    qCDebug(lcStream) << (m_state == State::Handshake ? "stream handshake not finished in time"
                                                      : "stream client did not close in time")
                      << "- dropping it";
    abort();
}

void StreamClient::abort()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    restartTimer(0);
    m_readable.setEnabled(false);
    m_writable.setEnabled(false);
    ::close(m_fd);
    m_fd = -1;
    m_received.clear();
    m_message.clear();
    m_unsent.clear();
    m_unsentBytes = 0;
    QMetaObject::invokeMethod(this, &StreamClient::disconnected, Qt::QueuedConnection);
}

void StreamClient::onReadable()
{
    char buffer[64 * 1024];
    const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        abort(); // the client went away (or its connection broke)
        return;
    }
    if (n < 0)
        return;
    if (m_state == State::Closing)
        return; // after our close frame: read to the end, keep nothing
    m_received.append(buffer, n);
    process();
}

void StreamClient::process()
{
    if (m_state == State::Handshake) {
        const qsizetype end = m_received.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_received.size() > MaxHandshakeBytes)
                abort();
            return;
        }
        if (!answerHandshake(end))
            return;
    }
    qsizetype at = 0;
    while (m_state == State::Open && at < m_received.size()) {
        const qsizetype taken = takeFrame(at);
        if (taken <= 0)
            break;
        at += taken;
    }
    if (m_state == State::Open || m_state == State::Handshake)
        m_received.remove(0, at);
    if (m_received.isEmpty())
        m_received = QByteArray(); // idle: no buffer held
}

bool StreamClient::answerHandshake(qsizetype end)
{
    const QList<QByteArray> lines = m_received.left(end).split('\n');
    const QByteArray key = headerValue(lines, "sec-websocket-key");
    const bool valid = lines.first().startsWith("GET ") &&
                       headerValue(lines, "sec-websocket-version") == "13" &&
                       QByteArray::fromBase64(key).size() == 16;
    if (!valid) {
        static const QByteArray refused =
            "HTTP/1.1 400 Bad Request\r\nSec-WebSocket-Version: 13\r\n"
            "Content-Type: application/json\r\nConnection: close\r\nContent-Length: 108\r\n\r\n"
            R"({"error":{"code":"malformed_request","message":"A WebSocket handshake needs Sec-WebSocket-Key and version 13."}})";
        write(refused.constData(), refused.size());
        abort();
        return false;
    }
    const QByteArray accept =
        QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                 QCryptographicHash::Sha1)
            .toBase64();
    const QByteArray answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\nSec-WebSocket-Accept: " +
                              accept + "\r\n\r\n";
    m_received.remove(0, end + 4);
    restartTimer(0);
    m_state = State::Open;
    write(answer.constData(), answer.size());
    if (m_state != State::Open)
        return false;
    Q_EMIT opened();
    return m_state == State::Open;
}

qsizetype StreamClient::takeFrame(qsizetype at)
{
    const auto *bytes = reinterpret_cast<const uchar *>(m_received.constData()) + at;
    const qsizetype available = m_received.size() - at;
    if (available < 2)
        return 0;
    const bool fin = bytes[0] & 0x80;
    const int opcode = bytes[0] & 0x0f;
    const bool masked = bytes[1] & 0x80;
    quint64 length = bytes[1] & 0x7f;
    qsizetype header = 2;
    if (length == 126) {
        if (available < 4)
            return 0;
        length = qFromBigEndian<quint16>(bytes + 2);
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return 0;
        length = qFromBigEndian<quint64>(bytes + 2);
        header = 10;
    }
    const bool control = opcode >= Close;
    // A client masks every frame; no extension was agreed, so no RSV bit.
    if (!masked || (bytes[0] & 0x70) ||
        (opcode != Continuation && opcode != Text && opcode != Binary && opcode != Close &&
         opcode != Ping && opcode != Pong) ||
        (control && (!fin || length > 125))) {
        close(ProtocolError, "malformed frame");
        return -1;
    }
    // Refused by its header, before its payload is waited for or kept.
    if (!control && length + quint64(m_message.size()) > quint64(m_maxMessageBytes)) {
        close(TooMuchData, "message too big");
        return -1;
    }
    const qsizetype total = header + 4 + qsizetype(length);
    if (available < total)
        return 0;
    const uchar *mask = bytes + header;
    QByteArray payload(reinterpret_cast<const char *>(bytes + header + 4), qsizetype(length));
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(payload[i] ^ mask[i % 4]);
    Q_EMIT heard();
    if (m_state != State::Open)
        return -1;

    if (control) {
        if (opcode == Ping) {
            sendControl(Pong, payload);
        } else if (opcode == Close) {
            // Its code back (1000 without one), then the connection ends.
            const quint16 code =
                payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData()) : quint16(1000);
            QByteArray echo(2, '\0');
            qToBigEndian(code, echo.data());
            sendControl(Close, echo);
            ::shutdown(m_fd, SHUT_WR);
            abort();
            return -1;
        }
        return m_state == State::Open ? total : -1;
    }
    if (opcode == Continuation) {
        if (m_messageOpcode == 0) {
            close(ProtocolError, "continuation without a message");
            return -1;
        }
        m_message.append(payload);
    } else {
        if (m_messageOpcode != 0) {
            close(ProtocolError, "a new message inside another");
            return -1;
        }
        m_messageOpcode = opcode;
        m_message = std::move(payload);
    }
    if (fin) {
        const int messageOpcode = m_messageOpcode;
        m_messageOpcode = 0;
        handleMessage(messageOpcode, std::exchange(m_message, QByteArray()));
    }
    return m_state == State::Open ? total : -1;
}

void StreamClient::handleMessage(int opcode, QByteArray payload)
{
    if (opcode != Text)
        return; // binary messages mean nothing here
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(payload);
    if (decoder.hasError()) {
        close(InvalidPayload, "text is not UTF-8");
        return;
    }
    Q_EMIT textMessage(text);
}

void StreamClient::sendFrame(const QByteArray &frame)
{
    if (m_state == State::Open)
        write(frame.constData(), frame.size());
}

void StreamClient::sendText(const QString &text)
{
    sendFrame(WebSocketFrame::text(text.toUtf8()));
}

void StreamClient::ping()
{
    if (m_state == State::Open)
        sendControl(Ping, {});
}

void StreamClient::sendControl(int opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    frame.append(char(payload.size()));
    frame.append(payload);
    write(frame.constData(), frame.size());
}

void StreamClient::close(quint16 code, const QByteArray &reason)
{
    if (m_state != State::Open)
        return;
    QByteArray payload(2, '\0');
    qToBigEndian(code, payload.data());
    payload.append(reason.left(123));
    sendControl(Close, payload);
    if (m_state != State::Open)
        return;
    // What the client still sends is read and dropped until it closes its
    // end; an unread receive buffer would make our close a reset, and the
    // client would never learn why.
    m_state = State::Closing;
    m_received = QByteArray();
    m_message = QByteArray();
    if (m_unsentBytes == 0)
        ::shutdown(m_fd, SHUT_WR);
    restartTimer(ClosingTimeoutMs);
}

void StreamClient::write(const char *data, qsizetype size)
{
    if (m_fd < 0)
        return;
    qsizetype sent = 0;
    if (m_unsent.empty()) {
        const ssize_t n = ::send(m_fd, data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            abort();
            return;
        }
        sent = std::max<qsizetype>(n, 0);
    }
    if (sent == size)
        return;
    m_unsent.emplace_back(data + sent, size - sent);
    m_unsentBytes += size - sent;
    m_writable.setEnabled(true);
}

void StreamClient::onWritable()
{
    while (!m_unsent.empty()) {
        const QByteArray &front = m_unsent.front();
        const ssize_t n =
            ::send(m_fd, front.constData() + m_unsentOffset, size_t(front.size() - m_unsentOffset),
                   MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                abort();
            return;
        }
        m_unsentOffset += n;
        m_unsentBytes -= n;
        if (m_unsentOffset < front.size())
            return;
        m_unsent.pop_front();
        m_unsentOffset = 0;
    }
    m_writable.setEnabled(false);
    if (m_state == State::Closing)
        ::shutdown(m_fd, SHUT_WR);
}
