#include "TicketDocument.h"

#include "EventTime.h"

#include "Money.h"
#include "PrintedPage.h"
#include "QrCode.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QPrinter>

#include <algorithm>
#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

// The ticket is laid out for A6 with 6 mm margins. A smaller page (a narrow
// ticket printer) scales it down; a larger one prints it at its own size in
// the top left corner, ready to be cut out.
constexpr double DesignWidthMm = 93.0;
constexpr double DesignHeightMm = 136.0;
// Generous, so that worn or creased print-outs and phone cameras still scan.
constexpr double QrSideMm = 40.0;

// "Friday, 14 March 2025, 20:30"; the receipt's date of sale is short enough
// for its column (dateFormat ShortFormat): "01/02/2025, 11:15".
QString dateTimeText(const QDateTime &dateTime,
                     QLocale::FormatType dateFormat = QLocale::LongFormat)
{
    if (!dateTime.isValid())
        return {};
    const QLocale locale;
    const QDateTime local = dateTime.toLocalTime();
    return TicketDocument::tr("%1, %2", "date, time")
        .arg(locale.toString(local.date(), dateFormat), shortTimeText(local.time(), locale));
}

QString venuePlace(const Booking &booking)
{
    if (booking.venueAddress.isEmpty())
        return booking.venueCity;
    // An address often ends in its city already: "…, 20457 Hamburg".
    if (booking.venueCity.isEmpty() ||
        booking.venueAddress.contains(booking.venueCity, Qt::CaseInsensitive))
        return booking.venueAddress;
    return TicketDocument::tr("%1, %2", "address, city")
        .arg(booking.venueAddress, booking.venueCity);
}

// A ticket's secret in groups of five, as a door would type it in.
QString groupedSecret(const QString &secret)
{
    QString grouped;
    for (qsizetype i = 0; i < secret.size(); i += 5)
        grouped += (i ? u" "_s : QString()) + secret.mid(i, 5);
    return grouped;
}

QString seatText(const BookedTicket &ticket)
{
    return TicketDocument::tr("%1 · Row %2 · Seat %3", "section, row, seat")
        .arg(ticket.section, ticket.row, QString::number(ticket.seat));
}

QString paymentMethodText(const QString &method)
{
    if (method == "card"_L1)
        return TicketDocument::tr("Card");
    if (method == "cash"_L1)
        return TicketDocument::tr("Cash");
    return method;
}

} // namespace

TicketDocument::TicketDocument(Booking booking)
    : m_booking(std::move(booking))
{
}

void TicketDocument::setIncludeReceipt(bool include)
{
    m_includeReceipt = include;
}

void TicketDocument::setTicketIds(QList<qint64> ticketIds)
{
    m_ticketIds = std::move(ticketIds);
}

QList<BookedTicket> TicketDocument::ticketsToPrint() const
{
    QList<BookedTicket> tickets = m_booking.validTickets();
    if (!m_ticketIds.isEmpty()) {
        tickets.removeIf(
            [this](const BookedTicket &ticket) { return !m_ticketIds.contains(ticket.id); });
    }
    return tickets;
}

int TicketDocument::pageCount() const
{
    return int(ticketsToPrint().size()) + (m_includeReceipt ? 1 : 0);
}

bool TicketDocument::paint(QPagedPaintDevice *device) const
{
    QPainter painter;
    if (!painter.begin(device))
        return false;
    // A JPEG-compressed or smoothed QR code may no longer scan.
    painter.setRenderHint(QPainter::LosslessImageRendering);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.setRenderHint(QPainter::Antialiasing);

    const double pxPerMm = device->logicalDpiY() / 25.4;
    const QRectF page(0, 0, device->width(), device->height());
    const double scale = std::min({1.0, page.width() / (DesignWidthMm * pxPerMm),
                                   page.height() / (DesignHeightMm * pxPerMm)});
    const QRectF area(page.topLeft(), QSizeF(DesignWidthMm, DesignHeightMm) * pxPerMm * scale);

    // Numbered within the booking, so a reprinted ticket still says "2 of 3".
    const QList<BookedTicket> valid = m_booking.validTickets();
    const auto numberOf = [&valid](const BookedTicket &ticket) {
        const auto found = std::find_if(valid.cbegin(), valid.cend(), [&ticket](const auto &other) {
            return other.id == ticket.id;
        });
        return int(found - valid.cbegin()) + 1;
    };

    bool ok = true;
    bool firstPage = true;
    const auto startPage = [&] {
        if (!firstPage)
            ok = device->newPage() && ok;
        firstPage = false;
    };
    const QList<BookedTicket> tickets = ticketsToPrint();
    for (const BookedTicket &ticket : tickets) {
        startPage();
        paintTicket(painter, area, scale, ticket, numberOf(ticket), int(valid.size()));
    }
    if (m_includeReceipt) {
        startPage();
        paintReceipt(painter, area, scale);
    }
    return painter.end() && ok;
}

