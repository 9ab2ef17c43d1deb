#include "ServerConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QTextStream>
#include <functional>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

struct Option
{
    const char *name;
    const char *valueName;
    const char *description;
    std::function<bool(ServerConfig &, const QString &)> apply;
};

std::optional<qint64> toInteger(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

// A whole number in [min, max] stored in a member: an int, or a duration
// in the member's unit.
template<typename Member>
std::function<bool(ServerConfig &, const QString &)> integer(Member member, qint64 min, qint64 max)
{
    return [member, min, max](ServerConfig &config, const QString &text) {
        const auto value = toInteger(text, min, max);
        if (!value)
            return false;
        config.*member = static_cast<std::remove_reference_t<decltype(config.*member)>>(*value);
        return true;
    };
}

const std::vector<Option> &options()
{
    static const std::vector<Option> all = {
        {"listen", "address", "Address to listen on (default 127.0.0.1).",
         [](ServerConfig &c, const QString &v) { return c.listenAddress.setAddress(v); }},
        {"port", "port", "TCP port for HTTP and WebSocket; 0 picks a free one (default 8080).",
         integer(&ServerConfig::port, 0, 65535)},
        {"database", "conninfo",
         "PostgreSQL connection string (default \"host=127.0.0.1 port=5432 dbname=boxoffice\").",
         [](ServerConfig &c, const QString &v) {
             c.database = v;
             return !v.isEmpty();
         }},
        {"redis", "host:port", "Redis address (default 127.0.0.1:6379).",
         [](ServerConfig &c, const QString &v) {
             const qsizetype colon = v.lastIndexOf(u':');
             if (colon <= 0)
                 return false;
             const auto port = toInteger(v.mid(colon + 1), 1, 65535);
             if (!port)
                 return false;
             c.redisHost = v.left(colon);
             c.redisPort = static_cast<quint16>(*port);
             return true;
         }},
        {"workers", "n", "Worker threads, each with its own connections (default 4).",
         integer(&ServerConfig::workers, 1, 256)},
        {"hold-seconds", "seconds", "How long a seat hold lasts (default 600).",
         integer(&ServerConfig::holdTime, 1, 86400)},
        {"log-level", "level", "debug, info, warning or critical (default info).",
         [](ServerConfig &c, const QString &v) {
             c.logLevel = v;
             return QStringList{u"debug"_s, u"info"_s, u"warning"_s, u"critical"_s}.contains(v);
         }},
        {"max-seats-per-hold", "n", "Most seats one hold or booking may take (default 10).",
         integer(&ServerConfig::maxSeatsPerHold, 1, 1000)},
        {"max-held-seats-per-user", "n", "Most seats one user may hold at once (default 20).",
         integer(&ServerConfig::maxHeldSeatsPerUser, 1, 10000)},
        {"sweep-interval-ms", "ms", "How often expired holds are returned to sale (default 1000).",
         integer(&ServerConfig::sweepInterval, 10, 600000)},
        {"max-body-bytes", "bytes", "Largest request body accepted (default 65536).",
         integer(&ServerConfig::maxBodyBytes, 1024, 64 * 1024 * 1024)},
        {"max-header-bytes", "bytes", "Largest request line plus headers (default 16384).",
         integer(&ServerConfig::maxHeaderBytes, 1024, 1024 * 1024)},
        {"idle-timeout-ms", "ms", "Close keep-alive connections idle this long (default 30000).",
         integer(&ServerConfig::idleTimeout, 100, 3600000)},
        {"request-timeout-ms", "ms",
         "Answer 408 when a started request is not complete this long (default 10000).",
         integer(&ServerConfig::requestTimeout, 100, 3600000)},
        {"login-failures", "n", "Failed logins per e-mail allowed in the window (default 10).",
         integer(&ServerConfig::loginFailuresAllowed, 1, 100000)},
        {"payment-reconcile-seconds", "seconds",
         "Age at which the sweeper finishes an unfinished payment call: voids an authorization "
         "no booking took, captures a booking's payment, retries a refund (default 120).",
         integer(&ServerConfig::paymentReconcileWindow, 1, 86400)},
    };
    return all;
}

QString envName(const char *option)
{
    return u"BOXOFFICE_"_s + QString::fromLatin1(option).toUpper().replace(u'-', u'_');
}

} // namespace

