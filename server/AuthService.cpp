#include "AuthService.h"

#include "Database.h"
#include "DomainError.h"
#include "PasswordHasher.h"
#include "ServerConfig.h"

#include <QCryptographicHash>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace {

constexpr std::chrono::seconds SessionCacheTime{5};

std::string tokenHash(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex().toStdString();
}

void validatePassword(const QString &password)
{
    if (password.size() < 8 || password.size() > 1024)
        throw DomainError(ErrorCode::InvalidField,
                          u"The password must be 8 to 1024 characters long."_s,
                          QJsonObject{{u"field"_s, u"password"_s}});
}

void validateEmail(const QString &email)
{
    const qsizetype at = email.indexOf(u'@');
    if (at <= 0 || at == email.size() - 1 || email.contains(u' '))
        throw DomainError(ErrorCode::InvalidField, u"\"%1\" is not an e-mail address."_s.arg(email),
                          QJsonObject{{u"field"_s, u"email"_s}});
}

// Who failed, as Postgres stores it: an IPv4 address, or the IPv6 /64 (one
// subscriber owns a whole /64 and could rotate through it). inet takes no
// IPv6 scope ("%eth0").
std::string inetText(QHostAddress address)
{
    address.setScopeId(QString());
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString().toStdString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString().toStdString();
}

} // namespace

AuthService::AuthService(Database &db, const ServerConfig &config)
    : m_db(db)
    , m_config(config)
{
}

qint64 AuthService::createUser(Database &db, const QString &email, const QString &name,
                               Protocol::Role role, const QString &password)
{
    validateEmail(email);
    validatePassword(password);
    return insertUser(db, email, name, role, PasswordHasher::hashNow(password));
}

qint64 AuthService::insertUser(Database &db, const QString &email, const QString &name,
                               Protocol::Role role, const QString &passwordHash)
{
    if (passwordHash.isEmpty())
        throw DomainError(ErrorCode::ServerBusy,
                          u"Out of memory hashing the password; try again."_s)
            .setRetryAfter(1);
    try {
        return db.transact([&](pqxx::work &tx) {
            return tx
                .exec_params1("INSERT INTO users (email, name, password_hash, role) "
                              "VALUES ($1, $2, $3, $4) RETURNING id",
                              toStd(email), toStd(name), toStd(passwordHash),
                              Protocol::toString(role).toStdString())[0]
                .as<qint64>();
        });
    } catch (const pqxx::unique_violation &) {
        throw DomainError(ErrorCode::EmailTaken,
                          u"An account with %1 exists already; sign in instead."_s.arg(email));
    }
}

QString AuthService::issueToken(qint64 userId)
{
    unsigned char random[32];
    randombytes_buf(random, sizeof random);
    const QByteArray token =
        QByteArray(reinterpret_cast<const char *>(random), sizeof random)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_params0("INSERT INTO sessions (token_hash, user_id, expires_at) "
                        "VALUES ($1, $2, now() + make_interval(hours => $3))",
                        tokenHash(token), userId,
                        static_cast<int>(m_config.sessionLifetime.count()));
    });
    return QString::fromLatin1(token);
}

void AuthService::validate(const Registration &registration)
{
    validateEmail(registration.email);
    validatePassword(registration.password);
}

SignIn AuthService::registerCustomer(const Registration &registration, const QString &passwordHash)
{
    const qint64 userId = insertUser(m_db, registration.email, registration.name,
                                     Protocol::Role::Customer, passwordHash);
    return SignIn{issueToken(userId), userId, std::nullopt, {}};
}

