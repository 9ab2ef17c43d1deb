#pragma once

#include <QThread>
#include <atomic>
#include <chrono>
#include <string>

class Metrics;

// Returns expired holds to sale on its own, with nobody calling the server
// and no help from Redis expiry events (invariant 5). Safe with many
// instances: each takes holds with SKIP LOCKED.
class HoldSweeper : public QThread
{
    Q_OBJECT
public:
    HoldSweeper(std::string conninfo, std::chrono::milliseconds interval, Metrics &metrics,
                QObject *parent = nullptr);
    void stop();
    // One pass; returns how many holds it released.
    static int sweep(class Database &db, Metrics &metrics);

protected:
    void run() override;

private:
    std::string m_conninfo;
    std::chrono::milliseconds m_interval;
    Metrics &m_metrics;
    std::atomic<bool> m_stop{false};
};
