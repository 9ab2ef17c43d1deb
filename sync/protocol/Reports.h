#pragma once

#include "Money.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// The operators' reports (docs/API.md, "Reports"): sales per event and day,
// and the tills' shift closings. The server writes these with toJson and
// toCsv, the reports window reads them with fromJson. Amounts are integer
// cents from the database's sums to the screen; nothing is ever a float.

// The days a report covers: calendar days in a time zone, both ends included.
struct ReportPeriod
{
    static constexpr int MaxDays = 366;

    QDate from;
    QDate to;
    QString timeZone; // an IANA name, "Europe/Berlin"

    // Throws a DomainError (invalid_parameter) naming the parameter that is
    // wrong: an unknown zone, from after to, more than MaxDays days.
    void validate() const;
    // "sales-2026-11-01-2026-11-30.csv"
    QString fileName(const QString &report) const;
    // The query parameters of GET /v1/reports/…: from, to, and tz unless
    // it is empty (the server's zone).
    QList<std::pair<QString, QString>> query() const;
};

// The numbers the sales report shows at every level. Sales count on the day
// they were made, refunds on the day they were made.
struct SalesFigures
{
    qint64 ticketsSold = 0;
    Cents gross = 0;
    qint64 ticketsRefunded = 0;
    Cents refunds = 0;
    Cents cashGross = 0;
    Cents cardGross = 0;
    Cents cashRefunds = 0;
    Cents cardRefunds = 0;
    // Bookings made (a booking is one payment, of one method).
    qint64 cashBookings = 0;
    qint64 cardBookings = 0;

    Cents net() const { return gross - refunds; }
    void add(const SalesFigures &other);
    bool operator==(const SalesFigures &) const = default;
    QJsonObject toJson() const;
    static SalesFigures fromJson(const QJsonObject &json);
};

// The report's finest grain, one CSV row: a day, an event, a price category,
// a payment method and a VAT rate. Every other number of the report but the
// VAT amounts is a sum of these.
struct SalesLine
{
    QDate day;
    qint64 eventId = 0;
    QString event;
    QString priceCategory;
    QString paymentMethod; // "cash" or "card"
    int vatRateBp = 0;     // the rate the tickets were sold at (700 = 7 %)
    SalesFigures figures;  // bookings are counted on the day's row, not here

    QJsonObject toJson() const;
    static SalesLine fromJson(const QJsonObject &json);
};

struct CategorySales
{
    QString name;
    SalesFigures figures;
};

// One event on one day, with its price categories.
struct SalesRow
{
    QDate day;
    qint64 eventId = 0;
    QString event;
    SalesFigures figures;
    QList<CategorySales> categories;

    QJsonObject toJson() const;
    static SalesRow fromJson(const QJsonObject &json);
};

// One VAT rate's share of the period. Prices are gross; the VAT is
// reckoned as on the receipts: per sale (and per refund) and rate, rounded
// half up, then summed, so it equals what the receipts printed.
struct VatSales
{
    int rateBp = 0;
    Cents gross = 0;   // sold at this rate
    Cents refunds = 0; // refunded at this rate
    Cents vat = 0;     // in the net: the sales' VAT less the refunds'

    Cents net() const { return gross - refunds; }
    Cents netOfVat() const { return net() - vat; }
    bool operator==(const VatSales &) const = default;
    QJsonObject toJson() const;
    static VatSales fromJson(const QJsonObject &json);
};

// GET /v1/reports/sales
struct SalesReport
{
    ReportPeriod period;
    qint64 eventId = 0;   // 0: every event
    QList<SalesRow> rows; // by day, then event
    SalesFigures totals;
    QList<VatSales> vat; // by rate, for the whole period
    QList<SalesLine> lines;

    // The rows and totals of these lines, with the bookings made per day,
    // event and method (the lines cannot count those: a booking's tickets
    // may be in several price categories).
    struct BookingCount
    {
        QDate day;
        qint64 eventId = 0;
        QString paymentMethod;
        qint64 bookings = 0;
    };
    static SalesReport summarize(const ReportPeriod &period, qint64 eventId,
                                 const QList<SalesLine> &lines,
                                 const QList<BookingCount> &bookings);

    QJsonObject toJson() const;
    static SalesReport fromJson(const QJsonObject &json);
    // One header row, then one row per line: every amount column sums to
    // the totals (RFC 4180, amounts as "12.50").
    QByteArray toCsv() const;
};

// A till's shift, closed: what the clerk counted against what the till
// should hold (the float, plus cash taken, minus cash paid back).
struct ShiftClosing
{
    qint64 id = 0;
    QString till;
    QString clerk; // the name of the account that opened it
    QDateTime openedAt;
    QDateTime closedAt;
    Cents floatCents = 0; // the change the shift started with
    Cents cashSales = 0;
    Cents cashRefunds = 0;
    Cents cardSales = 0;
    Cents cardRefunds = 0;
    Cents expected = 0;
    Cents counted = 0;
    qint64 salesCount = 0;
    qint64 refundsCount = 0;
    QString note;

    // Over (positive) or short (negative).
    Cents difference() const { return counted - expected; }
    QJsonObject toJson() const;
    static ShiftClosing fromJson(const QJsonObject &json);
};

// GET /v1/reports/shifts: the shifts closed in the period, by closing time.
struct ShiftReport
{
    ReportPeriod period;
    QList<ShiftClosing> shifts;

    // Every amount and count summed (id, till, times and note empty).
    ShiftClosing totals() const;
    QJsonObject toJson() const;
    static ShiftReport fromJson(const QJsonObject &json);
    // One header row, then one row per shift, times in the report's zone.
    QByteArray toCsv() const;
};

namespace Csv {
// RFC 4180: quoted when it holds a comma, a quote or a line break, quotes
// doubled; rows end with CRLF.
QByteArray row(const QStringList &fields);
// Reads back what row() writes (the tests and anyone checking an export).
QList<QStringList> parse(const QByteArray &text);
} // namespace Csv
