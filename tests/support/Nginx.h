#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A free TCP port on 127.0.0.1 (free when asked: a test binds it soon after).
quint16 freeLocalPort();

// Real nginx (Debian's nginx-light) in the foreground, from a temporary
// prefix, on a free port of 127.0.0.1: the read benchmark's static baseline
// and the gateway test's load balancer.
class Nginx
{
public:
    Nginx();
    ~Nginx();
    // Where nginx keeps its configuration, logs and temporary files; files a
    // configuration names can go here before start().
    QString directory() const { return m_dir.path(); }
    // Starts nginx with `httpDirectives` inside http { } and `serverDirectives`
    // inside its one server { }, and waits until `readyPath` answers 200.
    bool start(const QString &httpDirectives, const QString &serverDirectives,
               const QByteArray &readyPath, int workerProcesses = 1);
    void stop();
    quint16 port() const { return m_port; }
    QByteArray errorLog() const;

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};
