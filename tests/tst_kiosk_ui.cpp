// The kiosk driven through its touch screens against the real server:
// pick show → best available → pay by card → printed tickets; a declined card
// keeps the hold and the page; idling returns to the start and frees the
// seats on the server; lookup by code and reprint; closing needs the PIN.
// And as a customer meets it (issue 13): search and day filter with prices
// and seats left, a running total, a pay screen in large type naming show,
// date, venue and seats, an on-screen keypad, a "Still there?" countdown, no
// trace of the previous customer, and a clear word for a wrong PIN.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "EventTime.h"
#include "HoldController.h"
#include "KioskWindow.h"
#include "PdfCheck.h"
#include "SeatMapView.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using Page = KioskWindow::Page;

class TestKioskUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void wholeKioskSale();
    void declinedCardStaysOnPaymentWithTheHold();
    void idleResetReturnsToStartAndReleasesTheHold();
    void lookUpByCodeAndReprint();
    void seatTotalAndPayScreenInTouchType();
    void keypadFindsABookingWithoutAKeyboard();
    void stillThereWarningCountsDown();
    void nothingOfThePreviousCustomerStays();
    void startScreenSearchDaysPricesAndSeatsLeft();
    void closingNeedsTheStaffPin();
    void cleanupTestCase();

private:
    template<typename T> T *child(const QString &name)
    {
        return namedChild<T>(m_window.get(), name);
    }
    void click(const QString &button);
    void type(const QString &keypad, const QString &keys);
    QStringList shows();
    void chooseShowAndBest(int seats);

    QTranslator m_english;
    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<KioskWindow> m_window;
    qint64 m_event = 0;
    Booking m_sold;
};

void TestKioskUi::initTestCase()
{
    // English as the app installs it: real plurals ("2 seats").
    QVERIFY(m_english.load(QLocale(QLocale::English), u"boxoffice"_s, u"_"_s, u":/i18n"_s));
    QCoreApplication::installTranslator(&m_english);
    m_stack = std::make_unique<TestStack>(u"kiosk_ui"_s);
    QVERIFY(m_stack->start());
    m_event = m_stack->createEvent(u"Kiosk Matinee"_s, 5, 8, 1500);
    m_session =
        signedInSession(*m_stack, m_dir.filePath(u"mirror.sqlite"_s), u"lobby-kiosk@example.org"_s,
                        Protocol::Role::Kiosk, Clock::system());
    QVERIFY(m_session);
    m_session->sync().start();
    ClientSettings settings;
    settings.ticketFolder = m_dir.filePath(u"tickets"_s);
    settings.kioskIdleSeconds = 120;
    m_window = std::make_unique<KioskWindow>(*m_session, settings);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->windowFlags().testFlag(Qt::FramelessWindowHint));
    QTRY_VERIFY_WITH_TIMEOUT(child<QListWidget>(u"showList"_s)->count() == 1, 15000);
}

void TestKioskUi::init()
{
    m_window->setCardToken(u"tok_sandbox_approve"_s);
    m_window->setIdleTimeout(120000);
}

void TestKioskUi::cleanupTestCase()
{
    m_window.reset();
    m_session.reset();
}

void TestKioskUi::click(const QString &button)
{
    auto *widget = child<QPushButton>(button);
    QVERIFY(widget);
    QTRY_VERIFY2(widget->isEnabled(), qPrintable(button));
    QTest::mouseClick(widget, Qt::LeftButton);
}

void TestKioskUi::type(const QString &keypad, const QString &keys)
{
    // Touching the screen's keys, one by one.
    auto *pad = child<QWidget>(keypad);
    QVERIFY(pad && pad->isVisible());
    for (const QChar key : keys) {
        auto *button =
            namedChild<QPushButton>(pad, key == u' ' ? u"keySpace"_s : u"key"_s + key.toUpper());
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
    }
}

QStringList TestKioskUi::shows()
{
    QStringList texts;
    auto *list = child<QListWidget>(u"showList"_s);
    for (int i = 0; i < list->count(); ++i)
        texts.append(list->item(i)->text());
    return texts;
}

