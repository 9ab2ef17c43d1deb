#pragma once

#include "Http.h"

#include <QJsonObject>
#include <QList>

// Reading request input. Each helper throws ApiError with a message that
// names the field and says what is expected, so a caller can fix the request.
namespace RequestJson {

// The body as a JSON object: 415 for a non-JSON content type, 400 otherwise.
QJsonObject object(const HttpRequest &request);
// Like object(), but an empty body is an empty object.
QJsonObject optionalObject(const HttpRequest &request);

QString requiredString(const QJsonObject &object, const QString &field, int maxLength);
QString optionalString(const QJsonObject &object, const QString &field, int maxLength);
// A non-empty list of distinct positive integer ids, at most maxCount long
// (more is 422 too_many_seats).
QList<qint64> idList(const QJsonObject &object, const QString &field, int maxCount);

// A positive integer path parameter; anything else is 404 like an unknown id.
qint64 pathId(const HttpRequest &request, const QByteArray &name, const QString &what);

} // namespace RequestJson
