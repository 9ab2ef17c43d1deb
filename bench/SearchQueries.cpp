#include "SearchQueries.h"

#include <QDateTime>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <algorithm>
#include <random>

using namespace Qt::StringLiterals;

QString foldForSearch(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool space = true;
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        QString piece;
        switch (c.unicode()) {
        case 0x00DF:
            piece = u"ss"_s;
            break; // ß
        case 0x00F8:
        case 0x00D8:
            piece = u"o"_s;
            break; // ø
        case 0x0142:
        case 0x0141:
            piece = u"l"_s;
            break; // ł
        case 0x00E6:
        case 0x00C6:
            piece = u"ae"_s;
            break; // æ
        case 0x0153:
        case 0x0152:
            piece = u"oe"_s;
            break; // œ
        case 0x0131:
            piece = u"i"_s;
            break; // dotless ı
        case 0x0111:
        case 0x0110:
            piece = u"d"_s;
            break; // đ
        default:
            if (c.isLetterOrNumber())
                piece = c.toLower();
        }
        if (piece.isEmpty()) {
            if (!space)
                out += u' ';
            space = true;
        } else {
            out += piece;
            space = false;
        }
    }
    return out.trimmed();
}

bool SearchQuery::isRelevant(const QJsonObject &event) const
{
    const QJsonObject venue = event.value(u"venue"_s).toObject();
    const QString text = u" "_s + foldForSearch(event.value(u"name"_s).toString() + u" "_s +
                                                event.value(u"performer"_s).toString() + u" "_s +
                                                event.value(u"category"_s).toString() + u" "_s +
                                                venue.value(u"name"_s).toString() + u" "_s +
                                                venue.value(u"city"_s).toString());
    for (const QString &word : expected) {
        if (!text.contains(u' ' + word))
            return false;
    }
    if (!dateFrom.isEmpty()) {
        const QDateTime startsAt =
            QDateTime::fromString(event.value(u"starts_at"_s).toString(), Qt::ISODate);
        const QDateTime from = QDateTime(QDate::fromString(dateFrom, Qt::ISODate), {}, Qt::UTC);
        const QDateTime until =
            QDateTime(QDate::fromString(dateTo, Qt::ISODate).addDays(1), {}, Qt::UTC);
        if (startsAt < from || startsAt >= until)
            return false;
    }
    return true;
}

namespace {

QString fromUtf8(const std::string &text)
{
    return QString::fromStdString(text);
}

// The words of a text as written (accents kept), letters and digits only.
QStringList wordsOf(const std::string &text)
{
    static const QRegularExpression separators(u"[^\\p{L}\\p{N}']+"_s);
    QStringList words = fromUtf8(text).split(separators, Qt::SkipEmptyParts);
    for (QString &w : words)
        w.remove(u'\'');
    words.removeAll(QString());
    return words;
}

// Words that carry meaning: long enough, not a function word.
QStringList contentWords(const std::string &text)
{
    static const QSet<QString> stop = {
        u"der"_s,   u"die"_s,  u"das"_s,  u"und"_s,  u"von"_s,   u"des"_s,     u"mit"_s,
        u"the"_s,   u"dem"_s,  u"ein"_s,  u"eine"_s, u"einer"_s, u"spielt"_s,  u"live"_s,
        u"regie"_s, u"tour"_s, u"nach"_s, u"aus"_s,  u"for"_s,   u"dirigent"_s};
    QStringList out;
    for (const QString &w : wordsOf(text)) {
        if (w.size() >= 4 && !w.front().isDigit() && !stop.contains(w.toLower()))
            out.append(w);
    }
    return out;
}

QByteArray encoded(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}

class Maker
{
public:
    Maker(const CatalogGenerator &catalog, quint64 seed)
        : m_catalog(catalog)
        , m_random(seed ^ 0x5eedc0ffeeULL)
    {
    }

    size_t pick(size_t n) { return static_cast<size_t>(m_random() % n); }
    const CatalogGenerator::Event &anyEvent()
    {
        return m_catalog.events()[pick(m_catalog.events().size())];
    }
    const CatalogGenerator::Venue &venueOf(const CatalogGenerator::Event &e)
    {
        return m_catalog.venue(e.venueId);
    }

