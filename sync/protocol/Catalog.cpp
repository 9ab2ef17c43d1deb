#include "Catalog.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

// Seconds, UTC, "Z", like every time of the API.
QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonArray categoriesJson(const QList<PriceCategory> &categories, bool withAvailable)
{
    QJsonArray array;
    for (PriceCategory category : categories) {
        if (!withAvailable)
            category.available.reset();
        array.append(category.toJson());
    }
    return array;
}

// What an event's details and a catalog entry share: the whole event and
// its whole venue.
QJsonObject describedEventJson(const Event &event)
{
    return QJsonObject{
        {u"id"_s, event.id},
        {u"name"_s, event.name},
        {u"description"_s, event.description},
        {u"performer"_s, event.performer},
        {u"category"_s, event.category},
        {u"starts_at"_s, isoTime(event.startsAt)},
        {u"version"_s, event.version},
        {u"available"_s, event.available},
        {u"cancelled"_s, event.cancelled},
        {u"cancel_reason"_s, event.cancelReason},
        {u"venue"_s, QJsonObject{{u"id"_s, event.venue.id},
                                 {u"name"_s, event.venue.name},
                                 {u"city"_s, event.venue.city},
                                 {u"address"_s, event.venue.address},
                                 {u"kind"_s, event.venue.kind}}},
    };
}

} // namespace

QJsonObject PriceCategory::toJson() const
{
    QJsonObject json{{u"id"_s, id}, {u"name"_s, name}, {u"price"_s, price}, {u"color"_s, color}};
    if (available)
        json.insert(u"available"_s, *available);
    return json;
}

PriceCategory PriceCategory::fromJson(const QJsonObject &json)
{
    PriceCategory category{json.value(u"id"_s).toInteger(), json.value(u"name"_s).toString(),
                           json.value(u"price"_s).toInteger(), json.value(u"color"_s).toString(),
                           std::nullopt};
    if (json.contains(u"available"_s))
        category.available = json.value(u"available"_s).toInteger();
    return category;
}

QJsonObject Event::toSummaryJson() const
{
    return QJsonObject{
        {u"id"_s, id},
        {u"name"_s, name},
        {u"performer"_s, performer},
        {u"category"_s, category},
        {u"starts_at"_s, isoTime(startsAt)},
        {u"venue"_s,
         QJsonObject{{u"id"_s, venue.id}, {u"name"_s, venue.name}, {u"city"_s, venue.city}}},
        {u"available"_s, available},
        {u"cancelled"_s, cancelled},
    };
}

QJsonObject Event::toDetailsJson() const
{
    QJsonObject json = describedEventJson(*this);
    json.insert(u"capacity"_s, capacity);
    json.insert(u"currency"_s, u"EUR"_s);
    json.insert(u"price_categories"_s, categoriesJson(priceCategories, true));
    return json;
}

QJsonObject Event::toCatalogJson() const
{
    QJsonObject json = describedEventJson(*this);
    json.insert(u"revision"_s, revision);
    json.insert(u"price_categories"_s, categoriesJson(priceCategories, false));
    return json;
}

Event Event::fromJson(const QJsonObject &json)
{
    Event event;
    event.id = json.value(u"id"_s).toInteger();
    event.name = json.value(u"name"_s).toString();
    event.description = json.value(u"description"_s).toString();
    event.performer = json.value(u"performer"_s).toString();
    event.category = json.value(u"category"_s).toString();
    event.startsAt = QDateTime::fromString(json.value(u"starts_at"_s).toString(), Qt::ISODate);
    event.available = json.value(u"available"_s).toInteger();
    event.version = json.value(u"version"_s).toInteger();
    event.revision = json.value(u"revision"_s).toInteger();
    event.capacity = json.value(u"capacity"_s).toInteger();
    event.cancelled = json.value(u"cancelled"_s).toBool();
    event.cancelReason = json.value(u"cancel_reason"_s).toString();
    const QJsonObject venue = json.value(u"venue"_s).toObject();
    event.venue = Venue{venue.value(u"id"_s).toInteger(), venue.value(u"name"_s).toString(),
                        venue.value(u"city"_s).toString(), venue.value(u"address"_s).toString(),
                        venue.value(u"kind"_s).toString()};
    for (const QJsonValue &value : json.value(u"price_categories"_s).toArray())
        event.priceCategories.append(PriceCategory::fromJson(value.toObject()));
    return event;
}

QJsonObject Ticket::toJson() const
{
    return QJsonObject{
        {u"id"_s, id},
        {u"section"_s, section},
        {u"row"_s, row},
        {u"seat"_s, seat},
        {u"price"_s, price},
        {u"status"_s, QString::fromLatin1(Protocol::toString(status))},
        {u"accessible"_s, accessible},
        {u"price_category_id"_s, priceCategoryId},
        {u"x"_s, x},
        {u"y"_s, y},
    };
}

Ticket Ticket::fromJson(const QJsonObject &json)
{
    Ticket ticket;
    ticket.id = json.value(u"id"_s).toInteger();
    ticket.section = json.value(u"section"_s).toString();
    ticket.row = json.value(u"row"_s).toString();
    ticket.seat = json.value(u"seat"_s).toInt();
    ticket.price = json.value(u"price"_s).toInteger();
    // An unknown state is not for sale.
    ticket.status = Protocol::ticketStatusFromString(json.value(u"status"_s).toString().toLatin1())
                        .value_or(Protocol::TicketStatus::Sold);
    ticket.accessible = json.value(u"accessible"_s).toBool();
    ticket.priceCategoryId = json.value(u"price_category_id"_s).toInteger();
    ticket.x = json.value(u"x"_s).toInt();
    ticket.y = json.value(u"y"_s).toInt();
    return ticket;
}
