// The web shop in a real browser (issue 15): headless Chromium driven by
// Selenium (tests/web/shop_test.py) against the real server, Postgres and
// Redis this test starts. One event per browser test, so they cannot see
// each other's sales.
#include "TestStack.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestWebShop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void wholePurchase() { runBrowser(u"TestPurchase"_s); }
    void declinedCardKeepsTheHold() { runBrowser(u"TestDeclinedCard"_s); }
    void seatSoldElsewhereTurnsGrey() { runBrowser(u"TestLiveMap"_s); }
    void phoneSizedWindow() { runBrowser(u"TestPhone"_s); }
    void german() { runBrowser(u"TestGerman"_s); }
    void keyboardOnlyPurchase() { runBrowser(u"TestKeyboard"_s); }
    void waitingRoomThenPurchase() { runBrowser(u"TestWaitingRoom"_s); }
    void ticketQrCodesDecode() { runBrowser(u"TestQrCode"_s); }
    void cancelInMyBookings() { runBrowser(u"TestCancel"_s); }
    void cancelledEventSaysSo() { runBrowser(u"TestCancelledEvent"_s); }
    void everyErrorCodeHasAMessage() { runBrowser(u"TestMessages"_s); }
    void searchAsYouTypeWithFilters() { runBrowser(u"TestSearch"_s); }

private:
    void runBrowser(const QString &test);
    static QString missingTools();

    std::unique_ptr<TestStack> m_stack;
    QJsonObject m_events;    // browser test key -> {id, name}
    QByteArray m_adminToken; // switches a waiting room on
};

QString TestWebShop::missingTools()
{
    QStringList missing;
    for (const QString &tool : {u"chromium"_s, u"chromedriver"_s, u"zbarimg"_s}) {
        if (QStandardPaths::findExecutable(tool).isEmpty())
            missing.append(tool);
    }
    QProcess python;
    python.start(u"/usr/bin/python3"_s, {u"-c"_s, u"import selenium"_s});
    if (!python.waitForFinished(30000) || python.exitCode() != 0)
        missing.append(u"python3-selenium"_s);
    return missing.join(u", "_s);
}

void TestWebShop::initTestCase()
{
    const QString missing = missingTools();
    // CI installs the browser: there a missing one is a failure, not a skip.
    if (!missing.isEmpty() && qEnvironmentVariableIntValue("BOXOFFICE_REQUIRE_BROWSER") == 1)
        QFAIL(qPrintable(u"BOXOFFICE_REQUIRE_BROWSER is set but %1 are missing"_s.arg(missing)));
    if (!missing.isEmpty())
        QSKIP(qPrintable(
            u"the browser tests need %1 (apt-get install chromium chromium-driver "
            "python3-selenium zbar-tools; scripts/install-deps.sh does)"_s.arg(missing)));
    // This tree's shop, even where a package installed another one.
    m_stack = std::make_unique<TestStack>(
        u"web_shop"_s,
        QStringList{u"--web-root"_s, QStringLiteral(BOXOFFICE_SOURCE_DIR "/resources/web")});
    QVERIFY(m_stack->start());

    QFile venue(QStringLiteral(BOXOFFICE_SOURCE_DIR "/tests/web/venue.json"));
    QVERIFY(venue.open(QIODevice::ReadOnly));
    const QJsonObject layout = QJsonDocument::fromJson(venue.readAll()).object();
    const QString startsAt = QDateTime::currentDateTimeUtc().addDays(30).toString(Qt::ISODate);
    const QStringList keys = {u"purchase"_s, u"declined"_s, u"live"_s,   u"phone"_s, u"german"_s,
                              u"keyboard"_s, u"queue"_s,    u"cancel"_s, u"gone"_s};
    for (const QString &key : keys) {
        // Names a search finds only one of.
        const QString name = u"Webshop "_s + key + u" Nachtkonzert"_s;
        QJsonObject document = layout;
        QJsonArray events = document.value(u"events"_s).toArray();
        QJsonObject event = events.first().toObject();
        event.insert(u"name"_s, name);
        event.insert(u"starts_at"_s, startsAt);
        events.replace(0, event);
        document.insert(u"events"_s, events);
        const qint64 id = m_stack->importEvent(document, name);
        m_events.insert(key, QJsonObject{{u"id"_s, id}, {u"name"_s, name}});
    }
    m_adminToken = m_stack->createUser(u"admin@web-shop.example"_s, Protocol::Role::Admin);
    QVERIFY(!m_adminToken.isEmpty());
}

void TestWebShop::runBrowser(const QString &test)
{
    QProcess browser;
    browser.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SHOP_URL"_s, u"http://127.0.0.1:%1"_s.arg(m_stack->server().port()));
    environment.insert(u"SHOP_EVENTS"_s,
                       QString::fromUtf8(QJsonDocument(m_events).toJson(QJsonDocument::Compact)));
    environment.insert(u"SHOP_ADMIN_TOKEN"_s, QString::fromLatin1(m_adminToken));
    // Screenshots of failures land next to the test binary.
    environment.insert(u"SHOP_ARTIFACTS"_s,
                       QCoreApplication::applicationDirPath() + u"/web-artifacts"_s);
    browser.setProcessEnvironment(environment);
    browser.start(u"/usr/bin/python3"_s,
                  {QStringLiteral(BOXOFFICE_SOURCE_DIR "/tests/web/shop_test.py"), test});
    QVERIFY(browser.waitForStarted());
    const bool finished = browser.waitForFinished(240000);
    const QByteArray output = browser.readAll();
    if (!finished)
        browser.kill();
    const bool passed =
        finished && browser.exitStatus() == QProcess::NormalExit && browser.exitCode() == 0;
    // QtTest cuts long messages: the whole story goes to stderr.
    if (!passed)
        fprintf(stderr, "%s\n", output.constData());
    QVERIFY2(passed, qPrintable(test + u" failed in the browser; its output is above"_s));
}

QTEST_GUILESS_MAIN(TestWebShop)
#include "tst_web_shop.moc"
