#pragma once

#include "Http.h"
#include "Router.h"
#include "WebRoot.h"

#include "Caller.h"

#include <chrono>
#include <functional>

class AuthService;
class BookingService;
class CatalogService;
class CatalogEditService;
class CheckInService;
class Database;
class HoldService;
class Metrics;
class PasswordHasher;
class QObject;
class QueueService;
class RateLimiter;
class ReportService;
struct ReportPeriod;
class SalePool;
class ShiftService;
enum class RouteClass;
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
        QueueService &queue;
        CheckInService &checkIns;
        ReportService &reports;
        CatalogEditService &catalogEdits;
        ShiftService &shifts;
        SalePool &sales;
        Database &db;
        Metrics &metrics;
        RateLimiter &limits;
        PasswordHasher &hasher;
        // The worker: answers computed on another thread come back to it.
        QObject &context;
        std::function<HttpResponse()> health;
    };

    ApiRoutes(Services services, const ServerConfig &config);

    HttpResponse dispatch(HttpRequest &request);
    bool isWebSocketUpgrade(const HttpRequest &request) const;

private:
    // A route of the table, drawing from its class's bucket per address.
    void add(const QByteArray &method, const QByteArray &pattern, RouteClass routeClass,
             Router::Handler handler);
    // The caller of a request (401 without a valid token), drawing from its
    // class's bucket per account.
    Caller caller(const HttpRequest &request, RouteClass routeClass);
    // The route's answer, or its error as the HTTP answer.
    HttpResponse answer(const QByteArray &method, const QByteArray &path,
                        const std::function<HttpResponse()> &route);
    void observe(const QByteArray &pattern, const QByteArray &method, int status,
                 std::chrono::steady_clock::time_point started);
    HttpResponse metrics(const HttpRequest &request);
    void addAccountRoutes();
    void addCatalogRoutes();
    void addSaleRoutes();
    void addQueueRoutes();
    void addCheckInRoutes();
    void addReportRoutes();
    // A report's from, to and tz (the server's --report-time-zone without one).
    ReportPeriod reportPeriod(const HttpRequest &request) const;
    void addCatalogEditRoutes();
    void addShiftRoutes();
    // The caller of a hold or sale: anyone signed in but a door's scanner.
    Caller seller(const HttpRequest &request);
    void spendPass(qint64 eventId, const Caller &who);
    // The shop's file for a path the API does not know, if there is one.
    std::optional<HttpResponse> webFile(HttpRequest &request);

    Services m_services;
    const ServerConfig &m_config;
    Router m_router;
    WebRoot m_web;
};
