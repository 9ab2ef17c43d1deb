#include "CatalogEdit.h"

#include "DomainError.h"
#include "WireJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxTextLength = 200;
constexpr int MaxDescriptionLength = 10000;
// What the importer accepts (CatalogImporter's price categories).
constexpr Cents MaxPrice = 10000000;

QJsonArray textArray(const QStringList &texts)
{
    QJsonArray array;
    for (const QString &text : texts)
        array.append(text);
    return array;
}

std::optional<QString> optionalText(const QJsonObject &json, const QString &field, int maxLength,
                                    bool mayBeEmpty)
{
    if (!json.contains(field))
        return std::nullopt;
    const QJsonValue value = json.value(field);
    if (mayBeEmpty && value.isString() && value.toString().trimmed().isEmpty())
        return QString();
    if (mayBeEmpty && value.isString() && value.toString().trimmed().size() > maxLength)
        throw DomainError::invalidField(
            field, u"Field \"%1\" must be at most %2 characters long."_s.arg(field).arg(maxLength));
    return WireJson::requiredString(json, field, maxLength);
}

} // namespace

QJsonObject NewEvent::toJson() const
{
    QJsonArray categories;
    for (const NewPriceCategory &category : priceCategories) {
        QJsonObject json{{u"name"_s, category.name}, {u"price"_s, category.price}};
        if (!category.color.isEmpty())
            json.insert(u"color"_s, category.color);
        if (!category.sections.isEmpty())
            json.insert(u"sections"_s, textArray(category.sections));
        categories.append(json);
    }
    return QJsonObject{
        {u"venue_id"_s, venueId},           {u"name"_s, name},
        {u"performer"_s, performer},        {u"description"_s, description},
        {u"category"_s, category},          {u"starts_at"_s, WireJson::isoSeconds(startsAt)},
        {u"price_categories"_s, categories}};
}

QJsonObject PriceCategoryEdit::toJson() const
{
    QJsonObject json;
    if (id)
        json.insert(u"id"_s, id);
    if (name)
        json.insert(u"name"_s, *name);
    if (price)
        json.insert(u"price"_s, *price);
    if (color)
        json.insert(u"color"_s, *color);
    if (!sections.isEmpty())
        json.insert(u"sections"_s, textArray(sections));
    return json;
}

QJsonObject EventEdit::toJson() const
{
    QJsonObject json;
    if (name)
        json.insert(u"name"_s, *name);
    if (performer)
        json.insert(u"performer"_s, *performer);
    if (description)
        json.insert(u"description"_s, *description);
    if (category)
        json.insert(u"category"_s, *category);
    if (startsAt)
        json.insert(u"starts_at"_s, WireJson::isoSeconds(*startsAt));
    if (!priceCategories.isEmpty()) {
        QJsonArray categories;
        for (const PriceCategoryEdit &category : priceCategories)
            categories.append(category.toJson());
        json.insert(u"price_categories"_s, categories);
    }
    return json;
}

EventEdit EventEdit::fromJson(const QJsonObject &json)
{
    EventEdit edit;
    edit.name = optionalText(json, u"name"_s, MaxTextLength, false);
    edit.performer = optionalText(json, u"performer"_s, MaxTextLength, true);
    edit.description = optionalText(json, u"description"_s, MaxDescriptionLength, true);
    edit.category = optionalText(json, u"category"_s, MaxTextLength, true);
    if (json.contains(u"starts_at"_s)) {
        const QDateTime startsAt = WireJson::dateTime(json.value(u"starts_at"_s));
        // What every client reads back (CatalogImporter's range).
        if (!startsAt.isValid() || startsAt.toUTC().date().year() < 1900 ||
            startsAt.toUTC().date().year() > 9999)
            throw DomainError::invalidField(
                u"starts_at"_s, u"Field \"starts_at\" must be a time like 2026-05-01T19:30:00Z."_s);
        edit.startsAt = startsAt;
    }
    const QJsonValue categories = json.value(u"price_categories"_s);
    if (!categories.isUndefined() && (!categories.isArray() || categories.toArray().size() > 100))
        throw DomainError::invalidField(u"price_categories"_s,
                                        u"Field \"price_categories\" must be a list of at most "
                                        "100 price categories."_s);
    for (const QJsonValue &value : categories.toArray()) {
        if (!value.isObject())
            throw DomainError::invalidField(u"price_categories"_s,
                                            u"Each price category must be an object."_s);
        const QJsonObject category = value.toObject();
        PriceCategoryEdit change;
        if (category.contains(u"id"_s)) {
            const QJsonValue id = category.value(u"id"_s);
            if (!id.isDouble() || id.toDouble() < 1 || id.toDouble() != id.toInteger())
                throw DomainError::invalidField(u"id"_s,
                                                u"A price category's id is a positive number."_s);
            change.id = id.toInteger();
        }
        change.name = optionalText(category, u"name"_s, MaxTextLength, false);
        change.color = optionalText(category, u"color"_s, 20, false);
        if (category.contains(u"price"_s)) {
            const QJsonValue price = category.value(u"price"_s);
            if (!price.isDouble() || price.toDouble() < 0 || price.toDouble() > MaxPrice ||
                price.toDouble() != price.toInteger())
                throw DomainError::invalidField(
                    u"price"_s,
                    u"A price is a whole number of cents from 0 to %1."_s.arg(MaxPrice));
            change.price = price.toInteger();
        }
        for (const QJsonValue &section : category.value(u"sections"_s).toArray()) {
            if (!section.isString() || section.toString().isEmpty())
                throw DomainError::invalidField(u"sections"_s,
                                                u"Sections are named by their names."_s);
            change.sections.append(section.toString());
        }
        if (change.id == 0 && (!change.name || !change.price))
            throw DomainError::invalidField(u"price_categories"_s,
                                            u"A new price category needs a name and a price."_s);
        if (change.id != 0 && !change.sections.isEmpty())
            throw DomainError::invalidField(u"sections"_s,
                                            u"Only a new price category takes over sections."_s);
        edit.priceCategories.append(change);
    }
    if (edit.isEmpty())
        throw DomainError::invalidField(u"name"_s, u"Nothing to change: give at least one of "
                                                   "name, performer, description, category, "
                                                   "starts_at or price_categories."_s);
    return edit;
}

