#pragma once

#include <QDateTime>
#include <QLocale>
#include <QString>

// "Monday, 30 November 2026, 19:00" in the user's language and time zone: how
// screens name an event's start (the printed ticket has its own layout).
inline QString eventTimeText(const QDateTime &startsAt, const QLocale &locale = QLocale())
{
    const QDateTime local = startsAt.toLocalTime();
    return locale.toString(local.date(), QLocale::LongFormat) + QStringLiteral(", ") +
           locale.toString(local.time(), QLocale::ShortFormat);
}
