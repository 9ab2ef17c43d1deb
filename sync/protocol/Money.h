#pragma once

#include <QLocale>
#include <QString>

#include <cmath>
#include <optional>

// Amounts travel as integer cents (docs/API.md); only the screen and the
// printed ticket turn them into "12,50 €".
// One type for money everywhere: the JSON number, the SQL bigint, the C++.
using Cents = qint64;

namespace Money {

inline QString format(Cents cents, const QString &currency = QStringLiteral("EUR"),
                      const QLocale &locale = QLocale())
{
    return locale.toCurrencyString(static_cast<double>(cents) / 100.0,
                                   currency == QLatin1String("EUR") ? QStringLiteral("€")
                                                                    : currency);
}

// What a clerk types for an amount of euros ("50", "12,50", "12.50 €"), in
// the screen's language or the C locale: cents from 0 to a million euros,
// or nothing.
inline std::optional<Cents> parse(QString text, const QLocale &locale = QLocale())
{
    text.remove(u'€');
    text = text.trimmed();
    bool ok = false;
    double euros = locale.toDouble(text, &ok);
    if (!ok)
        euros = QLocale::c().toDouble(text, &ok);
    if (!ok || euros < 0 || euros > 1e6)
        return std::nullopt;
    return Cents(std::llround(euros * 100));
}

} // namespace Money
