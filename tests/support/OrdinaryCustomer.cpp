#include "OrdinaryCustomer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSet>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <QWebSocket>
#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {
// As long as a customer waits for anything: a request, the stream's handshake, a push.
constexpr int PatienceMs = 10000;

QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}
} // namespace

OrdinaryCustomer::OrdinaryCustomer(quint16 port, QByteArray token, qint64 eventId,
                                   QString eventName, QByteArray forwardedFor)
    : m_port(port)
    , m_eventPath("/v1/event/" + QByteArray::number(eventId))
    , m_eventId(eventId)
    , m_eventName(std::move(eventName))
    , m_forwardedFor(std::move(forwardedFor))
    , m_http("127.0.0.1", port)
{
    m_http.setToken(token);
}

OrdinaryCustomer::~OrdinaryCustomer() = default;

bool OrdinaryCustomer::fail(const QByteArray &step, const QString &why)
{
    m_failure = QString::fromLatin1(step) + u": "_s + why;
    return false;
}

HttpTestResponse OrdinaryCustomer::timed(const QByteArray &name, const QByteArray &method,
                                         const QByteArray &path, const QJsonObject &body,
                                         QList<std::pair<QByteArray, QByteArray>> headers)
{
    headers.append({"X-Forwarded-For"_ba, m_forwardedFor});
    QElapsedTimer timer;
    timer.start();
    const HttpTestResponse response = m_http.request(
        method, path,
        body.isEmpty() && method != "POST" ? QByteArray()
                                           : QJsonDocument(body).toJson(QJsonDocument::Compact),
        headers);
    m_steps.append({name, timer.elapsed()});
    return response;
}

bool OrdinaryCustomer::awaitSearchable(int timeoutMs)
{
    // Not timed, and from the gateway's own address: a setup step.
    HttpTestClient setup("127.0.0.1", m_port);
    const QByteArray path = "/v1/event?q=" + QUrl::toPercentEncoding(m_eventName);
    const bool found = QTest::qWaitFor(
        [&] {
            const HttpTestResponse r = setup.get(path);
            for (const QJsonValue &event : r.json().value(u"events"_s).toArray()) {
                if (event[u"id"_s].toInteger() == m_eventId)
                    return true;
            }
            return false;
        },
        timeoutMs);
    return found || fail("search", u"the event was not found by a search in time"_s);
}

bool OrdinaryCustomer::subscribe()
{
    QElapsedTimer timer;
    timer.start();
    m_stream = std::make_unique<QWebSocket>();
    QObject::connect(m_stream.get(), &QWebSocket::textMessageReceived, m_stream.get(),
                     [this](const QString &text) {
                         m_pushes.append(QJsonDocument::fromJson(text.toUtf8()).object());
                     });
    QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/v1/stream"_s.arg(m_port)));
    request.setRawHeader("X-Forwarded-For", m_forwardedFor);
    m_stream->open(request);
    if (!QTest::qWaitFor([&] { return m_stream->state() == QAbstractSocket::ConnectedState; },
                         PatienceMs))
        return fail("stream", u"no WebSocket connection: "_s + m_stream->errorString());
    m_stream->sendTextMessage(u"{\"subscribe\":[%1]}"_s.arg(m_eventId));
    const bool subscribed = QTest::qWaitFor(
        [&] {
            return std::any_of(m_pushes.cbegin(), m_pushes.cend(), [](const QJsonObject &m) {
                return m[u"type"_s] == u"subscribed"_s;
            });
        },
        PatienceMs);
    m_steps.append({"subscribe", timer.elapsed()});
    if (!subscribed)
        return fail("stream", u"the subscription was not confirmed"_s);
    const QJsonObject confirmation = m_pushes.constLast();
    if (confirmation[u"events"_s][0][u"event_id"_s].toInteger() != m_eventId)
        return fail("stream", u"unexpected confirmation: "_s +
                                  QString::fromUtf8(QJsonDocument(confirmation).toJson()));
    m_pushes.clear();
    return true;
}

bool OrdinaryCustomer::awaitPush(const QList<qint64> &ticketIds, const QString &status,
                                 int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            QSet<qint64> seen;
            for (const QJsonObject &push : std::as_const(m_pushes)) {
                if (push[u"type"_s] != u"tickets"_s || push[u"event_id"_s].toInteger() != m_eventId)
                    continue;
                for (const QJsonValue &ticket : push[u"tickets"_s].toArray()) {
                    if (ticket[u"status"_s] == status)
                        seen.insert(ticket[u"id"_s].toInteger());
                }
            }
            return std::all_of(ticketIds.cbegin(), ticketIds.cend(),
                               [&](qint64 id) { return seen.contains(id); });
        },
        timeoutMs);
}

