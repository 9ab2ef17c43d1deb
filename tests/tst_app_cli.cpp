// The client's command line without a display: --help and --version answer
// from a terminal, a script or a package build where no GUI can start.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace Qt::StringLiterals;

class TestAppCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersWithoutADisplay_data();
    void answersWithoutADisplay();
};

void TestAppCli::answersWithoutADisplay_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("expected");
    QTest::addRow("--help") << u"--help"_s << u"--kiosk"_s;
    QTest::addRow("-h") << u"-h"_s << u"--password-stdin"_s;
    QTest::addRow("--help: the catalog editor") << u"--help"_s << u"--admin"_s;
    QTest::addRow("--version") << u"--version"_s << u"boxoffice 0.1.0"_s;
    QTest::addRow("-v") << u"-v"_s << u"boxoffice 0.1.0"_s;
}

void TestAppCli::answersWithoutADisplay()
{
    QFETCH(QString, option);
    QFETCH(QString, expected);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // No display of any kind, and Qt left to pick its default platform.
    for (const QString &name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    environment.insert(u"QT_QPA_PLATFORM"_s, QString());
    QProcess app;
    app.setProcessEnvironment(environment);
    app.start(QStringLiteral(BOXOFFICE_APP_BIN), {option});
    QVERIFY(app.waitForFinished(30000));
    const QString output = QString::fromUtf8(app.readAllStandardOutput());
    QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0,
             qPrintable(QString::fromUtf8(app.readAllStandardError())));
    QVERIFY2(output.contains(expected), qPrintable(output));
}

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_app_cli.moc"
