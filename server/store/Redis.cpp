#include "Redis.h"

#include "Log.h"

#include <QCryptographicHash>
#include <hiredis/hiredis.h>
#include <mutex>
#include <vector>

namespace {
constexpr std::chrono::milliseconds ConnectTimeout{250};
constexpr std::chrono::milliseconds CommandTimeout{500};
constexpr std::chrono::seconds RetryDelay{1};

Redis::Reply convert(const redisReply *reply)
{
    Redis::Reply out;
    switch (reply->type) {
    case REDIS_REPLY_INTEGER:
        out.type = Redis::Reply::Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = Redis::Reply::Type::String;
        out.string = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_STATUS:
        out.type = Redis::Reply::Type::Status;
        out.string = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = Redis::Reply::Type::Error;
        out.string = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = Redis::Reply::Type::Array;
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(convert(reply->element[i]));
        break;
    default:
        out.type = Redis::Reply::Type::Nil;
    }
    return out;
}

timeval toTimeval(std::chrono::milliseconds ms)
{
    return timeval{static_cast<time_t>(ms.count() / 1000),
                   static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

struct ContextDeleter
{
    void operator()(redisContext *context) const { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

// A connection with the short timeouts, or nullptr and why not.
Context connectTo(const RedisEndpoint &endpoint, QByteArray &error)
{
    Context context(
        redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, toTimeval(ConnectTimeout)));
    if (!context || context->err) {
        error = context ? QByteArray(context->errstr) : QByteArrayLiteral("out of memory");
        return nullptr;
    }
    redisSetTimeout(context.get(), toTimeval(CommandTimeout));
    return context;
}

// One command; nullopt when the connection failed (context->errstr says why).
std::optional<Redis::Reply> run(redisContext *context, const QList<QByteArray> &arguments)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(static_cast<size_t>(arguments.size()));
    lengths.reserve(static_cast<size_t>(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(static_cast<size_t>(argument.size()));
    }
    auto *reply = static_cast<redisReply *>(
        redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!reply)
        return std::nullopt;
    Redis::Reply out = convert(reply);
    freeReplyObject(reply);
    return out;
}

// Errors that mean this server is no longer (or not yet) the master to use.
bool isFailoverError(const Redis::Reply &reply)
{
    return reply.type == Redis::Reply::Type::Error &&
           (reply.string.startsWith("READONLY") || reply.string.startsWith("MASTERDOWN") ||
            reply.string.startsWith("LOADING"));
}

// Every thread has its own connection and finds the new master on its own;
// the log says so once per process and failover.
void noteMaster(const RedisEndpoint &master)
{
    static std::mutex mutex;
    static std::optional<RedisEndpoint> known;
    std::lock_guard lock(mutex);
    if (known == master)
        return;
    if (known)
        qCWarning(lcRedis).noquote() << "redis master is now" << master.toString();
    else
        qCInfo(lcRedis).noquote() << "redis master is" << master.toString()
                                  << "(named by the sentinels)";
    known = master;
}
} // namespace

Redis::Redis(RedisAddress address)
    : m_address(std::move(address))
{
}

Redis::~Redis()
{
    drop();
}

void Redis::fail()
{
    drop();
    m_retryAfter = std::chrono::steady_clock::now() + RetryDelay;
}

void Redis::drop()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

std::optional<RedisEndpoint> Redis::askSentinels(const QList<RedisEndpoint> &sentinels,
                                                 const QByteArray &masterName)
{
    for (const RedisEndpoint &sentinel : sentinels) {
        QByteArray error;
        const Context context = connectTo(sentinel, error);
        if (!context) {
            qCDebug(lcRedis).noquote()
                << "sentinel" << sentinel.toString() << "unreachable:" << error;
            continue;
        }
        const auto reply =
            run(context.get(), {QByteArrayLiteral("SENTINEL"),
                                QByteArrayLiteral("get-master-addr-by-name"), masterName});
        // Nil: this sentinel does not monitor the master; ask the next.
        if (!reply || reply->type != Reply::Type::Array || reply->elements.size() != 2)
            continue;
        bool ok = false;
        const int port = reply->elements[1].string.toInt(&ok);
        if (ok && port > 0 && port <= 65535)
            return RedisEndpoint{reply->elements[0].string.toStdString(), port};
    }
    return std::nullopt;
}

bool Redis::ensureConnected()
{
    if (m_context)
        return true;
    if (std::chrono::steady_clock::now() < m_retryAfter)
        return false;
    RedisEndpoint endpoint = m_address.server;
    if (m_address.usesSentinels()) {
        const auto master = askSentinels(m_address.sentinels, m_address.masterName);
        if (!master) {
            qCWarning(lcRedis) << "No sentinel names a master for" << m_address.masterName
                               << "- carrying on without Redis";
            fail();
            return false;
        }
        endpoint = *master;
    }
    QByteArray error;
    m_context = connectTo(endpoint, error).release();
    if (!m_context) {
        qCWarning(lcRedis).noquote()
            << "Redis unreachable at" << endpoint.toString() << error << "- carrying on without it";
        fail();
        return false;
    }
    if (m_address.usesSentinels()) {
        // Right after a failover the sentinels may still name the old
        // master, back as a replica: writes there would fail.
        const auto role = run(m_context, {QByteArrayLiteral("ROLE")});
        if (!role || role->type != Reply::Type::Array || role->elements.isEmpty() ||
            role->elements.first().string != "master") {
            qCWarning(lcRedis).noquote()
                << "Redis at" << endpoint.toString() << "is not a master - carrying on without it";
            fail();
            return false;
        }
        noteMaster(endpoint);
    }
    return true;
}

std::optional<Redis::Reply> Redis::command(const QList<QByteArray> &arguments)
{
    if (!ensureConnected())
        return std::nullopt;
    auto reply = run(m_context, arguments);
    if (!reply) {
        qCWarning(lcRedis) << "Redis command failed:" << m_context->errstr;
        fail();
        return std::nullopt;
    }
    if (isFailoverError(*reply)) {
        qCWarning(lcRedis) << "Redis is not a usable master:" << reply->string;
        fail();
        return std::nullopt;
    }
    return reply;
}

std::optional<Redis::Reply> Redis::eval(const QByteArray &script, const QList<QByteArray> &keys,
                                        const QList<QByteArray> &arguments)
{
    const QByteArray sha = QCryptographicHash::hash(script, QCryptographicHash::Sha1).toHex();
    QList<QByteArray> argv{QByteArrayLiteral("EVALSHA"), sha, QByteArray::number(keys.size())};
    argv += keys;
    argv += arguments;
    auto reply = command(argv);
    if (reply && reply->type == Reply::Type::Error && reply->string.startsWith("NOSCRIPT")) {
        argv[0] = QByteArrayLiteral("EVAL");
        argv[1] = script;
        reply = command(argv);
    }
    if (reply && reply->type == Reply::Type::Error) {
        qCWarning(lcRedis) << "Redis script error:" << reply->string;
        return std::nullopt;
    }
    return reply;
}

bool Redis::ping()
{
    const auto reply = command({QByteArrayLiteral("PING")});
    return reply && reply->type == Reply::Type::Status && reply->string == "PONG";
}
