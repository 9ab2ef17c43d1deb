#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>
#include <pqxx/pqxx>

class Database;
class PaymentProvider;

// The record of every payment provider call (table payment_ledger,
// migration 004): a row is written before each call ("started") and
// completed after it, so after any crash the ledger tells what may have
// happened, and the reconciler can finish it (DESIGN.md invariant 10).
// The sale's own statements (the authorization's intent, its outcome in the
// booking transaction, the capture's intent) live in BookingService; these
// are the steps that sales, cancellations and the reconciler share.
class PaymentLedger
{
public:
    // Statements whose loss in a crash of Postgres is harmless run with
    // synchronous_commit off (their commit does not wait for the disk): this
    // prefix turns it off for the one statement it starts, which runs in
    // its own implicit transaction.
    static constexpr const char *AsyncCommit =
        "WITH async_commit AS MATERIALIZED "
        "(SELECT set_config('synchronous_commit', 'off', true)) ";

    // Gives up an authorization that no booking took and voids it at the
    // provider. Only one caller wins the claim (released_at), and never once
    // a booking committed with it; the claim and the void's intent are one
    // statement. outcome is the authorize call's status when it is still
    // 'started' ('succeeded' when the provider approved, 'failed' when that
    // is unknown); reference is used when the row has none. Returns whether
    // this call voided it.
    static bool releaseAuthorization(Database &db, PaymentProvider &provider,
                                     qint64 authorizationId, const char *outcome,
                                     const QString &reference, const QString &reason);
    // Voids at the provider for a 'void' row already written, and records
    // the outcome.
    static bool voidAuthorization(Database &db, PaymentProvider &provider, qint64 voidId,
                                  const QString &reference);
    // Captures for a 'capture' row written in the booking's transaction, and
    // records the outcome. Returns whether the provider captured.
    static bool capture(Database &db, PaymentProvider &provider, qint64 captureId,
                        const QString &authorization, qint64 amountCents,
                        const QByteArray &idempotencyKey);
    // The same, but a success is left to the caller to record (succeeded,
    // alone or with others); a failure is recorded at once. Returns the
    // capture's reference, or nothing when the provider did not capture.
    static std::optional<QString> captureAtProvider(Database &db, PaymentProvider &provider,
                                                    qint64 captureId, const QString &authorization,
                                                    qint64 amountCents,
                                                    const QByteArray &idempotencyKey);

    // Inside a cancellation's transaction: the pending refund and its
    // intent. Returns the ledger row of the refund call.
    struct PendingRefund
    {
        qint64 ledgerId = 0;
        qint64 refundId = 0;
        QByteArray idempotencyKey; // derived from the refund row's id
        // The capture to refund; empty while the sale's capture is not yet
        // recorded (the reconciler refunds once it is).
        QString capture;
    };
    static PendingRefund recordRefund(pqxx::work &tx, qint64 bookingId, qint64 amountCents,
                                      const std::string &ticketIds, qint64 createdBy,
                                      const QString &method);
    // The capture a refund of this booking refunds; empty while the sale's
    // capture is not recorded as done.
    static QString captureOf(pqxx::transaction_base &tx, qint64 bookingId);
    // After the cancellation committed: refunds at the provider (once per
    // key, however often retried) and marks the refund done. Returns the
    // refund's reference, or an empty string when it is left pending.
    static QString refund(Database &db, PaymentProvider &provider, const PendingRefund &refund,
                          qint64 amountCents);

    // Records a call's outcome (status 'succeeded' with the provider's
    // reference, or 'failed' with the error).
    static void succeeded(Database &db, qint64 id, const QString &reference);
    static void succeeded(Database &db, const QList<qint64> &ids, const QStringList &references);
    static void failed(Database &db, qint64 id, const QString &error);
};