bool parseServerConfig(const QStringList &arguments, ServerConfig &config, int &exitCode)
{
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Boxoffice booking server: catalog, search, seat holds and bookings over HTTP and "
        "WebSocket, on PostgreSQL and Redis.\n\n"
        "Commands:\n"
        "  serve (default)                  run the daemon; applies migrations first\n"
        "  migrate                          apply database migrations and exit\n"
        "  seed                             load the demo catalog (idempotent) and exit\n"
        "  import <file.json>               import a venue layout and its events\n"
        "  create-user <email> <name> <role> create a user; password is read from stdin\n\n"
        "Every option can also be set as an environment variable BOXOFFICE_<OPTION> "
        "(e.g. BOXOFFICE_HOLD_SECONDS=300) or in the [server] section of the --config INI "
        "file; the command line wins over the environment, which wins over the file."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s, u"serve, migrate, seed, import or create-user"_s,
                                 u"[command [arguments...]]"_s);
    const QCommandLineOption configOption(u"config"_s, u"INI file with settings."_s, u"file"_s);
    parser.addOption(configOption);
    for (const Option &option : options()) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(option.name),
                                            QString::fromLatin1(option.description),
                                            QString::fromLatin1(option.valueName)));
    }
    if (!parser.parse(arguments)) {
        err << parser.errorText() << "\nRun with --help for the options.\n";
        exitCode = 2;
        return false;
    }
    if (parser.isSet(u"help"_s)) {
        QTextStream(stdout) << parser.helpText();
        exitCode = 0;
        return false;
    }
    if (parser.isSet(u"version"_s)) {
        QTextStream(stdout) << QCoreApplication::applicationName() << ' '
                            << QCoreApplication::applicationVersion() << '\n';
        exitCode = 0;
        return false;
    }

    QString configFile = qEnvironmentVariable("BOXOFFICE_CONFIG");
    if (parser.isSet(configOption))
        configFile = parser.value(configOption);
    std::optional<QSettings> ini;
    if (!configFile.isEmpty()) {
        if (!QFileInfo(configFile).isReadable()) {
            err << "Cannot read the config file " << configFile << '\n';
            exitCode = 2;
            return false;
        }
        ini.emplace(configFile, QSettings::IniFormat);
        ini->beginGroup(u"server"_s);
    }

    for (const Option &option : options()) {
        const QString name = QString::fromLatin1(option.name);
        QString value;
        QString source;
        if (parser.isSet(name)) {
            value = parser.value(name);
            source = u"--"_s + name;
        } else if (qEnvironmentVariableIsSet(envName(option.name).toLatin1().constData())) {
            value = qEnvironmentVariable(envName(option.name).toLatin1().constData());
            source = envName(option.name);
        } else if (ini && ini->contains(name)) {
            value = ini->value(name).toString();
            source = configFile + u": "_s + name;
        } else {
            continue;
        }
        if (!option.apply(config, value)) {
            err << "Invalid value \"" << value << "\" for " << source << ": " << option.description
                << '\n';
            exitCode = 2;
            return false;
        }
    }

    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        config.command = positional.first();
        config.commandArguments = positional.mid(1);
    }
    const QHash<QString, int> argumentCounts = {{u"serve"_s, 0},
                                                {u"migrate"_s, 0},
                                                {u"seed"_s, 0},
                                                {u"import"_s, 1},
                                                {u"create-user"_s, 3}};
    if (!argumentCounts.contains(config.command)) {
        err << "Unknown command \"" << config.command << "\". Run with --help for the commands.\n";
        exitCode = 2;
        return false;
    }
    if (argumentCounts.value(config.command) != config.commandArguments.size()) {
        err << "\"" << config.command << "\" takes " << argumentCounts.value(config.command)
            << " argument(s). Run with --help for the commands.\n";
        exitCode = 2;
        return false;
    }
    return true;
}