void TestKioskUi::chooseShowAndBest(int seats)
{
    QCOMPARE(m_window->page(), Page::Start);
    auto *shows = child<QListWidget>(u"showList"_s);
    shows->setCurrentRow(0);
    click(u"chooseSeatsButton"_s);
    QCOMPARE(m_window->page(), Page::Seats);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->seatMap()->ticket(m_stack->ticketIds(m_event).first()),
                             10000);
    click(u"best%1"_s.arg(seats));
    QCOMPARE(m_window->seatMap()->selection().size(), seats);
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->holds().hasHold() && !m_window->holds().isBusy(),
                              qPrintable(child<QLabel>(u"seatsMessage"_s)->text()), 10000);
    QCOMPARE(m_window->holds().ticketIds().size(), seats);
}

void TestKioskUi::wholeKioskSale()
{
    chooseShowAndBest(3);
    const QList<qint64> seats = m_window->holds().ticketIds();
    click(u"continueButton"_s);
    QCOMPARE(m_window->page(), Page::Pay);
    QVERIFY(child<QLabel>(u"paySummary"_s)->text().contains(u"Kiosk Matinee"_s));
    click(u"payCardButton"_s);
    QVERIFY(!child<QPushButton>(u"payBackButton"_s)->isEnabled()); // no seat change mid-payment
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Done, 10000);
    m_sold = m_window->lastBooking();
    QCOMPARE(m_sold.tickets.size(), 3);
    QCOMPARE(m_sold.total, 4500);
    QVERIFY(child<QLabel>(u"doneCode"_s)->text().contains(m_sold.code));
    const QMap<qint64, QString> server = serverTickets(*m_stack, m_event);
    for (qint64 id : seats)
        QCOMPARE(server.value(id), u"sold"_s);
    // Printed: three tickets and a receipt, each QR that ticket's secret.
    const QString pdf = m_window->lastTicketPdf();
    QVERIFY(QFileInfo::exists(pdf));
    QTemporaryDir pages;
    const QStringList images = rasterize(pdf, pages.path());
    QCOMPARE(images.size(), 4);
    QCOMPARE(m_sold.validTickets().size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(decodeQr(QImage(images[i])), m_sold.validTickets().at(i).secret);
    click(u"finishButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
}

void TestKioskUi::declinedCardStaysOnPaymentWithTheHold()
{
    m_window->setCardToken(u"tok_sandbox_insufficient_funds"_s);
    chooseShowAndBest(2);
    const QString hold = m_window->holds().holdId();
    click(u"continueButton"_s);
    click(u"payCardButton"_s);
    auto *message = child<QLabel>(u"payMessage"_s);
    QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(u"Your card was not accepted"_s), 10000);
    QCOMPARE(m_window->page(), Page::Pay);
    QCOMPARE(m_window->holds().holdId(), hold);
    for (qint64 id : m_window->holds().ticketIds())
        QCOMPARE(serverTickets(*m_stack, m_event).value(id), u"held"_s);
    // Another card works, on the same hold.
    m_window->setCardToken(u"tok_sandbox_approve"_s);
    click(u"payCardButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Done, 10000);
    click(u"finishButton"_s);
}

void TestKioskUi::idleResetReturnsToStartAndReleasesTheHold()
{
    chooseShowAndBest(2);
    const QList<qint64> seats = m_window->holds().ticketIds();
    for (qint64 id : seats)
        QCOMPARE(serverTickets(*m_stack, m_event).value(id), u"held"_s);
    // The customer walks away.
    m_window->setIdleTimeout(800);
    QTest::mouseClick(m_window->seatMap(), Qt::LeftButton, {}, QPoint(2, 2)); // last touch
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Start, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->holds().hasHold() && !m_window->holds().isBusy(), 5000);
    const QMap<qint64, QString> server = serverTickets(*m_stack, m_event);
    for (qint64 id : seats)
        QCOMPARE(server.value(id), u"available"_s);
    // The next customer does not see what the last one picked.
    QVERIFY(!child<QListWidget>(u"showList"_s)->currentItem());
    QVERIFY(child<QListWidget>(u"showList"_s)->selectedItems().isEmpty());
}

