// The catalog editor (boxoffice --admin) through its widgets, against the
// real server: an event's name and price edited in the form reach another
// client's mirror; two seats blocked on the editor's map show blocked on
// another counter's open seat map; an event cancelled through the dialog
// lists its buyer, and counters and kiosks show it cancelled; "New event…"
// makes one. The Administration menu opens the editor for admins only.
#include "CatalogEditor.h"
#include "ClientTestSupport.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "EventListModel.h"
#include "KioskWindow.h"
#include "SeatMapView.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

class TestCatalogEditorUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void editedNameAndPriceReachAnotherMirror();
    void blockedSeatsShowOnAnotherCountersMap();
    void cancellingListsTheBuyers();
    void newEventThroughTheForm();
    void onlyAdminsHaveTheMenu();
    void cleanupTestCase();

private:
    QString status() const { return m_editor->findChild<QLabel *>(u"catalogStatus"_s)->text(); }

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_admin;
    std::unique_ptr<Session> m_clerk;
    std::unique_ptr<CatalogEditor> m_editor;
    std::unique_ptr<CounterWindow> m_counter;
    qint64 m_event = 0;
};

void TestCatalogEditorUi::initTestCase()
{
    auto *english = new QTranslator(this);
    QVERIFY(english->load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(english);
    m_stack = std::make_unique<TestStack>(u"catalog_editor_ui"_s);
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(u"Editor Night"_s, 3, 10, 2500);
    m_admin = signedInSession(*m_stack, m_dir.filePath(u"admin.sqlite"_s), u"admin@example.org"_s,
                              Protocol::Role::Admin, Clock::system());
    QVERIFY(m_admin);
    m_admin->sync().setReconnectDelays(200, 400);
    m_admin->sync().start();
    m_clerk = signedInSession(*m_stack, m_dir.filePath(u"clerk.sqlite"_s), u"clerk@example.org"_s,
                              Protocol::Role::Clerk, Clock::system());
    QVERIFY(m_clerk);
    m_clerk->sync().setReconnectDelays(200, 400);
    m_clerk->sync().start();
    QTRY_VERIFY_WITH_TIMEOUT(m_admin->mirror().event(m_event).has_value(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_clerk->mirror().event(m_event).has_value(), 10000);
    m_editor = std::make_unique<CatalogEditor>(*m_admin);
    m_editor->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_editor.get()));
    m_editor->chooseEvent(m_event);
    QCOMPARE(m_editor->findChild<QLineEdit *>(u"eventName"_s)->text(), u"Editor Night"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_editor->seatMap()->tickets().size(), 30, 10000);
}

void TestCatalogEditorUi::editedNameAndPriceReachAnotherMirror()
{
    auto *name = m_editor->findChild<QLineEdit *>(u"eventName"_s);
    name->selectAll();
    QTest::keyClicks(name, u"Editor Gala"_s);
    auto *prices = m_editor->findChild<QTableWidget *>(u"priceCategories"_s);
    QCOMPARE(prices->rowCount(), 1);
    QCOMPARE(prices->item(0, 1)->text(), u"25.00"_s);
    prices->item(0, 1)->setText(u"31,50"_s);
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"saveEvent"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status(), u"Saved."_s, 10000);
    // The server has it; unsold seats cost the new price.
    QCOMPARE(m_stack->db().text("SELECT name FROM events WHERE id = " + std::to_string(m_event)),
             u"Editor Gala"_s);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE price_cents = 3150 AND "
                                  "event_id = " +
                                  std::to_string(m_event)),
             30);
    // Another client's mirror, on its next catalog round.
    m_clerk->sync().syncCatalog();
    QTRY_COMPARE_WITH_TIMEOUT(m_clerk->mirror().event(m_event)->name, u"Editor Gala"_s, 10000);
    QCOMPARE(m_clerk->mirror().event(m_event)->priceCategories.value(0).price, 3150);
    // Nothing changed: nothing sent.
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"saveEvent"_s), Qt::LeftButton);
    QCOMPARE(status(), u"Nothing has changed."_s);
    // A price that does not read is refused here.
    prices->item(0, 1)->setText(u"lots"_s);
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"saveEvent"_s), Qt::LeftButton);
    QVERIFY2(status().contains(u"not an amount"_s), qPrintable(status()));
    prices->item(0, 1)->setText(u"31.50"_s);
}

