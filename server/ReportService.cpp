#include "ReportService.h"

#include "Database.h"
#include "DomainError.h"
#include "Protocol.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace {

void requireReader(const Caller &caller)
{
    if (!Protocol::mayReadReports(caller.role))
        throw DomainError::forbidden(u"Reports are for admin accounts."_s);
}

// The period's first and last instant, as $1 (from), $2 (to) and $3 (the
// time zone): midnight to midnight there, whatever the day's length.
constexpr char Bounds[] = "bounds AS (SELECT ($1::date)::timestamp AT TIME ZONE $3 AS lo, "
                          "($2::date + 1)::timestamp AT TIME ZONE $3 AS hi)";

// Sold and refunded tickets per day, event, price category and method.
// A refund's tickets are found in its booking, at the price they were sold
// for: together they are the refund's amount.
const std::string SalesLines =
    std::string("WITH ") + Bounds +
    ", sold AS (SELECT (b.created_at AT TIME ZONE $3)::date AS day, b.event_id, "
    "t.price_category_id AS category, b.payment_method AS method, bt.vat_rate_bp AS rate, "
    "count(*) AS tickets, sum(bt.price_cents) AS amount "
    "FROM bounds, bookings b JOIN booking_tickets bt ON bt.booking_id = b.id "
    "JOIN tickets t ON t.id = bt.ticket_id "
    "WHERE b.created_at >= bounds.lo AND b.created_at < bounds.hi "
    "AND ($4::bigint = 0 OR b.event_id = $4::bigint) GROUP BY 1, 2, 3, 4, 5), "
    "refunded AS (SELECT (r.created_at AT TIME ZONE $3)::date AS day, b.event_id, "
    "t.price_category_id AS category, b.payment_method AS method, bt.vat_rate_bp AS rate, "
    "count(*) AS tickets, sum(bt.price_cents) AS amount "
    "FROM bounds, refunds r JOIN bookings b ON b.id = r.booking_id "
    "JOIN booking_tickets bt ON bt.booking_id = r.booking_id AND bt.ticket_id = ANY (r.ticket_ids) "
    "JOIN tickets t ON t.id = bt.ticket_id "
    "WHERE r.created_at >= bounds.lo AND r.created_at < bounds.hi "
    "AND ($4::bigint = 0 OR b.event_id = $4::bigint) GROUP BY 1, 2, 3, 4, 5) "
    "SELECT to_char(l.day, 'YYYY-MM-DD'), l.event_id, e.name, pc.name, l.method, l.rate, l.sold, "
    "l.gross, l.refunded, l.refunds "
    "FROM (SELECT day, event_id, category, method, rate, coalesce(s.tickets, 0) AS sold, "
    "coalesce(s.amount, 0) AS gross, coalesce(f.tickets, 0) AS refunded, "
    "coalesce(f.amount, 0) AS refunds "
    "FROM sold s FULL JOIN refunded f USING (day, event_id, category, method, rate)) l "
    "JOIN events e ON e.id = l.event_id JOIN price_categories pc ON pc.id = l.category "
    "ORDER BY l.day, e.name, l.event_id, pc.name, l.method, l.rate";

// VAT per rate as the receipts reckon it (Booking::vatLines): per sale
// (and per refund) and rate, gross * rate / (1 + rate) rounded half up.
const std::string VatByRate =
    std::string("WITH ") + Bounds +
    ", sold AS (SELECT bt.vat_rate_bp AS rate, sum(bt.price_cents)::bigint AS gross "
    "FROM bounds, bookings b JOIN booking_tickets bt ON bt.booking_id = b.id "
    "WHERE b.created_at >= bounds.lo AND b.created_at < bounds.hi "
    "AND ($4::bigint = 0 OR b.event_id = $4::bigint) GROUP BY b.id, 1), "
    "refunded AS (SELECT bt.vat_rate_bp AS rate, sum(bt.price_cents)::bigint AS gross "
    "FROM bounds, refunds r JOIN bookings b ON b.id = r.booking_id "
    "JOIN booking_tickets bt ON bt.booking_id = r.booking_id AND bt.ticket_id = ANY (r.ticket_ids) "
    "WHERE r.created_at >= bounds.lo AND r.created_at < bounds.hi "
    "AND ($4::bigint = 0 OR b.event_id = $4::bigint) GROUP BY r.id, 1), "
    "parts AS (SELECT rate, gross, 0::bigint AS refunds, "
    "(gross * rate * 2 + 10000 + rate) / (2 * (10000 + rate)) AS vat FROM sold "
    "UNION ALL SELECT rate, 0::bigint, gross, "
    "-((gross * rate * 2 + 10000 + rate) / (2 * (10000 + rate))) FROM refunded) "
    "SELECT rate, sum(gross)::bigint, sum(refunds)::bigint, sum(vat)::bigint FROM parts "
    "GROUP BY rate ORDER BY rate";

const std::string BookingsMade =
    std::string("WITH ") + Bounds +
    " SELECT to_char((b.created_at AT TIME ZONE $3)::date, 'YYYY-MM-DD'), b.event_id, "
    "b.payment_method, count(*) FROM bounds, bookings b "
    "WHERE b.created_at >= bounds.lo AND b.created_at < bounds.hi "
    "AND ($4::bigint = 0 OR b.event_id = $4::bigint) GROUP BY 1, 2, 3";

