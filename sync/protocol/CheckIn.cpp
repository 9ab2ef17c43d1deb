#include "CheckIn.h"

#include "DomainError.h"
#include "WireJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using WireJson::dateTime;
using WireJson::isoSeconds;

QJsonObject CheckInScan::toJson() const
{
    QJsonObject json{{u"secret"_s, secret}};
    if (eventId > 0)
        json.insert(u"event_id"_s, eventId);
    if (!device.isEmpty())
        json.insert(u"device"_s, device);
    if (scannedAt.isValid())
        json.insert(u"scanned_at"_s, isoSeconds(scannedAt));
    return json;
}

QString CheckInScan::normalizedSecret(const QString &typed)
{
    QString secret;
    secret.reserve(typed.size());
    for (const QChar c : typed) {
        if (!c.isSpace() && c != u'-')
            secret.append(c.toUpper());
    }
    return secret;
}

CheckInScan CheckInScan::fromJson(const QJsonObject &json)
{
    CheckInScan scan;
    scan.secret =
        normalizedSecret(WireJson::requiredString(json, u"secret"_s, MaxSecretLength * 2));
    if (scan.secret.isEmpty() || scan.secret.size() > MaxSecretLength)
        throw DomainError::invalidField(
            u"secret"_s, u"A ticket's code is 1 to %1 letters and digits."_s.arg(MaxSecretLength));
    const QJsonValue event = json.value(u"event_id"_s);
    if (!event.isUndefined() && !event.isNull()) {
        if (!event.isDouble() || event.toDouble() < 1 || event.toDouble() != event.toInteger())
            throw DomainError::invalidField(u"event_id"_s, u"A positive whole number."_s);
        scan.eventId = event.toInteger();
    }
    scan.device = WireJson::optionalString(json, u"device"_s, 100);
    if (json.contains(u"scanned_at"_s)) {
        scan.scannedAt = dateTime(json.value(u"scanned_at"_s));
        if (!scan.scannedAt.isValid())
            throw DomainError::invalidField(u"scanned_at"_s,
                                            u"A time like 2026-05-01T19:30:00Z."_s);
    }
    return scan;
}

QJsonObject DoorTicket::toJson() const
{
    QJsonObject json{{u"secret"_s, secret},
                     {u"ticket_id"_s, ticketId},
                     {u"booking_code"_s, bookingCode},
                     {u"holder"_s, holder},
                     {u"section"_s, section},
                     {u"row"_s, row},
                     {u"seat"_s, seat},
                     {u"price_category"_s, priceCategory}};
    if (checkedInAt.isValid()) {
        json.insert(u"checked_in_at"_s, isoSeconds(checkedInAt));
        json.insert(u"checked_in_by"_s, checkedInBy);
    }
    return json;
}

DoorTicket DoorTicket::fromJson(const QJsonObject &json)
{
    DoorTicket ticket;
    ticket.secret = json.value(u"secret"_s).toString();
    ticket.ticketId = json.value(u"ticket_id"_s).toInteger();
    ticket.bookingCode = json.value(u"booking_code"_s).toString();
    ticket.holder = json.value(u"holder"_s).toString();
    ticket.section = json.value(u"section"_s).toString();
    ticket.row = json.value(u"row"_s).toString();
    ticket.seat = json.value(u"seat"_s).toInt();
    ticket.priceCategory = json.value(u"price_category"_s).toString();
    ticket.checkedInAt = dateTime(json.value(u"checked_in_at"_s));
    ticket.checkedInBy = json.value(u"checked_in_by"_s).toString();
    return ticket;
}

namespace {

QJsonObject countJson(const DoorCount &count)
{
    return {{u"admitted"_s, count.admitted}, {u"expected"_s, count.expected}};
}

DoorCount countFromJson(const QJsonObject &json)
{
    return {json.value(u"admitted"_s).toInteger(), json.value(u"expected"_s).toInteger()};
}

} // namespace

QJsonObject CheckIn::toJson() const
{
    QJsonObject json = countJson(count);
    json.insert(u"event_id"_s, eventId);
    json.insert(u"event_name"_s, eventName);
    json.insert(u"ticket"_s, ticket.toJson());
    return json;
}

CheckIn CheckIn::fromJson(const QJsonObject &json)
{
    return {json.value(u"event_id"_s).toInteger(), json.value(u"event_name"_s).toString(),
            DoorTicket::fromJson(json.value(u"ticket"_s).toObject()), countFromJson(json)};
}

QJsonObject DoorList::toJson() const
{
    QJsonArray array;
    for (const DoorTicket &ticket : tickets)
        array.append(ticket.toJson());
    QJsonObject json = countJson(count);
    json.insert(u"event_id"_s, eventId);
    json.insert(u"event_name"_s, eventName);
    json.insert(u"starts_at"_s, isoSeconds(startsAt));
    json.insert(u"tickets"_s, array);
    return json;
}

DoorList DoorList::fromJson(const QJsonObject &json)
{
    DoorList list;
    list.eventId = json.value(u"event_id"_s).toInteger();
    list.eventName = json.value(u"event_name"_s).toString();
    list.startsAt = dateTime(json.value(u"starts_at"_s));
    for (const QJsonValue &value : json.value(u"tickets"_s).toArray())
        list.tickets.append(DoorTicket::fromJson(value.toObject()));
    list.count = countFromJson(json);
    return list;
}

QJsonObject ScanOutcome::toJson() const
{
    QJsonObject json{{u"secret"_s, secret}, {u"result"_s, result}, {u"conflict"_s, conflict}};
    if (checkedInAt.isValid()) {
        json.insert(u"checked_in_at"_s, isoSeconds(checkedInAt));
        json.insert(u"checked_in_by"_s, device);
    }
    return json;
}

ScanOutcome ScanOutcome::fromJson(const QJsonObject &json)
{
    return {json.value(u"secret"_s).toString(), json.value(u"result"_s).toString(),
            json.value(u"conflict"_s).toBool(), dateTime(json.value(u"checked_in_at"_s)),
            json.value(u"checked_in_by"_s).toString()};
}
