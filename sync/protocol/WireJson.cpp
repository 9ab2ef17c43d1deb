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

void CompactJson::beforeValue()
{
    if (m_afterKey)
        m_afterKey = false;
    else if (!m_first)
        m_out += ',';
    m_first = false;
}

CompactJson &CompactJson::open(char bracket)
{
    beforeValue();
    m_out += bracket;
    m_first = true;
    return *this;
}

CompactJson &CompactJson::close(char bracket)
{
    m_out += bracket;
    m_first = false;
    return *this;
}

CompactJson &CompactJson::key(const char *name)
{
    if (!m_first)
        m_out += ',';
    m_first = false;
    m_out += '"';
    m_out += name;
    m_out += "\":";
    m_afterKey = true;
    return *this;
}

CompactJson &CompactJson::value(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
    return *this;
}

CompactJson &CompactJson::value(QStringView text)
{
    beforeValue();
    m_out += '"';
    appendEscaped(m_out, text);
    m_out += '"';
    return *this;
}

void CompactJson::appendEscaped(QByteArray &out, QStringView text)
{
    static constexpr char Hex[] = "0123456789abcdef";
    const auto escapeUnit = [&out](char16_t unit) {
        const char escaped[] = {'\\',
                                'u',
                                Hex[(unit >> 12) & 0xf],
                                Hex[(unit >> 8) & 0xf],
                                Hex[(unit >> 4) & 0xf],
                                Hex[unit & 0xf]};
        out.append(escaped, sizeof escaped);
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text[i].unicode();
        if (unit < 0x80) {
            switch (unit) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case u'\b':
                out += "\\b";
                break;
            case u'\f':
                out += "\\f";
                break;
            case u'\n':
                out += "\\n";
                break;
            case u'\r':
                out += "\\r";
                break;
            case u'\t':
                out += "\\t";
                break;
            default:
                if (unit < 0x20)
                    escapeUnit(unit);
                else
                    out += char(unit);
            }
            continue;
        }
        char32_t code = unit;
        if (QChar::isHighSurrogate(unit)) {
            if (i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
                code = QChar::surrogateToUcs4(unit, text[i + 1].unicode());
                ++i;
            } else {
                escapeUnit(unit); // a lone surrogate is not UTF-8
                continue;
            }
        } else if (QChar::isLowSurrogate(unit)) {
            escapeUnit(unit);
            continue;
        }
        if (code < 0x800) {
            out += char(0xc0 | (code >> 6));
        } else if (code < 0x10000) {
            out += char(0xe0 | (code >> 12));
            out += char(0x80 | ((code >> 6) & 0x3f));
        } else {
            out += char(0xf0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3f));
            out += char(0x80 | ((code >> 6) & 0x3f));
        }
        out += char(0x80 | (code & 0x3f));
    }
}

} // namespace WireJson
