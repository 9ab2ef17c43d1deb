// The client's sync engine and mirror, measured against the real server:
//  1. first sync of the demo catalog (and of every seat map in it), against
//     the same bytes fetched raw over HTTP;
//  2. catch-up after 1,000 changes missed while the client was away, against
//     the raw ?since= fetch;
//  3. search-as-you-type latency over a 100,000-event mirror (FTS5), against
//     the same search done by a LIKE scan over the same folded text (every
//     word a word prefix, accents folded, same order and limit), rounds
//     interleaved, and both must find the same events.
// Baselines run before and after the measured run; the faster is reported.
// A wait that times out, or results that differ, end the run with an error.
// Prints its figures; see docs/PERFORMANCE.md.
#include "CatalogImporter.h"
#include "ClientTestSupport.h"
#include "Clock.h"
#include "Database.h"
#include "DemoCatalog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min<qsizetype>(values.size() - 1, qsizetype(p * values.size()))];
}

// A benchmark that timed out measured nothing: it stops with an error.
void waitFor(const std::function<bool()> &condition, int timeoutMs, const char *what)
{
    if (!QTest::qWaitFor(condition, timeoutMs)) {
        std::fprintf(stderr, "FAILED: timed out after %d ms waiting for %s\n", timeoutMs, what);
        std::exit(1);
    }
}

double elapsedMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// Lower case, accents removed: what FTS5's unicode61 tokenizer compares.
QString folded(const QString &text)
{
    QString out;
    for (const QChar c : text.normalized(QString::NormalizationForm_D)) {
        if (c.category() != QChar::Mark_NonSpacing)
            out.append(c.toLower());
    }
    return out;
}

void firstSync(TestStack &stack, const QString &mirrorPath)
{
    auto session = signedInSession(stack, mirrorPath, u"bench-clerk@example.org"_s,
                                   Protocol::Role::Clerk, Clock::system());
    const int events = int(stack.db().scalar("SELECT count(*) FROM events"));
    const qint64 tickets = stack.db().scalar("SELECT count(*) FROM tickets");

    // Baseline: the same catalog pages and seat maps fetched raw, no mirror.
    qint64 rawBytes = 0;
    const auto fetchCatalogRaw = [&] {
        rawBytes = 0;
        auto client = stack.client();
        qint64 since = 0;
        for (bool more = true; more;) {
            const HttpTestResponse r =
                client->get("/v1/catalog?limit=500&since=" + QByteArray::number(since));
            rawBytes += r.body.size();
            since = r.json().value(u"revision"_s).toInteger();
            more = r.json().value(u"more"_s).toBool();
        }
    };
    const double catalogRawBefore = elapsedMs(fetchCatalogRaw);

    QElapsedTimer timer;
    timer.start();
    QSignalSpy synced(&session->sync(), &SyncEngine::catalogSynced);
    session->sync().start();
    waitFor([&] { return !synced.isEmpty(); }, 120000, "the first catalog sync");
    const double catalogMs = timer.nsecsElapsed() / 1e6;
    const double catalogRawMs = std::min(catalogRawBefore, elapsedMs(fetchCatalogRaw));
    std::printf("first sync, catalog: %d events in %.0f ms (%.0f events/s); raw HTTP fetch of the "
                "same pages %.0f ms (%.0f KiB): ratio %.2f\n",
                session->mirror().eventCount(), catalogMs, events / (catalogMs / 1000),
                catalogRawMs, rawBytes / 1024.0, catalogMs / catalogRawMs);

    // Every seat map of the catalog, as a counter that opens each event.
    const auto fetchMapsRaw = [&] {
        auto client = stack.client();
        for (qint64 id = 1; id <= events; ++id)
            client->get("/v1/event/" + QByteArray::number(id) + "/tickets");
    };
    const double mapsRawBefore = elapsedMs(fetchMapsRaw);
    timer.restart();
    QSignalSpy maps(&session->sync(), &SyncEngine::seatMapSynced);
    for (qint64 id = 1; id <= events; ++id)
        session->sync().watchEvent(id);
    waitFor([&] { return maps.size() >= events; }, 300000, "every seat map");
    const double mapsMs = timer.nsecsElapsed() / 1e6;
    const double mapsRawMs = std::min(mapsRawBefore, elapsedMs(fetchMapsRaw));
    qint64 mirrored = 0;
    for (qint64 id = 1; id <= events; ++id)
        mirrored += session->mirror().tickets(id).size();
    std::printf("first sync, seat maps: %lld of %lld tickets of %d events in %.0f ms; raw HTTP "
                "fetch %.0f ms: ratio %.2f\n",
                static_cast<long long>(mirrored), static_cast<long long>(tickets), events, mapsMs,
                mapsRawMs, mapsMs / mapsRawMs);
}