QJsonObject CancelledBooking::toJson() const
{
    return QJsonObject{{u"booking_id"_s, bookingId},
                       {u"code"_s, code},
                       {u"customer_name"_s, customerName},
                       {u"email"_s, email},
                       {u"tickets"_s, tickets},
                       {u"refunded"_s, refunded},
                       {u"payment_method"_s, paymentMethod}};
}

CancelledBooking CancelledBooking::fromJson(const QJsonObject &json)
{
    CancelledBooking booking;
    booking.bookingId = json.value(u"booking_id"_s).toInteger();
    booking.code = json.value(u"code"_s).toString();
    booking.customerName = json.value(u"customer_name"_s).toString();
    booking.email = json.value(u"email"_s).toString();
    booking.tickets = json.value(u"tickets"_s).toInt();
    booking.refunded = json.value(u"refunded"_s).toInteger();
    booking.paymentMethod = json.value(u"payment_method"_s).toString();
    return booking;
}

QJsonObject EventCancellation::toJson() const
{
    QJsonArray list;
    for (const CancelledBooking &booking : bookings)
        list.append(booking.toJson());
    return QJsonObject{{u"event_id"_s, eventId},
                       {u"event_name"_s, eventName},
                       {u"reason"_s, reason},
                       {u"bookings"_s, list}};
}

EventCancellation EventCancellation::fromJson(const QJsonObject &json)
{
    EventCancellation cancellation;
    cancellation.eventId = json.value(u"event_id"_s).toInteger();
    cancellation.eventName = json.value(u"event_name"_s).toString();
    cancellation.reason = json.value(u"reason"_s).toString();
    for (const QJsonValue &booking : json.value(u"bookings"_s).toArray())
        cancellation.bookings.append(CancelledBooking::fromJson(booking.toObject()));
    return cancellation;
}

QJsonObject SeatBlock::toJson() const
{
    QJsonObject json{{u"ticket_ids"_s, WireJson::toArray(ticketIds)}};
    if (!reason.isEmpty())
        json.insert(u"reason"_s, reason);
    return json;
}

SeatBlock SeatBlock::fromJson(const QJsonObject &json, bool blocking)
{
    SeatBlock block;
    block.ticketIds = WireJson::idList(json, u"ticket_ids"_s, MaxSeats);
    if (blocking)
        block.reason = WireJson::requiredString(json, u"reason"_s, MaxReasonLength);
    return block;
}

int VenueSections::seats() const
{
    int total = 0;
    for (const Section &section : sections)
        total += section.seats;
    return total;
}

QJsonObject VenueSections::toJson() const
{
    QJsonArray list;
    for (const Section &section : sections)
        list.append(QJsonObject{{u"name"_s, section.name}, {u"seats"_s, section.seats}});
    return QJsonObject{{u"id"_s, venue.id},     {u"name"_s, venue.name}, {u"city"_s, venue.city},
                       {u"kind"_s, venue.kind}, {u"seats"_s, seats()},   {u"sections"_s, list}};
}

VenueSections VenueSections::fromJson(const QJsonObject &json)
{
    VenueSections venue;
    venue.venue =
        Venue{json.value(u"id"_s).toInteger(), json.value(u"name"_s).toString(),
              json.value(u"city"_s).toString(), QString(), json.value(u"kind"_s).toString()};
    for (const QJsonValue &section : json.value(u"sections"_s).toArray())
        venue.sections.append(Section{section[u"name"_s].toString(), section[u"seats"_s].toInt()});
    return venue;
}
