#include "HttpTestClient.h"

#include <arpa/inet.h>
#include <cerrno>
#include <http_parser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace {
struct ParseState
{
    HttpTestResponse response;
    QByteArray field;
    QByteArray value;
    bool complete = false;

    void storeHeader()
    {
        if (!field.isEmpty())
            response.headers.insert(field.toLower(), value);
        field.clear();
        value.clear();
    }
};

ParseState *state(http_parser *p)
{
    return static_cast<ParseState *>(p->data);
}

const http_parser_settings &settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings x;
        http_parser_settings_init(&x);
        x.on_header_field = [](http_parser *p, const char *at, size_t n) {
            if (!state(p)->value.isEmpty())
                state(p)->storeHeader();
            state(p)->field.append(at, static_cast<qsizetype>(n));
            return 0;
        };
        x.on_header_value = [](http_parser *p, const char *at, size_t n) {
            state(p)->value.append(at, static_cast<qsizetype>(n));
            return 0;
        };
        x.on_headers_complete = [](http_parser *p) {
            state(p)->storeHeader();
            state(p)->response.status = static_cast<int>(p->status_code);
            return 0;
        };
        x.on_body = [](http_parser *p, const char *at, size_t n) {
            state(p)->response.body.append(at, static_cast<qsizetype>(n));
            return 0;
        };
        x.on_message_complete = [](http_parser *p) {
            state(p)->complete = true;
            http_parser_pause(p, 1); // one response at a time
            return 0;
        };
        return x;
    }();
    return s;
}
} // namespace

HttpTestClient::HttpTestClient(QByteArray host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

HttpTestClient::~HttpTestClient()
{
    disconnect();
}

void HttpTestClient::disconnect()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_buffer.clear();
}

bool HttpTestClient::isConnected() const
{
    return m_fd >= 0;
}

bool HttpTestClient::ensureConnected()
{
    if (m_fd >= 0)
        return true;
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    ::inet_pton(AF_INET, m_host.constData(), &address.sin_addr);
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        disconnect();
        return false;
    }
    return true;
}

void HttpTestClient::send(const QByteArray &bytes)
{
    if (!ensureConnected())
        return;
    qsizetype sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(m_fd, bytes.constData() + sent,
                                 static_cast<size_t>(bytes.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += n;
    }
}

HttpTestResponse HttpTestClient::readResponse(int timeoutMs)
{
    ParseState parsed;
    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    parser.data = &parsed;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        if (!m_buffer.isEmpty()) {
            const size_t used = http_parser_execute(&parser, &settings(), m_buffer.constData(),
                                                    static_cast<size_t>(m_buffer.size()));
            m_buffer.remove(0, static_cast<qsizetype>(used));
            if (parsed.complete) {
                parsed.response.closed = !http_should_keep_alive(&parser);
                if (parsed.response.closed)
                    disconnect();
                return parsed.response;
            }
            if (HTTP_PARSER_ERRNO(&parser) != HPE_OK && HTTP_PARSER_ERRNO(&parser) != HPE_PAUSED) {
                disconnect();
                return {};
            }
        }
        if (m_fd < 0)
            return parsed.response;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0)
            return {};
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0)
            continue;
        char chunk[65536];
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            // Closed: a response delimited by the close completes now.
            http_parser_execute(&parser, &settings(), nullptr, 0);
            disconnect();
            if (parsed.complete)
                parsed.response.closed = true;
            else
                parsed.response = HttpTestResponse();
            parsed.response.closed = true;
            return parsed.response;
        }
        m_buffer.append(chunk, n);
    }
}

HttpTestResponse HttpTestClient::raw(const QByteArray &bytes, int timeoutMs)
{
    if (!ensureConnected())
        return {};
    send(bytes);
    return readResponse(timeoutMs);
}

HttpTestResponse HttpTestClient::request(const QByteArray &method, const QByteArray &path,
                                         const QByteArray &body,
                                         const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray out = method + ' ' + path + " HTTP/1.1\r\nHost: " + m_host + "\r\n";
    if (!m_token.isEmpty())
        out += "Authorization: Bearer " + m_token + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    if (!body.isEmpty() || method == "POST")
        out +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    out += "\r\n" + body;
    // A keep-alive connection the server closed meanwhile: retry once fresh.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = m_fd >= 0;
        if (!ensureConnected())
            return {};
        send(out);
        HttpTestResponse response = readResponse();
        if (response.status != 0 || !reused)
            return response;
        disconnect();
    }
    return {};
}

HttpTestResponse HttpTestClient::get(const QByteArray &path)
{
    return request("GET", path, {});
}

HttpTestResponse HttpTestClient::post(const QByteArray &path, const QJsonObject &body,
                                      const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}
