#include "StreamMessage.h"

#include "DomainError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

StreamMessage StreamMessage::fromText(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject message = document.object();
    StreamMessage decoded;
    decoded.subscribe = message.contains(u"subscribe"_s);
    const QJsonValue ids = message.value(decoded.subscribe ? u"subscribe"_s : u"unsubscribe"_s);
    if (!document.isObject() || !ids.isArray())
        throw DomainError(
            ErrorCode::MalformedMessage,
            u"Send {\"subscribe\": [event ids]} or {\"unsubscribe\": [event ids]}."_s);
    const QJsonArray values = ids.toArray();
    if (values.size() > MaxEventIds)
        throw DomainError(ErrorCode::TooManySubscriptions,
                          u"At most %1 events per connection."_s.arg(MaxEventIds));
    for (const QJsonValue &value : values) {
        const double number = value.toDouble(-1);
        // Range first: a larger double does not fit an integer.
        const auto eventId = number >= 1 && number <= 9e15 ? static_cast<qint64>(number) : 0;
        if (eventId <= 0 || number != static_cast<double>(eventId))
            throw DomainError(ErrorCode::MalformedMessage, u"Event ids are positive integers."_s);
        if (!decoded.eventIds.contains(eventId))
            decoded.eventIds.append(eventId);
    }
    return decoded;
}
