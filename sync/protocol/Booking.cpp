#include "Booking.h"

#include "DomainError.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QUuid>
#include <algorithm>

using namespace Qt::StringLiterals;

using WireJson::dateTime;
using WireJson::isoSeconds;

QJsonObject Booking::toJson() const
{
    QJsonArray ticketArray;
    for (const BookedTicket &t : tickets) {
        QJsonObject ticket{{u"id"_s, t.id},
                           {u"section"_s, t.section},
                           {u"row"_s, t.row},
                           {u"seat"_s, t.seat},
                           {u"price"_s, t.price},
                           {u"price_category"_s, t.priceCategory},
                           {u"status"_s, t.cancelled ? u"cancelled"_s : u"valid"_s}};
        // Every sold ticket has one; a booking from before secrets has none.
        if (!t.secret.isEmpty())
            ticket.insert(u"secret"_s, t.secret);
        if (receiptNumber > 0)
            ticket.insert(u"vat_rate_bp"_s, t.vatRateBp);
        ticketArray.append(ticket);
    }
    QJsonObject json{
        {u"id"_s, id},
        {u"code"_s, code},
        {u"event_id"_s, eventId},
        {u"status"_s, status},
        {u"total"_s, total},
        {u"refunded"_s, refunded},
        {u"currency"_s, currency},
        {u"payment_method"_s, paymentMethod},
        {u"customer_name"_s, customerName},
        {u"created_at"_s, isoSeconds(createdAt)},
        {u"event"_s, QJsonObject{{u"name"_s, eventName},
                                 {u"starts_at"_s, isoSeconds(startsAt)},
                                 {u"venue"_s, QJsonObject{{u"name"_s, venueName},
                                                          {u"city"_s, venueCity},
                                                          {u"address"_s, venueAddress}}}}},
        {u"tickets"_s, ticketArray},
    };
    if (receiptNumber > 0) {
        QJsonArray vat;
        for (const VatLine &line : vatLines())
            vat.append(QJsonObject{{u"rate_bp"_s, line.rateBp},
                                   {u"net"_s, line.net},
                                   {u"vat"_s, line.vat},
                                   {u"gross"_s, line.gross}});
        json.insert(
            u"receipt"_s,
            QJsonObject{{u"number"_s, receiptNumber}, {u"vat_id"_s, venueVatId}, {u"vat"_s, vat}});
    }
    if (payment) {
        QJsonObject paid{{u"method"_s, payment->method}, {u"reference"_s, payment->reference}};
        if (payment->changeDue)
            paid.insert(u"change_due"_s, *payment->changeDue);
        json.insert(u"payment"_s, paid);
    }
    if (refund)
        json.insert(u"refund"_s,
                    QJsonObject{{u"amount"_s, refund->amount},
                                {u"reference"_s, refund->reference},
                                {u"ticket_ids"_s, WireJson::toArray(refund->ticketIds)}});
    return json;
}

