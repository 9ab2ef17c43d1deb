#pragma once

#include <QByteArray>
#include <QString>
#include <QThread>
#include <atomic>

class FloodDriver;

// What a flood throws at one server (issue 8, DESIGN.md invariant 9).
struct FloodPlan
{
    quint16 port = 0;
    // The event whose seat map the pipeliner asks for, again and again.
    qint64 seatMapEventId = 0;
    // Events the stream abusers subscribe to among their junk ids.
    QList<qint64> knownEventIds;
    // An account that exists, with the password "correct horse": the sign-in
    // burst tries it with right and wrong passwords.
    QString loginEmail;

    // Connections that say nothing, spread over 127.0.0.2 … so that the
    // per-address cap is not what stops them.
    int idleConnections = 2000;
    int idleAddresses = 100;
    // Clients that pipeline seat-map requests and never read (127.0.0.201 …).
    int pipeliners = 1;
    // WebSocket clients sending huge and over-size subscribe messages,
    // reconnecting when closed, each time from another forwarded address.
    int streamAbusers = 4;
    // Sign-in connections, each sending its next sign-in when answered (at
    // most every loginIntervalMs), from many forwarded addresses.
    int loginConnections = 96;
    int loginIntervalMs = 200;
};

// What the flood did so far (written by its thread, read by anyone).
struct FloodCounts
{
    std::atomic<int> idleOpen{0};
    std::atomic<qint64> idleReconnects{0};
    std::atomic<qint64> pipelinedRequests{0};
    std::atomic<qint64> pipelinerReconnects{0};
    std::atomic<qint64> streamConnects{0};
    std::atomic<qint64> streamMessages{0};
    std::atomic<qint64> streamAnswers{0};
    std::atomic<qint64> streamClosed{0};
    std::atomic<qint64> loginsSent{0};
    std::atomic<qint64> loginsSignedIn{0};    // 200
    std::atomic<qint64> loginsRefused{0};     // 401
    std::atomic<qint64> loginsRateLimited{0}; // 429
    std::atomic<qint64> loginsBusy{0};        // 503 (hashing queue full)
    std::atomic<qint64> loginsOther{0};
};

// Runs a flood against a server on a thread of its own (its sockets live
// on that thread's event loop), until stop() or destruction. The peer must
// trust 127.0.0.1 as a proxy (--trusted-proxies 127.0.0.1): the sign-ins and
// the stream abusers come from there with X-Forwarded-For.
class Flood
{
public:
    explicit Flood(FloodPlan plan);
    ~Flood();
    Flood(const Flood &) = delete;
    Flood &operator=(const Flood &) = delete;

    void start();
    void stop();
    const FloodCounts &counts() const { return m_counts; }
    // Every count, on one line.
    QString summary() const;
    // Whether every part of the flood is under way: all idle connections
    // open, the pipeliner held back, stream messages and sign-ins answered.
    bool inFullSwing() const;

private:
    const FloodPlan m_plan;
    FloodCounts m_counts;
    QThread m_thread;
    FloodDriver *m_driver = nullptr;
};
