#pragma once

#include "Http.h"

#include <functional>
#include <vector>

// The one routing table: method and path pattern ("/v1/event/{id}") to a
// handler. Behaviour lives in the services the handlers call.
class Router
{
public:
    using Handler = std::function<HttpResponse(HttpRequest &)>;

    struct Match
    {
        const Handler *handler = nullptr;
        QByteArray pattern;     // route label for metrics, e.g. "/v1/event/{id}"
        bool pathKnown = false; // path matched but not the method: 405
        QByteArray allowedMethods;
    };

    void add(QByteArray method, QByteArray pattern, Handler handler);
    Match match(HttpRequest &request) const;

    // A path that is a WebSocket endpoint: a GET there with "Upgrade:
    // websocket" and "Connection: upgrade" becomes a WebSocket, on any
    // request of a connection.
    void addWebSocket(QByteArray path);
    bool isWebSocketUpgrade(const HttpRequest &request) const;

private:
    struct Route
    {
        QByteArray method;
        QByteArray pattern;
        QList<QByteArray> segments;
        Handler handler;
    };
    std::vector<Route> m_routes;
    QList<QByteArray> m_webSockets;
};
