#include "Payments.h"

#include "DomainError.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace {
// A provider answers a repeated call with the same result; here the
// reference follows from the call's idempotency key.
QString keyedReference(const QString &prefix, const QByteArray &idempotencyKey)
{
    return prefix +
           QString::fromLatin1(QCryptographicHash::hash(idempotencyKey, QCryptographicHash::Sha256)
                                   .toHex()
                                   .left(24));
}

DomainError invalidPayment(const QString &message)
{
    return DomainError(ErrorCode::InvalidPaymentDetails, message,
                       QJsonObject{{u"field"_s, u"payment_details"_s}});
}
} // namespace

void CashPayments::validate(const QJsonObject &details) const
{
    const QJsonValue tendered = details.value(u"amount_tendered"_s);
    // At most a billion euros, checked before the conversion (a larger
    // double does not fit an integer).
    if (!tendered.isDouble() || tendered.toDouble() < 0 || tendered.toDouble() > 1e11 ||
        tendered.toDouble() != static_cast<double>(static_cast<qint64>(tendered.toDouble())))
        throw invalidPayment(
            u"Cash payments need \"amount_tendered\": the cents handed over, a whole number."_s);
}

PaymentResult CashPayments::authorize(const PaymentRequest &request)
{
    const auto tendered =
        static_cast<qint64>(request.details.value(u"amount_tendered"_s).toDouble());
    PaymentResult result;
    if (tendered < request.amountCents) {
        result.declineCode = ErrorCode::InsufficientCash;
        result.message = u"%1 cents tendered, but the total is %2 cents."_s.arg(tendered).arg(
            request.amountCents);
        return result;
    }
    result.approved = true;
    result.reference = authorizationFor(request.idempotencyKey);
    result.changeDueCents = tendered - request.amountCents;
    return result;
}

QString InProcessPayments::capture(const QString &, qint64, const QByteArray &idempotencyKey)
{
    return keyedReference(m_prefix + u"capture_"_s, idempotencyKey);
}

void InProcessPayments::voidAuthorization(const QString &) {}

QString InProcessPayments::refund(const QString &, qint64, const QByteArray &idempotencyKey)
{
    return keyedReference(m_prefix + u"refund_"_s, idempotencyKey);
}

QString InProcessPayments::authorizationFor(const QByteArray &idempotencyKey) const
{
    return keyedReference(m_prefix, idempotencyKey);
}

void SandboxCardPayments::validate(const QJsonObject &details) const
{
    for (const QString &field : {u"card_number"_s, u"number"_s, u"cvc"_s, u"pan"_s}) {
        if (details.contains(field))
            throw invalidPayment(
                u"Never send card numbers: tokenize the card at the terminal and send "
                "\"card_token\"."_s);
    }
    const QJsonValue token = details.value(u"card_token"_s);
    if (!token.isString() || token.toString().isEmpty() || token.toString().size() > 200)
        throw invalidPayment(u"Card payments need \"card_token\" (a string)."_s);
}

PaymentResult SandboxCardPayments::authorize(const PaymentRequest &request)
{
    const QString token = request.details.value(u"card_token"_s).toString();
    PaymentResult result;
    if (token == u"tok_sandbox_approve"_s) {
        result.approved = true;
        result.reference = authorizationFor(request.idempotencyKey);
    } else if (token == u"tok_sandbox_insufficient_funds"_s) {
        result.declineCode = ErrorCode::InsufficientFunds;
        result.message = u"The card was declined: insufficient funds. Try another card."_s;
    } else if (token == u"tok_sandbox_decline"_s) {
        result.declineCode = ErrorCode::CardDeclined;
        result.message = u"The card was declined. Try another card."_s;
    } else {
        result.declineCode = ErrorCode::InvalidCardToken;
        result.message = u"The card token is not known to the provider. Tokenize the card again."_s;
    }
    return result;
}

PaymentReceipt receiptFor(const PaymentProvider &provider, const PaymentResult &approved)
{
    PaymentReceipt receipt{provider.method(), approved.reference, std::nullopt};
    if (provider.method() == u"cash"_s)
        receipt.changeDue = approved.changeDueCents;
    return receipt;
}

Payments::Payments(bool cardSandboxRemote)
    : m_cash([]() -> CashPayments & {
        static CashPayments cash;
        return cash;
    }())
    , m_card([cardSandboxRemote]() -> SandboxCardPayments & {
        static SandboxCardPayments inProcess(false);
        static SandboxCardPayments remote(true);
        return cardSandboxRemote ? remote : inProcess;
    }())
{
}

PaymentProvider &Payments::provider(const QString &method)
{
    if (method == u"cash"_s)
        return m_cash;
    return m_card;
}

PaymentProvider &Payments::providerFor(const QJsonObject &details, const Caller &user)
{
    const QString method = details.value(u"method"_s).toString();
    if (method == u"cash"_s) {
        if (!Protocol::mayTakeCash(user.role))
            throw DomainError::forbidden(u"Cash payments are taken at the counter by staff only; "
                                         "pay by card."_s);
        m_cash.validate(details);
        return m_cash;
    }
    if (method == u"card"_s) {
        m_card.validate(details);
        return m_card;
    }
    throw invalidPayment(u"\"payment_details.method\" must be \"card\" or \"cash\"."_s);
}
