// Check-in at the door through the API, against the real server, Postgres
// and Redis: a secret per ticket that reprints keep, a ticket admitted once
// (also when two doors scan it at the same moment), cancelled, unknown and
// other events' tickets refused, the scanner role, the door's offline list
// and its upload with conflicts.
#include "CheckIn.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <QUuid>
#include <latch>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

const QJsonObject Cash{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 1000000}};

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

} // namespace

class TestCheckIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyTicketHasItsOwnSecret();
    void aTicketIsAdmittedOnce();
    void cancelledUnknownAndOtherEventsTicketsAreRefused();
    void onlyDoorsCheckInAndScannersSellNothing();
    void twoDoorsScanningAtOnceAdmitOnce();
    void theDoorsListAndOfflineUpload();
    void badScansAreClearErrors();

private:
    // Sold at the counter; returns the booking's JSON.
    QJsonObject sell(qint64 eventId, const QList<qint64> &ticketIds,
                     const QString &name = u"Dora Door"_s);
    HttpTestResponse scan(const QByteArray &token, const QString &secret, qint64 eventId = 0,
                          const QString &device = u"Door A"_s);
    static QStringList secretsOf(const QJsonObject &booking);
    QString dbText(const QString &sql) { return m_stack->db().text(sql.toStdString()); }

    std::unique_ptr<TestStack> m_stack;
    QByteArray m_clerk;
    QByteArray m_scanner;
    qint64 m_event = 0;
    qint64 m_other = 0;
    QList<qint64> m_tickets;
    int m_next = 0; // the next unsold ticket of m_event
};

void TestCheckIn::initTestCase()
{
    m_stack = std::make_unique<TestStack>(u"checkin"_s);
    QVERIFY(m_stack->start());
    m_clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    // Cash goes into a till: the clerk's shift is open.
    QVERIFY(m_stack->openShift(m_clerk) > 0);
    m_scanner = m_stack->createUser(u"door@example.org"_s, Protocol::Role::Scanner);
    QVERIFY(!m_scanner.isEmpty());
    m_event = m_stack->createEvent(u"Door Night"_s, 10, 20);
    m_other = m_stack->createEvent(u"Other Night"_s, 2, 5);
    m_tickets = m_stack->ticketIds(m_event);
}

QJsonObject TestCheckIn::sell(qint64 eventId, const QList<qint64> &ticketIds, const QString &name)
{
    auto c = m_stack->client(m_clerk);
    const HttpTestResponse sold =
        c->post("/v1/event/" + QByteArray::number(eventId) + "/bookings",
                {{u"ticket_ids"_s, idArray(ticketIds)},
                 {u"payment_details"_s, Cash},
                 {u"customer_name"_s, name}},
                {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
    if (sold.status != 201)
        qWarning("sale: %d %s", sold.status, sold.body.constData());
    return sold.json();
}

HttpTestResponse TestCheckIn::scan(const QByteArray &token, const QString &secret, qint64 eventId,
                                   const QString &device)
{
    CheckInScan s;
    s.secret = secret;
    s.eventId = eventId;
    s.device = device;
    return m_stack->client(token)->post("/v1/checkin", s.toJson());
}

QStringList TestCheckIn::secretsOf(const QJsonObject &booking)
{
    QStringList secrets;
    for (const QJsonValue &ticket : booking.value(u"tickets"_s).toArray())
        secrets.append(ticket[u"secret"_s].toString());
    return secrets;
}

void TestCheckIn::everyTicketHasItsOwnSecret()
{
    const QJsonObject booking = sell(m_event, m_tickets.mid(m_next, 3));
    m_next += 3;
    const QStringList secrets = secretsOf(booking);
    QCOMPARE(secrets.size(), 3);
    static const QRegularExpression shape(u"^[2-9A-HJ-NP-Z]{20}$"_s);
    for (const QString &secret : secrets)
        QVERIFY2(shape.match(secret).hasMatch(), qPrintable(secret));
    QCOMPARE(QSet<QString>(secrets.begin(), secrets.end()).size(), 3);
    // Read again (a reprint): the same secrets.
    auto c = m_stack->client(m_clerk);
    const HttpTestResponse again =
        c->get("/v1/bookings/" + QByteArray::number(booking.value(u"id"_s).toInteger()));
    QCOMPARE(again.status, 200);
    QCOMPARE(secretsOf(again.json()), secrets);
    // In the database too, one per sold ticket.
    QCOMPARE(dbText(u"SELECT count(DISTINCT secret) FROM booking_tickets WHERE "
                    "booking_id = %1"_s.arg(booking.value(u"id"_s).toInteger())),
             u"3"_s);
}

void TestCheckIn::aTicketIsAdmittedOnce()
{
    const QJsonObject booking = sell(m_event, m_tickets.mid(m_next, 2), u"Erika Eintritt"_s);
    m_next += 2;
    const QStringList secrets = secretsOf(booking);
    QCOMPARE(secrets.size(), 2);
    const HttpTestResponse first = scan(m_scanner, secrets[0], m_event, u"North door"_s);
    QCOMPARE(first.status, 200);
    const CheckIn admitted = CheckIn::fromJson(first.json());
    QCOMPARE(admitted.eventId, m_event);
    QCOMPARE(admitted.eventName, u"Door Night"_s);
    QCOMPARE(admitted.ticket.holder, u"Erika Eintritt"_s);
    QCOMPARE(admitted.ticket.ticketId, booking[u"tickets"_s][0][u"id"_s].toInteger());
    QCOMPARE(admitted.ticket.row, booking[u"tickets"_s][0][u"row"_s].toString());
    QCOMPARE(admitted.ticket.seat, booking[u"tickets"_s][0][u"seat"_s].toInt());
    QCOMPARE(admitted.ticket.bookingCode, booking.value(u"code"_s).toString());
    QVERIFY(admitted.ticket.isCheckedIn());
    QVERIFY(admitted.count.admitted >= 1);
    QVERIFY(admitted.count.expected >= admitted.count.admitted + 1);
    // Again, at another door: when and where it went in.
    const HttpTestResponse second = scan(m_scanner, secrets[0], m_event, u"South door"_s);
    QCOMPARE(second.status, 409);
    QCOMPARE(second.errorCode(), "already_checked_in"_ba);
    const QJsonObject error = second.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"checked_in_by"_s).toString(), u"North door"_s);
    QVERIFY(
        QDateTime::fromString(error.value(u"checked_in_at"_s).toString(), Qt::ISODate).isValid());
    QVERIFY(error.value(u"message"_s).toString().contains(u"North door"_s));
    // The other ticket of the booking is its own: still good, typed by hand
    // in small letters with dashes.
    QString typed = secrets[1].toLower();
    typed.insert(5, u'-').insert(11, u' ');
    QCOMPARE(scan(m_scanner, typed, m_event).status, 200);
    // The count follows.
    QCOMPARE(
        CheckIn::fromJson(scan(m_clerk, secretsOf(sell(m_event, {m_tickets[m_next++]}))[0]).json())
            .count.admitted,
        admitted.count.admitted + 2);
}

