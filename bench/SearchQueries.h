#pragma once

#include "CatalogGenerator.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// One search a user would type, made from the generated catalog so that it
// has answers, and what a relevant answer must contain (to compare the
// quality of two search paths, not only their speed).
struct SearchQuery
{
    QString kind;    // surname, prefix, typo, word+city, title, no-accents, plural, dates, filter
    QByteArray path; // "/v1/event?q=…"
    QString shown;   // as a person would read it
    // Folded words each relevant result starts a word of (name, performer,
    // category, venue, city: what a result shows).
    QStringList expected;
    QString dateFrom, dateTo; // the range asked for, ISO dates (date_to inclusive)

    bool isRelevant(const QJsonObject &event) const;
};

// About `count` different queries of every kind, from the catalog, in a
// shuffled order (kinds interleave); the same seed gives the same list.
QList<SearchQuery> makeSearchQueries(const CatalogGenerator &catalog, quint64 seed, int count);

// Lower case, accents and ligatures folded ("Zauberflöte" → "zauberflote",
// "Weiß" → "weiss"), every run of non-alphanumerics one space.
QString foldForSearch(const QString &text);
