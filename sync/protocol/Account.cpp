#include "Account.h"

#include "WireJson.h"

using namespace Qt::StringLiterals;

QJsonObject Registration::toJson() const
{
    return {{u"email"_s, email}, {u"password"_s, password}, {u"name"_s, name}};
}

Registration Registration::fromJson(const QJsonObject &json)
{
    Registration registration;
    registration.email = WireJson::requiredString(json, u"email"_s, 254);
    registration.password = json.value(u"password"_s).toString();
    registration.name = WireJson::requiredString(json, u"name"_s, 200);
    return registration;
}

QJsonObject Credentials::toJson() const
{
    return {{u"email"_s, email}, {u"password"_s, password}};
}

Credentials Credentials::fromJson(const QJsonObject &json)
{
    return Credentials{WireJson::requiredString(json, u"email"_s, 254).toLower(),
                       json.value(u"password"_s).toString()};
}

QJsonObject SignIn::toJson() const
{
    QJsonObject json{{u"token"_s, token}, {u"user_id"_s, userId}};
    if (role) {
        json.insert(u"role"_s, QString::fromLatin1(Protocol::toString(*role)));
        json.insert(u"name"_s, name);
    }
    return json;
}

SignIn SignIn::fromJson(const QJsonObject &json)
{
    return SignIn{json.value(u"token"_s).toString(), json.value(u"user_id"_s).toInteger(),
                  Protocol::roleFromString(json.value(u"role"_s).toString().toLatin1()),
                  json.value(u"name"_s).toString()};
}
