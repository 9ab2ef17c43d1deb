#include "WaitingRoom.h"

#include "DomainError.h"

#include <QJsonValue>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array StatusNames{std::pair{QueuePlace::Status::Waiting, "waiting"},
                                 std::pair{QueuePlace::Status::Admitted, "admitted"},
                                 std::pair{QueuePlace::Status::Expired, "expired"},
                                 std::pair{QueuePlace::Status::Used, "used"},
                                 std::pair{QueuePlace::Status::NotRequired, "not_required"}};

} // namespace

QueueStanding QueueStanding::of(qint64 place, double admitted, double admitPerSecond)
{
    const qint64 through = static_cast<qint64>(std::floor(admitted));
    if (place <= through)
        return {};
    const double seconds =
        admitPerSecond > 0 ? (static_cast<double>(place) - admitted) / admitPerSecond : 0;
    return {place - through, static_cast<qint64>(std::ceil(seconds))};
}

QJsonObject WaitingRoomSettings::toJson() const
{
    return QJsonObject{{u"enabled"_s, enabled}, {u"admit_per_second"_s, admitPerSecond}};
}

WaitingRoomSettings WaitingRoomSettings::fromJson(const QJsonObject &json)
{
    WaitingRoomSettings settings;
    const QJsonValue enabled = json.value(u"enabled"_s);
    if (!enabled.isBool())
        throw DomainError::invalidField(u"enabled"_s, u"\"enabled\" must be true or false."_s);
    settings.enabled = enabled.toBool();
    const QJsonValue rate = json.value(u"admit_per_second"_s);
    if (rate.isUndefined() && !settings.enabled)
        return settings;
    if (!rate.isDouble() || !(rate.toDouble() > 0) || rate.toDouble() > MaxAdmitPerSecond)
        throw DomainError::invalidField(
            u"admit_per_second"_s,
            u"\"admit_per_second\" must be a number of buyers per second above 0 and at most %1."_s
                .arg(MaxAdmitPerSecond));
    settings.admitPerSecond = rate.toDouble();
    return settings;
}

QJsonObject WaitingRoom::toJson() const
{
    return QJsonObject{{u"event_id"_s, eventId},
                       {u"enabled"_s, enabled},
                       {u"admit_per_second"_s, admitPerSecond},
                       {u"automatic"_s, automatic},
                       {u"waiting"_s, waiting},
                       {u"estimated_wait_s"_s, estimatedWaitSeconds}};
}

WaitingRoom WaitingRoom::fromJson(const QJsonObject &json)
{
    return WaitingRoom{json.value(u"event_id"_s).toInteger(),
                       json.value(u"enabled"_s).toBool(),
                       json.value(u"admit_per_second"_s).toDouble(),
                       json.value(u"automatic"_s).toBool(),
                       json.value(u"waiting"_s).toInteger(),
                       json.value(u"estimated_wait_s"_s).toInteger()};
}

QString QueuePlace::toString(Status status)
{
    for (const auto &[value, name] : StatusNames) {
        if (value == status)
            return QString::fromLatin1(name);
    }
    return {};
}

QJsonObject QueuePlace::toJson() const
{
    QJsonObject json{{u"queue_id"_s, id},
                     {u"event_id"_s, eventId},
                     {u"status"_s, toString(status)},
                     {u"position"_s, standing.position},
                     {u"estimated_wait_s"_s, standing.estimatedWaitSeconds}};
    if (!pass.isEmpty())
        json.insert(u"pass"_s, pass);
    if (passExpiresAt.isValid())
        json.insert(u"pass_expires_at"_s, passExpiresAt.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

QueuePlace QueuePlace::fromJson(const QJsonObject &json)
{
    QueuePlace place;
    place.id = json.value(u"queue_id"_s).toString();
    place.eventId = json.value(u"event_id"_s).toInteger();
    const QString status = json.value(u"status"_s).toString();
    for (const auto &[value, name] : StatusNames) {
        if (status == QLatin1StringView(name))
            place.status = value;
    }
    place.standing = {json.value(u"position"_s).toInteger(),
                      json.value(u"estimated_wait_s"_s).toInteger()};
    place.pass = json.value(u"pass"_s).toString();
    if (json.contains(u"pass_expires_at"_s))
        place.passExpiresAt =
            QDateTime::fromString(json.value(u"pass_expires_at"_s).toString(), Qt::ISODateWithMs);
    return place;
}
