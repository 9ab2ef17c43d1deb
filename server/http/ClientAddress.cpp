#include "ClientAddress.h"

QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                           const Subnets &trustedProxies)
{
    if (trustedProxies.isEmpty() || !subnetsContain(trustedProxies, peer))
        return peer;
    QHostAddress client = peer;
    const QList<QByteArray> hops = forwardedFor.split(',');
    for (auto hop = hops.crbegin(); hop != hops.crend(); ++hop) {
        QHostAddress address;
        if (!address.setAddress(QString::fromLatin1(hop->trimmed())))
            break; // garbage: the last trusted hop is as far as we can see
        client = address;
        if (!subnetsContain(trustedProxies, address))
            break;
    }
    return client;
}
