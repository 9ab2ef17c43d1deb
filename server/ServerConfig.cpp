#include "ServerConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSettings>
#include <QTextStream>
#include <QTimeZone>
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

std::optional<Subnets> parseSubnets(const QString &text)
{
    Subnets subnets;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        auto subnet = QHostAddress::parseSubnet(item);
        if (subnet.second < 0) {
            // One address without a prefix length: the address alone.
            QHostAddress one;
            if (!one.setAddress(item))
                return std::nullopt;
            subnet = {one, one.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32};
        }
        subnets.append(subnet);
    }
    return subnets;
}

std::function<bool(ServerConfig &, const QString &)> subnets(Subnets ServerConfig::*member)
{
    return [member](ServerConfig &config, const QString &text) {
        const auto parsed = parseSubnets(text);
        if (parsed)
            config.*member = *parsed;
        return parsed.has_value();
    };
}

// "search=20/s:60,login=10/min:10": a rate per second, minute or hour and
// the burst; classes not named keep their defaults.
bool parseRateLimits(ServerConfig &config, const QString &text)
{
    static const QHash<QString, double> periods = {{u"s"_s, 1}, {u"min"_s, 60}, {u"h"_s, 3600}};
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList nameAndLimit = part.trimmed().split(u'=');
        if (nameAndLimit.size() != 2 || !config.rateLimits.contains(nameAndLimit[0]))
            return false;
        const QStringList rateAndBurst = nameAndLimit[1].split(u':');
        const QStringList countAndPeriod = rateAndBurst[0].split(u'/');
        if (rateAndBurst.size() != 2 || countAndPeriod.size() != 2 ||
            !periods.contains(countAndPeriod[1]))
            return false;
        const auto count = toInteger(countAndPeriod[0], 1, 1000000);
        const auto burst = toInteger(rateAndBurst[1], 1, 1000000);
        if (!count || !burst)
            return false;
        config.rateLimits.insert(nameAndLimit[0], RateLimit{static_cast<double>(*count) /
                                                                periods.value(countAndPeriod[1]),
                                                            static_cast<int>(*burst)});
    }
    return true;
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
             const auto server = RedisEndpoint::parse(v);
             if (server)
                 c.redis.server = *server;
             return server.has_value();
         }},
        {"redis-sentinels", "host:port,...",
         "Redis Sentinels to ask, in order, for the master named by --redis-master; with "
         "them, --redis is ignored (default none).",
         [](ServerConfig &c, const QString &v) {
             const auto sentinels = RedisAddress::parseList(v);
             if (sentinels)
                 c.redis.sentinels = *sentinels;
             return sentinels.has_value();
         }},
        {"redis-master", "name",
         "Name of the master the sentinels monitor (with --redis-sentinels).",
         [](ServerConfig &c, const QString &v) {
             c.redis.masterName = v.toUtf8();
             return !v.isEmpty() && !v.contains(u' ');
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
        {"rate-limits", "class=n/period:burst,...",
         "Requests per client address and per account by route class (search, read, sale, "
         "lookup, login, register, stream); period s, min or h. Default "
         "search=20/s:60,read=200/s:2000,sale=5/s:20,lookup=1/s:30,login=10/min:10,"
         "register=5/h:5,stream=2/s:10.",
         parseRateLimits},
        {"rate-limit-exempt", "cidr,...",
         "Client addresses no rate or connection limit applies to, e.g. the operator's "
         "monitoring or a load generator (default none).",
         subnets(&ServerConfig::rateLimitExempt)},
        {"trusted-proxies", "cidr,...",
         "Gateways whose X-Forwarded-For gives the real client address (default none: the "
         "header is ignored).",
         subnets(&ServerConfig::trustedProxies)},
        {"max-connections", "n", "Open connections per server process (default 10000).",
         integer(&ServerConfig::maxConnections, 1, 10000000)},
        {"max-connections-per-address", "n", "Open connections per client address (default 256).",
         integer(&ServerConfig::maxConnectionsPerAddress, 1, 10000000)},
        {"stream-idle-timeout-ms", "ms",
         "Close a stream client that answers no ping for this long (default 60000).",
         integer(&ServerConfig::streamIdleTimeout, 100, 3600000)},
        {"availability-interval-ms", "ms",
         "Send the free seats of events that changed to the clients that follow them at most "
         "this often (default 1000).",
         integer(&ServerConfig::availabilityInterval, 50, 600000)},
        {"sale-committers", "n",
         "Threads that commit sales together, each with its own Postgres connection "
         "(default 1: one transaction at a time, the largest batches).",
         integer(&ServerConfig::saleCommitters, 1, 64)},
        {"sale-threads", "n",
         "Threads that run sales paid through an outside provider apart from the workers; "
         "how many of them can wait for one commit together (default 32). Sales paid "
         "in-process wait on no thread.",
         integer(&ServerConfig::saleThreads, 1, 1024)},
        {"card-sandbox", "mode",
         "How the sandbox card provider settles: in-process (default: a sale records its "
         "payment once, in its own transaction) or remote (like an outside provider: the "
         "intent before, the capture after the commit, voids; for testing that path).",
         [](ServerConfig &config, const QString &text) {
             if (text != u"in-process"_s && text != u"remote"_s)
                 return false;
             config.cardSandboxRemote = text == u"remote"_s;
             return true;
         }},
        {"max-queued-sales", "n", "Sales under way at once before 503 (default 1024).",
         integer(&ServerConfig::maxQueuedSales, 1, 1000000)},
        {"queue-pass-seconds", "seconds",
         "How long a waiting room's pass lets its buyer in, unused (default 600).",
         integer(&ServerConfig::queuePassLifetime, 1, 86400)},
        {"queue-auto-above", "n",
         "Switch an event's waiting room on by itself above this many hold and booking "
         "requests per second on it (default 0: only an admin does).",
         integer(&ServerConfig::queueAutoAbove, 0, 10000000)},
        {"queue-auto-admit", "n",
         "Buyers per second a room switched on by itself admits (default 100).",
         integer(&ServerConfig::queueAutoAdmit, 1, 100000)},
        {"hashing-threads", "n", "Threads that hash passwords, apart from the workers (default 2).",
         integer(&ServerConfig::hashingThreads, 1, 256)},
        {"max-queued-hashes", "n",
         "Sign-ins and sign-ups waiting for a hashing thread before 503 (default 64).",
         integer(&ServerConfig::maxQueuedHashes, 1, 100000)},
        {"search-index", "dir",
         "Directory of the search index, rebuilt from the catalog when missing (default: one per "
         "database in the user's cache); \"off\" searches with Postgres only.",
         [](ServerConfig &c, const QString &v) {
             c.searchIndex = v;
             return !v.isEmpty();
         }},
        {"metrics-token", "token",
         "Bearer token that /metrics requires; without one, /metrics answers only direct "
         "connections from this machine.",
         [](ServerConfig &c, const QString &v) {
             c.metricsToken = v.toUtf8();
             return v.size() >= 16;
         }},
        {"web-root", "dir",
         "Directory of the web shop served at / (default: " BOXOFFICE_INSTALLED_WEB_ROOT
         " when installed, else the source tree's resources/web); \"off\" serves no shop.",
         [](ServerConfig &c, const QString &v) {
             c.webRoot = v == u"off"_s ? QString() : v;
             return v == u"off"_s || QFileInfo(v).isDir();
         }},
        {"report-time-zone", "zone",
         "Time zone whose calendar days the sales and shift reports count in, unless a report "
         "asks for another (default Europe/Berlin).",
         [](ServerConfig &c, const QString &v) {
             c.reportTimeZone = v;
             return QTimeZone::isTimeZoneIdAvailable(v.toUtf8());
         }},
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

    if (config.redis.sentinels.isEmpty() != config.redis.masterName.isEmpty()) {
        err << "--redis-sentinels and --redis-master go together: the sentinels to ask and the "
               "name of the master they monitor.\n";
        exitCode = 2;
        return false;
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

QHash<QString, RateLimit> ServerConfig::defaultRateLimits()
{
    return {{u"search"_s, {20, 60}},       {u"read"_s, {200, 2000}},
            {u"sale"_s, {5, 20}},          {u"lookup"_s, {1, 30}},
            {u"login"_s, {10.0 / 60, 10}}, {u"register"_s, {5.0 / 3600, 5}},
            {u"stream"_s, {2, 10}},        {u"checkin"_s, {50, 200}}};
}

QString ServerConfig::defaultWebRoot()
{
    const QString installed = QStringLiteral(BOXOFFICE_INSTALLED_WEB_ROOT);
    if (QFileInfo(installed).isDir())
        return installed;
    const QString source = QStringLiteral(BOXOFFICE_SOURCE_WEB_ROOT);
    return QFileInfo(source).isDir() ? source : QString();
}

bool subnetsContain(const Subnets &subnets, const QHostAddress &address)
{
    // An IPv4 client on an IPv6 socket arrives as ::ffff:a.b.c.d.
    bool mapped = false;
    const QHostAddress v4(address.toIPv4Address(&mapped));
    for (const auto &subnet : subnets) {
        if (address.isInSubnet(subnet) || (mapped && v4.isInSubnet(subnet)))
            return true;
    }
    return false;
}
