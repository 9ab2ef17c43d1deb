#include "ShiftClosingDocument.h"

#include "PrintedPage.h"

#include "Money.h"

#include <QLocale>
#include <QPrinter>

ShiftClosingDocument::ShiftClosingDocument(Shift shift)
    : m_shift(std::move(shift))
{
}

QString ShiftClosingDocument::differenceText(Cents difference)
{
    if (difference > 0)
        return tr("Cash over %1").arg(Money::format(difference));
    if (difference < 0)
        return tr("Cash short %1").arg(Money::format(-difference));
    return tr("No difference");
}

bool ShiftClosingDocument::paint(QPagedPaintDevice *device) const
{
    QPainter painter;
    if (!painter.begin(device))
        return false;
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area(0, 0, device->width(), device->height());
    PrintedPage::Cursor page(painter, area, 1.0);
    const QFont body = page.font(9);
    const QFont bold = page.font(10, QFont::Bold);
    const QLocale locale;
    const auto when = [&locale](const QDateTime &time) {
        return time.isValid() ? locale.toString(time.toLocalTime(), QLocale::ShortFormat)
                              : QString();
    };
    page.text(m_shift.isOpen() ? tr("Shift report (open)") : tr("Shift closing"),
              page.font(16, QFont::Bold));
    page.skip(3);
    page.columns(tr("Shift"), QString::number(m_shift.id), body);
    page.columns(tr("Till"), m_shift.till, body);
    page.columns(tr("Clerk"), m_shift.clerk, body);
    page.columns(tr("Opened"), when(m_shift.openedAt), body);
    if (!m_shift.isOpen()) {
        page.columns(tr("Closed"), when(m_shift.closedAt), body);
        page.columns(tr("Closed by"), m_shift.closedBy, body);
    }
    page.skip(2);
    page.rule();
    page.skip(2);
    page.columns(tr("Cash float"), Money::format(m_shift.floatCents), body);
    page.columns(tr("Cash sales"), Money::format(m_shift.cashSales), body);
    page.columns(tr("Cash refunds"), Money::format(-m_shift.cashRefunds), body);
    page.columns(tr("Expected in the drawer"), Money::format(m_shift.expected), bold);
    if (m_shift.counted) {
        page.columns(tr("Counted"), Money::format(*m_shift.counted), bold);
        page.columns(tr("Difference"), Money::format(m_shift.difference()), bold);
        page.text(differenceText(m_shift.difference()), body, Qt::AlignRight);
    }
    page.skip(2);
    page.rule();
    page.skip(2);
    page.columns(tr("Card sales"), Money::format(m_shift.cardSales), body);
    page.columns(tr("Card refunds"), Money::format(-m_shift.cardRefunds), body);
    page.columns(tr("Sales"), QString::number(m_shift.salesCount), body);
    page.columns(tr("Refunds"), QString::number(m_shift.refundsCount), body);
    if (!m_shift.note.isEmpty()) {
        page.skip(2);
        page.text(tr("Note: %1").arg(m_shift.note), body);
    }
    page.skip(12);
    page.rule();
    page.text(tr("Signature clerk / Signature manager"), page.font(8));
    return painter.end();
}

bool ShiftClosingDocument::writePdf(const QString &path, QString *error) const
{
    return PrintedPage::writeA6Pdf(
        path, tr("Shift %1, %2").arg(m_shift.id).arg(m_shift.till),
        [this](QPagedPaintDevice *device) { return paint(device); }, error);
}

bool ShiftClosingDocument::print(QPrinter *printer) const
{
    printer->setDocName(tr("Shift %1, %2").arg(m_shift.id).arg(m_shift.till));
    return paint(printer);
}