QByteArray Booking::toCompactJson() const
{
    // toJson()'s keys, in the order a QJsonObject keeps them.
    WireJson::CompactJson json;
    json.beginObject()
        .key("code")
        .value(code)
        .key("created_at")
        .value(isoSeconds(createdAt))
        .key("currency")
        .value(currency)
        .key("customer_name")
        .value(customerName)
        .key("event")
        .beginObject()
        .key("name")
        .value(eventName)
        .key("starts_at")
        .value(isoSeconds(startsAt))
        .key("venue")
        .beginObject()
        .key("address")
        .value(venueAddress)
        .key("city")
        .value(venueCity)
        .key("name")
        .value(venueName)
        .endObject()
        .endObject()
        .key("event_id")
        .value(eventId)
        .key("id")
        .value(id);
    if (payment) {
        json.key("payment").beginObject();
        if (payment->changeDue)
            json.key("change_due").value(*payment->changeDue);
        json.key("method")
            .value(payment->method)
            .key("reference")
            .value(payment->reference)
            .endObject();
    }
    json.key("payment_method").value(paymentMethod);
    if (receiptNumber > 0) {
        json.key("receipt")
            .beginObject()
            .key("number")
            .value(receiptNumber)
            .key("vat")
            .beginArray();
        for (const VatLine &line : vatLines())
            json.beginObject()
                .key("gross")
                .value(line.gross)
                .key("net")
                .value(line.net)
                .key("rate_bp")
                .value(line.rateBp)
                .key("vat")
                .value(line.vat)
                .endObject();
        json.endArray().key("vat_id").value(venueVatId).endObject();
    }
    if (refund) {
        json.key("refund")
            .beginObject()
            .key("amount")
            .value(refund->amount)
            .key("reference")
            .value(refund->reference)
            .key("ticket_ids")
            .beginArray();
        for (qint64 ticketId : refund->ticketIds)
            json.value(ticketId);
        json.endArray().endObject();
    }
    json.key("refunded").value(refunded).key("status").value(status).key("tickets").beginArray();
    for (const BookedTicket &t : tickets) {
        json.beginObject()
            .key("id")
            .value(t.id)
            .key("price")
            .value(t.price)
            .key("price_category")
            .value(t.priceCategory)
            .key("row")
            .value(t.row)
            .key("seat")
            .value(t.seat);
        if (!t.secret.isEmpty())
            json.key("secret").value(t.secret);
        json.key("section").value(t.section).key("status").value(t.cancelled ? u"cancelled"
                                                                             : u"valid");
        if (receiptNumber > 0)
            json.key("vat_rate_bp").value(t.vatRateBp);
        json.endObject();
    }
    json.endArray().key("total").value(total).endObject();
    return json.take();
}

