#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// Checking tickets in at the door (docs/API.md, "Check-in"). The server
// writes these with toJson, the scanner reads them with fromJson.

// One scan: POST /v1/checkin, and each scan uploaded by a door that was
// offline (POST /v1/event/{id}/checkins).
struct CheckInScan
{
    static constexpr int MaxSecretLength = 64;

    QString secret;
    qint64 eventId = 0;  // the door's event; 0: whatever the ticket is for
    QString device;      // which door, for "already checked in at …"
    QDateTime scannedAt; // a scan made offline: when; invalid: now

    QJsonObject toJson() const;
    // Throws a DomainError naming the field that is wrong.
    static CheckInScan fromJson(const QJsonObject &json);
    // As printed and as typed: without spaces or dashes, in capitals.
    static QString normalizedSecret(const QString &typed);
};

// A ticket as the door sees it: which seat, whose, admitted or not.
struct DoorTicket
{
    QString secret;
    qint64 ticketId = 0;
    QString bookingCode;
    QString holder; // the name on the booking; may be empty
    QString section;
    QString row;
    int seat = 0;
    QString priceCategory;
    QDateTime checkedInAt; // invalid: not yet
    QString checkedInBy;   // the door that admitted it

    bool isCheckedIn() const { return checkedInAt.isValid(); }
    QJsonObject toJson() const;
    static DoorTicket fromJson(const QJsonObject &json);
};

// How far an event's doors are: tickets admitted of those valid.
struct DoorCount
{
    qint64 admitted = 0;
    qint64 expected = 0;
};

// The answer to a scan that admitted its ticket.
struct CheckIn
{
    qint64 eventId = 0;
    QString eventName;
    DoorTicket ticket;
    DoorCount count;

    QJsonObject toJson() const;
    static CheckIn fromJson(const QJsonObject &json);
};

// GET /v1/event/{id}/checkins: every valid ticket of the event, for a door
// that may lose the network.
struct DoorList
{
    qint64 eventId = 0;
    QString eventName;
    QDateTime startsAt;
    QList<DoorTicket> tickets;
    DoorCount count;

    QJsonObject toJson() const;
    static DoorList fromJson(const QJsonObject &json);
};

// What became of one uploaded scan.
struct ScanOutcome
{
    QString secret;
    QString result; // "admitted", or the error code that refused it
    // The ticket was let in offline, but another door had admitted it
    // first: someone got in twice. Recorded for the venue.
    bool conflict = false;
    QDateTime checkedInAt; // the admission that counts
    QString device;        // and its door

    QJsonObject toJson() const;
    static ScanOutcome fromJson(const QJsonObject &json);
};
