#include "PasswordHasher.h"

#include "DomainError.h"
#include "Metrics.h"
#include "StartThreads.h"

#include <QPromise>
#include <memory>
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

PasswordHasher::PasswordHasher(int threads, int maxQueued, Metrics &metrics)
    : m_maxQueued(maxQueued)
    , m_metrics(metrics)
{
    m_pool.setMaxThreadCount(threads);
    m_pool.setObjectName(u"password-hashing"_s);
    startEveryThread(m_pool);
}

PasswordHasher::~PasswordHasher()
{
    m_pool.waitForDone();
}

QString PasswordHasher::hashNow(const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return {};
    return QString::fromLatin1(hash);
}

bool PasswordHasher::verifyNow(const std::string &hash, const QString &password)
{
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(hash.c_str(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size())) == 0;
}

const std::string &PasswordHasher::dummyHash()
{
    static const std::string hash = hashNow(u"not-a-real-password"_s).toStdString();
    return hash;
}

template<typename T> QFuture<T> PasswordHasher::run(std::function<T()> work)
{
    if (m_queued.fetch_add(1) >= m_maxQueued) {
        m_queued.fetch_sub(1);
        ++m_metrics.hashesRefused;
        throw DomainError(ErrorCode::ServerBusy,
                          u"Too many sign-ins at once; try again in a second."_s)
            .setRetryAfter(1);
    }
    ++m_metrics.hashesQueued;
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    m_pool.start([this, promise, work = std::move(work)] {
        // Below the workers: on a busy machine, hashes wait, requests don't.
        thread_local const bool niced = ::setpriority(PRIO_PROCESS, gettid(), 10) == 0;
        Q_UNUSED(niced);
        promise->addResult(work());
        promise->finish();
        m_queued.fetch_sub(1);
        --m_metrics.hashesQueued;
    });
    return future;
}

QFuture<bool> PasswordHasher::verify(std::string hash, QString password)
{
    return run<bool>([hash = std::move(hash), password = std::move(password)] {
        return verifyNow(hash, password);
    });
}

QFuture<QString> PasswordHasher::hash(QString password)
{
    return run<QString>([password = std::move(password)] { return hashNow(password); });
}
