// Money and seats move together (DESIGN.md invariant 10), against a real
// server, Postgres and Redis: a sale authorizes, commits, then captures; any
// failure after authorizing voids; refunds are made after the cancellation
// commits, once; every provider call is in the payment ledger; the sweeper's
// reconciler finishes what a crash left unfinished. Commits are made to fail
// with deferred constraint triggers in the test's own database. The main
// server plays the sandbox card as an outside provider (--card-sandbox
// remote), so card sales take that path; a second server on the same
// database and Redis settles it in-process, as the server does by default,
// where a sale's payment is recorded once, in its own transaction.
#include "TestStack.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QtTest>
#include <latch>
#include <pqxx/pqxx>
#include <thread>

using namespace Qt::StringLiterals;

namespace {
const QJsonObject ApprovedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_approve"_s}};
const QJsonObject DeclinedCard{{u"method"_s, u"card"_s},
                               {u"card_token"_s, u"tok_sandbox_decline"_s}};

QJsonArray ids(const QList<qint64> &list)
{
    QJsonArray array;
    for (qint64 id : list)
        array.append(id);
    return array;
}

std::string str(qint64 value)
{
    return std::to_string(value);
}

// Fails a transaction at COMMIT (a deferred constraint trigger) when a
// booking row carries the marker name: for sales, on insert; for
// cancellations, when its status changes.
const char *FailingCommitTriggers = R"SQL(
CREATE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.customer_name = 'Fail Sale' THEN
        RAISE EXCEPTION 'test: this sale may not commit';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.customer_name = 'Fail Cancel' AND NEW.status <> 'confirmed' THEN
        RAISE EXCEPTION 'test: this cancellation may not commit';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT OR UPDATE ON bookings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit();
)SQL";
} // namespace

class TestPayments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cardSaleIsAuthorizedThenCaptured();
    void cashSaleIsAuthorizedThenCaptured();
    void failedCommitVoidsTheAuthorization();
    void declinedCardNeedsNoVoid();
    void failedCancelCommitRefundsNothing();
    void concurrentCancelsRefundOnce();
    void reconcilerVoidsAbandonedAuthorization();
    void reconcilerCapturesUnrecordedCapture();
    void reconcilerRetriesPendingRefund();
    void inProcessSaleIsRecordedOnceWithTheBooking();
    void inProcessDeclineIsTheKeysAnswer();
    void inProcessFailedCommitLeavesNoPayment();

private:
    HttpTestResponse book(const QByteArray &token, const QList<qint64> &seats,
                          const QJsonObject &payment, const QString &customerName = {},
                          const QByteArray &key = TestStack::idempotencyKey());
    // The same, through the server that settles the sandbox card in-process.
    HttpTestResponse bookInProcess(const QByteArray &token, const QList<qint64> &seats,
                                   const QJsonObject &payment, const QString &customerName = {},
                                   const QByteArray &key = TestStack::idempotencyKey());
    HttpTestResponse bookOn(const TestServer &server, const QByteArray &token,
                            const QList<qint64> &seats, const QJsonObject &payment,
                            const QString &customerName, const QByteArray &key);
    HttpTestResponse cancel(const QByteArray &token, qint64 bookingId);
    QList<qint64> freeTickets(int count);
    void execute(const std::string &sql);
    qint64 scalar(const std::string &sql) { return m_stack->db().scalar(sql); }
    // Ledger rows written since init(), of one operation, in a status.
    qint64 calls(const char *operation, const char *status = nullptr);
    qint64 available(const QList<qint64> &seats);

    std::unique_ptr<TestStack> m_stack;
    std::unique_ptr<TestServer> m_inProcess;
    qint64 m_event = 0;
    QList<qint64> m_tickets;
    qsizetype m_nextTicket = 0;
    QByteArray m_alice, m_clerk;
    qint64 m_ledgerBefore = 0; // the last ledger row before the test
};

