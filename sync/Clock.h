#pragma once

#include <QDateTime>

// The time as the client's logic sees it. Hold countdowns and "offline since"
// read this instead of the wall clock, so tests can move time by hand
// (KeePassXC's Clock/MockClock).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;

    // The process-wide system clock; never null.
    static const Clock &system();
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc())
        : m_now(std::move(start))
    {
    }
    QDateTime now() const override { return m_now; }
    void advance(qint64 msecs) { m_now = m_now.addMSecs(msecs); }
    void set(const QDateTime &time) { m_now = time; }

private:
    QDateTime m_now;
};
