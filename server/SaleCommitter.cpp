#include "SaleCommitter.h"

#include "Database.h"
#include "DomainError.h"
#include "EventVersions.h"
#include "Log.h"
#include "Metrics.h"
#include "PaymentLedger.h"
#include "Redis.h"
#include "TicketLedger.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>
#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <pthread.h>
#include <sodium.h>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

// The statements of a sale batch (SaleCommitter::commit), in the order it
// runs them.
struct Statement
{
    const char *name;
    const char *sql;
};
constexpr Statement SaleBatchKeys{
    "sale_batch_keys", "INSERT INTO idempotency_keys (user_id, key, request_hash) "
                       "SELECT u, k, h FROM unnest($1::bigint[], $2::text[], $3::text[]) "
                       "AS x(u, k, h) ORDER BY u, k ON CONFLICT DO NOTHING "
                       "RETURNING user_id, key"};
constexpr Statement SaleBatchHolds{"sale_batch_holds",
                                   "SELECT id::text, event_id, user_id, ticket_ids FROM holds "
                                   "WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE"};
constexpr Statement SaleBatchShifts{"sale_batch_shifts",
                                    "SELECT id FROM shifts WHERE id = ANY($1::bigint[]) "
                                    "AND closed_at IS NULL ORDER BY id FOR KEY SHARE"};
constexpr Statement SaleBatchTickets{"sale_batch_tickets",
                                     "SELECT t.id, t.event_id, t.status, t.hold_id::text, "
                                     "coalesce(t.hold_expires_at <= now(), false), t.counted, "
                                     "t.price_cents, s.section, s.row, s.number, pc.name, "
                                     "coalesce(pc.vat_rate_bp, v.vat_rate_bp), v.id, "
                                     "e.cancelled_at IS NOT NULL "
                                     "FROM tickets t JOIN seats s ON s.id = t.seat_id "
                                     "JOIN price_categories pc ON pc.id = t.price_category_id "
                                     "JOIN venues v ON v.id = s.venue_id "
                                     "JOIN events e ON e.id = t.event_id "
                                     "WHERE t.id = ANY($1::bigint[]) ORDER BY t.id "
                                     "FOR NO KEY UPDATE OF t"};
constexpr Statement SaleBatchAuthorizations{
    "sale_batch_authorizations", "SELECT id FROM payment_ledger WHERE id = ANY($1::bigint[]) "
                                 "AND operation = 'authorize' AND booking_id IS NULL "
                                 "AND released_at IS NULL ORDER BY id FOR NO KEY UPDATE"};
constexpr Statement SaleBatchIds{
    "sale_batch_ids", "WITH r AS (INSERT INTO receipt_counters AS c (venue_id, last_number) "
                      "  SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS n(v, n) "
                      "  ORDER BY v ON CONFLICT (venue_id) DO UPDATE "
                      "  SET last_number = c.last_number + EXCLUDED.last_number "
                      "  RETURNING venue_id, last_number) "
                      "SELECT nextval('bookings_id_seq'), to_char(now() AT TIME ZONE "
                      "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
                      "(SELECT json_agg(json_build_array(venue_id, last_number)) FROM r) "
                      "FROM generate_series(1, $1)"};
constexpr Statement SaleBatchVersions{
    "sale_batch_versions", "WITH l AS (SELECT id FROM events WHERE id = ANY($1::bigint[]) "
                           "ORDER BY id FOR NO KEY UPDATE) "
                           "UPDATE events e SET version = e.version + 1, "
                           "available = e.available - n.uncounted FROM l JOIN "
                           "unnest($1::bigint[], $2::int[]) AS n(event_id, uncounted) "
                           "ON n.event_id = l.id WHERE e.id = l.id "
                           "RETURNING e.id, e.version"};
