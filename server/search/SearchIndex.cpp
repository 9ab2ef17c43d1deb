#include "SearchIndex.h"

#include "Database.h"
#include "Log.h"
#include "SearchText.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <QTimeZone>
#include <algorithm>
#include <limits>
#include <optional>
#include <stdexcept>
#include <xapian.h>

using namespace Qt::StringLiterals;

namespace {

constexpr Xapian::valueno StartsAtSlot = 0;
constexpr Xapian::valueno EventIdSlot = 1;

// Documents are numbered in start-time order: 5-minute buckets from 2024 on,
// 1,024 events per bucket (a crowded one spills into the next), good until
// 2063. Equally good matches then come in document order: sooner first.
constexpr qint64 BucketEpoch = 1704067200; // 2024-01-01T00:00:00Z
constexpr qint64 BucketSeconds = 300;
constexpr Xapian::docid SlotsPerBucket = 1024;
constexpr qint64 Buckets = std::numeric_limits<Xapian::docid>::max() / SlotsPerBucket;

qint64 bucketOf(qint64 startsAt)
{
    return std::clamp<qint64>((startsAt - BucketEpoch) / BucketSeconds, 0, Buckets - 1);
}

Xapian::docid firstOf(qint64 bucket)
{
    return static_cast<Xapian::docid>(bucket) * SlotsPerBucket + 1;
}

// Where an event's document goes: where it is if its bucket is the same,
// else a free place in its bucket (or the next ones).
Xapian::docid placeOf(Xapian::WritableDatabase &index, qint64 eventId, qint64 startsAt)
{
    const std::string idTerm = "Q" + std::to_string(eventId);
    Xapian::docid current = 0;
    for (auto it = index.postlist_begin(idTerm); it != index.postlist_end(idTerm); ++it)
        current = *it;
    const qint64 bucket = bucketOf(startsAt);
    if (current >= firstOf(bucket) && current < firstOf(bucket) + SlotsPerBucket)
        return current;
    if (current)
        index.delete_document(current);
    for (qint64 b = bucket; b < std::min(Buckets, bucket + 64); ++b) {
        for (Xapian::docid k = 0; k < SlotsPerBucket; ++k) {
            const Xapian::docid candidate =
                firstOf(b) + static_cast<Xapian::docid>((eventId + k) % SlotsPerBucket);
            try {
                (void)index.get_doclength(candidate);
            } catch (const Xapian::DocNotFoundError &) {
                return candidate;
            }
        }
    }
    return 0; // no place: the event is not searchable (logged by the caller)
}
constexpr int Batch = 2000;
constexpr auto FollowInterval = std::chrono::milliseconds(250);

// Where a word stands, as its term's prefix: title or performer ("T"),
// category, venue or city ("L"), description ("D"). Stems get "Z" after it.
constexpr char Title[] = "T";
constexpr char Place[] = "L";
constexpr char Text[] = "D";

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
              const std::string &field)
{
    for (const QString &word : SearchText::words(text)) {
        const std::string term = utf8(word);
        doc.add_term(field + term);
        // Stems as their own terms (Konzerte → konzert): the words as
        // written stay, so names are never mangled.
        if (word.size() >= 4 && !word.front().isDigit()) {
            doc.add_term(field + "Z" + germanStem()(term));
            doc.add_term(field + "Z" + englishStem()(term));
        }
        if (word.size() >= 3)
            index.add_spelling(term);
    }
}

// The trigrams of a field, for the name, performer and location filters
// (substrings, as in Postgres): "N#zau", "N#aub", ...
void addTrigrams(Xapian::Document &doc, const QString &text, char field)
{
    const QString folded = SearchText::fold(text);
    for (qsizetype i = 0; i + 3 <= folded.size(); ++i)
        doc.add_boolean_term(std::string{field, '#'} + folded.mid(i, 3).toStdString());
}

// Day and month of a start, as boolean terms: a search looks at the next
// days first, then months, and only then everything (see SearchReader::run).
std::string dayTerm(const QDate &day)
{
    return "Y" + day.toString(u"yyyyMMdd"_s).toStdString();
}

