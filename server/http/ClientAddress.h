#pragma once

#include "ServerConfig.h"

#include <QByteArray>
#include <QHostAddress>

// Who the client is: the connection's peer, or, when the peer is a trusted
// gateway, the address that gateway saw. X-Forwarded-For is read from the
// right: each trusted proxy appended the address it got the request from, so
// the first address from the right that is not a trusted proxy is the
// client; anything left of it was sent by the client and proves nothing.
QHostAddress clientAddress(const QHostAddress &peer, const QByteArray &forwardedFor,
                           const Subnets &trustedProxies);

// The unit that limits count per client: an IPv4 address, or an IPv6 /64
// (one subscriber usually owns a whole /64 and could rotate through it).
QByteArray clientSubject(const QHostAddress &client);
