#pragma once

#include "Caller.h"
#include "ErrorCode.h"

#include <QJsonObject>
#include <QString>
#include <memory>

// What a booking asks a payment provider for.
struct PaymentRequest
{
    qint64 amountCents = 0;
    QString bookingCode;
    QJsonObject details; // the request's "payment_details"
    // The same for every attempt of one booking request (its retries, and
    // a transaction that Postgres made us run again): a provider must treat
    // charges with the same key as one charge.
    QByteArray idempotencyKey;
};

struct PaymentResult
{
    bool approved = false;
    QString reference;                               // provider's transaction reference
    ErrorCode declineCode = ErrorCode::CardDeclined; // when not approved
    QString message;
    qint64 changeDueCents = 0;
};

// A way to take money. Card data never reaches the database: providers get
// a token, and only their reference is stored.
class PaymentProvider
{
public:
    virtual ~PaymentProvider() = default;
    virtual QString method() const = 0;
    // Rejects malformed details with a DomainError before any seat is touched.
    virtual void validate(const QJsonObject &details) const = 0;
    virtual PaymentResult charge(const PaymentRequest &request) = 0;
    virtual QString refund(const QString &reference, qint64 amountCents) = 0;
};

// Cash at the counter: amount_tendered (cents) must cover the total.
class CashPayments final : public PaymentProvider
{
public:
    QString method() const override { return QStringLiteral("cash"); }
    void validate(const QJsonObject &details) const override;
    PaymentResult charge(const PaymentRequest &request) override;
    QString refund(const QString &reference, qint64 amountCents) override;
};

// The built-in sandbox card provider. Tokens (documented in docs/API.md):
// tok_sandbox_approve approves; tok_sandbox_decline and
// tok_sandbox_insufficient_funds decline.
class SandboxCardPayments final : public PaymentProvider
{
public:
    QString method() const override { return QStringLiteral("card"); }
    void validate(const QJsonObject &details) const override;
    PaymentResult charge(const PaymentRequest &request) override;
    QString refund(const QString &reference, qint64 amountCents) override;
};

class Payments
{
public:
    Payments();
    // The provider for the request's payment_details, checked against the
    // caller's role (cash is for counter staff).
    PaymentProvider &providerFor(const QJsonObject &details, const Caller &user);
    PaymentProvider &provider(const QString &method);

private:
    CashPayments m_cash;
    SandboxCardPayments m_card;
};
