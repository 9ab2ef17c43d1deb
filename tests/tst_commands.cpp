// The daemon's command line: settings from options, environment and INI
// file; and the operator commands import, create-user and seed.
#include "ServerConfig.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QTemporaryFile>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void settingsPrecedence();
    void sentinelSettings();
    void badSettingsAreRefused_data();
    void badSettingsAreRefused();
    void helpListsEveryOption();
    void importVenue();
    void importRefusesABadFileAndWritesNothing();
    void createUserReadsThePasswordFromStdin();
    void seedIsIdempotent();
    void startUpFailureHidesThePassword();

private:
    struct Run
    {
        int exitCode;
        QByteArray output;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {});
};

TestCommands::Run TestCommands::run(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(qEnvironmentVariable("BOXOFFICE_SERVER_BIN"), arguments);
    process.waitForStarted();
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAll()};
}

void TestCommands::settingsPrecedence()
{
    QTemporaryFile ini;
    QVERIFY(ini.open());
    ini.write("[server]\nworkers=3\nhold-seconds=120\nport=9000\nredis=10.0.0.5:6390\n");
    ini.close();
    qputenv("BOXOFFICE_HOLD_SECONDS", "300");
    qputenv("BOXOFFICE_PORT", "9100");
    ServerConfig config;
    int exitCode = -1;
    QVERIFY(parseServerConfig(
        {u"boxoffice-server"_s, u"--config"_s, ini.fileName(), u"--port"_s, u"9200"_s}, config,
        exitCode));
    qunsetenv("BOXOFFICE_HOLD_SECONDS");
    qunsetenv("BOXOFFICE_PORT");
    QCOMPARE(config.workers, 3);                          // file
    QCOMPARE(config.holdTime, std::chrono::seconds(300)); // environment beats file
    QCOMPARE(config.port, 9200);                          // command line beats both
    QCOMPARE(config.redis.server.toString(), u"10.0.0.5:6390"_s);
    QVERIFY(!config.redis.usesSentinels());
    QCOMPARE(config.listenAddress,
             QHostAddress(QHostAddress::LocalHost)); // never all interfaces by default
    QCOMPARE(config.command, u"serve"_s);
}

void TestCommands::sentinelSettings()
{
    qputenv("BOXOFFICE_REDIS_SENTINELS", "10.0.0.1:26379, sentinel-b:26380");
    ServerConfig config;
    int exitCode = -1;
    QVERIFY(parseServerConfig({u"boxoffice-server"_s, u"--redis-master"_s, u"mymaster"_s}, config,
                              exitCode));
    qunsetenv("BOXOFFICE_REDIS_SENTINELS");
    QVERIFY(config.redis.usesSentinels());
    QCOMPARE(config.redis.sentinels.size(), 2);
    QCOMPARE(config.redis.sentinels[0].toString(), u"10.0.0.1:26379"_s);
    QCOMPARE(config.redis.sentinels[1].toString(), u"sentinel-b:26380"_s);
    QCOMPARE(config.redis.masterName, "mymaster");
}

void TestCommands::badSettingsAreRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("port out of range") << QStringList{u"--port"_s, u"70000"_s};
    QTest::addRow("workers zero") << QStringList{u"--workers"_s, u"0"_s};
    QTest::addRow("hold not a number") << QStringList{u"--hold-seconds"_s, u"soon"_s};
    QTest::addRow("redis without port") << QStringList{u"--redis"_s, u"localhost"_s};
    QTest::addRow("sentinels without master")
        << QStringList{u"--redis-sentinels"_s, u"10.0.0.1:26379,10.0.0.2:26379"_s};
    QTest::addRow("master without sentinels") << QStringList{u"--redis-master"_s, u"mymaster"_s};
    QTest::addRow("sentinel without port") << QStringList{
        u"--redis-sentinels"_s, u"10.0.0.1:26379,10.0.0.2"_s, u"--redis-master"_s, u"mymaster"_s};
    QTest::addRow("empty sentinel") << QStringList{u"--redis-sentinels"_s, u"10.0.0.1:26379,"_s,
                                                   u"--redis-master"_s, u"mymaster"_s};
    QTest::addRow("bad listen address") << QStringList{u"--listen"_s, u"example"_s};
    QTest::addRow("log level") << QStringList{u"--log-level"_s, u"loud"_s};
    QTest::addRow("unknown option") << QStringList{u"--colour"_s, u"blue"_s};
    QTest::addRow("unknown command") << QStringList{u"dance"_s};
    QTest::addRow("import needs a file") << QStringList{u"import"_s};
    QTest::addRow("missing config file") << QStringList{u"--config"_s, u"/nonexistent.ini"_s};
}

