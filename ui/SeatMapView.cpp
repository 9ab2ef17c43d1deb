#include "SeatMapView.h"

#include "Money.h"
#include "SeatPicker.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using Protocol::TicketStatus;

namespace {
constexpr int Margin = 16;
constexpr int StageHeight = 28;
constexpr double SeatSize = 0.82; // of one layout unit
} // namespace

SeatMapView::SeatMapView(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 240);
    setAccessibleName(tr("Seat map"));
}

void SeatMapView::setEvent(const Event &event, const QList<Ticket> &tickets)
{
    m_event = event;
    m_selection.clear();
    m_ownHold.clear();
    m_focused = 0;
    m_zoom = 1.0;
    m_pan = {};
    updateTickets(tickets);
    Q_EMIT selectionChanged(m_selection);
}

void SeatMapView::clear()
{
    setEvent(Event{}, {});
}

void SeatMapView::updateTickets(const QList<Ticket> &tickets)
{
    m_tickets = tickets;
    m_index.clear();
    for (qsizetype i = 0; i < m_tickets.size(); ++i)
        m_index.insert(m_tickets[i].id, i);
    layoutRows();
    ticketsUpdated();
}

void SeatMapView::applyChanges(const QList<Ticket> &changed)
{
    bool newSeats = false;
    for (const Ticket &t : changed) {
        if (const auto it = m_index.constFind(t.id); it != m_index.cend()) {
            m_tickets[*it] = t;
        } else {
            m_index.insert(t.id, m_tickets.size());
            m_tickets.append(t);
            newSeats = true;
        }
    }
    if (newSeats)
        layoutRows();
    ticketsUpdated();
}

void SeatMapView::layoutRows()
{
    // Each row's name goes left of its leftmost seat; worked out once per
    // layout, not on every paint.
    QHash<QString, qsizetype> rowOf;
    m_rowLabels.clear();
    for (const Ticket &t : std::as_const(m_tickets)) {
        const QString key = t.section + u'\x1f' + t.row;
        const auto it = rowOf.constFind(key);
        if (it == rowOf.cend()) {
            rowOf.insert(key, m_rowLabels.size());
            m_rowLabels.append({t.row, QPoint(t.x, t.y)});
        } else if (t.x < m_rowLabels[*it].second.x()) {
            m_rowLabels[*it].second = QPoint(t.x, t.y);
        }
    }
}

void SeatMapView::ticketsUpdated()
{
    // A seat sold meanwhile leaves the selection. A seat turning "held" stays:
    // it may be our own hold, pushed before the hold request has answered;
    // if it is someone else's, our hold request fails and says so.
    const qsizetype before = m_selection.size();
    m_selection.removeIf([this](qint64 id) {
        const Ticket *t = ticket(id);
        return !t || t->status == TicketStatus::Sold;
    });
    if (!m_index.contains(m_focused))
        m_focused = m_tickets.isEmpty() ? 0 : m_tickets.first().id;
    update();
    if (m_selection.size() != before)
        Q_EMIT selectionChanged(m_selection);
}

void SeatMapView::setOwnHold(const QList<qint64> &ticketIds)
{
    m_ownHold = QSet<qint64>(ticketIds.cbegin(), ticketIds.cend());
    update();
}

void SeatMapView::setSelection(const QList<qint64> &ticketIds)
{
    if (ticketIds == m_selection)
        return;
    m_selection = ticketIds;
    update();
    Q_EMIT selectionChanged(m_selection);
}

QList<qint64> SeatMapView::bestSeats(int count, qint64 priceCategoryId) const
{
    // The clerk's own picks count as free: "best 4" may re-arrange them.
    QList<Ticket> tickets = m_tickets;
    for (Ticket &t : tickets) {
        if (m_ownHold.contains(t.id) || m_selection.contains(t.id))
            t.status = TicketStatus::Available;
    }
    return SeatPicker::bestAvailable(tickets, count, priceCategoryId);
}

bool SeatMapView::selectSeats(const QList<qint64> &seats, int count)
{
    if (seats.isEmpty()) {
        Q_EMIT selectionRefused(tr("There are no %n adjacent free seats.", nullptr, count));
        return false;
    }
    m_focused = seats.first();
    setSelection(seats);
    return true;
}

