#pragma once

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtGlobal>
#include <memory>
#include <optional>

class DomainError;

struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QHash<QByteArray, QByteArray> pathParameters;
    QHostAddress peer;   // the connection's other end
    QHostAddress client; // the peer, or the client behind a trusted gateway

    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headers.value(lowerCaseName);
    }
    QString queryValue(const QString &name) const
    {
        return query.queryItemValue(name, QUrl::FullyDecoded);
    }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    bool closeConnection = false;
    // Set when the answer is computed elsewhere (a password hash on the
    // hashing pool): the connection waits for it, keeping answers in order.
    std::shared_ptr<QFuture<HttpResponse>> pending;

    static HttpResponse later(QFuture<HttpResponse> future);

    static HttpResponse json(int status, const QJsonDocument &document)
    {
        HttpResponse response;
        response.status = status;
        response.body = document.toJson(QJsonDocument::Compact);
        return response;
    }
    static HttpResponse json(int status, const QJsonObject &object)
    {
        return json(status, QJsonDocument(object));
    }
    // The one place where a domain error becomes an HTTP answer: the status
    // from the error code's table, the error JSON, and the headers it implies.
    static HttpResponse error(const DomainError &error);
    static HttpResponse raw(int status, QByteArray body, QByteArray contentType)
    {
        HttpResponse response;
        response.status = status;
        response.body = std::move(body);
        response.contentType = std::move(contentType);
        return response;
    }
};

QByteArray httpReasonPhrase(int status);
