#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtGlobal>
#include <optional>

#include "Protocol.h"

// The caller, once its bearer token has been checked.
struct AuthenticatedUser
{
    qint64 id = 0;
    Protocol::Role role = Protocol::Role::Customer;
    QString name;
};

struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QHash<QByteArray, QByteArray> pathParameters;

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
QByteArray errorBody(const QByteArray &code, const QString &message,
                     const QJsonObject &details = {});
