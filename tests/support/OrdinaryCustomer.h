#pragma once

#include "HttpTestClient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>

class QWebSocket;

// An ordinary customer's visit to a box office, every step timed and
// checked: what a flood must not slow down (DESIGN.md invariant 9). It
// comes through the trusted gateway on 127.0.0.1 with an address of its own
// in X-Forwarded-For, like the flood's sign-ins and stream clients, and
// works on the calling thread (its stream needs that thread's event loop).
class OrdinaryCustomer
{
public:
    struct Step
    {
        QByteArray name;
        qint64 ms = 0;
    };

    OrdinaryCustomer(quint16 port, QByteArray token, qint64 eventId, QString eventName,
                     QByteArray forwardedFor);
    ~OrdinaryCustomer();

    // Waits until a search finds the event (the index follows the catalog
    // shortly after an import); false with failure() set.
    bool awaitSearchable(int timeoutMs);
    // Opens the stream and subscribes to the event (a timed step).
    bool subscribe();
    // Search, event details, seat map, hold (and its push on the stream),
    // booking with an Idempotency-Key of the hold, cancellation. Stops at
    // the first step that is not answered correctly.
    bool visit();

    const QList<Step> &steps() const { return m_steps; }
    QString failure() const { return m_failure; }

private:
    HttpTestResponse timed(const QByteArray &name, const QByteArray &method, const QByteArray &path,
                           const QJsonObject &body = {},
                           QList<std::pair<QByteArray, QByteArray>> headers = {});
    bool fail(const QByteArray &step, const QString &why);
    bool awaitPush(const QList<qint64> &ticketIds, const QString &status, int timeoutMs);

    quint16 m_port;
    QByteArray m_eventPath;
    qint64 m_eventId;
    QString m_eventName;
    QByteArray m_forwardedFor;
    HttpTestClient m_http;
    std::unique_ptr<QWebSocket> m_stream;
    QList<QJsonObject> m_pushes;
    QList<qint64> m_seats;
    int m_nextSeat = 0;
    QList<Step> m_steps;
    QString m_failure;
};

// The p-th percentile (0–100) of the steps' times in ms, nearest rank.
qint64 percentileMs(const QList<OrdinaryCustomer::Step> &steps, double p);