std::string monthTerm(const QDate &day)
{
    return "M" + day.toString(u"yyyyMM"_s).toStdString();
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
        const qint64 startsAt = row[6].as<qint64>();
        revision = row[1].as<qint64>();
        Xapian::Document doc;
        doc.add_boolean_term("Q" + std::to_string(id));
        addWords(doc, index, toQString(row[2]) + u' ' + toQString(row[3]), Title);
        addWords(doc, index,
                 toQString(row[4]) + u' ' + toQString(row[7]) + u' ' + toQString(row[8]), Place);
        addWords(doc, index, toQString(row[5]), Text);
        addTrigrams(doc, toQString(row[2]), 'N');
        addTrigrams(doc, toQString(row[3]), 'R');
        addTrigrams(doc, toQString(row[7]) + u' ' + toQString(row[8]), 'V');
        const QDate day = QDateTime::fromSecsSinceEpoch(startsAt, Qt::UTC).date();
        doc.add_boolean_term(dayTerm(day));
        doc.add_boolean_term(monthTerm(day));
        doc.add_value(StartsAtSlot, Xapian::sortable_serialise(static_cast<double>(startsAt)));
        doc.add_value(EventIdSlot, std::to_string(id));
        // Shows before 2024 are past; they are never searched for.
        const Xapian::docid place = startsAt < BucketEpoch ? 0 : placeOf(index, id, startsAt);
        if (place == 0) {
            index.delete_document("Q" + std::to_string(id));
            if (startsAt >= BucketEpoch)
                qCWarning(lcServer)
                    << "search index: no place for event" << id << "among the events at its time";
            continue;
        }
        index.replace_document(place, doc);
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
    // Opening needs Postgres (whose catalog?) and the directory's write
    // lock (a previous process may still be stopping): both are retried.
    // Meanwhile, and if the directory cannot be used at all, Postgres
    // answers searches.
    for (int attempt = 1; !m_stop; ++attempt) {
        try {
            follow();
            return;
        } catch (const Xapian::DatabaseLockError &error) {
            if (attempt == 1)
                qCWarning(lcServer) << "search index" << m_directory << "is locked by another "
                                    << "process; waiting for it (set --search-index to use "
                                       "another directory)";
        } catch (const Xapian::Error &error) {
            m_state = State::Failed;
            qCWarning(lcServer) << "search index" << m_directory << "cannot be used:"
                                << QString::fromStdString(error.get_description())
                                << "- searching with Postgres instead";
            return;
        } catch (const std::exception &error) {
            if (attempt == 1 || attempt % 30 == 0)
                qCWarning(lcServer) << "search index cannot start:" << error.what()
                                    << "- retrying; Postgres answers searches meanwhile";
        }
        for (int i = 0; i < 20 && !m_stop; ++i)
            msleep(100);
    }
}

void SearchIndex::follow()
{
    QDir().mkpath(m_directory);
    const std::string path = m_directory.toStdString();
    Database db(m_conninfo);
    // Which catalog, and how documents are laid out: either changed means a
    // rebuild.
    const std::string identity = catalogIdentity(db.connection()) + "/layout-5";
    auto index = std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OPEN);
    if (index->get_metadata("catalog") != identity) {
        // Another database's index, or none: start from nothing (letting go
        // of the write lock first).
        index.reset();
        index = std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OVERWRITE);
        index->set_metadata("catalog", identity);
        index->commit();
    }
    const std::string stored = index->get_metadata("revision");
    m_revision = stored.empty() ? 0 : std::stoll(stored);
    ++m_generation;
    qint64 total = 0;
    {
        pqxx::nontransaction tx(db.connection());
        total =
            tx.exec_params1("SELECT count(*) FROM events WHERE revision > $1", m_revision.load())[0]
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
        } catch (const Xapian::Error &) {
            throw;
        } catch (const std::exception &error) {
            // Postgres away: the index stays as it is and answers; catching
            // up resumes when the database is back.
            qCWarning(lcServer) << "search index cannot read the catalog:" << error.what();
            db.reset();
            for (int i = 0; i < 10 && !m_stop; ++i)
                msleep(100);
        }
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

