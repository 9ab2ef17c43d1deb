// The operators' reports through the API, against the real server,
// Postgres and Redis: a known mix of sales and refunds over two events adds
// up to the cent, equal to the database's own sums; days are calendar days
// in the report's time zone; the CSV export reads back and sums to the
// JSON's totals; only admins read reports; bad parameters are clear errors.
#include "Reports.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

const QString EventA = u"Hamlet, \"the\" Prince"_s;
const QString EventB = u"Quiet Evening"_s;
const QString Stalls = u"Parkett, vorne"_s;
const QString Balcony = u"Balkon"_s;
const QString Till = u"Kasse 1, Foyer"_s;

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

// "12.50" → 1250, exactly.
Cents cents(const QString &decimal)
{
    const QStringList parts = decimal.split(u'.');
    if (parts.size() != 2 || parts[1].size() != 2)
        return std::numeric_limits<Cents>::min();
    const bool negative = parts[0].startsWith(u'-');
    const Cents value = parts[0].mid(negative ? 1 : 0).toLongLong() * 100 + parts[1].toLongLong();
    return negative ? -value : value;
}

const SalesRow *findRow(const SalesReport &report, const QDate &day, qint64 eventId)
{
    for (const SalesRow &row : report.rows) {
        if (row.day == day && row.eventId == eventId)
            return &row;
    }
    return nullptr;
}

const CategorySales *findCategory(const SalesRow &row, const QString &name)
{
    for (const CategorySales &category : row.categories) {
        if (category.name == name)
            return &category;
    }
    return nullptr;
}

} // namespace

class TestReports : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void salesAddUpToTheCent();
    void daysAreCalendarDaysInTheTimeZone();
    void theServersTimeZoneIsTheDefault();
    void csvReadsBackAndSumsToTheTotals();
    void onlyAdminsReadReports();
    void badParametersAreClearErrors_data();
    void badParametersAreClearErrors();
    void shiftClosingsWithExpectedCountedAndDifference();

private:
    HttpTestResponse report(const QByteArray &token, const QString &path, const QUrlQuery &query);
    SalesReport sales(const QString &from, const QString &to, const QString &tz = {},
                      qint64 eventId = 0);
    // Sold at the counter; returns the booking's JSON.
    QJsonObject sell(qint64 eventId, const QList<qint64> &ticketIds, bool cash);
    void cancel(const QJsonObject &booking, const QList<qint64> &ticketIds);
    // An UPDATE; returns the rows it changed.
    qint64 dbExec(const QString &sql)
    {
        return dbScalar(
            u"WITH changed AS (%1 RETURNING 1) SELECT count(*) FROM changed"_s.arg(sql));
    }
    qint64 dbScalar(const QString &sql) { return m_stack->db().scalar(sql.toStdString()); }

    std::unique_ptr<TestStack> m_stack;
    QByteArray m_admin;
    QByteArray m_clerk;
    QByteArray m_customer;
    qint64 m_shift = 0; // the clerk's, open until the last test closes it
    qint64 m_eventA = 0;
    qint64 m_eventB = 0;
    QList<qint64> m_stalls;   // event A, 4550 each
    QList<qint64> m_balcony;  // event A, 2990 each
    QList<qint64> m_ticketsB; // 1999 each
};

