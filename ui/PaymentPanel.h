#pragma once

#include "BookingDesk.h"
#include "Catalog.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;

// The basket and the till: the selected seats and their total, the
// customer's name, cash (amount tendered → change due) or card, and Pay.
// It only collects; the window books.
class PaymentPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PaymentPanel(QWidget *parent = nullptr);

    void setSeats(const Event &event, const QList<Ticket> &tickets);
    Cents total() const { return m_total; }
    // Cash only at the counter (clerk, admin) with the till's shift open;
    // customers pay by card. The reason is shown by the cash button.
    void setCashAllowed(bool allowed, const QString &reason = {});
    // Why paying is impossible right now (empty = it is possible).
    void setBlockedReason(const QString &reason);
    void showMessage(const QString &message, bool error);
    // After a cash sale: the change to hand back, large, until the next sale.
    void showChangeDue(Cents change);
    void focusTendered();
    void reset();

    // What the quick cash buttons offer for a total: the exact amount, then
    // the next round amounts a customer hands over (next note up, …).
    static QList<Cents> quickCashAmounts(Cents total);

Q_SIGNALS:
    void payRequested(const Payment &payment, const QString &customerName);

private:
    void updateChange();
    void updateQuickCash();
    std::optional<Cents> tenderedCents() const;

    QListWidget *m_seats;
    QLabel *m_totalLabel;
    QLineEdit *m_customer;
    QRadioButton *m_cash;
    QRadioButton *m_card;
    QLineEdit *m_tendered;
    QLabel *m_change;
    QList<QPushButton *> m_quickCash;
    QComboBox *m_cardToken;
    QPushButton *m_pay;
    QLabel *m_message;
    QLabel *m_changeDue;
    QLabel *m_cashNote;
    Cents m_total = 0;
    int m_seatCount = 0;
    QString m_blockedReason;
    bool m_showingReason = false;
};
