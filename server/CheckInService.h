#pragma once

#include "Caller.h"
#include "CheckIn.h"

#include <pqxx/pqxx>

class Database;

// Tickets checked in at the door (docs/API.md, "Check-in"). A ticket is found
// by its secret and admitted once: the unique secret in `checkins` lets
// exactly one of two doors scanning it at the same moment admit it, and a
// cancelled ticket, an unknown code or a ticket for another event than the
// door's is refused with what the door needs to know. Scanners, clerks and
// admins only.
class CheckInService
{
public:
    explicit CheckInService(Database &db);

    // Admits the scanned ticket, or throws the DomainError that refuses it
    // (409 already_checked_in saying when and at which door, 409
    // ticket_cancelled, 409 wrong_event, 404).
    CheckIn checkIn(const CheckInScan &scan, const Caller &caller);
    // The event's valid tickets, admitted or not, for scanning offline.
    DoorList doorList(qint64 eventId, const Caller &caller);
    // Scans a door made offline, in the order it made them. A ticket another
    // door admitted first is a conflict: recorded, and reported back.
    QList<ScanOutcome> upload(qint64 eventId, const QList<CheckInScan> &scans,
                              const Caller &caller);

private:
    CheckIn admit(pqxx::work &tx, const CheckInScan &scan, const Caller &caller, bool offline);
    DoorCount count(pqxx::work &tx, qint64 eventId);

    Database &m_db;
};
