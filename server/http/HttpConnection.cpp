#include "HttpConnection.h"

#include "DomainError.h"
#include "Log.h"

#include <QTcpSocket>
#include <QUrl>
#include <algorithm>

namespace {
// Answers not yet taken by the client beyond this stop the reading of its
// requests (write back-pressure).
constexpr qint64 MaxUnsentBytes = 1024 * 1024;
// Bodies from this size on (seat maps) are handed to the socket as they are,
// shared with the cache that holds them, not copied behind the head. (Qt
// shares a written QByteArray of 4 KiB or more instead of copying it.)
constexpr qsizetype SharedBodyBytes = 16 * 1024;
// How long a closed connection's last answer may take to reach its client.
constexpr std::chrono::seconds CloseLinger{30};

// Each segment decoded on its own: an encoded slash stays inside its
// segment ("1%2Ftickets" is one odd id, not two segments), as the router and
// any gateway in front must see the same path.
QByteArray decodedPath(const QByteArray &raw)
{
    QList<QByteArray> segments = raw.split('/');
    for (QByteArray &segment : segments)
        segment = QByteArray::fromPercentEncoding(segment).replace('/', "%2F");
    return segments.join('/');
}

HttpConnection *self(http_parser *parser)
{
    return static_cast<HttpConnection *>(parser->data);
}
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, const Limits &limits, Dispatch dispatch,
                               IsUpgrade isUpgrade, Upgrade upgrade, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_peer(socket->peerAddress())
    , m_limits(limits)
    , m_dispatch(std::move(dispatch))
    , m_isUpgrade(std::move(isUpgrade))
    , m_upgrade(std::move(upgrade))
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    // Read no further ahead than a request or two may need.
    socket->setReadBufferSize(
        std::max<qint64>(256 * 1024, 2 * (limits.maxHeaderBytes + limits.maxBodyBytes)));
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    armTimer();
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_socket)
        m_socket->deleteLater();
}

bool HttpConnection::isIdle() const
{
    return !m_inMessage && m_ready.empty() && !m_waiting;
}

void HttpConnection::closeWhenIdle()
{
    m_closeWhenIdle = true;
    if (isIdle())
        finish();
}

void HttpConnection::armTimer()
{
    // A started request must complete within requestTimeout (this also stops
    // slow-drip clients); between requests the connection may idle.
    m_timer.start(m_inMessage ? m_limits.requestTimeout : m_limits.idleTimeout);
}

void HttpConnection::onTimeout()
{
    if (m_inMessage)
        reject(DomainError(ErrorCode::RequestTimeout,
                           QStringLiteral("The request did not arrive in time; send it again.")));
    else
        finish();
}

void HttpConnection::finish()
{
    if (m_closing)
        return;
    m_closing = true;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->disconnectFromHost();
        // The last answer may still be in the socket's buffer (a seat map is
        // larger than the kernel takes at once): the socket outlives this
        // connection until it has sent it, or until a client that stopped
        // reading has had long enough.
        if (m_socket->state() != QAbstractSocket::UnconnectedState) {
            QTcpSocket *socket = m_socket;
            m_socket.clear();
            connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(CloseLinger, socket, [socket] {
                socket->abort();
                socket->deleteLater();
            });
        }
    }
    Q_EMIT closed();
    deleteLater();
}

void HttpConnection::reject(const DomainError &error)
{
    write(HttpResponse::error(error), false);
    finish();
}

void HttpConnection::keepOnlyAnUpgradesBytes()
{
    // Only a request whose headers are still arriving may turn out to be an
    // upgrade; keep its bytes (bounded by the header limit) and nothing else.
    if (!m_inMessage || m_headersDone) {
        m_socket->commitTransaction();
        return;
    }
    if (m_messageStart == 0)
        return;
    m_socket->rollbackTransaction();
    m_socket->read(m_messageStart); // answered requests: gone
    m_socket->startTransaction();
    m_transactionBytes -= m_messageStart;
    m_socket->read(m_transactionBytes); // the partial request: kept
    m_messageStart = 0;
}

void HttpConnection::handOver()
{
    // The answers before the upgrade go out first: the stream writes on the
    // connection itself, past this socket's buffer. Until they are out
    // nothing more is read; the timer bounds the wait.
    QTcpSocket *socket = m_socket;
    socket->flush();
    if (socket->bytesToWrite() > 0) {
        m_handOverPending = true;
        return;
    }
    // Put the bytes of this transaction back, drop the requests before the
    // upgrade (answered already) and any empty lines, and leave the
    // handshake for the stream to read.
    m_timer.stop();
    socket->rollbackTransaction();
    socket->read(m_messageStart);
    char next = 0;
    while (socket->peek(&next, 1) == 1 && (next == '\r' || next == '\n'))
        socket->read(1);
    socket->disconnect(this);
    m_socket = nullptr;
    m_closing = true;
    m_upgrade(socket);
    Q_EMIT closed();
    deleteLater();
}

