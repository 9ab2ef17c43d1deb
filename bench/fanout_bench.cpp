// Seat changes to many screens (issue 11): N subscribers on one event's
// stream, then single-seat sales one after another; for each sale, the time
// from sending it to its push (the sold seat) arriving at each subscriber.
// Prints p50/p99 over all (subscriber, sale) pairs and the server's RSS with
// the subscribers idle, for one subscriber alone (the baseline) and for each
// N asked for.
//
//   fanout_bench [--subscribers 1,1000,10000] [--sales N] [--workers N] [--threads N]
// Needs BOXOFFICE_SERVER_BIN and BOXOFFICE_TEST_PG (bench/run.sh sets both).
// The load client is cheap: raw non-blocking sockets on a few epoll threads,
// one handshake each, then it only scans incoming frames for the seat.
#include "TestStack.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace {

struct Subscriber
{
    int fd = -1;
    bool upgraded = false;
    bool subscribed = false;
    std::string buffer;
    qint64 lastSale = -1; // the last sale whose push it has seen
};

// What the subscribers share with the thread that sells.
struct Shared
{
    std::atomic<qint64> sale{-1};
    std::atomic<Clock::rep> sentAt{0};
    std::atomic<int> ready{0};
    std::atomic<int> received{0};
    std::atomic<int> failed{0};
    std::atomic<bool> stop{false};
    std::string pattern; // `{"id":<seat>,` of the current sale
    std::mutex patternMutex;
    std::mutex latencyMutex;
    std::vector<double> latenciesMs;
};

QByteArray maskedText(const QByteArray &payload)
{
    // Client frames are masked; a zero mask leaves the payload as it is.
    QByteArray frame;
    frame.append(char(0x81));
    frame.append(char(0x80 | payload.size()));
    frame.append(4, '\0');
    return frame + payload;
}

class LoadThread
{
public:
    LoadThread(Shared &shared, qint64 eventId)
        : m_shared(shared)
        , m_epoll(epoll_create1(0))
        , m_subscribe(maskedText("{\"subscribe\":[" + QByteArray::number(eventId) + "]}"))
        , m_thread([this] { run(); })
    {
    }
    ~LoadThread()
    {
        m_thread.join();
        for (Subscriber *s : m_subscribers) {
            ::close(s->fd);
            delete s;
        }
        ::close(m_epoll);
    }
    void add(Subscriber *s)
    {
        {
            std::lock_guard lock(m_mutex);
            m_subscribers.push_back(s);
        }
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = s;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, s->fd, &ev);
    }

