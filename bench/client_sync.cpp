// The client's sync engine and mirror, measured against the real server:
//  1. first sync of the demo catalog (and of every seat map in it), against
//     the same bytes fetched raw over HTTP;
//  2. catch-up after 1,000 changes missed while the client was away, against
//     the raw ?since= fetch;
//  3. search-as-you-type latency over a 100,000-event mirror (FTS5), against
//     the same search done by a LIKE scan.
// Prints its figures; see docs/PERFORMANCE.md.
#include "CatalogImporter.h"
#include "ClientTestSupport.h"
#include "Clock.h"
#include "Database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
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

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

void firstSync(TestStack &stack, const QString &mirrorPath)
{
    auto session = signedInSession(stack, mirrorPath, u"bench-clerk@example.org"_s,
                                   Protocol::Role::Clerk, Clock::system());
    const int events = int(stack.db().scalar("SELECT count(*) FROM events"));
    const qint64 tickets = stack.db().scalar("SELECT count(*) FROM tickets");

    // Baseline: the same catalog pages and seat maps fetched raw, no mirror.
    QElapsedTimer raw;
    raw.start();
    qint64 rawBytes = 0;
    {
        auto client = stack.client();
        qint64 since = 0;
        for (bool more = true; more;) {
            const HttpTestResponse r =
                client->get("/v1/catalog?limit=500&since=" + QByteArray::number(since));
            rawBytes += r.body.size();
            since = r.json().value(u"revision"_s).toInteger();
            more = r.json().value(u"more"_s).toBool();
        }
    }
    const double catalogRawMs = raw.nsecsElapsed() / 1e6;

    QElapsedTimer timer;
    timer.start();
    QSignalSpy synced(&session->sync(), &SyncEngine::catalogSynced);
    session->sync().start();
    waitFor([&] { return !synced.isEmpty(); }, 120000);
    const double catalogMs = timer.nsecsElapsed() / 1e6;
    std::printf("first sync, catalog: %d events in %.0f ms (%.0f events/s); raw HTTP fetch of the "
                "same pages %.0f ms (%.0f KiB): ratio %.2f\n",
                session->mirror().eventCount(), catalogMs, events / (catalogMs / 1000),
                catalogRawMs, rawBytes / 1024.0, catalogMs / catalogRawMs);

    // Every seat map of the catalog, as a counter that opens each event.
    QElapsedTimer mapsRaw;
    mapsRaw.start();
    {
        auto client = stack.client();
        for (qint64 id = 1; id <= events; ++id)
            client->get("/v1/event/" + QByteArray::number(id) + "/tickets");
    }
    const double mapsRawMs = mapsRaw.nsecsElapsed() / 1e6;
    timer.restart();
    QSignalSpy maps(&session->sync(), &SyncEngine::seatMapSynced);
    for (qint64 id = 1; id <= events; ++id)
        session->sync().watchEvent(id);
    waitFor([&] { return maps.size() >= events; }, 300000);
    const double mapsMs = timer.nsecsElapsed() / 1e6;
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
        waitFor([&] { return !synced.isEmpty(); }, 30000);
        before = session->mirror().seatMapVersion(eventId);
    }
    // 1,000 changes while the client is away: 1,000 seats sold one by one.
    for (int i = 0; i < 1000; ++i)
        buy(stack, buyer, eventId, {ids[i]});
    qint64 serverVersion = 0;
    serverTickets(stack, eventId, &serverVersion);

    QElapsedTimer raw;
    raw.start();
    const HttpTestResponse r = stack.client()->get("/v1/event/" + QByteArray::number(eventId) +
                                                   "/tickets?since=" + QByteArray::number(before));
    const double rawMs = raw.nsecsElapsed() / 1e6;

    auto session = std::make_unique<Session>(serverUrl(stack), Clock::system());
    session->openMirror(mirrorPath, nullptr);
    session->resume();
    QElapsedTimer timer;
    timer.start();
    session->sync().start();
    session->sync().watchEvent(eventId);
    waitFor([&] { return session->mirror().seatMapVersion(eventId) >= serverVersion; }, 60000);
    const double ms = timer.nsecsElapsed() / 1e6;
    const bool equal = mirrorTickets(session->mirror(), eventId) == serverTickets(stack, eventId);
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
            const QString city = cities[random.bounded(int(cities.size()))];
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
                 QJsonObject{{u"id"_s, id % 300 + 1},
                             {u"name"_s, QString(u"Halle "_s + QString::number(id % 300 + 1))},
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
    QList<double> fts;
    for (int round = 0; round < 5; ++round) {
        for (const QString &text : typed) {
            Mirror::Search search;
            search.text = text;
            search.from = start;
            QElapsedTimer t;
            t.start();
            const QList<Event> found = mirror.searchEvents(search);
            fts.append(t.nsecsElapsed() / 1e6);
            Q_UNUSED(found);
        }
    }
    // Baseline: the same keystrokes as a LIKE scan over the same table.
    QList<double> like;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"baseline"_s);
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        q.prepare(u"SELECT e.id FROM events e JOIN venues v ON v.id = e.venue_id "
                  "WHERE (e.name || ' ' || e.performer || ' ' || v.name || ' ' || v.city) LIKE ? "
                  "AND e.starts_at >= ? ORDER BY e.starts_at LIMIT 200"_s);
        for (const QString &text : typed) {
            QElapsedTimer t;
            t.start();
            q.addBindValue(QString(u'%' + text.split(u' ').first() + u'%'));
            q.addBindValue(start.toSecsSinceEpoch());
            q.exec();
            while (q.next()) {
            }
            like.append(t.nsecsElapsed() / 1e6);
        }
    }
    QSqlDatabase::removeDatabase(u"baseline"_s);
    std::printf("local search over %d events, %lld keystrokes: FTS5 p50 %.2f ms, p99 %.2f ms; "
                "LIKE scan p50 %.2f ms, p99 %.2f ms: ratio p50 %.2f, p99 %.2f\n",
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
    TestStack stack(u"client_bench"_s, {u"--log-level"_s, u"warning"_s});
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
