#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <memory>

class QTcpSocket;

struct HttpTestResponse
{
    int status = 0;                        // 0: no answer (connection failed or closed)
    QHash<QByteArray, QByteArray> headers; // lower-cased names
    QByteArray body;
    bool closed = false; // server closed the connection after this answer

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray errorCode() const
    {
        return json()
            .value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString()
            .toUtf8();
    }
};

// A blocking HTTP/1.1 client with keep-alive, for tests and benchmarks. One
// per thread; it works in any thread without an event loop. Responses are
// parsed with libhttp-parser, like the server parses requests.
class HttpTestClient
{
public:
    HttpTestClient(QByteArray host, quint16 port);
    ~HttpTestClient();

    void setToken(const QByteArray &token) { m_token = token; }
    HttpTestResponse get(const QByteArray &path);
    HttpTestResponse post(const QByteArray &path, const QJsonObject &body,
                          const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    HttpTestResponse request(const QByteArray &method, const QByteArray &path,
                             const QByteArray &body,
                             const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    // Sends bytes as they are and reads one answer (for malformed input).
    HttpTestResponse raw(const QByteArray &bytes, int timeoutMs = 5000);
    // Sends bytes without waiting for an answer.
    void send(const QByteArray &bytes);
    HttpTestResponse readResponse(int timeoutMs = 10000);
    void disconnect();
    bool isConnected() const;

private:
    bool ensureConnected();

    QByteArray m_host;
    quint16 m_port;
    QByteArray m_token;
    int m_fd = -1;
    QByteArray m_buffer;
};
