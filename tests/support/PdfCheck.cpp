#include "PdfCheck.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>

// zxing-cpp 1.4: text() as UTF-8 std::string instead of the deprecated std::wstring.
#define ZX_USE_UTF8
#include <ZXing/ReadBarcode.h>

using namespace Qt::StringLiterals;

namespace {
// Runs a poppler-utils tool; its standard output, or a failed check.
bool runTool(const QString &program, const QStringList &arguments, QByteArray *output = nullptr)
{
    const QString executable = QStandardPaths::findExecutable(program);
    if (executable.isEmpty()) {
        qWarning("%s not found (poppler-utils)", qPrintable(program));
        return false;
    }
    QProcess process;
    process.start(executable, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        qWarning("%s failed: %s", qPrintable(program), process.readAllStandardError().constData());
        return false;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return true;
}

} // namespace

// The text of the first QR code found in the image, empty if there is none.
QString decodeQr(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(),
                                ZXing::ImageFormat::Lum, int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return {};
    return QString::fromStdString(result.text());
}

// Amounts use no-break spaces in many locales ("14,50\u00a0€"); what comes
// out of pdftotext has plain ones. Compare with both sides normalized.
QString plainSpaces(QString text)
{
    return text.replace(QChar(0x00a0), u' ').replace(QChar(0x202f), u' ');
}

QString pdfText(const QString &pdf, int page)
{
    QStringList arguments;
    if (page > 0)
        arguments << u"-f"_s << QString::number(page) << u"-l"_s << QString::number(page);
    arguments << u"-enc"_s << u"UTF-8"_s << pdf << u"-"_s;
    QByteArray output;
    if (!runTool(u"pdftotext"_s, arguments, &output))
        return {};
    return plainSpaces(QString::fromUtf8(output));
}

// One PNG per page at 150 dpi, in page order.
QStringList rasterize(const QString &pdf, const QString &directory)
{
    const QString prefix = QDir(directory).filePath(u"page"_s);
    if (!runTool(u"pdftoppm"_s, {u"-r"_s, u"150"_s, u"-png"_s, pdf, prefix}))
        return {};
    QStringList pages;
    const QStringList names = QDir(directory).entryList({u"page-*.png"_s}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        pages.append(QDir(directory).filePath(name));
    return pages;
}

int pdfPageCount(const QString &pdf)
{
    QByteArray output;
    if (!runTool(u"pdfinfo"_s, {pdf}, &output))
        return -1;
    const QList<QByteArray> lines = output.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("Pages:"))
            return line.mid(6).trimmed().toInt();
    }
    return -1;
}
