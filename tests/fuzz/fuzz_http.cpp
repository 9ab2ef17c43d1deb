// Bytes arriving on a connection: a real HttpConnection on an in-process
// loopback TCP connection, its requests matched against a Router holding the
// API's routes (server/http/ApiRoutes.cpp) and answered from the matched
// route with RequestInput's and the protocol's decoding, without services.
// The bytes are written in two pieces (split where the input's hash says),
// then the client goes away; after each step the event loop runs until
// nothing is left to read or write on either side.
// Findings besides crashes and sanitizer reports: an exception other than a
// DomainError, an answer that is not HTTP or is 5xx, an upgrade whose bytes
// are not the upgrade request, a connection that never settles.
// BOXOFFICE_FUZZ_VERBOSE=1 prints the answers (to read a reproducer's run).
#include "Account.h"
#include "Booking.h"
#include "DomainError.h"
#include "Http.h"
#include "HttpConnection.h"
#include "RequestInput.h"
#include "Router.h"
#include "WireJson.h"

#include <QCoreApplication>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QPromise>
#include <QTcpServer>
#include <QTcpSocket>
#include <cstdint>
#include <cstdio>
#include <http_parser.h>
#include <limits>
#include <sys/ioctl.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// ServerConfig's default.
constexpr int MaxSeatsPerHold = 10;
// Small limits, so that inputs of a few KiB reach 431 and 413; timeouts
// that never fire during a run (they would make runs differ).
const HttpConnection::Limits Limits{1024, 2048, 1h, 1h};

[[noreturn]] void finding(const char *what, const QByteArray &detail = {})
{
    qFatal("fuzz_http: %s %s", what, detail.left(300).constData());
}

HttpResponse echo(int status, const QJsonObject &json)
{
    return HttpResponse::json(status, json);
}

// Answers computed elsewhere (like a password hash on the hashing pool)
// that are not yet finished; a run settles only once there are none.
int deferred = 0;
QObject *deferredContext();

// Like the hashing pool: the answer arrives later, through the event loop,
// while the connection goes on reading and keeps its answers in order.
HttpResponse later(HttpResponse answer)
{
    auto promise = std::make_shared<QPromise<HttpResponse>>();
    promise->start();
    QFuture<HttpResponse> future = promise->future();
    ++deferred;
    QMetaObject::invokeMethod(
        deferredContext(),
        [promise, answer = std::move(answer)]() mutable {
            --deferred;
            promise->addResult(std::move(answer));
            promise->finish();
        },
        Qt::QueuedConnection);
    return HttpResponse::later(future);
}

void requireCaller(const HttpRequest &r)
{
    if (RequestInput::bearerToken(r).isEmpty())
        throw DomainError::unauthorized();
}

