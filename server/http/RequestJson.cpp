#include "RequestJson.h"

#include "ApiError.h"

#include <QJsonArray>
#include <QJsonParseError>
#include <QSet>

using namespace Qt::StringLiterals;

namespace RequestJson {

namespace {
ApiError invalidField(const QString &field, const QString &expected)
{
    return ApiError(400, "invalid_field"_ba, u"Field \"%1\" must be %2."_s.arg(field, expected),
                    QJsonObject{{u"field"_s, field}});
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
            throw ApiError(415, "unsupported_media_type"_ba,
                           u"Send the body as JSON with Content-Type: application/json."_s);
        throw ApiError::badRequest(
            "malformed_json"_ba,
            u"The body is not valid JSON (%1 at byte %2)."_s.arg(error.errorString())
                .arg(error.offset));
    }
    if (!document.isObject())
        throw ApiError::badRequest("malformed_json"_ba, u"The body must be a JSON object."_s);
    return document.object();
}

QJsonObject optionalObject(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return {};
    return object(request);
}

QString requiredString(const QJsonObject &object, const QString &field, int maxLength)
{
    const QJsonValue value = object.value(field);
    if (!value.isString() || value.toString().trimmed().isEmpty())
        throw invalidField(field, u"a non-empty string"_s);
    const QString text = value.toString().trimmed();
    if (text.size() > maxLength)
        throw invalidField(field, u"at most %1 characters long"_s.arg(maxLength));
    return text;
}

QString optionalString(const QJsonObject &object, const QString &field, int maxLength)
{
    if (!object.contains(field) || object.value(field).isNull())
        return {};
    return requiredString(object, field, maxLength);
}

QList<qint64> idList(const QJsonObject &object, const QString &field, int maxCount)
{
    const QJsonValue value = object.value(field);
    if (!value.isArray() || value.toArray().isEmpty())
        throw invalidField(field, u"a non-empty array of ticket ids"_s);
    const QJsonArray array = value.toArray();
    if (array.size() > maxCount)
        throw ApiError(
            422, "too_many_seats"_ba,
            u"At most %1 seats per request; you asked for %2."_s.arg(maxCount).arg(array.size()),
            QJsonObject{{u"max"_s, maxCount}});
    QList<qint64> ids;
    QSet<qint64> seen;
    for (const QJsonValue &item : array) {
        const double number = item.toDouble(-1);
        if (!item.isDouble() || number < 1 || number > 9e15 ||
            number != static_cast<qint64>(number))
            throw invalidField(field, u"an array of positive integer ids"_s);
        const auto id = static_cast<qint64>(number);
        if (seen.contains(id))
            throw invalidField(field, u"free of duplicates (ticket %1 appears twice)"_s.arg(id));
        seen.insert(id);
        ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 pathId(const HttpRequest &request, const QByteArray &name, const QString &what)
{
    bool ok = false;
    const qint64 id = request.pathParameters.value(name).toLongLong(&ok);
    if (!ok || id <= 0)
        throw ApiError::notFound(u"No %1 with id \"%2\"."_s.arg(
            what, QString::fromUtf8(request.pathParameters.value(name))));
    return id;
}

} // namespace RequestJson