constexpr Statement SaleBatchDecide{
    "sale_batch_decide", "WITH x AS (SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], "
                         "  $4::text[], $5::bigint[], $6::text[], $7::text[], $8::bigint[], "
                         "  $9::text[], $10::bigint[], $11::text[], $12::text[], $23::bigint[], "
                         "  $24::bigint[], $25::bigint[], $26::text[], $27::text[]) "
                         "  AS x(booking_id, code, user_id, key, event_id, method, customer_name, "
                         "  total, reference, authorization_id, capture_key, answer, venue_id, "
                         "  receipt_number, shift_id, settled_key, settled_capture)), "
                         "b AS (INSERT INTO bookings (id, code, user_id, event_id, "
                         "  payment_method, customer_name, total_cents, payment_reference, "
                         "  venue_id, receipt_number, shift_id) "
                         "  SELECT booking_id, code, user_id, event_id, method, customer_name, "
                         "  total, reference, venue_id, receipt_number, nullif(shift_id, 0) "
                         "  FROM x), "
                         "w AS (SELECT * FROM unnest($13::bigint[], $14::bigint[], $15::uuid[], "
                         "  $16::bigint[]) AS w(booking_id, ticket_id, hold_id, version)), "
                         "t AS (UPDATE tickets t SET status = 'sold', booking_id = w.booking_id, "
                         "  hold_id = NULL, hold_expires_at = NULL, version = w.version, "
                         "  counted = false FROM w WHERE t.id = w.ticket_id "
                         "  AND (t.status = 'available' OR (t.status = 'held' AND "
                         "  (t.hold_expires_at <= now() OR t.hold_id = w.hold_id))) "
                         "  RETURNING t.id, t.event_id, t.booking_id), "
                         "a AS (UPDATE payment_ledger p SET status = 'succeeded', "
                         "  reference = x.reference, booking_id = x.booking_id, "
                         "  updated_at = now() FROM x WHERE x.authorization_id <> 0 "
                         "  AND p.id = x.authorization_id "
                         "  RETURNING p.id, p.method, p.amount_cents, p.booking_id, "
                         "  x.capture_key), "
                         // In-process providers: the authorization and its
                         // capture, each written once.
                         "s AS (INSERT INTO payment_ledger (operation, method, amount_cents, "
                         "  idempotency_key, reference, status, sale_key, attempt, booking_id) "
                         "  SELECT 'authorize', method, total, settled_key, reference, "
                         "  'succeeded', settled_key, 1, booking_id FROM x "
                         "  WHERE authorization_id = 0 RETURNING id, booking_id), "
                         "c AS (INSERT INTO payment_ledger (operation, method, amount_cents, "
                         "  idempotency_key, authorization_id, booking_id, reference, status) "
                         "  SELECT 'capture', method, amount_cents, capture_key, id, booking_id, "
                         "  NULL, 'started' FROM a "
                         "  UNION ALL SELECT 'capture', x.method, x.total, x.capture_key, s.id, "
                         "  s.booking_id, x.settled_capture, 'succeeded' "
                         "  FROM s JOIN x ON x.booking_id = s.booking_id "
                         "  RETURNING id, booking_id), "
                         "h AS (UPDATE holds SET released_at = now() "
                         "  WHERE id = ANY($17::uuid[]) AND released_at IS NULL), "
                         "i AS (UPDATE idempotency_keys k SET status_code = 201, "
                         "  response = x.answer FROM x WHERE k.user_id = x.user_id "
                         "  AND k.key = x.key), "
                         "d AS (DELETE FROM idempotency_keys k "
                         "  USING unnest($18::bigint[], $19::text[]) AS z(u, k) "
                         "  WHERE k.user_id = z.u AND k.key = z.k), "
                         // Which seat went to which booking: invariant 1's
                         // backstop is its unique index on live sales.
                         "bt AS (INSERT INTO booking_tickets (booking_id, ticket_id, price_cents, "
                         "  secret, vat_rate_bp) SELECT * FROM unnest($13::bigint[], "
                         "  $14::bigint[], $28::int[], $29::text[], $30::int[])) "
                         "SELECT (SELECT json_agg(json_build_array(booking_id, id)) FROM c), "
                         "(SELECT json_agg(json_build_array(booking_id, n)) FROM "
                         "  (SELECT booking_id, count(*) AS n FROM t GROUP BY booking_id) sold), "
                         "(SELECT count(pg_notify('boxoffice_tickets', json_build_object("
                         "  'event_id', v.id, 'version', v.version, 'tickets', "
                         "  (SELECT CASE WHEN count(*) <= $22 THEN json_agg(json_build_object("
                         "  'id', t.id, 'status', 'sold') ORDER BY t.id) END "
                         "  FROM t WHERE t.event_id = v.id))::text)) "
                         "  FROM unnest($20::bigint[], $21::bigint[]) AS v(id, version))"};
constexpr Statement SaleBatchStatements[] = {
    SaleBatchKeys,           SaleBatchHolds, SaleBatchShifts,   SaleBatchTickets,
    SaleBatchAuthorizations, SaleBatchIds,   SaleBatchVersions, SaleBatchDecide};

// length characters of an unambiguous alphabet (no 0/O, 1/I), 5 random
// bits each, drawn in one call (one system call, not one per character).
QString randomCode(int length)
{
    static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    unsigned char bytes[32];
    Q_ASSERT(length <= 32);
    randombytes_buf(bytes, static_cast<size_t>(length));
    QString code(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        code[i] = QLatin1Char(alphabet[bytes[i] % 32]); // 256 is a multiple of 32: unbiased
    return code;
}

// Short and readable: 32^8 ≈ 10^12 codes.
QString newBookingCode()
{
    return randomCode(8);
}

// A ticket's secret, printed as its QR code (docs/API.md, "Check-in"): 20
// of the same characters, 100 random bits, so nobody can work out another
// ticket's from their own. Migration 009's new_ticket_secret() makes the
// same kind for tickets sold before it.
QString newTicketSecret()
{
    return randomCode(20);
}

// Above this many tickets a NOTIFY carries only the version; listeners read
// the tickets back (NOTIFY payloads are limited to 8000 bytes). The same
// bound as ChangePublisher's.
constexpr int MaxTicketsInNotify = 200;

// A ticket as the lock statement found it.
struct LockedTicket
{
    qint64 eventId = 0;
    QString status;
    QUuid holdId;
    bool holdExpired = false;
    bool counted = false;
    Cents price = 0;
    qint64 venueId = 0;
    // Its event was cancelled (read, not locked: the cancellation takes the
    // seats off sale too, after waiting for this batch's ticket locks).
    bool eventCancelled = false;
    BookedTicket seat;
};

struct LockedHold
{
    qint64 eventId = 0;
    qint64 userId = 0;
    QList<qint64> ticketIds;
};

QList<qint64> bigintArray(const pqxx::field &field)
{
    QList<qint64> ids;
    auto array = field.as_array();
    for (auto item = array.get_next(); item.first != pqxx::array_parser::done;
         item = array.get_next()) {
        if (item.first == pqxx::array_parser::string_value)
            ids.append(std::stoll(item.second));
    }
    return ids;
}

std::string uuidArray(const QList<QUuid> &ids)
{
    QStringList text;
    for (const QUuid &id : ids)
        text.append(id.toString(QUuid::WithoutBraces));
    return toPgTextArray(text);
}

// The decision for a batch whose transaction failed as a whole.
std::vector<SaleDecision> failedAll(std::span<const SaleOrder *const> orders,
                                    std::exception_ptr error)
{
    std::vector<SaleDecision> decisions(orders.size());
    for (size_t i = 0; i < orders.size(); ++i) {
        decisions[i].ticketIds = orders[i]->ticketIds;
        decisions[i].error = error;
    }
    return decisions;
}

// Thrown out of a batch's transaction when no sale won: it rolls back, and
// the keys it claimed go with it.
struct NothingSold
{
    std::vector<SaleDecision> decisions;
};

} // namespace