void TestCatalogEditorUi::blockedSeatsShowOnAnotherCountersMap()
{
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"tickets"_s);
    m_counter = std::make_unique<CounterWindow>(*m_clerk, settings);
    m_counter->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_counter.get()));
    m_counter->openEvent(m_event);
    auto *counterMap = m_counter->findChild<SeatMapView *>(u"seatMap"_s);
    QTRY_COMPARE_WITH_TIMEOUT(counterMap->tickets().size(), 30, 10000);
    const QList<qint64> tickets = m_stack->ticketIds(m_event);
    const QList<qint64> blocked{tickets[4], tickets[5]};

    SeatMapView *map = m_editor->seatMap();
    for (qint64 id : blocked)
        QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(id));
    QCOMPARE(map->selection(), blocked);
    auto *block = m_editor->findChild<QPushButton *>(u"blockSeats"_s);
    // Without a reason: refused here, nothing sent.
    QTest::mouseClick(block, Qt::LeftButton);
    QVERIFY2(status().contains(u"Say why"_s), qPrintable(status()));
    QTest::keyClicks(m_editor->findChild<QLineEdit *>(u"blockReason"_s), u"house seat"_s);
    QTest::mouseClick(block, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(status(), u"2 seats blocked."_s, 10000);
    // The other counter's open map follows live, and says so.
    for (qint64 id : blocked) {
        QTRY_COMPARE_WITH_TIMEOUT(counterMap->seatState(id), SeatMapView::SeatState::Blocked,
                                  10000);
        QVERIFY(counterMap->seatDescription(*counterMap->ticket(id)).endsWith(u"blocked"_s));
        QTRY_COMPARE_WITH_TIMEOUT(map->seatState(id), SeatMapView::SeatState::Blocked, 10000);
    }
    // A clerk cannot pick them.
    QTest::mouseClick(counterMap, Qt::LeftButton, {}, counterMap->seatCenter(blocked[0]));
    QVERIFY(counterMap->selection().isEmpty());
    // One put back on sale from the editor's map: the counter's follows.
    QTest::mouseClick(map, Qt::LeftButton, {}, map->seatCenter(blocked[1]));
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"unblockSeats"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(counterMap->seatState(blocked[1]), SeatMapView::SeatState::Available,
                              10000);
    QCOMPARE(counterMap->seatState(blocked[0]), SeatMapView::SeatState::Blocked);
}

void TestCatalogEditorUi::cancellingListsTheBuyers()
{
    const QList<qint64> tickets = m_stack->ticketIds(m_event);
    const QByteArray clerk = m_stack->createUser(u"desk@example.org"_s, Protocol::Role::Clerk);
    QVERIFY(m_stack->openShift(clerk, u"Desk"_s) > 0);
    const HttpTestResponse sold = m_stack->client(clerk)->post(
        "/v1/event/" + QByteArray::number(m_event) + "/bookings",
        {{u"ticket_ids"_s, idArray({tickets[10], tickets[11]})},
         {u"payment_details"_s,
          QJsonObject{{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, 100000}}},
         {u"customer_name"_s, u"Bruno Buyer"_s}},
        {{"Idempotency-Key", TestStack::idempotencyKey()}});
    QCOMPARE(sold.status, 201);
    QString asked;
    m_editor->setAskReason([&](QWidget *, const QString &question) -> std::optional<QString> {
        asked = question;
        return u"The orchestra is on strike."_s;
    });
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"cancelEvent"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(m_editor->customersText().contains(u"Bruno Buyer"_s), 10000);
    QVERIFY2(asked.contains(u"1 booking will be cancelled and refunded"_s), qPrintable(asked));
    QVERIFY(m_editor->customersText().contains(u"2 tickets"_s));
    QVERIFY(m_editor->findChild<QPlainTextEdit *>(u"cancelledCustomers"_s)->isVisible());
    QCOMPARE(status(), u"Cancelled: 1 booking refunded."_s);
    // Copyable, and the event can no longer be edited.
    QVERIFY(!m_editor->findChild<QPushButton *>(u"saveEvent"_s)->isEnabled());
    QVERIFY(!m_editor->findChild<QPushButton *>(u"cancelEvent"_s)->isEnabled());
    // The counter's list says it is cancelled once its catalog round comes.
    m_clerk->sync().syncCatalog();
    QTRY_VERIFY_WITH_TIMEOUT(m_clerk->mirror().event(m_event)->cancelled, 10000);
    QCOMPARE(m_clerk->mirror().event(m_event)->cancelReason, u"The orchestra is on strike."_s);
    EventListModel counterList;
    counterList.setEvents({*m_clerk->mirror().event(m_event)});
    QVERIFY(counterList.data(counterList.index(0), Qt::DisplayRole)
                .toString()
                .endsWith(u"CANCELLED"_s));
    // A kiosk lists it as cancelled, and it cannot be picked.
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"tickets"_s);
    KioskWindow kiosk(*m_clerk, settings);
    auto *shows = kiosk.findChild<QListWidget *>(u"showList"_s);
    QListWidgetItem *show = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < shows->count(); ++row) {
                if (shows->item(row)->data(Qt::UserRole).toLongLong() == m_event)
                    show = shows->item(row);
            }
            return show != nullptr;
        }(),
        10000);
    QVERIFY2(show->text().endsWith(u"Cancelled"_s), qPrintable(show->text()));
    QVERIFY(!show->flags().testFlag(Qt::ItemIsEnabled));
    // The editor's own list says so too.
    auto *events = m_editor->findChild<QListWidget *>(u"catalogEvents"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!events->findItems(u"(cancelled)"_s, Qt::MatchEndsWith).isEmpty(),
                             10000);
}

