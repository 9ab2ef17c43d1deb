#include "ApiRoutes.h"

#include "AuthService.h"
#include "BookingService.h"
#include "CatalogEditService.h"
#include "CatalogService.h"
#include "CheckInService.h"
#include "ClientAddress.h"
#include "Database.h"
#include "DomainError.h"
#include "HoldService.h"
#include "Log.h"
#include "Metrics.h"
#include "PasswordHasher.h"
#include "QueueService.h"
#include "RateLimiter.h"
#include "ReportService.h"
#include "RequestInput.h"
#include "SalePool.h"
#include "ServerConfig.h"
#include "ShiftService.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QObject>
#include <limits>
#include <sodium.h>

using namespace Qt::StringLiterals;

namespace {

constexpr char StreamPath[] = "/v1/stream";
// Scans a door uploads at once after being offline.
constexpr int MaxUploadedScans = 5000;

// ?format=json (the default) or csv.
bool wantsCsv(const HttpRequest &request)
{
    const QString format = RequestInput::text(request, u"format"_s, 10);
    if (format.isEmpty() || format == u"json"_s)
        return false;
    if (format == u"csv"_s)
        return true;
    throw DomainError(ErrorCode::InvalidParameter, u"\"format\" must be json or csv."_s);
}

HttpResponse csvFile(QByteArray csv, const QString &fileName)
{
    HttpResponse response = HttpResponse::raw(200, std::move(csv), "text/csv; charset=utf-8"_ba);
    response.headers.append(
        {"Content-Disposition"_ba, "attachment; filename=\"" + fileName.toUtf8() + '"'});
    return response;
}

// A report as JSON, or as its CSV file named after the report and its days.
template<typename Report>
HttpResponse reportAnswer(const Report &report, bool csv, const QString &name)
{
    return csv ? csvFile(report.toCsv(), report.period.fileName(name))
               : HttpResponse::json(200, report.toJson());
}

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
    , m_web(config.webRoot)
{
    // Health checks cost a Postgres and a Redis round trip: read-limited
    // (gateways and monitoring are trusted or exempt); /metrics answers only
    // the operator.
    add("GET"_ba, "/healthz"_ba, RouteClass::Read,
        [this](HttpRequest &) { return m_services.health(); });
    m_router.add("GET"_ba, "/metrics"_ba, [this](HttpRequest &r) { return metrics(r); });
    addAccountRoutes();
    addCatalogRoutes();
    addSaleRoutes();
    addQueueRoutes();
    addCheckInRoutes();
    addReportRoutes();
    addCatalogEditRoutes();
    addShiftRoutes();
    m_router.addWebSocket(StreamPath);
    // The stream without the upgrade headers, or past its rate limit.
    add("GET"_ba, StreamPath, RouteClass::Stream, [this](HttpRequest &r) -> HttpResponse {
        if (m_router.isWebSocketUpgrade(r))
            throw DomainError(ErrorCode::RateLimited,
                              u"Too many stream connections from you; try again in a second."_s)
                .setRetryAfter(1);
        throw DomainError(ErrorCode::MalformedRequest,
                          u"/v1/stream is a WebSocket: send \"Connection: Upgrade\" and "
                          "\"Upgrade: websocket\"."_s);
    });
}

void ApiRoutes::add(const QByteArray &method, const QByteArray &pattern, RouteClass routeClass,
                    Router::Handler handler)
{
    m_router.add(method, pattern, [this, routeClass, handler = std::move(handler)](HttpRequest &r) {
        m_services.limits.checkAddress(routeClass, r.client);
        return handler(r);
    });
}

Caller ApiRoutes::caller(const HttpRequest &request, RouteClass routeClass)
{
    const Caller who = m_services.auth.requireCaller(RequestInput::bearerToken(request));
    m_services.limits.checkAccount(routeClass, request.client, who.id);
    return who;
}

Caller ApiRoutes::seller(const HttpRequest &request)
{
    const Caller who = caller(request, RouteClass::Sale);
    if (!Protocol::maySell(who.role))
        throw DomainError::forbidden(u"A scanner account checks tickets in; it sells nothing."_s);
    return who;
}

HttpResponse ApiRoutes::metrics(const HttpRequest &request)
{
    // With a token, only its bearer; without one, only this machine, asked
    // directly (a request through a gateway carries X-Forwarded-For).
    if (!m_config.metricsToken.isEmpty()) {
        const QByteArray token = RequestInput::bearerToken(request);
        if (token.size() != m_config.metricsToken.size() ||
            sodium_memcmp(token.constData(), m_config.metricsToken.constData(),
                          static_cast<size_t>(token.size())) != 0)
            throw DomainError::unauthorized();
    } else if (!request.peer.isLoopback() || !request.header("x-forwarded-for"_ba).isEmpty()) {
        throw DomainError::forbidden(
            u"/metrics answers this machine only; set --metrics-token to read it from "
            "elsewhere."_s);
    }
    return HttpResponse::raw(200, m_services.metrics.render(), "text/plain; version=0.0.4"_ba);
}

void ApiRoutes::addAccountRoutes()
{
    // Both hash a password on the hashing pool; the worker goes on serving
    // others meanwhile, and finishes the request when the hash is done.
    add("POST"_ba, "/v1/auth/register"_ba, RouteClass::Register, [this](HttpRequest &r) {
        const Registration registration = Registration::fromJson(RequestInput::object(r));
        AuthService::validate(registration);
        return HttpResponse::later(
            m_services.hasher.hash(registration.password)
                .then(&m_services.context, [this, registration, method = r.method,
                                            path = r.path](const QString &hash) {
                    return answer(method, path, [&] {
                        return HttpResponse::json(
                            201, m_services.auth.registerCustomer(registration, hash).toJson());
                    });
                }));
    });
    add("POST"_ba, "/v1/auth/login"_ba, RouteClass::Login, [this](HttpRequest &r) {
        const Credentials credentials = Credentials::fromJson(RequestInput::object(r));
        const LoginAttempt attempt = m_services.auth.beginLogin(credentials, r.client);
        return HttpResponse::later(
            m_services.hasher.verify(attempt.passwordHash, credentials.password)
                .then(&m_services.context,
                      [this, attempt, method = r.method, path = r.path](bool matches) {
                          return answer(method, path, [&] {
                              return HttpResponse::json(
                                  200, m_services.auth.finishLogin(attempt, matches).toJson());
                          });
                      }));
    });
}

void ApiRoutes::addCatalogRoutes()
{
    add("GET"_ba, "/v1/catalog"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const qint64 since =
            RequestInput::wholeNumber(r, u"since"_s, 0, 0, std::numeric_limits<qint64>::max());
        const qint64 limit = RequestInput::wholeNumber(r, u"limit"_s, 500, 1, 1000);
        return HttpResponse::json(200, m_services.catalog.catalog(since, limit));
    });
    add("GET"_ba, "/v1/event"_ba, RouteClass::Search, [this](HttpRequest &r) {
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
    add("GET"_ba, "/v1/event/{id}"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        return HttpResponse::raw(200, m_services.catalog.eventDetails(eventId),
                                 "application/json"_ba);
    });
    add("GET"_ba, "/v1/event/{id}/tickets"_ba, RouteClass::Read, [this](HttpRequest &r) {
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
    add("POST"_ba, "/v1/event/{id}/holds"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = seller(r);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QList<qint64> ticketIds =
            WireJson::idList(RequestInput::object(r), u"ticket_ids"_s, m_config.maxSeatsPerHold);
        m_services.queue.countSaleRequest(eventId);
        m_services.queue.admit(eventId, r.header(Protocol::QueuePassHeader), who);
        return HttpResponse::json(201, m_services.holds.create(eventId, ticketIds, who).toJson());
    });
    add("DELETE"_ba, "/v1/holds/{id}"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        m_services.holds.release(QString::fromUtf8(r.pathParameters.value("id"_ba)), who);
        return HttpResponse::raw(204, {}, "application/json"_ba);
    });
    add("POST"_ba, "/v1/event/{id}/bookings"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = seller(r);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QByteArray key = RequestInput::idempotencyKey(r);
        const BookingRequest request =
            BookingRequest::fromJson(RequestInput::object(r), m_config.maxSeatsPerHold);
        // A hold of one's own was the way in (made with a pass while the
        // waiting room is on); seats named directly need the pass itself.
        m_services.queue.countSaleRequest(eventId);
        if (request.holdId.isEmpty())
            m_services.queue.admit(eventId, r.header(Protocol::QueuePassHeader), who);
        // The worker serves others while the sale waits for its batch's
        // commit (SalePool).
        return HttpResponse::later(
            m_services.sales
                .create(m_services.bookings, m_services.context, eventId, request, key, who)
                .then(&m_services.context, [this, eventId, who, method = r.method,
                                            path = r.path](QFuture<BookingOutcome> sold) {
                    return answer(method, path, [&] {
                        const BookingOutcome outcome = sold.result();
                        if (!outcome.replayed)
                            spendPass(eventId, who);
                        // A new sale's JSON was made by its transaction.
                        HttpResponse response =
                            outcome.body.isEmpty()
                                ? HttpResponse::json(201, outcome.booking.toJson())
                                : HttpResponse::raw(201, outcome.body, "application/json"_ba);
                        if (outcome.replayed)
                            response.headers.append({"Idempotent-Replayed"_ba, "true"_ba});
                        return response;
                    });
                }));
    });
    add("GET"_ba, "/v1/bookings"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const BookingQuery query{r.queryValue(u"code"_s), r.queryValue(u"name"_s)};
        // Looking up others' bookings by code or name is what a guesser
        // would do: its own, tighter bucket.
        const bool lookup = !query.code.trimmed().isEmpty() || !query.name.trimmed().isEmpty();
        if (lookup)
            m_services.limits.checkAddress(RouteClass::Lookup, r.client);
        const Caller who = caller(r, lookup ? RouteClass::Lookup : RouteClass::Read);
        return bookingsJson(m_services.bookings.list(query, who));
    });
    add("GET"_ba, "/v1/bookings/{id}"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const qint64 bookingId = RequestInput::pathId(r, "id"_ba, u"booking"_s);
        return HttpResponse::json(200, m_services.bookings.get(bookingId, who).toJson());
    });
    add("POST"_ba, "/v1/bookings/{id}/cancel"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 bookingId = RequestInput::pathId(r, "id"_ba, u"booking"_s);
        const QJsonObject body = RequestInput::optionalObject(r);
        const QList<qint64> ticketIds = body.contains(u"ticket_ids"_s)
                                            ? WireJson::idList(body, u"ticket_ids"_s, 10000)
                                            : QList<qint64>{};
        return HttpResponse::json(200,
                                  m_services.bookings.cancel(bookingId, ticketIds, who).toJson());
    });
}