void TestPayments::initTestCase()
{
    // A short reconciliation window so the reconciler's tests finish fast;
    // the sales of the other tests are still safe with it (a booking
    // transaction takes its authorization under a row lock).
    m_stack = std::make_unique<TestStack>(u"payments"_s,
                                          QStringList{u"--payment-reconcile-seconds"_s, u"1"_s,
                                                      u"--sweep-interval-ms"_s, u"100"_s,
                                                      u"--card-sandbox"_s, u"remote"_s});
    QVERIFY(m_stack->start());
    m_inProcess = std::make_unique<TestServer>(m_stack->db(), m_stack->redis());
    QVERIFY(m_inProcess->start());
    m_event = m_stack->createEvent(u"Payments Night"_s, 10, 20, 4500);
    m_tickets = m_stack->ticketIds(m_event);
    m_alice = m_stack->registerCustomer(u"alice@example.org"_s, u"Alice Adler"_s);
    m_clerk = m_stack->createUser(u"clerk@venue.example"_s, Protocol::Role::Clerk);
    // Cash goes into a till: the clerk's shift is open.
    QVERIFY(m_stack->openShift(m_clerk) > 0);
    QVERIFY(!m_alice.isEmpty() && !m_clerk.isEmpty());
    execute(FailingCommitTriggers);
}

void TestPayments::init()
{
    m_ledgerBefore = scalar("SELECT coalesce(max(id), 0) FROM payment_ledger");
}

QList<qint64> TestPayments::freeTickets(int count)
{
    QList<qint64> out = m_tickets.mid(m_nextTicket, count);
    m_nextTicket += count;
    return out;
}

HttpTestResponse TestPayments::book(const QByteArray &token, const QList<qint64> &seats,
                                    const QJsonObject &payment, const QString &customerName,
                                    const QByteArray &key)
{
    return bookOn(m_stack->server(), token, seats, payment, customerName, key);
}

HttpTestResponse TestPayments::bookInProcess(const QByteArray &token, const QList<qint64> &seats,
                                             const QJsonObject &payment,
                                             const QString &customerName, const QByteArray &key)
{
    return bookOn(*m_inProcess, token, seats, payment, customerName, key);
}

HttpTestResponse TestPayments::bookOn(const TestServer &server, const QByteArray &token,
                                      const QList<qint64> &seats, const QJsonObject &payment,
                                      const QString &customerName, const QByteArray &key)
{
    QJsonObject body{{u"ticket_ids"_s, ids(seats)}, {u"payment_details"_s, payment}};
    if (!customerName.isEmpty())
        body.insert(u"customer_name"_s, customerName);
    return server.client(token)->post("/v1/event/" + QByteArray::number(m_event) + "/bookings",
                                      body, {{"Idempotency-Key", key}});
}

HttpTestResponse TestPayments::cancel(const QByteArray &token, qint64 bookingId)
{
    return m_stack->client(token)->post("/v1/bookings/" + QByteArray::number(bookingId) + "/cancel",
                                        {});
}

void TestPayments::execute(const std::string &sql)
{
    pqxx::connection connection(m_stack->db().conninfo());
    pqxx::nontransaction tx(connection);
    tx.exec(sql);
}

qint64 TestPayments::calls(const char *operation, const char *status)
{
    std::string sql = "SELECT count(*) FROM payment_ledger WHERE id > " + str(m_ledgerBefore) +
                      " AND operation = '" + operation + "'";
    if (status)
        sql += std::string(" AND status = '") + status + "'";
    return scalar(sql);
}

qint64 TestPayments::available(const QList<qint64> &seats)
{
    QStringList list;
    for (qint64 id : seats)
        list.append(QString::number(id));
    return scalar("SELECT count(*) FROM tickets WHERE status = 'available' AND id IN (" +
                  list.join(u',').toStdString() + ")");
}

void TestPayments::cardSaleIsAuthorizedThenCaptured()
{
    const QList<qint64> seats = freeTickets(2);
    const QByteArray key = TestStack::idempotencyKey();
    const HttpTestResponse sale = book(m_alice, seats, ApprovedCard, {}, key);
    QCOMPARE(sale.status, 201);
    const std::string booking = str(sale.json().value(u"id"_s).toInteger());
    const QString reference =
        sale.json().value(u"payment"_s).toObject().value(u"reference"_s).toString();
    QVERIFY(!reference.isEmpty());

    // Authorized for the seats' price, captured after the commit, for this
    // booking; nothing voided.
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'authorize' "
                    "AND status = 'succeeded' AND amount_cents = 9000 AND booking_id = " +
                    booking + " AND reference = '" + reference.toStdString() + "'"),
             1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger c JOIN payment_ledger a "
                    "ON a.id = c.authorization_id WHERE c.operation = 'capture' "
                    "AND c.status = 'succeeded' AND c.amount_cents = 9000 AND c.reference <> '' "
                    "AND c.booking_id = " +
                    booking + " AND a.booking_id = " + booking + " AND c.id > a.id"),
             1);
    QCOMPARE(calls("void"), 0);
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(calls("capture"), 1);

    // A replay answers from the stored booking: no second authorization.
    const HttpTestResponse replay = book(m_alice, seats, ApprovedCard, {}, key);
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.headers.value("idempotent-replayed"), "true"_ba);
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(calls("capture"), 1);
}

