#pragma once

#include "Till.h"

#include <QCoreApplication>
#include <QString>

class QPagedPaintDevice;
class QPrinter;

// A shift's closing as the till prints it: the till, the clerk, when it was
// opened and closed, the float, cash and card taken and paid back, the cash
// the drawer should hold, what was counted and the difference, and a line
// for signatures. One A6 page, to PDF (kept with the tickets) or to paper.
class ShiftClosingDocument
{
    Q_DECLARE_TR_FUNCTIONS(ShiftClosingDocument)

public:
    explicit ShiftClosingDocument(Shift shift);

    bool paint(QPagedPaintDevice *device) const;
    bool writePdf(const QString &path, QString *error) const;
    bool print(QPrinter *printer) const;
    // "Cash over 0,50 €", "Cash short 0,50 €", "No difference".
    static QString differenceText(Cents difference);

private:
    Shift m_shift;
};