    // Adds a query unless the same one is already there.
    bool add(const QString &kind, const QList<std::pair<QByteArray, QString>> &parameters,
             QStringList expected, const QString &dateFrom = {}, const QString &dateTo = {})
    {
        SearchQuery query;
        query.kind = kind;
        query.path = "/v1/event?";
        for (const auto &[name, value] : parameters) {
            if (!query.path.endsWith('?'))
                query.path += '&';
            query.path += name + '=' + encoded(value);
            query.shown += (query.shown.isEmpty() ? QString() : u"&"_s) +
                           QString::fromLatin1(name) + u'=' + value;
        }
        for (QString &word : expected)
            word = foldForSearch(word);
        expected.removeAll(QString());
        query.expected = expected;
        query.dateFrom = dateFrom;
        query.dateTo = dateTo;
        if (m_seen.contains(query.path))
            return false;
        m_seen.insert(query.path);
        m_queries.append(query);
        return true;
    }

    // Tries `make` until it added `count` queries (or gave up: a tiny catalog).
    template<typename Make> void repeat(int count, Make make)
    {
        int added = 0;
        for (int tries = 0; added < count && tries < count * 50; ++tries)
            added += make() ? 1 : 0;
    }

    QString typo(const QString &word)
    {
        // A letter swapped, missing or replaced; never the first letter (as
        // people rarely get that wrong).
        const QString lower = word.toLower();
        static const QString letters = u"aeioulnrstmkch"_s;
        for (int tries = 0; tries < 10; ++tries) {
            QString t = lower;
            const qsizetype at =
                1 + static_cast<qsizetype>(pick(static_cast<size_t>(t.size() - 1)));
            switch (pick(3)) {
            case 0:
                if (at + 1 < t.size())
                    std::swap(t[at], t[at + 1]);
                break;
            case 1:
                t.remove(at, 1);
                break;
            default:
                t[at] = letters[static_cast<qsizetype>(pick(static_cast<size_t>(letters.size())))];
            }
            if (t != lower)
                return t;
        }
        return lower + u"e"_s;
    }

    QString day(qint64 seconds) const
    {
        return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).date().toString(Qt::ISODate);
    }

    const CatalogGenerator &m_catalog;
    std::mt19937_64 m_random;
    QSet<QByteArray> m_seen;
    QList<SearchQuery> m_queries;
};

} // namespace