private:
    void run()
    {
        std::vector<epoll_event> events(256);
        std::vector<char> chunk(256 * 1024);
        std::vector<double> latencies;
        while (!m_shared.stop) {
            const int n = epoll_wait(m_epoll, events.data(), int(events.size()), 50);
            std::string pattern;
            qint64 sale = -1;
            Clock::rep sentAt = 0;
            if (n > 0) {
                std::lock_guard lock(m_shared.patternMutex);
                pattern = m_shared.pattern;
                sale = m_shared.sale;
                sentAt = m_shared.sentAt;
            }
            for (int i = 0; i < n; ++i) {
                auto *s = static_cast<Subscriber *>(events[i].data.ptr);
                for (;;) {
                    const ssize_t got = ::recv(s->fd, chunk.data(), chunk.size(), 0);
                    if (got > 0) {
                        s->buffer.append(chunk.data(), size_t(got));
                        continue;
                    }
                    if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                        ++m_shared.failed;
                        epoll_ctl(m_epoll, EPOLL_CTL_DEL, s->fd, nullptr);
                    }
                    break;
                }
                consume(s, pattern, sale, sentAt, latencies);
            }
            if (!latencies.empty()) {
                std::lock_guard lock(m_shared.latencyMutex);
                m_shared.latenciesMs.insert(m_shared.latenciesMs.end(), latencies.begin(),
                                            latencies.end());
                m_shared.received += int(latencies.size());
                latencies.clear();
            }
        }
    }

    void consume(Subscriber *s, const std::string &pattern, qint64 sale, Clock::rep sentAt,
                 std::vector<double> &latencies)
    {
        if (!s->upgraded) {
            const size_t end = s->buffer.find("\r\n\r\n");
            if (end == std::string::npos)
                return;
            if (s->buffer.compare(0, 12, "HTTP/1.1 101") != 0) {
                ++m_shared.failed;
                return;
            }
            s->upgraded = true;
            s->buffer.erase(0, end + 4);
            ::send(s->fd, m_subscribe.constData(), size_t(m_subscribe.size()), MSG_NOSIGNAL);
        }
        size_t at = 0;
        for (;;) {
            // A server frame: FIN/opcode, 7-bit length (126: 16 bits, 127: 64 bits), payload.
            if (s->buffer.size() - at < 2)
                break;
            const auto *bytes = reinterpret_cast<const unsigned char *>(s->buffer.data() + at);
            size_t header = 2;
            quint64 length = bytes[1] & 0x7f;
            if (length == 126) {
                header = 4;
                if (s->buffer.size() - at < header)
                    break;
                length = (quint64(bytes[2]) << 8) | bytes[3];
            } else if (length == 127) {
                header = 10;
                if (s->buffer.size() - at < header)
                    break;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = (length << 8) | bytes[2 + i];
            }
            if (s->buffer.size() - at < header + length)
                break;
            const std::string_view payload(s->buffer.data() + at + header, length);
            if ((bytes[0] & 0x0f) == 0x1) {
                if (!s->subscribed && payload.find("\"subscribed\"") != std::string_view::npos) {
                    s->subscribed = true;
                    ++m_shared.ready;
                } else if (sale >= 0 && s->lastSale != sale && !pattern.empty() &&
                           payload.find(pattern) != std::string_view::npos) {
                    s->lastSale = sale;
                    latencies.push_back(
                        std::chrono::duration<double, std::milli>(
                            Clock::now() - Clock::time_point(Clock::duration(sentAt)))
                            .count());
                }
            }
            at += header + length;
        }
        s->buffer.erase(0, at);
    }

    Shared &m_shared;
    int m_epoll;
    QByteArray m_subscribe;
    std::mutex m_mutex;
    std::vector<Subscriber *> m_subscribers;
    std::thread m_thread;
};

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

struct Figures
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    qint64 rssKiB = 0;
    qint64 pairs = 0;
    qint64 expected = 0;
    int failed = 0;
};

