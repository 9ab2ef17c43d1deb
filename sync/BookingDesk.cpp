#include "BookingDesk.h"

#include "ApiClient.h"
#include "Mirror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

QJsonObject Payment::toJson() const
{
    if (method == Method::Cash)
        return {{u"method"_s, u"cash"_s}, {u"amount_tendered"_s, amountTendered}};
    return {{u"method"_s, u"card"_s}, {u"card_token"_s, cardToken}};
}

BookingDesk::BookingDesk(ApiClient &api, Mirror &mirror, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_mirror(mirror)
{
}

void BookingDesk::pay(qint64 eventId, const QString &holdId, const Payment &payment,
                      const QString &customerName, QObject *context, PaymentCallback done)
{
    BookingRequest request;
    request.holdId = holdId;
    request.paymentDetails = payment.toJson();
    request.customerName = customerName.trimmed();
    const QJsonObject body = request.toJson();
    const QByteArray bodyBytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    if (bodyBytes != m_pendingBody) {
        m_pendingBody = bodyBytes;
        m_pendingKey = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    }
    m_api.post(
        u"/v1/event/%1/bookings"_s.arg(eventId), body, context,
        [this, done = std::move(done)](const ApiResult &result) {
            PaymentOutcome outcome;
            outcome.error = result.ok() ? ErrorCode::Unknown : result.error;
            outcome.message = result.errorMessage;
            // Only an answer that proves the server decided ends the key: a
            // timeout or a gateway's 5xx may hide a booking that was made,
            // and the retry must find it rather than try to sell again.
            if (result.ok()) {
                m_mirror.storeBooking(result.body, m_account);
                outcome.kind = PaymentOutcome::Kind::Booked;
                outcome.booking = Booking::fromJson(result.body);
            } else if (Protocol::isUndecided(result.error)) {
                outcome.kind = PaymentOutcome::Kind::Unconfirmed;
            } else if (Protocol::isPaymentRefusal(result.error)) {
                outcome.kind = PaymentOutcome::Kind::Declined;
            }
            if (outcome.kind != PaymentOutcome::Kind::Unconfirmed) {
                m_pendingBody.clear();
                m_pendingKey.clear();
            }
            done(outcome);
        },
        m_pendingKey);
}

QList<Booking> BookingDesk::remember(const ApiResult &result, const QString &owner)
{
    QList<Booking> bookings;
    for (const QJsonValue &value : result.body.value(u"bookings"_s).toArray()) {
        m_mirror.storeBooking(value.toObject(), owner);
        bookings.append(Booking::fromJson(value.toObject()));
    }
    return bookings;
}

void BookingDesk::lookup(const QString &codeOrName, QObject *context, ListCallback done)
{
    static const QRegularExpression codePattern(u"^[A-Za-z0-9]{8}$"_s);
    const QString text = codeOrName.trimmed();
    QUrlQuery query;
    query.addQueryItem(codePattern.match(text).hasMatch() ? u"code"_s : u"name"_s, text);
    m_api.get(u"/v1/bookings"_s, query, context,
              [this, text, done = std::move(done)](const ApiResult &result) {
                  if (result.unreachable()) {
                      done(m_mirror.findBookings(text), result);
                      return;
                  }
                  done(remember(result), result);
              });
}

void BookingDesk::cancel(qint64 bookingId, const QList<qint64> &ticketIds, QObject *context,
                         BookingCallback done)
{
    QJsonObject body;
    if (!ticketIds.isEmpty()) {
        QJsonArray ids;
        for (qint64 id : ticketIds)
            ids.append(id);
        body.insert(u"ticket_ids"_s, ids);
    }
    m_api.post(u"/v1/bookings/%1/cancel"_s.arg(bookingId), body, context,
               [this, done = std::move(done)](const ApiResult &result) {
                   Booking booking;
                   if (result.ok()) {
                       m_mirror.storeBooking(result.body);
                       booking = Booking::fromJson(result.body);
                   }
                   done(booking, result);
               });
}

void BookingDesk::myBookings(QObject *context, ListCallback done)
{
    m_api.get(u"/v1/bookings"_s, {}, context,
              [this, done = std::move(done)](const ApiResult &result) {
                  if (result.unreachable()) {
                      done(m_mirror.bookings(m_account), result);
                      return;
                  }
                  done(remember(result, m_account), result);
              });
}
