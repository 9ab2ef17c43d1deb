#pragma once

#include <chrono>

class Database;
class Payments;

// Finishes what the payment ledger says may be unfinished, after a crash, a
// lost connection or a provider that did not answer (DESIGN.md invariant
// 10). The hold sweeper runs it on every pass; several instances may run it
// at once (rows are claimed with SKIP LOCKED), and every provider call it
// repeats carries the original idempotency key.
//
// A call counts as unfinished once it is older than the window: younger
// ones may still be in the hands of the request that made them.
class PaymentReconciler
{
public:
    struct Pass
    {
        int voided = 0;   // authorizations no booking took, and voids retried
        int captured = 0; // committed bookings whose capture was not recorded
        int refunded = 0; // pending refunds
        int total() const { return voided + captured + refunded; }
    };

    static Pass reconcile(Database &db, Payments &payments, std::chrono::milliseconds window);

private:
    static int voidAbandonedAuthorizations(Database &db, Payments &payments,
                                           std::chrono::milliseconds window);
    static int retryVoids(Database &db, Payments &payments, std::chrono::milliseconds window);
    static int retryCaptures(Database &db, Payments &payments, std::chrono::milliseconds window);
    static int retryRefunds(Database &db, Payments &payments, std::chrono::milliseconds window);
};
