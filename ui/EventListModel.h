#pragma once

#include "Catalog.h"

#include <QAbstractListModel>

// Events found in the mirror, for the event list. Adapts; knows no SQL.
class EventListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        EventIdRole = Qt::UserRole + 1,
    };

    using QAbstractListModel::QAbstractListModel;

    void setEvents(const QList<Event> &events);
    // A listed event changed (its free seats, say); others are ignored.
    void updateEvent(const Event &event);
    const Event *eventAt(int row) const;
    int rowOf(qint64 eventId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QList<Event> m_events;
};
