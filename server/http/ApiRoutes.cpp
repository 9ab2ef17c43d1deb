#include "ApiRoutes.h"

#include "AuthService.h"
#include "BookingService.h"
#include "CatalogService.h"
#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "Log.h"
#include "Metrics.h"
#include "RequestInput.h"
#include "ServerConfig.h"
#include "WireJson.h"

#include <QJsonArray>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr char StreamPath[] = "/v1/stream";

HttpResponse bookingsJson(const QList<Booking> &bookings)
{
    QJsonArray array;
    for (const Booking &booking : bookings)
        array.append(booking.toJson());
    return HttpResponse::json(200, QJsonObject{{u"bookings"_s, array}});
}

} // namespace

ApiRoutes::ApiRoutes(Services services, const ServerConfig &config)
    : m_services(std::move(services))
    , m_config(config)
{
    m_router.add("GET"_ba, "/healthz"_ba, [this](HttpRequest &) { return m_services.health(); });
    m_router.add("GET"_ba, "/metrics"_ba, [this](HttpRequest &) {
        return HttpResponse::raw(200, m_services.metrics.render(), "text/plain; version=0.0.4"_ba);
    });
    addAccountRoutes();
    addCatalogRoutes();
    addSaleRoutes();
    m_router.addWebSocket(StreamPath);
    // The stream without the upgrade headers: say what is missing.
    m_router.add("GET"_ba, StreamPath, [](HttpRequest &) -> HttpResponse {
        throw DomainError(ErrorCode::MalformedRequest,
                          u"/v1/stream is a WebSocket: send \"Connection: Upgrade\" and "
                          "\"Upgrade: websocket\"."_s);
    });
}

void ApiRoutes::addAccountRoutes()
{
    m_router.add("POST"_ba, "/v1/auth/register"_ba, [this](HttpRequest &r) {
        const Registration registration = Registration::fromJson(RequestInput::object(r));
        return HttpResponse::json(201, m_services.auth.registerCustomer(registration).toJson());
    });
    m_router.add("POST"_ba, "/v1/auth/login"_ba, [this](HttpRequest &r) {
        const Credentials credentials = Credentials::fromJson(RequestInput::object(r));
        return HttpResponse::json(200, m_services.auth.login(credentials).toJson());
    });
}

void ApiRoutes::addCatalogRoutes()
{
    m_router.add("GET"_ba, "/v1/catalog"_ba, [this](HttpRequest &r) {
        const qint64 since =
            RequestInput::wholeNumber(r, u"since"_s, 0, 0, std::numeric_limits<qint64>::max());
        const qint64 limit = RequestInput::wholeNumber(r, u"limit"_s, 500, 1, 1000);
        return HttpResponse::json(200, m_services.catalog.catalog(since, limit));
    });
    m_router.add("GET"_ba, "/v1/event"_ba, [this](HttpRequest &r) {
        EventSearch search;
        search.text = RequestInput::text(r, u"q"_s);
        search.name = RequestInput::text(r, u"name"_s);
        search.location = RequestInput::text(r, u"location"_s);
        search.performer = RequestInput::text(r, u"performer"_s);
        search.limit = static_cast<int>(RequestInput::wholeNumber(r, u"limit"_s, 20, 1, 100));
        search.from = RequestInput::dateTime(r, u"date_from"_s, false)
                          .value_or(QDateTime::currentDateTimeUtc());
        search.until = RequestInput::dateTime(r, u"date_to"_s, true).value_or(QDateTime());
        return HttpResponse::json(200, m_services.catalog.search(search));
    });
    m_router.add("GET"_ba, "/v1/event/{id}"_ba, [this](HttpRequest &r) {
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        return HttpResponse::raw(200, m_services.catalog.eventDetails(eventId),
                                 "application/json"_ba);
    });
    m_router.add("GET"_ba, "/v1/event/{id}/tickets"_ba, [this](HttpRequest &r) {
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        std::optional<qint64> since;
        if (r.query.hasQueryItem(u"since"_s)) {
            bool ok = false;
            since = r.queryValue(u"since"_s).toLongLong(&ok);
            if (!ok || *since < 0)
                throw DomainError(ErrorCode::InvalidParameter,
                                  u"\"since\" must be a version number (0 or more)."_s);
        }
        return HttpResponse::raw(200, m_services.catalog.tickets(eventId, since),
                                 "application/json"_ba);
    });
}

