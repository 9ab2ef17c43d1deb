#pragma once

#include "Account.h"
#include "Caller.h"

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

    // A new customer account, signed in.
    SignIn registerCustomer(const Registration &registration);
    SignIn login(const Credentials &credentials);
    // Who holds this bearer token, or nullopt for an unknown or expired one.
    std::optional<Caller> authenticate(const QByteArray &token);
    // Like authenticate(), but a DomainError (unauthorized) without a valid token.
    Caller requireCaller(const QByteArray &token);

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
        Caller user;
        std::chrono::steady_clock::time_point checkedAt;
    };
    QCache<QByteArray, CachedSession> m_sessions{10000};
};