// Marks sold seats in the Redis filter on a thread of its own, whatever the
// committers hand in while it was busy in one round trip.
class SaleCommitter::SoldMarker
{
public:
    SoldMarker(RedisAddress address, Metrics &metrics)
        : m_redis(std::move(address))
        , m_metrics(metrics)
        , m_thread([this] {
            pthread_setname_np(pthread_self(), "sold-marker");
            run();
        })
    {
    }
    ~SoldMarker()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    void post(const QList<qint64> &tickets, const QList<QByteArray> &owners,
              const QList<QByteArray> &reservations)
    {
        {
            std::lock_guard lock(m_mutex);
            m_tickets += tickets;
            m_owners += owners;
            m_reservations += reservations;
        }
        m_wake.notify_one();
    }

private:
    void run()
    {
        for (;;) {
            QList<qint64> tickets;
            QList<QByteArray> owners, reservations;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stopping || !m_tickets.isEmpty(); });
                if (m_tickets.isEmpty())
                    return; // stopping, and everything handed in is marked
                tickets.swap(m_tickets);
                owners.swap(m_owners);
                reservations.swap(m_reservations);
            }
            if (!TicketLedger::markSold(m_redis, tickets, owners, reservations))
                ++m_metrics.redisUnavailable;
        }
    }

    Redis m_redis;
    Metrics &m_metrics;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    QList<qint64> m_tickets;
    QList<QByteArray> m_owners, m_reservations;
    bool m_stopping = false;
    std::thread m_thread;
};

SaleCommitter::SaleCommitter(const std::string &conninfo, int committers, Metrics &metrics,
                             EventVersions *versions, std::optional<RedisAddress> redis)
    : m_metrics(metrics)
    , m_versions(versions)
    , m_marker(redis ? std::make_unique<SoldMarker>(std::move(*redis), metrics) : nullptr)
    , m_intents("sale-intents", conninfo, SessionSetup, 1, MaxBatch,
                [](Database &db, std::vector<AuthorizationIntent> &intents) {
                    return recordIntents(db, intents);
                })
    , m_sales(
          "sale-commit", conninfo, SessionSetup, committers, MaxBatch,
          [this](Database &db, std::vector<SaleOrder> &orders) { return commitBatch(db, orders); },
          warmUp)
    , m_captures("sale-captures", conninfo, SessionSetup, 1, MaxBatch,
                 [](Database &db, std::vector<Captured> &captured) {
                     QList<qint64> ids;
                     QStringList references;
                     for (const Captured &capture : captured) {
                         ids.append(capture.id);
                         references.append(capture.reference);
                     }
                     try {
                         PaymentLedger::succeeded(db, ids, references);
                     } catch (const std::exception &error) {
                         if (Database::isConnectionLoss(error))
                             db.reset();
                         qCWarning(lcBooking)
                             << "could not record" << ids.size()
                             << "captures; the reconciler finishes them:" << error.what();
                     }
                     return std::vector<bool>(captured.size(), true);
                 })
{
}

SaleCommitter::~SaleCommitter() = default;

IntentRecord SaleCommitter::recordIntent(const AuthorizationIntent &intent)
{
    return m_intents.submit(intent);
}

SaleDecision SaleCommitter::decide(const SaleOrder &order)
{
    return m_sales.submit(order);
}

void SaleCommitter::decide(SaleOrder order, std::function<void(SaleDecision &&)> decided)
{
    QList<qint64> ticketIds = order.ticketIds;
    m_sales.submit(std::move(order),
                   [decided = std::move(decided), ticketIds = std::move(ticketIds)](
                       SaleDecision *decision, std::exception_ptr error) {
                       if (decision) {
                           decided(std::move(*decision));
                           return;
                       }
                       SaleDecision failed; // the batch failed as a whole: this sale with it
                       failed.ticketIds = ticketIds;
                       failed.error = error;
                       decided(std::move(failed));
                   });
}

void SaleCommitter::recordCaptured(qint64 captureId, const QString &reference)
{
    m_captures.post(Captured{captureId, reference});
}

void SaleCommitter::warmUp(Database &db)
{
    for (const Statement &statement : SaleBatchStatements)
        db.connection().prepare_now(db.prepared(statement.name, statement.sql));
    pqxx::nontransaction tx(db.connection());
    for (const Statement &statement : SaleBatchStatements) {
        const int parameters =
            tx.exec_params1("SELECT cardinality(parameter_types) FROM pg_prepared_statements "
                            "WHERE name = $1",
                            statement.name)[0]
                .as<int>();
        // Planned once with every parameter NULL: EXPLAIN runs nothing.
        std::string explain = "EXPLAIN EXECUTE " + tx.quote_name(statement.name) + '(';
        for (int i = 0; i < parameters; ++i)
            explain += i ? ", NULL" : "NULL";
        tx.exec(explain + ')');
    }
}

