#include "TestStack.h"
#include "Nginx.h"
#include <sys/resource.h>

#include "AuthService.h"
#include "CatalogImporter.h"
#include "Database.h"
#include "Migrations.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QThread>
#include <QUuid>
#include <atomic>
#include <cstdio>
#include <pqxx/pqxx>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
std::atomic<int> databaseCounter{0};
} // namespace

std::string TestDatabase::clusterConninfo()
{
    const QByteArray env = qgetenv("BOXOFFICE_TEST_PG");
    return env.isEmpty() ? std::string("host=127.0.0.1 port=55433 user=postgres")
                         : env.toStdString();
}

TestDatabase::TestDatabase(const QString &label)
{
    static bool sodium = sodium_init() >= 0;
    Q_UNUSED(sodium);
    QString clean = label.toLower();
    clean.replace(QRegularExpression(u"[^a-z0-9]"_s), u"_"_s);
    m_name = "bo_" + clean.left(30).toStdString() + "_" + std::to_string(::getpid()) + "_" +
             std::to_string(databaseCounter++);
    pqxx::connection admin(clusterConninfo() + " dbname=postgres");
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + m_name);
    tx.exec("CREATE DATABASE " + m_name);
    m_conninfo = clusterConninfo() + " dbname=" + m_name;
    Database db(m_conninfo);
    applyMigrations(db);
}

TestDatabase::~TestDatabase()
{
    try {
        pqxx::connection admin(clusterConninfo() + " dbname=postgres");
        pqxx::nontransaction tx(admin);
        tx.exec("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    } catch (const std::exception &error) {
        qWarning("could not drop test database: %s", error.what());
    }
}

qint64 TestDatabase::scalar(const std::string &sql) const
{
    pqxx::connection connection(m_conninfo);
    pqxx::nontransaction tx(connection);
    return tx.exec1(sql)[0].as<qint64>();
}

QString TestDatabase::text(const std::string &sql) const
{
    pqxx::connection connection(m_conninfo);
    pqxx::nontransaction tx(connection);
    const pqxx::field field = tx.exec1(sql)[0];
    return field.is_null() ? QString() : QString::fromUtf8(field.c_str());
}

TestRedis::TestRedis() = default;

TestRedis::~TestRedis()
{
    stop();
}

bool TestRedis::start()
{
    if (!m_port)
        m_port = freeLocalPort();
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(u"redis-server"_s);
    m_process->setArguments({u"--port"_s, QString::number(m_port), u"--bind"_s, u"127.0.0.1"_s,
                             u"--save"_s, u""_s, u"--appendonly"_s, u"no"_s, u"--dir"_s,
                             m_dir.path()});
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start();
    if (!m_process->waitForStarted(5000))
        return false;
    for (int i = 0; i < 100; ++i) {
        QProcess cli;
        cli.start(u"redis-cli"_s, {u"-p"_s, QString::number(m_port), u"ping"_s});
        cli.waitForFinished(2000);
        if (cli.readAllStandardOutput().trimmed() == "PONG")
            return true;
        QThread::msleep(50);
    }
    return false;
}

void TestRedis::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

bool TestRedis::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void TestRedis::flushAll()
{
    QProcess cli;
    cli.start(u"redis-cli"_s, {u"-p"_s, QString::number(m_port), u"FLUSHALL"_s});
    cli.waitForFinished(5000);
}

TestServer::TestServer(const TestDatabase &db, const TestRedis &redis, QStringList extraArguments)
    : TestServer(db, QStringList{u"--redis"_s, u"127.0.0.1:"_s + QString::number(redis.port())} +
                         extraArguments)
{
}

TestServer::TestServer(const TestDatabase &db, QStringList arguments)
{
    m_arguments = QStringList{u"--database"_s, db.conninfoQ(), u"--port"_s,      u"0"_s,
                              u"--workers"_s,  u"4"_s,         u"--log-level"_s, u"warning"_s} +
                  arguments;
    // A search index of its own, gone with the test (unless the test names one).
    if (!std::any_of(m_arguments.cbegin(), m_arguments.cend(), [](const QString &argument) {
            return argument.startsWith(u"--search-index"_s);
        }))
        m_arguments += {u"--search-index"_s, m_searchIndex.filePath(u"search"_s)};
}

TestServer::~TestServer()
{
    kill();
}

bool TestServer::start()
{
    const QString binary = qEnvironmentVariable("BOXOFFICE_SERVER_BIN");
    if (binary.isEmpty())
        qFatal("BOXOFFICE_SERVER_BIN is not set; run the tests through ctest");
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    // The suite's clients all come from this machine: exempt from the rate
    // and connection limits unless a test asks for them (tst_limits).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(u"BOXOFFICE_RATE_LIMIT_EXEMPT"_s))
        environment.insert(u"BOXOFFICE_RATE_LIMIT_EXEMPT"_s, u"127.0.0.0/8,::1"_s);
    m_process->setProcessEnvironment(environment);
    if (m_openFileLimit > 0) {
        m_process->setChildProcessModifier([limit = m_openFileLimit] {
            const rlimit files{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
            ::setrlimit(RLIMIT_NOFILE, &files);
        });
    }
    m_output.clear();
    m_process->start(binary, m_arguments);
    if (!m_process->waitForStarted(5000))
        return false;
    static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)"_s);
    const auto deadline = QDateTime::currentMSecsSinceEpoch() + 20000;
    while (QDateTime::currentMSecsSinceEpoch() < deadline) {
        m_process->waitForReadyRead(100);
        m_output += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = static_cast<quint16>(match.captured(1).toUInt());
            return true;
        }
        if (m_process->state() == QProcess::NotRunning)
            break;
    }
    qWarning("server did not start:\n%s", m_output.constData());
    return false;
}

