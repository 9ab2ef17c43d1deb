#pragma once

#include "Caller.h"
#include "Reports.h"

class Database;

// The operators' reports (docs/API.md, "Reports"), summed by Postgres in
// integer cents: sales per event and day (a sale counts on the day it was
// made, a refund on the day it was made, both in the report's time zone).
// Admins only.
class ReportService
{
public:
    explicit ReportService(Database &db);

    // Throws DomainError: 403 for anyone but an admin, 400 for a bad
    // period, 404 for an unknown event.
    SalesReport sales(const ReportPeriod &period, qint64 eventId, const Caller &caller);
    // The tills' shifts closed in the period, by closing time.
    ShiftReport shifts(const ReportPeriod &period, const Caller &caller);

private:
    Database &m_db;
};
