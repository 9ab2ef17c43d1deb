#pragma once

#include "HttpTestClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStringList>
#include <QTemporaryDir>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "Protocol.h"

// A database of its own in the suite's Postgres (created fresh, dropped at
// the end), so tests never see each other's rows.
// One request of a test's buyer, with when it was on the wire.
struct TimedResponse
{
    HttpTestResponse response;
    std::chrono::steady_clock::time_point sent, answered;
};

// A buyer's try at seats in the storms: the hold first when the buyer holds
// (as a counter or kiosk does), then the booking paid by the sandbox card.
struct Purchase
{
    std::optional<TimedResponse> hold;    // when the buyer held first
    std::optional<TimedResponse> booking; // absent when the hold was refused
};

// A booking a storm's buyer got acknowledged (201), with its tickets and
// when it was sent.
struct StormSale
{
    qint64 bookingId = 0;
    QList<qint64> ticketIds;
    std::chrono::steady_clock::time_point sent;

    static StormSale from(const TimedResponse &booking);
};

class TestDatabase
{
public:
    explicit TestDatabase(const QString &label);
    ~TestDatabase();
    std::string conninfo() const { return m_conninfo; }
    QString conninfoQ() const { return QString::fromStdString(m_conninfo); }
    // A single value from a query (tests' own checks against the truth).
    qint64 scalar(const std::string &sql) const;
    QString text(const std::string &sql) const; // "" for NULL
    static std::string clusterConninfo();

private:
    std::string m_name;
    std::string m_conninfo;
};

// A redis-server of its own, on a free port, that a test can flush, stop
// and start again.
class TestRedis
{
public:
    TestRedis();
    ~TestRedis();
    bool start();
    void stop();
    void flushAll();
    quint16 port() const { return m_port; }
    bool isRunning() const;

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

// The real boxoffice-server binary, started as a child process.
class TestServer
{
public:
    TestServer(const TestDatabase &db, const TestRedis &redis, QStringList extraArguments = {});
    // A server whose Redis the arguments name (--redis, or Sentinel's options).
    TestServer(const TestDatabase &db, QStringList arguments);
    ~TestServer();
    // The server process's file descriptor limit (soft and hard), before start().
    void setOpenFileLimit(int limit) { m_openFileLimit = limit; }
    bool start();
    // SIGTERM and wait for a clean exit; returns the exit code (-1: crashed or hung).
    int terminate(int timeoutMs = 15000);
    // SIGTERM without waiting; waitForExit() then gives the exit code as above.
    void requestStop();
    int waitForExit(int timeoutMs = 15000);
    void kill();
    quint16 port() const { return m_port; }
    qint64 pid() const;
    QByteArray output() const;
    std::unique_ptr<HttpTestClient> client(const QByteArray &token = {}) const;

private:
    QStringList m_arguments;
    quint16 m_port = 0;
    int m_openFileLimit = 0;
    QTemporaryDir m_searchIndex;
    std::unique_ptr<QProcess> m_process;
    mutable QByteArray m_output;
};

// Everything a server test needs: a database with the schema, a Redis, a
// server, and helpers to create users and events through the real code.
class TestStack
{
public:
    explicit TestStack(const QString &label, QStringList serverArguments = {});
    bool start();
    // Starts the server with the Redis these arguments name (say, behind
    // Sentinel) instead of a TestRedis of its own.
    bool startWithRedis(const QStringList &redisArguments);

    TestDatabase &db() { return m_db; }
    TestRedis &redis() { return m_redis; }
    TestServer &server() { return *m_server; }
    std::unique_ptr<HttpTestClient> client(const QByteArray &token = {}) const
    {
        return m_server->client(token);
    }

    // Registers a customer through the API; returns the bearer token.
    QByteArray registerCustomer(const QString &email,
                                const QString &name = QStringLiteral("Test Customer"));
    // Creates `count` customers with their sessions directly in the
    // database (no password hashing: thousands in a second); returns their
    // bearer tokens.
    QList<QByteArray> createCustomers(int count, const QString &prefix);
    // Creates a user with a role directly and signs in through the API.
    QByteArray createUser(const QString &email, Protocol::Role role);
    // Opens a till shift for a clerk or admin (cash sales need one); returns
    // its id, 0 if refused.
    qint64 openShift(const QByteArray &token, const QString &till = QStringLiteral("Test till"),
                     qint64 floatCents = 10000);
    // Imports a venue of rows × seatsPerRow with one event; returns the event id.
    qint64 createEvent(const QString &name, int rows, int seatsPerRow, int price = 2500,
                       const QString &city = QStringLiteral("Berlin"));
    // Imports a catalog document (the import file's format); returns the id
    // of the last event named `name`.
    qint64 importEvent(const QJsonObject &document, const QString &name);
    // All ticket ids of an event, in order.
    QList<qint64> ticketIds(qint64 eventId);

    static QByteArray idempotencyKey();
    static Purchase purchase(HttpTestClient &client, qint64 eventId, const QJsonArray &seats,
                             bool holdFirst);
    // A storm's acknowledged sales against the database (invariant 1): no
    // ticket acknowledged twice, every booking confirmed with exactly its
    // tickets, nothing else of the event sold, no ticket in two live
    // bookings. Returns what is wrong; empty when nothing is.
    QString checkSales(qint64 eventId, const QList<StormSale> &sales);
    // Books these seats with the sandbox card that approves, under a new
    // Idempotency-Key: what a buyer's click on "pay" sends.
    static HttpTestResponse bookWithCard(HttpTestClient &client, qint64 eventId,
                                         const QList<qint64> &ticketIds);

private:
    TestDatabase m_db;
    TestRedis m_redis;
    QStringList m_serverArguments;
    std::unique_ptr<TestServer> m_server;
};

QByteArray bearer(const QByteArray &token);
// The suite's Postgres (BOXOFFICE_TEST_PG) as psql and pgbench options:
// -h HOST -p PORT -U USER.
QStringList clusterConnectionArguments();
// Runs pgbench with these arguments and returns its "tps = …" (0 and the
// output on stderr if it failed): the benchmarks' database baseline.
double pgbenchTps(const QStringList &arguments);
// 1 to `most` different tickets picked at random from `pool`: what one buyer
// in a storm asks for.
QJsonArray randomSeats(QRandomGenerator &random, const QList<qint64> &pool, int most = 3);
// A process's resident memory (VmRSS) in KiB, or -1.
qint64 residentKiB(qint64 pid);
// CPU seconds (user + system) a process has used, and all processes named
// `command` (as in /proc/<pid>/comm) together: the benchmarks' cost figures.
double cpuSeconds(const QString &pid);
double cpuSecondsOf(const QByteArray &command);
