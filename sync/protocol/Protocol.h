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
    Sold
};

QByteArray toString(TicketStatus status);
std::optional<TicketStatus> ticketStatusFromString(QByteArrayView text);

enum class Role
{
    Customer,
    Clerk,
    Kiosk,
    Admin
};

QByteArray toString(Role role);
std::optional<Role> roleFromString(QByteArrayView text);

// Staff roles may look bookings up by code; only counter roles take cash.
inline bool isStaff(Role role)
{
    return role != Role::Customer;
}
inline bool mayTakeCash(Role role)
{
    return role == Role::Clerk || role == Role::Admin;
}

// Header that makes a booking request safe to retry (DESIGN.md invariant 4).
inline constexpr char IdempotencyKeyHeader[] = "idempotency-key";

} // namespace Protocol
