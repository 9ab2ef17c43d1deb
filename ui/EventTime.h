#pragma once

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QString>

// "19:00" or "7:00 PM" in the user's language: the locale's short time
// without seconds, which some locales (C, English) put into the short format.
inline QString shortTimeText(QTime time, const QLocale &locale = QLocale())
{
    static const QRegularExpression seconds(QStringLiteral("[:.]ss?"));
    QString format = locale.timeFormat(QLocale::ShortFormat);
    format.remove(seconds);
    return locale.toString(time, format);
}

// "Monday, 30 November 2026, 19:00" in the user's language and time zone: how
// screens name an event's start (the printed ticket has its own layout).
inline QString eventTimeText(const QDateTime &startsAt, const QLocale &locale = QLocale())
{
    const QDateTime local = startsAt.toLocalTime();
    return locale.toString(local.date(), QLocale::LongFormat) + QStringLiteral(", ") +
           shortTimeText(local.time(), locale);
}
