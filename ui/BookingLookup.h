#pragma once

#include "Booking.h"

#include <QWidget>

#include <functional>

class BookingDesk;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

// Find a booking by code or customer name (staff) — or list one's own
// (customers) — then cancel all or some tickets (refund) or reprint.
class BookingLookup : public QWidget
{
    Q_OBJECT
public:
    enum class Mode
    {
        Staff,   // search by code or name
        Customer // "my bookings"
    };
    // Asks the user to confirm; tests script the answer.
    using Confirm = std::function<bool(QWidget *parent, const QString &question)>;

    BookingLookup(BookingDesk &desk, Mode mode, QWidget *parent = nullptr);

    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setTicketFolder(const QString &folder) { m_ticketFolder = folder; }
    void setPrinterName(const QString &printer) { m_printerName = printer; }
    void setOnline(bool online);
    void search(const QString &codeOrName);
    // The cursor in the search field (staff), ready to type a code.
    void focusSearch();
    void reload();
    QString lastPdf() const { return m_lastPdf; }
    QList<Booking> results() const { return m_results; }
    // A booking's status ("partially_cancelled") in the user's words.
    static QString statusText(const QString &status);

Q_SIGNALS:
    void bookingChanged(const Booking &booking);

private:
    void show(const QList<Booking> &bookings);
    const Booking *currentBooking() const;
    QList<qint64> checkedTickets() const;
    QString cancelQuestion(const Booking &booking, const QList<qint64> &tickets) const;
    void cancel(bool wholeBooking);
    void reprint();
    void setStatus(const QString &message, bool error);
    void updateButtons();

    BookingDesk &m_desk;
    Mode m_mode;
    Confirm m_confirm;
    QString m_ticketFolder;
    QString m_printerName;
    bool m_online = true;
    QLineEdit *m_query = nullptr;
    QTreeWidget *m_tree;
    QPushButton *m_cancelBooking;
    QPushButton *m_cancelTickets;
    QPushButton *m_reprint;
    QLabel *m_status;
    QList<Booking> m_results;
    QString m_lastQuery;
    QString m_lastPdf;
};
