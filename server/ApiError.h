#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <exception>

// A domain error with the HTTP status it maps to. Services throw it; the
// worker's dispatch turns it into {"error":{"code","message",...}} in one place.
class ApiError : public std::exception
{
public:
    ApiError(int status, QByteArray code, QString message, QJsonObject details = {})
        : m_status(status)
        , m_code(std::move(code))
        , m_message(std::move(message))
        , m_details(std::move(details))
    {
    }

    int status() const { return m_status; }
    const QByteArray &code() const { return m_code; }
    const QString &message() const { return m_message; }
    const QJsonObject &details() const { return m_details; }
    const char *what() const noexcept override { return m_code.constData(); }

    static ApiError badRequest(QByteArray code, QString message)
    {
        return ApiError(400, std::move(code), std::move(message));
    }
    static ApiError notFound(QString message)
    {
        return ApiError(404, QByteArrayLiteral("not_found"), std::move(message));
    }
    static ApiError unauthorized()
    {
        return ApiError(401, QByteArrayLiteral("unauthorized"),
                        QStringLiteral("Sign in first: send Authorization: Bearer <token>."));
    }
    static ApiError forbidden(QString message)
    {
        return ApiError(403, QByteArrayLiteral("forbidden"), std::move(message));
    }

private:
    int m_status;
    QByteArray m_code;
    QString m_message;
    QJsonObject m_details;
};
