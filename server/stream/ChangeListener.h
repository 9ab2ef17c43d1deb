#pragma once

#include <QThread>
#include <atomic>
#include <string>

// LISTENs on Postgres for ticket changes made by any server instance and
// hands each one, in commit (= version) order, to ticketsChanged(). A wake-up
// only: clients that miss one catch up with ?since= (invariant 6).
class ChangeListener : public QThread
{
    Q_OBJECT
public:
    explicit ChangeListener(std::string conninfo, QObject *parent = nullptr);
    void stop();

Q_SIGNALS:
    // message is the JSON pushed to stream subscribers.
    void ticketsChanged(qint64 eventId, const QByteArray &message);
    void listening();

protected:
    void run() override;

private:
    std::string m_conninfo;
    std::atomic<bool> m_stop{false};
};
