#include "ChangePublisher.h"

#include "Database.h"
#include "EventVersions.h"
#include "Log.h"

namespace {
// Above this many tickets the NOTIFY carries only the version; listeners
// read the tickets back (NOTIFY payloads are limited to 8000 bytes).
constexpr int MaxTicketsInNotify = 200;
} // namespace

ChangePublisher::ChangePublisher(std::string conninfo, EventVersions &versions, QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
    , m_versions(versions)
{
}

ChangePublisher::~ChangePublisher()
{
    stop();
    wait();
}

void ChangePublisher::stop()
{
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_wake.notify_all();
    m_published.notify_all();
}

void ChangePublisher::publishAndWait(qint64 eventId)
{
    std::unique_lock lock(m_mutex);
    if (m_stopping)
        return; // the sweeper publishes it on the next start at the latest
    const quint64 ticket = ++m_counter;
    m_requested[eventId] = ticket;
    m_wake.notify_one();
    m_published.wait(lock, [&] { return m_stopping || m_done.value(eventId) >= ticket; });
}

void ChangePublisher::run()
{
    Database db(m_conninfo);
    for (;;) {
        QHash<qint64, quint64> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_requested.isEmpty(); });
            if (m_stopping && m_requested.isEmpty())
                return;
            // Every request taken here was made after its transaction
            // committed, so the publication below, which starts later, sees it.
            batch.swap(m_requested);
        }
        for (auto it = batch.cbegin(); it != batch.cend(); ++it) {
            try {
                const EventVersions::Epoch epoch = m_versions.epoch();
                qint64 version = publish(db, it.key());
                // Nothing left to publish: another publisher took this
                // change first; what it made is the version to know.
                if (version == 0)
                    version = EventVersions::load(db, it.key()).version;
                m_versions.record(it.key(), {version, -1}, epoch);
            } catch (const std::exception &error) {
                // The changes stay unpublished; the sweeper retries them.
                qCWarning(lcBooking) << "publishing event" << it.key() << "failed:" << error.what();
                db.reset();
            }
        }
        std::lock_guard lock(m_mutex);
        for (auto it = batch.cbegin(); it != batch.cend(); ++it)
            m_done[it.key()] = std::max(m_done.value(it.key()), it.value());
        m_published.notify_all();
    }
}

qint64 ChangePublisher::publish(Database &db, qint64 eventId)
{
    // One publisher per event at a time (an advisory lock writes no WAL, so
    // a publisher that finds nothing to do commits for free). The lock is
    // held until this commit is durable and visible, so versions follow
    // commit order and a reader of ?since=N never misses one. Rows still
    // locked by a transaction in flight are skipped: that transaction
    // publishes them itself once it commits.
    return db.transact([&](pqxx::work &tx) -> qint64 {
        tx.exec_prepared(db.prepared("ledger_lock", "SELECT pg_advisory_xact_lock($1)"), eventId);
        const pqxx::result rows = tx.exec_prepared(
            db.prepared(
                "ledger_publish",
                "WITH pending AS (SELECT id, status, counted FROM tickets "
                "  WHERE event_id = $1 AND version IS NULL ORDER BY id FOR UPDATE SKIP LOCKED), "
                "e AS (UPDATE events SET version = version + 1, available = available + "
                "  (SELECT coalesce(sum((status = 'available')::int - counted::int), 0) FROM "
                "pending) "
                "  WHERE id = $1 AND EXISTS (SELECT 1 FROM pending) RETURNING version), "
                "t AS (UPDATE tickets t SET version = (SELECT version FROM e), "
                "  counted = (t.status = 'available') FROM pending p "
                "  WHERE t.id = p.id AND EXISTS (SELECT 1 FROM e) RETURNING t.id, t.status) "
                "SELECT e.version, pg_notify('boxoffice_tickets', json_build_object("
                "  'event_id', $1::bigint, 'version', e.version, "
                "  'tickets', CASE WHEN (SELECT count(*) FROM t) <= $2 THEN (SELECT json_agg("
                "    json_build_object('id', id, 'status', status) ORDER BY id) FROM t) "
                "END)::text) "
                "FROM e"),
            eventId, MaxTicketsInNotify);
        return rows.empty() ? 0 : rows[0][0].as<qint64>();
    });
}

int ChangePublisher::publishAllPending(Database &db)
{
    pqxx::result events;
    {
        pqxx::nontransaction tx(db.connection());
        events = tx.exec("SELECT DISTINCT event_id FROM tickets WHERE version IS NULL");
    }
    int published = 0;
    for (const pqxx::row &row : events) {
        if (publish(db, row[0].as<qint64>()) > 0)
            ++published;
    }
    return published;
}
