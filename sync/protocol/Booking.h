#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// A booking as the server describes it (docs/API.md, "Bookings"). The client
// keeps the server's JSON in its mirror and reads it through this type, so the
// ticket printer, the lookup screen and "my bookings" agree on every field.
struct BookedTicket
{
    qint64 id = 0;
    QString section;
    QString row;
    int seat = 0;
    int price = 0; // cents
    QString priceCategory;
    QString status; // "valid" or "cancelled"

    bool isValid() const { return status == QLatin1String("valid"); }
};

struct Booking
{
    qint64 id = 0;
    QString code;
    qint64 eventId = 0;
    QString status; // confirmed, partially_cancelled, cancelled
    int total = 0;  // cents
    int refunded = 0;
    QString currency;
    QString paymentMethod;
    QString paymentReference;
    int changeDue = -1; // cents; only for a cash sale just made
    QString customerName;
    QDateTime createdAt;
    QString eventName;
    QDateTime startsAt;
    QString venueName;
    QString venueCity;
    QString venueAddress;
    QList<BookedTicket> tickets;

    static Booking fromJson(const QJsonObject &json);
    QList<BookedTicket> validTickets() const;
};
