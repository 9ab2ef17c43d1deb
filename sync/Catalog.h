#pragma once

#include "Money.h"
#include "Protocol.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

// The catalog as the mirror holds it: what the event list, the seat map and
// the printed ticket read. Field names follow the API's JSON (docs/API.md).
struct PriceCategory
{
    qint64 id = 0;
    QString name;
    Cents price = 0;
    QString color; // "#8e24aa"
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
    int available = 0;
    Venue venue;
    QList<PriceCategory> priceCategories;

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
};
