#include "PaymentPanel.h"

#include "Money.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

PaymentPanel::PaymentPanel(QWidget *parent)
    : QWidget(parent)
    , m_seats(new QListWidget(this))
    , m_totalLabel(new QLabel(this))
    , m_customer(new QLineEdit(this))
    , m_cash(new QRadioButton(tr("&Cash"), this))
    , m_card(new QRadioButton(tr("C&ard"), this))
    , m_tendered(new QLineEdit(this))
    , m_change(new QLabel(this))
    , m_cardToken(new QComboBox(this))
    , m_pay(new QPushButton(tr("&Pay"), this))
    , m_message(new QLabel(this))
    , m_changeDue(new QLabel(this))
    , m_cashNote(new QLabel(this))
{
    m_cashNote->setObjectName(u"cashNote"_s);
    m_cashNote->setWordWrap(true);
    m_cashNote->setStyleSheet(u"color: #8a4b00"_s);
    m_cashNote->hide();
    m_seats->setObjectName(u"basket"_s);
    m_totalLabel->setObjectName(u"totalLabel"_s);
    QFont big = m_totalLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_totalLabel->setFont(big);
    m_customer->setObjectName(u"customerName"_s);
    m_customer->setPlaceholderText(tr("Customer name (optional)"));
    m_cash->setObjectName(u"cashButton"_s);
    m_card->setObjectName(u"cardButton"_s);
    m_tendered->setObjectName(u"tenderedField"_s);
    m_tendered->setPlaceholderText(tr("Amount tendered, e.g. 50"));
    m_change->setObjectName(u"changeLabel"_s);
    m_cardToken->setObjectName(u"cardToken"_s);
    // The card terminal hands over a token, never a card number. These are
    // the payment provider's sandbox terminal answers.
    m_cardToken->addItem(tr("Card terminal: approve (sandbox)"), u"tok_sandbox_approve"_s);
    m_cardToken->addItem(tr("Card terminal: decline (sandbox)"), u"tok_sandbox_decline"_s);
    m_cardToken->addItem(tr("Card terminal: insufficient funds (sandbox)"),
                         u"tok_sandbox_insufficient_funds"_s);
    m_pay->setObjectName(u"payButton"_s);
    m_pay->setDefault(true);
    m_message->setObjectName(u"paymentMessage"_s);
    m_message->setWordWrap(true);
    m_changeDue->setObjectName(u"changeDueDisplay"_s);
    m_changeDue->setAlignment(Qt::AlignCenter);
    QFont huge = m_changeDue->font();
    huge.setPointSizeF(huge.pointSizeF() * 2.4);
    huge.setBold(true);
    m_changeDue->setFont(huge);
    m_changeDue->setStyleSheet(u"background: #fff59d; color: #1b1b1b; padding: 8px"_s);
    m_changeDue->hide();

    auto *methods = new QButtonGroup(this);
    methods->addButton(m_cash);
    methods->addButton(m_card);
    m_cash->setChecked(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Customer"), m_customer);
    auto *methodRow = new QHBoxLayout;
    methodRow->addWidget(m_cash);
    methodRow->addWidget(m_card);
    form->addRow(tr("Payment"), methodRow);
    form->addRow(QString(), m_cashNote);
    // The label's mnemonic (Alt+T) is the shortcut to the field.
    form->addRow(tr("&Tendered"), m_tendered);
    // Two by two: the till stays narrow enough to leave the seat map its room.
    auto *quickCashRow = new QGridLayout;
    for (int i = 0; i < 4; ++i) {
        auto *button = new QPushButton(this);
        button->setObjectName(u"quickCashButton%1"_s.arg(i));
        button->setFocusPolicy(Qt::NoFocus);
        m_quickCash.append(button);
        quickCashRow->addWidget(button, i / 2, i % 2);
        connect(button, &QPushButton::clicked, this, [this, i] {
            const QList<Cents> amounts = quickCashAmounts(m_total);
            if (i >= amounts.size())
                return;
            m_tendered->setText(QLocale().toString(amounts[i] / 100.0, 'f', 2));
            m_tendered->setFocus();
        });
    }
    form->addRow(QString(), quickCashRow);
    form->addRow(tr("Change"), m_change);
    form->addRow(tr("Card"), m_cardToken);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Seats"), this));
    layout->addWidget(m_seats, 1);
    layout->addWidget(m_totalLabel);
    layout->addLayout(form);
    layout->addWidget(m_pay);
    layout->addWidget(m_message);
    layout->addWidget(m_changeDue);

    connect(m_tendered, &QLineEdit::textChanged, this, &PaymentPanel::updateChange);
    connect(m_cash, &QRadioButton::toggled, this, &PaymentPanel::updateChange);
    connect(m_cash, &QRadioButton::toggled, this, &PaymentPanel::updateQuickCash);
    connect(m_tendered, &QLineEdit::returnPressed, m_pay, &QPushButton::click);
    connect(m_pay, &QPushButton::clicked, this, [this] {
        Payment payment;
        if (m_cash->isChecked() && m_cash->isEnabled()) {
            const auto cents = tenderedCents();
            if (!cents || *cents < m_total) {
                showMessage(
                    tr("Enter the amount tendered (at least %1).").arg(Money::format(m_total)),
                    true);
                m_tendered->setFocus();
                return;
            }
            payment.method = Payment::Method::Cash;
            payment.amountTendered = *cents;
        } else {
            payment.method = Payment::Method::Card;
            payment.cardToken = m_cardToken->currentData().toString();
        }
        showMessage(tr("Booking…"), false);
        Q_EMIT payRequested(payment, m_customer->text());
    });
    reset();
}

void PaymentPanel::setSeats(const Event &event, const QList<Ticket> &tickets)
{
    m_seats->clear();
    m_total = 0;
    m_seatCount = int(tickets.size());
    for (const Ticket &t : tickets) {
        const PriceCategory *category = event.priceCategory(t.priceCategoryId);
        m_seats->addItem(tr("%1 · row %2 · seat %3 · %4 %5")
                             .arg(t.section, t.row)
                             .arg(t.seat)
                             .arg(category ? category->name : QString(), Money::format(t.price)));
        m_total += t.price;
    }
    m_totalLabel->setText(tr("Total %1").arg(Money::format(m_total)));
    if (m_seatCount > 0)
        m_changeDue->hide();
    updateChange();
    updateQuickCash();
    setBlockedReason(m_blockedReason);
}

void PaymentPanel::setCashAllowed(bool allowed, const QString &reason)
{
    // Cash coming back (the shift opened): the counter's usual payment again.
    if (allowed && !m_cash->isEnabled())
        m_cash->setChecked(true);
    m_cash->setEnabled(allowed);
    m_cash->setToolTip(allowed ? QString() : reason);
    m_cashNote->setText(allowed ? QString() : reason);
    m_cashNote->setVisible(!allowed && !reason.isEmpty());
    m_tendered->setEnabled(allowed);
    if (!allowed)
        m_card->setChecked(true);
    updateQuickCash();
}

void PaymentPanel::setBlockedReason(const QString &reason)
{
    m_blockedReason = reason;
    const bool canPay = reason.isEmpty() && m_seatCount > 0;
    m_pay->setEnabled(canPay);
    m_pay->setToolTip(reason);
    if (!reason.isEmpty() && m_seatCount > 0) {
        showMessage(reason, false);
        m_showingReason = true;
    } else if (m_showingReason) {
        showMessage(QString(), false);
    }
}

void PaymentPanel::showMessage(const QString &message, bool error)
{
    m_showingReason = false;
    m_message->setText(message);
    m_message->setStyleSheet(error ? u"color: #c62828; font-weight: bold"_s : QString());
}

void PaymentPanel::showChangeDue(Cents change)
{
    m_changeDue->setText(tr("Change due\n%1").arg(Money::format(change)));
    m_changeDue->show();
}

void PaymentPanel::focusTendered()
{
    if (m_cash->isChecked() && m_cash->isEnabled())
        m_tendered->setFocus();
    else
        m_pay->setFocus();
}

void PaymentPanel::reset()
{
    m_customer->clear();
    m_tendered->clear();
    m_message->clear();
    m_changeDue->hide();
    m_showingReason = false;
    setSeats(Event{}, {});
}

QList<Cents> PaymentPanel::quickCashAmounts(Cents total)
{
    if (total <= 0)
        return {};
    QList<Cents> amounts{total};
    // Each euro note rounds the total up to a multiple of itself.
    for (const Cents note : {500, 1000, 2000, 5000, 10000, 20000, 50000}) {
        const Cents rounded = (total + note - 1) / note * note;
        if (!amounts.contains(rounded))
            amounts.append(rounded);
    }
    std::sort(amounts.begin(), amounts.end());
    return amounts.mid(0, 4);
}

void PaymentPanel::updateQuickCash()
{
    const QList<Cents> amounts = quickCashAmounts(m_total);
    const bool cash = m_cash->isChecked() && m_cash->isEnabled();
    for (qsizetype i = 0; i < m_quickCash.size(); ++i) {
        QPushButton *button = m_quickCash[i];
        button->setVisible(cash && i < amounts.size());
        if (i < amounts.size())
            button->setText(i == 0 ? tr("Exact %1").arg(Money::format(amounts[i]))
                                   : Money::format(amounts[i]));
    }
}

std::optional<Cents> PaymentPanel::tenderedCents() const
{
    return Money::parse(m_tendered->text());
}

void PaymentPanel::updateChange()
{
    const auto cents = tenderedCents();
    m_tendered->setEnabled(m_cash->isChecked() && m_cash->isEnabled());
    m_cardToken->setEnabled(m_card->isChecked());
    if (!m_cash->isChecked() || !cents) {
        m_change->clear();
        return;
    }
    m_change->setText(*cents >= m_total ? Money::format(*cents - m_total)
                                        : tr("%1 short").arg(Money::format(m_total - *cents)));
}
