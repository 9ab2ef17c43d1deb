#include "ShiftService.h"

#include "Database.h"
#include "DomainError.h"
#include "Protocol.h"

using namespace Qt::StringLiterals;

namespace {

QDateTime fromMs(const pqxx::field &field)
{
    return field.is_null() ? QDateTime()
                           : QDateTime::fromMSecsSinceEpoch(field.as<qint64>(), Qt::UTC);
}

void requireTill(const Caller &caller)
{
    if (!Protocol::mayTakeCash(caller.role))
        throw DomainError::forbidden(u"Till shifts are for box-office clerks and admins."_s);
}

// A shift's figures from what is tied to it: the sales it made and the
// refunds it paid, by how they were paid. Also what a closing stores.
constexpr char ShiftFigures[] =
    "SELECT coalesce((SELECT sum(total_cents) FROM bookings WHERE shift_id = s.id "
    "  AND payment_method = 'cash'), 0), "
    "coalesce((SELECT sum(total_cents) FROM bookings WHERE shift_id = s.id "
    "  AND payment_method = 'card'), 0), "
    "(SELECT count(*) FROM bookings WHERE shift_id = s.id), "
    "coalesce((SELECT sum(r.amount_cents) FROM refunds r JOIN bookings b ON b.id = r.booking_id "
    "  WHERE r.shift_id = s.id AND b.payment_method = 'cash'), 0), "
    "coalesce((SELECT sum(r.amount_cents) FROM refunds r JOIN bookings b ON b.id = r.booking_id "
    "  WHERE r.shift_id = s.id AND b.payment_method = 'card'), 0), "
    "(SELECT count(*) FROM refunds WHERE shift_id = s.id) "
    "FROM shifts s WHERE s.id = $1";

} // namespace

ShiftService::ShiftService(Database &db)
    : m_db(db)
{
}

std::optional<qint64> ShiftService::openShiftOf(pqxx::transaction_base &tx, qint64 userId)
{
    const pqxx::result rows = tx.exec_params(
        "SELECT id FROM shifts WHERE user_id = $1 AND closed_at IS NULL FOR KEY SHARE", userId);
    if (rows.empty())
        return std::nullopt;
    return rows[0][0].as<qint64>();
}

Shift ShiftService::read(pqxx::transaction_base &tx, qint64 shiftId)
{
    const pqxx::result rows = tx.exec_params(
        "SELECT s.id, s.till, u.name, s.float_cents, "
        "(extract(epoch FROM s.opened_at) * 1000)::bigint, "
        "(extract(epoch FROM s.closed_at) * 1000)::bigint, coalesce(c.name, ''), "
        "s.cash_sales_cents, s.card_sales_cents, s.sales_count, s.cash_refunds_cents, "
        "s.card_refunds_cents, s.refunds_count, s.expected_cents, s.counted_cents, s.note "
        "FROM shifts s JOIN users u ON u.id = s.user_id LEFT JOIN users c ON c.id = s.closed_by "
        "WHERE s.id = $1",
        shiftId);
    if (rows.empty())
        throw DomainError::notFound(u"No shift with id %1."_s.arg(shiftId));
    const pqxx::row r = rows[0];
    Shift shift;
    shift.id = r[0].as<qint64>();
    shift.till = toQString(r[1]);
    shift.clerk = toQString(r[2]);
    shift.floatCents = r[3].as<qint64>();
    shift.openedAt = fromMs(r[4]);
    shift.closedAt = fromMs(r[5]);
    shift.closedBy = toQString(r[6]);
    shift.note = toQString(r[15]);
    // A closed shift shows what its closing stored; an open one its
    // figures so far.
    const pqxx::row figures =
        shift.isOpen() ? tx.exec_params1(ShiftFigures, shiftId) : pqxx::row(r);
    const int base = shift.isOpen() ? 0 : 7;
    shift.cashSales = figures[base + 0].as<qint64>();
    shift.cardSales = figures[base + 1].as<qint64>();
    shift.salesCount = figures[base + 2].as<int>();
    shift.cashRefunds = figures[base + 3].as<qint64>();
    shift.cardRefunds = figures[base + 4].as<qint64>();
    shift.refundsCount = figures[base + 5].as<int>();
    shift.expected = shift.isOpen() ? shift.floatCents + shift.cashSales - shift.cashRefunds
                                    : r[13].as<qint64>();
    if (!shift.isOpen())
        shift.counted = r[14].as<qint64>();
    return shift;
}