void TestCheckIn::cancelledUnknownAndOtherEventsTicketsAreRefused()
{
    const QJsonObject booking = sell(m_event, m_tickets.mid(m_next, 2));
    m_next += 2;
    const QStringList secrets = secretsOf(booking);
    QCOMPARE(secrets.size(), 2);
    // One of the two tickets cancelled and refunded: its secret is void.
    auto c = m_stack->client(m_clerk);
    const qint64 cancelledId = booking[u"tickets"_s][0][u"id"_s].toInteger();
    QCOMPARE(c->post("/v1/bookings/" + QByteArray::number(booking.value(u"id"_s).toInteger()) +
                         "/cancel",
                     {{u"ticket_ids"_s, idArray({cancelledId})}})
                 .status,
             200);
    const HttpTestResponse cancelled = scan(m_scanner, secrets[0], m_event);
    QCOMPARE(cancelled.status, 409);
    QCOMPARE(cancelled.errorCode(), "ticket_cancelled"_ba);
    QCOMPARE(dbText(u"SELECT count(*) FROM checkins WHERE secret = '%1'"_s.arg(secrets[0])),
             u"0"_s);
    // Unknown: 404, in words a door can act on.
    const HttpTestResponse unknown = scan(m_scanner, u"ABCDEFGHJKLMNPQRSTUV"_s, m_event);
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.json()[u"error"_s][u"message"_s].toString().contains(u"not one of our"_s));
    // For another event than the door's: refused, naming the right one,
    // and still good at its own door.
    const QStringList other = secretsOf(sell(m_other, {m_stack->ticketIds(m_other).first()}));
    const HttpTestResponse wrong = scan(m_scanner, other[0], m_event);
    QCOMPARE(wrong.status, 409);
    QCOMPARE(wrong.errorCode(), "wrong_event"_ba);
    QVERIFY(wrong.json()[u"error"_s][u"message"_s].toString().contains(u"Other Night"_s));
    QCOMPARE(scan(m_scanner, other[0], m_other).status, 200);
    // The booking's other ticket is unaffected.
    QCOMPARE(scan(m_scanner, secrets[1], m_event).status, 200);
}

