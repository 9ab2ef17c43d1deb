// The search index (server/search/): what users expect of search — prefixes
// as they type, optional accents, misspellings, stems, ranking by where a
// word stands and then by date, date filters, no past events — and how the
// index follows the catalog: on two instances, across a restart, and after
// it was lost.
#include "TestStack.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace {

QString inDays(int days, int hour = 19)
{
    QDateTime when = QDateTime::currentDateTimeUtc().addDays(days);
    when.setTime(QTime(hour, 0));
    return when.toString(Qt::ISODate);
}

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void healthSaysTheIndexAnswers();
    void queryKinds_data();
    void queryKinds();
    void titleAndPerformerRankAboveDescription();
    void equalMatchesComeSoonestFirst();
    void dateRangeAndPastEvents();
    void filtersKeepTheirMeaning();
    void badInputNeverFails_data();
    void badInputNeverFails();
    void followsCatalogChangesOnTwoInstances();
    void restartResumesAndALostIndexIsRebuilt();

private:
    QStringList names(const QByteArray &query, TestServer *server = nullptr);
    void addEvent(qint64 venue, const QString &name, const QString &performer,
                  const QString &description, const QString &startsAt);
    std::unique_ptr<TestStack> m_stack;
    QTemporaryDir m_indexes;
    qint64 m_berlin = 0;
    qint64 m_hamburg = 0;
};

void TestSearch::addEvent(qint64 venue, const QString &name, const QString &performer,
                          const QString &description, const QString &startsAt)
{
    pqxx::connection connection(m_stack->db().conninfo());
    pqxx::work tx(connection);
    tx.exec_params0("INSERT INTO events (venue_id, name, performer, description, category, "
                    "starts_at) VALUES ($1, $2, $3, $4, 'Concert', $5::timestamptz)",
                    venue, name.toStdString(), performer.toStdString(), description.toStdString(),
                    startsAt.toStdString());
    tx.commit();
}

void TestSearch::initTestCase()
{
    QVERIFY(m_indexes.isValid());
    m_stack = std::make_unique<TestStack>(u"search"_s, QStringList{u"--search-index"_s,
                                                                   m_indexes.filePath(u"first"_s),
                                                                   u"--log-level"_s, u"info"_s});
    QVERIFY(m_stack->start());
    const qint64 seedBerlin = m_stack->createEvent(u"Philharmonie"_s, 1, 5, 2500, u"Berlin"_s);
    const qint64 seedHamburg = m_stack->createEvent(u"Laeiszhalle"_s, 1, 5, 2500, u"Hamburg"_s);
    m_berlin = m_stack->db().scalar("SELECT venue_id FROM events WHERE id = " +
                                    std::to_string(seedBerlin));
    m_hamburg = m_stack->db().scalar("SELECT venue_id FROM events WHERE id = " +
                                     std::to_string(seedHamburg));
    addEvent(m_berlin, u"Beethoven: Symphonie Nr. 5"_s, u"Berliner Symphoniker"_s,
             u"Ein Abend mit dem Orchester."_s, inDays(10));
    addEvent(m_berlin, u"Die Zauberflöte"_s, u"Staatsoper Ensemble"_s, u"Oper von Mozart."_s,
             inDays(12));
    addEvent(m_hamburg, u"Mozart Requiem"_s, u"Chor der Hansestadt"_s,
             u"Geistliche Musik im Advent."_s, inDays(20));
    addEvent(m_berlin, u"Adventskonzert"_s, u"Knabenchor"_s,
             u"Werke von Mozart und Bach; Kerzenschein."_s, inDays(3));
    addEvent(m_berlin, u"Winterreise"_s, u"Clara Novak"_s, u"Lieder von Schubert."_s, inDays(30));
    addEvent(m_berlin, u"Winterreise"_s, u"Clara Novak"_s, u"Lieder von Schubert."_s, inDays(8));
    addEvent(m_berlin, u"Winterreise"_s, u"Clara Novak"_s, u"Lieder von Schubert."_s, inDays(15));
    addEvent(m_berlin, u"Konzert für Violine"_s, u"Anne Müller"_s, u"Ein Solistenabend."_s,
             inDays(40));
    addEvent(m_berlin, u"Schubert gestern"_s, u"Clara Novak"_s, u"Vorbei."_s, inDays(-1));
    QTRY_VERIFY_WITH_TIMEOUT(m_stack->client()->get("/healthz").body.contains("\"index\""), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(names("q=winterreise").size(), 3, 5000);
    // The index follows in batches: wait for the last searchable event.
    QTRY_COMPARE_WITH_TIMEOUT(names("q=violine"), QStringList{u"Konzert für Violine"_s}, 5000);
}

QStringList TestSearch::names(const QByteArray &query, TestServer *server)
{
    auto c = server ? server->client() : m_stack->client();
    const HttpTestResponse r = c->get("/v1/event?" + query);
    QStringList out;
    if (r.status != 200) {
        out.append(u"HTTP %1"_s.arg(r.status));
        return out;
    }
    for (const QJsonValue &event : r.json().value(u"events"_s).toArray())
        out.append(event[u"name"_s].toString());
    return out;
}

void TestSearch::healthSaysTheIndexAnswers()
{
    const HttpTestResponse health = m_stack->client()->get("/healthz");
    QCOMPARE(health.json().value(u"search"_s).toString(), u"index"_s);
}

void TestSearch::queryKinds_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("first");
    QTest::addRow("two prefixes as typed") << "q=beet+sym"_ba << u"Beethoven: Symphonie Nr. 5"_s;
    QTest::addRow("one prefix") << "q=zauber"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("without accents") << "q=zauberflote"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("with accents") << "q=Zauberfl%C3%B6te"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("misspelled") << "q=beethofen"_ba << u"Beethoven: Symphonie Nr. 5"_s;
    QTest::addRow("swapped letters") << "q=symphnoie"_ba << u"Beethoven: Symphonie Nr. 5"_s;
    QTest::addRow("missing letter") << "q=bethoven"_ba << u"Beethoven: Symphonie Nr. 5"_s;
    QTest::addRow("plural by stem") << "q=konzerte"_ba << u"Konzert für Violine"_s;
    QTest::addRow("name with umlaut") << "q=muller"_ba << u"Konzert für Violine"_s;
    QTest::addRow("word plus city") << "q=mozart+hamburg"_ba << u"Mozart Requiem"_s;
    QTest::addRow("performer surname") << "q=novak"_ba << u"Winterreise"_s;
    QTest::addRow("whole title") << "q=Die+Zauberfl%C3%B6te"_ba << u"Die Zauberflöte"_s;
    QTest::addRow("case") << "q=BEETHOVEN"_ba << u"Beethoven: Symphonie Nr. 5"_s;
    QTest::addRow("nothing like it") << "q=xylophonorchestrion"_ba << QString();
}

