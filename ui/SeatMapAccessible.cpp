#include "SeatMapAccessible.h"

#include "SeatMapView.h"

#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

// One seat. It names its ticket, not a position in the list: a seat map that
// is re-laid out (new seats pushed) still answers for the same seat.
class SeatAccessible : public QAccessibleInterface, public QAccessibleActionInterface
{
public:
    SeatAccessible(SeatMapView *view, qint64 ticketId)
        : m_view(view)
        , m_ticketId(ticketId)
    {
    }

    bool isValid() const override { return m_view && m_view->ticket(m_ticketId); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_view ? m_view->window()->windowHandle() : nullptr; }
    QAccessibleInterface *parent() const override
    {
        return m_view ? QAccessible::queryAccessibleInterface(m_view) : nullptr;
    }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QAccessibleInterface *focusChild() const override { return nullptr; }

    QString text(QAccessible::Text t) const override
    {
        const Ticket *ticket = m_view ? m_view->ticket(m_ticketId) : nullptr;
        if (!ticket)
            return {};
        switch (t) {
        case QAccessible::Name:
            return m_view->seatName(*ticket);
        case QAccessible::Description:
            return m_view->seatDescription(*ticket);
        default:
            return {};
        }
    }
    void setText(QAccessible::Text, const QString &) override {}

    QRect rect() const override
    {
        if (!m_view)
            return {};
        const QRect local = m_view->seatRect(m_ticketId);
        return QRect(m_view->mapToGlobal(local.topLeft()), local.size());
    }

    QAccessible::Role role() const override { return QAccessible::CheckBox; }

    QAccessible::State state() const override
    {
        QAccessible::State state;
        if (!isValid()) {
            state.invalid = true;
            return state;
        }
        const SeatMapView::SeatState seat = m_view->seatState(m_ticketId);
        state.checkable = true;
        state.checked = seat == SeatMapView::SeatState::Selected;
        state.disabled = seat == SeatMapView::SeatState::Sold ||
                         seat == SeatMapView::SeatState::HeldByOthers ||
                         seat == SeatMapView::SeatState::Blocked;
        state.focusable = true;
        state.focused = m_view->hasFocus() && m_view->focusedSeat() == m_ticketId;
        state.offscreen = !m_view->rect().intersects(m_view->seatRect(m_ticketId));
        return state;
    }

    void *interface_cast(QAccessible::InterfaceType type) override
    {
        return type == QAccessible::ActionInterface
                   ? static_cast<QAccessibleActionInterface *>(this)
                   : nullptr;
    }

    QStringList actionNames() const override { return {toggleAction()}; }
    void doAction(const QString &name) override
    {
        if (name == toggleAction() && isValid())
            m_view->toggle(m_ticketId);
    }
    QStringList keyBindingsForAction(const QString &) const override { return {u"Space"_s}; }

    qint64 ticketId() const { return m_ticketId; }

private:
    QPointer<SeatMapView> m_view;
    qint64 m_ticketId;
};

QAccessibleInterface *seatMapFactory(const QString &className, QObject *object)
{
    if (className == u"SeatMapView"_s && object && object->isWidgetType())
        return new SeatMapAccessible(static_cast<SeatMapView *>(object));
    return nullptr;
}

} // namespace

SeatMapAccessible::SeatMapAccessible(SeatMapView *view)
    : QAccessibleWidget(view, QAccessible::Grouping)
{
}

SeatMapAccessible::~SeatMapAccessible()
{
    for (QAccessible::Id id : std::as_const(m_seats))
        QAccessible::deleteAccessibleInterface(id);
}

SeatMapView *SeatMapAccessible::view() const
{
    return static_cast<SeatMapView *>(widget());
}

int SeatMapAccessible::childCount() const
{
    return int(view()->tickets().size());
}

QAccessibleInterface *SeatMapAccessible::child(int index) const
{
    const QList<Ticket> &tickets = view()->tickets();
    if (index < 0 || index >= tickets.size())
        return nullptr;
    const qint64 ticketId = tickets[index].id;
    if (const auto it = m_seats.constFind(ticketId); it != m_seats.cend())
        return QAccessible::accessibleInterface(*it);
    // A kiosk shows one event after another for weeks: forget the seats of
    // events no longer shown.
    if (m_seats.size() >= 2 * tickets.size()) {
        for (auto it = m_seats.begin(); it != m_seats.end();) {
            if (view()->ticket(it.key())) {
                ++it;
            } else {
                QAccessible::deleteAccessibleInterface(*it);
                it = m_seats.erase(it);
            }
        }
    }
    auto *seat = new SeatAccessible(view(), ticketId);
    m_seats.insert(ticketId, QAccessible::registerAccessibleInterface(seat));
    return seat;
}

int SeatMapAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    const auto *seat = dynamic_cast<const SeatAccessible *>(child);
    if (!seat)
        return -1;
    const QList<Ticket> &tickets = view()->tickets();
    for (qsizetype i = 0; i < tickets.size(); ++i) {
        if (tickets[i].id == seat->ticketId())
            return int(i);
    }
    return -1;
}

QAccessibleInterface *SeatMapAccessible::childAt(int x, int y) const
{
    const QPoint local = view()->mapFromGlobal(QPoint(x, y));
    const QList<Ticket> &tickets = view()->tickets();
    for (qsizetype i = 0; i < tickets.size(); ++i) {
        if (view()->seatRect(tickets[i].id).contains(local))
            return child(int(i));
    }
    return nullptr;
}

QAccessibleInterface *SeatMapAccessible::focusChild() const
{
    const QList<Ticket> &tickets = view()->tickets();
    for (qsizetype i = 0; i < tickets.size(); ++i) {
        if (tickets[i].id == view()->focusedSeat())
            return child(int(i));
    }
    return nullptr;
}

void installSeatMapAccessibility()
{
    static const bool installed = [] {
        QAccessible::installFactory(seatMapFactory);
        return true;
    }();
    Q_UNUSED(installed);
}
