#include "Reports.h"

#include "DomainError.h"
#include "WireJson.h"

#include <QHash>
#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

QString isoDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

QDate dateFrom(const QJsonValue &value)
{
    return QDate::fromString(value.toString(), Qt::ISODate);
}

const QString Cash = u"cash"_s;

} // namespace

void ReportPeriod::validate() const
{
    if (!from.isValid())
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"from\" must be a date like 2026-11-01."_s);
    if (!to.isValid())
        throw DomainError(ErrorCode::InvalidParameter, u"\"to\" must be a date like 2026-11-30."_s);
    if (to < from)
        throw DomainError(ErrorCode::InvalidParameter, u"\"to\" must not be before \"from\"."_s);
    if (from.daysTo(to) + 1 > MaxDays)
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"to\" must be at most %1 days after \"from\"."_s.arg(MaxDays - 1));
    // IANA names only: Qt also knows "UTC+01:00", which Postgres reads as a
    // POSIX zone, one hour the other way.
    const bool offset = timeZone.startsWith(u"UTC"_s) && timeZone != u"UTC"_s;
    if (timeZone.isEmpty() || timeZone.size() > 64 || offset ||
        !QTimeZone::isTimeZoneIdAvailable(timeZone.toUtf8()))
        throw DomainError(ErrorCode::InvalidParameter,
                          u"\"tz\" must be a time zone like Europe/Berlin."_s);
}

QString ReportPeriod::fileName(const QString &report) const
{
    return u"%1-%2-%3.csv"_s.arg(report, isoDate(from), isoDate(to));
}

QList<std::pair<QString, QString>> ReportPeriod::query() const
{
    QList<std::pair<QString, QString>> items{{u"from"_s, isoDate(from)}, {u"to"_s, isoDate(to)}};
    if (!timeZone.isEmpty())
        items.append({u"tz"_s, timeZone});
    return items;
}

void SalesFigures::add(const SalesFigures &other)
{
    ticketsSold += other.ticketsSold;
    gross += other.gross;
    ticketsRefunded += other.ticketsRefunded;
    refunds += other.refunds;
    cashGross += other.cashGross;
    cardGross += other.cardGross;
    cashRefunds += other.cashRefunds;
    cardRefunds += other.cardRefunds;
    cashBookings += other.cashBookings;
    cardBookings += other.cardBookings;
}

QJsonObject SalesFigures::toJson() const
{
    return {{u"tickets_sold"_s, ticketsSold},
            {u"gross"_s, gross},
            {u"tickets_refunded"_s, ticketsRefunded},
            {u"refunds"_s, refunds},
            {u"net"_s, net()},
            {u"by_payment_method"_s,
             QJsonObject{{u"cash"_s, QJsonObject{{u"bookings"_s, cashBookings},
                                                 {u"gross"_s, cashGross},
                                                 {u"refunds"_s, cashRefunds}}},
                         {u"card"_s, QJsonObject{{u"bookings"_s, cardBookings},
                                                 {u"gross"_s, cardGross},
                                                 {u"refunds"_s, cardRefunds}}}}}};
}

SalesFigures SalesFigures::fromJson(const QJsonObject &json)
{
    const QJsonObject methods = json.value(u"by_payment_method"_s).toObject();
    const QJsonObject cash = methods.value(u"cash"_s).toObject();
    const QJsonObject card = methods.value(u"card"_s).toObject();
    SalesFigures figures;
    figures.ticketsSold = json.value(u"tickets_sold"_s).toInteger();
    figures.gross = json.value(u"gross"_s).toInteger();
    figures.ticketsRefunded = json.value(u"tickets_refunded"_s).toInteger();
    figures.refunds = json.value(u"refunds"_s).toInteger();
    figures.cashGross = cash.value(u"gross"_s).toInteger();
    figures.cardGross = card.value(u"gross"_s).toInteger();
    figures.cashRefunds = cash.value(u"refunds"_s).toInteger();
    figures.cardRefunds = card.value(u"refunds"_s).toInteger();
    figures.cashBookings = cash.value(u"bookings"_s).toInteger();
    figures.cardBookings = card.value(u"bookings"_s).toInteger();
    return figures;
}

QJsonObject SalesLine::toJson() const
{
    return {{u"day"_s, isoDate(day)},
            {u"event_id"_s, eventId},
            {u"event"_s, event},
            {u"price_category"_s, priceCategory},
            {u"payment_method"_s, paymentMethod},
            {u"vat_rate_bp"_s, vatRateBp},
            {u"tickets_sold"_s, figures.ticketsSold},
            {u"gross"_s, figures.gross},
            {u"tickets_refunded"_s, figures.ticketsRefunded},
            {u"refunds"_s, figures.refunds},
            {u"net"_s, figures.net()}};
}

