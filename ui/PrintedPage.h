#pragma once

#include <QCoreApplication>
#include <QFont>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <functional>

// What every printout of the client shares: a cursor that writes lines top
// to bottom in millimetres and points (so the PDF and every printer
// resolution look the same), and writing an A6 PDF with a clear error.
namespace PrintedPage {

// Writes lines of text top to bottom within an area, measuring in millimetres
// and points so that the PDF and every printer resolution look the same.
class Cursor
{
public:
    Cursor(QPainter &painter, const QRectF &area, double scale)
        : m_painter(painter)
        , m_area(area)
        , m_scale(scale)
        , m_pxPerMm(painter.device()->logicalDpiY() / 25.4 * scale)
        , m_y(area.top())
    {
    }

    double mm(double millimetres) const { return millimetres * m_pxPerMm; }
    double y() const { return m_y; }
    void moveTo(double y) { m_y = y; }
    void skip(double millimetres) { m_y += mm(millimetres); }

    QFont font(double points, QFont::Weight weight = QFont::Normal) const
    {
        QFont font;
        font.setStyleHint(QFont::SansSerif);
        font.setPointSizeF(points * m_scale);
        font.setWeight(weight);
        return font;
    }

    QFont monospaceFont(double points) const
    {
        QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        font.setStyleHint(QFont::TypeWriter);
        font.setFixedPitch(true);
        font.setPointSizeF(points * m_scale);
        font.setWeight(QFont::Bold);
        return font;
    }

    // Across the area's width, wrapped at words; nothing for an empty text.
    void text(const QString &text, const QFont &font, Qt::Alignment alignment = Qt::AlignLeft)
    {
        if (text.isEmpty())
            return;
        m_painter.setFont(font);
        m_painter.setPen(Qt::black);
        const QRectF box(m_area.left(), m_y, m_area.width(), std::max(0.0, m_area.bottom() - m_y));
        QRectF used;
        m_painter.drawText(box, int(alignment | Qt::AlignTop) | Qt::TextWordWrap, text, &used);
        m_y += std::max(used.height(), QFontMetricsF(font, m_painter.device()).height());
    }

    // A label on the left and a value on the right, as on a till receipt.
    void columns(const QString &left, const QString &right, const QFont &font)
    {
        m_painter.setFont(font);
        m_painter.setPen(Qt::black);
        const QFontMetricsF metrics(font, m_painter.device());
        const double gap = mm(3);
        // Some slack: the PDF engine's glyph advances differ from the metrics
        // by a hair, and a value must not wrap for that.
        const double rightWidth =
            std::min(metrics.horizontalAdvance(right) + mm(1), m_area.width() * 0.6);
        const QRectF rightBox(m_area.right() - rightWidth, m_y, rightWidth, metrics.height() * 4);
        const QRectF leftBox(m_area.left(), m_y, m_area.width() - rightWidth - gap,
                             metrics.height() * 4);
        QRectF leftUsed;
        QRectF rightUsed;
        m_painter.drawText(leftBox, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, left,
                           &leftUsed);
        m_painter.drawText(rightBox, Qt::AlignRight | Qt::AlignTop | Qt::TextWrapAnywhere, right,
                           &rightUsed);
        m_y += std::max({leftUsed.height(), rightUsed.height(), metrics.height()});
    }

    void rule()
    {
        const double width = mm(0.3);
        m_painter.setPen(QPen(Qt::black, width));
        m_painter.drawLine(QPointF(m_area.left(), m_y + width / 2),
                           QPointF(m_area.right(), m_y + width / 2));
        m_y += width;
    }

private:
    QPainter &m_painter;
    QRectF m_area;
    double m_scale;
    double m_pxPerMm;
    double m_y;
};

// Paints an A6 portrait PDF at 300 dpi to path. False with a message for the
// user if the file cannot be written or the pages cannot be drawn.
bool writeA6Pdf(const QString &path, const QString &title,
                const std::function<bool(QPagedPaintDevice *)> &paint, QString *error);

} // namespace PrintedPage