void TestReports::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"reports"_s);
    QVERIFY(m_stack->start());
    m_admin = m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    m_clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    m_customer = m_stack->registerCustomer(u"customer@example.org"_s);
    QVERIFY(!m_admin.isEmpty() && !m_clerk.isEmpty() && !m_customer.isEmpty());
    // Cash goes into a till: the clerk's shift, open through every test.
    m_shift = m_stack->openShift(m_clerk, Till, 10000);
    QVERIFY(m_shift > 0);
    const QJsonObject document{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Report Hall"_s},
             {u"city"_s, u"Berlin"_s},
             {u"kind"_s, u"theatre"_s},
             {u"sections"_s,
              QJsonArray{
                  QJsonObject{{u"name"_s, u"Stalls"_s}, {u"rows"_s, 2}, {u"seats_per_row"_s, 5}},
                  QJsonObject{
                      {u"name"_s, u"Balcony"_s}, {u"rows"_s, 1}, {u"seats_per_row"_s, 5}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, EventA},
             {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(7).toString(Qt::ISODate)},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, Stalls},
                                     {u"price"_s, 4550},
                                     {u"sections"_s, QJsonArray{u"Stalls"_s}}},
                         QJsonObject{{u"name"_s, Balcony},
                                     {u"price"_s, 2990},
                                     {u"sections"_s, QJsonArray{u"Balcony"_s}}}}}}}}};
    m_eventA = m_stack->importEvent(document, EventA);
    // The balcony at 19 % VAT, the rest at the venue's 7 %.
    QCOMPARE(dbExec(u"UPDATE price_categories SET vat_rate_bp = 1900 WHERE event_id = %1 "
                    "AND name = '%2'"_s.arg(m_eventA)
                        .arg(Balcony)),
             1);
    m_eventB = m_stack->createEvent(EventB, 2, 10, 1999);
    auto ticketsIn = [&](const QString &category) {
        QList<qint64> ids;
        const QString sql = u"SELECT string_agg(t.id::text, ',' ORDER BY t.id) FROM tickets t "
                            "JOIN price_categories pc ON pc.id = t.price_category_id "
                            "WHERE t.event_id = %1 AND pc.name = '%2'"_s.arg(m_eventA)
                                .arg(QString(category).replace(u'\'', u"''"_s));
        for (const QString &id : m_stack->db().text(sql.toStdString()).split(u','))
            ids.append(id.toLongLong());
        return ids;
    };
    m_stalls = ticketsIn(Stalls);
    m_balcony = ticketsIn(Balcony);
    m_ticketsB = m_stack->ticketIds(m_eventB);
    QCOMPARE(m_stalls.size(), 10);
    QCOMPARE(m_balcony.size(), 5);
}

HttpTestResponse TestReports::report(const QByteArray &token, const QString &path,
                                     const QUrlQuery &query)
{
    return m_stack->client(token)->get(
        (u"/v1/reports/"_s + path + u'?' + query.toString(QUrl::FullyEncoded)).toUtf8());
}

SalesReport TestReports::sales(const QString &from, const QString &to, const QString &tz,
                               qint64 eventId)
{
    QUrlQuery query{{u"from"_s, from}, {u"to"_s, to}};
    if (!tz.isEmpty())
        query.addQueryItem(u"tz"_s, tz);
    if (eventId > 0)
        query.addQueryItem(u"event_id"_s, QString::number(eventId));
    const HttpTestResponse r = report(m_admin, u"sales"_s, query);
    if (r.status != 200)
        qWarning("sales report: %d %s", r.status, r.body.constData());
    return SalesReport::fromJson(r.json());
}

QJsonObject TestReports::sell(qint64 eventId, const QList<qint64> &ticketIds, bool cash)
{
    auto c = m_stack->client(m_clerk);
    if (!cash)
        return TestStack::bookWithCard(*c, eventId, ticketIds).json();
    const HttpTestResponse sold =
        c->post("/v1/event/" + QByteArray::number(eventId) + "/bookings",
                {{u"ticket_ids"_s, idArray(ticketIds)},
                 {u"payment_details"_s,
                  QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 1000000}}},
                 {u"customer_name"_s, u"Rita Report"_s}},
                {{"Idempotency-Key", TestStack::idempotencyKey()}});
    if (sold.status != 201)
        qWarning("sale: %d %s", sold.status, sold.body.constData());
    return sold.json();
}

