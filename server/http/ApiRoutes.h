#pragma once

#include "Http.h"
#include "Router.h"

#include <functional>

class AuthService;
class BookingService;
class CatalogService;
class Database;
class HoldService;
class Metrics;
struct ServerConfig;

// The API over HTTP: the one routing table, where each route turns a request
// into a typed command for a service and its typed result into a response,
// and the one place where errors become HTTP answers.
class ApiRoutes
{
public:
    struct Services
    {
        AuthService &auth;
        CatalogService &catalog;
        HoldService &holds;
        BookingService &bookings;
        Database &db;
        Metrics &metrics;
        std::function<HttpResponse()> health;
    };

    ApiRoutes(Services services, const ServerConfig &config);

    HttpResponse dispatch(HttpRequest &request);
    bool isWebSocketUpgrade(const HttpRequest &request) const;

private:
    void addAccountRoutes();
    void addCatalogRoutes();
    void addSaleRoutes();

    Services m_services;
    const ServerConfig &m_config;
    Router m_router;
};