void TestCheckIn::onlyDoorsCheckInAndScannersSellNothing()
{
    const QStringList secrets = secretsOf(sell(m_event, m_tickets.mid(m_next, 3)));
    m_next += 3;
    QCOMPARE(secrets.size(), 3);
    const QByteArray customer = m_stack->registerCustomer(u"nosy@example.org"_s);
    const QByteArray kiosk = m_stack->createUser(u"kiosk@example.org"_s, Protocol::Role::Kiosk);
    const QByteArray admin = m_stack->createUser(u"boss@example.org"_s, Protocol::Role::Admin);
    QCOMPARE(scan(customer, secrets[0]).status, 403);
    QCOMPARE(scan(kiosk, secrets[0]).status, 403);
    QCOMPARE(scan({}, secrets[0]).status, 401);
    QCOMPARE(m_stack->client(customer)
                 ->get("/v1/event/" + QByteArray::number(m_event) + "/checkins")
                 .status,
             403);
    QCOMPARE(scan(admin, secrets[0]).status, 200);
    QCOMPARE(scan(m_clerk, secrets[1]).status, 200);
    QCOMPARE(scan(m_scanner, secrets[2]).status, 200);
    // A scanner holds and sells nothing.
    auto door = m_stack->client(m_scanner);
    const HttpTestResponse hold = door->post("/v1/event/" + QByteArray::number(m_event) + "/holds",
                                             {{u"ticket_ids"_s, idArray({m_tickets[m_next]})}});
    QCOMPARE(hold.status, 403);
    const HttpTestResponse booking =
        door->post("/v1/event/" + QByteArray::number(m_event) + "/bookings",
                   {{u"ticket_ids"_s, idArray({m_tickets[m_next]})}, {u"payment_details"_s, Cash}},
                   {{"Idempotency-Key", "scanner-sale"}});
    QCOMPARE(booking.status, 403);
    QCOMPARE(dbText(u"SELECT status FROM tickets WHERE id = %1"_s.arg(m_tickets[m_next])),
             u"available"_s);
}

void TestCheckIn::twoDoorsScanningAtOnceAdmitOnce()
{
    // Thirty tickets, each scanned at the same moment at two doors by real
    // concurrent clients: each admitted exactly once.
    constexpr int Tickets = 30;
    QStringList secrets;
    for (int sold = 0; sold < Tickets; sold += 10, m_next += 10)
        secrets += secretsOf(sell(m_event, m_tickets.mid(m_next, 10)));
    QCOMPARE(secrets.size(), Tickets);
    const quint16 port = m_stack->server().port();
    std::latch start(2 * Tickets);
    std::vector<int> statuses(2 * Tickets);
    std::vector<std::thread> doors;
    for (int i = 0; i < 2 * Tickets; ++i) {
        doors.emplace_back([&, i] {
            HttpTestClient client("127.0.0.1", port);
            client.setToken(m_scanner);
            CheckInScan s;
            s.secret = secrets[i / 2];
            s.eventId = m_event;
            s.device = i % 2 ? u"West"_s : u"East"_s;
            start.arrive_and_wait();
            statuses[size_t(i)] = client.post("/v1/checkin", s.toJson()).status;
        });
    }
    for (std::thread &door : doors)
        door.join();
    for (int t = 0; t < Tickets; ++t) {
        const int a = statuses[size_t(2 * t)];
        const int b = statuses[size_t(2 * t + 1)];
        QVERIFY2((a == 200 && b == 409) || (a == 409 && b == 200),
                 qPrintable(u"ticket %1: %2 and %3"_s.arg(t).arg(a).arg(b)));
    }
    QCOMPARE(dbText(u"SELECT count(*) FROM checkins WHERE secret IN ('%1')"_s.arg(
                 secrets.join(u"','"_s))),
             QString::number(Tickets));
}

