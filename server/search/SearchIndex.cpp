#include "SearchIndex.h"

#include "Database.h"
#include "Log.h"
#include "SearchText.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <xapian.h>

using namespace Qt::StringLiterals;

namespace {

constexpr Xapian::valueno StartsAtSlot = 0;
constexpr int Batch = 2000;
constexpr auto FollowInterval = std::chrono::milliseconds(250);

// How much a word weighs by where it stands: a title or performer match
// ranks above a description match (BM25 counts these as occurrences).
constexpr Xapian::termcount TitleWeight = 6;
constexpr Xapian::termcount PerformerWeight = 5;
constexpr Xapian::termcount PlaceWeight = 2;
constexpr Xapian::termcount TextWeight = 1;

const Xapian::Stem &germanStem()
{
    thread_local const Xapian::Stem stem("german");
    return stem;
}

const Xapian::Stem &englishStem()
{
    thread_local const Xapian::Stem stem("english");
    return stem;
}

std::string utf8(const QString &text)
{
    return text.toStdString();
}

void addWords(Xapian::Document &doc, Xapian::WritableDatabase &index, const QString &text,
              Xapian::termcount weight)
{
    for (const QString &word : SearchText::words(text)) {
        const std::string term = utf8(word);
        doc.add_term(term, weight);
        // Stems as their own terms (Konzerte → konzert): the words as
        // written stay, so names are never mangled.
        if (word.size() >= 4 && !word.front().isDigit()) {
            doc.add_term("Z" + germanStem()(term), weight);
            doc.add_term("Z" + englishStem()(term), weight);
        }
        if (word.size() >= 3)
            index.add_spelling(term);
    }
}

std::string catalogIdentity(pqxx::connection &connection)
{
    pqxx::nontransaction tx(connection);
    const pqxx::row row =
        tx.exec1("SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || "
                 "current_database() || '/' || (SELECT oid FROM pg_database WHERE datname = "
                 "current_database())::text");
    return row[0].as<std::string>();
}

} // namespace

SearchIndex::SearchIndex(std::string conninfo, QString directory, QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
    , m_directory(std::move(directory))
{
    setObjectName(u"SearchIndex"_s);
}

SearchIndex::~SearchIndex()
{
    stop();
    wait();
}

void SearchIndex::stop()
{
    m_stop = true;
}

QString SearchIndex::defaultDirectory(const QString &conninfo)
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + u"/boxoffice-server"_s;
    const QByteArray key =
        QCryptographicHash::hash(conninfo.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    return base + u"/search-"_s + QString::fromLatin1(key);
}

int SearchIndex::catchUp(Database &db, Xapian::WritableDatabase &index, qint64 total)
{
    qint64 revision = m_revision.load();
    pqxx::nontransaction tx(db.connection());
    const pqxx::result rows = tx.exec_prepared(
        db.prepared("search_index_since",
                    "SELECT e.id, e.revision, e.name, e.performer, e.category, e.description, "
                    "extract(epoch FROM e.starts_at)::bigint, v.name, v.city "
                    "FROM events e JOIN venues v ON v.id = e.venue_id "
                    "WHERE e.revision > $1 ORDER BY e.revision LIMIT $2"),
        revision, Batch);
    for (const pqxx::row &row : rows) {
        const qint64 id = row[0].as<qint64>();
        revision = row[1].as<qint64>();
        if (id <= 0 || id > static_cast<qint64>(std::numeric_limits<Xapian::docid>::max())) {
            qCWarning(lcServer) << "search index: event" << id << "has an id it cannot hold";
            continue;
        }
        Xapian::Document doc;
        addWords(doc, index, toQString(row[2]), TitleWeight);
        addWords(doc, index, toQString(row[3]), PerformerWeight);
        addWords(doc, index,
                 toQString(row[4]) + u' ' + toQString(row[7]) + u' ' + toQString(row[8]),
                 PlaceWeight);
        addWords(doc, index, toQString(row[5]), TextWeight);
        doc.add_value(StartsAtSlot,
                      Xapian::sortable_serialise(static_cast<double>(row[6].as<qint64>())));
        // The document id is the event id: results need no lookup.
        index.replace_document(static_cast<Xapian::docid>(id), doc);
    }
    if (rows.empty())
        return 0;
    index.set_metadata("revision", std::to_string(revision));
    index.commit();
    m_revision = revision;
    ++m_generation;
    if (total > Batch)
        qCInfo(lcServer) << "search index:" << index.get_doccount() << "events indexed of about"
                         << total;
    return static_cast<int>(rows.size());
}

void SearchIndex::run()
{
    try {
        QDir().mkpath(m_directory);
        const std::string path = m_directory.toStdString();
        Database db(m_conninfo);
        const std::string identity = catalogIdentity(db.connection());
        auto index = std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OPEN);
        if (index->get_metadata("catalog") != identity) {
            // Another database's index, or none: start from nothing (letting go
            // of the write lock first).
            index.reset();
            index =
                std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OVERWRITE);
            index->set_metadata("catalog", identity);
            index->commit();
        }
        const std::string stored = index->get_metadata("revision");
        m_revision = stored.empty() ? 0 : std::stoll(stored);
        ++m_generation;
        qint64 total = 0;
        {
            pqxx::nontransaction tx(db.connection());
            total = tx.exec_params1("SELECT count(*) FROM events WHERE revision > $1",
                                    m_revision.load())[0]
                        .as<qint64>();
        }
        if (total > 0)
            qCInfo(lcServer) << "search index" << m_directory << "catching up:" << total
                             << "events changed since revision" << m_revision.load();
        while (!m_stop) {
            try {
                if (catchUp(db, *index, total) == 0) {
                    if (m_state.exchange(State::Ready) != State::Ready)
                        qCInfo(lcServer) << "search index ready at revision" << m_revision.load()
                                         << "with" << index->get_doccount() << "events";
                    for (int i = 0; i < 4 && !m_stop; ++i)
                        msleep(static_cast<unsigned long>(FollowInterval.count() / 4));
                }
            } catch (const pqxx::failure &error) {
                // Postgres away: the index stays as it is and answers;
                // catching up resumes when the database is back.
                qCWarning(lcServer) << "search index cannot read the catalog:" << error.what();
                db.reset();
                for (int i = 0; i < 10 && !m_stop; ++i)
                    msleep(100);
            }
        }
    } catch (const Xapian::Error &error) {
        m_state = State::Failed;
        qCWarning(lcServer) << "search index" << m_directory
                            << "cannot be used:" << QString::fromStdString(error.get_description())
                            << "- searching with Postgres instead";
    } catch (const std::exception &error) {
        m_state = State::Failed;
        qCWarning(lcServer) << "search index stopped:" << error.what()
                            << "- searching with Postgres instead";
    }
}