void catchUp(TestStack &stack, const QString &mirrorPath)
{
    const qint64 eventId = stack.createEvent(u"Catch-up Night"_s, 40, 30);
    const QList<qint64> ids = stack.ticketIds(eventId);
    const QByteArray buyer = stack.registerCustomer(u"bench-buyer@example.org"_s);
    qint64 before = 0;
    {
        auto session = std::make_unique<Session>(serverUrl(stack), Clock::system());
        session->openMirror(mirrorPath, nullptr);
        session->resume();
        QSignalSpy synced(&session->sync(), &SyncEngine::seatMapSynced);
        session->sync().start();
        session->sync().watchEvent(eventId);
        waitFor([&] { return !synced.isEmpty(); }, 30000, "the seat map before the changes");
        before = session->mirror().seatMapVersion(eventId);
    }
    // 1,000 changes while the client is away: 1,000 seats sold one by one.
    for (int i = 0; i < 1000; ++i)
        buy(stack, buyer, eventId, {ids[i]});
    qint64 serverVersion = 0;
    serverTickets(stack, eventId, &serverVersion);

    HttpTestResponse r;
    const auto fetchSinceRaw = [&] {
        r = stack.client()->get("/v1/event/" + QByteArray::number(eventId) +
                                "/tickets?since=" + QByteArray::number(before));
    };
    const double rawBefore = elapsedMs(fetchSinceRaw);

    auto session = std::make_unique<Session>(serverUrl(stack), Clock::system());
    session->openMirror(mirrorPath, nullptr);
    session->resume();
    QElapsedTimer timer;
    timer.start();
    session->sync().start();
    session->sync().watchEvent(eventId);
    waitFor([&] { return session->mirror().seatMapVersion(eventId) >= serverVersion; }, 60000,
            "the catch-up");
    const double ms = timer.nsecsElapsed() / 1e6;
    const double rawMs = std::min(rawBefore, elapsedMs(fetchSinceRaw));
    const bool equal = mirrorTickets(session->mirror(), eventId) == serverTickets(stack, eventId);
    if (!equal) {
        std::fprintf(stderr, "FAILED: the mirror does not equal the server after the catch-up\n");
        std::exit(1);
    }
    std::printf("catch-up after 1000 missed changes (versions %lld -> %lld): %.1f ms from start to "
                "equal (mirror equals server: %s); raw ?since= fetch %.1f ms (%lld tickets): "
                "ratio %.2f\n",
                static_cast<long long>(before), static_cast<long long>(serverVersion), ms,
                equal ? "yes" : "NO", rawMs,
                static_cast<long long>(r.json().value(u"tickets"_s).toArray().size()), ms / rawMs);
}