void ApiRoutes::spendPass(qint64 eventId, const Caller &who)
{
    // The booking is made: whatever happens to its pass, the buyer hears so.
    try {
        m_services.queue.spend(eventId, who);
    } catch (const std::exception &error) {
        qCWarning(lcBooking) << "booked on event" << eventId
                             << "but could not mark the waiting room's pass spent:" << error.what();
    }
}

void ApiRoutes::addQueueRoutes()
{
    add("GET"_ba, "/v1/event/{id}/queue"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        return HttpResponse::json(200, m_services.queue.room(eventId).toJson());
    });
    add("PUT"_ba, "/v1/event/{id}/queue"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const WaitingRoomSettings settings = WaitingRoomSettings::fromJson(RequestInput::object(r));
        return HttpResponse::json(200, m_services.queue.configure(eventId, settings, who).toJson());
    });
    add("POST"_ba, "/v1/event/{id}/queue"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const auto [place, joined] = m_services.queue.join(eventId, who);
        // 200: the account's place from before, where it still stands.
        return HttpResponse::json(joined ? 201 : 200, place.toJson());
    });
    add("GET"_ba, "/v1/queue/{id}"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        return HttpResponse::json(
            200, m_services.queue.place(QString::fromUtf8(r.pathParameters.value("id"_ba)), who)
                     .toJson());
    });
}

