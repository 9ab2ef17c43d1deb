#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Every error the API can answer, by its wire code (docs/API.md). The HTTP
// status of each is in one table (ErrorCode.cpp); the server's routes map a
// DomainError through it, and the client reads the code, never a status.
enum class ErrorCode
{
    // 400
    MalformedRequest,
    MalformedJson,
    MalformedMessage, // a WebSocket message that is not a subscription
    InvalidField,
    InvalidParameter,
    InvalidPaymentDetails,
    MissingIdempotencyKey,
    // 401
    Unauthorized,
    InvalidCredentials,
    // 402: the payment was refused; nothing was sold
    CardDeclined,
    InsufficientFunds,
    InvalidCardToken,
    InsufficientCash,
    // 403, 404, 405, 408
    Forbidden,
    QueueRequired, // the event's waiting room is on: queue for a pass first
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    // 409
    SeatsUnavailable,
    EmailTaken,
    AlreadyCancelled,
    RequestInProgress,
    // Joining a waiting room that is off.
    QueueNotOpen,
    // Check-in: the ticket was admitted before; it was cancelled; it is for
    // another event than the door's.
    AlreadyCheckedIn,
    TicketCancelled,
    WrongEvent,
    // The event was cancelled: nothing of it is held or sold any more.
    EventCancelled,
    // The till: cash needs an open shift; one shift open per clerk and per
    // till; a shift closed already.
    ShiftRequired,
    ShiftOpen,
    ShiftClosed,
    // 413, 415
    BodyTooLarge,
    UnsupportedMediaType,
    // 422
    TooManySeats,
    UnknownTickets,
    IdempotencyKeyReused,
    // 429, 431
    TooManyAttempts,
    TooManySubscriptions,
    RateLimited,        // a route class's requests per second for this client
    TooManyConnections, // open connections for this client address, or in all
    HeadersTooLarge,
    // 500, 503
    InternalError,
    DatabaseUnavailable,
    ServerBusy,
    // Client side only: no answer at all, or a code this build does not know
    // (a newer server, a gateway's own error page).
    Network,
    Unknown,
};

namespace Protocol {

QByteArray toString(ErrorCode code);
// Unknown for a code that is not in the table.
ErrorCode errorCodeFromString(QByteArrayView text);
// The HTTP status the server answers with (0 for Network).
int httpStatus(ErrorCode code);

// The payment provider refused: nothing was sold, another card may work.
bool isPaymentRefusal(ErrorCode code);
// The server may or may not have done it (no answer, a timeout, a failure on
// its side, the same request still running): a retry must carry the same
// Idempotency-Key.
bool isUndecided(ErrorCode code);

} // namespace Protocol
