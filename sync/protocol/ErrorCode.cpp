#include "ErrorCode.h"

#include <array>

namespace {

struct Entry
{
    ErrorCode code;
    const char *text;
    int status;
};

// The one table of codes and statuses.
constexpr std::array Table{
    Entry{ErrorCode::MalformedRequest, "malformed_request", 400},
    Entry{ErrorCode::MalformedJson, "malformed_json", 400},
    Entry{ErrorCode::MalformedMessage, "malformed_message", 400},
    Entry{ErrorCode::InvalidField, "invalid_field", 400},
    Entry{ErrorCode::InvalidParameter, "invalid_parameter", 400},
    Entry{ErrorCode::InvalidPaymentDetails, "invalid_payment_details", 400},
    Entry{ErrorCode::MissingIdempotencyKey, "missing_idempotency_key", 400},
    Entry{ErrorCode::Unauthorized, "unauthorized", 401},
    Entry{ErrorCode::InvalidCredentials, "invalid_credentials", 401},
    Entry{ErrorCode::CardDeclined, "card_declined", 402},
    Entry{ErrorCode::InsufficientFunds, "insufficient_funds", 402},
    Entry{ErrorCode::InvalidCardToken, "invalid_card_token", 402},
    Entry{ErrorCode::InsufficientCash, "insufficient_cash", 402},
    Entry{ErrorCode::Forbidden, "forbidden", 403},
    Entry{ErrorCode::QueueRequired, "queue_required", 403},
    Entry{ErrorCode::NotFound, "not_found", 404},
    Entry{ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
    Entry{ErrorCode::RequestTimeout, "request_timeout", 408},
    Entry{ErrorCode::SeatsUnavailable, "seats_unavailable", 409},
    Entry{ErrorCode::EmailTaken, "email_taken", 409},
    Entry{ErrorCode::AlreadyCancelled, "already_cancelled", 409},
    Entry{ErrorCode::RequestInProgress, "request_in_progress", 409},
    Entry{ErrorCode::QueueNotOpen, "queue_not_open", 409},
    Entry{ErrorCode::AlreadyCheckedIn, "already_checked_in", 409},
    Entry{ErrorCode::TicketCancelled, "ticket_cancelled", 409},
    Entry{ErrorCode::WrongEvent, "wrong_event", 409},
    Entry{ErrorCode::EventCancelled, "event_cancelled", 409},
    Entry{ErrorCode::ShiftRequired, "shift_required", 409},
    Entry{ErrorCode::ShiftOpen, "shift_open", 409},
    Entry{ErrorCode::ShiftClosed, "shift_closed", 409},
    Entry{ErrorCode::BodyTooLarge, "body_too_large", 413},
    Entry{ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    Entry{ErrorCode::TooManySeats, "too_many_seats", 422},
    Entry{ErrorCode::UnknownTickets, "unknown_tickets", 422},
    Entry{ErrorCode::IdempotencyKeyReused, "idempotency_key_reused", 422},
    Entry{ErrorCode::TooManyAttempts, "too_many_attempts", 429},
    Entry{ErrorCode::TooManySubscriptions, "too_many_subscriptions", 429},
    Entry{ErrorCode::RateLimited, "rate_limited", 429},
    Entry{ErrorCode::TooManyConnections, "too_many_connections", 429},
    Entry{ErrorCode::HeadersTooLarge, "headers_too_large", 431},
    Entry{ErrorCode::InternalError, "internal_error", 500},
    Entry{ErrorCode::DatabaseUnavailable, "database_unavailable", 503},
    Entry{ErrorCode::ServerBusy, "server_busy", 503},
    Entry{ErrorCode::Network, "network", 0},
    Entry{ErrorCode::Unknown, "unknown", 500},
};

const Entry &entry(ErrorCode code)
{
    for (const Entry &e : Table) {
        if (e.code == code)
            return e;
    }
    return Table.back();
}

} // namespace

namespace Protocol {

QByteArray toString(ErrorCode code)
{
    return QByteArray(entry(code).text);
}

ErrorCode errorCodeFromString(QByteArrayView text)
{
    for (const Entry &e : Table) {
        if (text == e.text)
            return e.code;
    }
    return ErrorCode::Unknown;
}

int httpStatus(ErrorCode code)
{
    return entry(code).status;
}

bool isPaymentRefusal(ErrorCode code)
{
    return httpStatus(code) == 402;
}

bool isUndecided(ErrorCode code)
{
    // RequestInProgress: the first attempt is still running; its answer
    // is what a retry with the same key will get. Unknown (an answer without
    // a code) is decided by its status: see ApiClient.
    return code == ErrorCode::Network || code == ErrorCode::RequestTimeout ||
           code == ErrorCode::TooManyAttempts || code == ErrorCode::RateLimited ||
           code == ErrorCode::TooManyConnections || code == ErrorCode::RequestInProgress ||
           (code != ErrorCode::Unknown && httpStatus(code) >= 500);
}

} // namespace Protocol