void ApiRoutes::addCheckInRoutes()
{
    add("POST"_ba, "/v1/checkin"_ba, RouteClass::CheckIn, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::CheckIn);
        const CheckInScan scan = CheckInScan::fromJson(RequestInput::object(r));
        return HttpResponse::json(200, m_services.checkIns.checkIn(scan, who).toJson());
    });
    add("GET"_ba, "/v1/event/{id}/checkins"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        return HttpResponse::json(200, m_services.checkIns.doorList(eventId, who).toJson());
    });
    add("POST"_ba, "/v1/event/{id}/checkins"_ba, RouteClass::CheckIn, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::CheckIn);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QJsonValue scans = RequestInput::object(r).value(u"scans"_s);
        if (!scans.isArray() || scans.toArray().size() > MaxUploadedScans)
            throw DomainError::invalidField(u"scans"_s,
                                            u"A list of at most %1 scans."_s.arg(MaxUploadedScans));
        QList<CheckInScan> parsed;
        for (const QJsonValue &scan : scans.toArray())
            parsed.append(CheckInScan::fromJson(scan.toObject()));
        QJsonArray outcomes;
        for (const ScanOutcome &outcome : m_services.checkIns.upload(eventId, parsed, who))
            outcomes.append(outcome.toJson());
        return HttpResponse::json(200,
                                  QJsonObject{{u"event_id"_s, eventId}, {u"outcomes"_s, outcomes}});
    });
}

