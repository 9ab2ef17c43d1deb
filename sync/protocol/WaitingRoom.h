#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

// The waiting room of an on-sale on the wire (docs/API.md, "Waiting room"):
// the server writes these with toJson, a client reads them with fromJson.

// Where a place stands in its room: the arithmetic the API answer, the
// stream's pushes and a client's own countdown share. A room admits places
// in order at admitPerSecond; `admitted` is how many it has admitted so far
// (it grows by fractions between whole places).
struct QueueStanding
{
    qint64 position = 0; // 1: next to be admitted; 0: admitted
    qint64 estimatedWaitSeconds = 0;

    static QueueStanding of(qint64 place, double admitted, double admitPerSecond);
};

// What an admin sets: PUT /v1/event/{id}/queue.
struct WaitingRoomSettings
{
    static constexpr double MaxAdmitPerSecond = 100000;

    bool enabled = false;
    double admitPerSecond = 0;

    QJsonObject toJson() const;
    // Throws a DomainError naming the field that is wrong.
    static WaitingRoomSettings fromJson(const QJsonObject &json);
};

// A room as anyone may read it: GET /v1/event/{id}/queue.
struct WaitingRoom
{
    qint64 eventId = 0;
    bool enabled = false;
    double admitPerSecond = 0;
    bool automatic = false;          // switched on by the request rate, not an admin
    qint64 waiting = 0;              // places not admitted yet
    qint64 estimatedWaitSeconds = 0; // for a buyer joining now

    QJsonObject toJson() const;
    static WaitingRoom fromJson(const QJsonObject &json);
};

// A buyer's place: POST /v1/event/{id}/queue, GET /v1/queue/{id}, and the
// stream's "queue" pushes (which never carry the pass).
struct QueuePlace
{
    enum class Status
    {
        Waiting,
        Admitted,    // the pass is good until passExpiresAt
        Expired,     // admitted, but the pass ran out unused: queue again
        Used,        // the pass bought its booking: queue again for more
        NotRequired, // the room is off: buy directly
    };

    QString id; // a UUID
    qint64 eventId = 0;
    Status status = Status::Waiting;
    QueueStanding standing;
    QString pass;            // only to its own account, once admitted
    QDateTime passExpiresAt; // UTC

    QJsonObject toJson() const;
    static QueuePlace fromJson(const QJsonObject &json);
    static QString toString(Status status);
};