void TestReports::cancel(const QJsonObject &booking, const QList<qint64> &ticketIds)
{
    const HttpTestResponse r = m_stack->client(m_clerk)->post(
        "/v1/bookings/" + QByteArray::number(booking.value(u"id"_s).toInteger()) + "/cancel",
        ticketIds.isEmpty() ? QJsonObject{} : QJsonObject{{u"ticket_ids"_s, idArray(ticketIds)}});
    QCOMPARE(r.status, 200);
}

void TestReports::salesAddUpToTheCent()
{
    // Event A: cash 2 stalls + 1 balcony; card 3 stalls; card 1 balcony.
    // Event B: cash 2; card 1. Then one stall of the cash sale and all of
    // B's card sale are refunded.
    const QJsonObject cashA = sell(m_eventA, {m_stalls[0], m_stalls[1], m_balcony[0]}, true);
    QCOMPARE(cashA.value(u"total"_s).toInteger(), 12090);
    QCOMPARE(sell(m_eventA, {m_stalls[2], m_stalls[3], m_stalls[4]}, false)
                 .value(u"total"_s)
                 .toInteger(),
             13650);
    QCOMPARE(sell(m_eventA, {m_balcony[1]}, false).value(u"total"_s).toInteger(), 2990);
    QCOMPARE(sell(m_eventB, {m_ticketsB[0], m_ticketsB[1]}, true).value(u"total"_s).toInteger(),
             3998);
    const QJsonObject cardB = sell(m_eventB, {m_ticketsB[2]}, false);
    QCOMPARE(cardB.value(u"total"_s).toInteger(), 1999);
    cancel(cashA, {m_stalls[0]});
    cancel(cardB, {});
    // All of it on one known day, midday in Berlin.
    const QString events = u"%1, %2"_s.arg(m_eventA).arg(m_eventB);
    QCOMPARE(dbExec(u"UPDATE bookings SET created_at = '2026-03-10 11:00Z' "
                    "WHERE event_id IN (%1)"_s.arg(events)),
             5);
    QCOMPARE(dbExec(u"UPDATE refunds SET created_at = '2026-03-10 15:00Z' WHERE booking_id IN "
                    "(SELECT id FROM bookings WHERE event_id IN (%1))"_s.arg(events)),
             2);

    const SalesReport report = sales(u"2026-03-10"_s, u"2026-03-10"_s);
    QCOMPARE(report.period.timeZone, u"Europe/Berlin"_s);
    QCOMPARE(report.rows.size(), 2);
    const QDate day(2026, 3, 10);
    const SalesRow *a = findRow(report, day, m_eventA);
    const SalesRow *b = findRow(report, day, m_eventB);
    QVERIFY(a && b);
    QCOMPARE(a->event, EventA);
    QCOMPARE(a->figures.ticketsSold, 7);
    QCOMPARE(a->figures.gross, 28730);
    QCOMPARE(a->figures.cashGross, 12090);
    QCOMPARE(a->figures.cardGross, 16640);
    QCOMPARE(a->figures.cashBookings, 1);
    QCOMPARE(a->figures.cardBookings, 2);
    QCOMPARE(a->figures.ticketsRefunded, 1);
    QCOMPARE(a->figures.refunds, 4550);
    QCOMPARE(a->figures.cashRefunds, 4550);
    QCOMPARE(a->figures.cardRefunds, 0);
    QCOMPARE(a->figures.net(), 24180);
    QCOMPARE(a->categories.size(), 2);
    const CategorySales *stalls = findCategory(*a, Stalls);
    const CategorySales *balcony = findCategory(*a, Balcony);
    QVERIFY(stalls && balcony);
    QCOMPARE(stalls->figures.ticketsSold, 5);
    QCOMPARE(stalls->figures.gross, 22750);
    QCOMPARE(stalls->figures.ticketsRefunded, 1);
    QCOMPARE(stalls->figures.refunds, 4550);
    QCOMPARE(balcony->figures.ticketsSold, 2);
    QCOMPARE(balcony->figures.gross, 5980);
    QCOMPARE(balcony->figures.cashGross, 2990);
    QCOMPARE(balcony->figures.refunds, 0);

    QCOMPARE(b->figures.ticketsSold, 3);
    QCOMPARE(b->figures.gross, 5997);
    QCOMPARE(b->figures.cashGross, 3998);
    QCOMPARE(b->figures.cardGross, 1999);
    QCOMPARE(b->figures.ticketsRefunded, 1);
    QCOMPARE(b->figures.cardRefunds, 1999);
    QCOMPARE(b->figures.net(), 3998);

    QCOMPARE(report.totals.ticketsSold, 10);
    QCOMPARE(report.totals.gross, 34727);
    QCOMPARE(report.totals.refunds, 6549);
    QCOMPARE(report.totals.net(), 28178);
    QCOMPARE(report.totals.cashBookings, 2);
    QCOMPARE(report.totals.cardBookings, 3);
    // VAT per rate, reckoned per sale and refund as the receipts do: at 7 %
    // 9100 + 13650 + 3998 + 1999 sold (595 + 893 + 262 + 131 VAT), 4550 and
    // 1999 refunded (298 + 131); at 19 % twice 2990 (477 each).
    QCOMPARE(report.vat.size(), 2);
    QCOMPARE(report.vat[0], (VatSales{700, 28747, 6549, 1452}));
    QCOMPARE(report.vat[1], (VatSales{1900, 5980, 0, 954}));
    QCOMPARE(report.vat[0].netOfVat(), 28747 - 6549 - 1452);
    QCOMPARE(report.vat[0].gross + report.vat[1].gross, report.totals.gross);
    QCOMPARE(report.vat[0].net() + report.vat[1].net(), report.totals.net());
    // The sales' VAT is what their receipts printed.
    Cents receiptVat = 0;
    for (const QJsonObject &sale : {cashA, cardB}) {
        for (const QJsonValue &rate : sale[u"receipt"_s][u"vat"_s].toArray())
            receiptVat += rate[u"vat"_s].toInteger();
    }
    QCOMPARE(receiptVat, 595 + 477 + 131);

    // The same as the database's own sums over bookings and refunds.
    for (const qint64 eventId : {m_eventA, m_eventB}) {
        const SalesRow *row = findRow(report, day, eventId);
        QCOMPARE(
            row->figures.gross,
            dbScalar(u"SELECT sum(total_cents) FROM bookings WHERE event_id = %1"_s.arg(eventId)));
        QCOMPARE(row->figures.cashGross,
                 dbScalar(u"SELECT sum(total_cents) FROM bookings WHERE event_id = %1 "
                          "AND payment_method = 'cash'"_s.arg(eventId)));
        QCOMPARE(row->figures.refunds,
                 dbScalar(u"SELECT sum(r.amount_cents) FROM refunds r JOIN bookings b "
                          "ON b.id = r.booking_id WHERE b.event_id = %1"_s.arg(eventId)));
        QCOMPARE(row->figures.ticketsRefunded,
                 dbScalar(u"SELECT sum(cardinality(r.ticket_ids)) FROM refunds r JOIN bookings "
                          "b ON b.id = r.booking_id WHERE b.event_id = %1"_s.arg(eventId)));
    }
    // One event only.
    const SalesReport onlyB = sales(u"2026-03-10"_s, u"2026-03-10"_s, {}, m_eventB);
    QCOMPARE(onlyB.rows.size(), 1);
    QCOMPARE(onlyB.totals, b->figures);
    // Nothing on the day before.
    QVERIFY(sales(u"2026-03-09"_s, u"2026-03-09"_s).rows.isEmpty());
}

