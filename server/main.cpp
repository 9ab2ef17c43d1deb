// boxoffice-server: parses options and runs the command; the daemon itself
// lives in the boxoffice_server library.
#include "AuthService.h"
#include "CatalogImporter.h"
#include "Database.h"
#include "DemoCatalog.h"
#include "DomainError.h"
#include "Log.h"
#include "Migrations.h"
#include "Server.h"
#include "ServerConfig.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <sodium.h>
#include <sys/socket.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

QString readPassword()
{
    QTextStream in(stdin);
    return in.readLine();
}

int runCommand(const ServerConfig &config)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Database db(config.database.toStdString());
    try {
        applyMigrations(db);
        if (config.command == QLatin1String("migrate")) {
            out << "database is up to date\n";
            return 0;
        }
        if (config.command == QLatin1String("seed")) {
            for (const QJsonObject &venue : demoCatalog()) {
                const ImportSummary s = importCatalog(db, venue);
                out << venue.value(QStringLiteral("venue"))
                           .toObject()
                           .value(QStringLiteral("name"))
                           .toString()
                    << ": " << s.seatsCreated << " seats, " << s.eventsCreated << " events ("
                    << s.eventsSkipped << " already there), " << s.ticketsCreated << " tickets\n";
            }
            return 0;
        }
        if (config.command == QLatin1String("import")) {
            QFile file(config.commandArguments.at(0));
            if (!file.open(QIODevice::ReadOnly)) {
                err << "Cannot read " << file.fileName() << ": " << file.errorString() << '\n';
                return 1;
            }
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
            if (!document.isObject()) {
                err << file.fileName() << " is not a JSON object: " << parseError.errorString()
                    << " at byte " << parseError.offset << '\n';
                return 1;
            }
            const ImportSummary s = importCatalog(db, document.object());
            out << "venue " << s.venueId << ": " << s.seatsCreated << " seats, " << s.eventsCreated
                << " events (" << s.eventsSkipped << " already there), " << s.ticketsCreated
                << " tickets\n";
            return 0;
        }
        if (config.command == QLatin1String("create-user")) {
            const auto role = Protocol::roleFromString(config.commandArguments.at(2).toLatin1());
            if (!role) {
                err << "The role must be customer, clerk, kiosk, admin or scanner.\n";
                return 2;
            }
            const qint64 id =
                AuthService::createUser(db, config.commandArguments.at(0),
                                        config.commandArguments.at(1), *role, readPassword());
            out << "created user " << id << '\n';
            return 0;
        }
    } catch (const DomainError &error) {
        err << error.message() << '\n';
        return 1;
    } catch (const std::invalid_argument &error) {
        err << "Cannot import: " << error.what() << '\n';
        return 1;
    } catch (const std::exception &error) {
        err << "Failed: " << error.what() << '\n';
        return 1;
    }
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("boxoffice-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOXOFFICE_VERSION));
    if (sodium_init() < 0) {
        QTextStream(stderr) << "libsodium failed to initialise\n";
        return 1;
    }

    ServerConfig config;
    int exitCode = 0;
    if (!parseServerConfig(QCoreApplication::arguments(), config, exitCode))
        return exitCode;
    applyLogLevel(config.logLevel);
    installJournalPriorities();
    if (config.command != QLatin1String("serve"))
        return runCommand(config);

    try {
        Database db(config.database.toStdString());
        if (const int applied = applyMigrations(db); applied > 0)
            qCInfo(lcServer) << "applied" << applied << "migration(s)";
    } catch (const std::exception &error) {
        qCCritical(lcServer).noquote() << QStringLiteral("Cannot prepare the database (") +
                                              redactedConninfo(config.database) + u"): " +
                                              QString::fromUtf8(error.what());
        return 1;
    }

    // SIGTERM/SIGINT -> a byte on a pipe -> a clean shutdown in the event loop.
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return 1;
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    Server server(config);
    QString error;
    if (!server.start(&error)) {
        qCCritical(lcServer).noquote() << error;
        return 1;
    }
    // systemd (Type=notify): started means migrated and listening; a no-op
    // without NOTIFY_SOCKET.
    sd_notify(0, "READY=1\nSTATUS=serving");
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &server, [&] {
        char byte;
        [[maybe_unused]] const auto n = ::read(signalPipe[0], &byte, 1);
        sd_notify(0, "STOPPING=1\nSTATUS=finishing requests in flight");
        server.stop();
    });
    QObject::connect(&server, &Server::stopped, &app, &QCoreApplication::quit);
    const QString host = config.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + config.listenAddress.toString() + u']'
                             : config.listenAddress.toString();
    QTextStream(stdout) << "boxoffice-server listening on http://" << host << ':' << server.port()
                        << " (" << config.workers << " workers)" << Qt::endl;
    return app.exec();
}
