#include "ErrorMessages.h"

// No default: a new code fails the build (-Wswitch) until it has words here.
QString ErrorMessages::text(ErrorCode code, const QString &serverText)
{
    switch (code) {
    case ErrorCode::MalformedRequest:
    case ErrorCode::MalformedJson:
    case ErrorCode::MalformedMessage:
    case ErrorCode::UnsupportedMediaType:
    case ErrorCode::HeadersTooLarge:
        return tr("The server did not understand the request. Please report this problem.");
    case ErrorCode::InvalidField:
    case ErrorCode::InvalidParameter:
        return tr("The server refused a value of the request. Check what you entered.");
    case ErrorCode::InvalidPaymentDetails:
        return tr("The payment details are incomplete or wrong.");
    case ErrorCode::MissingIdempotencyKey:
    case ErrorCode::IdempotencyKeyReused:
        return tr("The sale was refused as a repeat of another one. Start the sale again.");
    case ErrorCode::Unauthorized:
        return tr("You are not signed in (any more). Please sign in again.");
    case ErrorCode::InvalidCredentials:
        return tr("Wrong e-mail address or password.");
    case ErrorCode::CardDeclined:
        return tr("The card was declined.");
    case ErrorCode::InsufficientFunds:
        return tr("The card has insufficient funds.");
    case ErrorCode::InvalidCardToken:
        return tr("The card terminal's answer was not accepted.");
    case ErrorCode::InsufficientCash:
        return tr("The cash tendered does not cover the total.");
    case ErrorCode::Forbidden:
        return tr("Your account may not do this.");
    case ErrorCode::QueueRequired:
        return tr("This event has a waiting room: queue for your turn first.");
    case ErrorCode::NotFound:
        return tr("Not found: it does not exist or is not yours.");
    case ErrorCode::MethodNotAllowed:
        return tr("The server does not offer this. Please report this problem.");
    case ErrorCode::RequestTimeout:
        return tr("The request took too long to arrive. Please try again.");
    case ErrorCode::SeatsUnavailable:
        return tr("Some seats were just taken by someone else; pick other seats.");
    case ErrorCode::EmailTaken:
        return tr("There is already an account with this e-mail address.");
    case ErrorCode::AlreadyCancelled:
        return tr("This is already cancelled.");
    case ErrorCode::RequestInProgress:
        return tr("The same request is still being processed. Please wait a moment.");
    case ErrorCode::QueueNotOpen:
        return tr("This event has no waiting room now: buy directly.");
    case ErrorCode::AlreadyCheckedIn:
        return tr("This ticket has already been checked in.");
    case ErrorCode::TicketCancelled:
        return tr("This ticket was cancelled: do not let it in.");
    case ErrorCode::WrongEvent:
        return tr("This ticket is for another event.");
    case ErrorCode::EventCancelled:
        return tr("This event was cancelled: nothing of it can be sold.");
    case ErrorCode::ShiftRequired:
        return tr("Open a shift with your cash float before taking or refunding cash.");
    case ErrorCode::ShiftOpen:
        return tr("A shift is already open for you or for this till. Close it first.");
    case ErrorCode::ShiftClosed:
        return tr("This shift is closed already. Open a new shift to go on.");
    case ErrorCode::BodyTooLarge:
        return tr("The request is too large.");
    case ErrorCode::TooManySeats:
        return tr("Too many seats at once for one sale or one account.");
    case ErrorCode::UnknownTickets:
        return tr("Some seats are not this event's. Reload the seat map.");
    case ErrorCode::TooManyAttempts:
        return tr("Too many failed sign-ins. Wait a while before trying again.");
    case ErrorCode::TooManySubscriptions:
    case ErrorCode::RateLimited:
    case ErrorCode::TooManyConnections:
        return tr("The server is asked too often right now. Try again in a moment.");
    case ErrorCode::InternalError:
        return tr("The server had an internal error; nothing was changed. Please report this "
                  "problem.");
    case ErrorCode::DatabaseUnavailable:
    case ErrorCode::ServerBusy:
        return tr("The server is busy or cannot reach its database. Try again in a moment.");
    case ErrorCode::Network:
        return serverText.isEmpty() ? tr("The server cannot be reached.") : serverText;
    case ErrorCode::Unknown:
        break;
    }
    return serverText;
}
