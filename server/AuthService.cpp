#include "AuthService.h"

#include "Database.h"
#include "DomainError.h"
#include "ServerConfig.h"

#include <QCryptographicHash>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace {

QString hashPassword(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw DomainError(ErrorCode::ServerBusy,
                          u"Out of memory hashing the password; try again."_s);
    return QString::fromLatin1(hash);
}

bool verifyPassword(const std::string &hash, const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(hash.c_str(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

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
    const QString hash = hashPassword(password);
    try {
        return db.transact([&](pqxx::work &tx) {
            return tx
                .exec_params1("INSERT INTO users (email, name, password_hash, role) "
                              "VALUES ($1, $2, $3, $4) RETURNING id",
                              toStd(email), toStd(name), toStd(hash),
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

SignIn AuthService::registerCustomer(const Registration &registration)
{
    const qint64 userId = createUser(m_db, registration.email, registration.name,
                                     Protocol::Role::Customer, registration.password);
    return SignIn{issueToken(userId), userId, std::nullopt, {}};
}

SignIn AuthService::login(const Credentials &credentials)
{
    const QString &email = credentials.email;
    const QString &password = credentials.password;
    const int window = static_cast<int>(m_config.loginFailureWindow.count());

    auto throttle = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_params(
            "SELECT failures, ceil(extract(epoch FROM window_start + make_interval(secs => $2) "
            "- now()))::int FROM login_failures WHERE email = $1 "
            "AND window_start > now() - make_interval(secs => $2)",
            toStd(email), window);
    });
    if (!throttle.empty() && throttle[0][0].as<int>() >= m_config.loginFailuresAllowed) {
        const int retryAfter = std::max(1, throttle[0][1].as<int>());
        throw DomainError(
            ErrorCode::TooManyAttempts,
            u"Too many failed sign-ins for this address; try again in %1 seconds."_s.arg(
                retryAfter))
            .setRetryAfter(retryAfter);
    }

    auto user = m_db.transact([&](pqxx::work &tx) {
        return tx.exec_params(
            "SELECT id, password_hash, role, name FROM users WHERE lower(email) = $1",
            toStd(email));
    });
    // Verify against a dummy hash for unknown addresses, so the answer takes
    // as long either way and does not reveal which addresses exist.
    static const std::string dummyHash = hashPassword(u"not-a-real-password"_s).toStdString();
    const bool known = !user.empty();
    const bool valid =
        verifyPassword(known ? user[0][1].as<std::string>() : dummyHash, password) && known;
    if (!valid) {
        m_db.transact([&](pqxx::work &tx) {
            tx.exec_params0(
                "INSERT INTO login_failures (email, failures, window_start) VALUES ($1, 1, now()) "
                "ON CONFLICT (email) DO UPDATE SET "
                "failures = CASE WHEN login_failures.window_start <= now() - make_interval(secs => "
                "$2) "
                "THEN 1 ELSE login_failures.failures + 1 END, "
                "window_start = CASE WHEN login_failures.window_start <= now() - "
                "make_interval(secs => $2) "
                "THEN now() ELSE login_failures.window_start END",
                toStd(email), window);
        });
        throw DomainError(ErrorCode::InvalidCredentials, u"Wrong e-mail address or password."_s);
    }
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_params0("DELETE FROM login_failures WHERE email = $1", toStd(email));
    });
    // The client picks its screens (counter, kiosk, customer) by role.
    const qint64 userId = user[0][0].as<qint64>();
    return SignIn{issueToken(userId), userId,
                  Protocol::roleFromString(user[0][2].c_str()).value_or(Protocol::Role::Customer),
                  toQString(user[0][3])};
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
