#pragma once

#include <QThread>
#include <atomic>
#include <string>

class EventVersions;

// LISTENs on Postgres for ticket changes made by any server instance and
// hands each one, in commit (= version) order, to ticketsChanged(). A wake-up
// only: clients that miss one catch up with ?since= (invariant 6).
//
// It also keeps versions current: every ticket version and catalog revision
// it hears moves forward there, and whenever it is not listening (before the
// first LISTEN, and after losing Postgres until it listens again) nothing in
// versions is trusted, since NOTIFYs of that time are lost.
class ChangeListener : public QThread
{
    Q_OBJECT
public:
    // Its Postgres session's application_name is "boxoffice-listener-"
    // and the process id: one per instance, told apart in pg_stat_activity.
    ChangeListener(std::string conninfo, EventVersions &versions, QObject *parent = nullptr);
    void stop();

Q_SIGNALS:
    // message is the JSON pushed to stream subscribers.
    void ticketsChanged(qint64 eventId, const QByteArray &message);
    void listening();

protected:
    void run() override;

private:
    std::string m_conninfo;
    EventVersions &m_versions;
    std::atomic<bool> m_stop{false};
};
