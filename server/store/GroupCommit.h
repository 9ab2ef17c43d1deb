#pragma once

#include "Database.h"
#include "DomainError.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

// Work that many threads hand in, done in batches by a few threads of its
// own, each with its own Postgres connection: a runner takes everything
// waiting when it is free (up to maxBatch), so the busier the server, the
// larger the batches and the fewer the statements and commits per item.
// Whoever hands work in with submit() waits for its own result; post()
// returns at once. Stopping finishes what was handed in.
template<typename Order, typename Result> class GroupCommit
{
public:
    // Decides a batch: one result per order, in order. Runs on a runner's
    // thread with that runner's connection.
    using Batch = std::function<std::vector<Result>(Database &, std::vector<Order> &)>;

    // warmUp, if given, runs on each runner's connection when it starts.
    GroupCommit(std::string conninfo, int runners, size_t maxBatch, Batch batch,
                std::function<void(Database &)> warmUp = {})
        : m_conninfo(std::move(conninfo))
        , m_maxBatch(maxBatch)
        , m_batch(std::move(batch))
        , m_warmUp(std::move(warmUp))
    {
        for (int i = 0; i < std::max(1, runners); ++i)
            m_threads.emplace_back([this] { run(); });
    }
    ~GroupCommit()
    {
        stop();
        for (std::thread &thread : m_threads)
            thread.join();
    }
    GroupCommit(const GroupCommit &) = delete;
    GroupCommit &operator=(const GroupCommit &) = delete;

    // Blocks until the order's batch is done. Throws DomainError 503 once
    // stopping.
    Result submit(Order order)
    {
        std::future<Result> result;
        {
            std::lock_guard lock(m_mutex);
            refuseWhenStopping();
            m_waiting.push_back(Waiting{std::move(order), std::promise<Result>()});
            result = m_waiting.back().result->get_future();
        }
        m_wake.notify_one();
        return result.get();
    }
    void post(Order order)
    {
        {
            std::lock_guard lock(m_mutex);
            refuseWhenStopping();
            m_waiting.push_back(Waiting{std::move(order), std::nullopt});
        }
        m_wake.notify_one();
    }
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
        std::optional<std::promise<Result>> result;
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
        // A batch names every row it reads or writes by its key. Its
        // statements are prepared, and Postgres keeps the generic plan it
        // made while the tables were small: on a fresh database, at an
        // on-sale's start, that plan scans idempotency_keys and
        // payment_ledger whole, and goes on doing so, batch after batch,
        // while they grow by thousands of rows a second. Index lookups are
        // the only plan these statements should have.
        Database db(m_conninfo, "SET enable_seqscan = off");
        if (m_warmUp) {
            try {
                m_warmUp(db);
            } catch (const std::exception &) {
                db.reset(); // Postgres is not there yet: the first batch connects
            }
        }
        for (;;) {
            std::vector<Order> orders;
            std::vector<std::optional<std::promise<Result>>> results;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return m_stopping || !m_waiting.empty(); });
                if (m_waiting.empty())
                    return; // stopping, and everything handed in is done
                while (!m_waiting.empty() && orders.size() < m_maxBatch) {
                    orders.push_back(std::move(m_waiting.front().order));
                    results.push_back(std::move(m_waiting.front().result));
                    m_waiting.pop_front();
                }
            }
            try {
                std::vector<Result> done = m_batch(db, orders);
                for (size_t i = 0; i < results.size(); ++i) {
                    if (results[i])
                        results[i]->set_value(std::move(done.at(i)));
                }
            } catch (...) {
                for (auto &result : results) {
                    if (result)
                        result->set_exception(std::current_exception());
                }
            }
        }
    }

    std::string m_conninfo;
    size_t m_maxBatch;
    Batch m_batch;
    std::function<void(Database &)> m_warmUp;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Waiting> m_waiting;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};
