#include "Flood.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QSet>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace {
// What the pipeliner keeps queued on its side: the server stops reading it
// long before this is sent.
constexpr qint64 PipelineQueueBytes = 1024 * 1024;

// Takes one complete answer off the front of buffer; its status, or 0 while
// it is incomplete.
int takeAnswer(QByteArray &buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return 0;
    const QByteArray head = buffer.left(headEnd).toLower();
    qint64 length = 0;
    const qsizetype field = head.indexOf("\r\ncontent-length:");
    if (field >= 0) {
        qsizetype lineEnd = head.indexOf("\r\n", field + 2);
        if (lineEnd < 0)
            lineEnd = head.size();
        length = head.mid(field + 17, lineEnd - field - 17).trimmed().toLongLong();
    }
    if (buffer.size() < headEnd + 4 + length)
        return 0;
    const int status = buffer.mid(9, 3).toInt();
    buffer.remove(0, headEnd + 4 + length);
    return status;
}

QByteArray ipv4(quint32 address)
{
    return QHostAddress(address).toString().toLatin1();
}
} // namespace

// Lives on the flood's thread and owns every socket of the flood.
class FloodDriver : public QObject
{
public:
    FloodDriver(const FloodPlan &plan, FloodCounts &counts)
        : m_plan(plan)
        , m_counts(counts)
    {
    }

    void begin();
    void end();

private:
    void openIdle(int slot);
    void openPipeliner(int index);
    void feedPipeliners();
    void openAbuser(int index);
    void abuse(QWebSocket *socket);
    void openLogin(int index);
    void signIn(QTcpSocket *socket);
    // Runs work after ms unless the flood ends first.
    void later(int ms, std::function<void()> work);

    const FloodPlan m_plan;
    FloodCounts &m_counts;
    bool m_ending = false;
    int m_idleStarted = 0;
    QTimer *m_ramp = new QTimer(this);
    QTimer *m_tick = new QTimer(this);
    QList<QTcpSocket *> m_pipeliners;
    QByteArray m_pipelineBatch;
    quint32 m_nextStreamAddress = 0;
    quint32 m_nextLoginAddress = 0;
    qint64 m_abuseCount = 0;
    QByteArray m_duplicates;
    QByteArray m_distinct;
    QByteArray m_oversize;
};

void FloodDriver::later(int ms, std::function<void()> work)
{
    QTimer::singleShot(ms, this, [this, work = std::move(work)] {
        if (!m_ending)
            work();
    });
}

void FloodDriver::begin()
{
    // The abusers' messages: a 60 KB array of one id repeated (refused whole
    // as too many), 1,000 distinct ids, mostly unknown (one query, one
    // error), and a message over the 64 KiB limit (closes the connection).
    m_duplicates = "{\"subscribe\":[" + QByteArray("1,").repeated(30000) + "1]}";
    QByteArray ids;
    for (qint64 id : m_plan.knownEventIds)
        ids += QByteArray::number(id) + ',';
    for (int id = 0; id < 1000 - m_plan.knownEventIds.size(); ++id)
        ids += QByteArray::number(1000000 + id) + ',';
    ids.chop(1);
    m_distinct = "{\"subscribe\":[" + ids + "]}";
    m_oversize = "{\"subscribe\":[" + QByteArray("1,").repeated(150000) + "1]}";

    const QByteArray seatMap = "GET /v1/event/" + QByteArray::number(m_plan.seatMapEventId) +
                               "/tickets HTTP/1.1\r\nHost: flood\r\n\r\n";
    m_pipelineBatch = seatMap.repeated(100);

    // Idle connections open in a ramp (a SYN storm of thousands at once only
    // measures the kernel's backlog).
    connect(m_ramp, &QTimer::timeout, this, [this] {
        for (int i = 0; i < 50 && m_idleStarted < m_plan.idleConnections; ++i)
            openIdle(m_idleStarted++);
        if (m_idleStarted >= m_plan.idleConnections)
            m_ramp->stop();
    });
    m_ramp->start(10);
    for (int i = 0; i < m_plan.pipeliners; ++i)
        openPipeliner(i);
    for (int i = 0; i < m_plan.streamAbusers; ++i)
        openAbuser(i);
    for (int i = 0; i < m_plan.loginConnections; ++i)
        openLogin(i);
    connect(m_tick, &QTimer::timeout, this, &FloodDriver::feedPipeliners);
    m_tick->start(5);
}