bool SeatMapView::selectBestAvailable(int count, qint64 priceCategoryId)
{
    return selectSeats(bestSeats(count, priceCategoryId), count);
}

bool SeatMapView::selectFirstCategoryWith(int count, const QList<PriceCategory> &categories)
{
    for (const PriceCategory &category : categories) {
        const QList<qint64> seats = bestSeats(count, category.id);
        if (!seats.isEmpty())
            return selectSeats(seats, count);
    }
    return selectSeats({}, count);
}

bool SeatMapView::selectCheapestAvailable(int count)
{
    QList<PriceCategory> categories = m_event.priceCategories;
    std::stable_sort(
        categories.begin(), categories.end(),
        [](const PriceCategory &a, const PriceCategory &b) { return a.price < b.price; });
    return selectFirstCategoryWith(count, categories);
}

bool SeatMapView::selectBestAvailableUpTo(int count, Cents maxPrice)
{
    QList<PriceCategory> categories;
    for (const PriceCategory &category : std::as_const(m_event.priceCategories)) {
        if (category.price <= maxPrice)
            categories.append(category);
    }
    std::stable_sort(
        categories.begin(), categories.end(),
        [](const PriceCategory &a, const PriceCategory &b) { return a.price > b.price; });
    return selectFirstCategoryWith(count, categories);
}

const Ticket *SeatMapView::ticket(qint64 ticketId) const
{
    const auto it = m_index.constFind(ticketId);
    return it == m_index.cend() ? nullptr : &m_tickets[*it];
}

SeatMapView::SeatState SeatMapView::seatState(qint64 ticketId) const
{
    const Ticket *t = ticket(ticketId);
    if (!t)
        return SeatState::Sold;
    if (m_selection.contains(ticketId))
        return SeatState::Selected;
    switch (t->status) {
    case TicketStatus::Available:
        return SeatState::Available;
    case TicketStatus::Held:
        return m_ownHold.contains(ticketId) ? SeatState::Selected : SeatState::HeldByOthers;
    case TicketStatus::Sold:
        return SeatState::Sold;
    }
    return SeatState::Sold;
}

QColor SeatMapView::stateColor(SeatState state)
{
    switch (state) {
    case SeatState::Available:
        return QColor(0x4c, 0xaf, 0x50);
    case SeatState::HeldByOthers:
        return QColor(0xff, 0xb3, 0x00);
    case SeatState::Sold:
        return QColor(0x9e, 0x9e, 0x9e);
    case SeatState::Selected:
        // Dark, with a tick: never mistaken for a price category's colour.
        return QColor(0x26, 0x32, 0x38);
    }
    return {};
}

QColor SeatMapView::seatColor(qint64 ticketId) const
{
    const SeatState state = seatState(ticketId);
    if (state == SeatState::Available) {
        const Ticket *t = ticket(ticketId);
        if (const PriceCategory *category = m_event.priceCategory(t->priceCategoryId);
            category && QColor::isValidColorName(category->color))
            return QColor::fromString(category->color);
    }
    return stateColor(state);
}

QRectF SeatMapView::seatBounds() const
{
    if (m_tickets.isEmpty())
        return {0, 0, 1, 1};
    const QRect seats = SeatPicker::extent(m_tickets);
    // One unit left of the seats for the row names.
    return QRectF(seats.left() - 1.5, seats.top() - 0.5, seats.width() + 1.0, seats.height());
}

int SeatMapView::legendHeight() const
{
    return fontMetrics().height() * 2 + 12;
}

QTransform SeatMapView::layoutTransform() const
{
    const QRectF bounds = seatBounds();
    const QRectF area(Margin, Margin + StageHeight, width() - 2 * Margin,
                      height() - 2 * Margin - StageHeight - legendHeight());
    const double scale =
        std::max(1.0, std::min(area.width() / bounds.width(), area.height() / bounds.height())) *
        m_zoom;
    QTransform transform;
    transform.translate(area.center().x() + m_pan.x(), area.center().y() + m_pan.y());
    transform.scale(scale, scale);
    transform.translate(-bounds.center().x(), -bounds.center().y());
    return transform;
}

QPoint SeatMapView::seatCenter(qint64 ticketId) const
{
    const Ticket *t = ticket(ticketId);
    if (!t)
        return {-1, -1};
    return layoutTransform().map(QPointF(t->x, t->y)).toPoint();
}

