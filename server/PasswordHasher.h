#pragma once

#include <QFuture>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <string>

class Metrics;

// Password hashing (argon2id, libsodium) on a small pool of its own threads:
// one hash costs ~50 ms and 64 MiB, so a burst of sign-ins must not run on
// the workers, where it would stall every other request. The queue is
// bounded: past it a sign-in is refused with 503 server_busy (invariant 9).
class PasswordHasher
{
public:
    PasswordHasher(int threads, int maxQueued, Metrics &metrics);
    ~PasswordHasher();

    // Both throw DomainError(ServerBusy) when the queue is full.
    QFuture<bool> verify(std::string hash, QString password);
    QFuture<QString> hash(QString password); // empty: out of memory

    // On the calling thread, for commands and start-up.
    static QString hashNow(const QString &password);
    static bool verifyNow(const std::string &hash, const QString &password);
    // A hash of nothing anybody knows: unknown accounts are verified against
    // it, so that the answer takes as long whether an account exists or not.
    static const std::string &dummyHash();

private:
    template<typename T> QFuture<T> run(std::function<T()> work);

    QThreadPool m_pool;
    const int m_maxQueued;
    std::atomic<int> m_queued{0};
    Metrics &m_metrics;
};
