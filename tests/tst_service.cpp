// The daemon as a systemd service: it tells systemd when it is ready and
// when it stops (Type=notify), its log lines carry journald priorities, and
// the server.ini the package ships is one it reads.
#include "Log.h"
#include "ServerConfig.h"
#include "TestStack.h"

#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QtTest>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
// The socket systemd would pass in NOTIFY_SOCKET: datagrams, one message each.
class NotifySocket
{
public:
    explicit NotifySocket(const QString &path)
        : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray bytes = path.toUtf8();
        std::memcpy(address.sun_path, bytes.constData(),
                    std::min(sizeof address.sun_path - 1, size_t(bytes.size())));
        m_bound = ::bind(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~NotifySocket() { ::close(m_fd); }
    bool isBound() const { return m_bound; }
    // Every message received so far, without waiting.
    QList<QByteArray> receive()
    {
        QList<QByteArray> messages;
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n < 0)
                break;
            messages.append(QByteArray(buffer, n));
        }
        return messages;
    }

private:
    QString m_path;
    int m_fd = -1;
    bool m_bound = false;
};
} // namespace

class TestService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void journalPrefixes_data();
    void journalPrefixes();
    void everyLineOfAMessageKeepsItsPriority();
    void journalStreamIsRecognisedByDeviceAndInode();
    void notifiesReadyAndStopping();
    void shippedServerIniIsRead();
};

void TestService::journalPrefixes_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addRow("debug") << int(QtDebugMsg) << QByteArray("<7>");
    QTest::addRow("info") << int(QtInfoMsg) << QByteArray("<6>");
    QTest::addRow("warning") << int(QtWarningMsg) << QByteArray("<4>");
    QTest::addRow("critical") << int(QtCriticalMsg) << QByteArray("<3>");
    QTest::addRow("fatal") << int(QtFatalMsg) << QByteArray("<2>");
}

void TestService::journalPrefixes()
{
    QFETCH(int, type);
    QFETCH(QByteArray, prefix);
    QCOMPARE(journalPriorityPrefix(QtMsgType(type)), prefix);
    QCOMPARE(journalLines(QtMsgType(type), u"boxoffice.db: connection lost"_s),
             prefix + "boxoffice.db: connection lost\n");
}

void TestService::everyLineOfAMessageKeepsItsPriority()
{
    QCOMPARE(journalLines(QtWarningMsg, u"first\nsecond"_s), QByteArray("<4>first\n<4>second\n"));
    QCOMPARE(journalLines(QtWarningMsg, u"ends its line\n"_s), QByteArray("<4>ends its line\n"));
}

void TestService::journalStreamIsRecognisedByDeviceAndInode()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    struct stat info = {};
    QCOMPARE(::fstat(file.handle(), &info), 0);
    const QByteArray mine = QByteArray::number(qulonglong(info.st_dev)) + ':' +
                            QByteArray::number(qulonglong(info.st_ino));
    QVERIFY(isJournalStream(file.handle(), mine));
    QVERIFY(!isJournalStream(file.handle(), mine + '1'));
    QVERIFY(!isJournalStream(file.handle(), QByteArray()));
    QVERIFY(!isJournalStream(file.handle(), "garbage"));
}

void TestService::notifiesReadyAndStopping()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notify"_s);
    NotifySocket socket(path);
    QVERIFY(socket.isBound());
    TestStack stack(u"service_notify"_s);
    qputenv("NOTIFY_SOCKET", path.toUtf8());
    const bool started = stack.start();
    qunsetenv("NOTIFY_SOCKET");
    QVERIFY(started);
    // READY=1 comes before the "listening" line start() waited for.
    const QList<QByteArray> atStart = socket.receive();
    QCOMPARE(atStart.size(), 1);
    QVERIFY2(atStart[0].split('\n').contains("READY=1"), atStart[0].constData());
    QCOMPARE(stack.client()->get("/healthz").status, 200);

    QCOMPARE(stack.server().terminate(), 0);
    const QList<QByteArray> atStop = socket.receive();
    QCOMPARE(atStop.size(), 1);
    QVERIFY2(atStop[0].split('\n').contains("STOPPING=1"), atStop[0].constData());
}

void TestService::shippedServerIniIsRead()
{
    // The sample as shipped: every option commented but the few a package
    // sets.
    const QString sample = QStringLiteral(BOXOFFICE_SOURCE_DIR "/resources/config/server.ini");
    ServerConfig config;
    int exitCode = -1;
    QVERIFY(parseServerConfig({u"boxoffice-server"_s, u"--config"_s, sample}, config, exitCode));
    QCOMPARE(config.database, u"host=/var/run/postgresql dbname=boxoffice"_s);
    QCOMPARE(config.searchIndex, u"/var/lib/boxoffice/search-index"_s);

    // Every commented option, uncommented, is a valid setting: the sample's
    // examples and its advice to quote values with commas hold.
    QFile file(sample);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray uncommented;
    int options = 0;
    for (const QByteArray &line : file.readAll().split('\n')) {
        static const QRegularExpression setting(u"^;([a-z-]+) = "_s);
        if (setting.match(QString::fromUtf8(line)).hasMatch()) {
            uncommented += line.mid(1) + '\n';
            ++options;
        } else {
            uncommented += line + '\n';
        }
    }
    QVERIFY(options >= 25);
    QTemporaryFile all;
    QVERIFY(all.open());
    all.write(uncommented);
    all.close();
    ServerConfig full;
    QVERIFY(
        parseServerConfig({u"boxoffice-server"_s, u"--config"_s, all.fileName()}, full, exitCode));
    QCOMPARE(full.trustedProxies.size(), 2);
    QCOMPARE(full.rateLimitExempt.size(), 2);
    QCOMPARE(full.rateLimits.value(u"login"_s).burst, 10);
}

QTEST_GUILESS_MAIN(TestService)
#include "tst_service.moc"
