#include "Nginx.h"

#include "HttpTestClient.h"

#include <QFile>
#include <QTcpServer>
#include <QThread>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

quint16 freeLocalPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

Nginx::Nginx() = default;

Nginx::~Nginx()
{
    stop();
}

bool Nginx::start(const QString &httpDirectives, const QString &serverDirectives,
                  const QByteArray &readyPath, int workerProcesses)
{
    if (!m_dir.isValid())
        return false;
    m_port = freeLocalPort();
    QFile config(m_dir.filePath(u"nginx.conf"_s));
    if (!config.open(QIODevice::WriteOnly))
        return false;
    const QString dir = m_dir.path();
    // As root, nginx would run its workers as nobody, who cannot enter the
    // temporary prefix.
    config.write((u"%1"
                  "worker_processes %2;\n"
                  "daemon off;\n"
                  "pid %3/nginx.pid;\n"
                  "error_log %3/error.log warn;\n"
                  "events { worker_connections 4096; }\n"
                  "http {\n"
                  "  access_log off;\n"
                  "  client_body_temp_path %3/client;\n"
                  "  proxy_temp_path %3/proxy;\n"
                  "  fastcgi_temp_path %3/fastcgi;\n"
                  "  uwsgi_temp_path %3/uwsgi;\n"
                  "  scgi_temp_path %3/scgi;\n"
                  "%4"
                  "  server {\n"
                  "    listen 127.0.0.1:%5;\n"
                  "%6"
                  "  }\n"
                  "}\n"_s)
                     .arg(::geteuid() == 0 ? u"user root;\n"_s : QString(),
                          QString::number(workerProcesses), dir, httpDirectives,
                          QString::number(m_port), serverDirectives)
                     .toUtf8());
    config.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(u"nginx"_s,
                    {u"-p"_s, dir, u"-e"_s, dir + u"/error.log"_s, u"-c"_s, config.fileName()});
    if (!m_process.waitForStarted(5000))
        return false;
    for (int i = 0; i < 100; ++i) {
        if (HttpTestClient("127.0.0.1", m_port).get(readyPath).status == 200)
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    std::fprintf(stderr, "nginx did not start:\n%s\n%s\n", m_process.readAll().constData(),
                 errorLog().constData());
    return false;
}

void Nginx::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArray Nginx::errorLog() const
{
    QFile log(m_dir.filePath(u"error.log"_s));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}
