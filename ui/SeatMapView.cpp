#include "SeatMapView.h"

#include "Money.h"
#include "SeatMapAccessible.h"
#include "SeatPicker.h"

#include <QAccessible>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;
using Protocol::TicketStatus;

namespace {
constexpr int Margin = 16;
constexpr double SeatSize = 0.82; // of the distance from one seat to the next

// QRectF::united ignores empty rectangles; a box of seat centres starts as one.
void extend(QRectF &box, QPointF point)
{
    box.setLeft(std::min(box.left(), point.x()));
    box.setRight(std::max(box.right(), point.x()));
    box.setTop(std::min(box.top(), point.y()));
    box.setBottom(std::max(box.bottom(), point.y()));
}

QRectF textBox(const QFontMetricsF &metrics, const QString &text, QPointF centre)
{
    const QSizeF size(metrics.horizontalAdvance(text) + 6, metrics.height() + 2);
    return QRectF(centre - QPointF(size.width() / 2, size.height() / 2), size);
}
} // namespace

SeatMapView::SeatMapView(QWidget *parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(320, 240);
    setAccessibleName(tr("Seat map"));
    installSeatMapAccessibility();
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
    // Worked out once per layout, not on every paint: the seat pitch (old
    // layouts count in seats, newer ones in tenths of a seat to draw curved
    // and angled rows), where each row's name goes (one seat before its first
    // seat, along the row, so angled rows are labelled too) and where each
    // section lies.
    QHash<QString, QList<const Ticket *>> rows;
    QStringList rowOrder;
    QHash<QString, QRectF> sections;
    QStringList sectionOrder;
    for (const Ticket &t : std::as_const(m_tickets)) {
        const QString key = t.section + u'\x1f' + t.row;
        if (!rows.contains(key))
            rowOrder.append(key);
        rows[key].append(&t);
        if (!sections.contains(t.section)) {
            sectionOrder.append(t.section);
            sections.insert(t.section, QRectF(t.x, t.y, 0, 0));
        } else {
            extend(sections[t.section], QPointF(t.x, t.y));
        }
    }
    double pitch = std::numeric_limits<double>::max();
    for (auto &row : rows) {
        std::sort(row.begin(), row.end(),
                  [](const Ticket *a, const Ticket *b) { return a->seat < b->seat; });
        for (qsizetype i = 1; i < row.size(); ++i) {
            const double d = std::hypot(row[i]->x - row[i - 1]->x, row[i]->y - row[i - 1]->y);
            if (d > 0)
                pitch = std::min(pitch, d);
        }
    }
    m_pitch = pitch == std::numeric_limits<double>::max() ? 1.0 : pitch;
    m_rowLabels.clear();
    for (const QString &key : std::as_const(rowOrder)) {
        const QList<const Ticket *> &row = rows[key];
        const QPointF first(row.first()->x, row.first()->y);
        QPointF step(m_pitch, 0);
        if (row.size() > 1) {
            const QPointF next(row[1]->x, row[1]->y);
            const double d = std::hypot(next.x() - first.x(), next.y() - first.y());
            if (d > 0)
                step = (next - first) * (m_pitch / d);
        }
        m_rowLabels.append({row.first()->row, first - step * 1.1});
        // A section's name goes above its row names too.
        extend(sections[row.first()->section], m_rowLabels.last().at);
    }
    m_sectionLabels.clear();
    m_extent = QRectF();
    for (const QString &name : std::as_const(sectionOrder)) {
        const QRectF &box = sections[name];
        m_sectionLabels.append({name, box});
        if (m_sectionLabels.size() == 1) {
            m_extent = box;
        } else {
            extend(m_extent, box.topLeft());
            extend(m_extent, box.bottomRight());
        }
    }
    if (QAccessible::isActive()) {
        // Other seats (another event): a screen reader reads the children anew.
        QAccessibleEvent reorder(this, QAccessible::ObjectReorder);
        QAccessible::updateAccessibility(&reorder);
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
        return !t || t->status == TicketStatus::Sold ||
               (t->status == TicketStatus::Blocked && !m_blockedSelectable);
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
    const QList<qint64> before = std::exchange(m_selection, ticketIds);
    update();
    for (qint64 id : before) {
        if (!m_selection.contains(id))
            notifyAccessibility(id, false);
    }
    for (qint64 id : std::as_const(m_selection)) {
        if (!before.contains(id))
            notifyAccessibility(id, false);
    }
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
    case TicketStatus::Blocked:
        return SeatState::Blocked;
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
    case SeatState::Blocked:
        // Brown, crossed out: off sale, unlike a seat someone bought.
        return QColor(0x6d, 0x4c, 0x41);
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
    // The seats' centres and the row names' places, and half a seat more
    // (a seat and a half at the sides, where the row names are wide).
    return m_extent.adjusted(-m_pitch * 1.5, -m_pitch * 0.5, m_pitch * 1.5, m_pitch * 0.5);
}

QFont SeatMapView::labelFont(Label::Kind kind) const
{
    // Readable at the default size: row names at 9 pt or more.
    QFont f = font();
    const double base = f.pointSizeF() > 0 ? f.pointSizeF() : 9.0;
    switch (kind) {
    case Label::Kind::Row:
        f.setPointSizeF(std::max(9.0, base));
        break;
    case Label::Kind::Section:
        f.setPointSizeF(std::max(10.0, base * 1.1));
        f.setBold(true);
        break;
    case Label::Kind::Stage:
        f.setPointSizeF(std::max(10.0, base * 1.1));
        f.setCapitalization(QFont::AllUppercase);
        f.setLetterSpacing(QFont::PercentageSpacing, 115);
        break;
    }
    return f;
}

int SeatMapView::stageHeight() const
{
    return QFontMetrics(labelFont(Label::Kind::Stage)).height() + 10;
}

QList<SeatMapView::LegendItem> SeatMapView::legendItems() const
{
    QList<LegendItem> items;
    for (const PriceCategory &category : m_event.priceCategories)
        items.append({QColor::fromString(category.color),
                      category.name + u' ' + Money::format(category.price)});
    items.append({stateColor(SeatState::Selected), tr("Your selection")});
    items.append({stateColor(SeatState::HeldByOthers), tr("Held")});
    items.append({stateColor(SeatState::Sold), tr("Sold")});
    items.append({stateColor(SeatState::Blocked), tr("Not for sale")});
    items.append({palette().mid().color(), tr("◯ Wheelchair space")});
    return items;
}

QList<QRect> SeatMapView::legendLayout(int width, int *height) const
{
    // Wrapped into as many lines as the width needs, so it never runs into
    // the seats however narrow the window.
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.height();
    QList<QRect> places;
    int x = Margin;
    int y = 8;
    for (const LegendItem &item : legendItems()) {
        const int w = lineHeight + 6 + metrics.horizontalAdvance(item.text) + 14;
        if (x > Margin && x + w > width - Margin) {
            x = Margin;
            y += lineHeight + 4;
        }
        places.append(QRect(x, y, w, lineHeight));
        x += w;
    }
    *height = y + lineHeight + 8;
    return places;
}

QRect SeatMapView::legendRect() const
{
    int band = 0;
    legendLayout(width(), &band);
    return QRect(0, height() - band, width(), band);
}

QRect SeatMapView::seatArea() const
{
    return QRect(0, 0, width(), legendRect().top());
}

QTransform SeatMapView::layoutTransform() const
{
    const QRectF bounds = seatBounds();
    // Above the seats: the stage, then the front sections' names.
    const int top = Margin + stageHeight() + QFontMetrics(labelFont(Label::Kind::Section)).height();
    const QRectF area = QRectF(seatArea()).adjusted(Margin, top, -Margin, -Margin / 2.0);
    const double scale = std::max(1.0 / m_pitch, std::min(area.width() / bounds.width(),
                                                          area.height() / bounds.height())) *
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
    if (!seatArea().contains(position.toPoint()))
        return 0; // under the legend
    const double half = SeatSize * m_pitch / 2;
    for (const Ticket &t : m_tickets) {
        if (std::abs(world.x() - t.x) <= half && std::abs(world.y() - t.y) <= half)
            return t.id;
    }
    return 0;
}

QRect SeatMapView::seatRect(qint64 ticketId) const
{
    const Ticket *t = ticket(ticketId);
    if (!t)
        return {};
    const QTransform transform = layoutTransform();
    const double size = transform.m11() * m_pitch * SeatSize;
    const QPointF centre = transform.map(QPointF(t->x, t->y));
    return QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size).toAlignedRect();
}