void HttpConnection::write(const HttpResponse &response, bool keepAlive)
{
    if (!m_socket)
        return;
    const bool shareBody = response.body.size() >= SharedBodyBytes;
    QByteArray out;
    out.reserve((shareBody ? 0 : response.body.size()) + 256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           httpReasonPhrase(response.status) + "\r\n";
    // A 304 describes the representation the client already has: no body,
    // and no length or type of its own.
    if (response.status != 304)
        out += "Content-Type: " + response.contentType +
               "\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (shareBody) {
        m_socket->write(out);
        m_socket->write(response.body);
        return;
    }
    out += response.body;
    m_socket->write(out);
}

bool HttpConnection::respond(const HttpResponse &response, bool keepAlive)
{
    keepAlive = keepAlive && !m_closeWhenIdle && !response.closeConnection;
    write(response, keepAlive);
    if (!keepAlive)
        finish();
    return keepAlive;
}

void HttpConnection::onReadyRead()
{
    if (m_closing || !m_socket || m_handOverPending)
        return;
    // A client that does not take its answers gets no more read: its
    // requests wait in the (bounded) socket buffer and TCP pushes back.
    if (!drain() || backlogged())
        return;
    if (!m_socket->isTransactionStarted()) {
        m_socket->startTransaction();
        m_transactionBytes = 0;
        m_messageStart = 0;
    }
    const QByteArray data = m_socket->readAll();
    const qint64 chunkOffset = m_transactionBytes;
    m_transactionBytes += data.size();
    // The parser pauses after each complete request, so that where the
    // next one starts is known exactly.
    qsizetype parsed = 0;
    while (parsed < data.size()) {
        parsed += static_cast<qsizetype>(
            http_parser_execute(&m_parser, &parserSettings(), data.constData() + parsed,
                                static_cast<size_t>(data.size() - parsed)));
        if (HTTP_PARSER_ERRNO(&m_parser) != HPE_PAUSED || m_upgradeRequested || m_parser.upgrade)
            break;
        http_parser_pause(&m_parser, 0);
        m_messageStart = chunkOffset + parsed;
    }
    if (m_rejectStatus == 431) {
        reject(DomainError(ErrorCode::HeadersTooLarge,
                           QStringLiteral("The request line and headers exceed %1 bytes.")
                               .arg(m_limits.maxHeaderBytes)));
        return;
    }
    if (m_rejectStatus == 413) {
        reject(DomainError(
            ErrorCode::BodyTooLarge,
            QStringLiteral("The request body exceeds %1 bytes.").arg(m_limits.maxBodyBytes)));
        return;
    }
    m_parseError = static_cast<http_errno>(m_parser.http_errno);
    m_parsedWhole = parsed == data.size();
    m_chunkPending = true;
    drain();
}

bool HttpConnection::backlogged() const
{
    return m_socket && m_socket->bytesToWrite() > MaxUnsentBytes;
}

void HttpConnection::onBytesWritten()
{
    if (m_handOverPending) {
        if (m_socket && !m_closing && m_socket->bytesToWrite() == 0)
            handOver();
        return;
    }
    if (m_socket && !m_closing && !m_waiting && m_socket->bytesToWrite() <= MaxUnsentBytes / 2 &&
        (!m_ready.empty() || m_chunkPending || m_socket->bytesAvailable() > 0))
        onReadyRead();
}

bool HttpConnection::drain()
{
    // An awaited answer holds everything after it: nothing is parsed, read
    // or answered until it is written.
    if (m_waiting)
        return false;
    const bool upgraded = m_parser.upgrade != 0;
    // Answer everything that arrived complete, in order, while the client
    // takes its answers.
    while (!m_ready.empty() && m_socket) {
        if (m_waiting || backlogged())
            return false; // resumed by the awaited answer, or by onBytesWritten
        Ready ready = std::move(m_ready.front());
        m_ready.pop_front();
        HttpResponse response = m_dispatch(ready.request);
        const bool keepAlive = ready.keepAlive && (!upgraded || m_upgradeRequested);
        if (response.pending) {
            // Nothing is read or answered meanwhile (answers keep their
            // order); the request clock is not running, the hashing queue
            // is bounded instead.
            m_waiting = true;
            m_timer.stop();
            response.pending->then(this, [this, keepAlive](const HttpResponse &answer) {
                m_waiting = false;
                if (respond(answer, keepAlive))
                    onReadyRead();
            });
            return false;
        }
        if (!respond(response, keepAlive))
            return false;
    }
    if (!m_socket || m_closing)
        return false;
    if (!m_chunkPending)
        return true;
    m_chunkPending = false;
    if (m_upgradeRequested) {
        handOver();
        return false;
    }
    if (m_parseError != HPE_OK || !m_parsedWhole) {
        reject(DomainError(ErrorCode::MalformedRequest,
                           QStringLiteral("The request is not valid HTTP/1.1: %1.")
                               .arg(QString::fromLatin1(http_errno_description(m_parseError)))));
        return false;
    }
    keepOnlyAnUpgradesBytes();
    if (m_closeWhenIdle && isIdle()) {
        finish();
        return false;
    }
    // Between requests the idle clock restarts; within one the request clock
    // started at its first byte keeps running, so drip-feeding gains nothing.
    if (!m_inMessage)
        armTimer();
    return true;
}

