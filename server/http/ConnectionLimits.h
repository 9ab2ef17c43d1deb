#pragma once

#include "ServerConfig.h"

#include <QHash>
#include <QHostAddress>
#include <mutex>

class Metrics;

// Open connections per client address and in all, shared by the workers of
// one process (invariant 9): one client cannot take every file descriptor.
// Trusted gateways and exempt addresses have no per-address cap (behind a
// gateway every client shares its address); the total applies to everyone.
class ConnectionLimits
{
public:
    ConnectionLimits(const ServerConfig &config, Metrics &metrics);

    // Counts the connection in, or refuses it (false) and counts nothing.
    bool admit(const QHostAddress &peer);
    void release(const QHostAddress &peer);

private:
    const ServerConfig &m_config;
    Metrics &m_metrics;
    std::mutex m_mutex;
    QHash<QByteArray, int> m_perAddress; // by clientSubject()
    int m_total = 0;
};
