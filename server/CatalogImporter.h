#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <pqxx/pqxx>

class Database;

struct ImportSummary
{
    qint64 venueId = 0;
    int seatsCreated = 0;
    int eventsCreated = 0;
    int eventsSkipped = 0; // already there: importing twice changes nothing
    qint64 ticketsCreated = 0;
};

// Imports a venue layout and its events from JSON (format in docs/API.md,
// "Importing a venue"). Everything in one transaction: a bad file changes
// nothing. Throws std::invalid_argument naming what is wrong.
ImportSummary importCatalog(Database &db, const QJsonObject &document);

// One event of the file's format (an entry of "events") at a venue already
// stored, in the caller's transaction: its price categories, and a ticket
// for every seat of the venue. What POST /v1/events makes. Throws
// std::invalid_argument naming what is wrong.
qint64 insertEvent(pqxx::work &tx, qint64 venueId, const QJsonObject &event,
                   qint64 *ticketsCreated = nullptr);

// One seat as the importer lays it out: x, y in tenths of a seat.
struct VenueSeat
{
    QString section, row;
    int number, x, y;
    bool accessible;
};

// The first step of importCatalog, without a database: checks a file's
// "venue" object and lays out its seats. Throws std::invalid_argument naming
// what is wrong.
QList<VenueSeat> layOutVenue(const QJsonObject &venue);
// How many seats layOutVenue finds.
qsizetype checkVenue(const QJsonObject &venue);
