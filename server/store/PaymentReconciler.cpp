#include "PaymentReconciler.h"

#include "Database.h"
#include "Log.h"
#include "PaymentLedger.h"
#include "Payments.h"

namespace {

double seconds(std::chrono::milliseconds window)
{
    return std::chrono::duration<double>(window).count();
}

// Takes one unfinished call of an operation older than the window and
// stamps it, so that another instance's reconciler (and this one's next
// round) leaves it alone for a window while it is being retried.
std::optional<pqxx::row> claim(Database &db, const char *name, const char *operation,
                               std::chrono::milliseconds window)
{
    pqxx::nontransaction tx(db.connection());
    const pqxx::result rows = tx.exec_prepared(
        db.prepared(name, "UPDATE payment_ledger l SET updated_at = now() WHERE l.id = "
                          "(SELECT id FROM payment_ledger WHERE operation = $1 "
                          "AND status IN ('started', 'failed') "
                          "AND updated_at < now() - make_interval(secs => $2) "
                          "ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED) "
                          "RETURNING l.id, l.method, l.amount_cents, l.idempotency_key, "
                          "l.reference, l.authorization_id, l.booking_id, l.refund_id"),
        std::string(operation), seconds(window));
    if (rows.empty())
        return std::nullopt;
    return rows[0];
}

constexpr int MostPerPass = 200;

} // namespace

PaymentReconciler::Pass PaymentReconciler::reconcile(Database &db, Payments &payments,
                                                     std::chrono::milliseconds window)
{
    Pass pass;
    pass.voided = voidAbandonedAuthorizations(db, payments, window);
    pass.voided += retryVoids(db, payments, window);
    // Captures before refunds: a cancellation may wait for its sale's capture.
    pass.captured = retryCaptures(db, payments, window);
    pass.refunded = retryRefunds(db, payments, window);
    return pass;
}

int PaymentReconciler::voidAbandonedAuthorizations(Database &db, Payments &payments,
                                                   std::chrono::milliseconds window)
{
    // Authorizations that no booking took within the window: the request
    // that made them ended without saying (a crash, a lost connection). A
    // booking transaction still running holds the row's lock and is skipped;
    // one that starts later finds the authorization released and aborts, so
    // no booking is ever left with a voided authorization.
    pqxx::result abandoned;
    {
        pqxx::nontransaction tx(db.connection());
        abandoned = tx.exec_prepared(
            db.prepared("payment_abandoned",
                        "SELECT id, method, idempotency_key, reference, amount_cents "
                        "FROM payment_ledger WHERE operation = 'authorize' "
                        "AND booking_id IS NULL AND released_at IS NULL "
                        "AND updated_at < now() - make_interval(secs => $1) "
                        "ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED"),
            seconds(window), MostPerPass);
    }
    int voided = 0;
    for (const pqxx::row &row : abandoned) {
        PaymentProvider &provider = payments.provider(toQString(row[1]));
        const QByteArray key = QByteArray::fromStdString(row[2].as<std::string>());
        // Without a recorded reference (the answer was lost), the provider
        // finds the authorization by the key it was made with.
        const QString reference =
            row[3].is_null() ? provider.authorizationFor(key) : toQString(row[3]);
        if (PaymentLedger::releaseAuthorization(
                db, provider, row[0].as<qint64>(), "failed", reference,
                QStringLiteral("no booking committed within the reconciliation window"))) {
            qCInfo(lcBooking) << "reconciler: voided authorization" << reference << "of"
                              << row[4].as<qint64>() << "cents: no booking took it";
            ++voided;
        }
    }
    return voided;
}

int PaymentReconciler::retryVoids(Database &db, Payments &payments,
                                  std::chrono::milliseconds window)
{
    int voided = 0;
    for (int i = 0; i < MostPerPass; ++i) {
        const auto row = claim(db, "payment_claim_void", "void", window);
        if (!row)
            break;
        const QString reference = toQString((*row)[4]);
        if (PaymentLedger::voidAuthorization(db, payments.provider(toQString((*row)[1])),
                                             (*row)[0].as<qint64>(), reference)) {
            qCInfo(lcBooking) << "reconciler: voided authorization" << reference
                              << "(an earlier void did not finish)";
            ++voided;
        }
    }
    return voided;
}

int PaymentReconciler::retryCaptures(Database &db, Payments &payments,
                                     std::chrono::milliseconds window)
{
    int captured = 0;
    for (int i = 0; i < MostPerPass; ++i) {
        const auto row = claim(db, "payment_claim_capture", "capture", window);
        if (!row)
            break;
        QString authorization;
        {
            pqxx::nontransaction tx(db.connection());
            authorization = toQString(tx.exec_params1(
                "SELECT reference FROM payment_ledger WHERE id = $1", (*row)[5].as<qint64>())[0]);
        }
        // The capture's intent was committed with its booking: the booking
        // exists, so the money must be taken, with the original key.
        if (PaymentLedger::capture(db, payments.provider(toQString((*row)[1])),
                                   (*row)[0].as<qint64>(), authorization, (*row)[2].as<qint64>(),
                                   QByteArray::fromStdString((*row)[3].as<std::string>()))) {
            qCInfo(lcBooking) << "reconciler: captured" << (*row)[2].as<qint64>()
                              << "cents for booking" << (*row)[6].as<qint64>();
            ++captured;
        }
    }
    return captured;
}

int PaymentReconciler::retryRefunds(Database &db, Payments &payments,
                                    std::chrono::milliseconds window)
{
    int refunded = 0;
    for (int i = 0; i < MostPerPass; ++i) {
        const auto row = claim(db, "payment_claim_refund", "refund", window);
        if (!row)
            break;
        PaymentLedger::PendingRefund pending{(*row)[0].as<qint64>(),
                                             (*row)[7].as<qint64>(),
                                             QByteArray::fromStdString((*row)[3].as<std::string>()),
                                             {}};
        {
            pqxx::nontransaction tx(db.connection());
            pending.capture = PaymentLedger::captureOf(tx, (*row)[6].as<qint64>());
        }
        const QString reference = PaymentLedger::refund(db, payments.provider(toQString((*row)[1])),
                                                        pending, (*row)[2].as<qint64>());
        if (!reference.isEmpty()) {
            qCInfo(lcBooking) << "reconciler: refunded" << (*row)[2].as<qint64>()
                              << "cents for booking" << (*row)[6].as<qint64>() << "as" << reference;
            ++refunded;
        }
    }
    return refunded;
}