ReportPeriod ApiRoutes::reportPeriod(const HttpRequest &request) const
{
    ReportPeriod period{RequestInput::date(request, u"from"_s),
                        RequestInput::date(request, u"to"_s),
                        RequestInput::text(request, u"tz"_s, 100)};
    if (period.timeZone.isEmpty())
        period.timeZone = m_config.reportTimeZone;
    return period;
}

void ApiRoutes::addReportRoutes()
{
    add("GET"_ba, "/v1/reports/sales"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const ReportPeriod period = reportPeriod(r);
        const qint64 eventId =
            RequestInput::wholeNumber(r, u"event_id"_s, 0, 1, std::numeric_limits<qint64>::max());
        const bool csv = wantsCsv(r);
        return reportAnswer(m_services.reports.sales(period, eventId, who), csv, u"sales"_s);
    });
    add("GET"_ba, "/v1/reports/shifts"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const ReportPeriod period = reportPeriod(r);
        const bool csv = wantsCsv(r);
        return reportAnswer(m_services.reports.shifts(period, who), csv, u"shifts"_s);
    });
}

void ApiRoutes::addCatalogEditRoutes()
{
    // Rare, admin-only writes: the sale class's buckets are generous enough.
    add("GET"_ba, "/v1/venues"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        QJsonArray venues;
        for (const VenueSections &venue : m_services.catalogEdits.venues(who))
            venues.append(venue.toJson());
        return HttpResponse::json(200, QJsonObject{{u"venues"_s, venues}});
    });
    add("POST"_ba, "/v1/events"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 eventId = m_services.catalogEdits.create(RequestInput::object(r), who);
        return HttpResponse::raw(201, m_services.catalog.eventDetails(eventId),
                                 "application/json"_ba);
    });
    add("PATCH"_ba, "/v1/event/{id}"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const EventEdit edit = EventEdit::fromJson(RequestInput::object(r));
        m_services.catalogEdits.edit(eventId, edit, who);
        return HttpResponse::raw(200, m_services.catalog.eventDetails(eventId),
                                 "application/json"_ba);
    });
    add("POST"_ba, "/v1/event/{id}/cancel"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QString reason = WireJson::requiredString(RequestInput::object(r), u"reason"_s,
                                                        EventCancellation::MaxReasonLength);
        return HttpResponse::json(200,
                                  m_services.catalogEdits.cancel(eventId, reason, who).toJson());
    });
    const auto blocking = [this](bool block) {
        return [this, block](HttpRequest &r) {
            const Caller who = caller(r, RouteClass::Sale);
            const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
            const SeatBlock seats = SeatBlock::fromJson(RequestInput::object(r), block);
            const QList<qint64> changed =
                block ? m_services.catalogEdits.block(eventId, seats, who)
                      : m_services.catalogEdits.unblock(eventId, seats, who);
            return HttpResponse::json(
                200, QJsonObject{{u"event_id"_s, eventId},
                                 {u"ticket_ids"_s, WireJson::toArray(changed)},
                                 {u"status"_s, block ? u"blocked"_s : u"available"_s}});
        };
    };
    add("POST"_ba, "/v1/event/{id}/blocks"_ba, RouteClass::Sale, blocking(true));
    add("POST"_ba, "/v1/event/{id}/unblock"_ba, RouteClass::Sale, blocking(false));
}

void ApiRoutes::addShiftRoutes()
{
    add("POST"_ba, "/v1/shifts"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const ShiftOpening opening = ShiftOpening::fromJson(RequestInput::object(r));
        return HttpResponse::json(201, m_services.shifts.open(opening, who).toJson());
    });
    add("GET"_ba, "/v1/shifts/current"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const std::optional<Shift> shift = m_services.shifts.current(who);
        return HttpResponse::json(
            200, QJsonObject{{u"shift"_s, shift ? QJsonValue(shift->toJson()) : QJsonValue()}});
    });
    add("GET"_ba, "/v1/shifts/{id}"_ba, RouteClass::Read, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Read);
        const qint64 shiftId = RequestInput::pathId(r, "id"_ba, u"shift"_s);
        return HttpResponse::json(200, m_services.shifts.get(shiftId, who).toJson());
    });
    add("POST"_ba, "/v1/shifts/{id}/close"_ba, RouteClass::Sale, [this](HttpRequest &r) {
        const Caller who = caller(r, RouteClass::Sale);
        const qint64 shiftId = RequestInput::pathId(r, "id"_ba, u"shift"_s);
        const ShiftClosingRequest request = ShiftClosingRequest::fromJson(RequestInput::object(r));
        return HttpResponse::json(200, m_services.shifts.close(shiftId, request, who).toJson());
    });
}

