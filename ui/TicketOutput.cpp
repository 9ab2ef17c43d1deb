#include "TicketOutput.h"

#include "TicketDocument.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QPrintDialog>
#include <QPrinter>
#include <QPrinterInfo>

using namespace Qt::StringLiterals;

namespace TicketOutput {

Result savePdf(const Booking &booking, const QString &folder, const QList<qint64> &ticketIds,
               bool receipt, bool reprint)
{
    Result result;
    if (!QDir().mkpath(folder)) {
        result.error =
            QCoreApplication::translate("TicketOutput", "The ticket folder %1 cannot be created.")
                .arg(QDir::toNativeSeparators(folder));
        return result;
    }
    TicketDocument document(booking);
    document.setIncludeReceipt(receipt);
    document.setTicketIds(ticketIds);
    document.setReprint(reprint);
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
    const QString path =
        QDir(folder).filePath(u"tickets-"_s + booking.code + u'-' + stamp + u".pdf"_s);
    if (!document.writePdf(path, &result.error))
        return result;
    result.pdfPath = path;
    return result;
}

bool printTo(const Booking &booking, const QString &printerName, QString *error,
             const QList<qint64> &ticketIds, bool reprint)
{
    const QPrinterInfo info = QPrinterInfo::printerInfo(printerName);
    if (info.isNull()) {
        if (error)
            *error =
                QCoreApplication::translate("TicketOutput", "The printer “%1” is not available.")
                    .arg(printerName);
        return false;
    }
    QPrinter printer(info, QPrinter::HighResolution);
    TicketDocument document(booking);
    document.setTicketIds(ticketIds);
    document.setReprint(reprint);
    document.print(&printer);
    return true;
}

void printWithDialog(const Booking &booking, QWidget *parent, const QList<qint64> &ticketIds)
{
    QPrinter printer(QPrinter::HighResolution);
    QPrintDialog dialog(&printer, parent);
    dialog.setWindowTitle(
        QCoreApplication::translate("TicketOutput", "Print tickets %1").arg(booking.code));
    if (dialog.exec() != QDialog::Accepted)
        return;
    TicketDocument document(booking);
    document.setTicketIds(ticketIds);
    document.print(&printer);
}

} // namespace TicketOutput
