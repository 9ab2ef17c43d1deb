#pragma once

#include "Http.h"

#include <QCache>
#include <QJsonObject>
#include <chrono>
#include <optional>

class Database;
struct ServerConfig;

// Accounts and sessions: argon2id password hashes (libsodium), 256-bit random
// bearer tokens stored only as their SHA-256, throttled failed logins.
class AuthService
{
public:
    AuthService(Database &db, const ServerConfig &config);

    HttpResponse registerCustomer(const HttpRequest &request);
    HttpResponse login(const HttpRequest &request);

    // The caller of a request, or nullopt without a valid bearer token.
    std::optional<AuthenticatedUser> authenticate(const HttpRequest &request);
    // Like authenticate(), but 401 without a valid token.
    AuthenticatedUser requireUser(const HttpRequest &request);

    // For the create-user command. Returns the new user's id.
    static qint64 createUser(Database &db, const QString &email, const QString &name,
                             Protocol::Role role, const QString &password);

private:
    QString issueToken(qint64 userId);

    Database &m_db;
    const ServerConfig &m_config;
    // Sessions this worker checked recently (by token hash): during a rush
    // most requests then need no session query. Bounded staleness: a few
    // seconds.
    struct CachedSession
    {
        AuthenticatedUser user;
        std::chrono::steady_clock::time_point checkedAt;
    };
    QCache<QByteArray, CachedSession> m_sessions{10000};
};
