#include "Router.h"

void Router::add(QByteArray method, QByteArray pattern, Handler handler)
{
    Route route{std::move(method), pattern, pattern.split('/'), std::move(handler)};
    m_routes.push_back(std::move(route));
}

Router::Match Router::match(HttpRequest &request) const
{
    const QList<QByteArray> segments = request.path.split('/');
    Match result;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        QHash<QByteArray, QByteArray> parameters;
        bool matches = true;
        for (qsizetype i = 0; i < segments.size() && matches; ++i) {
            const QByteArray &expected = route.segments.at(i);
            if (expected.startsWith('{') && expected.endsWith('}'))
                parameters.insert(expected.mid(1, expected.size() - 2), segments.at(i));
            else
                matches = expected == segments.at(i);
        }
        if (!matches)
            continue;
        result.pathKnown = true;
        result.pattern = route.pattern;
        if (!result.allowedMethods.isEmpty())
            result.allowedMethods += ", ";
        result.allowedMethods += route.method;
        if (route.method == request.method) {
            request.pathParameters = std::move(parameters);
            result.handler = &route.handler;
            return result;
        }
    }
    return result;
}

void Router::addWebSocket(QByteArray path)
{
    m_webSockets.append(std::move(path));
}

bool Router::isWebSocketUpgrade(const HttpRequest &request) const
{
    if (request.method != "GET" || !m_webSockets.contains(request.path))
        return false;
    const auto tokens = [](const QByteArray &value) {
        QList<QByteArray> out;
        for (const QByteArray &token : value.toLower().split(','))
            out.append(token.trimmed());
        return out;
    };
    return tokens(request.header("upgrade")).contains("websocket") &&
           tokens(request.header("connection")).contains("upgrade");
}