void ShiftService::requireVisible(pqxx::transaction_base &tx, qint64 shiftId, const Caller &caller)
{
    requireTill(caller);
    const pqxx::result rows = tx.exec_params("SELECT user_id FROM shifts WHERE id = $1", shiftId);
    if (rows.empty() ||
        (rows[0][0].as<qint64>() != caller.id && caller.role != Protocol::Role::Admin))
        throw DomainError::notFound(u"No shift with id %1."_s.arg(shiftId));
}

Shift ShiftService::open(const ShiftOpening &opening, const Caller &caller)
{
    requireTill(caller);
    try {
        return m_db.transact([&](pqxx::work &tx) {
            const qint64 id = tx.exec_params1("INSERT INTO shifts (user_id, till, float_cents) "
                                              "VALUES ($1, $2, $3) RETURNING id",
                                              caller.id, toStd(opening.till), opening.floatCents)[0]
                                  .as<qint64>();
            return read(tx, id);
        });
    } catch (const pqxx::unique_violation &error) {
        // Which of the two: the clerk's own open shift, or the till's.
        pqxx::work tx(m_db.connection());
        const pqxx::result mine = tx.exec_params(
            "SELECT s.till, u.name FROM shifts s JOIN users u ON u.id = s.user_id "
            "WHERE s.closed_at IS NULL AND (s.user_id = $1 OR lower(s.till) = lower($2)) "
            "ORDER BY s.user_id = $1 DESC LIMIT 1",
            caller.id, toStd(opening.till));
        tx.commit();
        if (mine.empty())
            throw DomainError(ErrorCode::ShiftOpen,
                              u"A shift was opened at the same moment; try again."_s);
        const QString till = toQString(mine[0][0]);
        const QString clerk = toQString(mine[0][1]);
        if (std::string(error.what()).find("shifts_one_open_per_user") != std::string::npos)
            throw DomainError(ErrorCode::ShiftOpen,
                              u"You have a shift open at till \"%1\"; close it before opening "
                              "another."_s.arg(till));
        throw DomainError(ErrorCode::ShiftOpen,
                          u"Till \"%1\" has a shift open by %2; that shift must be closed "
                          "first."_s.arg(till, clerk));
    }
}

std::optional<Shift> ShiftService::current(const Caller &caller)
{
    requireTill(caller);
    pqxx::work tx(m_db.connection());
    const pqxx::result rows =
        tx.exec_params("SELECT id FROM shifts WHERE user_id = $1 AND closed_at IS NULL", caller.id);
    std::optional<Shift> shift;
    if (!rows.empty())
        shift = read(tx, rows[0][0].as<qint64>());
    tx.commit();
    return shift;
}

Shift ShiftService::get(qint64 shiftId, const Caller &caller)
{
    pqxx::work tx(m_db.connection());
    requireVisible(tx, shiftId, caller);
    Shift shift = read(tx, shiftId);
    tx.commit();
    return shift;
}

Shift ShiftService::close(qint64 shiftId, const ShiftClosingRequest &request, const Caller &caller)
{
    return m_db.transact([&](pqxx::work &tx) {
        requireVisible(tx, shiftId, caller);
        // FOR UPDATE conflicts with the KEY SHARE that a sale or refund tied
        // to this shift holds until it commits: those finish first and are
        // counted; later ones find the shift closed.
        const pqxx::row locked =
            tx.exec_params1("SELECT closed_at IS NOT NULL, to_char(closed_at AT TIME ZONE 'UTC', "
                            "'YYYY-MM-DD HH24:MI') FROM shifts WHERE id = $1 FOR UPDATE",
                            shiftId);
        if (locked[0].as<bool>())
            throw DomainError(
                ErrorCode::ShiftClosed,
                u"Shift %1 was closed already (%2 UTC); its closing stands."_s.arg(shiftId).arg(
                    toQString(locked[1])));
        const pqxx::row f = tx.exec_params1(ShiftFigures, shiftId);
        tx.exec_params0(
            "UPDATE shifts SET closed_at = now(), closed_by = $2, cash_sales_cents = $3, "
            "card_sales_cents = $4, sales_count = $5, cash_refunds_cents = $6, "
            "card_refunds_cents = $7, refunds_count = $8, "
            "expected_cents = float_cents + $3 - $6, counted_cents = $9, note = $10 "
            "WHERE id = $1",
            shiftId, caller.id, f[0].as<qint64>(), f[1].as<qint64>(), f[2].as<int>(),
            f[3].as<qint64>(), f[4].as<qint64>(), f[5].as<int>(), request.counted,
            toStd(request.note));
        return read(tx, shiftId);
    });
}
