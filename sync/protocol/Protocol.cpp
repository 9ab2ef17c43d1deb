#include "Protocol.h"

namespace Protocol {

QByteArray toString(TicketStatus status)
{
    switch (status) {
    case TicketStatus::Available:
        return QByteArrayLiteral("available");
    case TicketStatus::Held:
        return QByteArrayLiteral("held");
    case TicketStatus::Sold:
        return QByteArrayLiteral("sold");
    case TicketStatus::Blocked:
        return QByteArrayLiteral("blocked");
    }
    return {};
}

std::optional<TicketStatus> ticketStatusFromString(QByteArrayView text)
{
    if (text == "available")
        return TicketStatus::Available;
    if (text == "held")
        return TicketStatus::Held;
    if (text == "sold")
        return TicketStatus::Sold;
    if (text == "blocked")
        return TicketStatus::Blocked;
    return std::nullopt;
}

QByteArray toString(Role role)
{
    switch (role) {
    case Role::Customer:
        return QByteArrayLiteral("customer");
    case Role::Clerk:
        return QByteArrayLiteral("clerk");
    case Role::Kiosk:
        return QByteArrayLiteral("kiosk");
    case Role::Admin:
        return QByteArrayLiteral("admin");
    case Role::Scanner:
        return QByteArrayLiteral("scanner");
    }
    return {};
}

std::optional<Role> roleFromString(QByteArrayView text)
{
    if (text == "customer")
        return Role::Customer;
    if (text == "clerk")
        return Role::Clerk;
    if (text == "kiosk")
        return Role::Kiosk;
    if (text == "admin")
        return Role::Admin;
    if (text == "scanner")
        return Role::Scanner;
    return std::nullopt;
}

} // namespace Protocol
