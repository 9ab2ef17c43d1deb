#pragma once

#include "EventVersions.h"
#include "Metrics.h"
#include "ServerConfig.h"

#include <QObject>
#include <QThread>
#include <memory>
#include <vector>

class ChangeListener;
class ChangePublisher;
class SaleCommitter;
class SalePool;
class ConnectionLimits;
class LocalRateBuckets;
class PasswordHasher;
class SearchIndex;
class HoldSweeper;
class WaitingRooms;
class Worker;

// The daemon: N workers sharing one port through SO_REUSEPORT, the NOTIFY
// relay that feeds their stream subscribers, and the hold sweeper.
class Server : public QObject
{
    Q_OBJECT
public:
    explicit Server(const ServerConfig &config, QObject *parent = nullptr);
    ~Server() override;

    // Binds and starts everything; false with a message on failure.
    bool start(QString *error);
    quint16 port() const { return m_port; }
    // Stop accepting, let in-flight requests finish, then emit stopped().
    void stop();

Q_SIGNALS:
    void stopped();

private:
    void workerStopped();

    const ServerConfig &m_config;
    Metrics m_metrics;
    // Every event's current version and revision, for the workers' caches.
    EventVersions m_versions;
    std::unique_ptr<LocalRateBuckets> m_rateBuckets;
    std::unique_ptr<ConnectionLimits> m_connectionLimits;
    std::unique_ptr<PasswordHasher> m_hasher;
    quint16 m_port = 0;
    struct WorkerThread
    {
        std::unique_ptr<QThread> thread;
        Worker *worker = nullptr;
    };
    std::vector<WorkerThread> m_workers;
    int m_running = 0;
    ChangeListener *m_listener = nullptr;
    ChangePublisher *m_publisher = nullptr;
    std::unique_ptr<SaleCommitter> m_committer;
    // After the committer: destroyed before it, once no sale runs.
    std::unique_ptr<SalePool> m_sales;
    HoldSweeper *m_sweeper = nullptr;
    WaitingRooms *m_rooms = nullptr;
    SearchIndex *m_search = nullptr;
    bool m_stopping = false;
};
