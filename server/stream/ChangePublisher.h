#pragma once

#include <QHash>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

class Database;
class EventVersions;

// Gives committed ticket changes their event version (see TicketLedger) in
// batches: workers commit their sales in parallel and then wait here until
// a publication that includes their change is durable. One publication
// covers every sale committed before it started, so during a rush the
// event's version row is written once per batch, not once per sale.
class ChangePublisher : public QThread
{
    Q_OBJECT
public:
    // What it publishes is recorded in versions at once, so this instance's
    // next read sees its own change without waiting for the NOTIFY.
    ChangePublisher(std::string conninfo, EventVersions &versions, QObject *parent = nullptr);
    ~ChangePublisher() override;

    // Blocks until the event's changes committed so far are published (or
    // the publisher stops); any thread may call it.
    void publishAndWait(qint64 eventId);
    void stop();

    // One publication in its own transaction on db: stamps the event's
    // committed, unpublished changes with its next version and NOTIFYs.
    // Returns the new version, or 0 if there was nothing to publish.
    static qint64 publish(Database &db, qint64 eventId);
    // Publishes every event with unpublished changes (after a crash, or
    // when rows were skipped because a transaction in flight held them).
    static int publishAllPending(Database &db);

protected:
    void run() override;

private:
    std::string m_conninfo;
    EventVersions &m_versions;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_published;
    QHash<qint64, quint64> m_requested; // event -> newest request number
    QHash<qint64, quint64> m_done;      // event -> newest request number published
    quint64 m_counter = 0;
    bool m_stopping = false;
};
