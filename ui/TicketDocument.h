#pragma once

#include "Booking.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

class QPagedPaintDevice;
class QPainter;
class QPrinter;
class QRectF;

// A booking's printout: one page per valid ticket, with the booking code as a
// QR code for the gate scanner, and a receipt page. The same painting goes to
// the PDF kept for every sale and to paper, so both always look alike.
class TicketDocument
{
    Q_DECLARE_TR_FUNCTIONS(TicketDocument)

public:
    explicit TicketDocument(Booking booking);

    void setIncludeReceipt(bool include);
    bool includeReceipt() const { return m_includeReceipt; }
    // Only these tickets (a reprint); empty means every valid ticket.
    // Cancelled tickets are never printed.
    void setTicketIds(QList<qint64> ticketIds);
    QList<qint64> ticketIds() const { return m_ticketIds; }
    // A second copy: marked as one on every page.
    void setReprint(bool reprint) { m_reprint = reprint; }

    int pageCount() const;

    // All pages with one painter. False if the device cannot be painted on.
    bool paint(QPagedPaintDevice *device) const;
    // A6 portrait at 300 dpi. False with a message for the user if the file
    // cannot be written.
    bool writePdf(const QString &path, QString *error) const;
    // On the printer's page size and resolution; false as paint().
    bool print(QPrinter *printer) const;

private:
    QList<BookedTicket> ticketsToPrint() const;
    void paintTicket(QPainter &painter, const QRectF &area, double scale,
                     const BookedTicket &ticket, int number, int count) const;
    void paintReceipt(QPainter &painter, const QRectF &area, double scale) const;

    Booking m_booking;
    QList<qint64> m_ticketIds;
    bool m_includeReceipt = true;
    bool m_reprint = false;
};