void TestCommands::badSettingsAreRefused()
{
    QFETCH(QStringList, arguments);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(!result.output.trimmed().isEmpty(), "an explanation is printed");
}

void TestCommands::startUpFailureHidesThePassword()
{
    // Nothing listens on port 1: the server cannot start, and says so
    // without printing the password of its connection string.
    for (const QString &conninfo :
         {u"host=127.0.0.1 port=1 user=postgres password=s3cret-pw connect_timeout=2"_s,
          u"postgresql://postgres:s3cret-pw@127.0.0.1:1/boxoffice?connect_timeout=2"_s}) {
        const Run result = run({u"--database"_s, conninfo, u"--port"_s, u"0"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.output.contains("Cannot prepare the database"), result.output.constData());
        QVERIFY2(result.output.contains("***"), result.output.constData());
        QVERIFY2(!result.output.contains("s3cret-pw"), result.output.constData());
    }
}

void TestCommands::helpListsEveryOption()
{
    const Run help = run({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    for (const char *option :
         {"--listen", "--port", "--database", "--redis", "--workers", "--hold-seconds",
          "--log-level", "--config", "BOXOFFICE_", "create-user", "import", "seed", "migrate"})
        QVERIFY2(help.output.contains(option), option);
}

void TestCommands::importVenue()
{
    TestDatabase db(u"commands_import"_s);
    QTemporaryFile file;
    QVERIFY(file.open());
    const QJsonObject venue{
        {u"venue"_s,
         QJsonObject{
             {u"name"_s, u"Kleines Haus"_s},
             {u"city"_s, u"Dresden"_s},
             {u"sections"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Parkett"_s},
                                     {u"rows"_s, 3},
                                     {u"seats_per_row"_s, 4},
                                     {u"accessible_rows"_s, QJsonArray{u"A"_s}}},
                         QJsonObject{{u"name"_s, u"Loge"_s},
                                     {u"rows"_s, QJsonArray{QJsonObject{{u"name"_s, u"L"_s},
                                                                        {u"seats"_s, 2}}}}}}}}},
        {u"events"_s,
         QJsonArray{QJsonObject{
             {u"name"_s, u"Woyzeck"_s},
             {u"starts_at"_s, u"2030-01-01T19:00:00Z"_s},
             {u"price_categories"_s,
              QJsonArray{QJsonObject{{u"name"_s, u"Loge"_s},
                                     {u"price"_s, 3000},
                                     {u"sections"_s, QJsonArray{u"Loge"_s}}},
                         QJsonObject{{u"name"_s, u"Parkett"_s}, {u"price"_s, 2000}}}}}}}};
    file.write(QJsonDocument(venue).toJson());
    file.close();
    const QStringList arguments{u"--database"_s, db.conninfoQ(), u"import"_s, file.fileName()};
    const Run first = run(arguments);
    QVERIFY2(first.exitCode == 0, first.output.constData());
    QCOMPARE(db.scalar("SELECT count(*) FROM tickets"), 14);
    QCOMPARE(db.scalar("SELECT count(*) FROM seats WHERE accessible"), 4);
    QCOMPARE(db.scalar("SELECT sum(price_cents) FROM tickets"), 12 * 2000 + 2 * 3000);
    QCOMPARE(db.scalar("SELECT available FROM events"), 14);
    // Importing again adds nothing.
    QCOMPARE(run(arguments).exitCode, 0);
    QCOMPARE(db.scalar("SELECT count(*) FROM tickets"), 14);
    QCOMPARE(db.scalar("SELECT count(*) FROM events"), 1);
}

void TestCommands::importRefusesABadFileAndWritesNothing()
{
    TestDatabase db(u"commands_bad_import"_s);
    QTemporaryFile file;
    QVERIFY(file.open());
    // The second event names a section the venue does not have.
    file.write(
        R"({"venue":{"name":"X","city":"Y","sections":[{"name":"A","rows":1,"seats_per_row":2}]},
                  "events":[{"name":"Good","starts_at":"2030-01-01T19:00:00Z","price_categories":[{"name":"P","price":1}]},
                            {"name":"Bad","starts_at":"2030-01-02T19:00:00Z","price_categories":[{"name":"P","price":1,"sections":["Nope"]}]}]})");
    file.close();
    const Run result = run({u"--database"_s, db.conninfoQ(), u"import"_s, file.fileName()});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.output.contains("Nope"), result.output.constData());
    QCOMPARE(db.scalar("SELECT count(*) FROM venues"), 0);
    QCOMPARE(db.scalar("SELECT count(*) FROM events"), 0);

    QVERIFY(file.open());
    file.resize(0);
    file.write("{ not json");
    file.close();
    QCOMPARE(run({u"--database"_s, db.conninfoQ(), u"import"_s, file.fileName()}).exitCode, 1);
}