// One typed word, scored by where it stands and how it matched (each
// document scores a word once, by its best match): as written, as the
// beginning of a word (being typed), or by its stem. Scores ignore how
// common a word is, so equally good matches tie and come sooner first.
struct WordForm
{
    Xapian::Query query;
    double score;
    std::string term; // the term, or the prefix of a wildcard
    bool prefix;
};

std::vector<WordForm> wordForms(const std::string &word)
{
    std::vector<WordForm> forms;
    const std::pair<const char *, double> fields[] = {{Title, 3}, {Place, 2}, {Text, 1}};
    for (const auto &[field, score] : fields) {
        const std::string exact = field + word;
        forms.push_back({Xapian::Query(exact), score + 0.5, exact, false});
        if (word.size() >= 2)
            forms.push_back(
                {Xapian::Query(Xapian::Query::OP_WILDCARD, exact, 40,
                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_MAX),
                 score, exact, true});
        if (word.size() >= 4) {
            for (const Xapian::Stem *stem : {&germanStem(), &englishStem()}) {
                const std::string stemmed = field + std::string("Z") + (*stem)(word);
                forms.push_back({Xapian::Query(stemmed), score - 0.1, stemmed, false});
            }
        }
    }
    return forms;
}

Xapian::Query wordQuery(const std::string &word)
{
    std::vector<Xapian::Query> scaled;
    for (const WordForm &form : wordForms(word))
        scaled.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, form.query, form.score);
    return Xapian::Query(Xapian::Query::OP_MAX, scaled.begin(), scaled.end());
}