void TestKioskUi::lookUpByCodeAndReprint()
{
    click(u"findBookingButton"_s);
    QCOMPARE(m_window->page(), Page::Lookup);
    auto *code = child<QLineEdit>(u"kioskCodeField"_s);
    QTest::keyClicks(code, u"NOPE"_s);
    click(u"kioskFindButton"_s);
    QVERIFY(child<QLabel>(u"lookupMessage"_s)->text().contains(u"8 letters"_s));
    QVERIFY(!child<QPushButton>(u"kioskReprintButton"_s)->isEnabled());
    code->clear();
    QTest::keyClicks(code, m_sold.code.toLower());
    QTest::keyClick(code, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(u"kioskReprintButton"_s)->isEnabled(), 10000);
    QVERIFY(child<QLabel>(u"lookupMessage"_s)->text().contains(u"3 valid ticket"_s));
    const QString before = m_window->lastTicketPdf();
    click(u"kioskReprintButton"_s);
    QTRY_VERIFY(m_window->lastTicketPdf() != before);
    QTemporaryDir pages;
    const QStringList images = rasterize(m_window->lastTicketPdf(), pages.path());
    QVERIFY(!images.isEmpty());
    // A reprint keeps each ticket's secret: the door still admits it once.
    QCOMPARE(decodeQr(QImage(images.first())), m_sold.validTickets().first().secret);
    click(u"lookupBackButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
}

void TestKioskUi::seatTotalAndPayScreenInTouchType()
{
    chooseShowAndBest(2);
    auto *total = child<QLabel>(u"seatsTotal"_s);
    QCOMPARE(total->text(), u"2 seats · Total 30.00€"_s);
    QVERIFY(total->font().pointSizeF() >= 18);
    QVERIFY(m_window->seatMap()->font().pointSizeF() >= 12); // its legend too
    click(u"best3"_s);
    QCOMPARE(total->text(), u"3 seats · Total 45.00€"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->holds().ticketIds().size() == 3 && !m_window->holds().isBusy(), 10000);
    click(u"continueButton"_s);
    QCOMPARE(m_window->page(), Page::Pay);
    // Show, date, venue, seats and total, each large enough to read standing.
    const Event event = *m_session->mirror().event(m_event);
    auto *summary = child<QLabel>(u"paySummary"_s);
    QVERIFY(summary->text().contains(u"Kiosk Matinee"_s));
    QVERIFY(summary->text().contains(eventTimeText(event.startsAt)));
    QVERIFY(summary->text().contains(u"Kiosk Matinee Hall"_s));
    auto *seats = child<QLabel>(u"paySeats"_s);
    for (qint64 id : m_window->holds().ticketIds()) {
        const Ticket *t = m_window->seatMap()->ticket(id);
        QVERIFY(seats->text().contains(u"row %1 · seat %2"_s.arg(t->row).arg(t->seat)));
    }
    QCOMPARE(child<QLabel>(u"payTotal"_s)->text(), u"Total 45.00€"_s);
    for (const QString &name : {u"paySummary"_s, u"paySeats"_s, u"payTotal"_s})
        QVERIFY2(child<QLabel>(name)->font().pointSizeF() >= 18, qPrintable(name));
    QVERIFY(child<QLabel>(u"payTotal"_s)->font().pointSizeF() >
            child<QLabel>(u"paySeats"_s)->font().pointSizeF());
    click(u"payBackButton"_s);
    click(u"seatsBackButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
    QCOMPARE(child<QLabel>(u"seatsTotal"_s)->text(), u"No seats chosen"_s);
}

void TestKioskUi::keypadFindsABookingWithoutAKeyboard()
{
    click(u"findBookingButton"_s);
    QCOMPARE(m_window->page(), Page::Lookup);
    auto *code = child<QLineEdit>(u"kioskCodeField"_s);
    QVERIFY(code->text().isEmpty());
    // Every key whole, none under another, each large enough for a finger.
    const QList<QPushButton *> keys =
        child<QWidget>(u"codeKeypad"_s)->findChildren<QPushButton *>();
    QCOMPARE(keys.size(), 36 + 2); // letters and digits, delete, find
    for (QPushButton *key : keys) {
        QVERIFY(key->width() >= 56 && key->height() >= 56);
        for (QPushButton *other : keys)
            QVERIFY2(key == other || !key->geometry().intersects(other->geometry()),
                     qPrintable(key->text() + u" / "_s + other->text()));
    }
    type(u"codeKeypad"_s, m_sold.code.left(3) + u'X');
    QTest::mouseClick(namedChild<QPushButton>(child<QWidget>(u"codeKeypad"_s), u"keyBackspace"_s),
                      Qt::LeftButton);
    type(u"codeKeypad"_s, m_sold.code.mid(3));
    QCOMPARE(code->text(), m_sold.code);
    QTest::mouseClick(namedChild<QPushButton>(child<QWidget>(u"codeKeypad"_s), u"keyEnter"_s),
                      Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(u"kioskReprintButton"_s)->isEnabled(), 10000);
    QVERIFY(child<QLabel>(u"lookupMessage"_s)->text().contains(u"3 valid ticket"_s));
    click(u"lookupBackButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
}

void TestKioskUi::stillThereWarningCountsDown()
{
    chooseShowAndBest(1);
    const QString hold = m_window->holds().holdId();
    auto *warning = child<QWidget>(u"stillThereWarning"_s);
    auto *countdown = child<QLabel>(u"stillThereCountdown"_s);
    QVERIFY(!warning->isVisible());
    // 3 s idle: 1.5 s quiet, then 1.5 s of warning.
    m_window->setIdleTimeout(3000);
    QTest::mouseClick(m_window->seatMap(), Qt::LeftButton, {}, QPoint(2, 2));
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 5000);
    QVERIFY(m_window->isWarningIdle());
    QCOMPARE(countdown->text(), u"Still there? Starting over in 2 seconds."_s);
    QTRY_COMPARE_WITH_TIMEOUT(countdown->text(), u"Still there? Starting over in 1 second."_s,
                              3000);
    // The customer is still there: the seats stay theirs.
    click(u"stillHereButton"_s);
    QVERIFY(!warning->isVisible());
    QCOMPARE(m_window->page(), Page::Seats);
    QCOMPARE(m_window->holds().holdId(), hold);
    // Then walks away: the warning comes again, and after it the start.
    QTRY_VERIFY_WITH_TIMEOUT(warning->isVisible(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Start, 5000);
    QVERIFY(!warning->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->holds().hasHold() && !m_window->holds().isBusy(), 5000);
}

void TestKioskUi::nothingOfThePreviousCustomerStays()
{
    // A search, a day, a show picked, seats chosen; then gone.
    click(u"keyboardButton"_s);
    type(u"searchKeypad"_s, u"matinee"_s);
    click(u"dayButton7"_s);
    QCOMPARE(shows().size(), 1);
    chooseShowAndBest(2);
    click(u"seatsBackButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
    QVERIFY(child<QLineEdit>(u"kioskSearch"_s)->text().isEmpty());
    QVERIFY(child<QPushButton>(u"allDaysButton"_s)->isChecked());
    QVERIFY(!child<QWidget>(u"searchKeypad"_s)->isVisible());
    auto *list = child<QListWidget>(u"showList"_s);
    QVERIFY(!list->currentItem());
    QVERIFY(list->selectedItems().isEmpty());
    QVERIFY(!child<QPushButton>(u"chooseSeatsButton"_s)->isEnabled());
}

void TestKioskUi::startScreenSearchDaysPricesAndSeatsLeft()
{
    // A second show, tomorrow, in another venue, with two prices.
    const QDateTime tomorrow(QDate::currentDate().addDays(1), QTime(12, 0));
    const QJsonObject document{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Foyer Stage"_s},
             {u"city"_s, u"Bremen"_s},
             {u"sections"_s,
              QJsonArray{
                  QJsonObject{{u"name"_s, u"Front"_s}, {u"rows"_s, 1}, {u"seats_per_row"_s, 4}},
                  QJsonObject{{u"name"_s, u"Back"_s}, {u"rows"_s, 1}, {u"seats_per_row"_s, 2}}}}}},
        {u"events"_s, QJsonArray{QJsonObject{
                          {u"name"_s, u"Puppet Morning"_s},
                          {u"starts_at"_s, tomorrow.toUTC().toString(Qt::ISODate)},
                          {u"price_categories"_s,
                           QJsonArray{QJsonObject{{u"name"_s, u"Front"_s},
                                                  {u"price"_s, 1200},
                                                  {u"sections"_s, QJsonArray{u"Front"_s}}},
                                      QJsonObject{{u"name"_s, u"Back"_s}, {u"price"_s, 800}}}}}}}};
    const qint64 puppets = m_stack->importEvent(document, u"Puppet Morning"_s);
    m_session->sync().syncCatalog(); // rather than wait for the periodic fetch
    QTRY_COMPARE_WITH_TIMEOUT(shows().size(), 2, 15000);
    // Each show with its prices and how many seats are left.
    const QStringList all = shows();
    QVERIFY2(all[0].contains(u"Puppet Morning"_s), qPrintable(all[0]));
    QVERIFY2(all[0].contains(u"8.00€ – 12.00€"_s), qPrintable(all[0]));
    QVERIFY2(all[0].contains(u"6 seats left"_s), qPrintable(all[0]));
    QVERIFY2(all[1].contains(u"Kiosk Matinee"_s) && all[1].contains(u"15.00€"_s) &&
                 all[1].contains(u"seats left"_s),
             qPrintable(all[1]));
    // Days: tomorrow has the puppets, today nothing, a week on the matinee.
    click(u"dayButton1"_s);
    QCOMPARE(shows().size(), 1);
    QVERIFY(shows()[0].contains(u"Puppet Morning"_s));
    click(u"dayButton0"_s);
    QVERIFY(shows().isEmpty());
    QVERIFY(child<QLabel>(u"startMessage"_s)->text().contains(u"No shows found"_s));
    click(u"dayButton7"_s);
    QCOMPARE(shows().size(), 1);
    QVERIFY(shows()[0].contains(u"Kiosk Matinee"_s));
    click(u"allDaysButton"_s);
    QCOMPARE(shows().size(), 2);
    // Search typed on the screen's keyboard: a word of the venue's city.
    QVERIFY(!child<QWidget>(u"searchKeypad"_s)->isVisible());
    click(u"keyboardButton"_s);
    QVERIFY(child<QWidget>(u"searchKeypad"_s)->isVisible());
    type(u"searchKeypad"_s, u"bremen"_s);
    QCOMPARE(shows().size(), 1);
    QVERIFY(shows()[0].contains(u"Puppet Morning"_s));
    QTest::mouseClick(namedChild<QPushButton>(child<QWidget>(u"searchKeypad"_s), u"keyBackspace"_s),
                      Qt::LeftButton);
    type(u"searchKeypad"_s, u"x"_s);
    QVERIFY(shows().isEmpty());
    m_window->resetToStart();
    QCOMPARE(shows().size(), 2);
    // Sold out elsewhere while a customer looks at it: still listed, says
    // so, cannot be picked.
    child<QListWidget>(u"showList"_s)->setCurrentRow(0);
    click(u"chooseSeatsButton"_s);
    const QList<qint64> seats = m_stack->ticketIds(puppets);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->seatMap()->ticket(seats.last()), 10000);
    const QByteArray customer = m_stack->registerCustomer(u"puppet-fan@example.org"_s);
    QVERIFY(!buy(*m_stack, customer, puppets, seats).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->seatMap()->seatState(seats.last()),
                              SeatMapView::SeatState::Sold, 10000);
    click(u"seatsBackButton"_s);
    QVERIFY2(shows()[0].contains(u"Puppet Morning"_s) && shows()[0].contains(u"Sold out"_s),
             qPrintable(shows()[0]));
    auto *list = child<QListWidget>(u"showList"_s);
    QVERIFY(!(list->item(0)->flags() & Qt::ItemIsEnabled));
    list->setCurrentRow(0);
    QVERIFY(!child<QPushButton>(u"chooseSeatsButton"_s)->isEnabled());
}

void TestKioskUi::closingNeedsTheStaffPin()
{
    int asked = 0;
    m_window->setPinPrompt([&](QWidget *) {
        ++asked;
        return asked == 1 ? u"0000"_s : u"2468"_s;
    });
    QVERIFY(!m_window->close());
    QVERIFY(m_window->isVisible());
    auto *notice = child<QLabel>(u"kioskNotice"_s);
    QVERIFY(notice->isVisible());
    QCOMPARE(notice->text(), u"Wrong PIN. The kiosk stays open."_s);
    QVERIFY(m_window->close());
    QCOMPARE(asked, 2);
}

QTEST_MAIN(TestKioskUi)
#include "tst_kiosk_ui.moc"