SearchReader::SearchReader(const SearchIndex &index)
    : m_index(index)
{
}

SearchReader::~SearchReader() = default;

bool SearchReader::ready() const
{
    return m_index.state() == SearchIndex::State::Ready;
}

void SearchReader::reopenIfChanged()
{
    const int generation = m_index.generation();
    if (!m_db) {
        m_db = std::make_unique<Xapian::Database>(m_index.directory().toStdString());
        m_generation = generation;
    } else if (generation != m_generation) {
        m_db->reopen();
        m_generation = generation;
    }
}

namespace {

// One typed word: as written, as a prefix (the word being typed), and by
// its stems.
Xapian::Query wordQuery(const std::string &word)
{
    std::vector<Xapian::Query> forms{Xapian::Query(word)};
    if (word.size() >= 2)
        forms.emplace_back(Xapian::Query::OP_WILDCARD, word, 40,
                           Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (word.size() >= 4) {
        forms.emplace_back("Z" + germanStem()(word));
        forms.emplace_back("Z" + englishStem()(word));
    }
    return Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

Xapian::Query textQuery(const QStringList &words)
{
    std::vector<Xapian::Query> all;
    for (const QString &word : words)
        all.push_back(wordQuery(utf8(word)));
    return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

Xapian::Query dateFilter(const IndexQuery &query)
{
    const std::string from =
        Xapian::sortable_serialise(static_cast<double>(query.from.toSecsSinceEpoch()));
    if (!query.until.isValid())
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, StartsAtSlot, from);
    // date_to is exclusive; times are whole seconds.
    const std::string until =
        Xapian::sortable_serialise(static_cast<double>(query.until.toSecsSinceEpoch() - 1));
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, StartsAtSlot, from, until);
}

} // namespace

QList<qint64> SearchReader::find(const IndexQuery &query)
{
    try {
        reopenIfChanged();
        return run(query);
    } catch (const Xapian::DatabaseModifiedError &) {
        // The indexer moved on past what this reader saw: reopen, once.
        m_db->reopen();
        return run(query);
    }
}

QList<qint64> SearchReader::run(const IndexQuery &query)
{
    const QStringList words = SearchText::words(query.text, 32);
    QList<qint64> ids;
    if (words.isEmpty())
        return ids;
    const Xapian::Query filter = dateFilter(query);
    const auto search = [&](const QStringList &typed, int wanted) {
        Xapian::Enquire enquire(*m_db);
        // BM25 without length normalisation (b = 0): a word weighs by where
        // it stands, not by how long the rest of the text is, so events
        // that match alike tie and the sooner comes first.
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0, 0.5));
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, textQuery(typed), filter));
        // Among equally good matches, the sooner event first.
        enquire.set_sort_by_relevance_then_value(StartsAtSlot, false);
        const Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(wanted));
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            const qint64 id = *it;
            if (!ids.contains(id))
                ids.append(id);
        }
    };
    search(words, query.limit);
    // Nothing or next to nothing found: try the words as they were probably
    // meant (a rare word with a few events is not taken for a typo).
    if (ids.size() >= std::min(query.limit, 3))
        return ids;
    QStringList corrected = words;
    bool changed = false;
    for (QString &word : corrected) {
        if (word.size() < 4)
            continue;
        const std::string suggestion = m_db->get_spelling_suggestion(utf8(word), 2);
        if (!suggestion.empty() && suggestion != utf8(word)) {
            word = QString::fromStdString(suggestion);
            changed = true;
        }
    }
    if (changed)
        search(corrected, query.limit);
    while (ids.size() > query.limit)
        ids.removeLast();
    return ids;
}
