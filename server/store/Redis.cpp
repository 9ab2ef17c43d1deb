#include "Redis.h"

#include "Log.h"

#include <QCryptographicHash>
#include <hiredis/hiredis.h>
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
} // namespace

Redis::Redis(std::string host, int port)
    : m_host(std::move(host))
    , m_port(port)
{
}

Redis::~Redis()
{
    drop();
}

void Redis::drop()
{
    if (m_context) {
        redisFree(m_context);
        m_context = nullptr;
    }
}

bool Redis::ensureConnected()
{
    if (m_context)
        return true;
    if (std::chrono::steady_clock::now() < m_retryAfter)
        return false;
    m_context = redisConnectWithTimeout(m_host.c_str(), m_port, toTimeval(ConnectTimeout));
    if (!m_context || m_context->err) {
        qCWarning(lcRedis) << "Redis unreachable at" << m_host.c_str() << m_port
                           << (m_context ? m_context->errstr : "out of memory")
                           << "- carrying on without it";
        drop();
        m_retryAfter = std::chrono::steady_clock::now() + RetryDelay;
        return false;
    }
    redisSetTimeout(m_context, toTimeval(CommandTimeout));
    return true;
}

std::optional<Redis::Reply> Redis::command(const QList<QByteArray> &arguments)
{
    if (!ensureConnected())
        return std::nullopt;
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(static_cast<size_t>(arguments.size()));
    lengths.reserve(static_cast<size_t>(arguments.size()));
    for (const QByteArray &argument : arguments) {
        argv.push_back(argument.constData());
        lengths.push_back(static_cast<size_t>(argument.size()));
    }
    auto *reply = static_cast<redisReply *>(
        redisCommandArgv(m_context, static_cast<int>(argv.size()), argv.data(), lengths.data()));
    if (!reply) {
        qCWarning(lcRedis) << "Redis command failed:" << m_context->errstr;
        drop();
        m_retryAfter = std::chrono::steady_clock::now() + RetryDelay;
        return std::nullopt;
    }
    Reply out = convert(reply);
    freeReplyObject(reply);
    return out;
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