// The best score any event can reach for these words: per word, the best
// form that occurs in the index at all.
double bestScore(const Xapian::Database &db, const QStringList &words)
{
    double total = 0;
    for (const QString &word : words) {
        double best = 0;
        for (const WordForm &form : wordForms(utf8(word))) {
            if (form.score <= best)
                continue;
            const bool occurs = form.prefix
                                    ? db.allterms_begin(form.term) != db.allterms_end(form.term)
                                    : db.term_exists(form.term);
            if (occurs)
                best = form.score;
        }
        total += best;
    }
    return total;
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

// The days (or months) from `from` on, as one query over their terms.
Xapian::Query window(const QDate &from, int count, bool months)
{
    std::vector<Xapian::Query> terms;
    for (int i = 0; i < count; ++i)
        terms.emplace_back(months ? monthTerm(from.addMonths(i)) : dayTerm(from.addDays(i)));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

} // namespace

std::optional<QList<qint64>> SearchReader::find(const IndexQuery &asked)
{
    // During an on-sale many people search for the same few things: a
    // worker keeps recent answers until the index changes. "From now" is
    // taken to the minute, so the same search a few seconds later is the
    // same question (the caller drops events that started meanwhile).
    IndexQuery query = asked;
    query.from = QDateTime::fromSecsSinceEpoch(asked.from.toSecsSinceEpoch() / 60 * 60, Qt::UTC);
    const QString key =
        query.text + u'\x1f' + query.name + u'\x1f' + query.performer + u'\x1f' + query.location +
        u'\x1f' + QString::number(query.from.toSecsSinceEpoch()) + u'\x1f' +
        (query.until.isValid() ? QString::number(query.until.toSecsSinceEpoch()) : QString()) +
        u'\x1f' + QString::number(query.limit);
    for (int attempt = 1;; ++attempt) {
        try {
            reopenIfChanged();
            if (const CachedAnswer *cached = m_answers.object(key);
                cached && cached->generation == m_generation)
                return cached->ids;
            QList<qint64> ids = run(query);
            m_answers.insert(key, new CachedAnswer{m_generation, ids});
            return ids;
        } catch (const Xapian::DatabaseModifiedError &) {
            // The indexer moved on past what this reader saw: reopen.
            if (attempt < 3 && m_db) {
                m_db->reopen();
                continue;
            }
        } catch (const Xapian::Error &error) {
            qCWarning(lcServer) << "search index failed a search:"
                                << QString::fromStdString(error.get_description());
        }
        // Postgres answers this one; the index is opened afresh next time.
        m_db.reset();
        return std::nullopt;
    }
}

QList<qint64> SearchReader::run(const IndexQuery &query)
{
    const QStringList words = SearchText::words(query.text, 32);
    QList<qint64> ids;
    // Substring filters: every trigram of each must be there.
    std::vector<Xapian::Query> trigrams;
    const std::pair<const QString *, char> filters[] = {
        {&query.name, 'N'}, {&query.performer, 'R'}, {&query.location, 'V'}};
    for (const auto &[filter, field] : filters) {
        const QString folded = SearchText::fold(*filter);
        for (qsizetype i = 0; i + 3 <= folded.size(); ++i)
            trigrams.emplace_back(std::string{field, '#'} + folded.mid(i, 3).toStdString());
    }
    if (words.isEmpty() && trigrams.empty())
        return ids;
    const Xapian::Query dates =
        trigrams.empty()
            ? dateFilter(query)
            : Xapian::Query(Xapian::Query::OP_AND,
                            Xapian::Query(Xapian::Query::OP_AND, trigrams.begin(), trigrams.end()),
                            dateFilter(query));
    const QDate from = query.from.toUTC().date();
    const QDate until = query.until.isValid() ? query.until.toUTC().date() : QDate();
    // Matching stops early only where scores differ; many events tie. So
    // the next two days are searched first, then two weeks, then the next
    // months, then everything: a window is the answer when its last result
    // scores the best any event could (nothing later can beat it; ties go
    // to the sooner).
    struct Window
    {
        std::optional<Xapian::Query> terms;
        QDate end; // exclusive
    };
    const std::vector<Window> windows = {
        {window(from, 2, false), from.addDays(2)},
        {window(from, 14, false), from.addDays(14)},
        {window(from, 7, true), QDate(from.year(), from.month(), 1).addMonths(7)},
        {std::nullopt, QDate()}};
    const auto search = [&](const QStringList &typed, int wanted) {
        Xapian::Enquire enquire(*m_db);
        enquire.set_weighting_scheme(Xapian::CoordWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::Query text = typed.isEmpty() ? Xapian::Query::MatchAll : textQuery(typed);
        const double best = typed.isEmpty() ? 0 : bestScore(*m_db, typed);
        Xapian::MSet matches;
        for (const Window &w : windows) {
            const bool whole = !w.terms || (until.isValid() && until <= w.end);
            enquire.set_query(Xapian::Query(
                Xapian::Query::OP_FILTER, text,
                w.terms ? Xapian::Query(Xapian::Query::OP_AND, *w.terms, dates) : dates));
            matches = enquire.get_mset(0, static_cast<Xapian::doccount>(wanted));
            if (whole)
                break;
            if (matches.size() >= static_cast<Xapian::doccount>(wanted) &&
                matches[static_cast<Xapian::doccount>(wanted) - 1].get_weight() >= best - 1e-9)
                break;
        }
        for (auto it = matches.begin(); it != matches.end(); ++it) {
            const qint64 id = std::stoll(it.get_document().get_value(EventIdSlot));
            if (!ids.contains(id))
                ids.append(id);
        }
    };
    search(words, query.limit);
    // Nothing or next to nothing found: try the words as they were probably
    // meant (a rare word with a few events is not taken for a typo).
    if (ids.size() >= std::min(query.limit, 3))
        return ids;
    if (words.size() > 8)
        return ids; // a sentence, not a typo
    QStringList corrected = words;
    bool changed = false;
    int tried = 0;
    for (QString &word : corrected) {
        if (word.size() < 4 || ++tried > 4)
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
