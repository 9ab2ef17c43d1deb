#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcDb)
Q_DECLARE_LOGGING_CATEGORY(lcRedis)
Q_DECLARE_LOGGING_CATEGORY(lcBooking)
Q_DECLARE_LOGGING_CATEGORY(lcStream)

// Applies --log-level to every boxoffice.* category.
void applyLogLevel(const QString &level);

// journald reads a "<N>" prefix on a line of a service's stderr as the
// line's priority (sd-daemon(3)), so `journalctl -p warning` finds warnings.
// The prefix for a message type: <7> debug, <6> info, <4> warning,
// <3> critical, <2> fatal.
QByteArray journalPriorityPrefix(QtMsgType type);
// A formatted message as journald lines: every line carries the prefix, so a
// multi-line message keeps its priority.
QByteArray journalLines(QtMsgType type, const QString &message);
// Whether fd is the stream systemd connected to the journal: JOURNAL_STREAM
// ("device:inode") names the file it is (systemd.exec(5)).
bool isJournalStream(int fd, const QByteArray &journalStream);
// Installs a message handler that prefixes every line with its priority
// when stderr goes to the journal; otherwise log lines stay as they are.
void installJournalPriorities();
