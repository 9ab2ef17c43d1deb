#include "StreamMessage.h"

#include "DomainError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

using namespace Qt::StringLiterals;

StreamMessage StreamMessage::fromText(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject message = document.object();
    StreamMessage decoded;
    if (message.contains(u"watch_availability"_s)) {
        const QJsonValue watch = message.value(u"watch_availability"_s);
        if (!watch.isBool())
            throw DomainError(ErrorCode::MalformedMessage,
                              u"watch_availability is true or false."_s);
        decoded.subscribe = false;
        decoded.watchAvailability = watch.toBool();
        return decoded;
    }
    for (const auto &[key, kind] : {std::pair{u"watch_queue"_s, Queue::Watch},
                                    std::pair{u"unwatch_queue"_s, Queue::Unwatch}}) {
        if (!message.contains(key))
            continue;
        decoded.subscribe = false;
        decoded.queue = kind;
        decoded.queueId = message.value(key).toString();
        if (QUuid::fromString(decoded.queueId).isNull())
            throw DomainError(ErrorCode::MalformedMessage,
                              u"A place in a queue is named by its queue_id (a UUID)."_s);
        return decoded;
    }
    decoded.subscribe = message.contains(u"subscribe"_s);
    const QJsonValue ids = message.value(decoded.subscribe ? u"subscribe"_s : u"unsubscribe"_s);
    if (!document.isObject() || !ids.isArray())
        throw DomainError(
            ErrorCode::MalformedMessage,
            u"Send {\"subscribe\": [event ids]} or {\"unsubscribe\": [event ids]}, or "
            "{\"watch_queue\": queue_id} or {\"unwatch_queue\": queue_id}."_s);
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