// ApiRoutes' table, each route decoding what its service would get;
// register and login answer later, as they do after hashing a password.
Router apiRouter()
{
    Router router;
    router.add("GET"_ba, "/healthz"_ba, [](HttpRequest &) {
        return echo(200, QJsonObject{{u"status"_s, u"ok"_s}});
    });
    router.add("GET"_ba, "/metrics"_ba, [](HttpRequest &) {
        return HttpResponse::raw(200, "requests 1\n"_ba, "text/plain; version=0.0.4"_ba);
    });
    router.add("POST"_ba, "/v1/auth/register"_ba, [](HttpRequest &r) {
        return later(echo(201, Registration::fromJson(RequestInput::object(r)).toJson()));
    });
    router.add("POST"_ba, "/v1/auth/login"_ba, [](HttpRequest &r) {
        return later(echo(200, Credentials::fromJson(RequestInput::object(r)).toJson()));
    });
    router.add("GET"_ba, "/v1/catalog"_ba, [](HttpRequest &r) {
        const qint64 since =
            RequestInput::wholeNumber(r, u"since"_s, 0, 0, std::numeric_limits<qint64>::max());
        const qint64 limit = RequestInput::wholeNumber(r, u"limit"_s, 500, 1, 1000);
        return echo(200, QJsonObject{{u"since"_s, since}, {u"limit"_s, limit}});
    });
    router.add("GET"_ba, "/v1/event"_ba, [](HttpRequest &r) {
        QJsonObject search;
        for (const QString &name : {u"q"_s, u"name"_s, u"location"_s, u"performer"_s})
            search.insert(name, RequestInput::text(r, name));
        search.insert(u"limit"_s, RequestInput::wholeNumber(r, u"limit"_s, 20, 1, 100));
        const auto from = RequestInput::dateTime(r, u"date_from"_s, false);
        const auto until = RequestInput::dateTime(r, u"date_to"_s, true);
        search.insert(u"from"_s, from ? from->toString(Qt::ISODate) : QString());
        search.insert(u"until"_s, until ? until->toString(Qt::ISODate) : QString());
        return echo(200, search);
    });
    router.add("GET"_ba, "/v1/event/{id}"_ba, [](HttpRequest &r) {
        return echo(200, QJsonObject{{u"id"_s, RequestInput::pathId(r, "id"_ba, u"event"_s)}});
    });
    router.add("GET"_ba, "/v1/event/{id}/tickets"_ba, [](HttpRequest &r) {
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        qint64 since = -1;
        if (r.query.hasQueryItem(u"since"_s)) {
            bool ok = false;
            since = r.queryValue(u"since"_s).toLongLong(&ok);
            if (!ok || since < 0)
                throw DomainError(ErrorCode::InvalidParameter,
                                  u"\"since\" must be a version number (0 or more)."_s);
        }
        return echo(200, QJsonObject{{u"id"_s, eventId}, {u"since"_s, since}});
    });
    router.add("POST"_ba, "/v1/event/{id}/holds"_ba, [](HttpRequest &r) {
        requireCaller(r);
        const qint64 eventId = RequestInput::pathId(r, "id"_ba, u"event"_s);
        const QList<qint64> ids =
            WireJson::idList(RequestInput::object(r), u"ticket_ids"_s, MaxSeatsPerHold);
        return echo(
            201, QJsonObject{{u"event_id"_s, eventId}, {u"ticket_ids"_s, WireJson::toArray(ids)}});
    });
    router.add("DELETE"_ba, "/v1/holds/{id}"_ba, [](HttpRequest &r) {
        requireCaller(r);
        return HttpResponse::raw(204, {}, "application/json"_ba);
    });
    router.add("POST"_ba, "/v1/event/{id}/bookings"_ba, [](HttpRequest &r) {
        requireCaller(r);
        RequestInput::pathId(r, "id"_ba, u"event"_s);
        RequestInput::idempotencyKey(r);
        return echo(201,
                    BookingRequest::fromJson(RequestInput::object(r), MaxSeatsPerHold).toJson());
    });
    router.add("GET"_ba, "/v1/bookings"_ba, [](HttpRequest &r) {
        requireCaller(r);
        return echo(200, QJsonObject{{u"code"_s, r.queryValue(u"code"_s)},
                                     {u"name"_s, r.queryValue(u"name"_s)}});
    });
    router.add("GET"_ba, "/v1/bookings/{id}"_ba, [](HttpRequest &r) {
        requireCaller(r);
        return echo(200, QJsonObject{{u"id"_s, RequestInput::pathId(r, "id"_ba, u"booking"_s)}});
    });
    router.add("POST"_ba, "/v1/bookings/{id}/cancel"_ba, [](HttpRequest &r) {
        requireCaller(r);
        RequestInput::pathId(r, "id"_ba, u"booking"_s);
        const QJsonObject body = RequestInput::optionalObject(r);
        const QList<qint64> ids = body.contains(u"ticket_ids"_s)
                                      ? WireJson::idList(body, u"ticket_ids"_s, 10000)
                                      : QList<qint64>{};
        return echo(200, QJsonObject{{u"ticket_ids"_s, WireJson::toArray(ids)}});
    });
    router.addWebSocket("/v1/stream"_ba);
    router.add("GET"_ba, "/v1/stream"_ba, [](HttpRequest &) -> HttpResponse {
        throw DomainError(ErrorCode::MalformedRequest, u"/v1/stream is a WebSocket."_s);
    });
    return router;
}

// ApiRoutes::dispatch: 404, 405 with Allow, the route, or its DomainError.
HttpResponse dispatch(const Router &router, HttpRequest &request)
{
    const Router::Match match = router.match(request);
    try {
        if (!match.pathKnown)
            throw DomainError::notFound(
                u"There is no endpoint %1."_s.arg(QString::fromUtf8(request.path.left(200))));
        if (!match.handler) {
            HttpResponse response = HttpResponse::error(DomainError(
                ErrorCode::MethodNotAllowed, u"%1 is not allowed here; use %2."_s.arg(
                                                 QString::fromLatin1(request.method),
                                                 QString::fromLatin1(match.allowedMethods))));
            response.headers.append({"Allow"_ba, match.allowedMethods});
            return response;
        }
        return (*match.handler)(request);
    } catch (const DomainError &error) {
        return HttpResponse::error(error);
    } catch (const std::exception &error) {
        finding("a route threw something other than a DomainError:", error.what());
    }
}

