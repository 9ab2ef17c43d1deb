#pragma once

#include "Catalog.h"

#include <QHash>
#include <QSet>
#include <QWidget>

// The seat map of one event, drawn from the venue layout (each ticket's x/y,
// in any unit: the distance between neighbouring seats is one seat): the
// stage, section names, row labels, seat states, price-category colours and a
// legend below the seats; zoom (wheel, +/-), pan (drag), and full keyboard
// use (arrows move, Space picks, 0 fits). Each seat is an accessible child
// (SeatMapAccessible) with its name, price and state. It shows state and
// reports the clerk's picks; holding seats is the window's business.
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
        Blocked, // off sale: a house seat, a broken seat, a cancelled event
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
    // Whether blocked seats can be picked (to put them back on sale: the
    // catalog editor); a sale never can.
    void setBlockedSelectable(bool selectable) { m_blockedSelectable = selectable; }
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

    const QList<Ticket> &tickets() const { return m_tickets; }
    // "Parkett, row A, seat 5" and "Kategorie 1 · 89.00€ · available": what a
    // tooltip and a screen reader say about a seat.
    QString seatName(const Ticket &ticket) const;
    QString seatDescription(const Ticket &ticket) const;
    // The seat's square in widget coordinates.
    QRect seatRect(qint64 ticketId) const;
    // As a click on the seat: picks or unpicks it, or says why not.
    void toggle(qint64 ticketId);

    // The map's writing, where it is drawn (widget coordinates).
    struct Label
    {
        enum class Kind
        {
            Stage,
            Section,
            Row,
        };
        Kind kind;
        QString text;
        QRectF rect;
    };
    QList<Label> labels() const;
    QFont labelFont(Label::Kind kind) const;
    // The band below the seats that holds the legend; seats never cover it.
    QRect legendRect() const;

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
    struct RowLabel
    {
        QString row;
        QPointF at; // one seat before the row's first seat, in layout units
    };
    struct SectionLabel
    {
        QString name;
        QRectF seats; // the section's seat centres, in layout units
    };
    struct LegendItem
    {
        QColor color;
        QString text;
    };
    QList<LegendItem> legendItems() const;
    // Where each legend item goes, for a widget `width` wide; the band's height.
    QList<QRect> legendLayout(int width, int *height) const;
    QRect seatArea() const;
    int stageHeight() const;
    void notifyAccessibility(qint64 ticketId, bool focus);
    QList<qint64> bestSeats(int count, qint64 priceCategoryId) const;
    bool selectSeats(const QList<qint64> &seats, int count);
    bool selectFirstCategoryWith(int count, const QList<PriceCategory> &categories);
    void moveFocus(int dx, int dy);
    void fit();
    void setZoom(double zoom, QPointF anchor);
    qint64 seatAt(QPointF position) const;
    QTransform layoutTransform() const;
    QRectF seatBounds() const;
    void layoutRows();
    void ticketsUpdated();

    Event m_event;
    bool m_blockedSelectable = false;
    QList<Ticket> m_tickets;
    QHash<qint64, qsizetype> m_index;
    QSet<qint64> m_ownHold;
    QList<RowLabel> m_rowLabels;
    QList<SectionLabel> m_sectionLabels;
    double m_pitch = 1.0; // layout units from one seat to the next
    QRectF m_extent;      // seat centres and row-name places, in layout units
    QList<qint64> m_selection;
    int m_maxSelection = 10;
    qint64 m_focused = 0;
    double m_zoom = 1.0;
    QPointF m_pan;
    QPoint m_pressPos;
    QPointF m_panAtPress;
    bool m_dragging = false;
};
