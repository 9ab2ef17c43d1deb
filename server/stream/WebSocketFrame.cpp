#include "WebSocketFrame.h"

#include <QtEndian>

QByteArray WebSocketFrame::text(QByteArrayView utf8)
{
    const auto size = static_cast<quint64>(utf8.size());
    QByteArray frame;
    frame.reserve(utf8.size() + 10);
    frame.append(char(0x81));
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xffff) {
        frame.append(char(126));
        char length[2];
        qToBigEndian(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(127));
        char length[8];
        qToBigEndian(size, length);
        frame.append(length, 8);
    }
    frame.append(utf8);
    return frame;
}