std::vector<SaleDecision> SaleCommitter::commitBatch(Database &db, std::vector<SaleOrder> &batch)
{
    std::vector<const SaleOrder *> orders;
    orders.reserve(batch.size());
    for (const SaleOrder &order : batch)
        orders.push_back(&order);
    std::vector<SaleDecision> decisions = commit(db, orders, m_versions);
    // A batch that failed as a whole (not for lost connection) is decided
    // again sale by sale, so only the sale at fault fails.
    if (orders.size() > 1 && decisions.front().outcome == SaleDecision::Outcome::Failed) {
        bool connectionLost = false;
        try {
            std::rethrow_exception(decisions.front().error);
        } catch (const std::exception &error) {
            connectionLost = Database::isConnectionLoss(error);
        } catch (...) {
        }
        if (!connectionLost) {
            for (size_t i = 0; i < orders.size(); ++i)
                decisions[i] = std::move(commit(db, {&orders[i], 1}, m_versions).front());
        }
    }
    markSold(batch, decisions);
    ++m_metrics.saleBatches;
    m_metrics.batchedSales += static_cast<qint64>(orders.size());
    return decisions;
}

void SaleCommitter::markSold(const std::vector<SaleOrder> &orders,
                             const std::vector<SaleDecision> &decisions)
{
    if (!m_marker)
        return;
    QList<qint64> tickets;
    QList<QByteArray> owners, reservations;
    for (size_t i = 0; i < orders.size(); ++i) {
        const SaleOrder &order = orders[i];
        if (decisions[i].outcome != SaleDecision::Outcome::Sold || order.owner.isEmpty())
            continue;
        // What the seat's filter key holds while the sale runs: the hold it
        // sells (HoldService), or the sale's own token (BookingService).
        const QByteArray reservation =
            order.holdId.isEmpty() ? order.owner
                                   : QUuid(order.holdId).toString(QUuid::WithoutBraces).toLatin1();
        for (const BookedTicket &ticket : decisions[i].booking.tickets) {
            tickets.append(ticket.id);
            owners.append(order.owner);
            reservations.append(reservation);
        }
    }
    if (!tickets.isEmpty())
        m_marker->post(tickets, owners, reservations);
}