Booking Booking::fromJson(const QJsonObject &json)
{
    Booking booking;
    booking.id = json.value(u"id"_s).toInteger();
    booking.code = json.value(u"code"_s).toString();
    booking.eventId = json.value(u"event_id"_s).toInteger();
    booking.status = json.value(u"status"_s).toString();
    booking.total = json.value(u"total"_s).toInteger();
    booking.refunded = json.value(u"refunded"_s).toInteger();
    booking.currency = json.value(u"currency"_s).toString(u"EUR"_s);
    booking.paymentMethod = json.value(u"payment_method"_s).toString();
    booking.customerName = json.value(u"customer_name"_s).toString();
    booking.createdAt = dateTime(json.value(u"created_at"_s));
    const QJsonObject event = json.value(u"event"_s).toObject();
    booking.eventName = event.value(u"name"_s).toString();
    booking.startsAt = dateTime(event.value(u"starts_at"_s));
    const QJsonObject venue = event.value(u"venue"_s).toObject();
    booking.venueName = venue.value(u"name"_s).toString();
    booking.venueCity = venue.value(u"city"_s).toString();
    booking.venueAddress = venue.value(u"address"_s).toString();
    for (const QJsonValue &value : json.value(u"tickets"_s).toArray()) {
        const QJsonObject t = value.toObject();
        booking.tickets.append(
            BookedTicket{t.value(u"id"_s).toInteger(), t.value(u"section"_s).toString(),
                         t.value(u"row"_s).toString(), t.value(u"seat"_s).toInt(),
                         t.value(u"price"_s).toInteger(), t.value(u"price_category"_s).toString(),
                         t.value(u"status"_s).toString() == u"cancelled"_s,
                         t.value(u"secret"_s).toString(), t.value(u"vat_rate_bp"_s).toInt()});
    }
    // The VAT lines are the tickets' (vatLines()): only the number and the
    // venue's registration are read.
    if (json.contains(u"receipt"_s)) {
        const QJsonObject receipt = json.value(u"receipt"_s).toObject();
        booking.receiptNumber = receipt.value(u"number"_s).toInteger();
        booking.venueVatId = receipt.value(u"vat_id"_s).toString();
    }
    if (json.contains(u"payment"_s)) {
        const QJsonObject paid = json.value(u"payment"_s).toObject();
        PaymentReceipt receipt{paid.value(u"method"_s).toString(),
                               paid.value(u"reference"_s).toString(), std::nullopt};
        if (paid.contains(u"change_due"_s))
            receipt.changeDue = paid.value(u"change_due"_s).toInteger();
        booking.payment = receipt;
    }
    if (json.contains(u"refund"_s)) {
        const QJsonObject r = json.value(u"refund"_s).toObject();
        booking.refund =
            Refund{r.value(u"amount"_s).toInteger(), r.value(u"reference"_s).toString(),
                   WireJson::toIds(r.value(u"ticket_ids"_s))};
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

QString VatLine::rateText() const
{
    QString percent = QString::number(rateBp / 100);
    if (rateBp % 100 != 0)
        percent += u'.' + QString::number(rateBp % 100).rightJustified(2, u'0');
    while (percent.contains(u'.') && percent.endsWith(u'0'))
        percent.chop(1);
    return percent + u" %"_s;
}

QList<VatLine> Booking::vatLines() const
{
    QList<VatLine> lines;
    for (const BookedTicket &ticket : tickets) {
        auto line = std::find_if(lines.begin(), lines.end(),
                                 [&](const VatLine &l) { return l.rateBp == ticket.vatRateBp; });
        if (line == lines.end()) {
            lines.append(VatLine{ticket.vatRateBp, 0, 0, 0});
            line = lines.end() - 1;
        }
        line->gross += ticket.price;
    }
    for (VatLine &line : lines) {
        // gross * rate / (1 + rate), rate = bp / 10000, rounded half up.
        const qint64 denominator = 10000 + line.rateBp;
        line.vat = (line.gross * line.rateBp * 2 + denominator) / (2 * denominator);
        line.net = line.gross - line.vat;
    }
    std::sort(lines.begin(), lines.end(),
              [](const VatLine &a, const VatLine &b) { return a.rateBp < b.rateBp; });
    return lines;
}

QJsonObject BookingRequest::toJson() const
{
    QJsonObject json{{u"payment_details"_s, paymentDetails}};
    if (!holdId.isEmpty())
        json.insert(u"hold_id"_s, holdId);
    else
        json.insert(u"ticket_ids"_s, WireJson::toArray(ticketIds));
    if (!customerName.isEmpty())
        json.insert(u"customer_name"_s, customerName);
    return json;
}

BookingRequest BookingRequest::fromJson(const QJsonObject &json, int maxSeats)
{
    BookingRequest request;
    request.received = json;
    const bool byHold = json.contains(u"hold_id"_s);
    if (byHold == json.contains(u"ticket_ids"_s))
        throw DomainError::invalidField(
            u"ticket_ids"_s,
            u"Send either \"ticket_ids\" or \"hold_id\", not both and not neither."_s);
    if (byHold) {
        request.holdId = json.value(u"hold_id"_s).toString();
        if (QUuid::fromString(request.holdId).isNull())
            throw DomainError::invalidField(u"hold_id"_s,
                                            u"\"hold_id\" must be a hold's id (a UUID)."_s);
    } else {
        request.ticketIds = WireJson::idList(json, u"ticket_ids"_s, maxSeats);
    }
    const QJsonValue details = json.value(u"payment_details"_s);
    if (!details.isObject())
        throw DomainError(ErrorCode::InvalidPaymentDetails,
                          u"Send \"payment_details\": {\"method\": \"card\", \"card_token\": …} or "
                          "{\"method\": \"cash\", \"amount_tendered\": …}."_s,
                          QJsonObject{{u"field"_s, u"payment_details"_s}});
    request.paymentDetails = details.toObject();
    request.customerName = WireJson::optionalString(json, u"customer_name"_s, 200);
    return request;
}

QJsonObject Hold::toJson() const
{
    return QJsonObject{{u"hold_id"_s, id},
                       {u"event_id"_s, eventId},
                       {u"expires_at"_s, expiresAt.toUTC().toString(Qt::ISODateWithMs)},
                       {u"ticket_ids"_s, WireJson::toArray(ticketIds)}};
}

Hold Hold::fromJson(const QJsonObject &json)
{
    return Hold{json.value(u"hold_id"_s).toString(), json.value(u"event_id"_s).toInteger(),
                dateTime(json.value(u"expires_at"_s)),
                WireJson::toIds(json.value(u"ticket_ids"_s))};
}