void TestSearch::queryKinds()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, first);
    const QStringList found = names(query);
    if (first.isEmpty()) {
        QVERIFY2(found.isEmpty(), qPrintable(found.join(u", "_s)));
        return;
    }
    QVERIFY2(!found.isEmpty(), query.constData());
    QCOMPARE(found.first(), first);
}

void TestSearch::titleAndPerformerRankAboveDescription()
{
    // "Mozart" is the Requiem's title (in 20 days) and only in the
    // descriptions of the Zauberflöte (12 days) and the Adventskonzert (3).
    const QStringList found = names("q=mozart");
    QCOMPARE(found.size(), 3);
    QCOMPARE(found.first(), u"Mozart Requiem"_s);
    QCOMPARE(found.mid(1), QStringList({u"Adventskonzert"_s, u"Die Zauberflöte"_s}));
}

void TestSearch::equalMatchesComeSoonestFirst()
{
    auto c = m_stack->client();
    const QJsonArray events = c->get("/v1/event?q=winterreise").json().value(u"events"_s).toArray();
    QCOMPARE(events.size(), 3);
    QStringList starts;
    for (const QJsonValue &event : events)
        starts.append(event[u"starts_at"_s].toString());
    QStringList sorted = starts;
    sorted.sort();
    QCOMPARE(starts, sorted);
    // Results carry the current seat count, from Postgres.
    QVERIFY(events.first().toObject().contains(u"available"_s));
}

void TestSearch::dateRangeAndPastEvents()
{
    QVERIFY(!names("q=schubert").contains(u"Schubert gestern"_s));
    const QByteArray from = QUrl::toPercentEncoding(inDays(10, 0));
    const QByteArray to = QUrl::toPercentEncoding(inDays(20, 0));
    QCOMPARE(names("q=winterreise&date_from=" + from + "&date_to=" + to),
             QStringList{u"Winterreise"_s});
    QCOMPARE(names("q=winterreise&limit=2").size(), 2);
}

void TestSearch::filtersKeepTheirMeaning()
{
    QCOMPARE(names("q=mozart&location=hamburg"), QStringList{u"Mozart Requiem"_s});
    QCOMPARE(names("performer=novak").size(), 3);
    QCOMPARE(names("performer=no").size(), 3); // shorter than a trigram: Postgres
    // Mid-word, across words ("+" is a plus sign in a filter, not a space).
    QCOMPARE(names("performer=lara%20nov"), QStringList(3, u"Winterreise"_s));
    QCOMPARE(names("q=winterreise&performer=clara&location=philharmonie").size(), 3);
    QVERIFY(names("q=winterreise&location=hamburg").isEmpty());
    QCOMPARE(names("location=laeisz"), QStringList({u"Laeiszhalle"_s, u"Mozart Requiem"_s}));
    QCOMPARE(names("name=flöte"_ba.toPercentEncoding("=")), QStringList{u"Die Zauberflöte"_s});
}

