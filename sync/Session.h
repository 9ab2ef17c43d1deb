#pragma once

#include "ApiClient.h"
#include "BookingDesk.h"
#include "Mirror.h"
#include "Protocol.h"
#include "SyncEngine.h"
#include "TillShift.h"
#include "WaitingRoomClient.h"

#include <QObject>

class Clock;

// One signed-in client: the API client, the mirror, the sync engine and the
// booking desk, wired together. The UI gets a Session and nothing else.
// The account (token, role, name) is remembered in the mirror, so a device
// that restarts without a network comes back to its screens, offline.
class Session : public QObject
{
    Q_OBJECT
public:
    Session(const QUrl &serverUrl, const Clock &clock, QObject *parent = nullptr);

    bool openMirror(const QString &path, QString *error);

    ApiClient &api() { return m_api; }
    Mirror &mirror() { return m_mirror; }
    SyncEngine &sync() { return m_sync; }
    BookingDesk &desk() { return m_desk; }
    // A customer's place in an on-sale's waiting room.
    WaitingRoomClient &queue() { return m_queue; }
    // A desk's till shift (clerks and admins; refreshed on signing in).
    TillShift &till() { return m_till; }
    const Clock &clock() const { return m_clock; }

    void login(const QString &email, const QString &password, QObject *context,
               std::function<void(const ApiResult &)> done);
    // Signs in from the account remembered in the mirror; false if none.
    bool resume();
    void logout();

    bool isSignedIn() const { return !m_api.token().isEmpty(); }
    Protocol::Role role() const { return m_role; }
    QString userName() const { return m_userName; }
    QString email() const { return m_email; }

Q_SIGNALS:
    void signedIn();
    void signedOut();

private:
    const Clock &m_clock;
    ApiClient m_api;
    Mirror m_mirror;
    SyncEngine m_sync;
    BookingDesk m_desk;
    WaitingRoomClient m_queue;
    TillShift m_till;
    Protocol::Role m_role = Protocol::Role::Customer;
    QString m_userName;
    QString m_email;
};
