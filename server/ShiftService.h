#pragma once

#include "Caller.h"
#include "Till.h"

#include <optional>
#include <pqxx/pqxx>

class Database;

// The till (docs/API.md, "Shifts and receipts"): a clerk opens a shift with
// a cash float, the sales and refunds the clerk makes while it is open are
// tied to it (BookingService), and closing it compares the cash counted with
// what the drawer should hold. A clerk and a till have at most one open
// shift (unique indexes); a shift is closed once: the close locks its row,
// waits for sales in flight that are tied to it, and records the figures in
// the same transaction. Clerks and admins only; an admin may read and close
// anyone's shift.
class ShiftService
{
public:
    explicit ShiftService(Database &db);

    // 201; 409 shift_open when the clerk or the till has one open already.
    Shift open(const ShiftOpening &opening, const Caller &caller);
    // The caller's open shift with its figures so far, if any.
    std::optional<Shift> current(const Caller &caller);
    Shift get(qint64 shiftId, const Caller &caller);
    // 409 shift_closed for a shift closed before.
    Shift close(qint64 shiftId, const ShiftClosingRequest &request, const Caller &caller);

    // The user's open shift, locked against its closing until the
    // transaction ends (sales and refunds tie themselves to it).
    static std::optional<qint64> openShiftOf(pqxx::transaction_base &tx, qint64 userId);

private:
    Shift read(pqxx::transaction_base &tx, qint64 shiftId);
    // Throws 404 unless the caller may see the shift: their own, or an admin.
    void requireVisible(pqxx::transaction_base &tx, qint64 shiftId, const Caller &caller);

    Database &m_db;
};
