#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>
#include <string>

// One Redis or Sentinel process: host and port.
struct RedisEndpoint
{
    std::string host;
    int port = 0;

    QString toString() const;
    // "host:port" with a port in 1..65535; nullopt on anything else.
    static std::optional<RedisEndpoint> parse(const QString &text);
    friend bool operator==(const RedisEndpoint &, const RedisEndpoint &) = default;
};

// Where the server finds Redis: one fixed address, or the Sentinels that
// name the current master of a replicated Redis (docs/OPERATIONS.md, "Redis
// with Sentinel"). With sentinels, server is not used.
struct RedisAddress
{
    RedisEndpoint server{"127.0.0.1", 6379};
    QList<RedisEndpoint> sentinels;
    QByteArray masterName;

    bool usesSentinels() const { return !sentinels.isEmpty(); }
    // "host:port,host:port,..."; nullopt if empty or any part is not host:port.
    static std::optional<QList<RedisEndpoint>> parseList(const QString &text);
};