void TestCatalogEditorUi::newEventThroughTheForm()
{
    QTest::mouseClick(m_editor->findChild<QPushButton *>(u"newEvent"_s), Qt::LeftButton);
    QDialog *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = m_editor->findChild<QDialog *>(u"newEventDialog"_s)) &&
                                 dialog->isVisible(),
                             10000);
    auto *venue = dialog->findChild<QComboBox *>(u"newEventVenue"_s);
    QVERIFY2(venue->currentText().contains(u"Editor Night Hall"_s),
             qPrintable(venue->currentText()));
    QVERIFY(venue->currentText().contains(u"30 seats"_s));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"newEventName"_s), u"Matinee"_s);
    dialog->findChild<QLineEdit *>(u"newEventPrice"_s)->setText(u"12.50"_s);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    // Made on the server, then opened in the form once the mirror has it.
    QTRY_COMPARE_WITH_TIMEOUT(m_editor->findChild<QLineEdit *>(u"eventName"_s)->text(),
                              u"Matinee"_s, 10000);
    const qint64 made = m_editor->eventId();
    QVERIFY(made != m_event);
    QCOMPARE(m_stack->db().scalar("SELECT count(*) FROM tickets WHERE price_cents = 1250 AND "
                                  "status = 'available' AND event_id = " +
                                  std::to_string(made)),
             30);
    QTRY_COMPARE_WITH_TIMEOUT(m_editor->seatMap()->tickets().size(), 30, 10000);
    QVERIFY(m_editor->findChild<QPushButton *>(u"saveEvent"_s)->isEnabled());
}

void TestCatalogEditorUi::onlyAdminsHaveTheMenu()
{
    // The clerk's counter has no Administration menu; an admin's has.
    const auto menuTitles = [](QMainWindow &window) {
        QStringList titles;
        for (QAction *action : window.menuBar()->actions())
            titles.append(action->text());
        return titles;
    };
    QVERIFY(!menuTitles(*m_counter).contains(u"&Administration"_s));
    ClientSettings settings;
    CounterWindow adminCounter(*m_admin, settings);
    QVERIFY(menuTitles(adminCounter).contains(u"&Administration"_s));
    auto *edit = adminCounter.findChild<QAction *>(u"editCatalogAction"_s);
    QVERIFY(edit);
    edit->trigger();
    auto *editor = adminCounter.findChild<CatalogEditor *>();
    QVERIFY(editor);
    QTRY_VERIFY(editor->isVisible());
}

void TestCatalogEditorUi::cleanupTestCase()
{
    m_counter.reset();
    m_editor.reset();
    m_clerk.reset();
    m_admin.reset();
}

QTEST_MAIN(TestCatalogEditorUi)
#include "tst_catalog_editor_ui.moc"
