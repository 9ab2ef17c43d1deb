#include "Log.h"

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcServer, "boxoffice.server")
Q_LOGGING_CATEGORY(lcHttp, "boxoffice.http")
Q_LOGGING_CATEGORY(lcDb, "boxoffice.db")
Q_LOGGING_CATEGORY(lcRedis, "boxoffice.redis")
Q_LOGGING_CATEGORY(lcBooking, "boxoffice.booking")
Q_LOGGING_CATEGORY(lcStream, "boxoffice.stream")

void applyLogLevel(const QString &level)
{
    QString rules = QStringLiteral("boxoffice.*.debug=false\n");
    if (level == QLatin1String("debug"))
        rules = QStringLiteral("boxoffice.*.debug=true\n");
    else if (level == QLatin1String("warning"))
        rules += QStringLiteral("boxoffice.*.info=false\n");
    else if (level == QLatin1String("critical"))
        rules += QStringLiteral("boxoffice.*.info=false\nboxoffice.*.warning=false\n");
    QLoggingCategory::setFilterRules(rules);
}

QByteArray journalPriorityPrefix(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return QByteArrayLiteral("<7>");
    case QtInfoMsg:
        return QByteArrayLiteral("<6>");
    case QtWarningMsg:
        return QByteArrayLiteral("<4>");
    case QtCriticalMsg:
        return QByteArrayLiteral("<3>");
    case QtFatalMsg:
        return QByteArrayLiteral("<2>");
    }
    return QByteArrayLiteral("<6>");
}

QByteArray journalLines(QtMsgType type, const QString &message)
{
    const QByteArray prefix = journalPriorityPrefix(type);
    QByteArray text = message.toUtf8();
    // A message that ends its own line (libpq's do) makes no empty entry.
    if (text.endsWith('\n'))
        text.chop(1);
    QByteArray lines;
    for (const QByteArray &line : text.split('\n'))
        lines += prefix + line + '\n';
    return lines;
}

bool isJournalStream(int fd, const QByteArray &journalStream)
{
    const QList<QByteArray> deviceAndInode = journalStream.split(':');
    struct stat info = {};
    if (deviceAndInode.size() != 2 || ::fstat(fd, &info) != 0)
        return false;
    bool deviceOk = false;
    bool inodeOk = false;
    const qulonglong device = deviceAndInode[0].toULongLong(&deviceOk);
    const qulonglong inode = deviceAndInode[1].toULongLong(&inodeOk);
    return deviceOk && inodeOk && device == info.st_dev && inode == info.st_ino;
}

namespace {
void journalMessageHandler(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    const QByteArray lines = journalLines(type, qFormatLogMessage(type, context, message));
    std::fwrite(lines.constData(), 1, static_cast<size_t>(lines.size()), stderr);
    std::fflush(stderr);
}
} // namespace

void installJournalPriorities()
{
    if (isJournalStream(STDERR_FILENO, qgetenv("JOURNAL_STREAM")))
        qInstallMessageHandler(journalMessageHandler);
}
