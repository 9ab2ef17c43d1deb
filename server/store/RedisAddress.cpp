#include "RedisAddress.h"

QString RedisEndpoint::toString() const
{
    return QString::fromStdString(host) + u':' + QString::number(port);
}

std::optional<RedisEndpoint> RedisEndpoint::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    const int port = trimmed.mid(colon + 1).toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return std::nullopt;
    return RedisEndpoint{trimmed.left(colon).toStdString(), port};
}

std::optional<QList<RedisEndpoint>> RedisAddress::parseList(const QString &text)
{
    QList<RedisEndpoint> endpoints;
    for (const QString &part : text.split(u',')) {
        const auto endpoint = RedisEndpoint::parse(part);
        if (!endpoint)
            return std::nullopt;
        endpoints.append(*endpoint);
    }
    return endpoints;
}