qint64 SeatMapView::seatAt(QPointF position) const
{
    bool invertible = false;
    const QPointF world = layoutTransform().inverted(&invertible).map(position);
    if (!invertible)
        return 0;
    for (const Ticket &t : m_tickets) {
        if (std::abs(world.x() - t.x) <= SeatSize / 2 && std::abs(world.y() - t.y) <= SeatSize / 2)
            return t.id;
    }
    return 0;
}

void SeatMapView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), palette().base());
    if (m_tickets.isEmpty()) {
        painter.setPen(palette().text().color());
        painter.drawText(rect(), Qt::AlignCenter,
                         m_event.id ? tr("Loading the seat map…") : tr("Choose an event."));
        return;
    }
    const QTransform transform = layoutTransform();
    const double unit = transform.m11();

    // Stage (or screen) along the front.
    const QRectF bounds = seatBounds();
    const QRectF stage =
        transform.mapRect(QRectF(bounds.left() + 1, bounds.top() - 1.4, bounds.width() - 1, 0.7));
    painter.setPen(Qt::NoPen);
    painter.setBrush(palette().mid());
    painter.drawRoundedRect(stage, 4, 4);
    painter.setPen(palette().text().color());
    painter.drawText(stage, Qt::AlignCenter,
                     m_event.venue.kind == u"cinema"_s ? tr("Screen") : tr("Stage"));

    QFont small = font();
    small.setPixelSize(std::clamp(int(unit * 0.45), 7, 14));
    painter.setFont(small);
    for (const Ticket &t : m_tickets) {
        const QPointF centre = transform.map(QPointF(t.x, t.y));
        const double size = unit * SeatSize;
        const QRectF seat(centre.x() - size / 2, centre.y() - size / 2, size, size);
        const SeatState state = seatState(t.id);
        painter.setPen(state == SeatState::Selected ? QPen(Qt::white, 2) : Qt::NoPen);
        painter.setBrush(seatColor(t.id));
        painter.drawRoundedRect(seat, size * 0.2, size * 0.2);
        if (state == SeatState::Selected) {
            painter.setPen(
                QPen(Qt::white, std::max(1.5, size * 0.12), Qt::SolidLine, Qt::RoundCap));
            painter.drawPolyline(QPolygonF{seat.center() + QPointF(-size * 0.22, 0),
                                           seat.center() + QPointF(-size * 0.05, size * 0.18),
                                           seat.center() + QPointF(size * 0.25, -size * 0.2)});
        } else if (t.accessible) {
            painter.setPen(QPen(Qt::white, std::max(1.0, size * 0.1)));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(seat.center(), size * 0.22, size * 0.22);
        }
        if (t.id == m_focused && hasFocus()) {
            painter.setPen(QPen(palette().highlight().color(), 2, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(seat.adjusted(-3, -3, 3, 3));
        }
    }

    if (unit >= 10) {
        painter.setPen(palette().text().color());
        for (const auto &[row, firstSeat] : std::as_const(m_rowLabels)) {
            const QPointF label = transform.map(QPointF(firstSeat.x() - 1, firstSeat.y()));
            painter.drawText(QRectF(label.x() - unit / 2, label.y() - unit / 2, unit, unit),
                             Qt::AlignCenter, row);
        }
    }

    // Legend: price categories, then seat states.
    painter.setFont(font());
    const int lineHeight = fontMetrics().height();
    int x = Margin;
    int y = height() - legendHeight() + 4;
    const auto swatch = [&](const QColor &color, const QString &text) {
        const int width = lineHeight + 6 + fontMetrics().horizontalAdvance(text) + 14;
        if (x + width > this->width() - Margin) {
            x = Margin;
            y += lineHeight + 4;
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        painter.drawRoundedRect(QRect(x, y, lineHeight, lineHeight), 3, 3);
        painter.setPen(palette().text().color());
        painter.drawText(QRect(x + lineHeight + 6, y, width, lineHeight), Qt::AlignVCenter, text);
        x += width;
    };
    for (const PriceCategory &category : m_event.priceCategories)
        swatch(QColor::fromString(category.color),
               category.name + u' ' + Money::format(category.price));
    swatch(stateColor(SeatState::Selected), tr("Your selection"));
    swatch(stateColor(SeatState::HeldByOthers), tr("Held"));
    swatch(stateColor(SeatState::Sold), tr("Sold"));
    swatch(palette().mid().color(), tr("◯ Wheelchair space"));
}

void SeatMapView::toggle(qint64 ticketId)
{
    const SeatState state = seatState(ticketId);
    if (state == SeatState::Selected) {
        QList<qint64> selection = m_selection;
        selection.removeAll(ticketId);
        setSelection(selection);
        return;
    }
    if (state != SeatState::Available) {
        Q_EMIT selectionRefused(state == SeatState::Sold
                                    ? tr("This seat is sold.")
                                    : tr("This seat is held by someone else."));
        return;
    }
    if (m_selection.size() >= m_maxSelection) {
        Q_EMIT selectionRefused(tr("At most %n seats per sale.", nullptr, m_maxSelection));
        return;
    }
    setSelection(m_selection + QList<qint64>{ticketId});
}

void SeatMapView::moveFocus(int dx, int dy)
{
    const Ticket *from = ticket(m_focused);
    if (!from) {
        if (!m_tickets.isEmpty())
            m_focused = m_tickets.first().id;
        update();
        return;
    }
    qint64 best = 0;
    double bestScore = std::numeric_limits<double>::max();
    for (const Ticket &t : m_tickets) {
        const int along = dx != 0 ? (t.x - from->x) * dx : (t.y - from->y) * dy;
        const int across = dx != 0 ? std::abs(t.y - from->y) : std::abs(t.x - from->x);
        if (along <= 0)
            continue;
        const double score = along + across * 3.0;
        if (score < bestScore) {
            bestScore = score;
            best = t.id;
        }
    }
    if (best) {
        m_focused = best;
        update();
    }
}

void SeatMapView::fit()
{
    m_zoom = 1.0;
    m_pan = {};
    update();
}

void SeatMapView::setZoom(double zoom, QPointF anchor)
{
    zoom = std::clamp(zoom, 1.0, 8.0);
    // Keep the point under the anchor where it is.
    const QPointF world = layoutTransform().inverted().map(anchor);
    m_zoom = zoom;
    const QPointF moved = layoutTransform().map(world);
    m_pan += anchor - moved;
    update();
}

void SeatMapView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    m_panAtPress = m_pan;
    m_dragging = false;
    setFocus(Qt::MouseFocusReason);
}

void SeatMapView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint delta = event->position().toPoint() - m_pressPos;
    if (!m_dragging && delta.manhattanLength() > 6)
        m_dragging = true;
    if (m_dragging) {
        m_pan = m_panAtPress + delta;
        update();
    }
}

void SeatMapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging || event->button() != Qt::LeftButton) {
        m_dragging = false;
        return;
    }
    if (const qint64 id = seatAt(event->position())) {
        m_focused = id;
        toggle(id);
    }
}

void SeatMapView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    setZoom(m_zoom * std::pow(1.2, steps), event->position());
}

void SeatMapView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        moveFocus(-1, 0);
        break;
    case Qt::Key_Right:
        moveFocus(1, 0);
        break;
    case Qt::Key_Up:
        moveFocus(0, -1);
        break;
    case Qt::Key_Down:
        moveFocus(0, 1);
        break;
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_focused)
            toggle(m_focused);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        setZoom(m_zoom * 1.25, seatCenter(m_focused));
        break;
    case Qt::Key_Minus:
        setZoom(m_zoom / 1.25, seatCenter(m_focused));
        break;
    case Qt::Key_0:
        fit();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    // Keep the focused seat in view when zoomed in.
    const QPoint focus = seatCenter(m_focused);
    if (m_focused && !rect().adjusted(Margin, Margin, -Margin, -Margin).contains(focus)) {
        m_pan += QPointF(rect().center() - focus);
        update();
    }
}

void SeatMapView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    update();
}

bool SeatMapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (const Ticket *t = ticket(seatAt(help->pos()))) {
            const PriceCategory *category = m_event.priceCategory(t->priceCategoryId);
            QToolTip::showText(
                help->globalPos(),
                tr("%1, row %2, seat %3 · %4 · %5")
                    .arg(t->section, t->row)
                    .arg(t->seat)
                    .arg(category ? category->name : QString(), Money::format(t->price)),
                this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}