void TestReports::daysAreCalendarDaysInTheTimeZone()
{
    // 23:30 UTC on the 11th is 00:30 on the 12th in Berlin; refunded at
    // 00:10 UTC on the 13th, which is the 13th in both.
    const QJsonObject late = sell(m_eventB, {m_ticketsB[5], m_ticketsB[6]}, false);
    cancel(late, {m_ticketsB[5]});
    const qint64 id = late.value(u"id"_s).toInteger();
    QCOMPARE(
        dbExec(u"UPDATE bookings SET created_at = '2026-03-11 23:30Z' WHERE id = %1"_s.arg(id)), 1);
    QCOMPARE(
        dbExec(
            u"UPDATE refunds SET created_at = '2026-03-13 00:10Z' WHERE booking_id = %1"_s.arg(id)),
        1);

    QVERIFY(sales(u"2026-03-11"_s, u"2026-03-11"_s).rows.isEmpty());
    const SalesReport berlin = sales(u"2026-03-11"_s, u"2026-03-13"_s);
    QCOMPARE(berlin.rows.size(), 2);
    const SalesRow *sold = findRow(berlin, QDate(2026, 3, 12), m_eventB);
    const SalesRow *refunded = findRow(berlin, QDate(2026, 3, 13), m_eventB);
    QVERIFY(sold && refunded);
    QCOMPARE(sold->figures.ticketsSold, 2);
    QCOMPARE(sold->figures.gross, 3998);
    QCOMPARE(sold->figures.refunds, 0);
    QCOMPARE(refunded->figures.ticketsSold, 0);
    QCOMPARE(refunded->figures.ticketsRefunded, 1);
    QCOMPARE(refunded->figures.refunds, 1999);
    QCOMPARE(refunded->figures.net(), -1999);
    QCOMPARE(berlin.totals.net(), 1999);
    // In UTC the sale is on the 11th.
    const SalesReport utc = sales(u"2026-03-11"_s, u"2026-03-11"_s, u"UTC"_s);
    QCOMPARE(utc.period.timeZone, u"UTC"_s);
    QCOMPARE(utc.rows.size(), 1);
    QCOMPARE(utc.rows[0].day, QDate(2026, 3, 11));
    QCOMPARE(utc.rows[0].figures.gross, 3998);
    // In New York the refund (20:10 on the 12th there) is on the 12th.
    const SalesReport newYork = sales(u"2026-03-12"_s, u"2026-03-12"_s, u"America/New_York"_s);
    QCOMPARE(newYork.rows.size(), 1);
    QCOMPARE(newYork.rows[0].figures.refunds, 1999);
    QCOMPARE(newYork.rows[0].figures.ticketsSold, 0);
}

