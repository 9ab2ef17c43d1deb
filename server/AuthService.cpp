#include "AuthService.h"

#include "ApiError.h"
#include "Database.h"
#include "RequestJson.h"
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
        throw ApiError(503, "server_busy"_ba, u"Out of memory hashing the password; try again."_s);
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
        throw ApiError(400, "invalid_field"_ba,
                       u"The password must be 8 to 1024 characters long."_s,
                       QJsonObject{{u"field"_s, u"password"_s}});
}

void validateEmail(const QString &email)
{
    const qsizetype at = email.indexOf(u'@');
    if (at <= 0 || at == email.size() - 1 || email.contains(u' '))
        throw ApiError(400, "invalid_field"_ba, u"\"%1\" is not an e-mail address."_s.arg(email),
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
        throw ApiError(409, "email_taken"_ba,
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

HttpResponse AuthService::registerCustomer(const HttpRequest &request)
{
    const QJsonObject body = RequestJson::object(request);
    const QString email = RequestJson::requiredString(body, u"email"_s, 254);
    const QString password = body.value(u"password"_s).toString();
    const QString name = RequestJson::requiredString(body, u"name"_s, 200);
    const qint64 userId = createUser(m_db, email, name, Protocol::Role::Customer, password);
    return HttpResponse::json(
        201, QJsonObject{{u"user_id"_s, userId}, {u"token"_s, issueToken(userId)}});
}

HttpResponse AuthService::login(const HttpRequest &request)
{
    const QJsonObject body = RequestJson::object(request);
    const QString email = RequestJson::requiredString(body, u"email"_s, 254).toLower();
    const QString password = body.value(u"password"_s).toString();
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
        HttpResponse response = HttpResponse::json(
            429, QJsonDocument::fromJson(errorBody(
                     "too_many_attempts"_ba,
                     u"Too many failed sign-ins for this address; try again in %1 seconds."_s.arg(
                         retryAfter))));
        response.headers.append({"Retry-After"_ba, QByteArray::number(retryAfter)});
        return response;
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
        throw ApiError(401, "invalid_credentials"_ba, u"Wrong e-mail address or password."_s);
    }
    m_db.transact([&](pqxx::work &tx) {
        tx.exec_params0("DELETE FROM login_failures WHERE email = $1", toStd(email));
    });
    // The client picks its screens (counter, kiosk, customer) by role.
    return HttpResponse::json(200, QJsonObject{{u"token"_s, issueToken(user[0][0].as<qint64>())},
                                               {u"user_id"_s, user[0][0].as<qint64>()},
                                               {u"role"_s, toQString(user[0][2])},
                                               {u"name"_s, toQString(user[0][3])}});
}

std::optional<AuthenticatedUser> AuthService::authenticate(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization"_ba);
    if (!header.startsWith("Bearer ") || header.size() > 200)
        return std::nullopt;
    const QByteArray token = header.mid(7).trimmed();
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
    AuthenticatedUser user;
    user.id = rows[0][0].as<qint64>();
    user.role = Protocol::roleFromString(rows[0][1].c_str()).value_or(Protocol::Role::Customer);
    user.name = toQString(rows[0][2]);
    m_sessions.insert(hash, new CachedSession{user, now});
    return user;
}

AuthenticatedUser AuthService::requireUser(const HttpRequest &request)
{
    auto user = authenticate(request);
    if (!user)
        throw ApiError::unauthorized();
    return *user;
}
