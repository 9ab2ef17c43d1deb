#pragma once

#include "CatalogEdit.h"

#include <QWidget>
#include <functional>
#include <optional>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class SeatMapView;
class Session;

// The operators' catalog editor (boxoffice --admin, or "Administration →
// Edit catalog…" at the counter): the events of the mirror; a form for an
// event's name, performer, description, time and price categories; "New
// event…" at a venue; "Cancel event…", which refunds every booking and lists
// the customers to tell; and the seat map, where seats are blocked (house
// seats, broken seats) or put back on sale. Every change goes through the
// API, asynchronously; the mirror, and every other client's, follow it
// through the catalog feed and the stream.
class CatalogEditor : public QWidget
{
    Q_OBJECT
public:
    // Asks for the reason of a cancellation, saying what it will do;
    // nothing: not cancelled. A seam for tests (the default is a dialog).
    using AskReason =
        std::function<std::optional<QString>(QWidget *parent, const QString &question)>;

    explicit CatalogEditor(Session &session, QWidget *parent = nullptr);
    ~CatalogEditor() override;

    void setAskReason(AskReason ask) { m_askReason = std::move(ask); }
    void chooseEvent(qint64 eventId);
    qint64 eventId() const { return m_eventId; }
    SeatMapView *seatMap() const { return m_seatMap; }
    // The customers of the last cancellation, as listed (one a line).
    QString customersText() const;

Q_SIGNALS:
    // An edit was saved, a cancellation or a block made (for tests and the
    // status line).
    void saved(qint64 eventId);
    void cancelled(const EventCancellation &cancellation);
    void seatsChanged(const QList<qint64> &ticketIds);

private:
    void fillEvents();
    void fillForm(const Event &event);
    void save();
    void startCancel();
    void cancelEvent(const QString &reason);
    void showCustomers(const EventCancellation &cancellation);
    void changeSeats(bool block);
    void addCategoryRow();
    void newEvent();
    // Progress and errors; busy disables the buttons until the answer.
    void setBusy(const QString &message);
    void setDone(const QString &message, bool error = false);
    void updateButtons();
    // The form's price categories as an edit (nullopt: a price does not read).
    std::optional<QList<PriceCategoryEdit>> priceEdits();

    Session &m_session;
    AskReason m_askReason;
    qint64 m_eventId = 0;
    Event m_event;
    bool m_busy = false;
    QListWidget *m_events;
    QLineEdit *m_name;
    QLineEdit *m_performer;
    QLineEdit *m_category;
    QPlainTextEdit *m_description;
    QDateTimeEdit *m_startsAt;
    QTableWidget *m_prices;
    QPushButton *m_addCategory;
    QPushButton *m_save;
    QPushButton *m_new;
    QPushButton *m_cancel;
    SeatMapView *m_seatMap;
    QLineEdit *m_blockReason;
    QPushButton *m_block;
    QPushButton *m_unblock;
    QLabel *m_status;
    QPlainTextEdit *m_customers;
    QPushButton *m_copyCustomers;
};