void TestPayments::cashSaleIsAuthorizedThenCaptured()
{
    const QList<qint64> seats = freeTickets(1);
    const HttpTestResponse sale =
        book(m_clerk, seats, {{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 5000}});
    QCOMPARE(sale.status, 201);
    QCOMPARE(sale.json().value(u"payment"_s).toObject().value(u"change_due"_s).toInteger(), 500);
    QCOMPARE(calls("authorize", "succeeded"), 1);
    QCOMPARE(calls("capture", "succeeded"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE id > " + str(m_ledgerBefore) +
                    " AND method = 'cash' AND amount_cents = 4500"),
             2);

    // Too little cash is refused at authorization, as before.
    const HttpTestResponse short_ =
        book(m_clerk, freeTickets(1), {{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 100}});
    QCOMPARE(short_.status, 402);
    QCOMPARE(short_.errorCode(), "insufficient_cash"_ba);
    QCOMPARE(calls("capture"), 1);
}

void TestPayments::failedCommitVoidsTheAuthorization()
{
    const QList<qint64> seats = freeTickets(2);
    const QByteArray key = TestStack::idempotencyKey();
    const HttpTestResponse failed = book(m_alice, seats, ApprovedCard, u"Fail Sale"_s, key);
    QVERIFY2(failed.status >= 500, failed.body.constData());
    QVERIFY(!failed.errorCode().isEmpty());

    // No booking, the seats still on sale, the authorization voided and
    // nothing captured.
    QCOMPARE(scalar("SELECT count(*) FROM bookings WHERE customer_name = 'Fail Sale'"), 0);
    QCOMPARE(available(seats), 2);
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE id > " + str(m_ledgerBefore) +
                    " AND operation = 'authorize' AND status = 'succeeded' "
                    "AND booking_id IS NULL AND released_at IS NOT NULL"),
             1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger v JOIN payment_ledger a "
                    "ON a.id = v.authorization_id WHERE v.id > " +
                    str(m_ledgerBefore) +
                    " AND v.operation = 'void' AND v.status = 'succeeded' "
                    "AND v.reference = a.reference"),
             1);
    QCOMPARE(calls("capture"), 0);

    // A retry with the same key, once the commit can succeed, sells with a
    // new authorization (the voided one is never captured).
    execute("DROP TRIGGER test_fail_commit ON bookings");
    const HttpTestResponse retried = book(m_alice, seats, ApprovedCard, u"Fail Sale"_s, key);
    execute("CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT OR UPDATE ON bookings "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit()");
    QCOMPARE(retried.status, 201);
    QCOMPARE(calls("authorize"), 2);
    QCOMPARE(calls("capture", "succeeded"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger c JOIN payment_ledger a "
                    "ON a.id = c.authorization_id WHERE c.operation = 'capture' "
                    "AND a.released_at IS NOT NULL"),
             0);
    QCOMPARE(available(seats), 0);
}

void TestPayments::declinedCardNeedsNoVoid()
{
    const QList<qint64> seats = freeTickets(1);
    const HttpTestResponse declined = book(m_alice, seats, DeclinedCard);
    QCOMPARE(declined.status, 402);
    QCOMPARE(declined.errorCode(), "card_declined"_ba);
    QCOMPARE(calls("authorize", "declined"), 1);
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(calls("capture"), 0);
    QCOMPARE(calls("void"), 0);
    QCOMPARE(available(seats), 1);
}

