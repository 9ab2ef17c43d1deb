#pragma once

#include "Catalog.h"
#include "Money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Editing the catalog (docs/API.md, "Editing the catalog"): operators create
// and change events, cancel them and take seats off sale. The server reads
// these with fromJson, the admin screen writes them with toJson.

// A price category of a new event: the sections it prices; one without
// sections prices every seat the others leave.
struct NewPriceCategory
{
    QString name;
    Cents price = 0;
    QString color;
    QStringList sections;
};

// POST /v1/events. The body is an event of the import file's format
// ("Importing a venue") with the venue's id: the importer makes it.
struct NewEvent
{
    qint64 venueId = 0;
    QString name;
    QString performer;
    QString description;
    QString category;
    QDateTime startsAt;
    QList<NewPriceCategory> priceCategories;

    QJsonObject toJson() const;
};

// A price category as an edit names it: an existing one by id, changing
// what is given; or a new one (no id) that prices the unsold seats of the
// sections it names.
struct PriceCategoryEdit
{
    qint64 id = 0; // 0: a new category
    std::optional<QString> name;
    std::optional<Cents> price;
    std::optional<QString> color;
    QStringList sections; // a new category's

    QJsonObject toJson() const;
};

// PATCH /v1/event/{id}: only what is given changes.
struct EventEdit
{
    std::optional<QString> name;
    std::optional<QString> performer;
    std::optional<QString> description;
    std::optional<QString> category;
    std::optional<QDateTime> startsAt;
    QList<PriceCategoryEdit> priceCategories;

    bool isEmpty() const
    {
        return !name && !performer && !description && !category && !startsAt &&
               priceCategories.isEmpty();
    }
    QJsonObject toJson() const;
    // Throws a DomainError naming the field that is wrong.
    static EventEdit fromJson(const QJsonObject &json);
};

// One booking a cancelled event refunded: what the venue needs to tell
// its customer.
struct CancelledBooking
{
    qint64 bookingId = 0;
    QString code;
    QString customerName;
    QString email; // the customer's account's; empty for a sale at a desk
    int tickets = 0;
    Cents refunded = 0;
    QString paymentMethod;

    QJsonObject toJson() const;
    static CancelledBooking fromJson(const QJsonObject &json);
};

// The answer to POST /v1/event/{id}/cancel.
struct EventCancellation
{
    static constexpr int MaxReasonLength = 500;

    qint64 eventId = 0;
    QString eventName;
    QString reason;
    QList<CancelledBooking> bookings;

    QJsonObject toJson() const;
    static EventCancellation fromJson(const QJsonObject &json);
};

// POST /v1/event/{id}/blocks and /unblock: seats taken off sale, or put back.
struct SeatBlock
{
    static constexpr int MaxSeats = 10000;
    static constexpr int MaxReasonLength = 200;

    QList<qint64> ticketIds;
    QString reason; // why (blocking only): "house seat", "broken seat"

    QJsonObject toJson() const;
    // Throws a DomainError naming the field that is wrong; a reason is
    // required when blocking.
    static SeatBlock fromJson(const QJsonObject &json, bool blocking);
};

// GET /v1/venues: a venue with its sections, for the new-event form.
struct VenueSections
{
    struct Section
    {
        QString name;
        int seats = 0;
    };
    Venue venue;
    QList<Section> sections;

    int seats() const;
    QJsonObject toJson() const;
    static VenueSections fromJson(const QJsonObject &json);
};
