#include "HoldController.h"

#include "ApiClient.h"
#include "Booking.h"
#include "Clock.h"
#include "DomainError.h"
#include "WireJson.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

HoldController::HoldController(ApiClient &api, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_clock(clock)
    , m_expiryTimer(new QTimer(this))
{
    m_expiryTimer->setInterval(250);
    connect(m_expiryTimer, &QTimer::timeout, this, &HoldController::checkExpiry);
}

HoldController::~HoldController()
{
    // Best effort: the server's sweeper frees it anyway when it expires.
    if (hasHold())
        m_api.remove(u"/v1/holds/"_s + m_holdId, &m_api, [](const ApiResult &) {});
}

qint64 HoldController::remainingMs() const
{
    if (!hasHold())
        return 0;
    return std::max<qint64>(0, m_clock.now().msecsTo(m_expiresAt));
}

void HoldController::hold(qint64 eventId, const QList<qint64> &ticketIds)
{
    m_wishPending = true;
    m_wishEventId = eventId;
    m_wishTicketIds = ticketIds;
    next();
}

void HoldController::release()
{
    hold(0, {});
}

bool HoldController::releaseAndWait(int timeoutMs)
{
    release();
    if (!hasHold() && !m_inFlight)
        return true;
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    const auto check = [this, &loop] {
        if (!hasHold() && !m_inFlight)
            loop.quit();
    };
    connect(this, &HoldController::holdChanged, &loop, check);
    connect(this, &HoldController::busyChanged, &loop, check);
    loop.exec();
    return !hasHold();
}

void HoldController::consumed()
{
    m_wishPending = false;
    m_holdId.clear();
    m_ticketIds.clear();
    m_expiresAt = QDateTime();
    m_expiryTimer->stop();
    Q_EMIT holdChanged();
}

void HoldController::next()
{
    if (m_inFlight || !m_wishPending)
        return;
    if (hasHold() && m_wishEventId == m_eventId && m_wishTicketIds == m_ticketIds) {
        m_wishPending = false;
        return;
    }
    if (hasHold()) {
        // Release first: the server would refuse to hold a seat we hold.
        m_inFlight = true;
        Q_EMIT busyChanged(true);
        const QString holdId = m_holdId;
        m_api.remove(u"/v1/holds/"_s + holdId, this, [this](const ApiResult &result) {
            if (!result.ok() && result.error != ErrorCode::NotFound) {
                // Not released (no answer, or the server failed): the hold
                // still blocks the seats, so keep it and try again shortly.
                m_inFlight = false;
                Q_EMIT busyChanged(false);
                QTimer::singleShot(m_retryMs, this, &HoldController::next);
                return;
            }
            // 204, or 404: it expired or was used — gone either way.
            m_holdId.clear();
            m_ticketIds.clear();
            m_expiresAt = QDateTime();
            m_expiryTimer->stop();
            m_inFlight = false;
            Q_EMIT busyChanged(false);
            Q_EMIT holdChanged();
            next();
        });
        return;
    }
    m_wishPending = false;
    if (m_wishTicketIds.isEmpty())
        return;
    place(m_wishEventId, m_wishTicketIds);
}

void HoldController::place(qint64 eventId, const QList<qint64> &ticketIds)
{
    m_inFlight = true;
    Q_EMIT busyChanged(true);
    QJsonArray ids;
    for (qint64 id : ticketIds)
        ids.append(id);
    // The answer is awaited on the ApiClient, not on this object: if the
    // screen is gone by then, the hold it asked for is released at once
    // instead of blocking the seats until it expires.
    const QPointer<HoldController> self(this);
    ApiClient &api = m_api;
    m_api.post(u"/v1/event/%1/holds"_s.arg(eventId), QJsonObject{{u"ticket_ids"_s, ids}}, &m_api,
               [self, &api, eventId, ticketIds, this](const ApiResult &result) {
                   if (!self) {
                       if (result.ok())
                           api.remove(u"/v1/holds/"_s + Hold::fromJson(result.body).id, &api,
                                      [](const ApiResult &) {});
                       return;
                   }
                   m_inFlight = false;
                   Q_EMIT busyChanged(false);
                   if (result.ok()) {
                       const Hold hold = Hold::fromJson(result.body);
                       m_holdId = hold.id;
                       m_eventId = eventId;
                       m_ticketIds = ticketIds;
                       m_expiresAt = hold.expiresAt;
                       m_expiryTimer->start();
                       Q_EMIT holdChanged();
                   } else if (result.error == ErrorCode::QueueRequired) {
                       Q_EMIT queueRequired(eventId, ticketIds);
                   } else {
                       const QList<qint64> unavailable = WireJson::toIds(
                           DomainError::fromJson(result.body).details().value(u"unavailable"_s));
                       Q_EMIT holdFailed(result.errorMessage, unavailable);
                   }
                   next();
               });
}

void HoldController::checkExpiry()
{
    if (hasHold() && remainingMs() <= 0) {
        // Our clock says the time is up; the server's may not yet. Release
        // it there too, so the seats are not blocked until the server's own
        // expiry (a 404 means it is gone already). Awaited on the ApiClient:
        // the release goes out even if this screen closes meanwhile.
        if (!m_paymentInFlight)
            m_api.remove(u"/v1/holds/"_s + m_holdId, &m_api, [](const ApiResult &) {});
        m_holdId.clear();
        m_ticketIds.clear();
        m_expiresAt = QDateTime();
        m_expiryTimer->stop();
        Q_EMIT holdExpired();
        Q_EMIT holdChanged();
    }
}
