#pragma once

// Helpers for the client's tests: a signed-in Session against the test
// stack's real server, and the server's own view of an event's tickets to
// compare the mirror with.
#include "Session.h"
#include "TestStack.h"

#include <QJsonArray>
#include <QMap>
#include <QSignalSpy>
#include <QTest>

#include <memory>

inline QUrl serverUrl(TestStack &stack)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(stack.server().port()));
}

// A Session with its mirror at `mirrorPath`, signed in through the API as a
// new user of `role` (or the given existing e-mail address), talking to the
// stack's server or to `url` (a gateway in front of it). A new clerk or
// admin starts with a till shift open (its till named after the e-mail), as
// a desk's day begins: cash needs one.
inline std::unique_ptr<Session> signedInSession(TestStack &stack, const QString &mirrorPath,
                                                const QString &email, Protocol::Role role,
                                                const Clock &clock, bool createUser = true,
                                                const QUrl &url = {})
{
    if (createUser) {
        const QByteArray token = stack.createUser(email, role);
        if (Protocol::mayTakeCash(role) && stack.openShift(token, email, 20000) == 0)
            return nullptr;
    }
    auto session = std::make_unique<Session>(url.isEmpty() ? serverUrl(stack) : url, clock);
    QString error;
    if (!session->openMirror(mirrorPath, &error)) {
        qWarning("mirror: %s", qPrintable(error));
        return nullptr;
    }
    bool done = false;
    bool ok = false;
    QObject context;
    session->login(email, QStringLiteral("correct horse"), &context, [&](const ApiResult &result) {
        ok = result.ok();
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000) || !ok)
        return nullptr;
    return session;
}

// id → status as the server sees it now. A failed request or an empty seat
// map gives a map with only the key -1 naming the failure, so it never
// equals a mirror and never says a seat is in any state.
inline QMap<qint64, QString> serverTickets(TestStack &stack, qint64 eventId,
                                           qint64 *version = nullptr)
{
    auto client = stack.client();
    const HttpTestResponse r = client->get("/v1/event/" + QByteArray::number(eventId) + "/tickets");
    QMap<qint64, QString> tickets;
    if (r.status != 200 || r.json().value(QStringLiteral("tickets")).toArray().isEmpty()) {
        qWarning("the server's tickets of event %lld: status %d", static_cast<long long>(eventId),
                 r.status);
        tickets.insert(-1, QStringLiteral("no answer: status %1").arg(r.status));
        if (version)
            *version = -1;
        return tickets;
    }
    for (const QJsonValue &value : r.json().value(QStringLiteral("tickets")).toArray()) {
        const QJsonObject t = value.toObject();
        tickets.insert(t.value(QStringLiteral("id")).toInteger(),
                       t.value(QStringLiteral("status")).toString());
    }
    if (version)
        *version = r.json().value(QStringLiteral("version")).toInteger();
    return tickets;
}

inline QMap<qint64, QString> mirrorTickets(const Mirror &mirror, qint64 eventId)
{
    QMap<qint64, QString> tickets;
    for (const Ticket &t : mirror.tickets(eventId))
        tickets.insert(t.id, QString::fromLatin1(Protocol::toString(t.status)));
    return tickets;
}

inline QJsonArray idArray(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

// Sells seats through the API as another buyer (a second counter).
inline QByteArray buy(TestStack &stack, const QByteArray &token, qint64 eventId,
                      const QList<qint64> &ids)
{
    auto client = stack.client(token);
    const HttpTestResponse r = client->post(
        "/v1/event/" + QByteArray::number(eventId) + "/bookings",
        QJsonObject{
            {QStringLiteral("ticket_ids"), idArray(ids)},
            {QStringLiteral("payment_details"),
             QJsonObject{{QStringLiteral("method"), QStringLiteral("card")},
                         {QStringLiteral("card_token"), QStringLiteral("tok_sandbox_approve")}}}},
        {{"Idempotency-Key", TestStack::idempotencyKey()}});
    return r.status == 201 ? r.json().value(QStringLiteral("code")).toString().toLatin1()
                           : QByteArray();
}

inline QString holdSeats(TestStack &stack, const QByteArray &token, qint64 eventId,
                         const QList<qint64> &ids)
{
    auto client = stack.client(token);
    const HttpTestResponse r =
        client->post("/v1/event/" + QByteArray::number(eventId) + "/holds",
                     QJsonObject{{QStringLiteral("ticket_ids"), idArray(ids)}});
    return r.status == 201 ? r.json().value(QStringLiteral("hold_id")).toString() : QString();
}

// A Session on an existing mirror, signed in as the account it remembers.
inline std::unique_ptr<Session> resumedSession(const QUrl &server, const QString &mirrorPath,
                                               const Clock &clock)
{
    auto session = std::make_unique<Session>(server, clock);
    if (!session->openMirror(mirrorPath, nullptr) || !session->resume())
        return nullptr;
    return session;
}

// A named child widget of a window under test; a warning names a missing one.
template<typename T> T *namedChild(QObject *parent, const QString &name)
{
    T *widget = parent->findChild<T *>(name);
    if (!widget)
        qWarning("no widget named %s", qPrintable(name));
    return widget;
}
