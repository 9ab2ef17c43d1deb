#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

// The wire protocol's vocabulary, shared by boxoffice-server and the client.
// One word for one thing: these strings are the JSON values, the SQL values
// and the enum names alike.
namespace Protocol {

enum class TicketStatus
{
    Available,
    Held,
    Sold,
    Blocked // off sale: a house seat, a broken seat, a cancelled event's seat
};

QByteArray toString(TicketStatus status);
std::optional<TicketStatus> ticketStatusFromString(QByteArrayView text);

enum class Role
{
    Customer,
    Clerk,
    Kiosk,
    Admin,
    Scanner // a door's scanner: checks tickets in, sells nothing
};

QByteArray toString(Role role);
std::optional<Role> roleFromString(QByteArrayView text);

// What each role may do, by name, so the server's checks and the client's
// screens read the same rule (docs/API.md, "Accounts").
// Cash at the counter: clerks and admins.
inline bool mayTakeCash(Role role)
{
    return role == Role::Clerk || role == Role::Admin;
}
// Find any booking by its code (to reprint it): every staff device that sells.
inline bool mayLookUpByCode(Role role)
{
    return role != Role::Customer && role != Role::Scanner;
}
// Hold and buy seats: everyone but a door's scanner.
inline bool maySell(Role role)
{
    return role != Role::Scanner;
}
// Check tickets in at the door, and read an event's list of valid tickets
// for scanning offline: scanners, and the box office's clerks and admins.
inline bool mayCheckIn(Role role)
{
    return role == Role::Scanner || role == Role::Clerk || role == Role::Admin;
}
// Search bookings by the customer's name, read and cancel anyone's booking:
// the box-office desk.
inline bool maySeeAnyBooking(Role role)
{
    return role == Role::Clerk || role == Role::Admin;
}
// Cancel a booking it may see: everyone but a kiosk (a self-service device
// refunds nothing).
inline bool mayCancelBookings(Role role)
{
    return role != Role::Kiosk && role != Role::Scanner;
}

// Create and edit events, cancel them, block seats (docs/API.md, "Editing
// the catalog"): operators.
inline bool mayEditCatalog(Role role)
{
    return role == Role::Admin;
}
// Switch an event's waiting room on or off: operators.
inline bool mayRunWaitingRooms(Role role)
{
    return role == Role::Admin;
}
// Sales and shift-closing reports, with their exports: operators.
inline bool mayReadReports(Role role)
{
    return role == Role::Admin;
}
// Holds and bookings without a waiting room's pass, the room on or not:
// the venue's own desks and devices serve whoever stands in front of them.
inline bool bypassesWaitingRooms(Role role)
{
    return role != Role::Customer;
}

// Header that makes a booking request safe to retry (DESIGN.md invariant 4).
inline constexpr char IdempotencyKeyHeader[] = "idempotency-key";
// Header with a waiting room's pass (docs/API.md, "Waiting room").
inline constexpr char QueuePassHeader[] = "x-queue-pass";

} // namespace Protocol
