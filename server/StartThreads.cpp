#include "StartThreads.h"

#include <QSemaphore>
#include <latch>
#include <memory>

void startNow(QThread &thread)
{
    QSemaphore running;
    // Emitted on the new thread, after its dispatcher is made.
    const QMetaObject::Connection connection = QObject::connect(
        &thread, &QThread::started, &thread, [&running] { running.release(); },
        Qt::DirectConnection);
    thread.start();
    running.acquire();
    QObject::disconnect(connection);
}

void startEveryThread(QThreadPool &pool, const std::function<void()> &onEachThread)
{
    pool.setExpiryTimeout(-1);
    const int threads = pool.maxThreadCount();
    // Each task waits for all the others, so none finishes early and lets
    // the pool hand the next task to a thread it already has.
    auto started = std::make_shared<std::latch>(threads + 1);
    for (int i = 0; i < threads; ++i) {
        pool.start([started, onEachThread] {
            started->arrive_and_wait();
            if (onEachThread)
                onEachThread();
        });
    }
    started->arrive_and_wait();
}
