#pragma once

#include "Account.h"
#include "Caller.h"

#include <QCache>
#include <QHostAddress>
#include <QJsonObject>
#include <chrono>
#include <optional>

class Database;
struct ServerConfig;

// A sign-in between its two steps: read before the password is verified on
// the hashing pool, finished after.
struct LoginAttempt
{
    QString email;
    QHostAddress client;
    std::string passwordHash; // the account's, or a dummy for unknown addresses
    std::optional<Caller> user;
};

// Accounts and sessions: argon2id password hashes (libsodium, computed on the
// PasswordHasher's pool), 256-bit random bearer tokens stored only as their
// SHA-256, failed sign-ins backed off per e-mail and client address.
class AuthService
{
public:
    AuthService(Database &db, const ServerConfig &config);

    // Checks a registration before its password is hashed.
    static void validate(const Registration &registration);
    // A new customer account with this (argon2id) hash, signed in.
    SignIn registerCustomer(const Registration &registration, const QString &passwordHash);
    // Refuses a client that must still back off (429 too_many_attempts with
    // Retry-After), else reads the account.
    LoginAttempt beginLogin(const Credentials &credentials, const QHostAddress &client);
    // Records a failure (401) or signs in.
    SignIn finishLogin(const LoginAttempt &attempt, bool passwordMatches);
    // Who holds this bearer token, or nullopt for an unknown or expired one.
    std::optional<Caller> authenticate(const QByteArray &token);
    // Like authenticate(), but a DomainError (unauthorized) without a valid token.
    Caller requireCaller(const QByteArray &token);

    // For the create-user command. Returns the new user's id.
    static qint64 createUser(Database &db, const QString &email, const QString &name,
                             Protocol::Role role, const QString &password);

private:
    QString issueToken(qint64 userId);
    static qint64 insertUser(Database &db, const QString &email, const QString &name,
                             Protocol::Role role, const QString &passwordHash);

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
    int m_failuresRecorded = 0;
};
