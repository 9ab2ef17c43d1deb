#include "Booking.h"

#include <QJsonArray>

namespace {

QDateTime dateTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

} // namespace

Booking Booking::fromJson(const QJsonObject &json)
{
    Booking booking;
    booking.id = json.value(QLatin1String("id")).toInteger();
    booking.code = json.value(QLatin1String("code")).toString();
    booking.eventId = json.value(QLatin1String("event_id")).toInteger();
    booking.status = json.value(QLatin1String("status")).toString();
    booking.total = json.value(QLatin1String("total")).toInt();
    booking.refunded = json.value(QLatin1String("refunded")).toInt();
    booking.currency = json.value(QLatin1String("currency")).toString(QStringLiteral("EUR"));
    booking.paymentMethod = json.value(QLatin1String("payment_method")).toString();
    booking.customerName = json.value(QLatin1String("customer_name")).toString();
    booking.createdAt = dateTime(json.value(QLatin1String("created_at")));
    const QJsonObject payment = json.value(QLatin1String("payment")).toObject();
    booking.paymentReference = payment.value(QLatin1String("reference")).toString();
    booking.changeDue = payment.value(QLatin1String("change_due")).toInt(-1);
    const QJsonObject event = json.value(QLatin1String("event")).toObject();
    booking.eventName = event.value(QLatin1String("name")).toString();
    booking.startsAt = dateTime(event.value(QLatin1String("starts_at")));
    const QJsonObject venue = event.value(QLatin1String("venue")).toObject();
    booking.venueName = venue.value(QLatin1String("name")).toString();
    booking.venueCity = venue.value(QLatin1String("city")).toString();
    booking.venueAddress = venue.value(QLatin1String("address")).toString();
    const QJsonArray tickets = json.value(QLatin1String("tickets")).toArray();
    for (const QJsonValue &value : tickets) {
        const QJsonObject t = value.toObject();
        BookedTicket ticket;
        ticket.id = t.value(QLatin1String("id")).toInteger();
        ticket.section = t.value(QLatin1String("section")).toString();
        ticket.row = t.value(QLatin1String("row")).toString();
        ticket.seat = t.value(QLatin1String("seat")).toInt();
        ticket.price = t.value(QLatin1String("price")).toInt();
        ticket.priceCategory = t.value(QLatin1String("price_category")).toString();
        ticket.status = t.value(QLatin1String("status")).toString();
        booking.tickets.append(ticket);
    }
    return booking;
}

QList<BookedTicket> Booking::validTickets() const
{
    QList<BookedTicket> valid;
    for (const BookedTicket &ticket : tickets) {
        if (ticket.isValid())
            valid.append(ticket);
    }
    return valid;
}