void TestReports::theServersTimeZoneIsTheDefault()
{
    // A server whose reports count UTC days: the sale at 23:30 UTC on the
    // 11th is on the 11th without a tz.
    TestServer utc(m_stack->db(), m_stack->redis(), {u"--report-time-zone"_s, u"UTC"_s});
    QVERIFY(utc.start());
    const HttpTestResponse r =
        utc.client(m_admin)->get("/v1/reports/sales?from=2026-03-11&to=2026-03-11");
    QCOMPARE(r.status, 200);
    const SalesReport report = SalesReport::fromJson(r.json());
    QCOMPARE(report.period.timeZone, u"UTC"_s);
    QCOMPARE(report.totals.gross, 3998);
    QCOMPARE(utc.terminate(), 0);
    // A zone that does not exist is refused at the start, naming the option.
    TestServer mars(m_stack->db(), m_stack->redis(), {u"--report-time-zone"_s, u"Mars/Olympus"_s});
    QVERIFY(!mars.start());
    QVERIFY(mars.output().contains("--report-time-zone"));
}

void TestReports::csvReadsBackAndSumsToTheTotals()
{
    const QUrlQuery query{
        {u"from"_s, u"2026-03-01"_s}, {u"to"_s, u"2026-03-31"_s}, {u"format"_s, u"csv"_s}};
    const HttpTestResponse r = report(m_admin, u"sales"_s, query);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), "text/csv; charset=utf-8"_ba);
    QCOMPARE(r.headers.value("content-disposition"),
             "attachment; filename=\"sales-2026-03-01-2026-03-31.csv\""_ba);
    // Quoted as RFC 4180 says.
    QVERIFY(r.body.contains("\"Hamlet, \"\"the\"\" Prince\""));
    QVERIFY(r.body.contains("\"Parkett, vorne\""));
    QVERIFY(r.body.endsWith("\r\n"));
    const QList<QStringList> rows = Csv::parse(r.body);
    QVERIFY(rows.size() > 1);
    const QStringList header = rows[0];
    QCOMPARE(header, (QStringList{u"day"_s, u"event_id"_s, u"event"_s, u"price_category"_s,
                                  u"payment_method"_s, u"vat_rate"_s, u"tickets_sold"_s, u"gross"_s,
                                  u"tickets_refunded"_s, u"refunds"_s, u"net"_s}));
    const SalesReport json = sales(u"2026-03-01"_s, u"2026-03-31"_s);
    QCOMPARE(rows.size() - 1, json.lines.size());
    SalesFigures sums;
    Cents netSum = 0;
    bool sawEventName = false;
    for (const QStringList &row : rows.mid(1)) {
        QCOMPARE(row.size(), header.size());
        sawEventName = sawEventName || (row[2] == EventA && row[3] == Stalls);
        QVERIFY(row[4] == u"cash"_s || row[4] == u"card"_s);
        QVERIFY(row[5] == u"7.00"_s || row[5] == u"19.00"_s);
        sums.ticketsSold += row[6].toLongLong();
        sums.gross += cents(row[7]);
        sums.ticketsRefunded += row[8].toLongLong();
        sums.refunds += cents(row[9]);
        netSum += cents(row[10]);
        (row[4] == u"cash"_s ? sums.cashGross : sums.cardGross) += cents(row[7]);
    }
    QVERIFY(sawEventName);
    QCOMPARE(sums.ticketsSold, json.totals.ticketsSold);
    QCOMPARE(sums.gross, json.totals.gross);
    QCOMPARE(sums.ticketsRefunded, json.totals.ticketsRefunded);
    QCOMPARE(sums.refunds, json.totals.refunds);
    QCOMPARE(sums.cashGross, json.totals.cashGross);
    QCOMPARE(sums.cardGross, json.totals.cardGross);
    QCOMPARE(netSum, json.totals.net());
    QCOMPARE(json.totals.gross, 34727 + 3998);
    // A negative net (a day with refunds only) keeps its sign and cents.
    QCOMPARE(Money::decimal(-1999), u"-19.99"_s);
    QCOMPARE(Money::decimal(5), u"0.05"_s);
    QCOMPARE(cents(Money::decimal(-1999)), -1999);
}

