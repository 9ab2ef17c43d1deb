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

// JSON written straight into bytes, exactly as QJsonDocument::toJson(Compact)
// writes the same document (strings escaped the same way), without building
// a QJsonObject first: for answers made on a hot path, such as a batch's
// bookings. An object's keys must be given in the order a QJsonObject keeps
// them (sorted); the writer does not reorder.
class CompactJson
{
public:
    CompactJson &beginObject() { return open('{'); }
    CompactJson &endObject() { return close('}'); }
    CompactJson &beginArray() { return open('['); }
    CompactJson &endArray() { return close(']'); }
    CompactJson &key(const char *name); // ASCII
    CompactJson &value(qint64 number);
    CompactJson &value(QStringView text);
    QByteArray take() { return std::move(m_out); }

    // text as a JSON string's content, as QJsonDocument escapes it.
    static void appendEscaped(QByteArray &out, QStringView text);

private:
    CompactJson &open(char bracket);
    CompactJson &close(char bracket);
    void beforeValue();
    QByteArray m_out;
    bool m_first = true; // nothing yet in the innermost container
    bool m_afterKey = false;
};

} // namespace WireJson
