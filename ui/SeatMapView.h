#pragma once

#include "Catalog.h"

#include <QHash>
#include <QSet>
#include <QWidget>

// The seat map of one event, drawn from the venue layout (each ticket's x/y):
// sections and rows, seat states, price-category colours and a legend; zoom
// (wheel, +/-), pan (drag), and full keyboard use (arrows move, Space picks,
// 0 fits). It shows state and reports the clerk's picks; holding seats is the
// window's business.
class SeatMapView : public QWidget
{
    Q_OBJECT
public:
    enum class SeatState
    {
        Available,
        HeldByOthers,
        Sold,
        Selected,
    };

    explicit SeatMapView(QWidget *parent = nullptr);

    void setEvent(const Event &event, const QList<Ticket> &tickets);
    // New states from the mirror; the selection keeps seats that are still
    // the clerk's (available or in the clerk's own hold).
    void updateTickets(const QList<Ticket> &tickets);
    // Only these tickets changed (a stream push): patched in place.
    void applyChanges(const QList<Ticket> &changed);
    const Event &event() const { return m_event; }
    void clear();
    qint64 eventId() const { return m_event.id; }

    // Seats in this client's own hold show as selected, not as held by others.
    void setOwnHold(const QList<qint64> &ticketIds);
    QList<qint64> selection() const { return m_selection; }
    void setSelection(const QList<qint64> &ticketIds);
    void setMaxSelection(int seats) { m_maxSelection = seats; }
    // Picks the best N adjacent seats; false (selection unchanged) if none.
    bool selectBestAvailable(int count, qint64 priceCategoryId = 0);
    // The best N adjacent seats of the cheapest category that has them.
    bool selectCheapestAvailable(int count);
    // The best N adjacent seats costing at most `maxPrice` each: the dearest
    // category within that price that has them ("up to €59").
    bool selectBestAvailableUpTo(int count, Cents maxPrice);

    SeatState seatState(qint64 ticketId) const;
    QColor seatColor(qint64 ticketId) const;
    static QColor stateColor(SeatState state);
    // Where a seat is drawn, in widget coordinates (for tests and tooltips).
    QPoint seatCenter(qint64 ticketId) const;
    qint64 focusedSeat() const { return m_focused; }
    double zoom() const { return m_zoom; }
    const Ticket *ticket(qint64 ticketId) const;

    QSize sizeHint() const override { return {720, 480}; }

Q_SIGNALS:
    void selectionChanged(const QList<qint64> &ticketIds);
    void selectionRefused(const QString &reason);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    void toggle(qint64 ticketId);
    QList<qint64> bestSeats(int count, qint64 priceCategoryId) const;
    bool selectSeats(const QList<qint64> &seats, int count);
    bool selectFirstCategoryWith(int count, const QList<PriceCategory> &categories);
    void moveFocus(int dx, int dy);
    void fit();
    void setZoom(double zoom, QPointF anchor);
    qint64 seatAt(QPointF position) const;
    QTransform layoutTransform() const;
    QRectF seatBounds() const;
    int legendHeight() const;
    void layoutRows();
    void ticketsUpdated();

    Event m_event;
    QList<Ticket> m_tickets;
    QHash<qint64, qsizetype> m_index;
    QSet<qint64> m_ownHold;
    QList<std::pair<QString, QPoint>> m_rowLabels; // row name, leftmost seat
    QList<qint64> m_selection;
    int m_maxSelection = 10;
    qint64 m_focused = 0;
    double m_zoom = 1.0;
    QPointF m_pan;
    QPoint m_pressPos;
    QPointF m_panAtPress;
    bool m_dragging = false;
};