void ApiRoutes::addSaleRoutes()
{
    const auto caller = [this](const HttpRequest &r) {
        return m_services.auth.requireCaller(RequestInput::bearerToken(r));
    };
    m_router.add("POST"_ba, "/v1/event/{id}/holds"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QList<qint64> ticketIds =
            WireJson::idList(RequestInput::object(r), u"ticket_ids"_s, m_config.maxSeatsPerHold);
        return HttpResponse::json(201, m_services.holds.create(eventId, ticketIds, who).toJson());
    });
    m_router.add("DELETE"_ba, "/v1/holds/{id}"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        m_services.holds.release(QString::fromUtf8(r.pathParameters.value("id"_ba)), who);
        return HttpResponse::raw(204, {}, "application/json"_ba);
    });
    m_router.add("POST"_ba, "/v1/event/{id}/bookings"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QByteArray key = RequestInput::idempotencyKey(r);
        const BookingRequest request =
            BookingRequest::fromJson(RequestInput::object(r), m_config.maxSeatsPerHold);
        const BookingOutcome outcome = m_services.bookings.create(eventId, request, key, who);
        HttpResponse response = HttpResponse::json(201, outcome.booking.toJson());
        if (outcome.replayed)
            response.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
        return response;
    });
    m_router.add("GET"_ba, "/v1/bookings"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        const BookingQuery query{r.queryValue(u"code"_s), r.queryValue(u"name"_s)};
        return bookingsJson(m_services.bookings.list(query, who));
    });
    m_router.add("GET"_ba, "/v1/bookings/{id}"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        const qint64 bookingId = RequestInput::pathId(r, "id"_ba, u"booking"_s);
        return HttpResponse::json(200, m_services.bookings.get(bookingId, who).toJson());
    });
    m_router.add("POST"_ba, "/v1/bookings/{id}/cancel"_ba, [this, caller](HttpRequest &r) {
        const Caller who = caller(r);
        const qint64 bookingId = RequestInput::pathId(r, "id"_ba, u"booking"_s);
        const QJsonObject body = RequestInput::optionalObject(r);
        const QList<qint64> ticketIds = body.contains(u"ticket_ids"_s)
                                            ? WireJson::idList(body, u"ticket_ids"_s, 10000)
                                            : QList<qint64>{};
        return HttpResponse::json(200,
                                  m_services.bookings.cancel(bookingId, ticketIds, who).toJson());
    });
}

bool ApiRoutes::isWebSocketUpgrade(const HttpRequest &request) const
{
    return m_router.isWebSocketUpgrade(request);
}

HttpResponse ApiRoutes::dispatch(HttpRequest &request)
{
    const auto started = std::chrono::steady_clock::now();
    const Router::Match match = m_router.match(request);
    HttpResponse response;
    try {
        if (!match.pathKnown)
            throw DomainError::notFound(u"There is no endpoint %1; see docs/API.md."_s.arg(
                QString::fromUtf8(request.path.left(200))));
        if (!match.handler) {
            response = HttpResponse::error(DomainError(
                ErrorCode::MethodNotAllowed, u"%1 is not allowed here; use %2."_s.arg(
                                                 QString::fromLatin1(request.method),
                                                 QString::fromLatin1(match.allowedMethods))));
            response.headers.append({"Allow"_ba, match.allowedMethods});
        } else {
            response = (*match.handler)(request);
        }
    } catch (const DomainError &error) {
        response = HttpResponse::error(error);
    } catch (const std::exception &error) {
        if (Database::isConnectionLoss(error)) {
            // A booking whose commit was in flight may or may not be made:
            // the client retries with its Idempotency-Key and finds out.
            qCWarning(lcDb) << "lost the database connection:" << error.what();
            m_services.db.reset();
            response = HttpResponse::error(
                DomainError(ErrorCode::DatabaseUnavailable,
                            u"The booking database is unreachable; try again shortly."_s));
        } else {
            qCCritical(lcHttp) << request.method << request.path << "failed:" << error.what();
            response = HttpResponse::error(
                DomainError(ErrorCode::InternalError,
                            u"Something went wrong on the server; nothing was changed. "
                            "Try again, and tell the operator if it persists."_s));
        }
    }
    m_services.metrics.observeRequest(match.pathKnown ? match.pattern : "unmatched"_ba,
                                      request.method, response.status,
                                      std::chrono::steady_clock::now() - started);
    qCDebug(lcHttp) << request.method << request.path << response.status;
    return response;
}
