#pragma once

#include "Money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// A booking as the API describes it (docs/API.md, "Bookings"): the server
// writes it with toJson(), the client reads it with fromJson(), so the
// ticket printer, the lookup screen, "my bookings" and the server agree on
// every field. toJson(fromJson(x)) gives x back byte for byte, which is what
// lets a replayed request answer exactly as the first time.
struct BookedTicket
{
    qint64 id = 0;
    QString section;
    QString row;
    int seat = 0;
    Cents price = 0;
    QString priceCategory;
    bool cancelled = false;
    // What the ticket's QR code carries: unguessable, one per ticket, kept
    // on reprints; the door admits it once (docs/API.md, "Check-in").
    QString secret;
    // The VAT rate it was sold at, in basis points (700 = 7 %); prices are
    // gross. 0 in bookings made before VAT was recorded.
    int vatRateBp = 0;

    bool isValid() const { return !cancelled; }
};

// One VAT rate's share of a receipt: gross = net + vat, in cents.
struct VatLine
{
    int rateBp = 0;
    Cents net = 0;
    Cents vat = 0;
    Cents gross = 0;

    // "7 %", "19 %", "5.5 %".
    QString rateText() const;
    bool operator==(const VatLine &) const = default;
};

// How a sale just made was paid (only in the answer to the sale itself).
struct PaymentReceipt
{
    QString method; // "card" or "cash"
    QString reference;
    std::optional<Cents> changeDue; // cash only
};

// What a cancellation gave back (only in the answer to the cancellation).
struct Refund
{
    Cents amount = 0;
    QString reference;
    QList<qint64> ticketIds;
};

struct Booking
{
    qint64 id = 0;
    QString code;
    qint64 eventId = 0;
    QString status = QStringLiteral("confirmed"); // confirmed, partially_cancelled, cancelled
    Cents total = 0;
    Cents refunded = 0;
    QString currency = QStringLiteral("EUR");
    QString paymentMethod;
    QString customerName;
    QDateTime createdAt; // UTC
    QString eventName;
    QDateTime startsAt; // UTC
    QString venueName;
    QString venueCity;
    QString venueAddress;
    QString venueVatId; // the venue's VAT registration, for the receipt
    // The receipt's number: gap-free per venue (0 for answers without one).
    qint64 receiptNumber = 0;
    QList<BookedTicket> tickets;
    std::optional<PaymentReceipt> payment;
    std::optional<Refund> refund;

    QJsonObject toJson() const;
    // The same, as QJsonDocument(toJson()).toJson(Compact) writes it, byte
    // for byte, made directly (WireJson::CompactJson): a sale batch makes one
    // per booking while every buyer of the batch waits.
    QByteArray toCompactJson() const;
    static Booking fromJson(const QJsonObject &json);
    QList<BookedTicket> validTickets() const;
    // The receipt's VAT: the sale's tickets grouped by rate, each rate's VAT
    // taken out of its gross sum (rounded half up to the cent), by rate.
    QList<VatLine> vatLines() const;
};

// What paying for seats asks of the server: seats named directly or a hold
// of one's own, how to pay, and whose name goes on the tickets.
struct BookingRequest
{
    QString holdId;          // either this ...
    QList<qint64> ticketIds; // ... or these
    QJsonObject paymentDetails;
    QString customerName; // empty: the account's name
    // The JSON as it was received (fromJson), fingerprinted for the
    // Idempotency-Key: a retry must send the same request again.
    QJsonObject received;

    QJsonObject toJson() const;
    // Checks the shape (a DomainError names the field that is wrong);
    // maxSeats caps ticket_ids. Payment details are the provider's to check.
    static BookingRequest fromJson(const QJsonObject &json, int maxSeats);
};

// Seats held for a while by one account, all or nothing.
struct Hold
{
    QString id; // a UUID
    qint64 eventId = 0;
    QDateTime expiresAt; // UTC, milliseconds
    QList<qint64> ticketIds;

    QJsonObject toJson() const;
    static Hold fromJson(const QJsonObject &json);
};
