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

QByteArray clientSubject(const QHostAddress &client)
{
    bool isV4 = false;
    const quint32 v4 = client.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString().toLatin1();
    Q_IPV6ADDR bytes = client.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString().toLatin1() + "/64";
}