void TestCommands::createUserReadsThePasswordFromStdin()
{
    TestDatabase db(u"commands_user"_s);
    const QStringList arguments{u"--database"_s,          db.conninfoQ(),   u"create-user"_s,
                                u"clerk@venue.example"_s, u"Counter One"_s, u"clerk"_s};
    const Run created = run(arguments, "counter secret\n");
    QVERIFY2(created.exitCode == 0, created.output.constData());
    QCOMPARE(
        db.scalar(
            "SELECT count(*) FROM users WHERE role = 'clerk' AND password_hash LIKE '$argon2id$%'"),
        1);
    QCOMPARE(run(arguments, "counter secret\n").exitCode, 1); // e-mail taken
    QCOMPARE(run({u"--database"_s, db.conninfoQ(), u"create-user"_s, u"x@y.z"_s, u"X"_s, u"root"_s},
                 "long enough\n")
                 .exitCode,
             2);
    QCOMPARE(
        run({u"--database"_s, db.conninfoQ(), u"create-user"_s, u"x@y.z"_s, u"X"_s, u"clerk"_s},
            "short\n")
            .exitCode,
        1);
    QCOMPARE(db.scalar("SELECT count(*) FROM users"), 1);
}

void TestCommands::seedIsIdempotent()
{
    TestDatabase db(u"commands_seed"_s);
    QCOMPARE(run({u"--database"_s, db.conninfoQ(), u"seed"_s}).exitCode, 0);
    const qint64 tickets = db.scalar("SELECT count(*) FROM tickets");
    QVERIFY(tickets > 50000);
    QVERIFY(db.scalar("SELECT count(DISTINCT city) FROM venues") >= 2);
    QVERIFY(db.scalar("SELECT count(*) FROM events") > 200);
    // The catalog resources/demo/demo-catalog.json describes (it was C++
    // code before; the same venues, shows and seats): 3 cinema screens with
    // 4 shows a day, a concert a night, a play six nights a week, for 21 days.
    QCOMPARE(db.scalar("SELECT count(*) FROM venues"), 5);
    QCOMPARE(db.scalar("SELECT count(*) FROM events"), 3 * 21 * 4 + 21 + 18);
    QCOMPARE(tickets, 89760);
    QCOMPARE(run({u"--database"_s, db.conninfoQ(), u"seed"_s}).exitCode, 0);
    QCOMPARE(db.scalar("SELECT count(*) FROM tickets"), tickets);
}

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"