const std::string ShiftsClosed =
    std::string("WITH ") + Bounds +
    " SELECT s.id, s.till, u.name, (extract(epoch FROM s.opened_at) * 1000)::bigint, "
    "(extract(epoch FROM s.closed_at) * 1000)::bigint, s.float_cents, s.cash_sales_cents, "
    "s.cash_refunds_cents, s.card_sales_cents, s.card_refunds_cents, s.expected_cents, "
    "s.counted_cents, s.sales_count, s.refunds_count, coalesce(s.note, '') "
    "FROM bounds, shifts s JOIN users u ON u.id = s.user_id "
    "WHERE s.closed_at >= bounds.lo AND s.closed_at < bounds.hi ORDER BY s.closed_at, s.id";

// Runs a report's queries. Qt and Postgres read the same IANA zones, but
// should Postgres not know one Qt does, that is the caller's "tz" too.
template<typename Body> auto readReport(Database &db, Body &&body)
{
    try {
        return db.transact(std::forward<Body>(body));
    } catch (const pqxx::sql_error &error) {
        if (error.sqlstate() == "22023")
            throw DomainError(ErrorCode::InvalidParameter,
                              u"\"tz\" must be a time zone like Europe/Berlin."_s);
        throw;
    }
}

QDateTime timeOf(const pqxx::field &field)
{
    return QDateTime::fromMSecsSinceEpoch(field.as<qint64>(), QTimeZone::utc());
}

QDate dateOf(const pqxx::field &field)
{
    return QDate::fromString(toQString(field), Qt::ISODate);
}

} // namespace

ReportService::ReportService(Database &db)
    : m_db(db)
{
}

SalesReport ReportService::sales(const ReportPeriod &period, qint64 eventId, const Caller &caller)
{
    requireReader(caller);
    period.validate();
    const std::string from = period.from.toString(Qt::ISODate).toStdString();
    const std::string to = period.to.toString(Qt::ISODate).toStdString();
    const std::string zone = period.timeZone.toStdString();
    return readReport(m_db, [&](pqxx::work &tx) {
        if (eventId > 0 &&
            tx.exec_prepared(m_db.prepared("report_event", "SELECT 1 FROM events WHERE id = $1"),
                             eventId)
                .empty())
            throw DomainError::notFound(u"There is no event %1."_s.arg(eventId));
        QList<SalesLine> lines;
        for (const pqxx::row &r :
             tx.exec_prepared(m_db.prepared("report_sales_lines", SalesLines.c_str()), from, to,
                              zone, eventId)) {
            SalesLine line;
            line.day = dateOf(r[0]);
            line.eventId = r[1].as<qint64>();
            line.event = toQString(r[2]);
            line.priceCategory = toQString(r[3]);
            line.paymentMethod = toQString(r[4]);
            line.vatRateBp = r[5].as<int>();
            SalesFigures &f = line.figures;
            f.ticketsSold = r[6].as<qint64>();
            f.gross = r[7].as<Cents>();
            f.ticketsRefunded = r[8].as<qint64>();
            f.refunds = r[9].as<Cents>();
            const bool cash = line.paymentMethod == u"cash"_s;
            (cash ? f.cashGross : f.cardGross) = f.gross;
            (cash ? f.cashRefunds : f.cardRefunds) = f.refunds;
            lines.append(line);
        }
        QList<SalesReport::BookingCount> bookings;
        for (const pqxx::row &r :
             tx.exec_prepared(m_db.prepared("report_sales_bookings", BookingsMade.c_str()), from,
                              to, zone, eventId))
            bookings.append({dateOf(r[0]), r[1].as<qint64>(), toQString(r[2]), r[3].as<qint64>()});
        SalesReport report = SalesReport::summarize(period, eventId, lines, bookings);
        for (const pqxx::row &r : tx.exec_prepared(
                 m_db.prepared("report_sales_vat", VatByRate.c_str()), from, to, zone, eventId))
            report.vat.append(
                {r[0].as<int>(), r[1].as<Cents>(), r[2].as<Cents>(), r[3].as<Cents>()});
        return report;
    });
}

ShiftReport ReportService::shifts(const ReportPeriod &period, const Caller &caller)
{
    requireReader(caller);
    period.validate();
    return readReport(m_db, [&](pqxx::work &tx) {
        ShiftReport report;
        report.period = period;
        for (const pqxx::row &r : tx.exec_prepared(
                 m_db.prepared("report_shifts", ShiftsClosed.c_str()),
                 period.from.toString(Qt::ISODate).toStdString(),
                 period.to.toString(Qt::ISODate).toStdString(), period.timeZone.toStdString())) {
            ShiftClosing shift;
            shift.id = r[0].as<qint64>();
            shift.till = toQString(r[1]);
            shift.clerk = toQString(r[2]);
            shift.openedAt = timeOf(r[3]);
            shift.closedAt = timeOf(r[4]);
            shift.floatCents = r[5].as<Cents>();
            shift.cashSales = r[6].as<Cents>();
            shift.cashRefunds = r[7].as<Cents>();
            shift.cardSales = r[8].as<Cents>();
            shift.cardRefunds = r[9].as<Cents>();
            shift.expected = r[10].as<Cents>();
            shift.counted = r[11].as<Cents>();
            shift.salesCount = r[12].as<qint64>();
            shift.refundsCount = r[13].as<qint64>();
            shift.note = toQString(r[14]);
            report.shifts.append(shift);
        }
        return report;
    });
}
