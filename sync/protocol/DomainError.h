#pragma once

#include "ErrorCode.h"

#include <QJsonObject>
#include <QString>
#include <exception>
#include <optional>

// A refusal in the box office's terms: what went wrong (a code), what to do
// (a message for people), and the facts that help (details such as the
// unavailable seats). Services throw it; the server's routes turn it into
// {"error": {"code", "message", ...details}} with the code's HTTP status; the
// client reads the same JSON back into it.
class DomainError : public std::exception
{
public:
    DomainError(ErrorCode code, QString message, QJsonObject details = {});

    ErrorCode code() const { return m_code; }
    const QString &message() const { return m_message; }
    const QJsonObject &details() const { return m_details; }
    const char *what() const noexcept override;

    // When a retry may succeed (too many attempts, busy).
    std::optional<int> retryAfterSeconds() const { return m_retryAfterSeconds; }
    DomainError &setRetryAfter(int seconds);
    // The stored answer to an earlier request with the same Idempotency-Key.
    bool isReplay() const { return m_replay; }
    DomainError &setReplay(bool replay);

    // {"error": {...}} and back. fromJson keeps the wire code's text for a
    // code this build does not know.
    QJsonObject toJson() const;
    static DomainError fromJson(const QJsonObject &body);

    static DomainError notFound(QString message);
    static DomainError unauthorized();
    static DomainError forbidden(QString message);
    // A field of a request body with the wrong type or value.
    static DomainError invalidField(const QString &field, const QString &message);

private:
    ErrorCode m_code;
    QByteArray m_codeText;
    QString m_message;
    QJsonObject m_details;
    std::optional<int> m_retryAfterSeconds;
    bool m_replay = false;
};
