#pragma once

#include <QJsonObject>
#include <QString>

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

// The first step of importCatalog, without a database: checks a file's
// "venue" object and lays out its seats; how many there are. Throws
// std::invalid_argument naming what is wrong.
qsizetype checkVenue(const QJsonObject &venue);
