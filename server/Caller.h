#pragma once

#include "Protocol.h"

#include <QString>
#include <QtGlobal>

// Who asks, once their bearer token has been checked: what every service
// decides by (their own bookings, their role's capabilities).
struct Caller
{
    qint64 id = 0;
    Protocol::Role role = Protocol::Role::Customer;
    QString name;
};
