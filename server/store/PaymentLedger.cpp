#include "PaymentLedger.h"

#include "Database.h"
#include "Log.h"
#include "Payments.h"

namespace {
QString describe(const std::exception &error)
{
    return QString::fromUtf8(error.what()).left(1000);
}
} // namespace

bool PaymentLedger::releaseAuthorization(Database &db, PaymentProvider &provider,
                                         qint64 authorizationId, const char *outcome,
                                         const QString &reference, const QString &reason)
{
    // The claim and the void's intent in one statement: if the void is
    // never made (a crash right after), the 'started' void row says so and
    // the reconciler makes it. The guard booking_id IS NULL reads the
    // committed truth: after a commit whose outcome was unknown to us, a
    // booking that did commit keeps its authorization.
    pqxx::result claimed;
    {
        pqxx::nontransaction tx(db.connection());
        claimed = tx.exec_prepared(
            db.prepared(
                "payment_release",
                "WITH r AS (UPDATE payment_ledger SET released_at = now(), updated_at = now(), "
                "  status = CASE WHEN status = 'started' THEN $2 ELSE status END, "
                "  reference = coalesce(reference, $3), error = $4 "
                "  WHERE id = $1 AND operation = 'authorize' AND booking_id IS NULL "
                "  AND released_at IS NULL "
                "  RETURNING id, method, amount_cents, idempotency_key, reference, status) "
                "INSERT INTO payment_ledger (operation, method, amount_cents, "
                "  idempotency_key, reference, authorization_id) "
                "SELECT 'void', method, amount_cents, idempotency_key || '/void', reference, "
                "  id FROM r WHERE status = 'succeeded' OR status = 'failed' "
                "RETURNING id, reference"),
            authorizationId, std::string(outcome), toStd(reference), toStd(reason));
    }
    if (claimed.empty())
        return false; // booked, released by someone else, or declined (nothing to void)
    return voidAuthorization(db, provider, claimed[0][0].as<qint64>(), toQString(claimed[0][1]));
}

bool PaymentLedger::voidAuthorization(Database &db, PaymentProvider &provider, qint64 voidId,
                                      const QString &reference)
{
    try {
        provider.voidAuthorization(reference);
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "voiding authorization" << reference
                             << "failed; the reconciler retries:" << error.what();
        failed(db, voidId, describe(error));
        return false;
    }
    succeeded(db, voidId, reference);
    return true;
}

std::optional<QString> PaymentLedger::captureAtProvider(Database &db, PaymentProvider &provider,
                                                        qint64 captureId,
                                                        const QString &authorization,
                                                        qint64 amountCents,
                                                        const QByteArray &idempotencyKey)
{
    try {
        return provider.capture(authorization, amountCents, idempotencyKey);
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "capturing authorization" << authorization
                             << "failed; the reconciler retries:" << error.what();
        failed(db, captureId, describe(error));
        return std::nullopt;
    }
}

bool PaymentLedger::capture(Database &db, PaymentProvider &provider, qint64 captureId,
                            const QString &authorization, qint64 amountCents,
                            const QByteArray &idempotencyKey)
{
    const std::optional<QString> reference =
        captureAtProvider(db, provider, captureId, authorization, amountCents, idempotencyKey);
    if (reference)
        succeeded(db, captureId, *reference);
    return reference.has_value();
}

PaymentLedger::PendingRefund PaymentLedger::recordRefund(pqxx::work &tx, qint64 bookingId,
                                                         qint64 amountCents,
                                                         const std::string &ticketIds,
                                                         qint64 createdBy, const QString &method)
{
    // The refund's idempotency key follows from its row: a retried call for
    // this refund is one refund at the provider, and another refund (a
    // second partial cancellation) gets a key of its own.
    const pqxx::row row = tx.exec_params1(
        "WITH r AS (INSERT INTO refunds (booking_id, amount_cents, ticket_ids, created_by, "
        "  status) VALUES ($1, $2, $3::bigint[], $4, 'pending') RETURNING id) "
        "INSERT INTO payment_ledger (operation, method, amount_cents, idempotency_key, "
        "  booking_id, refund_id) SELECT 'refund', $5, $2, 'refund/' || r.id, $1, r.id FROM r "
        "RETURNING id, refund_id, idempotency_key",
        bookingId, amountCents, ticketIds, createdBy, toStd(method));
    return PendingRefund{row[0].as<qint64>(), row[1].as<qint64>(),
                         QByteArray::fromStdString(row[2].as<std::string>()),
                         captureOf(tx, bookingId)};
}

