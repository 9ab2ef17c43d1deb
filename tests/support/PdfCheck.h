#pragma once

// Reading printed tickets back the way a gate scanner and a PDF reader would:
// poppler-utils renders and extracts, zxing decodes the QR code.
#include <QImage>
#include <QString>
#include <QStringList>

// The text of the first QR code found in the image, empty if there is none.
QString decodeQr(const QImage &image);
// pdftotext of one page (1-based) or of all (0); no-break spaces made plain.
QString pdfText(const QString &pdf, int page = 0);
// One PNG per page at 150 dpi, in page order.
QStringList rasterize(const QString &pdf, const QString &directory);
int pdfPageCount(const QString &pdf);
// Amounts use no-break spaces in many locales; pdftotext gives plain ones.
QString plainSpaces(QString text);
