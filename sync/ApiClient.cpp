#include "ApiClient.h"

#include "DomainError.h"
#include "ErrorMessages.h"
#include "Protocol.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {
// An answer without the API's error JSON (a gateway's or proxy's page): what
// its status says, as far as it says anything.
ErrorCode errorFromStatus(int status)
{
    switch (status) {
    case 404:
        return ErrorCode::NotFound;
    case 408:
        return ErrorCode::RequestTimeout;
    case 413:
        return ErrorCode::BodyTooLarge;
    case 429:
        return ErrorCode::TooManyAttempts;
    default:
        return status >= 500 ? ErrorCode::InternalError : ErrorCode::Unknown;
    }
}
} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

void ApiClient::setServerUrl(const QUrl &url)
{
    m_serverUrl = url;
    m_serverUrl.setPath(QString());
}

QUrl ApiClient::streamUrl() const
{
    QUrl url = m_serverUrl;
    url.setScheme(m_serverUrl.scheme() == u"https"_s ? u"wss"_s : u"ws"_s);
    url.setPath(u"/v1/stream"_s);
    return url;
}

QNetworkRequest ApiClient::request(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_serverUrl;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QString(u"Boxoffice/0.1 ("_s +
                              (m_deviceName.isEmpty() ? u"unnamed"_s : m_deviceName) + u')'));
    request.setTransferTimeout(m_timeoutMs);
    // "/v1/event/{id}/…": the event's pass, if we have one.
    static const QString eventPrefix = u"/v1/event/"_s;
    if (!m_queuePasses.isEmpty() && path.startsWith(eventPrefix)) {
        const qsizetype end = path.indexOf(u'/', eventPrefix.size());
        const qint64 eventId = QStringView(path)
                                   .mid(eventPrefix.size(), end < 0 ? -1 : end - eventPrefix.size())
                                   .toLongLong();
        const QByteArray pass = m_queuePasses.value(eventId);
        if (!pass.isEmpty())
            request.setRawHeader(Protocol::QueuePassHeader, pass);
    }
    return request;
}

void ApiClient::setToken(const QByteArray &token)
{
    if (token != m_token)
        m_queuePasses.clear();
    m_token = token;
}

void ApiClient::setQueuePass(qint64 eventId, const QByteArray &pass)
{
    if (pass.isEmpty())
        m_queuePasses.remove(eventId);
    else
        m_queuePasses.insert(eventId, pass);
}

void ApiClient::get(const QString &path, const QUrlQuery &query, QObject *context,
                    Callback callback)
{
    send(m_network->get(request(path, query)), context, std::move(callback));
}

void ApiClient::post(const QString &path, const QJsonObject &body, QObject *context,
                     Callback callback, const QByteArray &idempotencyKey)
{
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    if (!idempotencyKey.isEmpty())
        r.setRawHeader(Protocol::IdempotencyKeyHeader, idempotencyKey);
    send(m_network->post(r, QJsonDocument(body).toJson(QJsonDocument::Compact)), context,
         std::move(callback));
}

void ApiClient::patch(const QString &path, const QJsonObject &body, QObject *context,
                      Callback callback)
{
    QNetworkRequest r = request(path);
    r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    send(m_network->sendCustomRequest(r, "PATCH"_ba,
                                      QJsonDocument(body).toJson(QJsonDocument::Compact)),
         context, std::move(callback));
}

void ApiClient::remove(const QString &path, QObject *context, Callback callback)
{
    send(m_network->deleteResource(request(path)), context, std::move(callback));
}

void ApiClient::send(QNetworkReply *reply, QObject *context, Callback callback)
{
    const QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, guard, callback = std::move(callback)] {
                reply->deleteLater();
                ApiResult result;
                result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray payload = reply->readAll();
                result.payload = payload;
                if (result.status == 0) {
                    result.error = ErrorCode::Network;
                    result.errorMessage =
                        tr("The server at %1 cannot be reached (%2).")
                            .arg(m_serverUrl.toDisplayString(), reply->errorString());
                    Q_EMIT unreachable(reply->errorString());
                } else {
                    result.body = QJsonDocument::fromJson(payload).object();
                    if (!result.ok()) {
                        const DomainError error = DomainError::fromJson(result.body);
                        result.error = error.code() == ErrorCode::Unknown
                                           ? errorFromStatus(result.status)
                                           : error.code();
                        // Our own words for a code we know; the server's
                        // (English) text only for one we do not.
                        result.errorMessage = ErrorMessages::text(error.code(), error.message());
                        if (result.status == 401 && !m_token.isEmpty())
                            Q_EMIT unauthorized();
                        if (result.errorMessage.isEmpty())
                            result.errorMessage = tr("The server answered %1.").arg(result.status);
                    }
                }
                if (guard)
                    callback(result);
            });
}
