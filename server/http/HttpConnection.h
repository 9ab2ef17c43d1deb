#pragma once

#include "Http.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>
#include <deque>
#include <functional>
#include <http_parser.h>

class DomainError;
class QTcpSocket;

// One client connection speaking HTTP/1.1 with keep-alive, parsed by
// libhttp-parser. Requests are answered in order, one at a time, on the
// worker's thread. Limits answer properly: 431 for headers, 413 for bodies,
// 408 for requests that do not finish in time; idle connections are closed.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxHeaderBytes;
        qint64 maxBodyBytes;
        std::chrono::milliseconds idleTimeout;
        std::chrono::milliseconds requestTimeout;
    };
    using Dispatch = std::function<HttpResponse(HttpRequest &)>;
    // Whether a request (its headers parsed, nothing answered yet) asks to
    // become a WebSocket; the router decides.
    using IsUpgrade = std::function<bool(const HttpRequest &)>;
    // Takes over the socket, with the upgrade request still unread in it.
    using Upgrade = std::function<void(QTcpSocket *)>;

    HttpConnection(QTcpSocket *socket, const Limits &limits, Dispatch dispatch, IsUpgrade isUpgrade,
                   Upgrade upgrade, QObject *parent);
    ~HttpConnection() override;

    // Finish what is in progress, then close (used on shutdown).
    void closeWhenIdle();
    bool isIdle() const;

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    void onTimeout();
    void reject(const DomainError &error);
    void keepOnlyAnUpgradesBytes();
    // Answers what is complete while the client takes its answers, then
    // finishes the chunk last read; false once the connection is closed,
    // handed over, or waiting for the client to read.
    bool drain();
    bool backlogged() const;
    void onBytesWritten();
    void handOver();
    void write(const HttpResponse &response, bool keepAlive);
    // Writes an answer; false once the connection closes after it.
    bool respond(const HttpResponse &response, bool keepAlive);
    void finish();
    void armTimer();

    static int onMessageBegin(http_parser *parser);
    static int onUrl(http_parser *parser, const char *at, size_t length);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);
    static const http_parser_settings &parserSettings();
    void storeHeader();
    // Counts request line and header bytes; false (and 431) past the limit.
    bool countHeaderBytes(size_t length);

    struct Ready
    {
        HttpRequest request;
        bool keepAlive;
    };

    QPointer<QTcpSocket> m_socket;
    QHostAddress m_peer;
    Limits m_limits;
    Dispatch m_dispatch;
    IsUpgrade m_isUpgrade;
    Upgrade m_upgrade;
    QTimer m_timer;

    http_parser m_parser;
    HttpRequest m_current;
    QByteArray m_url;
    QByteArray m_field;
    QByteArray m_value;
    qint64 m_headerBytes = 0;
    bool m_inMessage = false;
    bool m_headersDone = false;
    // Bytes are read inside a QIODevice transaction that keeps only the
    // request whose headers are still arriving, so the bytes of an upgrade
    // request can be put back for the WebSocket server to read.
    qint64 m_transactionBytes = 0; // read since the transaction started
    qint64 m_messageStart = 0;     // where the current request starts in it
    bool m_upgradeRequested = false;
    bool m_handOverPending = false; // the answers before the upgrade are still going out
    // The last chunk's parse, finished once its answers are out.
    bool m_chunkPending = false;
    http_errno m_parseError = HPE_OK;
    bool m_parsedWhole = true;
    int m_rejectStatus = 0;
    std::deque<Ready> m_ready;
    bool m_closing = false;
    bool m_closeWhenIdle = false;
    // An answer computed elsewhere is awaited; later requests wait for it.
    bool m_waiting = false;
};
