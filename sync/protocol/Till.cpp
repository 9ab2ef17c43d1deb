#include "Till.h"

#include "DomainError.h"
#include "WireJson.h"

using namespace Qt::StringLiterals;
using WireJson::dateTime;
using WireJson::isoSeconds;

namespace {

// A whole number of cents from 0 to max, or a DomainError naming the field.
Cents amount(const QJsonObject &json, const QString &field, Cents max)
{
    const QJsonValue value = json.value(field);
    // Checked as a double first: 1e300 must not become an integer.
    if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() > static_cast<double>(max) ||
        value.toDouble() != static_cast<double>(value.toInteger()))
        throw DomainError::invalidField(
            field, u"A whole number of cents from 0 to %1, e.g. 15000 for 150.00."_s.arg(max));
    return value.toInteger();
}

} // namespace

QJsonObject ShiftOpening::toJson() const
{
    return QJsonObject{{u"till"_s, till}, {u"float_cents"_s, floatCents}};
}

ShiftOpening ShiftOpening::fromJson(const QJsonObject &json)
{
    ShiftOpening opening;
    opening.till = WireJson::requiredString(json, u"till"_s, MaxTillLength).trimmed();
    if (opening.till.isEmpty())
        throw DomainError::invalidField(u"till"_s, u"The till's name, e.g. \"Counter 1\" (1 to %1 "
                                                   "characters)."_s.arg(MaxTillLength));
    opening.floatCents = amount(json, u"float_cents"_s, MaxFloat);
    return opening;
}

QJsonObject ShiftClosingRequest::toJson() const
{
    QJsonObject json{{u"counted_cents"_s, counted}};
    if (!note.isEmpty())
        json.insert(u"note"_s, note);
    return json;
}

ShiftClosingRequest ShiftClosingRequest::fromJson(const QJsonObject &json)
{
    ShiftClosingRequest request;
    request.counted = amount(json, u"counted_cents"_s, ShiftOpening::MaxFloat * 100);
    request.note = WireJson::optionalString(json, u"note"_s, 1000);
    return request;
}

QJsonObject Shift::toJson() const
{
    QJsonObject json{{u"id"_s, id},
                     {u"till"_s, till},
                     {u"clerk"_s, clerk},
                     {u"float_cents"_s, floatCents},
                     {u"opened_at"_s, isoSeconds(openedAt)},
                     {u"open"_s, isOpen()},
                     {u"cash_sales_cents"_s, cashSales},
                     {u"cash_refunds_cents"_s, cashRefunds},
                     {u"card_sales_cents"_s, cardSales},
                     {u"card_refunds_cents"_s, cardRefunds},
                     {u"sales_count"_s, salesCount},
                     {u"refunds_count"_s, refundsCount},
                     {u"expected_cents"_s, expected}};
    if (!isOpen()) {
        json.insert(u"closed_at"_s, isoSeconds(closedAt));
        json.insert(u"closed_by"_s, closedBy);
        json.insert(u"counted_cents"_s, counted.value_or(0));
        json.insert(u"difference_cents"_s, difference());
        json.insert(u"note"_s, note);
    }
    return json;
}

Shift Shift::fromJson(const QJsonObject &json)
{
    Shift shift;
    shift.id = json.value(u"id"_s).toInteger();
    shift.till = json.value(u"till"_s).toString();
    shift.clerk = json.value(u"clerk"_s).toString();
    shift.floatCents = json.value(u"float_cents"_s).toInteger();
    shift.openedAt = dateTime(json.value(u"opened_at"_s));
    shift.closedAt = dateTime(json.value(u"closed_at"_s));
    shift.closedBy = json.value(u"closed_by"_s).toString();
    shift.cashSales = json.value(u"cash_sales_cents"_s).toInteger();
    shift.cashRefunds = json.value(u"cash_refunds_cents"_s).toInteger();
    shift.cardSales = json.value(u"card_sales_cents"_s).toInteger();
    shift.cardRefunds = json.value(u"card_refunds_cents"_s).toInteger();
    shift.salesCount = json.value(u"sales_count"_s).toInt();
    shift.refundsCount = json.value(u"refunds_count"_s).toInt();
    shift.expected = json.value(u"expected_cents"_s).toInteger();
    if (json.contains(u"counted_cents"_s))
        shift.counted = json.value(u"counted_cents"_s).toInteger();
    shift.note = json.value(u"note"_s).toString();
    return shift;
}
