#include "WireJson.h"

#include "DomainError.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace WireJson {

QString requiredString(const QJsonObject &object, const QString &field, int maxLength)
{
    const QJsonValue value = object.value(field);
    if (!value.isString() || value.toString().trimmed().isEmpty())
        throw DomainError::invalidField(field,
                                        u"Field \"%1\" must be a non-empty string."_s.arg(field));
    const QString text = value.toString().trimmed();
    if (text.size() > maxLength)
        throw DomainError::invalidField(
            field, u"Field \"%1\" must be at most %2 characters long."_s.arg(field).arg(maxLength));
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
    const auto invalid = [&field](const QString &expected) {
        return DomainError::invalidField(field, u"Field \"%1\" must be %2."_s.arg(field, expected));
    };
    const QJsonValue value = object.value(field);
    if (!value.isArray() || value.toArray().isEmpty())
        throw invalid(u"a non-empty array of ticket ids"_s);
    const QJsonArray array = value.toArray();
    if (array.size() > maxCount)
        throw DomainError(
            ErrorCode::TooManySeats,
            u"At most %1 seats per request; you asked for %2."_s.arg(maxCount).arg(array.size()),
            QJsonObject{{u"max"_s, maxCount}});
    QList<qint64> ids;
    QSet<qint64> seen;
    for (const QJsonValue &item : array) {
        const double number = item.toDouble(-1);
        if (!item.isDouble() || number < 1 || number > 9e15 ||
            number != static_cast<double>(static_cast<qint64>(number)))
            throw invalid(u"an array of positive integer ids"_s);
        const auto id = static_cast<qint64>(number);
        if (seen.contains(id))
            throw invalid(u"free of duplicates (ticket %1 appears twice)"_s.arg(id));
        seen.insert(id);
        ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

QJsonArray toArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

QList<qint64> toIds(const QJsonValue &array)
{
    QList<qint64> ids;
    for (const QJsonValue &value : array.toArray())
        ids.append(value.toInteger());
    return ids;
}

QString isoSeconds(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QDateTime dateTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

} // namespace WireJson