std::vector<SaleDecision> SaleCommitter::commit(Database &db,
                                                std::span<const SaleOrder *const> orders,
                                                EventVersions *eventVersions)
{
    // Taken before the transaction: what it commits is current after this.
    const quint64 epoch = eventVersions ? eventVersions->epoch() : 0;
    using Outcome = SaleDecision::Outcome;
    const size_t count = orders.size();
    std::vector<SaleDecision> decisions;
    std::map<qint64, qint64> versions; // event -> version committed
    try {
        decisions = db.transact([&](pqxx::work &tx) {
            std::vector<SaleDecision> decided(count);
            versions.clear();
            std::vector<bool> active(count, true);
            for (size_t i = 0; i < count; ++i)
                decided[i].ticketIds = orders[i]->ticketIds;

            // 1. The Idempotency-Keys, claimed first: a concurrent attempt of
            // the same request (in another batch or instance) waits here
            // until this transaction ends. A key twice in the batch is the
            // first sale's.
            {
                QSet<QPair<qint64, QByteArray>> seen;
                std::vector<qint64> users;
                std::vector<std::string> keys, hashes;
                for (size_t i = 0; i < count; ++i) {
                    const auto key = qMakePair(
                        orders[i]->userId, QByteArray::fromStdString(orders[i]->idempotencyKey));
                    if (seen.contains(key)) {
                        active[i] = false;
                        decided[i].outcome = Outcome::KeyInFlight;
                        continue;
                    }
                    seen.insert(key);
                    users.push_back(orders[i]->userId);
                    keys.push_back(orders[i]->idempotencyKey);
                    hashes.push_back(orders[i]->requestHash);
                }
                const pqxx::result claimed =
                    tx.exec_prepared(db.prepared(SaleBatchKeys.name, SaleBatchKeys.sql),
                                     toPgArray(users), toPgTextArray(keys), toPgTextArray(hashes));
                QSet<QPair<qint64, QByteArray>> mine;
                for (const pqxx::row &row : claimed)
                    mine.insert(qMakePair(row[0].as<qint64>(),
                                          QByteArray::fromStdString(row[1].as<std::string>())));
                for (size_t i = 0; i < count; ++i) {
                    if (active[i] && !mine.contains(qMakePair(
                                         orders[i]->userId,
                                         QByteArray::fromStdString(orders[i]->idempotencyKey)))) {
                        active[i] = false;
                        decided[i].outcome = Outcome::KeyInFlight;
                    }
                }
            }
            // Every sale that claimed its key and does not win gives it back,
            // whatever step it loses at.
            const std::vector<bool> claimedKey = active;

            // 2. The holds sold, locked so they cannot change under the sale.
            QHash<QUuid, LockedHold> holds;
            {
                QList<QUuid> holdIds;
                for (size_t i = 0; i < count; ++i) {
                    if (active[i] && !orders[i]->holdId.isEmpty())
                        holdIds.append(QUuid(orders[i]->holdId));
                }
                if (!holdIds.isEmpty()) {
                    for (const pqxx::row &row :
                         tx.exec_prepared(db.prepared(SaleBatchHolds.name, SaleBatchHolds.sql),
                                          uuidArray(holdIds)))
                        holds.insert(QUuid(toQString(row[0])),
                                     LockedHold{row[1].as<qint64>(), row[2].as<qint64>(),
                                                bigintArray(row[3])});
                }
                for (size_t i = 0; i < count; ++i) {
                    if (!active[i] || orders[i]->holdId.isEmpty())
                        continue;
                    const auto hold = holds.constFind(QUuid(orders[i]->holdId));
                    // Someone else's hold is as good as none (invariant 7).
                    if (hold == holds.cend() || hold->userId != orders[i]->userId ||
                        hold->eventId != orders[i]->eventId) {
                        active[i] = false;
                        decided[i].outcome = Outcome::HoldNotFound;
                        continue;
                    }
                    decided[i].ticketIds = hold->ticketIds;
                }
            }

            // 2b. The sellers' till shifts, still open: closing a shift locks
            // its row FOR UPDATE, so it waits for this transaction, and a
            // sale that comes after the closing sees it closed.
            {
                QList<qint64> shifts;
                for (size_t i = 0; i < count; ++i) {
                    if (active[i] && orders[i]->shiftId > 0)
                        shifts.append(orders[i]->shiftId);
                }
                if (!shifts.isEmpty()) {
                    std::sort(shifts.begin(), shifts.end());
                    QSet<qint64> open;
                    for (const pqxx::row &row :
                         tx.exec_prepared(db.prepared(SaleBatchShifts.name, SaleBatchShifts.sql),
                                          toPgArray(shifts)))
                        open.insert(row[0].as<qint64>());
                    for (size_t i = 0; i < count; ++i) {
                        if (active[i] && orders[i]->shiftId > 0 &&
                            !open.contains(orders[i]->shiftId)) {
                            active[i] = false;
                            decided[i].outcome = Outcome::ShiftClosed;
                        }
                    }
                }
            }

            // 3. Every ticket asked for, locked in id order, with what the
            // booking shows of its seat and its VAT rate.
            QHash<qint64, LockedTicket> tickets;
            {
                QList<qint64> wanted;
                for (size_t i = 0; i < count; ++i) {
                    if (active[i])
                        wanted += decided[i].ticketIds;
                }
                std::sort(wanted.begin(), wanted.end());
                wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
                for (const pqxx::row &row :
                     tx.exec_prepared(db.prepared(SaleBatchTickets.name, SaleBatchTickets.sql),
                                      toPgArray(wanted))) {
                    const qint64 id = row[0].as<qint64>();
                    LockedTicket ticket;
                    ticket.eventId = row[1].as<qint64>();
                    ticket.status = toQString(row[2]);
                    if (!row[3].is_null())
                        ticket.holdId = QUuid(toQString(row[3]));
                    ticket.holdExpired = row[4].as<bool>();
                    ticket.counted = row[5].as<bool>();
                    ticket.price = row[6].as<qint64>();
                    ticket.venueId = row[12].as<qint64>();
                    ticket.eventCancelled = row[13].as<bool>();
                    ticket.seat = BookedTicket{id,
                                               toQString(row[7]),
                                               toQString(row[8]),
                                               row[9].as<int>(),
                                               ticket.price,
                                               toQString(row[10]),
                                               false,
                                               {},
                                               row[11].as<int>()};
                    tickets.insert(id, ticket);
                }
            }

            // 4. The outside providers' authorizations, locked while nobody
            // has given them up: a booking never commits on a voided
            // authorization.
            QSet<qint64> authorizations;
            {
                QList<qint64> ids;
                for (size_t i = 0; i < count; ++i) {
                    if (active[i] && !orders[i]->settlesHere)
                        ids.append(orders[i]->authorizationId);
                }
                std::sort(ids.begin(), ids.end());
                if (!ids.isEmpty())
                    for (const pqxx::row &row : tx.exec_prepared(
                             db.prepared(SaleBatchAuthorizations.name, SaleBatchAuthorizations.sql),
                             toPgArray(ids)))
                        authorizations.insert(row[0].as<qint64>());
            }

            // The decisions, in the order the sales came: a seat taken by
            // an earlier sale of this batch is taken for the later ones.
            QSet<qint64> taken;
            std::map<qint64, int> uncounted; // event -> tickets leaving the available count
            std::vector<size_t> winners;
            for (size_t i = 0; i < count; ++i) {
                if (!active[i])
                    continue;
                const SaleOrder &order = *orders[i];
                SaleDecision &decision = decided[i];
                const QUuid holdId = order.holdId.isEmpty() ? QUuid() : QUuid(order.holdId);
                Cents total = 0;
                for (qint64 id : std::as_const(decision.ticketIds)) {
                    const auto ticket = tickets.constFind(id);
                    const bool free =
                        ticket != tickets.cend() && ticket->eventId == order.eventId &&
                        !ticket->eventCancelled && !taken.contains(id) &&
                        (ticket->status == u"available"_s ||
                         (ticket->status == u"held"_s &&
                          (ticket->holdExpired || (!holdId.isNull() && ticket->holdId == holdId))));
                    if (!free)
                        decision.unavailable.append(id);
                    else
                        total += ticket->price;
                }
                if (!decision.unavailable.isEmpty()) {
                    decision.outcome = Outcome::SeatsTaken;
                    continue;
                }
                std::optional<PaymentReceipt> paid = order.booking.payment;
                if (order.settlesHere) {
                    // The provider answers here, at the price of the seats as
                    // locked: a pure function, so asking under the locks
                    // costs nothing, and a declined sale takes no seat and
                    // no receipt number.
                    const PaymentResult answer = order.settlesHere->authorize(
                        PaymentRequest{total, order.paymentDetails,
                                       QByteArray::fromStdString(order.authorizationKey)});
                    if (!answer.approved) {
                        decision.outcome = Outcome::Declined;
                        decision.payment = answer;
                        decision.amount = total;
                        continue;
                    }
                    paid = receiptFor(*order.settlesHere, answer);
                } else if (total != order.amount) {
                    decision.outcome = Outcome::PriceChanged;
                    continue;
                } else if (!authorizations.contains(order.authorizationId)) {
                    decision.outcome = Outcome::AuthorizationGone;
                    continue;
                }
                decision.outcome = Outcome::Sold;
                decision.booking = order.booking;
                decision.booking.payment = paid;
                decision.booking.total = total;
                for (qint64 id : std::as_const(decision.ticketIds)) {
                    taken.insert(id);
                    const LockedTicket &ticket = tickets[id];
                    decision.booking.tickets.append(ticket.seat);
                    uncounted[order.eventId] += ticket.counted ? 1 : 0;
                }
                std::sort(decision.booking.tickets.begin(), decision.booking.tickets.end(),
                          [](const BookedTicket &a, const BookedTicket &b) { return a.id < b.id; });
                winners.push_back(i);
            }
            if (winners.empty())
                throw NothingSold{std::move(decided)};

            // 5. The winners' booking ids, time and receipt numbers, so their
            // answers are made before the event rows are locked. Receipt
            // numbers are gap-free per venue: taken from the venue's counter
            // in this transaction (locked in venue order until the commit),
            // so a sale that rolls back gives its number back.
            std::vector<qint64> winnerVenues;
            {
                std::map<qint64, qint64> perVenue; // venue -> winners
                for (size_t i : winners) {
                    const qint64 venue = tickets[decided[i].ticketIds.front()].venueId;
                    winnerVenues.push_back(venue);
                    ++perVenue[venue];
                }
                std::vector<qint64> venues, counts;
                for (const auto &[venue, n] : perVenue) {
                    venues.push_back(venue);
                    counts.push_back(n);
                }
                const pqxx::result ids = tx.exec_prepared(
                    db.prepared(SaleBatchIds.name, SaleBatchIds.sql),
                    static_cast<qint64>(winners.size()), toPgArray(venues), toPgArray(counts));
                // Each venue's first new number, handed out in the batch's order.
                std::map<qint64, qint64> next;
                const pqxx::field last = ids[0][2];
                const QJsonArray lastNumbers =
                    QJsonDocument::fromJson(
                        QByteArray(last.c_str(), static_cast<qsizetype>(last.size())))
                        .array();
                for (const QJsonValue &pair : lastNumbers) {
                    const qint64 venue = pair[0].toInteger();
                    next[venue] = pair[1].toInteger() - perVenue.at(venue) + 1;
                }
                QSet<QString> codes;
                for (size_t w = 0; w < winners.size(); ++w) {
                    Booking &booking = decided[winners[w]].booking;
                    booking.id = ids[static_cast<pqxx::result::size_type>(w)][0].as<qint64>();
                    booking.createdAt = QDateTime::fromString(
                        toQString(ids[static_cast<pqxx::result::size_type>(w)][1]), Qt::ISODate);
                    booking.receiptNumber = next.at(winnerVenues[w])++;
                    do
                        booking.code = newBookingCode();
                    while (codes.contains(booking.code));
                    codes.insert(booking.code);
                    for (BookedTicket &ticket : booking.tickets)
                        ticket.secret = newTicketSecret();
                }
            }

            // 6. One statement decides the rest while the event rows are
            // locked (from here to the commit): each event's next version
            // (commit order), the bookings, the winners' tickets by the
            // conditional update that is the guard (invariant 1) and the
            // record of which seat went to which booking, the payments (an
            // outside provider's authorization's outcome and its capture's
            // intent; an in-process provider's both calls), the stored
            // answers, the holds released, the losers' keys given back, and
            // the change told to every instance.
            {
                std::vector<qint64> bookingIds, users, events, totals, ledger, ticketBookings,
                    ticketIds, eventIds, uncountedTickets, loserUsers, receipts, shifts;
                std::vector<std::string> codes, methods, names, references, captureKeys, keys,
                    answers, ticketHolds, loserKeys, settledKeys, settledCaptures;
                QList<QUuid> soldHolds;
                for (size_t i : winners) {
                    const SaleOrder &order = *orders[i];
                    const Booking &booking = decided[i].booking;
                    bookingIds.push_back(booking.id);
                    codes.push_back(toStd(booking.code));
                    users.push_back(order.userId);
                    keys.push_back(order.idempotencyKey);
                    events.push_back(order.eventId);
                    methods.push_back(toStd(booking.paymentMethod));
                    names.push_back(toStd(booking.customerName));
                    totals.push_back(booking.total);
                    references.push_back(
                        toStd(booking.payment ? booking.payment->reference : QString()));
                    ledger.push_back(order.authorizationId);
                    receipts.push_back(booking.receiptNumber);
                    shifts.push_back(order.shiftId);
                    captureKeys.push_back(order.captureKey);
                    // An in-process provider's capture, made at once: it
                    // cannot fail, and it is recorded with the booking.
                    settledKeys.push_back(order.settlesHere ? order.authorizationKey
                                                            : std::string());
                    settledCaptures.push_back(
                        order.settlesHere ? toStd(order.settlesHere->capture(
                                                booking.payment->reference, booking.total,
                                                QByteArray::fromStdString(order.captureKey)))
                                          : std::string());
                    decided[i].answer = booking.toCompactJson();
                    answers.push_back(decided[i].answer.toStdString());
                    if (!order.holdId.isEmpty())
                        soldHolds.append(QUuid(order.holdId));
                    for (const BookedTicket &ticket : booking.tickets) {
                        ticketBookings.push_back(booking.id);
                        ticketIds.push_back(ticket.id);
                        ticketHolds.push_back(
                            toStd((order.holdId.isEmpty() ? QUuid() : QUuid(order.holdId))
                                      .toString(QUuid::WithoutBraces)));
                    }
                }
                for (const auto &[event, n] : uncounted) {
                    eventIds.push_back(event);
                    uncountedTickets.push_back(n);
                }
                for (size_t i = 0; i < count; ++i) {
                    if (claimedKey[i] && decided[i].outcome != Outcome::Sold) {
                        loserUsers.push_back(orders[i]->userId);
                        loserKeys.push_back(orders[i]->idempotencyKey);
                    }
                }
                // Alone in its statement, so the foreign-key checks of the
                // statements after it find event rows this transaction
                // already wrote (a row updated and checked in one statement
                // can deadlock with a transaction queued for it).
                std::vector<qint64> ticketVersions, ticketPrices, ticketVat;
                std::vector<std::string> ticketSecrets;
                for (const pqxx::row &row :
                     tx.exec_prepared(db.prepared(SaleBatchVersions.name, SaleBatchVersions.sql),
                                      toPgArray(eventIds), toPgArray(uncountedTickets)))
                    versions[row[0].as<qint64>()] = row[1].as<qint64>();
                std::vector<qint64> versionList;
                for (qint64 event : eventIds)
                    versionList.push_back(versions.at(event));
                for (size_t i : winners) {
                    for (const BookedTicket &ticket : decided[i].booking.tickets) {
                        ticketVersions.push_back(versions.at(orders[i]->eventId));
                        ticketPrices.push_back(ticket.price);
                        ticketVat.push_back(ticket.vatRateBp);
                        ticketSecrets.push_back(toStd(ticket.secret));
                    }
                }
                const pqxx::row done = tx.exec_prepared1(
                    db.prepared(SaleBatchDecide.name, SaleBatchDecide.sql), toPgArray(bookingIds),
                    toPgTextArray(codes), toPgArray(users), toPgTextArray(keys), toPgArray(events),
                    toPgTextArray(methods), toPgTextArray(names), toPgArray(totals),
                    toPgTextArray(references), toPgArray(ledger), toPgTextArray(captureKeys),
                    toPgTextArray(answers), toPgArray(ticketBookings), toPgArray(ticketIds),
                    toPgTextArray(ticketHolds), toPgArray(ticketVersions), uuidArray(soldHolds),
                    toPgArray(loserUsers), toPgTextArray(loserKeys), toPgArray(eventIds),
                    toPgArray(versionList), MaxTicketsInNotify, toPgArray(winnerVenues),
                    toPgArray(receipts), toPgArray(shifts), toPgTextArray(settledKeys),
                    toPgTextArray(settledCaptures), toPgArray(ticketPrices),
                    toPgTextArray(ticketSecrets), toPgArray(ticketVat));
                const auto pairs = [](const pqxx::field &field) {
                    QHash<qint64, qint64> map;
                    const QJsonArray array =
                        QJsonDocument::fromJson(
                            QByteArray(field.c_str(), static_cast<qsizetype>(field.size())))
                            .array();
                    for (const QJsonValue &pair : array)
                        map.insert(pair[0].toInteger(), pair[1].toInteger());
                    return map;
                };
                const QHash<qint64, qint64> captureOf = pairs(done[0]);
                const QHash<qint64, qint64> seatsOf = pairs(done[1]);
                for (size_t i : winners) {
                    SaleDecision &decision = decided[i];
                    // The locks make a shortfall impossible; the guard checks anyway.
                    if (seatsOf.value(decision.booking.id) != decision.booking.tickets.size() ||
                        !captureOf.contains(decision.booking.id))
                        throw std::runtime_error(
                            "a conditional update took fewer seats than the batch decided");
                    decision.captureId = captureOf.value(decision.booking.id);
                }
            }
            return decided;
        });
    } catch (const pqxx::unique_violation &error) {
        // A booking code taken by an earlier booking (1 in 10^12), or a
        // ticket's secret (1 in 10^30): the batch runs again with new ones.
        const std::string what = error.what();
        if (what.find("bookings_code_key") != std::string::npos ||
            what.find("booking_tickets_secret_key") != std::string::npos)
            return commit(db, orders, eventVersions);
        return failedAll(orders, std::current_exception());
    } catch (NothingSold &nothing) {
        return std::move(nothing.decisions);
    } catch (...) {
        return failedAll(orders, std::current_exception());
    }
    if (eventVersions) {
        for (const auto &[event, version] : versions)
            eventVersions->record(event, {version, -1}, epoch);
    }
    return decisions;
}

