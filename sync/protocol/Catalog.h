#pragma once

#include "Money.h"
#include "Protocol.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// The catalog on the wire (docs/API.md, "Catalog") and as the mirror holds
// it: what the event list, the seat map and the printed ticket read. The
// server writes these with toJson, the client reads them with fromJson.
struct PriceCategory
{
    qint64 id = 0;
    QString name;
    Cents price = 0;
    QString color;                   // "#8e24aa"
    std::optional<qint64> available; // seats left; only in an event's details

    QJsonObject toJson() const;
    static PriceCategory fromJson(const QJsonObject &json);
};

struct Venue
{
    qint64 id = 0;
    QString name;
    QString city;
    QString address;
    QString kind; // cinema, theatre, concert_hall, arena
};

struct Event
{
    qint64 id = 0;
    QString name;
    QString description;
    QString performer;
    QString category;
    QDateTime startsAt; // UTC
    qint64 available = 0;
    Venue venue;
    QList<PriceCategory> priceCategories;
    qint64 version = 0;  // of its seat map (details, catalog pages)
    qint64 revision = 0; // of its catalog data (catalog pages)
    qint64 capacity = 0; // seats in all (details)
    // Cancelled by the venue: shown, never sold (docs/API.md, "Editing the
    // catalog").
    bool cancelled = false;
    QString cancelReason;

    // The three shapes the API answers with: a search hit, an event's
    // details, an entry of a mirror's catalog page.
    QJsonObject toSummaryJson() const;
    QJsonObject toDetailsJson() const;
    QJsonObject toCatalogJson() const;
    // Reads any of them; what a shape lacks stays empty.
    static Event fromJson(const QJsonObject &json);

    const PriceCategory *priceCategory(qint64 id) const
    {
        for (const PriceCategory &category : priceCategories) {
            if (category.id == id)
                return &category;
        }
        return nullptr;
    }
};

// One seat of one event, and its state.
struct Ticket
{
    qint64 id = 0;
    QString section;
    QString row;
    int seat = 0;
    Cents price = 0;
    Protocol::TicketStatus status = Protocol::TicketStatus::Available;
    bool accessible = false;
    qint64 priceCategoryId = 0;
    int x = 0;
    int y = 0;

    bool isAvailable() const { return status == Protocol::TicketStatus::Available; }
    bool isBlocked() const { return status == Protocol::TicketStatus::Blocked; }

    // The whole seat; a push carries only "id" and "status" (fromJson then
    // leaves the rest empty).
    QJsonObject toJson() const;
    static Ticket fromJson(const QJsonObject &json);
};
