#pragma once

#include "Http.h"

#include <QDateTime>
#include <QJsonObject>
#include <optional>

// Reading what a request carries besides its body's fields (those are the
// protocol's fromJson): the body as JSON, path ids, query parameters and the
// headers the API defines. Each helper throws a DomainError that names what
// is wrong and what is expected, so a caller can fix the request.
namespace RequestInput {

// The body as a JSON object: 415 for a non-JSON content type, 400 otherwise.
QJsonObject object(const HttpRequest &request);
// Like object(), but an empty body is an empty object.
QJsonObject optionalObject(const HttpRequest &request);

// A positive integer path parameter; anything else is 404 like an unknown id.
qint64 pathId(const HttpRequest &request, const QByteArray &name, const QString &what);

// A query parameter, trimmed and cut to maxLength characters.
QString text(const HttpRequest &request, const QString &name, int maxLength = 200);
// A whole-number query parameter within [minimum, maximum]; fallback when absent.
qint64 wholeNumber(const HttpRequest &request, const QString &name, qint64 fallback, qint64 minimum,
                   qint64 maximum);
// An ISO 8601 date or date-time query parameter; a date alone means its
// start, or with endOfDay the start of the next day. nullopt when absent.
std::optional<QDateTime> dateTime(const HttpRequest &request, const QString &name, bool endOfDay);

// A required date query parameter, like 2026-11-01.
QDate date(const HttpRequest &request, const QString &name);

// The bearer token of "Authorization: Bearer …", empty without one.
QByteArray bearerToken(const HttpRequest &request);
// The Idempotency-Key header (1 to 200 characters), or 400.
QByteArray idempotencyKey(const HttpRequest &request);

} // namespace RequestInput
