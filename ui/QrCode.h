#pragma once

#include <QByteArray>
#include <QImage>

// QR codes for printed tickets: the gate scanner reads the booking code from
// them, so the symbol is drawn with whole pixels per module and never smoothed.
namespace QrCode {

// Black modules on white, `moduleSize` pixels per module and a quiet zone of
// `quietZoneModules` white modules on every side (the standard asks for 4).
// Error correction level M. A null image if `text` cannot be encoded (empty,
// too long) or a size is not positive.
QImage render(const QByteArray &text, int moduleSize = 8, int quietZoneModules = 4);

} // namespace QrCode
