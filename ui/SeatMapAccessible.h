#pragma once

#include <QAccessibleWidget>
#include <QHash>

class SeatMapView;

// What a screen reader sees of a seat map: the map as a group and
// every seat as a child with its name ("Parkett, row A, seat 5"), its price
// and state as the description, checked when picked, unavailable when taken,
// and a press action that picks it as a click would.
class SeatMapAccessible : public QAccessibleWidget
{
public:
    explicit SeatMapAccessible(SeatMapView *view);
    ~SeatMapAccessible() override;

    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;
    QAccessibleInterface *focusChild() const override;

    SeatMapView *view() const;

private:
    // Seat interfaces by ticket id, registered with QAccessible (which owns
    // them until this interface goes).
    mutable QHash<qint64, QAccessible::Id> m_seats;
};

// Makes QAccessible::queryAccessibleInterface answer SeatMapAccessible for
// every SeatMapView; once per application.
void installSeatMapAccessibility();