struct Harness
{
    Harness()
    {
        if (!server.listen(QHostAddress::LocalHost))
            finding("cannot listen on the loopback interface");
    }
    int argc = 1;
    char name[10] = "fuzz_http";
    char *argv[2] = {name, nullptr};
    QCoreApplication app{argc, argv};
    QObject context;
    QTcpServer server;
    const Router router = apiRouter();
};

Harness &harness()
{
    static Harness *h = new Harness; // lives as long as the process
    return *h;
}

QObject *deferredContext()
{
    return &harness().context;
}

qsizetype unread(qintptr descriptor)
{
    int bytes = 0;
    if (descriptor < 0 || ioctl(static_cast<int>(descriptor), FIONREAD, &bytes) != 0)
        return 0;
    return bytes;
}

struct Run
{
    QTcpSocket client;
    QPointer<QTcpSocket> accepted;
    QPointer<HttpConnection> connection;
    bool closed = false;
    bool upgraded = false;
    QByteArray answers;

    bool settled()
    {
        if (deferred > 0 || client.bytesToWrite() > 0 || unread(client.socketDescriptor()) > 0)
            return false;
        if (upgraded)
            return true;
        return !accepted ||
               (accepted->bytesToWrite() == 0 && unread(accepted->socketDescriptor()) == 0 &&
                (closed || accepted->state() == QAbstractSocket::ConnectedState));
    }

    // Runs the event loop until nothing is left to read or write on either
    // side, twice in a row.
    void pump()
    {
        int quiet = 0;
        for (int round = 0; quiet < 2; ++round) {
            if (round == 100000)
                finding("the connection never settles");
            QCoreApplication::processEvents();
            answers += client.readAll();
            quiet = settled() ? quiet + 1 : 0;
        }
    }
};

// The answers must be HTTP responses, none of them 5xx.
void checkAnswers(const QByteArray &answers)
{
    http_parser parser;
    http_parser_init(&parser, HTTP_RESPONSE);
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_headers_complete = [](http_parser *p) {
        if (p->status_code >= 500)
            finding("a 5xx answer");
        return 0;
    };
    const size_t parsed = http_parser_execute(&parser, &settings, answers.constData(),
                                              static_cast<size_t>(answers.size()));
    if (HTTP_PARSER_ERRNO(&parser) != HPE_OK || parsed != static_cast<size_t>(answers.size()))
        finding("an answer that is not HTTP:", answers);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Harness &h = harness();
    {
        Run run;
        run.client.connectToHost(QHostAddress::LocalHost, h.server.serverPort());
        if (!run.client.waitForConnected(5000) || !h.server.waitForNewConnection(5000))
            finding("cannot connect over the loopback interface");
        QTcpSocket *socket = h.server.nextPendingConnection();
        run.accepted = socket;
        const auto upgrade = [&run](QTcpSocket *handedOver) {
            run.upgraded = true;
            // What the WebSocket server reads first is the upgrade request.
            if (!handedOver->peek(4).startsWith("GET "))
                finding("an upgrade hands over other bytes:", handedOver->peek(64));
            handedOver->abort();
            handedOver->deleteLater();
        };
        run.connection = new HttpConnection(
            socket, Limits, [&h](HttpRequest &request) { return dispatch(h.router, request); },
            [&h](const HttpRequest &request) { return h.router.isWebSocketUpgrade(request); },
            upgrade, nullptr);
        QObject::connect(run.connection.data(), &HttpConnection::closed, &h.context,
                         [&run] { run.closed = true; });

        const char *bytes = reinterpret_cast<const char *>(data);
        const auto length = static_cast<qsizetype>(size);
        const qsizetype split =
            length ? static_cast<qsizetype>(qHash(QByteArrayView(bytes, length), 0) %
                                            static_cast<size_t>(length))
                   : 0;
        run.client.write(bytes, split);
        run.client.flush();
        run.pump();
        if (run.client.state() == QAbstractSocket::ConnectedState) {
            run.client.write(bytes + split, length - split);
            run.client.flush();
            run.pump();
        }
        // The client goes away, as clients do, with or without its answers.
        if (run.client.state() == QAbstractSocket::ConnectedState) {
            run.client.disconnectFromHost();
            run.pump();
        }
        static const bool verbose = qEnvironmentVariableIsSet("BOXOFFICE_FUZZ_VERBOSE");
        if (verbose)
            std::fprintf(stderr, "%s\n---\n", run.answers.constData());
        checkAnswers(run.answers);
        if (run.connection) {
            QObject::disconnect(run.connection.data(), nullptr, &h.context, nullptr);
            delete run.connection.data();
        }
        run.client.abort();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return 0;
}
