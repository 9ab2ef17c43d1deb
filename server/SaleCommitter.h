#pragma once

#include "Booking.h"
#include "GroupCommit.h"
#include "Payments.h"
#include "RedisAddress.h"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
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
    // Paid through an outside provider: its authorization, recorded before
    // it was asked (0: the provider settles in-process, see below).
    qint64 authorizationId = 0;
    Cents amount = 0; // what was authorized: the seats must cost exactly this
    std::string captureKey;
    // Paid through a provider that settles in-process: the transaction asks
    // it for the seats' price once they are locked, and records the
    // authorization and its capture with the booking, both written once.
    PaymentProvider *settlesHere = nullptr;
    QJsonObject paymentDetails;
    std::string authorizationKey; // unique to this attempt
    // The seller's open till shift the sale is tied to (0: none). A shift
    // closed before the sale commits refuses the sale (ShiftClosed).
    qint64 shiftId = 0;
    // The sale's Redis owner token: its seats are marked sold for it.
    QByteArray owner;
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
        ShiftClosed,       // the seller's shift was closed while the sale waited
        Declined,          // the in-process provider declined: payment says why
        Failed,            // error says why; nothing of this sale committed
    };
    Outcome outcome = Outcome::Failed;
    Booking booking;         // Sold: the whole booking
    QByteArray answer;       // Sold: its JSON, as stored for replays and answered
    qint64 captureId = 0;    // Sold: the capture's ledger row
    PaymentResult payment;   // Declined: the provider's answer
    Cents amount = 0;        // Declined: what was asked for
    QList<qint64> ticketIds; // the seats asked for (a hold's, once read)
    QList<qint64> unavailable;
    std::exception_ptr error;
};

// Before the provider is asked: the authorization's intent, recorded in
// the payment ledger (BookingService::authorize).
struct AuthorizationIntent
{
    qint64 userId = 0;
    std::string idempotencyKey;
    std::string saleKey; // the request's owner token: one authorization for all its attempts
    qint64 eventId = 0;
    QList<qint64> ticketIds; // named seats, or empty with holdId
    QString holdId;
    QString method;
};

struct IntentRecord
{
    bool answered = false;      // the key has an answer (or is being answered)
    std::optional<Cents> price; // nothing: unknown seats, or not the caller's hold
    qint64 ledgerId = 0;        // 0: nothing recorded
    Cents amount = 0;           // what the recorded authorization asks for
    QByteArray idempotencyKey;  // its key at the provider
    bool spent = false;         // voided or used a moment ago: ask again
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
// (invariant 6), so a sale's ticket rows are written once. The payment
// ledger's writes around a sale (the authorization's intent before it, the
// capture's outcome after it) are batched the same way.
class SaleCommitter
{
public:
    // Each commit's new event versions are recorded in versions at once, so
    // this instance's next read sees the sale. With redis, each batch's sold
    // seats are then marked in the Redis filter (TicketLedger::markSold), in
    // one round trip for the batch, by a thread of their own: the batch's
    // buyers and the next batch do not wait for it. Until it is marked, a
    // sold seat's filter key still names its buyer's request or hold
    // (tryReserve), so nobody else passes the filter for it meanwhile; a
    // mark that comes after a cancellation gave the seat back (or after
    // anyone reserved it since) finds the key changed and leaves it.
    SaleCommitter(const std::string &conninfo, int committers, Metrics &metrics,
                  EventVersions *versions = nullptr,
                  std::optional<RedisAddress> redis = std::nullopt);
    ~SaleCommitter();

    // Prices the seats and records the authorization's intent, unless the
    // key has an answer; blocks until recorded (without waiting for the
    // disk: see BookingService::authorize). Any thread may call it.
    IntentRecord recordIntent(const AuthorizationIntent &intent);
    // Blocks until the sale is decided and, if sold, durably committed.
    SaleDecision decide(const SaleOrder &order);
    // Returns at once; decided is called with the sale's decision on the
    // committer's thread once its batch is over (a sale, durably
    // committed). It must not block: the next batch waits for it. Throws
    // DomainError 503 once stopping (and decided is never called).
    void decide(SaleOrder order, std::function<void(SaleDecision &&)> decided);
    // Records a capture the provider made, with others; returns at once
    // (PaymentLedger::succeeded: a capture whose record is lost is made
    // again by the reconciler, as one call).
    void recordCaptured(qint64 captureId, const QString &reference);

    // What each committer's connection runs when it connects. A batch names
    // every row it reads or writes by its key, and its statements are
    // prepared: on a fresh database, at an on-sale's start, Postgres would
    // keep a generic plan made while the tables were small that scans
    // idempotency_keys and payment_ledger whole, batch after batch, while
    // they grow by thousands of rows a second. Index lookups are the only
    // plan these statements should have.
    static constexpr const char *SessionSetup = "SET enable_seqscan = off";
    // Prepares every statement of a batch on db and plans each once, with
    // NULL parameters, without running one: the connection, the catalog
    // entries of every table and index a batch touches and the statements
    // are ready before the first batch after a start (an on-sale's first
    // wave). Each committer does this when it starts.
    static void warmUp(Database &db);
    // The batches themselves, each in one transaction on db (public for tests).
    static std::vector<SaleDecision> commit(Database &db, std::span<const SaleOrder *const> orders,
                                            EventVersions *versions = nullptr);
    static std::vector<IntentRecord> recordIntents(Database &db,
                                                   std::span<const AuthorizationIntent> intents);

    static constexpr size_t MaxBatch = 256;

private:
    struct Captured
    {
        qint64 id;
        QString reference;
    };
    std::vector<SaleDecision> commitBatch(Database &db, std::vector<SaleOrder> &orders);

    void markSold(const std::vector<SaleOrder> &orders, const std::vector<SaleDecision> &decisions);
    class SoldMarker;

    Metrics &m_metrics;
    EventVersions *m_versions;
    // Before the committers: it outlives them, so their last marks are made.
    std::unique_ptr<SoldMarker> m_marker;
    GroupCommit<AuthorizationIntent, IntentRecord> m_intents;
    GroupCommit<SaleOrder, SaleDecision> m_sales;
    GroupCommit<Captured, bool> m_captures;
};
