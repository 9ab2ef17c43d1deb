#pragma once

#include "ErrorCode.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// The answer to one API call: the server's JSON, or why there is none.
struct ApiResult
{
    int status = 0; // HTTP status; 0 when the server could not be reached
    QJsonObject body;
    QByteArray payload; // the body as it came (a CSV export)
    // What went wrong, by the API's error code: Network without an answer,
    // Unknown for an answer without one (a gateway's error page).
    ErrorCode error = ErrorCode::Unknown;
    QString errorMessage; // what went wrong, in words a clerk can act on

    bool ok() const { return status >= 200 && status < 300; }
    bool unreachable() const { return status == 0; }
};

// Asynchronous access to the boxoffice-server REST API. Every call returns at
// once; the callback runs later on the caller's thread, and not at all once
// `context` is gone. Nothing here ever blocks the GUI thread.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const ApiResult &)>;

    explicit ApiClient(QObject *parent = nullptr);

    void setServerUrl(const QUrl &url);
    QUrl serverUrl() const { return m_serverUrl; }
    QUrl streamUrl() const;
    // Another account's token also drops the passes, which were the old one's.
    void setToken(const QByteArray &token);
    QByteArray token() const { return m_token; }
    void setTimeout(int msecs) { m_timeoutMs = msecs; }
    // Named in every request's User-Agent, so the server's logs tell which
    // counter or kiosk asked.
    void setDeviceName(const QString &name) { m_deviceName = name; }
    // A waiting room's pass for the event (empty: none): sent as
    // X-Queue-Pass with every request about that event (docs/API.md,
    // "Waiting room"), so holds and bookings on it get through.
    void setQueuePass(qint64 eventId, const QByteArray &pass);
    QByteArray queuePass(qint64 eventId) const { return m_queuePasses.value(eventId); }

    void get(const QString &path, const QUrlQuery &query, QObject *context, Callback callback);
    void post(const QString &path, const QJsonObject &body, QObject *context, Callback callback,
              const QByteArray &idempotencyKey = {});
    void patch(const QString &path, const QJsonObject &body, QObject *context, Callback callback);
    void remove(const QString &path, QObject *context, Callback callback);

Q_SIGNALS:
    // A call could not reach the server at all (refused, timed out, no route).
    void unreachable(const QString &reason);
    // The server no longer accepts our token (expired or signed out elsewhere).
    void unauthorized();

private:
    void send(QNetworkReply *reply, QObject *context, Callback callback);
    QNetworkRequest request(const QString &path, const QUrlQuery &query = {}) const;

    QNetworkAccessManager *m_network;
    QUrl m_serverUrl;
    QByteArray m_token;
    int m_timeoutMs = 15000;
    QString m_deviceName;
    QHash<qint64, QByteArray> m_queuePasses;
};
