#include "RequestInput.h"

#include "DomainError.h"
#include "Protocol.h"

#include <QJsonParseError>
#include <QTimeZone>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace RequestInput {

namespace {
// Years 1900 to 9999 in UTC: what a box office sells, and what every store
// and client can represent (9999-12-31T23:00-05:00 is year 10000 in UTC).
QDateTime inRange(const QDateTime &time, const QString &name)
{
    const int year = time.toUTC().date().year();
    if (year < 1900 || year > 9999)
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"%1\" must be a date between the years 1900 and 9999."_s.arg(name));
    return time;
}
} // namespace

QJsonObject object(const HttpRequest &request)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        // Tools like curl label JSON as a form by default: the content type
        // only matters when the body is not JSON anyway.
        const QByteArray contentType = request.header("content-type"_ba).toLower();
        if (!contentType.isEmpty() && !contentType.contains("json"))
            throw DomainError(ErrorCode::UnsupportedMediaType,
                              u"Send the body as JSON with Content-Type: application/json."_s);
        throw DomainError(ErrorCode::MalformedJson,
                          u"The body is not valid JSON (%1 at byte %2)."_s.arg(error.errorString())
                              .arg(error.offset));
    }
    if (!document.isObject())
        throw DomainError(ErrorCode::MalformedJson, u"The body must be a JSON object."_s);
    return document.object();
}

QJsonObject optionalObject(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return {};
    return object(request);
}

qint64 pathId(const HttpRequest &request, const QByteArray &name, const QString &what)
{
    bool ok = false;
    const qint64 id = request.pathParameters.value(name).toLongLong(&ok);
    if (!ok || id <= 0)
        throw DomainError::notFound(u"No %1 with id \"%2\"."_s.arg(
            what, QString::fromUtf8(request.pathParameters.value(name))));
    return id;
}

QString text(const HttpRequest &request, const QString &name, int maxLength)
{
    return request.queryValue(name).trimmed().left(maxLength);
}

qint64 wholeNumber(const HttpRequest &request, const QString &name, qint64 fallback, qint64 minimum,
                   qint64 maximum)
{
    if (!request.query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = request.queryValue(name).toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        throw DomainError(
            ErrorCode::InvalidParameter,
            u"\"%1\" must be a whole number from %2 to %3."_s.arg(name).arg(minimum).arg(maximum));
    return value;
}

std::optional<QDateTime> dateTime(const HttpRequest &request, const QString &name, bool endOfDay)
{
    if (!request.query.hasQueryItem(name))
        return std::nullopt;
    const QString value = request.queryValue(name);
    QDateTime time = QDateTime::fromString(value, Qt::ISODate);
    if (time.isValid()) {
        if (time.timeSpec() == Qt::LocalTime)
            time.setTimeZone(QTimeZone::utc());
        return inRange(time, name);
    }
    const QDate date = QDate::fromString(value, Qt::ISODate);
    if (!date.isValid())
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"%1\" must be an ISO 8601 date or date-time, like 2026-12-24 or "
                          "2026-12-24T19:30:00Z."_s.arg(name));
    return inRange(QDateTime(endOfDay ? date.addDays(1) : date, QTime(0, 0), QTimeZone::utc()),
                   name);
}

QDate date(const HttpRequest &request, const QString &name)
{
    const QDate date = QDate::fromString(request.queryValue(name).trimmed(), Qt::ISODate);
    if (!date.isValid() || date.year() < 1900 || date.year() > 9999)
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"%1\" must be a date like 2026-11-01."_s.arg(name));
    return date;
}

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization"_ba);
    if (!header.startsWith("Bearer ") || header.size() > 200)
        return {};
    return header.mid(7).trimmed();
}

QByteArray idempotencyKey(const HttpRequest &request)
{
    const QByteArray key = request.header(Protocol::IdempotencyKeyHeader).trimmed();
    const bool printable =
        std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
    if (key.isEmpty() || key.size() > 200 || !printable)
        throw DomainError(
            ErrorCode::MissingIdempotencyKey,
            u"Send an Idempotency-Key header (1 to 200 printable ASCII characters, e.g. a UUID) "
            "so the booking can be retried safely."_s);
    return key;
}

} // namespace RequestInput
