// The kiosk driven through its touch screens against the real server:
// pick show → best available → pay by card → printed tickets; a declined card
// keeps the hold and the page; idling returns to the start and frees the
// seats on the server; lookup by code and reprint; closing needs the PIN.
#include "ClientTestSupport.h"
#include "Clock.h"
#include "HoldController.h"
#include "KioskWindow.h"
#include "PdfCheck.h"
#include "SeatMapView.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

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
    void closingNeedsTheStaffPin();
    void cleanupTestCase();

private:
    template<typename T> T *child(const QString &name)
    {
        return namedChild<T>(m_window.get(), name);
    }
    void click(const QString &button);
    void chooseShowAndBest(int seats);

    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<KioskWindow> m_window;
    qint64 m_event = 0;
    Booking m_sold;
};

void TestKioskUi::initTestCase()
{
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
    // Printed: three tickets and a receipt, each QR the booking code.
    const QString pdf = m_window->lastTicketPdf();
    QVERIFY(QFileInfo::exists(pdf));
    QTemporaryDir pages;
    const QStringList images = rasterize(pdf, pages.path());
    QCOMPARE(images.size(), 4);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(decodeQr(QImage(images[i])), m_sold.code);
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
    QCOMPARE(decodeQr(QImage(images.first())), m_sold.code);
    click(u"lookupBackButton"_s);
    QCOMPARE(m_window->page(), Page::Start);
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
    QVERIFY(m_window->close());
    QCOMPARE(asked, 2);
}

QTEST_MAIN(TestKioskUi)
#include "tst_kiosk_ui.moc"
