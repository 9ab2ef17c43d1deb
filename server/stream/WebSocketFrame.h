#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The bytes of one unfragmented WebSocket text frame from server to client
// (RFC 6455 5.2: FIN, opcode 1, no mask). A push is encoded once and the
// same bytes go to every subscriber.
namespace WebSocketFrame {
QByteArray text(QByteArrayView utf8);
} // namespace WebSocketFrame
