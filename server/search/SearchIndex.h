#pragma once

#include <QCache>
#include <QDateTime>
#include <QString>
#include <QThread>
#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace Xapian {
class Database;
class WritableDatabase;
} // namespace Xapian

// The search index of this server instance (Xapian, on disk), fed from the
// catalog's change feed: Postgres stays the truth; the index follows the
// catalog revisions that GET /v1/catalog serves. On start it catches up from
// the revision it indexed last (a lost index is rebuilt from revision 0),
// then follows new revisions within a fraction of a second. One writer
// thread; every worker reads through its own SearchReader.
class SearchIndex : public QThread
{
    Q_OBJECT
public:
    enum class State
    {
        CatchingUp, // answers come from Postgres meanwhile
        Ready,
        Failed, // the directory cannot be used: Postgres answers
    };

    SearchIndex(std::string conninfo, QString directory, QObject *parent = nullptr);
    ~SearchIndex() override;

    void stop();
    State state() const { return m_state.load(); }
    QString directory() const { return m_directory; }
    // Bumped on every commit: readers reopen when it moved.
    int generation() const { return m_generation.load(); }
    qint64 revision() const { return m_revision.load(); }

    // The default directory for a database: the user's cache, one per
    // database (the index can always be rebuilt).
    static QString defaultDirectory(const QString &conninfo);

protected:
    void run() override;

private:
    // Opens the index and follows the catalog until stopped.
    void follow();
    // Indexes events changed after the last revision; returns how many.
    int catchUp(class Database &db, Xapian::WritableDatabase &index, qint64 total);

    std::string m_conninfo;
    QString m_directory;
    std::atomic<bool> m_stop{false};
    std::atomic<State> m_state{State::CatchingUp};
    std::atomic<int> m_generation{0};
    std::atomic<qint64> m_revision{0};
};

// What one search asks the index: the words, the date range, how many.
struct IndexQuery
{
    QString text;
    QDateTime from;
    QDateTime until; // invalid: open
    int limit = 20;
    // Substring filters (folded), each 3 characters or more: the index
    // narrows by their trigrams; the caller checks the substrings.
    QString name;
    QString performer;
    QString location; // venue name and city
};

// A worker's view of the index (a Xapian database is not shared between
// threads). Reopens when the indexer has committed since.
class SearchReader
{
public:
    explicit SearchReader(const SearchIndex &index);
    ~SearchReader();

    bool ready() const;
    // Event ids, best first: words as typed (each word also as a prefix and
    // by its German and English stem), and only when those find next to
    // nothing (fewer than 3), spelling corrections of the words after them.
    // nullopt when the index failed this search: Postgres answers it. The
    // answer may start up to a minute before `from` (see find()).
    std::optional<QList<qint64>> find(const IndexQuery &query);

private:
    QList<qint64> run(const IndexQuery &query);
    void reopenIfChanged();

    const SearchIndex &m_index;
    std::unique_ptr<Xapian::Database> m_db;
    int m_generation = -1;
    struct CachedAnswer
    {
        int generation;
        QList<qint64> ids;
    };
    QCache<QString, CachedAnswer> m_answers{4096};
};
