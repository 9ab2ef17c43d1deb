#pragma once

#include "Booking.h"
#include "ErrorCode.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

class ApiClient;
class Mirror;
struct ApiResult;

struct Payment
{
    enum class Method
    {
        Cash,
        Card
    };
    Method method = Method::Card;
    Cents amountTendered = 0; // cash only
    QString cardToken;        // from the card terminal (sandbox: tok_sandbox_approve)

    QJsonObject toJson() const;
};

// How paying for a hold ended, in the terms a sale screen shows.
struct PaymentOutcome
{
    enum class Kind
    {
        Booked,      // sold: `booking` is it
        Declined,    // the payment was refused; the seats stay held
        Unconfirmed, // no decision heard; paying again retries safely
        Refused      // the server said no for another reason (`error`)
    };
    Kind kind = Kind::Refused;
    Booking booking;
    ErrorCode error = ErrorCode::Unknown;
    QString message; // the server's words, or why there are none
};

// Everything a sale desk does with bookings: pay for a hold, look bookings up,
// cancel, list one's own. Every booking seen is kept in the mirror, so lookups
// of known bookings and "my bookings" still work offline.
class BookingDesk : public QObject
{
    Q_OBJECT
public:
    using PaymentCallback = std::function<void(const PaymentOutcome &)>;
    using BookingCallback = std::function<void(const Booking &, const ApiResult &)>;
    using ListCallback = std::function<void(const QList<Booking> &, const ApiResult &)>;

    BookingDesk(ApiClient &api, Mirror &mirror, QObject *parent = nullptr);

    // The signed-in account: its own bookings are marked so in the mirror.
    void setAccount(const QString &email) { m_account = email; }

    // Books the held seats. The Idempotency-Key stays the same while the
    // same purchase is retried after a network failure (DESIGN.md invariant
    // 4), so a retry never sells twice; any answer from the server ends it.
    void pay(qint64 eventId, const QString &holdId, const Payment &payment,
             const QString &customerName, QObject *context, PaymentCallback done);

    // By booking code, or (staff) by customer name. Offline: the mirror's.
    void lookup(const QString &codeOrName, QObject *context, ListCallback done);
    // Whole booking when ticketIds is empty.
    void cancel(qint64 bookingId, const QList<qint64> &ticketIds, QObject *context,
                BookingCallback done);
    void myBookings(QObject *context, ListCallback done);

private:
    // Keeps every booking of a list answer in the mirror and returns them.
    QList<Booking> remember(const ApiResult &result, const QString &owner = {});

    ApiClient &m_api;
    Mirror &m_mirror;
    QString m_account;
    QByteArray m_pendingKey;
    QByteArray m_pendingBody;
};