void TicketDocument::paintTicket(QPainter &painter, const QRectF &area, double scale,
                                 const BookedTicket &ticket, int number, int count) const
{
    PrintedPage::Cursor page(painter, area, scale);
    if (m_reprint)
        page.text(tr("REPRINT"), page.font(11, QFont::Bold), Qt::AlignRight);
    page.text(m_booking.venueName, page.font(11, QFont::Bold));
    page.text(venuePlace(m_booking), page.font(9));
    page.skip(2);
    page.rule();
    page.skip(3);
    page.text(m_booking.eventName, page.font(18, QFont::Bold));
    page.skip(1);
    page.text(dateTimeText(m_booking.startsAt), page.font(11));
    page.skip(5);
    page.text(seatText(ticket), page.font(14, QFont::Bold));
    page.skip(1);
    page.text(tr("%1 · %2", "price category, price")
                  .arg(ticket.priceCategory, Money::format(ticket.price, m_booking.currency)),
              page.font(11));
    page.skip(1);
    page.text(m_booking.customerName, page.font(10));

    // The gate's part at the bottom: the QR code with the ticket's own
    // secret (the door admits it once; a booking from a server without
    // secrets has the booking code), and beside it the codes for typing in
    // when a scanner fails. Whole device pixels per module, drawn unscaled,
    // so the symbol stays sharp at any resolution.
    const QByteArray code = (ticket.secret.isEmpty() ? m_booking.code : ticket.secret).toLatin1();
    const int modules = QrCode::render(code, 1).width();
    const int moduleSize = std::max(1, int(page.mm(QrSideMm)) / std::max(1, modules));
    const QImage qr = QrCode::render(code, moduleSize);
    const double qrSide = qr.isNull() ? page.mm(QrSideMm) : qr.width();
    const double blockTop = std::max(page.y() + page.mm(3), area.bottom() - qrSide);
    if (!qr.isNull()) {
        painter.setPen(Qt::black);
        painter.drawImage(QPointF(std::round(area.left()), std::round(blockTop)), qr);
    }

    const double textLeft = area.left() + qrSide + page.mm(3);
    PrintedPage::Cursor side(painter,
                             QRectF(textLeft, blockTop + page.mm(6), area.right() - textLeft,
                                    area.bottom() - blockTop - page.mm(6)),
                             scale);
    side.text(tr("Booking code"), page.font(8));
    side.text(m_booking.code, page.monospaceFont(22));
    if (!ticket.secret.isEmpty()) {
        side.skip(2);
        side.text(tr("Ticket code"), page.font(8));
        side.text(groupedSecret(ticket.secret), page.monospaceFont(10));
    }
    side.skip(4);
    side.text(tr("Ticket %1 of %2").arg(number).arg(count), page.font(8));
}

void TicketDocument::paintReceipt(QPainter &painter, const QRectF &area, double scale) const
{
    PrintedPage::Cursor page(painter, area, scale);
    const QFont body = page.font(9);
    page.text(m_reprint ? tr("Receipt (reprint)") : tr("Receipt"), page.font(18, QFont::Bold));
    page.skip(3);
    page.text(m_booking.venueName, page.font(9, QFont::Bold));
    page.text(venuePlace(m_booking), body);
    if (!m_booking.venueVatId.isEmpty())
        page.text(tr("VAT ID %1").arg(m_booking.venueVatId), body);
    page.skip(2);
    page.text(m_booking.eventName, page.font(10, QFont::Bold));
    page.text(dateTimeText(m_booking.startsAt), body);
    page.skip(3);
    if (m_booking.receiptNumber > 0)
        page.columns(tr("Receipt no."), QString::number(m_booking.receiptNumber), body);
    page.columns(tr("Booking code"), m_booking.code, body);
    page.columns(tr("Date of sale"), dateTimeText(m_booking.createdAt, QLocale::ShortFormat), body);
    if (!m_booking.customerName.isEmpty())
        page.columns(tr("Customer"), m_booking.customerName, body);
    page.skip(2);
    page.rule();
    page.skip(2);

    const QList<BookedTicket> tickets = m_booking.validTickets();
    for (const BookedTicket &ticket : tickets) {
        page.columns(
            tr("%1 (%2)", "seat (price category)").arg(seatText(ticket), ticket.priceCategory),
            Money::format(ticket.price, m_booking.currency), body);
    }
    page.skip(2);
    page.rule();
    page.skip(2);

    page.columns(tr("Total"), Money::format(m_booking.total, m_booking.currency),
                 page.font(10, QFont::Bold));
    // The sale's VAT, by rate: prices include it.
    if (m_booking.receiptNumber > 0) {
        const QFont small = page.font(8);
        for (const VatLine &line : m_booking.vatLines()) {
            page.columns(tr("incl. VAT %1 on %2 (net %3)")
                             .arg(line.rateText(), Money::format(line.gross, m_booking.currency),
                                  Money::format(line.net, m_booking.currency)),
                         Money::format(line.vat, m_booking.currency), small);
        }
    }
    if (m_booking.refunded > 0) {
        page.columns(tr("Refunded"), Money::format(m_booking.refunded, m_booking.currency), body);
        page.columns(tr("Net total"),
                     Money::format(m_booking.total - m_booking.refunded, m_booking.currency),
                     page.font(10, QFont::Bold));
    }
    page.skip(3);
    page.columns(tr("Payment"), paymentMethodText(m_booking.paymentMethod), body);
    if (m_booking.payment && !m_booking.payment->reference.isEmpty())
        page.columns(tr("Reference"), m_booking.payment->reference, body);
    // Cash: what was handed over is the total plus the change given back.
    if (m_booking.payment && m_booking.payment->changeDue) {
        page.columns(
            tr("Tendered"),
            Money::format(m_booking.total + *m_booking.payment->changeDue, m_booking.currency),
            body);
        page.columns(tr("Change due"),
                     Money::format(*m_booking.payment->changeDue, m_booking.currency), body);
    }
}

bool TicketDocument::writePdf(const QString &path, QString *error) const
{
    if (pageCount() == 0) {
        if (error)
            *error = tr("Booking %1 has no valid tickets to print.").arg(m_booking.code);
        return false;
    }
    return PrintedPage::writeA6Pdf(
        path, tr("Tickets %1").arg(m_booking.code),
        [this](QPagedPaintDevice *device) { return paint(device); }, error);
}

bool TicketDocument::print(QPrinter *printer) const
{
    printer->setDocName(tr("Tickets %1").arg(m_booking.code));
    return paint(printer);
}
