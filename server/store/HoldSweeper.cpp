#include "HoldSweeper.h"

#include "ChangePublisher.h"
#include "Database.h"
#include "Log.h"
#include "Metrics.h"
#include "PaymentReconciler.h"
#include "Payments.h"

HoldSweeper::HoldSweeper(std::string conninfo, std::chrono::milliseconds interval, Metrics &metrics,
                         QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
    , m_interval(interval)
    , m_metrics(metrics)
{
}

void HoldSweeper::stop()
{
    m_stop = true;
}

void HoldSweeper::setPaymentReconcileWindow(std::chrono::milliseconds window)
{
    m_paymentWindowMs = window.count();
}

int HoldSweeper::sweep(Database &db, Metrics &metrics)
{
    int swept = 0;
    for (;;) {
        const qint64 eventId = db.transact([&](pqxx::work &tx) -> qint64 {
            const pqxx::result holds = tx.exec(
                "SELECT id, event_id FROM holds WHERE released_at IS NULL AND expires_at <= now() "
                "ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (holds.empty())
                return 0;
            const std::string holdId = holds[0][0].as<std::string>();
            tx.exec_params("UPDATE tickets SET status = 'available', hold_id = NULL, "
                           "hold_expires_at = NULL, version = NULL "
                           "WHERE hold_id = $1::uuid AND status = 'held'",
                           holdId);
            tx.exec_params0("UPDATE holds SET released_at = now() WHERE id = $1::uuid", holdId);
            return holds[0][1].as<qint64>();
        });
        if (!eventId)
            break;
        ChangePublisher::publish(db, eventId);
        ++swept;
        ++metrics.holdsExpired;
    }
    // Changes whose publisher died or skipped them get their version now.
    ChangePublisher::publishAllPending(db);
    return swept;
}

qint64 HoldSweeper::purgeExpired(Database &db)
{
    return db.transact([](pqxx::work &tx) {
        qint64 purged = 0;
        purged += static_cast<qint64>(
            tx.exec("DELETE FROM sessions WHERE expires_at < now()").affected_rows());
        purged += static_cast<qint64>(
            tx.exec_params("DELETE FROM idempotency_keys WHERE created_at < now() - "
                           "make_interval(hours => $1)",
                           static_cast<int>(IdempotencyRetention.count()))
                .affected_rows());
        purged += static_cast<qint64>(
            tx.exec("DELETE FROM login_failures WHERE last_failure < now() - interval '1 day'")
                .affected_rows());
        return purged;
    });
}

void HoldSweeper::run()
{
    std::unique_ptr<Database> db;
    Payments payments;
    auto lastPurge = std::chrono::steady_clock::time_point{};
    while (!m_stop) {
        try {
            if (!db)
                db = std::make_unique<Database>(m_conninfo);
            if (const int swept = sweep(*db, m_metrics); swept > 0)
                qCInfo(lcBooking) << "returned" << swept << "expired hold(s) to sale";
            const PaymentReconciler::Pass reconciled = PaymentReconciler::reconcile(
                *db, payments, std::chrono::milliseconds(m_paymentWindowMs.load()));
            if (reconciled.total() > 0)
                qCInfo(lcBooking) << "payment reconciler: voided" << reconciled.voided
                                  << "authorization(s), captured" << reconciled.captured
                                  << "booking(s), refunded" << reconciled.refunded;
            if (std::chrono::steady_clock::now() - lastPurge > std::chrono::minutes(1)) {
                lastPurge = std::chrono::steady_clock::now();
                if (const qint64 purged = purgeExpired(*db); purged > 0)
                    qCInfo(lcBooking) << "purged" << purged << "expired session/idempotency row(s)";
            }
        } catch (const std::exception &error) {
            qCWarning(lcBooking) << "hold sweeper:" << error.what();
            db.reset();
        }
        const auto until = std::chrono::steady_clock::now() + m_interval;
        while (!m_stop && std::chrono::steady_clock::now() < until)
            msleep(20);
    }
}