QString PaymentLedger::captureOf(pqxx::transaction_base &tx, qint64 bookingId)
{
    // The sale's recorded capture; for a booking sold before the ledger
    // existed (it has no authorization at all), the charge its row names.
    return toQString(tx.exec_params1(
        "SELECT coalesce((SELECT c.reference FROM payment_ledger c "
        "WHERE c.operation = 'capture' AND c.booking_id = $1 AND c.status = 'succeeded'), "
        "(SELECT b.payment_reference FROM bookings b WHERE b.id = $1 AND NOT EXISTS "
        "(SELECT 1 FROM payment_ledger a WHERE a.operation = 'authorize' "
        "AND a.booking_id = $1)), '')",
        bookingId)[0]);
}

QString PaymentLedger::refund(Database &db, PaymentProvider &provider, const PendingRefund &pending,
                              qint64 amountCents)
{
    if (pending.capture.isEmpty()) {
        qCInfo(lcBooking) << "refund" << pending.refundId
                          << "waits for its sale's capture; the reconciler refunds it";
        return {};
    }
    QString reference;
    try {
        reference = provider.refund(pending.capture, amountCents, pending.idempotencyKey);
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "refund" << pending.refundId
                             << "failed; the reconciler retries:" << error.what();
        failed(db, pending.ledgerId, describe(error));
        return {};
    }
    pqxx::nontransaction tx(db.connection());
    tx.exec_prepared0(db.prepared("payment_refund_done",
                                  "WITH l AS (UPDATE payment_ledger SET status = 'succeeded', "
                                  "  reference = $2, error = NULL, updated_at = now() "
                                  "  WHERE id = $1 RETURNING refund_id) "
                                  "UPDATE refunds SET status = 'done', payment_reference = $2 "
                                  "WHERE id = (SELECT refund_id FROM l)"),
                      pending.ledgerId, toStd(reference));
    return reference;
}

void PaymentLedger::succeeded(Database &db, qint64 id, const QString &reference)
{
    succeeded(db, QList<qint64>{id}, QStringList{reference});
}

void PaymentLedger::succeeded(Database &db, const QList<qint64> &ids, const QStringList &references)
{
    // Recorded without waiting for the disk: if Postgres loses this row in
    // a crash, the call looks unfinished and the reconciler makes it again
    // with the same idempotency key, which the provider answers as one call.
    pqxx::nontransaction tx(db.connection());
    tx.exec_prepared0(
        db.prepared("payment_calls_succeeded",
                    (std::string(AsyncCommit) +
                     ", x AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS x(id, reference)) "
                     "UPDATE payment_ledger p SET status = 'succeeded', reference = x.reference, "
                     "error = NULL, updated_at = now() FROM async_commit, x WHERE p.id = x.id")
                        .c_str()),
        toPgArray(ids), toPgTextArray(references));
}

void PaymentLedger::failed(Database &db, qint64 id, const QString &error)
{
    try {
        pqxx::nontransaction tx(db.connection());
        tx.exec_prepared0(db.prepared("payment_call_failed",
                                      "UPDATE payment_ledger SET status = 'failed', error = $2, "
                                      "updated_at = now() WHERE id = $1"),
                          id, toStd(error));
    } catch (const std::exception &recordError) {
        // The row stays 'started', which the reconciler treats the same way.
        qCWarning(lcBooking) << "could not record payment call" << id
                             << "as failed:" << recordError.what();
    }
}
