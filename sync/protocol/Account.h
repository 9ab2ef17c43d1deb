#pragma once

#include "Protocol.h"

#include <QJsonObject>
#include <QString>
#include <optional>

// Signing up and signing in (docs/API.md, "Accounts"). fromJson checks the
// shape of a request and throws a DomainError naming the field.
struct Registration
{
    QString email;
    QString password;
    QString name;

    QJsonObject toJson() const;
    static Registration fromJson(const QJsonObject &json);
};

struct Credentials
{
    QString email; // compared without case
    QString password;

    QJsonObject toJson() const;
    static Credentials fromJson(const QJsonObject &json);
};

// A session: the bearer token for every later request. Signing in also says
// who the account is, so the client picks its screens by role.
struct SignIn
{
    QString token;
    qint64 userId = 0;
    std::optional<Protocol::Role> role;
    QString name;

    QJsonObject toJson() const;
    static SignIn fromJson(const QJsonObject &json);
};
