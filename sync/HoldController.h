#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

class ApiClient;
class Clock;
class QTimer;

// The seats this screen has on hold. A new selection replaces the hold
// (release, then hold the new set, all or nothing); cancelling or leaving the
// event releases it; the remaining time is read from an injectable Clock.
// Requests are serialised: while one is in flight, only the latest wish is
// kept and sent next.
class HoldController : public QObject
{
    Q_OBJECT
public:
    HoldController(ApiClient &api, const Clock &clock, QObject *parent = nullptr);
    ~HoldController() override;

    // Hold exactly these seats of the event (empty = release).
    void hold(qint64 eventId, const QList<qint64> &ticketIds);
    void release();
    // Releases and waits (at most timeoutMs, events still processed) for the
    // server to confirm: for closing a window or signing out, when the
    // program may end right after. True if nothing is held any more.
    bool releaseAndWait(int timeoutMs = 2000);
    void setRetryInterval(int msecs) { m_retryMs = msecs; }
    // The hold was turned into a booking: it no longer exists on the server.
    void consumed();
    // While a payment for the hold is on its way, running out on this
    // clock does not release it on the server (the booking may still take it).
    void setPaymentInFlight(bool inFlight) { m_paymentInFlight = inFlight; }

    bool hasHold() const { return !m_holdId.isEmpty(); }
    bool isBusy() const { return m_inFlight; }
    QString holdId() const { return m_holdId; }
    qint64 eventId() const { return m_eventId; }
    QList<qint64> ticketIds() const { return m_ticketIds; }
    QDateTime expiresAt() const { return m_expiresAt; }
    qint64 remainingMs() const;

Q_SIGNALS:
    void holdChanged();
    void holdFailed(const QString &message, const QList<qint64> &unavailable);
    // The event's waiting room is on and we have no good pass: nothing was
    // held; queue (WaitingRoomClient) and hold these seats once admitted.
    void queueRequired(qint64 eventId, const QList<qint64> &ticketIds);
    void holdExpired();
    void busyChanged(bool busy);

private:
    void next();
    void place(qint64 eventId, const QList<qint64> &ticketIds);
    void checkExpiry();

    ApiClient &m_api;
    const Clock &m_clock;
    QTimer *m_expiryTimer;
    bool m_inFlight = false;
    bool m_paymentInFlight = false;
    int m_retryMs = 2000;
    bool m_wishPending = false;
    qint64 m_wishEventId = 0;
    QList<qint64> m_wishTicketIds;

    QString m_holdId;
    qint64 m_eventId = 0;
    QList<qint64> m_ticketIds;
    QDateTime m_expiresAt;
};
