// The reports window (Administration → Reports…) through its widgets,
// against the real server: an admin's counter has the menu, the window shows
// a range's sales per event and day with the selected row's price categories
// and the totals, loads without blocking, and exports the server's CSV to
// the file asked for; a clerk's counter has no such menu.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "ErrorMessages.h"
#include "Money.h"
#include "ReportsWindow.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {
const QString EventName = u"Comma, \"Quoted\" Concert"_s;
const QDate SaleDay(2026, 3, 10);
} // namespace

class TestReportsUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void adminsOpenReportsFromTheMenu();
    void theSalesOfARangeWithTotalsAndCategories();
    void exportSavesTheServersCsv();
    void exportSavesTheShiftClosingsToo();
    void aBadRangeIsSaidWithoutAsking();
    void clerksHaveNoAdministrationMenu();
    void serverErrorsInTheClientsWords();

private:
    // Exports the tab's report through the window; the file's bytes.
    QByteArray exportTab(int tab, const QString &fileName);
    QString cell(QTableWidget *table, int row, int column) const
    {
        const QTableWidgetItem *item = table->item(row, column);
        return item ? item->text() : u"<none>"_s;
    }

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    QByteArray m_adminToken;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<CounterWindow> m_window;
    ReportsWindow *m_reports = nullptr;
    qint64 m_event = 0;
};

void TestReportsUi::initTestCase()
{
    auto *english = new QTranslator(this);
    QVERIFY(english->load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(english);
    m_stack = std::make_unique<TestStack>(u"reports_ui"_s);
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(EventName, 2, 10, 2500);
    const QList<qint64> tickets = m_stack->ticketIds(m_event);
    const QByteArray clerk = m_stack->createUser(u"clerk@example.org"_s, Protocol::Role::Clerk);
    // The clerk's shift at "Kasse 3" with a float of 50.00. Cash: two
    // tickets, one of them refunded; card: one. Closed 0.10 short.
    const qint64 shift = m_stack->openShift(clerk, u"Kasse 3"_s, 5000);
    QVERIFY(shift > 0);
    auto c = m_stack->client(clerk);
    const HttpTestResponse cash =
        c->post("/v1/event/" + QByteArray::number(m_event) + "/bookings",
                {{u"ticket_ids"_s, idArray({tickets[0], tickets[1]})},
                 {u"payment_details"_s,
                  QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 100000}}}},
                {{"Idempotency-Key", TestStack::idempotencyKey()}});
    QCOMPARE(cash.status, 201);
    QCOMPARE(TestStack::bookWithCard(*c, m_event, {tickets[2]}).status, 201);
    QCOMPARE(c->post("/v1/bookings/" + QByteArray::number(cash.json().value(u"id"_s).toInteger()) +
                         "/cancel",
                     {{u"ticket_ids"_s, idArray({tickets[0]})}})
                 .status,
             200);
    QCOMPARE(c->post("/v1/shifts/" + QByteArray::number(shift) + "/close",
                     {{u"counted_cents"_s, 5000 + 5000 - 2500 - 10}})
                 .status,
             200);
    QCOMPARE(m_stack->db().scalar("WITH changed AS (UPDATE shifts SET opened_at = "
                                  "'2026-03-10 08:00Z', closed_at = '2026-03-10 18:00Z' "
                                  "RETURNING 1) SELECT count(*) FROM changed"),
             1);
    QCOMPARE(m_stack->db().scalar("WITH changed AS (UPDATE bookings SET created_at = "
                                  "'2026-03-10 10:00Z' RETURNING 1) SELECT count(*) FROM changed"),
             2);
    QCOMPARE(m_stack->db().scalar("WITH changed AS (UPDATE refunds SET created_at = "
                                  "'2026-03-10 12:00Z' RETURNING 1) SELECT count(*) FROM changed"),
             1);

    m_adminToken = m_stack->createUser(u"admin@example.org"_s, Protocol::Role::Admin);
    m_session = signedInSession(*m_stack, m_dir.filePath(u"admin.sqlite"_s), u"admin@example.org"_s,
                                Protocol::Role::Admin, Clock::system(), false);
    QVERIFY(m_session);
    m_window = std::make_unique<CounterWindow>(*m_session, ClientSettings());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestReportsUi::adminsOpenReportsFromTheMenu()
{
    auto *menu = m_window->findChild<QMenu *>(u"administrationMenu"_s);
    QVERIFY(menu);
    QCOMPARE(menu->title(), u"&Administration"_s);
    auto *action = m_window->findChild<QAction *>(u"reportsAction"_s);
    QVERIFY(action);
    QVERIFY(menu->actions().contains(action));
    QVERIFY(!m_window->findChild<ReportsWindow *>());
    action->trigger();
    m_reports = m_window->findChild<ReportsWindow *>();
    QVERIFY(m_reports);
    QVERIFY(m_reports->isVisible());
    QVERIFY(m_reports->isWindow());
    // It loads this month's reports at once, without waiting for them.
    QVERIFY(m_reports->isLoading());
    QTRY_VERIFY_WITH_TIMEOUT(!m_reports->isLoading(), 10000);
    // Again: the same window.
    action->trigger();
    QCOMPARE(m_window->findChildren<ReportsWindow *>().size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_reports->isLoading(), 10000);
}

