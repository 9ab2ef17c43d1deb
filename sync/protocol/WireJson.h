#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

// Reading and writing the wire's common fields. Each reader throws a
// DomainError that names the field and says what is expected.
namespace WireJson {

QString requiredString(const QJsonObject &object, const QString &field, int maxLength);
QString optionalString(const QJsonObject &object, const QString &field, int maxLength);
// A non-empty list of distinct positive integer ids, at most maxCount long
// (more is 422 too_many_seats), sorted.
QList<qint64> idList(const QJsonObject &object, const QString &field, int maxCount);
QJsonArray toArray(const QList<qint64> &ids);
QList<qint64> toIds(const QJsonValue &array);
// The API's times (docs/API.md, "Conventions"): seconds, UTC, "Z". A time
// that cannot be read back (a year past 9999 or before 1) is written as "",
// never as text that reads as something else.
QString isoSeconds(const QDateTime &time);
QDateTime dateTime(const QJsonValue &value); // invalid if absent or unreadable

} // namespace WireJson
