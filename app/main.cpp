// boxoffice: settings, translations, the session, then the counter or the
// kiosk screen. All behaviour lives in sync/ and ui/.
#include "CatalogEditor.h"
#include "ClientSettings.h"
#include "Clock.h"
#include "CounterWindow.h"
#include "HoldController.h"
#include "KioskWindow.h"
#include "LoginDialog.h"
#include "ScannerWindow.h"
#include "Screenshots.h"
#include "Session.h"
#include "SettingsDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QMessageBox>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
constexpr int RestartExitCode = 64;

void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *own = new QTranslator(&app);
    if (own->load(locale, u"boxoffice"_s, u"_"_s, u":/i18n"_s))
        app.installTranslator(own);
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qt);
}

// --help and --version are answered before a QApplication exists: they need
// no display (scripts, packaging, an SSH session). Qt's own options such as
// -platform are unknown to the parser here; the QApplication reads them later.
void answerHelpOrVersion(int argc, char *argv[], QCommandLineParser &parser,
                         const QCommandLineOption &help, const QCommandLineOption &version)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    parser.parse(arguments);
    if (!parser.isSet(help) && !parser.isSet(version))
        return;
    QCoreApplication core(argc, argv);
    if (parser.isSet(help))
        parser.showHelp(0);
    parser.showVersion();
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(u"Boxoffice"_s);
    QCoreApplication::setApplicationName(u"boxoffice"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Boxoffice: the counter, kiosk and door client."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption kiosk(u"kiosk"_s, u"Run as a self-service kiosk (fullscreen)."_s);
    const QCommandLineOption scan(u"scan"_s,
                                  u"Run as a door's ticket scanner (check-in; works offline)."_s);
    const QCommandLineOption admin(
        u"admin"_s, u"Open the catalog editor (admin accounts: events, prices, blocked seats)."_s);
    const QCommandLineOption server(u"server"_s, u"Server URL (default: from the settings)."_s,
                                    u"url"_s);
    const QCommandLineOption email(u"email"_s, u"Sign in as this account."_s, u"address"_s);
    const QCommandLineOption password(
        u"password-stdin"_s, u"Read the password from standard input (scripts, kiosks)."_s);
    const QCommandLineOption language(u"language"_s, u"Override the language (en, de)."_s,
                                      u"code"_s);
    const QCommandLineOption screenshot(
        u"screenshot"_s, u"Save a screenshot of the main screen to FILE and exit."_s, u"file"_s);
    const QCommandLineOption screenshotSearch(
        u"screenshot-search"_s, u"For --screenshot: open the first event found for WORDS."_s,
        u"words"_s);
    const QCommandLineOption screenshotPay(
        u"screenshot-pay"_s, u"For --screenshot in kiosk mode: show the pay screen."_s);
    const QCommandLineOption screenshotScan(
        u"screenshot-scan"_s, u"For --screenshot at the door: scan CODE."_s, u"code"_s);
    const QCommandLineOption screenshotCloseShift(
        u"screenshot-close-shift"_s,
        u"For --screenshot at the counter: close the till's shift and grab the closing."_s);
    parser.addOptions({kiosk, scan, admin, server, email, password, language, screenshot,
                       screenshotSearch, screenshotPay, screenshotScan, screenshotCloseShift});
    answerHelpOrVersion(argc, argv, parser, help, version);
    QApplication app(argc, argv);
    // The installed desktop entry and icon (resources/): the window manager
    // groups the windows under the entry, and they show its icon.
    QGuiApplication::setDesktopFileName(u"boxoffice"_s);
    QApplication::setWindowIcon(QIcon::fromTheme(u"boxoffice"_s));
    parser.process(app);

    ClientSettings settings = ClientSettings::load();
    if (parser.isSet(server))
        settings.serverUrl = QUrl::fromUserInput(parser.value(server));
    if (parser.isSet(language))
        settings.language = parser.value(language);
    installTranslations(app, settings.language);
    QString stdinPassword;
    if (parser.isSet(password))
        stdinPassword = QString::fromUtf8(QTextStream(stdin).readLine().toUtf8());

    for (;;) {
        Session session(settings.serverUrl, Clock::system());
        session.api().setDeviceName(settings.deviceName);
        QString error;
        if (!session.openMirror(settings.mirrorPath(), &error)) {
            QMessageBox::critical(nullptr, QApplication::translate("main", "Boxoffice"), error);
            return 1;
        }
        // A device comes back signed in (and works offline) after a restart.
        bool signedIn = !parser.isSet(email) && session.resume();
        if (!signedIn && parser.isSet(email) && !stdinPassword.isEmpty()) {
            QEventLoop wait;
            session.login(parser.value(email), stdinPassword, &wait, [&](const ApiResult &result) {
                signedIn = result.ok();
                if (!signedIn)
                    error = result.errorMessage;
                wait.quit();
            });
            wait.exec();
            if (!signedIn)
                qWarning("boxoffice: sign-in failed: %s", qPrintable(error));
        }
        if (!signedIn) {
            LoginDialog login(session);
            if (parser.isSet(email))
                login.setEmail(parser.value(email));
            if (login.exec() != QDialog::Accepted)
                return 0;
        }
        session.sync().start();

        std::unique_ptr<QWidget> window;
        if (parser.isSet(admin) && !Protocol::mayEditCatalog(session.role())) {
            const QString refusal =
                QApplication::translate("main", "The catalog editor is for admin accounts; %1 is "
                                                "not one. Sign in as an admin, or start without "
                                                "--admin.")
                    .arg(session.email());
            qWarning("boxoffice: %s", qPrintable(refusal));
            QMessageBox::critical(nullptr, QApplication::translate("main", "Boxoffice"), refusal);
            return 2;
        }
        if (parser.isSet(admin)) {
            auto *editor = new CatalogEditor(session);
            window.reset(editor);
            editor->show();
        } else if (parser.isSet(scan) || session.role() == Protocol::Role::Scanner) {
            auto *door = new ScannerWindow(session);
            window.reset(door);
            door->show();
        } else if (parser.isSet(kiosk) || session.role() == Protocol::Role::Kiosk) {
            auto *kioskWindow = new KioskWindow(session, settings);
            window.reset(kioskWindow);
            if (parser.isSet(screenshot))
                kioskWindow->show();
            else
                kioskWindow->showFullScreen();
        } else {
            auto *counter = new CounterWindow(session, settings);
            window.reset(counter);
            QObject::connect(counter, &CounterWindow::signOutRequested, &app, [&session, counter] {
                counter->holds().releaseAndWait(); // while the token is still valid
                session.logout();
                QApplication::exit(RestartExitCode);
            });
            QObject::connect(counter, &CounterWindow::settingsRequested, counter,
                             [&settings, counter] {
                                 SettingsDialog dialog(settings, counter);
                                 if (dialog.exec() == QDialog::Accepted) {
                                     settings = dialog.settings();
                                     settings.save();
                                 }
                             });
            counter->show();
        }
        QObject::connect(&session.api(), &ApiClient::unauthorized, &app, [&session, &window] {
            QMessageBox::information(
                window.get(), QApplication::translate("main", "Boxoffice"),
                QApplication::translate("main", "Your session has ended. Please sign in again."));
            session.logout();
            QApplication::exit(RestartExitCode);
        });
        if (parser.isSet(screenshot))
            Screenshots::captureWhenReady(
                session, window.get(), parser.value(screenshot),
                {parser.value(screenshotSearch), parser.isSet(screenshotPay),
                 parser.value(screenshotScan), parser.isSet(screenshotCloseShift)});
        const int code = app.exec();
        if (code != RestartExitCode)
            return code;
    }
}