void TestSearch::badInputNeverFails_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addRow("empty") << "q="_ba;
    QTest::addRow("only punctuation") << "q=%21%3F%2A%25%22%27%28%29"_ba;
    QTest::addRow("control characters") << "q=%01%02%1B%7F"_ba;
    QTest::addRow("10 KB") << "q=" + QByteArray(10 * 1024, 'a');
    QTest::addRow("many words") << "q=" + QByteArray("ab+").repeated(3000);
    QTest::addRow("wildcards") << "q=*+%3F+a*"_ba;
    QTest::addRow("xapian syntax") << "q=NEAR+AND+OR+NOT+%22a%22+title%3Ax"_ba;
}

void TestSearch::badInputNeverFails()
{
    QFETCH(QByteArray, query);
    const HttpTestResponse r = m_stack->client()->get("/v1/event?" + query);
    QVERIFY2(r.status == 200 || (r.status >= 400 && r.status < 500), r.body.constData());
    QVERIFY(r.status == 200 || !r.errorCode().isEmpty());
}

void TestSearch::followsCatalogChangesOnTwoInstances()
{
    TestServer second(m_stack->db(), m_stack->redis(),
                      {u"--search-index"_s, m_indexes.filePath(u"second"_s)});
    QVERIFY(second.start());
    QTRY_VERIFY_WITH_TIMEOUT(second.client()->get("/healthz").body.contains("\"index\""), 10000);
    addEvent(m_hamburg, u"Glockenspiel Gala"_s, u"Ensemble Klangwerk"_s, {}, inDays(5));
    QTRY_COMPARE_WITH_TIMEOUT(names("q=glockenspiel"), QStringList{u"Glockenspiel Gala"_s}, 3000);
    QTRY_COMPARE_WITH_TIMEOUT(names("q=glockenspiel", &second), QStringList{u"Glockenspiel Gala"_s},
                              3000);
    // A renamed event is found by its new name only, on both.
    {
        pqxx::connection connection(m_stack->db().conninfo());
        pqxx::work tx(connection);
        tx.exec0("UPDATE events SET name = 'Carillon Gala' WHERE name = 'Glockenspiel Gala'");
        tx.commit();
    }
    QTRY_COMPARE_WITH_TIMEOUT(names("q=carillon", &second), QStringList{u"Carillon Gala"_s}, 3000);
    QTRY_VERIFY_WITH_TIMEOUT(names("q=glockenspiel", &second).isEmpty(), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(names("q=carillon"), QStringList{u"Carillon Gala"_s}, 3000);
    // A venue's new city reaches its events' documents.
    {
        pqxx::connection connection(m_stack->db().conninfo());
        pqxx::work tx(connection);
        tx.exec_params0("UPDATE venues SET city = 'Lübeck' WHERE id = $1", m_hamburg);
        tx.commit();
    }
    QTRY_COMPARE_WITH_TIMEOUT(names("q=carillon+lubeck", &second), QStringList{u"Carillon Gala"_s},
                              3000);
}

void TestSearch::restartResumesAndALostIndexIsRebuilt()
{
    const QString directory = m_indexes.filePath(u"restart"_s);
    TestServer server(m_stack->db(), m_stack->redis(),
                      {u"--search-index"_s, directory, u"--log-level"_s, u"info"_s});
    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(server.output().contains("search index ready"), 10000);
    QVERIFY(server.output().contains("catching up"));
    QCOMPARE(server.terminate(), 0);

    // Changed while it was down: caught up from where it stopped, not rebuilt.
    addEvent(m_berlin, u"Orgelnacht"_s, u"Domkantorei"_s, {}, inDays(6));
    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(server.output().contains("search index ready"), 10000);
    QVERIFY2(server.output().contains("catching up: 1 events"), server.output().constData());
    QCOMPARE(names("q=orgelnacht", &server), QStringList{u"Orgelnacht"_s});
    QCOMPARE(server.terminate(), 0);

    // Lost: rebuilt from the catalog, everything found again.
    QVERIFY(QDir(directory).removeRecursively());
    QVERIFY(server.start());
    QTRY_VERIFY_WITH_TIMEOUT(server.output().contains("search index ready"), 10000);
    const qint64 events = m_stack->db().scalar("SELECT count(*) FROM events");
    QVERIFY2(server.output().contains(
                 QByteArray("catching up: " + QByteArray::number(events) + " events")),
             server.output().constData());
    QCOMPARE(names("q=orgelnacht", &server), QStringList{u"Orgelnacht"_s});
    QCOMPARE(names("q=zauberflote", &server).value(0), u"Die Zauberflöte"_s);
}

QTEST_MAIN(TestSearch)
#include "tst_search.moc"