void TestCheckIn::theDoorsListAndOfflineUpload()
{
    const qint64 event = m_stack->createEvent(u"Offline Night"_s, 2, 10);
    const QList<qint64> tickets = m_stack->ticketIds(event);
    const QJsonObject booking = sell(event, tickets.mid(0, 4), u"Olga Offline"_s);
    const QStringList secrets = secretsOf(booking);
    QCOMPARE(secrets.size(), 4);
    sell(event, {tickets[4]});
    // One admitted online before the network goes.
    QCOMPARE(scan(m_scanner, secrets[0], event, u"Gate 1"_s).status, 200);
    // One ticket cancelled: not on the list.
    auto c = m_stack->client(m_clerk);
    QCOMPARE(c->post("/v1/bookings/" + QByteArray::number(booking.value(u"id"_s).toInteger()) +
                         "/cancel",
                     {{u"ticket_ids"_s, idArray({booking[u"tickets"_s][3][u"id"_s].toInteger()})}})
                 .status,
             200);

    const HttpTestResponse listed =
        m_stack->client(m_scanner)->get("/v1/event/" + QByteArray::number(event) + "/checkins");
    QCOMPARE(listed.status, 200);
    const DoorList list = DoorList::fromJson(listed.json());
    QCOMPARE(list.eventName, u"Offline Night"_s);
    QCOMPARE(list.tickets.size(), 4); // 3 + 1, the cancelled one left out
    QCOMPARE(list.count.expected, 4);
    QCOMPARE(list.count.admitted, 1);
    QStringList listedSecrets;
    for (const DoorTicket &ticket : list.tickets) {
        listedSecrets.append(ticket.secret);
        if (ticket.secret == secrets[0]) {
            QVERIFY(ticket.isCheckedIn());
            QCOMPARE(ticket.checkedInBy, u"Gate 1"_s);
            QCOMPARE(ticket.holder, u"Olga Offline"_s);
        }
    }
    QVERIFY(!listedSecrets.contains(secrets[3]));

    // Offline, gate 2 let in ticket 1 and ticket 2; gate 3 also let in
    // ticket 2 (a copy) and tried the cancelled one. Uploaded in turn.
    const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(-60);
    const auto upload = [&](const QList<CheckInScan> &scans) {
        QJsonArray array;
        for (const CheckInScan &s : scans)
            array.append(s.toJson());
        return m_stack->client(m_scanner)->post(
            "/v1/event/" + QByteArray::number(event) + "/checkins", {{u"scans"_s, array}});
    };
    const QList<CheckInScan> gate2{{secrets[1], 0, u"Gate 2"_s, now},
                                   {secrets[2], 0, u"Gate 2"_s, now.addSecs(5)}};
    const HttpTestResponse first = upload(gate2);
    QCOMPARE(first.status, 200);
    const QJsonArray firstOutcomes = first.json().value(u"outcomes"_s).toArray();
    QCOMPARE(firstOutcomes.size(), 2);
    for (const QJsonValue &value : firstOutcomes) {
        const ScanOutcome outcome = ScanOutcome::fromJson(value.toObject());
        QCOMPARE(outcome.result, u"admitted"_s);
        QVERIFY(!outcome.conflict);
    }
    // When the door scanned, not when it uploaded.
    QCOMPARE(ScanOutcome::fromJson(firstOutcomes[0].toObject()).checkedInAt.toSecsSinceEpoch(),
             now.toSecsSinceEpoch());
    // The same upload again (its answer was lost): nothing new, no conflict.
    const QJsonArray replayed = upload(gate2).json().value(u"outcomes"_s).toArray();
    QCOMPARE(ScanOutcome::fromJson(replayed[0].toObject()).result, u"admitted"_s);
    QVERIFY(!ScanOutcome::fromJson(replayed[0].toObject()).conflict);

    const HttpTestResponse second =
        upload({{secrets[2], 0, u"Gate 3"_s, now.addSecs(7)}, {secrets[3], 0, u"Gate 3"_s, now}});
    const QJsonArray outcomes = second.json().value(u"outcomes"_s).toArray();
    const ScanOutcome copy = ScanOutcome::fromJson(outcomes[0].toObject());
    QCOMPARE(copy.result, u"already_checked_in"_s);
    QVERIFY(copy.conflict);
    QCOMPARE(copy.device, u"Gate 2"_s);
    const ScanOutcome voided = ScanOutcome::fromJson(outcomes[1].toObject());
    QCOMPARE(voided.result, u"ticket_cancelled"_s);
    QVERIFY(!voided.conflict);
    // Recorded for the venue; the ticket counted once.
    QCOMPARE(dbText(u"SELECT device FROM checkin_conflicts WHERE secret = '%1'"_s.arg(secrets[2])),
             u"Gate 3"_s);
    QCOMPARE(dbText(u"SELECT count(*) FROM checkins WHERE event_id = %1"_s.arg(event)), u"3"_s);
}

void TestCheckIn::badScansAreClearErrors()
{
    auto door = m_stack->client(m_scanner);
    const HttpTestResponse empty = door->post("/v1/checkin", {{u"secret"_s, u"  "_s}});
    QCOMPARE(empty.status, 400);
    QCOMPARE(empty.errorCode(), "invalid_field"_ba);
    QCOMPARE(door->post("/v1/checkin", {{u"secret"_s, 42}}).status, 400);
    QCOMPARE(door->post("/v1/checkin", {{u"secret"_s, QString(100, u'A')}}).status, 400);
    QCOMPARE(door->post("/v1/checkin", {{u"secret"_s, u"ABC"_s}, {u"event_id"_s, u"x"_s}}).status,
             400);
    QCOMPARE(door->post("/v1/event/" + QByteArray::number(m_event) + "/checkins",
                        {{u"scans"_s, u"none"_s}})
                 .status,
             400);
    // And it keeps serving.
    QCOMPARE(door->get("/healthz").status, 200);
}

QTEST_MAIN(TestCheckIn)
#include "tst_checkin.moc"
