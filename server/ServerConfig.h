#pragma once

#include "RedisAddress.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>
#include <utility>

// Address ranges given as CIDR (192.0.2.0/24, 2001:db8::/32, or one address).
using Subnets = QList<std::pair<QHostAddress, int>>;
bool subnetsContain(const Subnets &subnets, const QHostAddress &address);

// A token bucket: a sustained rate and the burst allowed on top of it.
struct RateLimit
{
    double perSecond = 0;
    int burst = 0;
};

// Every setting of boxoffice-server. Each one can come from the command line,
// from the environment (BOXOFFICE_<NAME>) or from an INI file (--config), in
// that order of precedence.
struct ServerConfig
{
    QHostAddress listenAddress{QHostAddress::LocalHost};
    quint16 port = 8080;
    QString database = QStringLiteral("host=127.0.0.1 port=5432 dbname=boxoffice");
    RedisAddress redis;
    int workers = 4;
    std::chrono::seconds holdTime{600};
    QString logLevel = QStringLiteral("info");

    int maxSeatsPerHold = 10;
    int maxHeldSeatsPerUser = 20;
    std::chrono::milliseconds sweepInterval{1000};
    qint64 maxBodyBytes = 64 * 1024;
    qint64 maxHeaderBytes = 16 * 1024;
    std::chrono::milliseconds idleTimeout{30000};
    std::chrono::milliseconds requestTimeout{10000};
    int loginFailuresAllowed = 10;
    std::chrono::seconds loginFailureWindow{900};
    std::chrono::hours sessionLifetime{24 * 30};
    // Payment calls older than this that the ledger shows unfinished are
    // finished by the sweeper (voided, captured, refunded).
    std::chrono::seconds paymentReconcileWindow{120};

    // Protection (docs/API.md, "Limits"). The defaults are the ones a public
    // deployment needs; trusted addresses are exempted, never the default.
    QHash<QString, RateLimit> rateLimits = defaultRateLimits();
    Subnets rateLimitExempt;
    // Gateways whose X-Forwarded-For names the real client.
    Subnets trustedProxies;
    int maxConnections = 10000;
    int maxConnectionsPerAddress = 256;
    std::chrono::milliseconds streamIdleTimeout{60000};
    // How often at most the free seats of changed events go to the clients
    // that follow them (event lists).
    std::chrono::milliseconds availabilityInterval{1000};
    // Group commit: threads that decide waiting sales together, the
    // threads whose sales paid through an outside provider wait for them
    // (SalePool), and how many sales may be under way at once.
    int saleCommitters = 1;
    int saleThreads = 32;
    int maxQueuedSales = 1024;
    // The sandbox card provider played as an outside provider (intent,
    // capture after the commit, voids): for testing the path a real card
    // provider's sales take. By default it settles in-process.
    bool cardSandboxRemote = false;
    // Waiting rooms (docs/API.md, "Waiting room"): how long an admitted
    // buyer's pass lasts unused, and the sale requests per second on one
    // event (on this instance) above which its room switches on by itself,
    // admitting queueAutoAdmit buyers per second (0: never by itself).
    std::chrono::seconds queuePassLifetime{600};
    int queueAutoAbove = 0;
    int queueAutoAdmit = 100;
    int hashingThreads = 2;
    int maxQueuedHashes = 64;
    // Bearer token for /metrics; without one it answers loopback peers only.
    QByteArray metricsToken;
    // The search index's directory; empty: a default per database; "off":
    // no index, Postgres answers searches.
    QString searchIndex;
    // The time zone whose calendar days reports count in, unless a report
    // names another (docs/API.md, "Reports").
    QString reportTimeZone = QStringLiteral("Europe/Berlin");
    // The web shop's static files, served at "/"; empty: no shop. Defaults
    // to the installed shop, else the source tree's (a developer's build).
    QString webRoot = defaultWebRoot();

    // Route classes and their limits per client address and per account.
    static QHash<QString, RateLimit> defaultRateLimits();
    static QString defaultWebRoot();

    // What the command asked for: "serve" (default), "migrate", "seed",
    // "import <file>", "create-user <email> <name> <role>".
    QString command = QStringLiteral("serve");
    QStringList commandArguments;
};

// Parses arguments, environment and INI file. On bad input, prints a message
// and returns false with exitCode set (0 for --help/--version).
bool parseServerConfig(const QStringList &arguments, ServerConfig &config, int &exitCode);
