#include "PrintedPage.h"

#include <QDir>
#include <QFile>
#include <QPageLayout>
#include <QPdfWriter>

namespace PrintedPage {

namespace {
struct Words
{
    Q_DECLARE_TR_FUNCTIONS(PrintedPage)
};
} // namespace

bool writeA6Pdf(const QString &path, const QString &title,
                const std::function<bool(QPagedPaintDevice *)> &paint, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    // QPdfWriter says nothing when it cannot open its file; opening it here
    // gives the reason.
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return fail(Words::tr("The PDF file %1 cannot be written: %2")
                        .arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    bool painted = false;
    {
        QPdfWriter writer(&file);
        writer.setResolution(300);
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A6), QPageLayout::Portrait,
                                         QMarginsF(6, 6, 6, 6), QPageLayout::Millimeter));
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Boxoffice"));
        painted = paint(&writer);
    }
    file.close();
    if (!painted || file.error() != QFileDevice::NoError) {
        const QString reason =
            painted ? file.errorString() : Words::tr("the pages could not be drawn");
        file.remove();
        return fail(Words::tr("The PDF file %1 cannot be written: %2")
                        .arg(QDir::toNativeSeparators(path), reason));
    }
    return true;
}

} // namespace PrintedPage
