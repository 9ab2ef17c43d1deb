#include "EventListModel.h"

#include "EventTime.h"

#include <QLocale>

using namespace Qt::StringLiterals;

void EventListModel::setEvents(const QList<Event> &events)
{
    beginResetModel();
    m_events = events;
    endResetModel();
}

void EventListModel::updateEvent(const Event &event)
{
    const int row = rowOf(event.id);
    if (row < 0)
        return;
    m_events[row] = event;
    Q_EMIT dataChanged(index(row), index(row));
}

const Event *EventListModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events[row] : nullptr;
}

int EventListModel::rowOf(qint64 eventId) const
{
    for (int row = 0; row < m_events.size(); ++row) {
        if (m_events[row].id == eventId)
            return row;
    }
    return -1;
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    const Event *event = eventAt(index.row());
    if (!event)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QLocale locale;
        const QDateTime local = event->startsAt.toLocalTime();
        // A cancelled event stays listed, saying so; it is never sold.
        if (event->cancelled)
            return tr("%1 %2 · %3\n%4, %5 · CANCELLED")
                .arg(locale.toString(local.date(), u"ddd d MMM"_s),
                     shortTimeText(local.time(), locale), event->name, event->venue.name,
                     event->venue.city);
        return tr("%1 %2 · %3\n%4, %5 · %n free", nullptr, event->available)
            .arg(locale.toString(local.date(), u"ddd d MMM"_s), shortTimeText(local.time(), locale),
                 event->name, event->venue.name, event->venue.city);
    }
    case Qt::ToolTipRole:
        if (event->cancelled)
            return tr("Cancelled: %1").arg(event->cancelReason);
        return event->performer.isEmpty() ? event->description
                                          : event->performer + u"\n"_s + event->description;
    case EventIdRole:
        return event->id;
    default:
        return {};
    }
}