LoginAttempt AuthService::beginLogin(const Credentials &credentials, const QHostAddress &client)
{
    LoginAttempt attempt{credentials.email, client, {}, std::nullopt};
    const int window = static_cast<int>(m_config.loginFailureWindow.count());
    // Past the allowance, the wait after the last failure doubles with each
    // further one (1 s, 2 s, 4 s, ... up to the window).
    const pqxx::result backoff = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_params(
            "SELECT ceil(extract(epoch FROM last_failure + make_interval(secs => "
            "least($4::float8, power(2, least(failures - $3, 20)))) - now()))::int "
            "FROM login_failures WHERE email = $1 AND client = $2::inet AND failures >= $3 "
            "AND last_failure > now() - make_interval(secs => $4)",
            toStd(attempt.email), inetText(client), m_config.loginFailuresAllowed, window);
    });
    if (!backoff.empty() && backoff[0][0].as<int>() > 0) {
        const int retryAfter = backoff[0][0].as<int>();
        throw DomainError(ErrorCode::TooManyAttempts,
                          u"Too many failed sign-ins for this account from here; try again in "
                          "%1 seconds."_s.arg(retryAfter))
            .setRetryAfter(retryAfter);
    }
    const pqxx::result user = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_params(
            "SELECT id, password_hash, role, name FROM users WHERE lower(email) = $1",
            toStd(attempt.email));
    });
    if (user.empty()) {
        attempt.passwordHash = PasswordHasher::dummyHash();
        return attempt;
    }
    attempt.passwordHash = user[0][1].as<std::string>();
    Caller caller;
    caller.id = user[0][0].as<qint64>();
    caller.role = Protocol::roleFromString(user[0][2].c_str()).value_or(Protocol::Role::Customer);
    caller.name = toQString(user[0][3]);
    attempt.user = caller;
    return attempt;
}

SignIn AuthService::finishLogin(const LoginAttempt &attempt, bool passwordMatches)
{
    const int window = static_cast<int>(m_config.loginFailureWindow.count());
    if (!passwordMatches || !attempt.user) {
        m_db.transact([&](pqxx::work &tx) {
            tx.exec_params0(
                "INSERT INTO login_failures (email, client, failures, last_failure) "
                "VALUES ($1, $2::inet, 1, now()) ON CONFLICT (email, client) DO UPDATE SET "
                "failures = CASE WHEN login_failures.last_failure <= now() - "
                "make_interval(secs => $3) THEN 1 ELSE login_failures.failures + 1 END, "
                "last_failure = now()",
                toStd(attempt.email), inetText(attempt.client), window);
            // Old failures say nothing any more; keep the table small.
            if (++m_failuresRecorded % 100 == 0)
                tx.exec_params0("DELETE FROM login_failures WHERE last_failure < now() - "
                                "make_interval(secs => $1)",
                                window);
        });
        throw DomainError(ErrorCode::InvalidCredentials, u"Wrong e-mail address or password."_s);
    }
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_params0("DELETE FROM login_failures WHERE email = $1 AND client = $2::inet",
                        toStd(attempt.email), inetText(attempt.client));
    });
    // The client picks its screens (counter, kiosk, customer) by role.
    return SignIn{issueToken(attempt.user->id), attempt.user->id, attempt.user->role,
                  attempt.user->name};
}

std::optional<Caller> AuthService::authenticate(const QByteArray &token)
{
    if (token.isEmpty() || token.size() > 200)
        return std::nullopt;
    const QByteArray hash = QByteArray::fromStdString(tokenHash(token));
    const auto now = std::chrono::steady_clock::now();
    if (const CachedSession *cached = m_sessions.object(hash);
        cached && now - cached->checkedAt < SessionCacheTime)
        return cached->user;
    pqxx::nontransaction tx(m_db.connection()); // one statement: no BEGIN/COMMIT round trips
    const pqxx::result rows = tx.exec_prepared(
        m_db.prepared(
            "session_user",
            "SELECT u.id, u.role, u.name FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = $1 AND s.expires_at > now()"),
        hash.toStdString());
    tx.commit();
    if (rows.empty())
        return std::nullopt;
    Caller user;
    user.id = rows[0][0].as<qint64>();
    user.role = Protocol::roleFromString(rows[0][1].c_str()).value_or(Protocol::Role::Customer);
    user.name = toQString(rows[0][2]);
    m_sessions.insert(hash, new CachedSession{user, now});
    return user;
}

Caller AuthService::requireCaller(const QByteArray &token)
{
    auto user = authenticate(token);
    if (!user)
        throw DomainError::unauthorized();
    return *user;
}