void TestReports::onlyAdminsReadReports()
{
    const QUrlQuery query{{u"from"_s, u"2026-03-10"_s}, {u"to"_s, u"2026-03-10"_s}};
    QCOMPARE(report(m_admin, u"sales"_s, query).status, 200);
    QCOMPARE(report(m_clerk, u"sales"_s, query).status, 403);
    QCOMPARE(report(m_clerk, u"sales"_s, query).errorCode(), "forbidden"_ba);
    QCOMPARE(report(m_customer, u"sales"_s, query).status, 403);
    QCOMPARE(report({}, u"sales"_s, query).status, 401);
    QUrlQuery csv = query;
    csv.addQueryItem(u"format"_s, u"csv"_s);
    const HttpTestResponse clerkCsv = report(m_clerk, u"sales"_s, csv);
    QCOMPARE(clerkCsv.status, 403);
    QVERIFY(!clerkCsv.body.contains("Hamlet"));
}

void TestReports::badParametersAreClearErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("named");
    QTest::addRow("no from") << u"to=2026-03-10"_s << 400 << u"\"from\""_s;
    QTest::addRow("no to") << u"from=2026-03-10"_s << 400 << u"\"to\""_s;
    QTest::addRow("month 13") << u"from=2026-13-01&to=2026-03-10"_s << 400 << u"\"from\""_s;
    QTest::addRow("not a date") << u"from=2026-03-10&to=tomorrow"_s << 400 << u"\"to\""_s;
    QTest::addRow("to before from") << u"from=2026-03-10&to=2026-03-09"_s << 400 << u"\"to\""_s;
    QTest::addRow("367 days") << u"from=2026-01-01&to=2027-01-02"_s << 400 << u"\"to\""_s;
    QTest::addRow("unknown zone") << u"from=2026-03-10&to=2026-03-10&tz=Mars/Olympus"_s << 400
                                  << u"\"tz\""_s;
    QTest::addRow("offset zone") << u"from=2026-03-10&to=2026-03-10&tz=UTC%2B01:00"_s << 400
                                 << u"\"tz\""_s;
    QTest::addRow("zone as a path")
        << u"from=2026-03-10&to=2026-03-10&tz=../../etc/passwd"_s << 400 << u"\"tz\""_s;
    QTest::addRow("format") << u"from=2026-03-10&to=2026-03-10&format=xml"_s << 400
                            << u"\"format\""_s;
    QTest::addRow("event id") << u"from=2026-03-10&to=2026-03-10&event_id=abc"_s << 400
                              << u"\"event_id\""_s;
    QTest::addRow("unknown event")
        << u"from=2026-03-10&to=2026-03-10&event_id=999999"_s << 404 << u"999999"_s;
}