void TestPayments::failedCancelCommitRefundsNothing()
{
    const HttpTestResponse sale = book(m_alice, freeTickets(2), ApprovedCard, u"Fail Cancel"_s);
    QCOMPARE(sale.status, 201);
    const qint64 id = sale.json().value(u"id"_s).toInteger();

    const HttpTestResponse failed = cancel(m_alice, id);
    QVERIFY2(failed.status >= 500, failed.body.constData());
    QVERIFY(!failed.errorCode().isEmpty());
    // Nothing refunded, nothing cancelled.
    QCOMPARE(calls("refund"), 0);
    QCOMPARE(scalar("SELECT count(*) FROM refunds WHERE booking_id = " + str(id)), 0);
    QCOMPARE(scalar("SELECT count(*) FROM bookings WHERE status = 'confirmed' AND id = " + str(id)),
             1);
    QCOMPARE(
        scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " + str(id)),
        2);

    // The retry, once the commit can succeed, refunds once.
    execute("UPDATE bookings SET customer_name = 'Alice' WHERE id = " + str(id));
    const HttpTestResponse cancelled = cancel(m_alice, id);
    QCOMPARE(cancelled.status, 200);
    const QJsonObject refund = cancelled.json().value(u"refund"_s).toObject();
    QCOMPARE(refund.value(u"amount"_s).toInteger(), 9000);
    QVERIFY(!refund.value(u"reference"_s).toString().isEmpty());
    QCOMPARE(calls("refund"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'refund' "
                    "AND status = 'succeeded' AND amount_cents = 9000 AND reference = '" +
                    refund.value(u"reference"_s).toString().toStdString() +
                    "' AND booking_id = " + str(id)),
             1);
    QCOMPARE(
        scalar("SELECT count(*) FROM refunds WHERE status = 'done' AND booking_id = " + str(id)),
        1);
    QCOMPARE(cancel(m_alice, id).errorCode(), "already_cancelled"_ba);
    QCOMPARE(calls("refund"), 1);
}

void TestPayments::concurrentCancelsRefundOnce()
{
    constexpr int Bookings = 3;
    constexpr int Clients = 4;
    for (int b = 0; b < Bookings; ++b) {
        const HttpTestResponse sale = book(m_alice, freeTickets(1), ApprovedCard);
        QCOMPARE(sale.status, 201);
        const qint64 id = sale.json().value(u"id"_s).toInteger();
        const qint64 before = calls("refund");

        // Real concurrent HTTP clients, each on its own connection, let go
        // at once.
        std::vector<std::unique_ptr<HttpTestClient>> clients;
        for (int c = 0; c < Clients; ++c) {
            clients.push_back(m_stack->client(m_alice));
            QCOMPARE(clients.back()->get("/v1/bookings/" + QByteArray::number(id)).status, 200);
        }
        std::latch start(Clients);
        std::vector<int> statuses(Clients);
        std::vector<std::thread> threads;
        for (int c = 0; c < Clients; ++c) {
            threads.emplace_back([&, c] {
                start.arrive_and_wait();
                statuses[static_cast<size_t>(c)] =
                    clients[static_cast<size_t>(c)]
                        ->post("/v1/bookings/" + QByteArray::number(id) + "/cancel", {})
                        .status;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(std::count(statuses.begin(), statuses.end(), 200), 1);
        QCOMPARE(std::count(statuses.begin(), statuses.end(), 409), Clients - 1);
        QCOMPARE(calls("refund") - before, 1);
        QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'refund' "
                        "AND status = 'succeeded' AND booking_id = " +
                        str(id)),
                 1);
    }
}

void TestPayments::reconcilerVoidsAbandonedAuthorization()
{
    // What a crash right after the provider approved leaves behind: an
    // authorization's intent, no outcome, no booking.
    const QByteArray key = "b:crashed-sale/1";
    execute("INSERT INTO payment_ledger (operation, method, amount_cents, idempotency_key, "
            "sale_key, attempt) VALUES ('authorize', 'card', 4500, '" +
            key.toStdString() + "', 'b:crashed-sale', 1)");
    const std::string authorization = "(SELECT id FROM payment_ledger WHERE sale_key = "
                                      "'b:crashed-sale')";
    // The provider finds the authorization by the key it was made with.
    const std::string expected =
        "sbx_" +
        QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(24).toStdString();
    QTRY_COMPARE_WITH_TIMEOUT(scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'void' "
                                     "AND status = 'succeeded' AND reference = '" +
                                     expected + "' AND authorization_id = " + authorization),
                              1, 20000);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE released_at IS NOT NULL "
                    "AND status = 'failed' AND id = " +
                    authorization),
             1);
    QCOMPARE(calls("capture"), 0);
}

