#pragma once

#include "Booking.h"
#include "Caller.h"
#include "ErrorCode.h"

#include <QJsonObject>
#include <QString>
#include <memory>
#include <stdexcept>

// What a sale asks a payment provider to authorize.
struct PaymentRequest
{
    qint64 amountCents = 0;
    QJsonObject details; // the request's "payment_details"
    // The same for every attempt of one sale request (its retries, and
    // concurrent replays): a provider treats authorizations with the same
    // key as one authorization.
    QByteArray idempotencyKey;
};

struct PaymentResult
{
    bool approved = false;
    QString reference;                               // the authorization's reference
    ErrorCode declineCode = ErrorCode::CardDeclined; // when not approved
    QString message;
    qint64 changeDueCents = 0;
};

// A provider that could not be asked or did not answer: whether the call
// took effect is unknown, so it is retried with the same idempotency key.
class PaymentUnavailable : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A way to take money, in the shape real providers have: an authorization
// reserves the amount and moves no money; a capture takes it; a void gives an
// uncaptured authorization up; a refund gives captured money back. Card data
// never reaches the database: providers get a token, and only their
// references are stored. Every call taking an idempotency key does its work
// once per key, however often it is repeated; voiding an authorization that
// is already void (or unknown) is not an error.
class PaymentProvider
{
public:
    virtual ~PaymentProvider() = default;
    virtual QString method() const = 0;
    // Rejects malformed details with a DomainError before any seat is touched.
    virtual void validate(const QJsonObject &details) const = 0;
    virtual PaymentResult authorize(const PaymentRequest &request) = 0;
    // The capture's reference.
    virtual QString capture(const QString &authorization, qint64 amountCents,
                            const QByteArray &idempotencyKey) = 0;
    virtual void voidAuthorization(const QString &authorization) = 0;
    // The refund's reference.
    virtual QString refund(const QString &capture, qint64 amountCents,
                           const QByteArray &idempotencyKey) = 0;
    // The authorization an authorize call with this key made, for a call
    // whose answer was lost (a crash between the call and its record).
    virtual QString authorizationFor(const QByteArray &idempotencyKey) const = 0;
    // Whether the provider settles in this process: its calls are pure
    // functions of their arguments, touch nothing outside and cannot fail
    // once approved, so a crash can leave no authorization behind anywhere.
    // Such a sale records its authorization and capture once, in the sale's
    // own transaction (SaleCommitter); an outside provider's sale records
    // the intent before asking, the capture after the commit, and voids on
    // failure (BookingService).
    virtual bool settlesInProcess() const { return false; }
};

// The built-in providers, which settle in-process: like a real provider's
// idempotent replay, every reference follows from the idempotency key and a
// prefix of the provider's own ("cash_", "sbx_").
class InProcessPayments : public PaymentProvider
{
public:
    InProcessPayments(QString prefix, bool settlesInProcess)
        : m_prefix(std::move(prefix))
        , m_settlesInProcess(settlesInProcess)
    {
    }
    bool settlesInProcess() const override { return m_settlesInProcess; }
    QString capture(const QString &authorization, qint64 amountCents,
                    const QByteArray &idempotencyKey) override;
    void voidAuthorization(const QString &authorization) override;
    QString refund(const QString &capture, qint64 amountCents,
                   const QByteArray &idempotencyKey) override;
    QString authorizationFor(const QByteArray &idempotencyKey) const override;

protected:
    const QString m_prefix;
    const bool m_settlesInProcess;
};

// Cash at the counter: amount_tendered (cents) must cover the total; the
// capture is the cash going into the till, a void hands it back.
class CashPayments final : public InProcessPayments
{
public:
    CashPayments()
        : InProcessPayments(QStringLiteral("cash_"), true)
    {
    }
    QString method() const override { return QStringLiteral("cash"); }
    void validate(const QJsonObject &details) const override;
    PaymentResult authorize(const PaymentRequest &request) override;
};

// The built-in sandbox card provider. Tokens (documented in docs/API.md):
// tok_sandbox_approve approves; tok_sandbox_decline and
// tok_sandbox_insufficient_funds decline. Like a real provider's idempotent
// replay, its references follow from the idempotency key. Played as an
// outside provider (remote: the server's --card-sandbox remote), its sales
// take the path a real card provider's take, intents and voids included.
class SandboxCardPayments final : public InProcessPayments
{
public:
    explicit SandboxCardPayments(bool remote = false)
        : InProcessPayments(QStringLiteral("sbx_"), !remote)
    {
    }
    QString method() const override { return QStringLiteral("card"); }
    void validate(const QJsonObject &details) const override;
    PaymentResult authorize(const PaymentRequest &request) override;
};

// What a booking shows of an approved payment: the method, the provider's
// reference and, for cash, the change due.
PaymentReceipt receiptFor(const PaymentProvider &provider, const PaymentResult &approved);

class Payments
{
public:
    // cardSandboxRemote: the sandbox card provider is played as an outside one.
    explicit Payments(bool cardSandboxRemote = false);
    // The provider for the request's payment_details, checked against the
    // caller's role (cash is for counter staff).
    PaymentProvider &providerFor(const QJsonObject &details, const Caller &user);
    PaymentProvider &provider(const QString &method);

private:
    // The built-in providers hold no state, and a sale's order keeps a
    // pointer to its provider (SaleOrder::settlesHere) until its batch is
    // over, which may be after the Payments that gave it is gone (its worker
    // stopped): they live as long as the process, shared by every Payments.
    CashPayments &m_cash;
    SandboxCardPayments &m_card;
};
