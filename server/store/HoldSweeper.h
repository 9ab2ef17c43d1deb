#pragma once

#include <QThread>
#include <atomic>
#include <chrono>
#include <string>

class Metrics;

// Returns expired holds to sale on its own, with nobody calling the server
// and no help from Redis expiry events (invariant 5), and finishes payment
// calls the ledger shows unfinished (PaymentReconciler, invariant 10). Safe
// with many instances: each takes holds and payment rows with SKIP LOCKED.
class HoldSweeper : public QThread
{
    Q_OBJECT
public:
    HoldSweeper(std::string conninfo, std::chrono::milliseconds interval, Metrics &metrics,
                QObject *parent = nullptr);
    void stop();
    // How old an unfinished payment call must be before the reconciler
    // finishes it (--payment-reconcile-seconds).
    void setPaymentReconcileWindow(std::chrono::milliseconds window);
    static constexpr std::chrono::milliseconds DefaultPaymentReconcileWindow{120000};
    // One pass; returns how many holds it released.
    static int sweep(class Database &db, Metrics &metrics);
    // Deletes what has outlived its use: expired sessions, idempotency
    // records older than IdempotencyRetention, old failed-login counters.
    // Returns how many rows went.
    static qint64 purgeExpired(class Database &db);
    static constexpr std::chrono::hours IdempotencyRetention{24};

protected:
    void run() override;

private:
    std::string m_conninfo;
    std::chrono::milliseconds m_interval;
    Metrics &m_metrics;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_paymentWindowMs{DefaultPaymentReconcileWindow.count()};
};
