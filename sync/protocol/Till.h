#pragma once

#include "Money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// The till (docs/API.md, "Shifts and receipts"): a clerk's shift at one
// counter, from the cash float to the counted cash. The server writes these
// with toJson, the counter reads them with fromJson.

// POST /v1/shifts: which till, and the cash in its drawer at the start.
struct ShiftOpening
{
    static constexpr int MaxTillLength = 100;
    static constexpr Cents MaxFloat = 100'000'000; // one million euros

    QString till;
    Cents floatCents = 0;

    QJsonObject toJson() const;
    // Throws a DomainError naming the field that is wrong.
    static ShiftOpening fromJson(const QJsonObject &json);
};

// POST /v1/shifts/{id}/close: the cash counted in the drawer at the end.
struct ShiftClosingRequest
{
    Cents counted = 0;
    QString note;

    QJsonObject toJson() const;
    static ShiftClosingRequest fromJson(const QJsonObject &json);
};

// A shift, open (its figures so far) or closed (its closing).
struct Shift
{
    qint64 id = 0;
    QString till;
    QString clerk; // the clerk's name
    Cents floatCents = 0;
    QDateTime openedAt; // UTC
    QDateTime closedAt; // invalid while open
    QString closedBy;   // who closed it (the clerk, or an admin)
    Cents cashSales = 0;
    Cents cashRefunds = 0;
    Cents cardSales = 0;
    Cents cardRefunds = 0;
    int salesCount = 0;
    int refundsCount = 0;
    // What the drawer should hold: the float, plus cash taken, minus cash
    // paid back.
    Cents expected = 0;
    std::optional<Cents> counted; // closed shifts only
    QString note;

    bool isOpen() const { return !closedAt.isValid(); }
    // Counted minus expected: positive is cash over, negative cash short.
    Cents difference() const { return counted.value_or(expected) - expected; }

    QJsonObject toJson() const;
    static Shift fromJson(const QJsonObject &json);
};
