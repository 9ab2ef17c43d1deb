// The door's scanner (boxoffice --scan) through its widgets, against the
// real server: a code and Enter as a USB barcode scanner types them, a green
// or red answer with the seat, the count of admitted of expected; offline it
// admits from the event's list, refuses a second scan, and uploads when the
// server is back, reporting a ticket another door had admitted meanwhile.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "DoorScanner.h"
#include "ScannerWindow.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUuid>

using namespace Qt::StringLiterals;

class TestScannerUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scansAdmitOnceWithTheSeat();
    void offlineDoorAdmitsFromItsListAndUploads();
    void cleanupTestCase();

private:
    void scanCode(const QString &code);
    QString answer() const;

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<ScannerWindow> m_window;
    qint64 m_event = 0;
    QStringList m_secrets;
};

void TestScannerUi::initTestCase()
{
    auto *english = new QTranslator(this);
    QVERIFY(english->load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(english);
    m_stack = std::make_unique<TestStack>(u"scanner_ui"_s);
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(u"Door Concert"_s, 3, 10);
    const QList<qint64> tickets = m_stack->ticketIds(m_event);
    const QByteArray clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    QVERIFY(m_stack->openShift(clerk) > 0);
    QJsonArray ids;
    for (int i = 0; i < 4; ++i)
        ids.append(tickets[i]);
    const HttpTestResponse sold = m_stack->client(clerk)->post(
        "/v1/event/" + QByteArray::number(m_event) + "/bookings",
        {{u"ticket_ids"_s, ids},
         {u"payment_details"_s,
          QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 100000}}},
         {u"customer_name"_s, u"Greta Gate"_s}},
        {{"Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
    QCOMPARE(sold.status, 201);
    for (const QJsonValue &ticket : sold.json().value(u"tickets"_s).toArray())
        m_secrets.append(ticket[u"secret"_s].toString());
    QCOMPARE(m_secrets.size(), 4);

    m_session = signedInSession(*m_stack, m_dir.filePath(u"door.sqlite"_s), u"door@example.org"_s,
                                Protocol::Role::Scanner, Clock::system());
    QVERIFY(m_session);
    m_session->sync().setReconnectDelays(200, 400);
    m_session->sync().start();
    QTRY_VERIFY_WITH_TIMEOUT(m_session->mirror().event(m_event).has_value(), 10000);
    m_window = std::make_unique<ScannerWindow>(*m_session);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->findChild<QLineEdit *>(u"scanDoor"_s)->setText(u"North door"_s);
    m_window->chooseEvent(m_event);
    auto *count = m_window->findChild<QLabel *>(u"scanCount"_s);
    QTRY_COMPARE_WITH_TIMEOUT(count->text(), u"0 of 4 admitted"_s, 10000);
}

void TestScannerUi::scanCode(const QString &code)
{
    auto *field = m_window->findChild<QLineEdit *>(u"scanCode"_s);
    QVERIFY(field->hasFocus());
    m_window->findChild<QLabel *>(u"scanAnswer"_s)->clear();
    // What a barcode scanner in keyboard mode does: the characters, then Enter.
    QTest::keyClicks(field, code);
    QTest::keyClick(field, Qt::Key_Return);
    QVERIFY(field->text().isEmpty()); // ready for the next ticket
}

QString TestScannerUi::answer() const
{
    return m_window->findChild<QLabel *>(u"scanAnswer"_s)->text();
}

void TestScannerUi::scansAdmitOnceWithTheSeat()
{
    auto *answerLabel = m_window->findChild<QLabel *>(u"scanAnswer"_s);
    auto *detail = m_window->findChild<QLabel *>(u"scanDetail"_s);
    scanCode(m_secrets[0]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Admitted"_s, 10000);
    QVERIFY(answerLabel->property("admitted").toBool());
    QCOMPARE(answerLabel->palette().color(QPalette::Window), QColor(u"#2e7d32"_s));
    QVERIFY2(detail->text().contains(u"Row"_s) && detail->text().contains(u"Greta Gate"_s),
             qPrintable(detail->text()));
    QTRY_COMPARE(m_window->findChild<QLabel *>(u"scanCount"_s)->text(), u"1 of 4 admitted"_s);
    // The same ticket again: red, with when and where it went in.
    scanCode(m_secrets[0]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Already checked in"_s, 10000);
    QVERIFY(!answerLabel->property("admitted").toBool());
    QCOMPARE(answerLabel->palette().color(QPalette::Window), QColor(u"#c62828"_s));
    QVERIFY(detail->text().contains(u"North door"_s));
    // A code that is no ticket.
    scanCode(u"NOTATICKET"_s);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Unknown ticket"_s, 10000);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM checkins"), 1);
}

void TestScannerUi::offlineDoorAdmitsFromItsListAndUploads()
{
    QCOMPARE(m_stack->server().terminate(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_session->sync().isOnline(), 10000);
    auto *status = m_window->findChild<QLabel *>(u"scanStatus"_s);
    QTRY_VERIFY(status->text().contains(u"Offline"_s));
    // Meanwhile another door, still online elsewhere, admits ticket 3.
    QCOMPARE(m_stack->db().scalar(
                 "WITH i AS (INSERT INTO checkins (secret, booking_id, ticket_id, event_id, "
                 "user_id, device, scanned_at) SELECT bt.secret, bt.booking_id, bt.ticket_id, "
                 "b.event_id, b.user_id, 'East gate', now() FROM booking_tickets bt JOIN "
                 "bookings b ON b.id = bt.booking_id WHERE bt.secret = '" +
                 m_secrets[2].toStdString() + "' RETURNING 1) SELECT count(*) FROM i"),
             1);

    // Offline: admitted from the list, recorded to upload.
    scanCode(m_secrets[1]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Admitted (offline)"_s, 5000);
    QTRY_VERIFY(status->text().contains(u"1 scan to upload"_s));
    QCOMPARE(m_window->findChild<QLabel *>(u"scanCount"_s)->text(), u"2 of 4 admitted"_s);
    // A copy of it, still offline: refused.
    scanCode(m_secrets[1]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Already checked in (offline)"_s, 5000);
    // The ticket the other door took: this door cannot know, and lets it in.
    scanCode(m_secrets[2]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Admitted (offline)"_s, 5000);
    QTRY_VERIFY(status->text().contains(u"2 scans to upload"_s));
    // The one admitted online before the outage is refused from the list too.
    scanCode(m_secrets[0]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Already checked in (offline)"_s, 5000);

    // The server is back (on a new port): the scans go up, the conflict
    // comes back, and nothing is admitted twice.
    QVERIFY(m_stack->server().start());
    m_session->api().setServerUrl(serverUrl(*m_stack));
    QTRY_VERIFY_WITH_TIMEOUT(m_session->sync().isOnline(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->scanner().pendingUploads(), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->scanner().conflicts().size(), 1, 10000);
    QCOMPARE(m_window->scanner().conflicts().first().secret, m_secrets[2]);
    QCOMPARE(m_window->scanner().conflicts().first().device, u"East gate"_s);
    QTRY_VERIFY(status->text().contains(u"another door"_s));
    QCOMPARE(m_stack->db().text("SELECT device || '/' || offline FROM checkins WHERE secret = '" +
                                m_secrets[1].toStdString() + "'"),
             u"North door/true"_s);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM checkins"), 3);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM checkin_conflicts"), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->findChild<QLabel *>(u"scanCount"_s)->text(),
                              u"3 of 4 admitted"_s, 10000);
    // Online again: the last ticket the usual way.
    scanCode(m_secrets[3]);
    QTRY_COMPARE_WITH_TIMEOUT(answer(), u"Admitted"_s, 10000);
}

void TestScannerUi::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

QTEST_MAIN(TestScannerUi)
#include "tst_scanner_ui.moc"
