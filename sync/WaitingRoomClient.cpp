#include "WaitingRoomClient.h"

#include "ApiClient.h"
#include "Clock.h"
#include "SyncEngine.h"

#include <QTimer>

using namespace Qt::StringLiterals;

WaitingRoomClient::WaitingRoomClient(ApiClient &api, SyncEngine &sync, const Clock &clock,
                                     QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_sync(sync)
    , m_clock(clock)
    , m_pollTimer(new QTimer(this))
    , m_expiryTimer(new QTimer(this))
{
    m_pollTimer->setSingleShot(true);
    connect(m_pollTimer, &QTimer::timeout, this, &WaitingRoomClient::poll);
    m_expiryTimer->setInterval(1000);
    connect(m_expiryTimer, &QTimer::timeout, this, &WaitingRoomClient::checkPassExpiry);
    connect(&m_sync, &SyncEngine::queueChanged, this, [this](const QueuePlace &place) {
        if (place.id != m_place.id || m_state != State::Waiting)
            return;
        if (place.status == QueuePlace::Status::Admitted)
            poll(); // pushes never carry the pass: fetch it
        else
            apply(place);
    });
    // Back online: where do we stand now?
    connect(&m_sync, &SyncEngine::onlineChanged, this, [this](bool online) {
        if (online && m_state == State::Waiting)
            poll();
    });
}

void WaitingRoomClient::setPollIntervals(int onlineMs, int offlineMs)
{
    m_onlinePollMs = onlineMs;
    m_offlinePollMs = offlineMs;
}

void WaitingRoomClient::enter(qint64 eventId)
{
    if (eventId == m_eventId && m_state != State::Off && m_state != State::Failed)
        return;
    leave();
    m_eventId = eventId;
    setState(State::Checking);
    const quint64 generation = m_generation;
    m_api.get(u"/v1/event/%1/queue"_s.arg(eventId), {}, this,
              [this, eventId, generation](const ApiResult &result) {
                  if (generation != m_generation)
                      return;
                  if (result.ok() && WaitingRoom::fromJson(result.body).enabled)
                      join(eventId);
                  else
                      setState(State::Off); // a hold will tell if it needs a pass
              });
}

void WaitingRoomClient::join(qint64 eventId)
{
    if (eventId != m_eventId)
        leave();
    else if (m_state == State::Waiting)
        return; // already in the queue
    m_eventId = eventId;
    // The pass we had was refused: expired, or spent on a booking.
    m_api.setQueuePass(eventId, {});
    m_expiryTimer->stop();
    setState(State::Joining);
    const quint64 generation = m_generation;
    m_api.post(u"/v1/event/%1/queue"_s.arg(eventId), {}, this,
               [this, eventId, generation](const ApiResult &result) {
                   if (generation != m_generation)
                       return;
                   if (result.ok()) {
                       apply(QueuePlace::fromJson(result.body));
                   } else if (result.error == ErrorCode::QueueNotOpen) {
                       // Switched off meanwhile: the seats are open to all.
                       setState(State::Off);
                       Q_EMIT seatsOpen(eventId);
                   } else {
                       fail(result.errorMessage);
                   }
               });
}

void WaitingRoomClient::leave()
{
    ++m_generation;
    if (!m_place.id.isEmpty())
        m_sync.unwatchQueue(m_place.id);
    m_pollTimer->stop();
    m_expiryTimer->stop();
    m_place = QueuePlace{};
    m_firstPosition = 0;
    m_eventId = 0;
    m_problem.clear();
    setState(State::Off);
}

void WaitingRoomClient::apply(const QueuePlace &place)
{
    if (m_place.id != place.id) {
        if (!m_place.id.isEmpty())
            m_sync.unwatchQueue(m_place.id);
        m_firstPosition = place.standing.position;
    }
    m_place = place;
    m_problem.clear();
    switch (place.status) {
    case QueuePlace::Status::Waiting:
        m_sync.watchQueue(place.id);
        m_firstPosition = std::max(m_firstPosition, place.standing.position);
        m_state = State::Waiting;
        schedulePoll();
        Q_EMIT changed(); // the standing moved, if not the state
        return;
    case QueuePlace::Status::Admitted:
        m_sync.unwatchQueue(place.id);
        m_pollTimer->stop();
        m_api.setQueuePass(place.eventId, place.pass.toLatin1());
        m_expiryTimer->start();
        setState(State::Admitted);
        Q_EMIT seatsOpen(place.eventId);
        return;
    case QueuePlace::Status::NotRequired:
        m_sync.unwatchQueue(place.id);
        m_pollTimer->stop();
        setState(State::Off);
        Q_EMIT seatsOpen(place.eventId);
        return;
    case QueuePlace::Status::Expired:
    case QueuePlace::Status::Used:
        // Our place is over (we were away too long): queue again.
        m_sync.unwatchQueue(place.id);
        m_pollTimer->stop();
        setState(State::Off);
        join(place.eventId);
        return;
    }
}

void WaitingRoomClient::poll()
{
    if (m_place.id.isEmpty())
        return;
    const quint64 generation = m_generation;
    m_api.get(u"/v1/queue/"_s + m_place.id, {}, this, [this, generation](const ApiResult &result) {
        if (generation != m_generation)
            return;
        if (result.ok()) {
            apply(QueuePlace::fromJson(result.body));
        } else if (result.error == ErrorCode::NotFound) {
            // The place is gone (a database restored, say): queue anew.
            join(m_eventId);
        } else {
            // No answer: keep the place and ask again.
            schedulePoll();
        }
    });
}

void WaitingRoomClient::schedulePoll()
{
    m_pollTimer->start(m_sync.isOnline() ? m_onlinePollMs : m_offlinePollMs);
}

void WaitingRoomClient::checkPassExpiry()
{
    if (m_state != State::Admitted || !m_place.passExpiresAt.isValid() ||
        m_clock.now() < m_place.passExpiresAt)
        return;
    // Unused and out of time: the next hold would be refused; it queues again.
    m_api.setQueuePass(m_eventId, {});
    m_expiryTimer->stop();
    setState(State::Off);
}

void WaitingRoomClient::fail(const QString &message)
{
    m_problem = message;
    setState(State::Failed);
}

void WaitingRoomClient::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT changed();
}