void FloodDriver::end()
{
    m_ending = true;
    m_ramp->stop();
    m_tick->stop();
    // Every socket is a child: they go with the driver, on this thread.
    const auto sockets = findChildren<QAbstractSocket *>(Qt::FindDirectChildrenOnly);
    for (QAbstractSocket *socket : sockets)
        socket->disconnect(this);
    const auto webSockets = findChildren<QWebSocket *>(Qt::FindDirectChildrenOnly);
    for (QWebSocket *socket : webSockets)
        socket->disconnect(this);
}

void FloodDriver::openIdle(int slot)
{
    auto *socket = new QTcpSocket(this);
    const quint32 loopback = QHostAddress(u"127.0.0.2"_s).toIPv4Address();
    socket->bind(QHostAddress(loopback + static_cast<quint32>(slot % m_plan.idleAddresses)));
    auto open = std::make_shared<bool>(false);
    connect(socket, &QTcpSocket::connected, this, [this, open] {
        *open = true;
        ++m_counts.idleOpen;
    });
    connect(socket, &QTcpSocket::stateChanged, this,
            [this, socket, open, slot](QAbstractSocket::SocketState state) {
                if (state != QAbstractSocket::UnconnectedState)
                    return;
                if (*open)
                    --m_counts.idleOpen;
                ++m_counts.idleReconnects;
                socket->disconnect(this);
                socket->deleteLater();
                later(100, [this, slot] { openIdle(slot); });
            });
    socket->connectToHost(QHostAddress::LocalHost, m_plan.port);
}

void FloodDriver::openPipeliner(int index)
{
    auto *socket = new QTcpSocket(this);
    const quint32 first = QHostAddress(u"127.0.0.201"_s).toIPv4Address();
    socket->bind(QHostAddress(first + static_cast<quint32>(index)));
    // It never reads: what arrives fills one byte of buffer, then the
    // kernel's, then the server's.
    socket->setReadBufferSize(1);
    m_pipeliners.append(socket);
    connect(socket, &QTcpSocket::stateChanged, this,
            [this, socket, index](QAbstractSocket::SocketState state) {
                if (state != QAbstractSocket::UnconnectedState)
                    return;
                ++m_counts.pipelinerReconnects;
                m_pipeliners.removeOne(socket);
                socket->disconnect(this);
                socket->deleteLater();
                later(100, [this, index] { openPipeliner(index); });
            });
    socket->connectToHost(QHostAddress::LocalHost, m_plan.port);
}

void FloodDriver::feedPipeliners()
{
    for (QTcpSocket *socket : std::as_const(m_pipeliners)) {
        if (socket->state() == QAbstractSocket::ConnectedState &&
            socket->bytesToWrite() < PipelineQueueBytes) {
            socket->write(m_pipelineBatch);
            m_counts.pipelinedRequests += 100;
        }
    }
}

void FloodDriver::openAbuser(int index)
{
    auto *socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    // A fresh address each time (198.18.0.0/15): the per-address stream
    // connect limit must not be what keeps the abusers out.
    QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/v1/stream"_s.arg(m_plan.port)));
    const quint32 base = QHostAddress(u"198.18.0.1"_s).toIPv4Address();
    request.setRawHeader("X-Forwarded-For", ipv4(base + m_nextStreamAddress++ % 100000));
    auto gone = std::make_shared<bool>(false);
    const auto reopen = [this, socket, index, gone] {
        if (*gone)
            return;
        *gone = true;
        ++m_counts.streamClosed;
        socket->disconnect(this);
        socket->deleteLater();
        later(20, [this, index] { openAbuser(index); });
    };
    connect(socket, &QWebSocket::connected, this, [this, socket] {
        ++m_counts.streamConnects;
        abuse(socket);
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, socket] {
        ++m_counts.streamAnswers;
        abuse(socket);
    });
    connect(socket, &QWebSocket::disconnected, this, reopen);
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, reopen);
    socket->open(request);
}

void FloodDriver::abuse(QWebSocket *socket)
{
    // Every answer brings the next message; one in eight is over the limit.
    const qint64 n = m_abuseCount++;
    const QByteArray &message = n % 8 == 7 ? m_oversize : n % 2 == 0 ? m_duplicates : m_distinct;
    socket->sendTextMessage(QString::fromLatin1(message));
    ++m_counts.streamMessages;
}