void TestReportsUi::theSalesOfARangeWithTotalsAndCategories()
{
    QVERIFY(m_reports);
    m_reports->setPeriod(SaleDay.addDays(-3), SaleDay.addDays(3));
    QSignalSpy loaded(m_reports, &ReportsWindow::loaded);
    auto *show = m_reports->findChild<QPushButton *>(u"reportShow"_s);
    auto *progress = m_reports->findChild<QProgressBar *>(u"reportProgress"_s);
    QTest::mouseClick(show, Qt::LeftButton);
    // The window stays responsive: the answer comes later, shown as busy.
    QVERIFY(progress->isVisible());
    QVERIFY(!show->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
    QVERIFY(!progress->isVisible());
    QVERIFY(show->isEnabled());

    auto *table = m_reports->findChild<QTableWidget *>(u"salesTable"_s);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(cell(table, 0, 0), EventName);
    QCOMPARE(cell(table, 0, 1), QLocale().toString(SaleDay, QLocale::ShortFormat));
    QCOMPARE(cell(table, 0, 2), u"3"_s);
    QCOMPARE(cell(table, 0, 3), Money::format(7500));
    QCOMPARE(cell(table, 0, 4), Money::format(5000));
    QCOMPARE(cell(table, 0, 5), Money::format(2500));
    QCOMPARE(cell(table, 0, 6), Money::format(2500));
    QCOMPARE(cell(table, 0, 7), Money::format(5000));
    // The selected row's price categories.
    auto *categories = m_reports->findChild<QTableWidget *>(u"categoryTable"_s);
    QCOMPARE(categories->rowCount(), 1);
    QCOMPARE(cell(categories, 0, 0), u"Standard"_s);
    QCOMPARE(cell(categories, 0, 1), u"3"_s);
    QCOMPARE(cell(categories, 0, 3), u"1"_s);
    QCOMPARE(cell(categories, 0, 5), Money::format(5000));
    // The totals line.
    const QString totals = m_reports->findChild<QLabel *>(u"salesTotals"_s)->text();
    QCOMPARE(totals, u"Total: 3 tickets, gross %1 (cash %2, card %3), refunds %4, net %5"_s.arg(
                         Money::format(7500), Money::format(5000), Money::format(2500),
                         Money::format(2500), Money::format(5000)));
    QCOMPARE(m_reports->sales().totals.net(), 5000);
    // VAT at the venue's 7 %: 327 on the cash sale, 164 on the card sale
    // and 164 back on the refund.
    QCOMPARE(m_reports->findChild<QLabel *>(u"salesVat"_s)->text(),
             u"7 % VAT: %1 (net of VAT %2)"_s.arg(Money::format(327), Money::format(4673)));

    // A range without sales: empty, totals zero.
    m_reports->setPeriod(SaleDay.addDays(1), SaleDay.addDays(2));
    QTest::mouseClick(show, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, 10000);
    QCOMPARE(table->rowCount(), 0);
    QCOMPARE(categories->rowCount(), 0);
    QVERIFY(
        m_reports->findChild<QLabel *>(u"salesTotals"_s)->text().startsWith(u"Total: 0 tickets"_s));
    m_reports->setPeriod(SaleDay, SaleDay);
    QTest::mouseClick(show, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 3, 10000);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(m_reports->findChild<QLabel *>(u"reportMessage"_s)->text(), QString());

    // The shift closings tab.
    auto *shifts = m_reports->findChild<QTableWidget *>(u"shiftTable"_s);
    QCOMPARE(shifts->rowCount(), 1);
    QCOMPARE(cell(shifts, 0, 0), u"Kasse 3"_s);
    QCOMPARE(cell(shifts, 0, 4), Money::format(5000));
    QCOMPARE(cell(shifts, 0, 5), Money::format(5000));
    QCOMPARE(cell(shifts, 0, 6), Money::format(2500));
    QCOMPARE(cell(shifts, 0, 8), Money::format(7500));
    QCOMPARE(cell(shifts, 0, 9), Money::format(7490));
    QCOMPARE(cell(shifts, 0, 10), Money::format(-10));
    QCOMPARE(m_reports->findChild<QLabel *>(u"shiftTotals"_s)->text(),
             u"1 shift closed: expected %1, counted %2, difference %3"_s.arg(
                 Money::format(7500), Money::format(7490), Money::format(-10)));
}

QByteArray TestReportsUi::exportTab(int tab, const QString &fileName)
{
    const QString path = m_dir.filePath(fileName);
    m_reports->setExportPath(path);
    m_reports->findChild<QTabWidget *>(u"reportTabs"_s)->setCurrentIndex(tab);
    QSignalSpy exported(m_reports, &ReportsWindow::exported);
    QTest::mouseClick(m_reports->findChild<QPushButton *>(u"reportExport"_s), Qt::LeftButton);
    QFile file(path);
    if (!QTest::qWaitFor([&] { return exported.size() == 1; }, 10000) ||
        exported[0][0].toString() != path || !file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void TestReportsUi::exportSavesTheServersCsv()
{
    QVERIFY(m_reports);
    const QByteArray saved = exportTab(0, u"sales export.csv"_s);
    const HttpTestResponse server =
        m_stack->client(m_adminToken)
            ->get("/v1/reports/sales?from=2026-03-10&to=2026-03-10&format=csv");
    QCOMPARE(server.status, 200);
    QCOMPARE(saved, server.body);
    QVERIFY(saved.contains("\"Comma, \"\"Quoted\"\" Concert\""));
    QVERIFY(m_reports->findChild<QLabel *>(u"reportMessage"_s)->text().contains(u"Saved"_s));
}

void TestReportsUi::exportSavesTheShiftClosingsToo()
{
    QVERIFY(m_reports);
    const QByteArray saved = exportTab(1, u"shifts.csv"_s);
    const HttpTestResponse server =
        m_stack->client(m_adminToken)
            ->get("/v1/reports/shifts?from=2026-03-10&to=2026-03-10&format=csv");
    QCOMPARE(server.status, 200);
    QCOMPARE(saved, server.body);
    QVERIFY(saved.contains("Kasse 3"));
    m_reports->findChild<QTabWidget *>(u"reportTabs"_s)->setCurrentIndex(0);
}

void TestReportsUi::aBadRangeIsSaidWithoutAsking()
{
    QVERIFY(m_reports);
    QSignalSpy failed(m_reports, &ReportsWindow::failed);
    m_reports->setPeriod(SaleDay, SaleDay.addDays(-1));
    QTest::mouseClick(m_reports->findChild<QPushButton *>(u"reportShow"_s), Qt::LeftButton);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!m_reports->isLoading());
    QCOMPARE(m_reports->findChild<QLabel *>(u"reportMessage"_s)->text(),
             u"The first day must not be after the last."_s);
}

void TestReportsUi::clerksHaveNoAdministrationMenu()
{
    auto session = signedInSession(*m_stack, m_dir.filePath(u"clerk.sqlite"_s),
                                   u"clerk2@example.org"_s, Protocol::Role::Clerk, Clock::system());
    QVERIFY(session);
    CounterWindow window(*session, ClientSettings());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.findChild<QMenu *>(u"administrationMenu"_s));
    QVERIFY(!window.findChild<QAction *>(u"reportsAction"_s));
    // The admin's counter, built the same way, has it.
    QVERIFY(m_window->findChild<QAction *>(u"reportsAction"_s));
}

void TestReportsUi::serverErrorsInTheClientsWords()
{
    // A token the server does not know (the session ended elsewhere).
    QVERIFY(m_reports);
    m_session->api().setToken("no-such-session");
    QSignalSpy failed(m_reports, &ReportsWindow::failed);
    m_reports->setPeriod(SaleDay, SaleDay);
    QTest::mouseClick(m_reports->findChild<QPushButton *>(u"reportShow"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_reports->isLoading(), 10000);
    QVERIFY(failed.size() >= 1);
    QCOMPARE(m_reports->findChild<QLabel *>(u"reportMessage"_s)->text(),
             ErrorMessages::text(ErrorCode::Unauthorized, {}));
    // What was shown stays.
    QCOMPARE(m_reports->findChild<QTableWidget *>(u"salesTable"_s)->rowCount(), 1);
}

QTEST_MAIN(TestReportsUi)
#include "tst_reports_ui.moc"