QList<SearchQuery> makeSearchQueries(const CatalogGenerator &catalog, quint64 seed, int count)
{
    Maker m(catalog, seed);
    const auto share = [count](int percent) { return std::max(1, count * percent / 100); };
    const auto firstWord = [](const std::string &city) { return wordsOf(city).value(0); };

    // A performer's surname, as typed.
    m.repeat(share(18), [&] {
        const auto &e = m.anyEvent();
        if (e.person < 0)
            return false;
        const QString surname = fromUtf8(catalog.persons()[static_cast<size_t>(e.person)].last);
        return m.add(u"surname"_s, {{"q", surname}}, {surname});
    });
    // Two word prefixes as typed so far: "beet sym".
    m.repeat(share(14), [&] {
        const QStringList words = contentWords(m.anyEvent().name);
        if (words.size() < 2)
            return false;
        const qsizetype i = static_cast<qsizetype>(m.pick(static_cast<size_t>(words.size() - 1)));
        const QString a = words[i].left(3 + static_cast<qsizetype>(m.pick(3))).toLower();
        const QString b = words[i + 1].left(2 + static_cast<qsizetype>(m.pick(3))).toLower();
        return m.add(u"prefix"_s, {{"q", a + u' ' + b}}, {a, b});
    });
    // Misspellings, the well-known ones first.
    const QList<std::pair<QString, QString>> classics = {{u"beethofen"_s, u"beethoven"_s},
                                                         {u"symphnoie"_s, u"symphonie"_s},
                                                         {u"mozrat"_s, u"mozart"_s},
                                                         {u"tschaikowski"_s, u"tschaikowsky"_s},
                                                         {u"travita"_s, u"traviata"_s},
                                                         {u"phillharmonie"_s, u"philharmonie"_s},
                                                         {u"zauberfloete"_s, u"zauberflote"_s},
                                                         {u"rachmaninov"_s, u"rachmaninow"_s},
                                                         {u"schubrt"_s, u"schubert"_s},
                                                         {u"nusknacker"_s, u"nussknacker"_s}};
    for (const auto &[typed, meant] : classics)
        m.add(u"typo"_s, {{"q", typed}}, {meant});
    m.repeat(share(18) - static_cast<int>(classics.size()), [&] {
        const auto &e = m.anyEvent();
        QStringList words = contentWords(e.name) + contentWords(e.performer);
        words.erase(std::remove_if(words.begin(), words.end(),
                                   [](const QString &w) { return w.size() < 6; }),
                    words.end());
        if (words.isEmpty())
            return false;
        const QString word =
            words[static_cast<qsizetype>(m.pick(static_cast<size_t>(words.size())))];
        return m.add(u"typo"_s, {{"q", m.typo(word)}}, {word});
    });
    // A word and a city: "tosca wien".
    m.repeat(share(14), [&] {
        const auto &e = m.anyEvent();
        const QStringList words = contentWords(e.name);
        if (words.isEmpty())
            return false;
        const QString word =
            words[static_cast<qsizetype>(m.pick(static_cast<size_t>(words.size())))];
        const QString city = firstWord(m.venueOf(e).city);
        return m.add(u"word+city"_s, {{"q", (word + u' ' + city).toLower()}}, {word, city});
    });
    // A whole title, copied from a poster.
    m.repeat(share(11), [&] {
        const auto &e = m.anyEvent();
        return m.add(u"title"_s, {{"q", fromUtf8(e.name)}}, wordsOf(e.name));
    });
    // Accents left out: "zauberflote", "muller", "geneve".
    m.repeat(share(7), [&] {
        const auto &e = m.anyEvent();
        const QStringList words =
            contentWords(e.name) + contentWords(e.performer) + contentWords(m.venueOf(e).city);
        for (const QString &w : words) {
            const QString plain = foldForSearch(w);
            if (plain != w.toLower() && !plain.contains(u' '))
                return m.add(u"no-accents"_s, {{"q", plain}}, {plain});
        }
        return false;
    });
    // German plurals, alone and with a city: "konzerte", "opern wien".
    const QList<std::pair<QString, QString>> plurals = {{u"konzerte"_s, u"konzert"_s},
                                                        {u"symphonien"_s, u"symphonie"_s},
                                                        {u"opern"_s, u"oper"_s},
                                                        {u"quartette"_s, u"quartett"_s},
                                                        {u"tänze"_s, u"tanz"_s},
                                                        {u"klavierkonzerte"_s, u"klavierkonzert"_s},
                                                        {u"violinkonzerte"_s, u"violinkonzert"_s},
                                                        {u"balletts"_s, u"ballett"_s},
                                                        {u"musicals"_s, u"musical"_s},
                                                        {u"passionen"_s, u"passion"_s}};
    for (const auto &[plural, singular] : plurals)
        m.add(u"plural"_s, {{"q", plural}}, {singular});
    m.repeat(share(6) - static_cast<int>(plurals.size() / 2), [&] {
        const auto &[plural, singular] = plurals[static_cast<qsizetype>(m.pick(4))];
        const QString city = firstWord(m.venueOf(m.anyEvent()).city);
        return m.add(u"plural"_s, {{"q", plural + u' ' + city.toLower()}}, {singular, city});
    });
    // A word in a date range: "carmen" from 12 March to 2 April.
    m.repeat(share(10), [&] {
        const auto &e = m.anyEvent();
        const QStringList words = contentWords(e.name);
        if (words.isEmpty())
            return false;
        const QString word =
            words[static_cast<qsizetype>(m.pick(static_cast<size_t>(words.size())))];
        const qint64 before = static_cast<qint64>(m.pick(10)) * 86400;
        const QString from = m.day(e.startsAt - before);
        const QString to = m.day(e.startsAt + static_cast<qint64>(m.pick(30)) * 86400);
        return m.add(u"dates"_s, {{"q", word.toLower()}, {"date_from", from}, {"date_to", to}},
                     {word}, from, to);
    });
    // The filters of the advanced search.
    m.repeat(share(6), [&] {
        const auto &e = m.anyEvent();
        const QString city = fromUtf8(m.venueOf(e).city);
        switch (m.pick(4)) {
        case 0: {
            if (e.person < 0)
                return false;
            const QString surname = fromUtf8(catalog.persons()[static_cast<size_t>(e.person)].last);
            return m.add(u"filter"_s, {{"performer", surname}}, {surname});
        }
        case 1: {
            const QStringList words = contentWords(e.name);
            if (words.isEmpty())
                return false;
            return m.add(u"filter"_s, {{"name", words.front()}, {"location", city}},
                         {words.front(), city});
        }
        case 2: {
            const QStringList words = contentWords(e.category);
            return m.add(u"filter"_s, {{"q", fromUtf8(e.category).toLower()}, {"location", city}},
                         words + QStringList{city});
        }
        default: {
            const QString venue = fromUtf8(m.venueOf(e).name);
            return m.add(u"filter"_s, {{"location", venue}, {"limit", u"50"_s}}, {venue});
        }
        }
    });
    std::shuffle(m.m_queries.begin(), m.m_queries.end(), m.m_random);
    return m.m_queries;
}