QList<SeatMapView::Label> SeatMapView::labels() const
{
    QList<Label> placed;
    if (m_tickets.isEmpty())
        return placed;
    const QTransform transform = layoutTransform();
    const double unit = transform.m11() * m_pitch;
    const QRectF area = seatArea();
    const auto fits = [&](const QRectF &box) {
        for (const Label &other : std::as_const(placed)) {
            if (other.rect.intersects(box))
                return false;
        }
        return true;
    };

    // Each section's name above its seats, centred.
    const QFontMetricsF sectionMetrics(labelFont(Label::Kind::Section));
    const QFontMetricsF rowMetrics(labelFont(Label::Kind::Row));
    double seatsTop = std::numeric_limits<double>::max();
    QRectF house;
    for (const SectionLabel &section : m_sectionLabels) {
        const QRectF seats =
            transform.mapRect(section.seats).adjusted(-unit / 2, -unit / 2, unit / 2, unit / 2);
        house = house.isNull() ? seats : house.united(seats);
        seatsTop = std::min(seatsTop, seats.top());
        // Above the row names that stand before the front seats, too.
        const double above = std::max(0.0, rowMetrics.height() / 2 - unit / 2);
        const QRectF box = textBox(
            sectionMetrics, section.name,
            QPointF(seats.center().x(), seats.top() - above - sectionMetrics.height() / 2 - 3));
        if (fits(box))
            placed.append({Label::Kind::Section, section.name, box});
    }

    // The stage (or screen) in front of everything, its name inside the bar.
    double front = seatsTop;
    for (const Label &label : std::as_const(placed))
        front = std::min(front, label.rect.top());
    const QString stageName = m_event.venue.kind == u"cinema"_s ? tr("Screen") : tr("Stage");
    const QFontMetricsF stageMetrics(labelFont(Label::Kind::Stage));
    const double stageWidth =
        std::max(stageMetrics.horizontalAdvance(stageName) + 40, house.width() * 0.6);
    const double height = stageHeight() - 4;
    placed.prepend(
        {Label::Kind::Stage, stageName,
         QRectF(house.center().x() - stageWidth / 2, front - 4 - height, stageWidth, height)});

    // Row names where they fit: at the default size of a large hall not every
    // row gets one, but each one drawn is readable.
    for (const RowLabel &row : m_rowLabels) {
        const QRectF box = textBox(rowMetrics, row.row, transform.map(row.at));
        if (area.contains(box) && fits(box))
            placed.append({Label::Kind::Row, row.row, box});
    }
    return placed;
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
    const double unit = transform.m11() * m_pitch;
    const QRect legend = legendRect();

    // Seats and their writing stay above the legend, however far zoomed in.
    painter.save();
    painter.setClipRect(seatArea());
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
        } else if (state == SeatState::Blocked) {
            painter.setPen(QPen(Qt::white, std::max(1.0, size * 0.1), Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(seat.center() + QPointF(-size * 0.2, -size * 0.2),
                             seat.center() + QPointF(size * 0.2, size * 0.2));
            painter.drawLine(seat.center() + QPointF(size * 0.2, -size * 0.2),
                             seat.center() + QPointF(-size * 0.2, size * 0.2));
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

    QColor halo = palette().base().color();
    halo.setAlpha(210);
    for (const Label &label : labels()) {
        painter.setFont(labelFont(label.kind));
        if (label.kind == Label::Kind::Stage) {
            painter.setPen(Qt::NoPen);
            painter.setBrush(palette().mid());
            painter.drawRoundedRect(label.rect, 4, 4);
            painter.setPen(palette().base().color());
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(halo);
            painter.drawRoundedRect(label.rect, 3, 3);
            painter.setPen(palette().text().color());
        }
        painter.drawText(label.rect, Qt::AlignCenter, label.text);
    }
    painter.restore();

    // Legend: price categories, then seat states, in its own band.
    painter.fillRect(legend, palette().window());
    painter.setPen(palette().mid().color());
    painter.drawLine(legend.topLeft(), legend.topRight());
    painter.setFont(font());
    int band = 0;
    const QList<QRect> places = legendLayout(width(), &band);
    const QList<LegendItem> items = legendItems();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QRect place = places[i].translated(0, legend.top());
        const int side = place.height();
        painter.setPen(Qt::NoPen);
        painter.setBrush(items[i].color);
        painter.drawRoundedRect(QRect(place.topLeft(), QSize(side, side)), 3, 3);
        painter.setPen(palette().windowText().color());
        painter.drawText(place.adjusted(side + 6, 0, 0, 0), Qt::AlignVCenter, items[i].text);
    }
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
    if (state != SeatState::Available && !(state == SeatState::Blocked && m_blockedSelectable)) {
        Q_EMIT selectionRefused(state == SeatState::Sold ? tr("This seat is sold.")
                                : state == SeatState::Blocked
                                    ? tr("This seat is not for sale.")
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
        notifyAccessibility(best, true);
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
            QToolTip::showText(help->globalPos(), seatName(*t) + u" · "_s + seatDescription(*t),
                               this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

QString SeatMapView::seatName(const Ticket &t) const
{
    return tr("%1, row %2, seat %3").arg(t.section, t.row).arg(t.seat);
}

QString SeatMapView::seatDescription(const Ticket &t) const
{
    QString state;
    switch (seatState(t.id)) {
    case SeatState::Available:
        state = tr("available");
        break;
    case SeatState::Selected:
        state = tr("selected");
        break;
    case SeatState::HeldByOthers:
        state = tr("held");
        break;
    case SeatState::Sold:
        state = tr("sold");
        break;
    case SeatState::Blocked:
        state = tr("blocked");
        break;
    }
    QStringList parts;
    if (const PriceCategory *category = m_event.priceCategory(t.priceCategoryId))
        parts.append(category->name);
    parts.append(Money::format(t.price));
    parts.append(state);
    if (t.accessible)
        parts.append(tr("wheelchair space"));
    return parts.join(u" · "_s);
}

void SeatMapView::notifyAccessibility(qint64 ticketId, bool focus)
{
    if (!QAccessible::isActive())
        return;
    const qsizetype index = m_index.value(ticketId, -1);
    if (index < 0)
        return;
    if (focus) {
        QAccessibleEvent event(this, QAccessible::Focus);
        event.setChild(int(index));
        QAccessible::updateAccessibility(&event);
    } else {
        QAccessible::State changed;
        changed.checked = true;
        QAccessibleStateChangeEvent event(this, changed);
        event.setChild(int(index));
        QAccessible::updateAccessibility(&event);
    }
}
