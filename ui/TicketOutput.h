#pragma once

#include "Booking.h"

#include <QList>
#include <QString>

class QWidget;

// Where printed tickets go: a PDF in the ticket folder for every sale and
// reprint (the record and what a customer can be e-mailed), and paper on the
// configured printer or through the print dialog.
namespace TicketOutput {

struct Result
{
    QString pdfPath; // empty on failure
    QString error;
};

// One PDF for the booking's valid tickets (or the given ones) and, with
// `receipt`, a receipt page; a `reprint` is marked as one.
Result savePdf(const Booking &booking, const QString &folder, const QList<qint64> &ticketIds = {},
               bool receipt = true, bool reprint = false);
// Prints on the named printer without asking; false with a reason if it cannot.
bool printTo(const Booking &booking, const QString &printerName, QString *error,
             const QList<qint64> &ticketIds = {}, bool reprint = false);
// Asks with QPrintDialog first (counter use).
void printWithDialog(const Booking &booking, QWidget *parent, const QList<qint64> &ticketIds = {});

} // namespace TicketOutput