Figures measure(TestStack &stack, qint64 eventId, QList<qint64> &seats, int subscribers, int sales,
                int threads, HttpTestClient &buyer)
{
    Shared shared;
    Figures figures;
    {
        std::vector<std::unique_ptr<LoadThread>> load;
        for (int t = 0; t < threads; ++t)
            load.push_back(std::make_unique<LoadThread>(shared, eventId));
        const quint16 port = stack.server().port();
        const QByteArray handshake = "GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                     "Sec-WebSocket-Version: 13\r\n"
                                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        for (int i = 0; i < subscribers; ++i) {
            // A few hundred handshakes in flight at most: the listen backlog is short.
            while (i - shared.ready - shared.failed > 200)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            const int fd = connectTo(port);
            if (fd < 0) {
                std::fprintf(stderr, "connect failed at %d: %s\n", i, std::strerror(errno));
                ++shared.failed;
                continue;
            }
            ::send(fd, handshake.constData(), size_t(handshake.size()), MSG_NOSIGNAL);
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            auto *s = new Subscriber;
            s->fd = fd;
            load[size_t(i % threads)]->add(s);
        }
        const auto deadline = Clock::now() + std::chrono::seconds(120);
        while (shared.ready + shared.failed < subscribers && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::seconds(1));
        figures.rssKiB = residentKiB(stack.server().pid());
        const int ready = shared.ready;
        for (int k = 0; k < sales && !seats.isEmpty(); ++k) {
            const qint64 seat = seats.takeFirst();
            const int before = shared.received;
            {
                std::lock_guard lock(shared.patternMutex);
                shared.pattern = "{\"id\":" + std::to_string(seat) + ',';
                shared.sentAt = Clock::now().time_since_epoch().count();
                shared.sale = k;
            }
            const HttpTestResponse sold = TestStack::bookWithCard(buyer, eventId, {seat});
            if (sold.status != 201)
                std::fprintf(stderr, "sale %d: %d %s\n", k, sold.status, sold.body.constData());
            const auto until = Clock::now() + std::chrono::seconds(10);
            while (shared.received - before < ready && Clock::now() < until)
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            figures.expected += ready;
        }
        shared.stop = true;
    }
    figures.pairs = qint64(shared.latenciesMs.size());
    figures.p50Ms = percentile(shared.latenciesMs, 0.50);
    figures.p99Ms = percentile(shared.latenciesMs, 0.99);
    figures.maxMs = percentile(shared.latenciesMs, 1.0);
    figures.failed = shared.failed;
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption subscribersOption(u"subscribers"_s,
                                               u"Subscriber counts to measure, after 1 alone."_s,
                                               u"n,..."_s, u"1000,10000"_s);
    const QCommandLineOption salesOption(u"sales"_s, u"Sales per count."_s, u"n"_s, u"50"_s);
    const QCommandLineOption workersOption(u"workers"_s, u"Server worker threads."_s, u"n"_s,
                                           u"4"_s);
    const QCommandLineOption threadsOption(u"threads"_s, u"Load client threads."_s, u"n"_s, u"2"_s);
    parser.addOptions({subscribersOption, salesOption, workersOption, threadsOption});
    parser.process(app);
    const int sales = parser.value(salesOption).toInt();
    QList<int> counts{1};
    for (const QString &n : parser.value(subscribersOption).split(u',', Qt::SkipEmptyParts))
        counts.append(n.toInt());

    // Each subscriber is a descriptor here and one in the server (which
    // inherits this limit).
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    const QString limit = QString::number(files.rlim_max);
    TestStack stack(u"fanout"_s,
                    {u"--workers"_s, parser.value(workersOption), u"--max-connections"_s, limit,
                     u"--max-connections-per-address"_s, limit, u"--rate-limit-exempt"_s,
                     u"127.0.0.0/8"_s, u"--stream-idle-timeout-ms"_s, u"600000"_s});
    if (!stack.start()) {
        std::fprintf(stderr, "cannot start the server\n");
        return 1;
    }
    const qint64 eventId = stack.createEvent(u"Fan-out"_s, 40, 50);
    QList<qint64> seats = stack.ticketIds(eventId);
    auto buyer = stack.client(stack.registerCustomer(u"fan@example.org"_s));
    // The first sale warms the server's connections and caches; it is not measured.
    TestStack::bookWithCard(*buyer, eventId, {seats.takeFirst()});
    std::printf("# fan-out: %d single-seat sales per count, %s workers, file limit %s\n", sales,
                qPrintable(parser.value(workersOption)), qPrintable(limit));
    std::printf("%-12s %10s %10s %10s %12s %10s\n", "subscribers", "p50 ms", "p99 ms", "max ms",
                "pairs", "RSS MiB");
    double baseline = 0;
    for (int n : counts) {
        const Figures f = measure(stack, eventId, seats, n, sales,
                                  std::min(n, parser.value(threadsOption).toInt()), *buyer);
        if (n == 1)
            baseline = f.p99Ms;
        std::printf("%-12d %10.2f %10.2f %10.2f %5lld/%-6lld %10.1f", n, f.p50Ms, f.p99Ms, f.maxMs,
                    f.pairs, f.expected, double(f.rssKiB) / 1024);
        if (n > 1 && baseline > 0)
            std::printf("   p99 x%.1f of one alone", f.p99Ms / baseline);
        if (f.failed)
            std::printf("   (%d subscribers failed)", f.failed);
        std::printf("\n");
        std::fflush(stdout);
    }
    return 0;
}
