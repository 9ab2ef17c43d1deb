#include "ConnectionLimits.h"

#include "ClientAddress.h"
#include "Metrics.h"

ConnectionLimits::ConnectionLimits(const ServerConfig &config, Metrics &metrics)
    : m_config(config)
    , m_metrics(metrics)
{
}

bool ConnectionLimits::admit(const QHostAddress &peer)
{
    const bool capped = !subnetsContain(m_config.trustedProxies, peer) &&
                        !subnetsContain(m_config.rateLimitExempt, peer);
    const QByteArray subject = clientSubject(peer);
    const std::lock_guard lock(m_mutex);
    if (m_total >= m_config.maxConnections ||
        (capped && m_perAddress.value(subject) >= m_config.maxConnectionsPerAddress)) {
        ++m_metrics.connectionsRefused;
        return false;
    }
    ++m_total;
    ++m_perAddress[subject];
    ++m_metrics.connections;
    return true;
}

void ConnectionLimits::release(const QHostAddress &peer)
{
    const QByteArray subject = clientSubject(peer);
    const std::lock_guard lock(m_mutex);
    --m_total;
    --m_metrics.connections;
    auto it = m_perAddress.find(subject);
    if (it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
}