SalesLine SalesLine::fromJson(const QJsonObject &json)
{
    SalesLine line;
    line.day = dateFrom(json.value(u"day"_s));
    line.eventId = json.value(u"event_id"_s).toInteger();
    line.event = json.value(u"event"_s).toString();
    line.priceCategory = json.value(u"price_category"_s).toString();
    line.paymentMethod = json.value(u"payment_method"_s).toString();
    line.vatRateBp = json.value(u"vat_rate_bp"_s).toInt();
    line.figures.ticketsSold = json.value(u"tickets_sold"_s).toInteger();
    line.figures.gross = json.value(u"gross"_s).toInteger();
    line.figures.ticketsRefunded = json.value(u"tickets_refunded"_s).toInteger();
    line.figures.refunds = json.value(u"refunds"_s).toInteger();
    const bool cash = line.paymentMethod == Cash;
    (cash ? line.figures.cashGross : line.figures.cardGross) = line.figures.gross;
    (cash ? line.figures.cashRefunds : line.figures.cardRefunds) = line.figures.refunds;
    return line;
}

QJsonObject VatSales::toJson() const
{
    return {{u"rate_bp"_s, rateBp}, {u"gross"_s, gross}, {u"refunds"_s, refunds},
            {u"net"_s, net()},      {u"vat"_s, vat},     {u"net_of_vat"_s, netOfVat()}};
}

VatSales VatSales::fromJson(const QJsonObject &json)
{
    return {json.value(u"rate_bp"_s).toInt(), json.value(u"gross"_s).toInteger(),
            json.value(u"refunds"_s).toInteger(), json.value(u"vat"_s).toInteger()};
}

QJsonObject SalesRow::toJson() const
{
    QJsonArray byCategory;
    for (const CategorySales &category : categories) {
        QJsonObject json = category.figures.toJson();
        json.insert(u"name"_s, category.name);
        byCategory.append(json);
    }
    QJsonObject json = figures.toJson();
    json.insert(u"day"_s, isoDate(day));
    json.insert(u"event_id"_s, eventId);
    json.insert(u"event"_s, event);
    json.insert(u"by_price_category"_s, byCategory);
    return json;
}

SalesRow SalesRow::fromJson(const QJsonObject &json)
{
    SalesRow row;
    row.day = dateFrom(json.value(u"day"_s));
    row.eventId = json.value(u"event_id"_s).toInteger();
    row.event = json.value(u"event"_s).toString();
    row.figures = SalesFigures::fromJson(json);
    for (const QJsonValue &value : json.value(u"by_price_category"_s).toArray())
        row.categories.append(
            {value[u"name"_s].toString(), SalesFigures::fromJson(value.toObject())});
    return row;
}

SalesReport SalesReport::summarize(const ReportPeriod &period, qint64 eventId,
                                   const QList<SalesLine> &lines,
                                   const QList<BookingCount> &bookings)
{
    SalesReport report;
    report.period = period;
    report.eventId = eventId;
    report.lines = lines;
    // Rows in the lines' order (by day, then event).
    QHash<std::pair<qint64, qint64>, qsizetype> rowOf;
    for (const SalesLine &line : lines) {
        const std::pair key{line.day.toJulianDay(), line.eventId};
        if (!rowOf.contains(key)) {
            rowOf.insert(key, report.rows.size());
            report.rows.append({line.day, line.eventId, line.event, {}, {}});
        }
        SalesRow &row = report.rows[rowOf.value(key)];
        row.figures.add(line.figures);
        auto category =
            std::find_if(row.categories.begin(), row.categories.end(),
                         [&](const CategorySales &c) { return c.name == line.priceCategory; });
        if (category == row.categories.end())
            row.categories.append({line.priceCategory, line.figures});
        else
            category->figures.add(line.figures);
        report.totals.add(line.figures);
    }
    for (const BookingCount &count : bookings) {
        const auto row = rowOf.constFind({count.day.toJulianDay(), count.eventId});
        if (row == rowOf.constEnd())
            continue;
        const bool cash = count.paymentMethod == Cash;
        (cash ? report.rows[*row].figures.cashBookings : report.rows[*row].figures.cardBookings) +=
            count.bookings;
        (cash ? report.totals.cashBookings : report.totals.cardBookings) += count.bookings;
    }
    return report;
}