void FloodDriver::openLogin(int index)
{
    auto *socket = new QTcpSocket(this);
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::connected, this, [this, socket] { signIn(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        buffer->append(socket->readAll());
        while (const int status = takeAnswer(*buffer)) {
            switch (status) {
            case 200:
                ++m_counts.loginsSignedIn;
                break;
            case 401:
                ++m_counts.loginsRefused;
                break;
            case 429:
                ++m_counts.loginsRateLimited;
                break;
            case 503:
                ++m_counts.loginsBusy;
                break;
            default:
                ++m_counts.loginsOther;
            }
            // A bot does not wait long: the next sign-in right away, but
            // no faster than the interval.
            later(m_plan.loginIntervalMs, [this, socket] {
                if (socket->state() == QAbstractSocket::ConnectedState)
                    signIn(socket);
            });
        }
    });
    connect(socket, &QTcpSocket::stateChanged, this,
            [this, socket, index](QAbstractSocket::SocketState state) {
                if (state != QAbstractSocket::UnconnectedState)
                    return;
                socket->disconnect(this);
                socket->deleteLater();
                later(100, [this, index] { openLogin(index); });
            });
    socket->connectToHost(QHostAddress::LocalHost, m_plan.port);
}

void FloodDriver::signIn(QTcpSocket *socket)
{
    const quint32 n = m_nextLoginAddress++;
    // Right and wrong passwords and unknown accounts, from a fresh address
    // each time (10.0.0.0/8), except every tenth from one address that the
    // per-address sign-in limit catches.
    const QByteArray address =
        n % 10 == 9 ? "192.0.2.66"_ba
                    : ipv4(QHostAddress(u"10.0.0.1"_s).toIPv4Address() + n % 10000000);
    const QString email = n % 8 == 5 ? u"nobody%1@example.org"_s.arg(n) : m_plan.loginEmail;
    const QString password = n % 4 == 1 ? u"wrong horse"_s : u"correct horse"_s;
    const QByteArray body =
        QJsonDocument(QJsonObject{{u"email"_s, email}, {u"password"_s, password}})
            .toJson(QJsonDocument::Compact);
    socket->write("POST /v1/auth/login HTTP/1.1\r\nHost: flood\r\nX-Forwarded-For: " + address +
                  "\r\nContent-Type: application/json\r\nContent-Length: " +
                  QByteArray::number(body.size()) + "\r\n\r\n" + body);
    ++m_counts.loginsSent;
}

Flood::Flood(FloodPlan plan)
    : m_plan(std::move(plan))
{
    m_thread.setObjectName(u"flood"_s);
}

Flood::~Flood()
{
    stop();
}

void Flood::start()
{
    if (m_driver)
        return;
    m_driver = new FloodDriver(m_plan, m_counts);
    m_driver->moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        m_driver, [driver = m_driver] { driver->begin(); }, Qt::QueuedConnection);
}

void Flood::stop()
{
    if (!m_driver)
        return;
    QMetaObject::invokeMethod(
        m_driver,
        [driver = m_driver] {
            driver->end();
            delete driver;
        },
        Qt::BlockingQueuedConnection);
    m_driver = nullptr;
    m_thread.quit();
    m_thread.wait();
}

bool Flood::inFullSwing() const
{
    const FloodCounts &c = m_counts;
    return c.idleOpen >= m_plan.idleConnections &&
           (m_plan.pipeliners == 0 || c.pipelinedRequests >= 5000) &&
           (m_plan.streamAbusers == 0 || c.streamAnswers > 0) &&
           (m_plan.loginConnections == 0 ||
            c.loginsSignedIn + c.loginsRefused + c.loginsBusy + c.loginsRateLimited > 0);
}

QString Flood::summary() const
{
    const FloodCounts &c = m_counts;
    return u"idle connections open %1 (reopened %2); pipelined requests %3 (reconnects %4); "
           "stream connects %5, messages %6, answers %7, closed %8; sign-ins sent %9: "
           "200 × %10, 401 × %11, 429 × %12, 503 × %13, other × %14"_s.arg(c.idleOpen.load())
               .arg(c.idleReconnects.load())
               .arg(c.pipelinedRequests.load())
               .arg(c.pipelinerReconnects.load())
               .arg(c.streamConnects.load())
               .arg(c.streamMessages.load())
               .arg(c.streamAnswers.load())
               .arg(c.streamClosed.load())
               .arg(c.loginsSent.load())
               .arg(c.loginsSignedIn.load())
               .arg(c.loginsRefused.load())
               .arg(c.loginsRateLimited.load())
               .arg(c.loginsBusy.load())
               .arg(c.loginsOther.load());
}
