#include "Session.h"

using namespace Qt::StringLiterals;

Session::Session(const QUrl &serverUrl, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_api(this)
    , m_mirror(this)
    , m_sync(m_api, m_mirror, clock, this)
    , m_desk(m_api, m_mirror, this)
    , m_queue(m_api, m_sync, clock, this)
    , m_till(m_api, this)
{
    m_api.setServerUrl(serverUrl);
    connect(this, &Session::signedIn, this, [this] {
        if (Protocol::mayTakeCash(m_role))
            m_till.refresh();
    });
    connect(this, &Session::signedOut, &m_till, &TillShift::forget);
}

bool Session::openMirror(const QString &path, QString *error)
{
    return m_mirror.open(path, error);
}

void Session::login(const QString &email, const QString &password, QObject *context,
                    std::function<void(const ApiResult &)> done)
{
    m_api.post(u"/v1/auth/login"_s, QJsonObject{{u"email"_s, email}, {u"password"_s, password}},
               context, [this, email, done = std::move(done)](const ApiResult &result) {
                   if (result.ok()) {
                       m_api.setToken(result.body.value(u"token"_s).toString().toLatin1());
                       m_role = Protocol::roleFromString(
                                    result.body.value(u"role"_s).toString().toLatin1())
                                    .value_or(Protocol::Role::Customer);
                       m_userName = result.body.value(u"name"_s).toString();
                       m_email = email;
                       m_desk.setAccount(email);
                       m_mirror.setMeta(u"account/token"_s, QString::fromLatin1(m_api.token()));
                       m_mirror.setMeta(u"account/role"_s,
                                        QString::fromLatin1(Protocol::toString(m_role)));
                       m_mirror.setMeta(u"account/name"_s, m_userName);
                       m_mirror.setMeta(u"account/email"_s, m_email);
                       Q_EMIT signedIn();
                   }
                   done(result);
               });
}

bool Session::resume()
{
    const QString token = m_mirror.meta(u"account/token"_s);
    const auto role = Protocol::roleFromString(m_mirror.meta(u"account/role"_s).toLatin1());
    if (token.isEmpty() || !role)
        return false;
    m_api.setToken(token.toLatin1());
    m_role = *role;
    m_userName = m_mirror.meta(u"account/name"_s);
    m_email = m_mirror.meta(u"account/email"_s);
    m_desk.setAccount(m_email);
    Q_EMIT signedIn();
    return true;
}

void Session::logout()
{
    m_queue.leave();
    m_api.setToken({});
    m_desk.setAccount({});
    m_mirror.setMeta(u"account/token"_s, QString());
    m_sync.stop();
    Q_EMIT signedOut();
}
