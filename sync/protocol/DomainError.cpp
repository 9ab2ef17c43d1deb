#include "DomainError.h"

using namespace Qt::StringLiterals;

DomainError::DomainError(ErrorCode code, QString message, QJsonObject details)
    : m_code(code)
    , m_codeText(Protocol::toString(code))
    , m_message(std::move(message))
    , m_details(std::move(details))
{
}

const char *DomainError::what() const noexcept
{
    return m_codeText.constData();
}

DomainError &DomainError::setRetryAfter(int seconds)
{
    m_retryAfterSeconds = seconds;
    return *this;
}

DomainError &DomainError::setReplay(bool replay)
{
    m_replay = replay;
    return *this;
}

QJsonObject DomainError::toJson() const
{
    QJsonObject error = m_details;
    error.insert(u"code"_s, QString::fromLatin1(m_codeText));
    error.insert(u"message"_s, m_message);
    return QJsonObject{{u"error"_s, error}};
}

DomainError DomainError::fromJson(const QJsonObject &body)
{
    QJsonObject details = body.value(u"error"_s).toObject();
    const QByteArray text = details.take(u"code"_s).toString().toLatin1();
    const QString message = details.take(u"message"_s).toString();
    DomainError error(Protocol::errorCodeFromString(text), message, details);
    if (!text.isEmpty())
        error.m_codeText = text;
    return error;
}

DomainError DomainError::notFound(QString message)
{
    return DomainError(ErrorCode::NotFound, std::move(message));
}

DomainError DomainError::unauthorized()
{
    return DomainError(ErrorCode::Unauthorized,
                       u"Sign in first: send Authorization: Bearer <token>."_s);
}

DomainError DomainError::forbidden(QString message)
{
    return DomainError(ErrorCode::Forbidden, std::move(message));
}

DomainError DomainError::invalidField(const QString &field, const QString &message)
{
    return DomainError(ErrorCode::InvalidField, message, QJsonObject{{u"field"_s, field}});
}