QJsonObject SalesReport::toJson() const
{
    QJsonArray rowArray;
    for (const SalesRow &row : rows)
        rowArray.append(row.toJson());
    QJsonArray lineArray;
    for (const SalesLine &line : lines)
        lineArray.append(line.toJson());
    QJsonArray vatArray;
    for (const VatSales &rate : vat)
        vatArray.append(rate.toJson());
    QJsonObject json{{u"from"_s, isoDate(period.from)},
                     {u"to"_s, isoDate(period.to)},
                     {u"time_zone"_s, period.timeZone},
                     {u"currency"_s, u"EUR"_s},
                     {u"rows"_s, rowArray},
                     {u"totals"_s, totals.toJson()},
                     {u"vat"_s, vatArray},
                     {u"lines"_s, lineArray}};
    if (eventId > 0)
        json.insert(u"event_id"_s, eventId);
    return json;
}

SalesReport SalesReport::fromJson(const QJsonObject &json)
{
    SalesReport report;
    report.period = {dateFrom(json.value(u"from"_s)), dateFrom(json.value(u"to"_s)),
                     json.value(u"time_zone"_s).toString()};
    report.eventId = json.value(u"event_id"_s).toInteger();
    for (const QJsonValue &value : json.value(u"rows"_s).toArray())
        report.rows.append(SalesRow::fromJson(value.toObject()));
    report.totals = SalesFigures::fromJson(json.value(u"totals"_s).toObject());
    for (const QJsonValue &value : json.value(u"vat"_s).toArray())
        report.vat.append(VatSales::fromJson(value.toObject()));
    for (const QJsonValue &value : json.value(u"lines"_s).toArray())
        report.lines.append(SalesLine::fromJson(value.toObject()));
    return report;
}

QByteArray SalesReport::toCsv() const
{
    QByteArray csv = Csv::row({u"day"_s, u"event_id"_s, u"event"_s, u"price_category"_s,
                               u"payment_method"_s, u"vat_rate"_s, u"tickets_sold"_s, u"gross"_s,
                               u"tickets_refunded"_s, u"refunds"_s, u"net"_s});
    for (const SalesLine &line : lines) {
        const SalesFigures &f = line.figures;
        csv += Csv::row({isoDate(line.day), QString::number(line.eventId), line.event,
                         line.priceCategory, line.paymentMethod, Money::decimal(line.vatRateBp),
                         QString::number(f.ticketsSold), Money::decimal(f.gross),
                         QString::number(f.ticketsRefunded), Money::decimal(f.refunds),
                         Money::decimal(f.net())});
    }
    return csv;
}

QJsonObject ShiftClosing::toJson() const
{
    return {{u"id"_s, id},
            {u"till"_s, till},
            {u"clerk"_s, clerk},
            {u"opened_at"_s, WireJson::isoSeconds(openedAt)},
            {u"closed_at"_s, WireJson::isoSeconds(closedAt)},
            {u"float"_s, floatCents},
            {u"cash_sales"_s, cashSales},
            {u"cash_refunds"_s, cashRefunds},
            {u"card_sales"_s, cardSales},
            {u"card_refunds"_s, cardRefunds},
            {u"expected"_s, expected},
            {u"counted"_s, counted},
            {u"difference"_s, difference()},
            {u"sales_count"_s, salesCount},
            {u"refunds_count"_s, refundsCount},
            {u"note"_s, note}};
}

ShiftClosing ShiftClosing::fromJson(const QJsonObject &json)
{
    ShiftClosing shift;
    shift.id = json.value(u"id"_s).toInteger();
    shift.till = json.value(u"till"_s).toString();
    shift.clerk = json.value(u"clerk"_s).toString();
    shift.openedAt = WireJson::dateTime(json.value(u"opened_at"_s));
    shift.closedAt = WireJson::dateTime(json.value(u"closed_at"_s));
    shift.floatCents = json.value(u"float"_s).toInteger();
    shift.cashSales = json.value(u"cash_sales"_s).toInteger();
    shift.cashRefunds = json.value(u"cash_refunds"_s).toInteger();
    shift.cardSales = json.value(u"card_sales"_s).toInteger();
    shift.cardRefunds = json.value(u"card_refunds"_s).toInteger();
    shift.expected = json.value(u"expected"_s).toInteger();
    shift.counted = json.value(u"counted"_s).toInteger();
    shift.salesCount = json.value(u"sales_count"_s).toInteger();
    shift.refundsCount = json.value(u"refunds_count"_s).toInteger();
    shift.note = json.value(u"note"_s).toString();
    return shift;
}