void TestPayments::reconcilerCapturesUnrecordedCapture()
{
    const HttpTestResponse sale = book(m_alice, freeTickets(1), ApprovedCard);
    QCOMPARE(sale.status, 201);
    const std::string id = str(sale.json().value(u"id"_s).toInteger());
    const std::string reference =
        "(SELECT reference FROM payment_ledger WHERE operation = 'capture' AND booking_id = " + id +
        ")";
    const qint64 capturedBefore = scalar("SELECT count(*) FROM payment_ledger WHERE operation = "
                                         "'capture' AND reference IS NOT NULL AND booking_id = " +
                                         id);
    QCOMPARE(capturedBefore, 1);
    // What a crash between the commit and the capture leaves behind: the
    // capture's intent, committed with the booking, and no outcome.
    execute("UPDATE payment_ledger SET status = 'started', reference = NULL "
            "WHERE operation = 'capture' AND booking_id = " +
            id);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar("SELECT count(*) FROM payment_ledger WHERE operation = 'capture' "
               "AND status = 'succeeded' AND reference IS NOT NULL AND booking_id = " +
               id),
        1, 20000);
    // Captured again with the sale's own key: one capture at the provider.
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger c JOIN payment_ledger a "
                    "ON a.id = c.authorization_id WHERE c.operation = 'capture' "
                    "AND c.idempotency_key = a.idempotency_key || '/capture' AND c.booking_id = " +
                    id),
             1);
    QVERIFY(scalar("SELECT length(" + reference + ")") > 0);
    QCOMPARE(calls("void"), 0);
}

void TestPayments::reconcilerRetriesPendingRefund()
{
    const HttpTestResponse sale = book(m_alice, freeTickets(1), ApprovedCard);
    QCOMPARE(sale.status, 201);
    const qint64 id = sale.json().value(u"id"_s).toInteger();
    QCOMPARE(cancel(m_alice, id).status, 200);
    // What a crash between the cancellation's commit and the refund leaves.
    execute("UPDATE payment_ledger SET status = 'started', reference = NULL "
            "WHERE operation = 'refund' AND booking_id = " +
            str(id));
    execute("UPDATE refunds SET status = 'pending', payment_reference = '' WHERE booking_id = " +
            str(id));
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar("SELECT count(*) FROM refunds r JOIN payment_ledger l ON l.refund_id = r.id "
               "WHERE r.status = 'done' AND l.status = 'succeeded' "
               "AND r.payment_reference = l.reference AND l.idempotency_key = 'refund/' || r.id "
               "AND r.booking_id = " +
               str(id)),
        1, 20000);
    QCOMPARE(calls("refund"), 1);
}

void TestPayments::inProcessSaleIsRecordedOnceWithTheBooking()
{
    const QList<qint64> seats = freeTickets(2);
    const QByteArray key = TestStack::idempotencyKey();
    const HttpTestResponse sale = bookInProcess(m_alice, seats, ApprovedCard, {}, key);
    QCOMPARE(sale.status, 201);
    const std::string booking = str(sale.json().value(u"id"_s).toInteger());
    const QString reference =
        sale.json().value(u"payment"_s).toObject().value(u"reference"_s).toString();
    QVERIFY(reference.startsWith(u"sbx_"_s));

    // One authorization and one capture, both succeeded, for this booking,
    // the capture on the authorization; nothing voided.
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(calls("capture"), 1);
    QCOMPARE(calls("void"), 0);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger a JOIN payment_ledger c "
                    "ON c.authorization_id = a.id WHERE a.operation = 'authorize' "
                    "AND a.status = 'succeeded' AND a.amount_cents = 9000 "
                    "AND a.released_at IS NULL AND a.reference = '" +
                    reference.toStdString() + "' AND a.booking_id = " + booking +
                    " AND c.operation = 'capture' AND c.status = 'succeeded' "
                    "AND c.amount_cents = 9000 AND c.reference LIKE 'sbx_capture_%' "
                    "AND c.booking_id = " +
                    booking),
             1);
    // Written once, by the sale's own transaction: the rows are the very
    // versions that transaction inserted (an update makes a new version
    // with another xmin), and the booking row carries the same xmin.
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger l, bookings b WHERE b.id = " + booking +
                    " AND l.booking_id = b.id AND l.xmin = b.xmin AND l.updated_at = "
                    "l.created_at"),
             2);

    // A replay answers from the stored booking and records nothing more.
    const HttpTestResponse replay = bookInProcess(m_alice, seats, ApprovedCard, {}, key);
    QCOMPARE(replay.status, 201);
    QCOMPARE(replay.headers.value("idempotent-replayed"), "true"_ba);
    QCOMPARE(replay.json(), sale.json());
    QCOMPARE(calls("authorize"), 1);
    QCOMPARE(calls("capture"), 1);

    // Its refund is made from the recorded capture, like any other.
    QCOMPARE(cancel(m_alice, sale.json().value(u"id"_s).toInteger()).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        scalar("SELECT count(*) FROM payment_ledger r JOIN refunds f ON f.id = r.refund_id "
               "WHERE r.operation = 'refund' AND r.status = 'succeeded' AND r.amount_cents = "
               "9000 AND r.booking_id = " +
               booking),
        1, 10000);
    QCOMPARE(available(seats), 2);
}