std::vector<IntentRecord> SaleCommitter::recordIntents(Database &db,
                                                       std::span<const AuthorizationIntent> intents)
{
    // Attempts of one request (the same sale key) share one authorization:
    // the first of them in the batch speaks for the others.
    std::vector<size_t> speaker(intents.size());
    QHash<QByteArray, size_t> first;
    std::vector<qint64> numbers, users, events, namedNumbers, namedTickets;
    std::vector<std::string> keys, saleKeys, holds, methods;
    for (size_t i = 0; i < intents.size(); ++i) {
        const AuthorizationIntent &intent = intents[i];
        const QByteArray saleKey = QByteArray::fromStdString(intent.saleKey);
        if (const auto found = first.constFind(saleKey); found != first.cend()) {
            speaker[i] = *found;
            continue;
        }
        first.insert(saleKey, i);
        speaker[i] = i;
        numbers.push_back(static_cast<qint64>(i));
        users.push_back(intent.userId);
        keys.push_back(intent.idempotencyKey);
        saleKeys.push_back(intent.saleKey);
        events.push_back(intent.eventId);
        holds.push_back(toStd((intent.holdId.isEmpty() ? QUuid() : QUuid(intent.holdId))
                                  .toString(QUuid::WithoutBraces)));
        methods.push_back(toStd(intent.method));
        for (qint64 ticket : intent.ticketIds) {
            namedNumbers.push_back(static_cast<qint64>(i));
            namedTickets.push_back(ticket);
        }
    }
    static const std::string sql =
        std::string(PaymentLedger::AsyncCommit) +
        ", r AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], "
        "  $5::bigint[], $6::uuid[], $7::text[]) "
        "  AS r(n, user_id, key, sale_key, event_id, hold_id, method)), "
        "seen AS (SELECT r.n FROM r JOIN idempotency_keys k "
        "  ON k.user_id = r.user_id AND k.key = r.key), "
        "wanted AS (SELECT w.n, w.ticket_id FROM unnest($8::int[], $9::bigint[]) AS w(n, "
        "ticket_id) "
        "  UNION ALL SELECT r.n, unnest(h.ticket_ids) FROM r JOIN holds h ON h.id = r.hold_id "
        "  AND h.user_id = r.user_id AND h.event_id = r.event_id), "
        // Every seat must be a ticket of the event (or the hold the
        // caller's): otherwise no price, and nothing is authorized.
        "priced AS (SELECT w.n, sum(t.price_cents)::bigint AS cents FROM wanted w "
        "  JOIN r ON r.n = w.n LEFT JOIN tickets t ON t.id = w.ticket_id "
        "  AND t.event_id = r.event_id GROUP BY w.n HAVING count(t.id) = count(*)), "
        "last AS (SELECT DISTINCT ON (l.sale_key) l.sale_key, l.attempt, "
        "  l.released_at IS NOT NULL OR l.booking_id IS NOT NULL AS spent "
        "  FROM payment_ledger l WHERE l.operation = 'authorize' "
        "  AND l.sale_key IN (SELECT sale_key FROM r) ORDER BY l.sale_key, l.attempt DESC), "
        "intent AS (INSERT INTO payment_ledger AS l (operation, method, amount_cents, "
        "  idempotency_key, sale_key, attempt) "
        "  SELECT 'authorize', r.method, p.cents, r.sale_key || '/' || a.attempt, r.sale_key, "
        "  a.attempt FROM r JOIN priced p ON p.n = r.n CROSS JOIN async_commit "
        "  CROSS JOIN LATERAL (SELECT coalesce((SELECT CASE WHEN last.spent THEN last.attempt + 1 "
        "    ELSE last.attempt END FROM last WHERE last.sale_key = r.sale_key), 1) AS attempt) a "
        "  WHERE r.n NOT IN (SELECT n FROM seen) "
        // Concurrent attempts of one request in other batches share one
        // authorization.
        "  ON CONFLICT (sale_key, attempt) WHERE operation = 'authorize' "
        "  DO UPDATE SET updated_at = now() "
        "  RETURNING l.sale_key, l.id, l.amount_cents, l.idempotency_key, "
        "  l.released_at IS NOT NULL OR l.booking_id IS NOT NULL AS spent) "
        "SELECT r.n, r.n IN (SELECT n FROM seen), p.cents, i.id, i.amount_cents, "
        "i.idempotency_key, i.spent FROM r LEFT JOIN priced p ON p.n = r.n "
        "LEFT JOIN intent i ON i.sale_key = r.sale_key";
    pqxx::nontransaction tx(db.connection());
    const pqxx::result rows = tx.exec_prepared(
        db.prepared("payment_authorize_intents", sql.c_str()), toPgArray(numbers), toPgArray(users),
        toPgTextArray(keys), toPgTextArray(saleKeys), toPgArray(events), toPgTextArray(holds),
        toPgTextArray(methods), toPgArray(namedNumbers), toPgArray(namedTickets));
    std::vector<IntentRecord> records(intents.size());
    for (const pqxx::row &row : rows) {
        IntentRecord &record = records.at(row[0].as<size_t>());
        record.answered = row[1].as<bool>();
        if (!row[2].is_null())
            record.price = row[2].as<qint64>();
        if (!row[3].is_null()) {
            record.ledgerId = row[3].as<qint64>();
            record.amount = row[4].as<qint64>();
            record.idempotencyKey = QByteArray::fromStdString(row[5].as<std::string>());
            record.spent = row[6].as<bool>();
        }
    }
    for (size_t i = 0; i < intents.size(); ++i)
        records[i] = records[speaker[i]];
    return records;
}
