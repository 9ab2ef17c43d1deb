#pragma once

#include "Booking.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

class Database;
class EventVersions;
class Metrics;

// One sale, authorized and ready to be decided (see BookingService).
struct SaleOrder
{
    qint64 userId = 0;
    std::string idempotencyKey;
    std::string requestHash;
    qint64 eventId = 0;
    QList<qint64> ticketIds; // the seats named; empty for a sale of a hold
    QString holdId;          // the hold sold, or empty
    qint64 authorizationId = 0;
    Cents amount = 0; // what was authorized: the seats must cost exactly this
    std::string captureKey;
    // What the seats do not decide: the event, the customer, the payment.
    Booking booking;
};

// How the transaction decided one sale.
struct SaleDecision
{
    enum class Outcome
    {
        Sold,
        SeatsTaken,        // unavailable names the seats
        KeyInFlight,       // another attempt of this request holds or answered its key
        HoldNotFound,      // no such hold of this caller for this event
        AuthorizationGone, // the payment was given up while the sale waited
        PriceChanged,      // the seats no longer cost what was authorized
        Failed,            // error says why; nothing of this sale committed
    };
    Outcome outcome = Outcome::Failed;
    Booking booking;         // Sold: the whole booking, as stored for replays
    qint64 captureId = 0;    // Sold: the capture's ledger row
    QList<qint64> ticketIds; // the seats asked for (a hold's, once read)
    QList<qint64> unavailable;
    std::exception_ptr error;
};

// Group commit for sales (DESIGN.md, "Book"): concurrent buyers' sales are
// decided together in one Postgres transaction, with a constant number of
// statements whatever their number, and each buyer gets exactly its own
// decision. Inside the transaction every row a sale depends on — its
// Idempotency-Key, its hold, its tickets, its authorization — is locked in
// a fixed order (keys, holds, tickets by id, ledger rows, events by id), so
// batches never deadlock each other; a sale whose seats are taken (by
// anyone, or by an earlier sale of the same batch), whose hold or
// authorization is gone, or whose price changed loses alone, and the
// conditional update of the winners' tickets (invariant 1) must take
// exactly the seats they asked for or the whole batch rolls back. The same
// transaction gives each event its next version and NOTIFYs the change
// (invariant 6), so a sale's ticket rows are written once.
//
// Committer threads, each with its own connection, take whatever sales are
// waiting when they are free: the busier the event, the larger the batches.
class SaleCommitter
{
public:
    // Each commit's new event versions are recorded in versions at once, so
    // this instance's next read sees the sale.
    SaleCommitter(std::string conninfo, int committers, Metrics &metrics,
                  EventVersions *versions = nullptr);
    ~SaleCommitter();

    // Blocks until the sale is decided and, if sold, durably committed.
    // Any thread may call it.
    SaleDecision decide(const SaleOrder &order);
    // Records a capture the provider made, with others, before the next
    // batch; returns at once (PaymentLedger::succeeded: a capture whose
    // record is lost is made again by the reconciler, as one call).
    void recordCaptured(qint64 captureId, const QString &reference);
    void stop();

    // One batch in one transaction on db (what each committer runs; public
    // for tests). Sales whose transaction failed are marked Failed.
    static std::vector<SaleDecision> commit(Database &db, std::span<const SaleOrder *const> orders,
                                            EventVersions *versions = nullptr);

    static constexpr size_t MaxBatch = 256;

private:
    struct Waiting
    {
        const SaleOrder *order;
        std::promise<SaleDecision> decision;
    };
    void run();

    std::string m_conninfo;
    Metrics &m_metrics;
    EventVersions *m_versions;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Waiting> m_waiting;
    QList<qint64> m_captured;
    QStringList m_captureReferences;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};