ShiftClosing ShiftReport::totals() const
{
    ShiftClosing sum;
    for (const ShiftClosing &shift : shifts) {
        sum.floatCents += shift.floatCents;
        sum.cashSales += shift.cashSales;
        sum.cashRefunds += shift.cashRefunds;
        sum.cardSales += shift.cardSales;
        sum.cardRefunds += shift.cardRefunds;
        sum.expected += shift.expected;
        sum.counted += shift.counted;
        sum.salesCount += shift.salesCount;
        sum.refundsCount += shift.refundsCount;
    }
    return sum;
}

QJsonObject ShiftReport::toJson() const
{
    QJsonArray array;
    for (const ShiftClosing &shift : shifts)
        array.append(shift.toJson());
    const ShiftClosing sum = totals();
    return {{u"from"_s, isoDate(period.from)},
            {u"to"_s, isoDate(period.to)},
            {u"time_zone"_s, period.timeZone},
            {u"currency"_s, u"EUR"_s},
            {u"shifts"_s, array},
            {u"totals"_s, QJsonObject{{u"float"_s, sum.floatCents},
                                      {u"cash_sales"_s, sum.cashSales},
                                      {u"cash_refunds"_s, sum.cashRefunds},
                                      {u"card_sales"_s, sum.cardSales},
                                      {u"card_refunds"_s, sum.cardRefunds},
                                      {u"expected"_s, sum.expected},
                                      {u"counted"_s, sum.counted},
                                      {u"difference"_s, sum.difference()},
                                      {u"sales_count"_s, sum.salesCount},
                                      {u"refunds_count"_s, sum.refundsCount}}}};
}

ShiftReport ShiftReport::fromJson(const QJsonObject &json)
{
    ShiftReport report;
    report.period = {dateFrom(json.value(u"from"_s)), dateFrom(json.value(u"to"_s)),
                     json.value(u"time_zone"_s).toString()};
    for (const QJsonValue &value : json.value(u"shifts"_s).toArray())
        report.shifts.append(ShiftClosing::fromJson(value.toObject()));
    return report;
}

QByteArray ShiftReport::toCsv() const
{
    const QTimeZone zone(period.timeZone.toUtf8());
    const auto local = [&](const QDateTime &time) {
        return time.toTimeZone(zone).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    };
    QByteArray csv = Csv::row({u"shift_id"_s, u"till"_s, u"clerk"_s, u"opened_at"_s, u"closed_at"_s,
                               u"float"_s, u"cash_sales"_s, u"cash_refunds"_s, u"card_sales"_s,
                               u"card_refunds"_s, u"expected"_s, u"counted"_s, u"difference"_s,
                               u"sales_count"_s, u"refunds_count"_s, u"note"_s});
    for (const ShiftClosing &s : shifts)
        csv +=
            Csv::row({QString::number(s.id), s.till, s.clerk, local(s.openedAt), local(s.closedAt),
                      Money::decimal(s.floatCents), Money::decimal(s.cashSales),
                      Money::decimal(s.cashRefunds), Money::decimal(s.cardSales),
                      Money::decimal(s.cardRefunds), Money::decimal(s.expected),
                      Money::decimal(s.counted), Money::decimal(s.difference()),
                      QString::number(s.salesCount), QString::number(s.refundsCount), s.note});
    return csv;
}

namespace Csv {

QByteArray row(const QStringList &fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        const QByteArray field = fields[i].toUtf8();
        if (field.contains(',') || field.contains('"') || field.contains('\n') ||
            field.contains('\r')) {
            out += '"' + QByteArray(field).replace("\"", "\"\"") + '"';
        } else {
            out += field;
        }
    }
    return out + "\r\n";
}

QList<QStringList> parse(const QByteArray &text)
{
    QList<QStringList> rows;
    QStringList fields;
    QByteArray field;
    bool quoted = false;
    bool rowOpen = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"')
                field += c;
            else if (i + 1 < text.size() && text[i + 1] == '"')
                field += text[++i];
            else
                quoted = false;
            continue;
        }
        rowOpen = true;
        if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.append(QString::fromUtf8(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            fields.append(QString::fromUtf8(field));
            field.clear();
            rows.append(fields);
            fields.clear();
            rowOpen = false;
        } else {
            field += c;
        }
    }
    if (rowOpen) {
        fields.append(QString::fromUtf8(field));
        rows.append(fields);
    }
    return rows;
}

} // namespace Csv