std::optional<HttpResponse> ApiRoutes::webFile(HttpRequest &request)
{
    // The API's own namespace never falls through to files: an unknown
    // /v1/... stays a JSON 404.
    if (!m_web.isEnabled() || request.path == "/v1"_ba || request.path.startsWith("/v1/"_ba))
        return std::nullopt;
    // A page load is a handful of reads; the bucket is drawn from before
    // the disk is asked, so a flood of made-up paths costs no more.
    m_services.limits.checkAddress(RouteClass::Read, request.client);
    std::optional<HttpResponse> file = m_web.get(request.path, request.header("if-none-match"_ba));
    if (!file)
        return std::nullopt;
    if (request.method != "GET"_ba) {
        HttpResponse notAllowed = HttpResponse::error(DomainError(
            ErrorCode::MethodNotAllowed,
            u"%1 is not allowed here; use GET."_s.arg(QString::fromLatin1(request.method))));
        notAllowed.headers.append({"Allow"_ba, "GET"_ba});
        return notAllowed;
    }
    return file;
}

bool ApiRoutes::isWebSocketUpgrade(const HttpRequest &request) const
{
    if (!m_router.isWebSocketUpgrade(request))
        return false;
    // Past the stream's rate limit the request is answered as plain HTTP:
    // the route above says 429.
    try {
        m_services.limits.checkAddress(
            RouteClass::Stream, clientAddress(request.peer, request.header("x-forwarded-for"_ba),
                                              m_config.trustedProxies));
    } catch (const DomainError &) {
        return false;
    }
    return true;
}

HttpResponse ApiRoutes::answer(const QByteArray &method, const QByteArray &path,
                               const std::function<HttpResponse()> &route)
{
    try {
        return route();
    } catch (const DomainError &error) {
        return HttpResponse::error(error);
    } catch (const std::exception &error) {
        if (Database::isConnectionLoss(error)) {
            // A booking whose commit was in flight may or may not be made:
            // the client retries with its Idempotency-Key and finds out.
            qCWarning(lcDb) << "lost the database connection:" << error.what();
            m_services.db.reset();
            return HttpResponse::error(
                DomainError(ErrorCode::DatabaseUnavailable,
                            u"The booking database is unreachable; try again shortly."_s));
        }
        qCCritical(lcHttp) << method << path << "failed:" << error.what();
        return HttpResponse::error(DomainError(
            ErrorCode::InternalError, u"Something went wrong on the server; nothing was changed. "
                                      "Try again, and tell the operator if it persists."_s));
    }
}

void ApiRoutes::observe(const QByteArray &pattern, const QByteArray &method, int status,
                        std::chrono::steady_clock::time_point started)
{
    m_services.metrics.observeRequest(pattern, method, status,
                                      std::chrono::steady_clock::now() - started);
}

HttpResponse ApiRoutes::dispatch(HttpRequest &request)
{
    const auto started = std::chrono::steady_clock::now();
    request.client =
        clientAddress(request.peer, request.header("x-forwarded-for"_ba), m_config.trustedProxies);
    const Router::Match match = m_router.match(request);
    bool isWebFile = false;
    HttpResponse response = answer(request.method, request.path, [&] {
        if (!match.pathKnown) {
            if (std::optional<HttpResponse> file = webFile(request)) {
                isWebFile = true;
                return *std::move(file);
            }
            throw DomainError::notFound(u"There is no endpoint %1; see docs/API.md."_s.arg(
                QString::fromUtf8(request.path.left(200))));
        }
        if (!match.handler) {
            HttpResponse notAllowed = HttpResponse::error(DomainError(
                ErrorCode::MethodNotAllowed, u"%1 is not allowed here; use %2."_s.arg(
                                                 QString::fromLatin1(request.method),
                                                 QString::fromLatin1(match.allowedMethods))));
            notAllowed.headers.append({"Allow"_ba, match.allowedMethods});
            return notAllowed;
        }
        return (*match.handler)(request);
    });
    const QByteArray pattern = match.pathKnown ? match.pattern
                               : isWebFile     ? "web"_ba
                                               : "unmatched"_ba;
    if (response.pending) {
        *response.pending = response.pending->then(
            &m_services.context, [this, pattern, method = request.method, started](HttpResponse r) {
                observe(pattern, method, r.status, started);
                return r;
            });
    } else {
        observe(pattern, request.method, response.status, started);
    }
    qCDebug(lcHttp) << request.method << request.path << response.status;
    return response;
}