int TestServer::terminate(int timeoutMs)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return -1;
    requestStop();
    return waitForExit(timeoutMs);
}

void TestServer::requestStop()
{
    if (m_process)
        m_process->terminate();
}

int TestServer::waitForExit(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    m_output += m_process->readAll();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void TestServer::kill()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

qint64 TestServer::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray TestServer::output() const
{
    if (m_process)
        m_output += m_process->readAll();
    return m_output;
}

std::unique_ptr<HttpTestClient> TestServer::client(const QByteArray &token) const
{
    auto c = std::make_unique<HttpTestClient>("127.0.0.1", m_port);
    c->setToken(token);
    return c;
}

TestStack::TestStack(const QString &label, QStringList serverArguments)
    : m_db(label)
    , m_serverArguments(std::move(serverArguments))
{
}

bool TestStack::start()
{
    if (!m_redis.start())
        return false;
    m_server = std::make_unique<TestServer>(m_db, m_redis, m_serverArguments);
    return m_server->start();
}

bool TestStack::startWithRedis(const QStringList &redisArguments)
{
    m_server = std::make_unique<TestServer>(m_db, redisArguments + m_serverArguments);
    return m_server->start();
}

QByteArray TestStack::registerCustomer(const QString &email, const QString &name)
{
    auto c = client();
    const HttpTestResponse r = c->post(
        "/v1/auth/register",
        QJsonObject{{u"email"_s, email}, {u"password"_s, u"correct horse"_s}, {u"name"_s, name}});
    return r.json().value(u"token"_s).toString().toUtf8();
}

QList<QByteArray> TestStack::createCustomers(int count, const QString &prefix)
{
    QList<QByteArray> tokens;
    std::vector<std::string> emails;
    std::vector<std::string> hashes;
    for (int i = 0; i < count; ++i) {
        unsigned char random[24];
        randombytes_buf(random, sizeof random);
        const QByteArray token = QByteArray(reinterpret_cast<const char *>(random), sizeof random)
                                     .toBase64(QByteArray::Base64UrlEncoding);
        tokens.append(token);
        hashes.push_back(
            QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex().toStdString());
        emails.push_back(u"%1%2@example.org"_s.arg(prefix).arg(i).toStdString());
    }
    pqxx::connection connection(m_db.conninfo());
    pqxx::work tx(connection);
    // The sessions' hashes as AuthService stores them (SHA-256 of the token).
    tx.exec_params("WITH made AS (INSERT INTO users (email, name, password_hash, role) "
                   "SELECT email, 'Customer ' || ordinality, '!', 'customer' "
                   "FROM unnest($1::text[]) WITH ORDINALITY AS u(email, ordinality) "
                   "RETURNING id, email) "
                   "INSERT INTO sessions (token_hash, user_id, expires_at) "
                   "SELECT h.hash, made.id, now() + interval '1 day' "
                   "FROM unnest($1::text[], $2::text[]) AS h(email, hash) "
                   "JOIN made ON made.email = h.email",
                   toPgTextArray(emails), toPgTextArray(hashes));
    tx.commit();
    return tokens;
}

QByteArray TestStack::createUser(const QString &email, Protocol::Role role)
{
    Database db(m_db.conninfo());
    AuthService::createUser(db, email, email.section(u'@', 0, 0), role, u"correct horse"_s);
    auto c = client();
    const HttpTestResponse r = c->post(
        "/v1/auth/login", QJsonObject{{u"email"_s, email}, {u"password"_s, u"correct horse"_s}});
    return r.json().value(u"token"_s).toString().toUtf8();
}

qint64 TestStack::openShift(const QByteArray &token, const QString &till, qint64 floatCents)
{
    auto c = client(token);
    const HttpTestResponse r =
        c->post("/v1/shifts", {{u"till"_s, till}, {u"float_cents"_s, floatCents}});
    if (r.status != 201)
        qWarning("opening a shift: %d %s", r.status, r.body.constData());
    return r.status == 201 ? r.json().value(u"id"_s).toInteger() : 0;
}

qint64 TestStack::createEvent(const QString &name, int rows, int seatsPerRow, int price,
                              const QString &city)
{
    const QJsonObject document{
        {u"venue"_s,
         QJsonObject{{u"name"_s, QString(name + u" Hall"_s)},
                     {u"city"_s, city},
                     {u"kind"_s, u"arena"_s},
                     {u"sections"_s, QJsonArray{QJsonObject{{u"name"_s, u"Floor"_s},
                                                            {u"rows"_s, rows},
                                                            {u"seats_per_row"_s, seatsPerRow}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, name},
             {u"performer"_s, u"Test Performer"_s},
             {u"starts_at"_s, QDateTime::currentDateTimeUtc().addDays(7).toString(Qt::ISODate)},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Standard"_s}, {u"price"_s, price}}}}}}}};
    return importEvent(document, name);
}

qint64 TestStack::importEvent(const QJsonObject &document, const QString &name)
{
    Database db(m_db.conninfo());
    importCatalog(db, document);
    pqxx::work tx(db.connection());
    return tx.exec_params1("SELECT max(id) FROM events WHERE name = $1", name.toStdString())[0]
        .as<qint64>();
}

QList<qint64> TestStack::ticketIds(qint64 eventId)
{
    Database db(m_db.conninfo());
    pqxx::work tx(db.connection());
    QList<qint64> ids;
    for (const pqxx::row &row :
         tx.exec_params("SELECT id FROM tickets WHERE event_id = $1 ORDER BY id", eventId))
        ids.append(row[0].as<qint64>());
    return ids;
}

QByteArray TestStack::idempotencyKey()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

Purchase TestStack::purchase(HttpTestClient &client, qint64 eventId, const QJsonArray &seats,
                             bool holdFirst)
{
    const QByteArray event = "/v1/event/" + QByteArray::number(eventId);
    const auto timed = [](const auto &request) {
        TimedResponse out;
        out.sent = std::chrono::steady_clock::now();
        out.response = request();
        out.answered = std::chrono::steady_clock::now();
        return out;
    };
    Purchase purchase;
    QJsonObject body{
        {u"payment_details"_s,
         QJsonObject{{u"method"_s, u"card"_s}, {u"card_token"_s, u"tok_sandbox_approve"_s}}}};
    if (holdFirst) {
        purchase.hold = timed([&] {
            return client.post(event + "/holds", {{u"ticket_ids"_s, seats}});
        });
        if (purchase.hold->response.status != 201)
            return purchase;
        body.insert(u"hold_id"_s, purchase.hold->response.json().value(u"hold_id"_s));
    } else {
        body.insert(u"ticket_ids"_s, seats);
    }
    purchase.booking = timed([&] {
        return client.post(event + "/bookings", body, {{"Idempotency-Key", idempotencyKey()}});
    });
    return purchase;
}

StormSale StormSale::from(const TimedResponse &booking)
{
    const QJsonObject json = booking.response.json();
    StormSale sale{json.value(u"id"_s).toInteger(), {}, booking.sent};
    for (const QJsonValue &ticket : json.value(u"tickets"_s).toArray())
        sale.ticketIds.append(ticket.toObject().value(u"id"_s).toInteger());
    return sale;
}

QString TestStack::checkSales(qint64 eventId, const QList<StormSale> &sales)
{
    QSet<qint64> sold;
    for (const StormSale &sale : sales) {
        for (qint64 id : sale.ticketIds) {
            if (sold.contains(id))
                return u"ticket %1 acknowledged twice"_s.arg(id);
            sold.insert(id);
        }
    }
    for (const StormSale &sale : sales) {
        const std::string id = std::to_string(sale.bookingId);
        if (m_db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND booking_id = " +
                        id) != sale.ticketIds.size() ||
            m_db.scalar("SELECT count(*) FROM bookings WHERE status = 'confirmed' AND id = " +
                        id) != 1)
            return u"booking %1 is not confirmed with exactly its tickets"_s.arg(sale.bookingId);
    }
    const qint64 soldInDatabase =
        m_db.scalar("SELECT count(*) FROM tickets WHERE status = 'sold' AND event_id = " +
                    std::to_string(eventId));
    if (soldInDatabase != sold.size())
        return u"%1 tickets sold, %2 acknowledged"_s.arg(soldInDatabase).arg(sold.size());
    const qint64 twice =
        m_db.scalar("SELECT count(*) FROM (SELECT ticket_id FROM booking_tickets WHERE "
                    "cancelled_at IS NULL GROUP BY ticket_id HAVING count(*) > 1) AS twice");
    if (twice != 0)
        return u"%1 tickets in two live bookings"_s.arg(twice);
    return {};
}

HttpTestResponse TestStack::bookWithCard(HttpTestClient &client, qint64 eventId,
                                         const QList<qint64> &ticketIds)
{
    QJsonArray seats;
    for (qint64 id : ticketIds)
        seats.append(id);
    return client.post(
        "/v1/event/" + QByteArray::number(eventId) + "/bookings",
        {{QStringLiteral("ticket_ids"), seats},
         {QStringLiteral("payment_details"),
          QJsonObject{{QStringLiteral("method"), QStringLiteral("card")},
                      {QStringLiteral("card_token"), QStringLiteral("tok_sandbox_approve")}}}},
        {{"Idempotency-Key", idempotencyKey()}});
}

QByteArray bearer(const QByteArray &token)
{
    return "Bearer " + token;
}

QJsonArray randomSeats(QRandomGenerator &random, const QList<qint64> &pool, int most)
{
    QJsonArray seats;
    const int count = 1 + static_cast<int>(random.bounded(most));
    while (seats.size() < count) {
        const qint64 id = pool.at(static_cast<qsizetype>(random.bounded(pool.size())));
        if (!seats.contains(id))
            seats.append(id);
    }
    return seats;
}

qint64 residentKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

QStringList clusterConnectionArguments()
{
    const QString cluster = QString::fromUtf8(qgetenv("BOXOFFICE_TEST_PG"));
    const auto value = [&](const QString &key) {
        return QRegularExpression(key + u"=(\\S+)"_s).match(cluster).captured(1);
    };
    return {u"-h"_s, value(u"host"_s), u"-p"_s, value(u"port"_s), u"-U"_s, value(u"user"_s)};
}

double pgbenchTps(const QStringList &arguments)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(u"/usr/lib/postgresql/15/bin/pgbench"_s, arguments);
    p.waitForFinished(600000);
    const QString out = QString::fromUtf8(p.readAll());
    const auto match = QRegularExpression(u"tps = ([0-9.]+)"_s).match(out);
    if (!match.hasMatch()) {
        std::fprintf(stderr, "pgbench failed:\n%s\n", qPrintable(out));
        return 0;
    }
    return match.captured(1).toDouble();
}

double cpuSeconds(const QString &pid)
{
    QFile stat(u"/proc/"_s + pid + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) /
           static_cast<double>(sysconf(_SC_CLK_TCK));
}

double cpuSecondsOf(const QByteArray &command)
{
    double total = 0;
    for (const QString &pid : QDir(u"/proc"_s).entryList(QDir::Dirs)) {
        QFile comm(u"/proc/"_s + pid + u"/comm"_s);
        if (pid.front().isDigit() && comm.open(QIODevice::ReadOnly) &&
            comm.readAll().trimmed() == command)
            total += cpuSeconds(pid);
    }
    return total;
}
