#pragma once

#include "Database.h"
#include "DomainError.h"
#include "Log.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <pthread.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// Work that many threads hand in, done in batches by a few threads of its
// own, each with its own Postgres connection: a runner takes everything
// waiting when it is free (up to maxBatch), so the busier the server, the
// larger the batches and the fewer the statements and commits per item.
// Whoever hands work in with submit() waits for its own result, or is
// called back with it; post() returns at once. Stopping finishes what was
// handed in.
template<typename Order, typename Result> class GroupCommit
{
public:
    // Decides a batch: one result per order, in order. Runs on a runner's
    // thread with that runner's connection.
    using Batch = std::function<std::vector<Result>(Database &, std::vector<Order> &)>;

    // Each runner's connection runs sessionSetup (Database) on every
    // connection it makes, and warmUp, if given, when the runner starts.
    // The runners' threads are called name (what top -H and perf show; at
    // most 15 characters).
    GroupCommit(const char *name, std::string conninfo, std::string sessionSetup, int runners,
                size_t maxBatch, Batch batch, std::function<void(Database &)> warmUp = {})
        : m_conninfo(std::move(conninfo))
        , m_sessionSetup(std::move(sessionSetup))
        , m_maxBatch(maxBatch)
        , m_batch(std::move(batch))
        , m_warmUp(std::move(warmUp))
    {
        for (int i = 0; i < std::max(1, runners); ++i)
            m_threads.emplace_back([this, name] {
                pthread_setname_np(pthread_self(), name);
                run();
            });
    }
    ~GroupCommit()
    {
        stop();
        for (std::thread &thread : m_threads)
            thread.join();
    }
    GroupCommit(const GroupCommit &) = delete;
    GroupCommit &operator=(const GroupCommit &) = delete;

    // What is called once an order's batch is done, on the runner's thread:
    // with its result, or with the error that failed the whole batch (result
    // null). It must not block: the next batch waits for it.
    using Done = std::function<void(Result *result, std::exception_ptr error)>;

    // Blocks until the order's batch is done. Throws DomainError 503 once
    // stopping.
    Result submit(Order order)
    {
        std::promise<Result> promise;
        std::future<Result> result = promise.get_future();
        submit(std::move(order), [&promise](Result *done, std::exception_ptr error) {
            if (done)
                promise.set_value(std::move(*done));
            else
                promise.set_exception(error);
        });
        return result.get();
    }
    // Returns at once; done is called when the order's batch is done.
    // Throws DomainError 503 once stopping (and done is never called).
    void submit(Order order, Done done)
    {
        {
            std::lock_guard lock(m_mutex);
            refuseWhenStopping();
            m_waiting.push_back(Waiting{std::move(order), std::move(done)});
        }
        m_wake.notify_one();
    }
    // Returns at once, without a result.
    void post(Order order) { submit(std::move(order), Done()); }
    void stop()
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_wake.notify_all();
    }

private:
    struct Waiting
    {
        Order order;
        Done done;
    };

    void refuseWhenStopping() const
    {
        if (m_stopping)
            throw DomainError(ErrorCode::ServerBusy,
                              QStringLiteral("The server is shutting down; nothing was done. "
                                             "Try again."));
    }

    void run()
    {
        Database db(m_conninfo, m_sessionSetup);
        if (m_warmUp) {
            try {
                m_warmUp(db);
            } catch (const std::exception &error) {
                // Postgres is not there yet, say: the first batch connects
                // (and prepares) instead.
                qCWarning(lcDb) << "could not warm up a batch connection:" << error.what();
                db.reset();
            }
        }
        for (;;) {
            std::vector<Order> orders;
            std::vector<Done> dones;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stopping || !m_waiting.empty(); });
                if (m_waiting.empty())
                    return; // stopping, and everything handed in is done
                while (!m_waiting.empty() && orders.size() < m_maxBatch) {
                    orders.push_back(std::move(m_waiting.front().order));
                    dones.push_back(std::move(m_waiting.front().done));
                    m_waiting.pop_front();
                }
            }
            std::vector<Result> results;
            std::exception_ptr error;
            try {
                results = m_batch(db, orders);
                if (results.size() != orders.size())
                    throw std::logic_error("a batch gave a result for each order but not all");
            } catch (...) {
                error = std::current_exception();
            }
            for (size_t i = 0; i < dones.size(); ++i) {
                if (!dones[i])
                    continue;
                try {
                    if (error) {
                        dones[i](nullptr, error);
                        continue;
                    }
                    Result result = std::move(results[i]); // results may be a std::vector<bool>
                    dones[i](&result, nullptr);
                } catch (const std::exception &failed) {
                    // Out of memory, say: the others of the batch are told all the same.
                    qCWarning(lcDb) << "could not hand a batch's result back:" << failed.what();
                }
            }
        }
    }

    std::string m_conninfo;
    std::string m_sessionSetup;
    size_t m_maxBatch;
    Batch m_batch;
    std::function<void(Database &)> m_warmUp;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Waiting> m_waiting;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};