const http_parser_settings &HttpConnection::parserSettings()
{
    static const http_parser_settings settings = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_message_begin = &HttpConnection::onMessageBegin;
        s.on_url = &HttpConnection::onUrl;
        s.on_header_field = &HttpConnection::onHeaderField;
        s.on_header_value = &HttpConnection::onHeaderValue;
        s.on_headers_complete = &HttpConnection::onHeadersComplete;
        s.on_body = &HttpConnection::onBody;
        s.on_message_complete = &HttpConnection::onMessageComplete;
        return s;
    }();
    return settings;
}

int HttpConnection::onMessageBegin(http_parser *parser)
{
    HttpConnection *c = self(parser);
    c->m_current = HttpRequest();
    c->m_current.peer = c->m_peer;
    c->m_url.clear();
    c->m_field.clear();
    c->m_value.clear();
    c->m_headerBytes = 0;
    c->m_inMessage = true;
    c->m_headersDone = false;
    c->armTimer();
    return 0;
}

int HttpConnection::onUrl(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHeaderBytes(length))
        return 1;
    c->m_url.append(at, static_cast<qsizetype>(length));
    return 0;
}

bool HttpConnection::countHeaderBytes(size_t length)
{
    m_headerBytes += static_cast<qint64>(length);
    if (m_headerBytes <= m_limits.maxHeaderBytes)
        return true;
    m_rejectStatus = 431;
    return false;
}

void HttpConnection::storeHeader()
{
    if (!m_field.isEmpty()) {
        const QByteArray name = m_field.toLower();
        const auto existing = m_current.headers.constFind(name);
        if (existing != m_current.headers.cend())
            m_current.headers.insert(name, *existing + ", " + m_value);
        else
            m_current.headers.insert(name, m_value);
    }
    m_field.clear();
    m_value.clear();
}

int HttpConnection::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHeaderBytes(length))
        return 1;
    if (!c->m_value.isEmpty())
        c->storeHeader();
    c->m_field.append(at, static_cast<qsizetype>(length));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (!c->countHeaderBytes(length))
        return 1;
    c->m_value.append(at, static_cast<qsizetype>(length));
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *parser)
{
    HttpConnection *c = self(parser);
    c->storeHeader();
    c->m_current.method = http_method_str(static_cast<http_method>(parser->method));
    http_parser_url url;
    http_parser_url_init(&url);
    if (http_parser_parse_url(c->m_url.constData(), static_cast<size_t>(c->m_url.size()), 0,
                              &url) == 0) {
        if (url.field_set & (1 << UF_PATH))
            c->m_current.path =
                decodedPath(c->m_url.mid(url.field_data[UF_PATH].off, url.field_data[UF_PATH].len));
        if (url.field_set & (1 << UF_QUERY))
            c->m_current.query = QUrlQuery(QString::fromUtf8(
                c->m_url.mid(url.field_data[UF_QUERY].off, url.field_data[UF_QUERY].len)));
    }
    // ULLONG_MAX means "no Content-Length" (chunked or empty).
    if (parser->content_length != ULLONG_MAX &&
        parser->content_length > static_cast<uint64_t>(c->m_limits.maxBodyBytes)) {
        c->m_rejectStatus = 413;
        return 0; // onBody stops the parser; onReadyRead answers 413 right away
    }
    // A WebSocket upgrade, on any request of the connection: stop here and
    // hand the socket over once the requests before it are answered.
    if (c->m_isUpgrade && c->m_isUpgrade(c->m_current)) {
        c->m_upgradeRequested = true;
        http_parser_pause(parser, 1);
        return 0;
    }
    c->m_headersDone = true;
    if (c->m_current.header(QByteArrayLiteral("expect")).toLower() == "100-continue" && c->m_socket)
        c->m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return 0;
}

int HttpConnection::onBody(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (c->m_rejectStatus != 0)
        return 1;
    if (c->m_current.body.size() + static_cast<qint64>(length) > c->m_limits.maxBodyBytes) {
        c->m_rejectStatus = 413;
        return 1;
    }
    c->m_current.body.append(at, static_cast<qsizetype>(length));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *parser)
{
    HttpConnection *c = self(parser);
    if (c->m_rejectStatus != 0)
        return 1;
    c->m_inMessage = false;
    c->m_ready.push_back(Ready{std::move(c->m_current), http_should_keep_alive(parser) != 0});
    c->m_current = HttpRequest();
    http_parser_pause(parser, 1); // onReadyRead notes where the next request starts
    return 0;
}