void localSearch(const QString &path)
{
    Mirror mirror;
    mirror.open(path, nullptr);
    const QStringList words = {u"Beethoven"_s,   u"Mozart"_s,   u"Hamlet"_s, u"Nussknacker"_s,
                               u"Zauberflöte"_s, u"Jazz"_s,     u"Nacht"_s,  u"Leuchtturm"_s,
                               u"Sinfonie"_s,    u"Quartett"_s, u"Oper"_s,   u"Kino"_s,
                               u"Winterreise"_s, u"Sommer"_s,   u"Tanz"_s,   u"Revue"_s};
    const QStringList cities = {u"Berlin"_s,  u"Hamburg"_s, u"München"_s, u"Köln"_s,
                                u"Leipzig"_s, u"Dresden"_s, u"Bremen"_s,  u"Bonn"_s};
    QRandomGenerator random(42);
    QElapsedTimer fill;
    fill.start();
    const QDateTime start = QDateTime::currentDateTimeUtc();
    for (int page = 0; page < 100; ++page) {
        QJsonArray events;
        for (int i = 0; i < 1000; ++i) {
            const int id = page * 1000 + i + 1;
            // A venue stays in its city: the mirror keeps one row per venue.
            const int venueId = id % 300 + 1;
            const QString city = cities[venueId % cities.size()];
            events.append(QJsonObject{
                {u"id"_s, id},
                {u"revision"_s, id},
                {u"name"_s,
                 QString(words[random.bounded(int(words.size()))] + u' ' +
                         words[random.bounded(int(words.size()))] + u' ' + QString::number(id))},
                {u"performer"_s,
                 QString(u"Ensemble "_s + words[random.bounded(int(words.size()))])},
                {u"category"_s, u"Concert"_s},
                {u"starts_at"_s, start.addSecs(qint64(id) * 600).toString(Qt::ISODate)},
                {u"available"_s, 100},
                {u"venue"_s,
                 QJsonObject{{u"id"_s, venueId},
                             {u"name"_s, QString(u"Halle "_s + QString::number(venueId))},
                             {u"city"_s, city}}},
                {u"price_categories"_s, QJsonArray{}},
            });
        }
        mirror.applyCatalog(events, (page + 1) * 1000);
    }
    std::printf("local search: filled a mirror with %d events in %.0f ms\n", mirror.eventCount(),
                fill.nsecsElapsed() / 1e6);

    // Typing, letter by letter, as a clerk does.
    QStringList typed;
    for (const QString &word : {u"beethoven"_s, u"zauberflote"_s, u"hamburg"_s, u"nacht kino"_s,
                                u"mozart leipzig"_s, u"ensemble tanz"_s, u"winterreise"_s})
        for (int n = 1; n <= word.size(); ++n)
            typed.append(word.left(n));
    // Baseline: the same keystrokes as a LIKE scan over the same text,
    // folded the same way once beforehand (not timed): every typed word
    // must start a word, same date bound, order and limit.
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"baseline"_s);
    db.setDatabaseName(path);
    db.open();
    {
        QSqlQuery q(db);
        q.exec(u"CREATE TEMP TABLE like_events (id INTEGER PRIMARY KEY, starts_at INTEGER, "
               "text TEXT)"_s);
        QSqlQuery read(db);
        read.exec(u"SELECT e.id, e.starts_at, e.name, e.performer, e.category, v.name, v.city "
                  "FROM events e JOIN venues v ON v.id = e.venue_id"_s);
        QSqlQuery insert(db);
        insert.prepare(u"INSERT INTO like_events VALUES (?, ?, ?)"_s);
        db.transaction();
        while (read.next()) {
            QStringList parts;
            for (int column = 2; column <= 6; ++column)
                parts.append(read.value(column).toString());
            insert.addBindValue(read.value(0));
            insert.addBindValue(read.value(1));
            insert.addBindValue(QString(u' ' + folded(parts.join(u' '))));
            insert.exec();
        }
        db.commit();
    }
    static const QRegularExpression separators(u"[^\\p{L}\\p{N}]+"_s);
    const auto likeSearch = [&](const QString &text) {
        const QStringList terms = folded(text).split(separators, Qt::SkipEmptyParts);
        QString sql = u"SELECT id FROM like_events WHERE starts_at >= ?"_s;
        for (qsizetype i = 0; i < terms.size(); ++i)
            sql += u" AND text LIKE ?"_s;
        sql += u" ORDER BY starts_at, id LIMIT 200"_s;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(sql);
        q.addBindValue(start.toSecsSinceEpoch());
        for (const QString &term : terms)
            q.addBindValue(QString(u"% "_s + term + u'%'));
        q.exec();
        QList<qint64> ids;
        while (q.next())
            ids.append(q.value(0).toLongLong());
        return ids;
    };

    // Equal work: five rounds of each, interleaved, and the same answers.
    QList<double> fts, like;
    int differing = 0;
    for (int round = 0; round < 5; ++round) {
        for (const QString &text : typed) {
            Mirror::Search search;
            search.text = text;
            search.from = start;
            QList<Event> found;
            fts.append(elapsedMs([&] { found = mirror.searchEvents(search); }));
            QList<qint64> likeIds;
            like.append(elapsedMs([&] { likeIds = likeSearch(text); }));
            QList<qint64> ftsIds;
            for (const Event &event : found)
                ftsIds.append(event.id);
            if (ftsIds != likeIds) {
                if (differing++ == 0)
                    std::fprintf(stderr, "'%s': FTS5 found %lld events, LIKE %lld\n",
                                 qPrintable(text), static_cast<long long>(ftsIds.size()),
                                 static_cast<long long>(likeIds.size()));
            }
        }
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"baseline"_s);
    if (differing > 0) {
        std::fprintf(stderr, "FAILED: %d searches found other events than the LIKE scan\n",
                     differing);
        std::exit(1);
    }
    std::printf("local search over %d events, %lld keystrokes each (same results): FTS5 p50 "
                "%.2f ms, p99 %.2f ms; LIKE scan p50 %.2f ms, p99 %.2f ms: ratio p50 %.2f, "
                "p99 %.2f\n",
                mirror.eventCount(), static_cast<long long>(fts.size()), percentile(fts, 0.5),
                percentile(fts, 0.99), percentile(like, 0.5), percentile(like, 0.99),
                percentile(fts, 0.5) / percentile(like, 0.5),
                percentile(fts, 0.99) / percentile(like, 0.99));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    TestStack stack(u"client_bench"_s,
                    {u"--log-level"_s, u"warning"_s, u"--rate-limit-exempt"_s, u"127.0.0.0/8"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "could not start the stack\n");
        return 1;
    }
    {
        Database db(stack.db().conninfo());
        for (const QJsonObject &venue : demoCatalog())
            importCatalog(db, venue);
    }
    const QString mirror = dir.filePath(u"mirror.sqlite"_s);
    firstSync(stack, mirror);
    catchUp(stack, mirror);
    localSearch(dir.filePath(u"search.sqlite"_s));
    return 0;
}