bool OrdinaryCustomer::visit()
{
    const HttpTestResponse search =
        timed("search", "GET"_ba, "/v1/event?q=" + QUrl::toPercentEncoding(m_eventName));
    if (search.status != 200)
        return fail("search",
                    u"status %1 %2"_s.arg(search.status).arg(QString::fromUtf8(search.body)));
    const QJsonArray found = search.json().value(u"events"_s).toArray();
    if (std::none_of(found.cbegin(), found.cend(),
                     [this](const QJsonValue &e) { return e[u"id"_s].toInteger() == m_eventId; }))
        return fail("search",
                    u"the event is not among the results: "_s + QString::fromUtf8(search.body));

    const HttpTestResponse details = timed("event", "GET"_ba, m_eventPath);
    if (details.status != 200 || details.json().value(u"id"_s).toInteger() != m_eventId)
        return fail("event",
                    u"status %1 %2"_s.arg(details.status).arg(QString::fromUtf8(details.body)));

    const HttpTestResponse seatMap = timed("seat map", "GET"_ba, m_eventPath + "/tickets");
    const QJsonArray tickets = seatMap.json().value(u"tickets"_s).toArray();
    if (seatMap.status != 200 || tickets.isEmpty())
        return fail("seat map", u"status %1, %2 tickets"_s.arg(seatMap.status).arg(tickets.size()));
    if (m_seats.isEmpty()) {
        for (const QJsonValue &ticket : tickets)
            m_seats.append(ticket[u"id"_s].toInteger());
    }

    // Two seats, the next pair each visit (cancelled ones are on sale again).
    const QList<qint64> seats{m_seats.at(m_nextSeat % m_seats.size()),
                              m_seats.at((m_nextSeat + 1) % m_seats.size())};
    m_nextSeat += 2;
    m_pushes.clear();
    QElapsedTimer pushTimer;
    pushTimer.start();
    const HttpTestResponse hold =
        timed("hold", "POST"_ba, m_eventPath + "/holds", {{u"ticket_ids"_s, idArray(seats)}});
    const QString holdId = hold.json().value(u"hold_id"_s).toString();
    if (hold.status != 201 || holdId.isEmpty())
        return fail("hold", u"status %1 %2"_s.arg(hold.status).arg(QString::fromUtf8(hold.body)));
    if (m_stream) {
        if (!awaitPush(seats, u"held"_s, PatienceMs))
            return fail("push", u"the hold's change did not arrive on the stream"_s);
        m_steps.append({"push", pushTimer.elapsed()});
    }

    const HttpTestResponse booking =
        timed("booking", "POST"_ba, m_eventPath + "/bookings",
              {{u"hold_id"_s, holdId},
               {u"payment_details"_s, QJsonObject{{u"method"_s, u"card"_s},
                                                  {u"card_token"_s, u"tok_sandbox_approve"_s}}}},
              {{"Idempotency-Key"_ba, QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}});
    const qint64 bookingId = booking.json().value(u"id"_s).toInteger();
    if (booking.status != 201 || bookingId <= 0 ||
        booking.json().value(u"status"_s) != u"confirmed"_s)
        return fail("booking",
                    u"status %1 %2"_s.arg(booking.status).arg(QString::fromUtf8(booking.body)));

    const HttpTestResponse cancel =
        timed("cancel", "POST"_ba, "/v1/bookings/" + QByteArray::number(bookingId) + "/cancel");
    if (cancel.status != 200 || cancel.json().value(u"status"_s) != u"cancelled"_s)
        return fail("cancel",
                    u"status %1 %2"_s.arg(cancel.status).arg(QString::fromUtf8(cancel.body)));
    return true;
}

qint64 percentileMs(const QList<OrdinaryCustomer::Step> &steps, double p)
{
    if (steps.isEmpty())
        return 0;
    QList<qint64> ms;
    for (const OrdinaryCustomer::Step &step : steps)
        ms.append(step.ms);
    std::sort(ms.begin(), ms.end());
    const auto rank = static_cast<qsizetype>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
    return ms.at(std::clamp<qsizetype>(rank - 1, 0, ms.size() - 1));
}