void TestPayments::inProcessDeclineIsTheKeysAnswer()
{
    const QList<qint64> seats = freeTickets(1);
    const QByteArray key = TestStack::idempotencyKey();
    const HttpTestResponse declined = bookInProcess(m_alice, seats, DeclinedCard, {}, key);
    QCOMPARE(declined.status, 402);
    QCOMPARE(declined.errorCode(), "card_declined"_ba);
    // The decline's one record, released; nothing captured, the seat free.
    QCOMPARE(calls("authorize", "declined"), 1);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE id > " + str(m_ledgerBefore) +
                    " AND released_at IS NOT NULL AND amount_cents = 4500 "
                    "AND booking_id IS NULL"),
             1);
    QCOMPARE(calls("capture"), 0);
    QCOMPARE(available(seats), 1);

    // The same request again gets the same answer and asks nobody again.
    const HttpTestResponse replay = bookInProcess(m_alice, seats, DeclinedCard, {}, key);
    QCOMPARE(replay.status, 402);
    QCOMPARE(replay.body, declined.body);
    QCOMPARE(calls("authorize"), 1);

    // Too little cash is declined the same way, at the price of the seats.
    const HttpTestResponse shortCash = bookInProcess(
        m_clerk, freeTickets(1), {{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 4499}});
    QCOMPARE(shortCash.status, 402);
    QCOMPARE(shortCash.errorCode(), "insufficient_cash"_ba);
    QVERIFY(shortCash.body.contains("4500"));
    QCOMPARE(calls("capture"), 0);
}

void TestPayments::inProcessFailedCommitLeavesNoPayment()
{
    const QList<qint64> seats = freeTickets(2);
    const QByteArray key = TestStack::idempotencyKey();
    const qint64 bookingsBefore = scalar("SELECT count(*) FROM bookings");
    const HttpTestResponse failed =
        bookInProcess(m_alice, seats, ApprovedCard, u"Fail Sale"_s, key);
    QVERIFY2(failed.status >= 500, failed.body.constData());
    // The provider's answer was never anything but a pure function: with
    // the transaction gone, no authorization exists anywhere to void.
    QCOMPARE(scalar("SELECT count(*) FROM bookings"), bookingsBefore);
    QCOMPARE(available(seats), 2);
    QCOMPARE(scalar("SELECT count(*) FROM payment_ledger WHERE id > " + str(m_ledgerBefore)), 0);

    // A retry with the same key sells, recorded once.
    execute("DROP TRIGGER test_fail_commit ON bookings");
    const HttpTestResponse retried =
        bookInProcess(m_alice, seats, ApprovedCard, u"Fail Sale"_s, key);
    execute("CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT OR UPDATE ON bookings "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit()");
    QCOMPARE(retried.status, 201);
    QCOMPARE(calls("authorize", "succeeded"), 1);
    QCOMPARE(calls("capture", "succeeded"), 1);
    QCOMPARE(calls("void"), 0);
    QCOMPARE(available(seats), 0);
}

QTEST_GUILESS_MAIN(TestPayments)
#include "tst_payments.moc"
