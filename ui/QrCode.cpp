#include "QrCode.h"

#include <qrencode.h>

#include <memory>

namespace QrCode {

QImage render(const QByteArray &text, int moduleSize, int quietZoneModules)
{
    if (text.isEmpty() || moduleSize <= 0 || quietZoneModules < 0)
        return {};
    // Byte mode for any input: what is scanned is exactly the bytes given.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(text.size()),
                          reinterpret_cast<const unsigned char *>(text.constData()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code)
        return {};

    // One pixel per module first, then whole-pixel nearest-neighbour scaling:
    // every module stays an exact square with sharp edges.
    const int modules = code->width + 2 * quietZoneModules;
    QImage image(modules, modules, QImage::Format_Mono);
    if (image.isNull())
        return {};
    image.setColorTable({qRgb(255, 255, 255), qRgb(0, 0, 0)});
    image.fill(0);
    for (int y = 0; y < code->width; ++y) {
        const unsigned char *row = code->data + qsizetype(y) * code->width;
        for (int x = 0; x < code->width; ++x) {
            if (row[x] & 1) // bit 0 of each byte: the module is dark
                image.setPixel(quietZoneModules + x, quietZoneModules + y, 1);
        }
    }
    const int side = modules * moduleSize;
    return image.scaled(side, side, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

} // namespace QrCode