void TestReports::badParametersAreClearErrors()
{
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, named);
    const HttpTestResponse r = report(m_admin, u"sales"_s, QUrlQuery(query));
    QCOMPARE(r.status, status);
    QCOMPARE(r.errorCode(), status == 400 ? "invalid_parameter"_ba : "not_found"_ba);
    const QString message = r.json()[u"error"_s][u"message"_s].toString();
    QVERIFY2(message.contains(named), qPrintable(message));
    // Exactly a year is fine, and the server keeps serving.
    const HttpTestResponse year =
        report(m_admin, u"sales"_s, QUrlQuery(u"from=2026-01-01&to=2027-01-01&tz=Europe/Berlin"_s));
    QCOMPARE(year.status, 200);
    QCOMPARE(SalesReport::fromJson(year.json()).totals.gross, 34727 + 3998);
}

void TestReports::shiftClosingsWithExpectedCountedAndDifference()
{
    // The clerk's shift, open since the start at a till with a comma in its
    // name, a float of 100.00: cash sales of 120.90 and 39.98 in March (the
    // sales' days do not matter: they are the shift's), 91.00 now; 45.50
    // refunded twice; 2.30 short at closing. (This runs last.)
    auto c = m_stack->client(m_clerk);
    const QJsonObject cash = sell(m_eventA, {m_stalls[5], m_stalls[6]}, true);
    QCOMPARE(cash.value(u"total"_s).toInteger(), 9100);
    QCOMPARE(sell(m_eventA, {m_balcony[2]}, false).value(u"total"_s).toInteger(), 2990);
    cancel(cash, {m_stalls[5]});
    const Cents cashSales = 12090 + 3998 + 9100;
    const Cents cashRefunds = 4550 + 4550;
    const Cents expected = 10000 + cashSales - cashRefunds;
    const HttpTestResponse closed = c->post("/v1/shifts/" + QByteArray::number(m_shift) + "/close",
                                            {{u"counted_cents"_s, expected - 230}});
    QCOMPARE(closed.status, 200);
    const qint64 shiftId = m_shift;
    // Another one still open: not a closing.
    auto other =
        m_stack->client(m_stack->createUser(u"clerk2@example.org"_s, Protocol::Role::Clerk));
    QCOMPARE(
        other->post("/v1/shifts", {{u"till"_s, u"Kasse 2"_s}, {u"float_cents"_s, 5000}}).status,
        201);

    const QDate today =
        QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Europe/Berlin")).date();
    const QUrlQuery query{{u"from"_s, today.addDays(-1).toString(Qt::ISODate)},
                          {u"to"_s, today.addDays(1).toString(Qt::ISODate)}};
    const HttpTestResponse r = report(m_admin, u"shifts"_s, query);
    QCOMPARE(r.status, 200);
    const ShiftReport shifts = ShiftReport::fromJson(r.json());
    QCOMPARE(shifts.shifts.size(), 1);
    const ShiftClosing &shift = shifts.shifts[0];
    QCOMPARE(shift.id, shiftId);
    QCOMPARE(shift.till, Till);
    QCOMPARE(shift.floatCents, 10000);
    QCOMPARE(shift.cashSales, cashSales);
    QCOMPARE(shift.cashRefunds, cashRefunds);
    QCOMPARE(shift.cardSales, 13650 + 2990 + 1999 + 3998 + 2990);
    QCOMPARE(shift.cardRefunds, 1999 + 1999);
    QCOMPARE(shift.salesCount, 8);
    QCOMPARE(shift.refundsCount, 4);
    QCOMPARE(shift.expected, expected);
    QCOMPARE(shift.counted, expected - 230);
    QCOMPARE(shift.difference(), -230);
    QCOMPARE(r.json()[u"shifts"_s][0][u"difference"_s].toInteger(), -230);
    QCOMPARE(r.json()[u"totals"_s][u"difference"_s].toInteger(), -230);
    QVERIFY(shift.openedAt.isValid() && shift.closedAt >= shift.openedAt);
    // As the database has it.
    QCOMPARE(shift.expected,
             dbScalar(u"SELECT expected_cents FROM shifts WHERE id = %1"_s.arg(shiftId)));
    QCOMPARE(shift.cashSales, dbScalar(u"SELECT sum(total_cents) FROM bookings WHERE shift_id = %1 "
                                       "AND payment_method = 'cash'"_s.arg(shiftId)));
    QCOMPARE(shift.clerk, m_stack->db().text(u"SELECT u.name FROM shifts s JOIN users u ON "
                                             "u.id = s.user_id WHERE s.id = %1"_s.arg(shiftId)
                                                 .toStdString()));

    // The CSV: the till quoted, the difference in euros.
    QUrlQuery csvQuery = query;
    csvQuery.addQueryItem(u"format"_s, u"csv"_s);
    const HttpTestResponse csv = report(m_admin, u"shifts"_s, csvQuery);
    QCOMPARE(csv.status, 200);
    QCOMPARE(csv.headers.value("content-type"), "text/csv; charset=utf-8"_ba);
    QVERIFY(csv.headers.value("content-disposition").contains("shifts-"));
    const QList<QStringList> rows = Csv::parse(csv.body);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].mid(0, 2), (QStringList{u"shift_id"_s, u"till"_s}));
    const qsizetype difference = rows[0].indexOf(u"difference"_s);
    const qsizetype expectedColumn = rows[0].indexOf(u"expected"_s);
    QVERIFY(difference > 0 && expectedColumn > 0);
    QCOMPARE(rows[1][1], Till);
    QCOMPARE(rows[1][difference], u"-2.30"_s);
    QCOMPARE(cents(rows[1][expectedColumn]), expected);
    // Only admins; bad parameters as for sales.
    QCOMPARE(report(m_clerk, u"shifts"_s, query).status, 403);
    QCOMPARE(report({}, u"shifts"_s, query).status, 401);
    QCOMPARE(report(m_admin, u"shifts"_s, QUrlQuery(u"from=2026-03-10&to=2026-02-10"_s)).status,
             400);
    // Nothing closed on a day without closings.
    QVERIFY(ShiftReport::fromJson(
                report(m_admin, u"shifts"_s, QUrlQuery(u"from=2026-03-10&to=2026-03-10"_s)).json())
                .shifts.isEmpty());
}

QTEST_GUILESS_MAIN(TestReports)
#include "tst_reports.moc"
