// The JSON request decoding of every route, and RequestInput's reading of
// path ids, query values and headers. An input's first line names what it
// feeds (see decoders() below; "request" builds a whole HttpRequest), the
// rest is the body; an input naming nothing known goes to every decoder.
// Expected outcomes are a value or a DomainError with a 4xx status (the
// importer's is std::invalid_argument); what is decoded must survive being
// written and read again. Anything else is a finding.
#include "Account.h"
#include "Booking.h"
#include "Catalog.h"
#include "CatalogEdit.h"
#include "CatalogImporter.h"
#include "DomainError.h"
#include "Http.h"
#include "Protocol.h"
#include "RequestInput.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// ServerConfig's default; the cancel route allows more.
constexpr int MaxSeatsPerHold = 10;

[[noreturn]] void finding(const char *what, const QByteArray &detail = {})
{
    qFatal("fuzz_requests: %s %s", what, detail.constData());
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Runs one decoding step: a value, or a refusal the API answers with 4xx.
void expect(const std::function<void()> &step)
{
    try {
        step();
    } catch (const DomainError &error) {
        const int status = Protocol::httpStatus(error.code());
        if (status < 400 || status > 499)
            finding("bad input refused without a 4xx:", Protocol::toString(error.code()));
        if (error.message().isEmpty())
            finding("a refusal without a message:", Protocol::toString(error.code()));
    }
}

// A read that a client does of the server's JSON: reading what it wrote
// gives what was written (toJson(fromJson(x)) is stable after one round).
template<typename Read, typename Write>
void stable(const QJsonObject &json, Read read, Write write, const char *what)
{
    const QJsonObject once = write(read(json));
    const QJsonObject twice = write(read(once));
    if (once != twice)
        finding(what, compact(once) + " became " + compact(twice));
}

void checkIds(const QList<qint64> &ids, int maxCount)
{
    if (ids.isEmpty() || ids.size() > maxCount)
        finding("an id list of the wrong length");
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (ids[i] <= 0 || (i > 0 && ids[i] <= ids[i - 1]))
            finding("an id list not positive, distinct and sorted");
    }
}

void registration(const QJsonObject &json)
{
    const Registration r = Registration::fromJson(json);
    const Registration again = Registration::fromJson(r.toJson());
    if (again.email != r.email || again.password != r.password || again.name != r.name)
        finding("a registration does not read back the same");
}

void credentials(const QJsonObject &json)
{
    const Credentials c = Credentials::fromJson(json);
    if (c.email.isEmpty() || c.email != c.email.toLower())
        finding("credentials with an email not lower-cased");
}

void bookingRequest(const QJsonObject &json, int maxSeats)
{
    const BookingRequest request = BookingRequest::fromJson(json, maxSeats);
    if (request.holdId.isEmpty())
        checkIds(request.ticketIds, maxSeats);
    else if (!request.ticketIds.isEmpty())
        finding("a booking request with both a hold and tickets");
    const BookingRequest again = BookingRequest::fromJson(request.toJson(), maxSeats);
    if (again.holdId != request.holdId || again.ticketIds != request.ticketIds ||
        again.customerName != request.customerName ||
        again.paymentDetails != request.paymentDetails)
        finding("a booking request does not read back the same", compact(request.toJson()));
}

void idList(const QJsonObject &json, int maxCount)
{
    checkIds(WireJson::idList(json, u"ticket_ids"_s, maxCount), maxCount);
}

// An admin's edit of an event (PATCH /v1/event/{id}): what is read is
// written and read back the same.
void eventEdit(const QJsonObject &json)
{
    const EventEdit edit = EventEdit::fromJson(json);
    if (edit.isEmpty())
        finding("an empty edit was accepted");
    const EventEdit again = EventEdit::fromJson(edit.toJson());
    if (again.toJson() != edit.toJson())
        finding("an edit does not read back the same", compact(edit.toJson()));
}

// Seats blocked (with a reason) or unblocked.
void seatBlock(const QJsonObject &json)
{
    for (bool blocking : {true, false}) {
        expect([&] {
            const SeatBlock block = SeatBlock::fromJson(json, blocking);
            checkIds(block.ticketIds, SeatBlock::MaxSeats);
            if (blocking && block.reason.trimmed().isEmpty())
                finding("a block without a reason was accepted");
            if (SeatBlock::fromJson(block.toJson(), blocking).toJson() != block.toJson())
                finding("a block does not read back the same", compact(block.toJson()));
        });
    }
}

void importedVenue(const QJsonObject &json)
{
    try {
        // A whole import file, or just its venue.
        const QJsonObject venue =
            json.contains(u"venue"_s) ? json.value(u"venue"_s).toObject() : json;
        if (checkVenue(venue) < 1)
            finding("a venue without seats passed the importer's checks");
    } catch (const std::invalid_argument &error) {
        if (error.what()[0] == '\0')
            finding("an import refused without saying why");
    }
}

void domainError(const QJsonObject &json)
{
    const DomainError error = DomainError::fromJson(json);
    const DomainError again = DomainError::fromJson(error.toJson());
    if (again.code() != error.code() || again.message() != error.message() ||
        again.details() != error.details() || qstrcmp(again.what(), error.what()) != 0)
        finding("an error does not read back the same", compact(error.toJson()));
}

// The server's answers as the client reads them.
void responses(const QJsonObject &json)
{
    stable(
        json, &Event::fromJson, [](const Event &e) { return e.toDetailsJson(); }, "event");
    stable(
        json, &Event::fromJson, [](const Event &e) { return e.toCatalogJson(); }, "catalog");
    stable(
        json, &Event::fromJson, [](const Event &e) { return e.toSummaryJson(); }, "summary");
    stable(
        json, &Ticket::fromJson, [](const Ticket &t) { return t.toJson(); }, "ticket");
    stable(
        json, &Hold::fromJson, [](const Hold &h) { return h.toJson(); }, "hold");
    stable(
        json, &Booking::fromJson, [](const Booking &b) { return b.toJson(); }, "booking");
    stable(
        json, &SignIn::fromJson, [](const SignIn &s) { return s.toJson(); }, "sign-in");
    stable(
        json, &PriceCategory::fromJson, [](const PriceCategory &c) { return c.toJson(); },
        "price category");
}

// Every route's decoding of a body already read as a JSON object.
void bodies(const QJsonObject &json)
{
    expect([&] { registration(json); });
    expect([&] { credentials(json); });
    expect([&] { bookingRequest(json, MaxSeatsPerHold); });
    expect([&] { idList(json, MaxSeatsPerHold); });
    expect([&] { idList(json, 10000); }); // cancelling some tickets of a booking
    expect([&] { domainError(json); });
    expect([&] { responses(json); });
    expect([&] { eventEdit(json); });
    seatBlock(json);
    importedVenue(json);
}

HttpRequest withBody(const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST"_ba;
    request.body = body;
    request.headers.insert("content-type"_ba, "application/json"_ba);
    return request;
}

// "request\n" then the path's id, the query string, header lines, an empty
// line and the body: what HttpConnection and the Router hand a route.
HttpRequest httpRequest(const QByteArray &text)
{
    HttpRequest request;
    request.method = "GET"_ba;
    qsizetype at = 0;
    const auto line = [&] {
        qsizetype end = text.indexOf('\n', at);
        if (end < 0)
            end = text.size();
        QByteArray l = text.mid(at, end - at);
        at = end + 1;
        if (l.endsWith('\r'))
            l.chop(1);
        return l;
    };
    request.pathParameters.insert("id"_ba, line());
    request.query = QUrlQuery(QString::fromUtf8(line()));
    while (at < text.size()) {
        const QByteArray header = line();
        if (header.isEmpty())
            break;
        const qsizetype colon = header.indexOf(':');
        const QByteArray name = header.left(colon).toLower();
        const QByteArray value = colon < 0 ? QByteArray() : header.mid(colon + 1).trimmed();
        const auto existing = request.headers.constFind(name);
        request.headers.insert(name, existing == request.headers.cend() ? value
                                                                        : *existing + ", " + value);
    }
    if (at < text.size())
        request.body = text.mid(at);
    return request;
}

void requestInput(const HttpRequest &r)
{
    expect([&] {
        if (RequestInput::pathId(r, "id"_ba, u"event"_s) <= 0)
            finding("a path id that is not positive");
    });
    for (const QString &name : {u"q"_s, u"name"_s, u"location"_s, u"performer"_s, u"code"_s}) {
        if (RequestInput::text(r, name).size() > 200 || RequestInput::text(r, name, 3).size() > 3)
            finding("a query text longer than its limit");
    }
    const auto number = [&](const QString &name, qint64 minimum, qint64 maximum) {
        expect([&] {
            const qint64 value = RequestInput::wholeNumber(r, name, minimum, minimum, maximum);
            if (value < minimum || value > maximum)
                finding("a query number out of its range");
        });
    };
    number(u"since"_s, 0, std::numeric_limits<qint64>::max());
    number(u"limit"_s, 1, 1000);
    number(u"limit"_s, 1, 100);
    for (const QString &name : {u"date_from"_s, u"date_to"_s}) {
        for (bool endOfDay : {false, true}) {
            expect([&] {
                const std::optional<QDateTime> time = RequestInput::dateTime(r, name, endOfDay);
                if (!time)
                    return;
                const int year = time->toUTC().date().year();
                if (!time->isValid() || year < 1900 || year > 9999)
                    finding("a query date outside what a box office sells");
            });
        }
    }
    if (RequestInput::bearerToken(r).size() > 200)
        finding("a bearer token longer than the header allows");
    expect([&] {
        const QByteArray key = RequestInput::idempotencyKey(r);
        if (key.isEmpty() || key.size() > 200)
            finding("an idempotency key of the wrong length");
    });
    expect([&] { bodies(RequestInput::object(r)); });
    expect([&] { bodies(RequestInput::optionalObject(r)); });
}

using Decoder = std::pair<QByteArray, std::function<void(const QByteArray &)>>;

const std::vector<Decoder> &decoders()
{
    const auto body = [](void (*decode)(const QJsonObject &)) {
        return [decode](const QByteArray &text) {
            expect([&] { decode(RequestInput::object(withBody(text))); });
        };
    };
    static const std::vector<Decoder> all{
        {"register"_ba, body(&registration)},
        {"login"_ba, body(&credentials)},
        {"booking"_ba, body([](const QJsonObject &j) { bookingRequest(j, MaxSeatsPerHold); })},
        {"holds"_ba, body([](const QJsonObject &j) { idList(j, MaxSeatsPerHold); })},
        {"cancel"_ba,
         [](const QByteArray &text) {
             expect([&] {
                 const QJsonObject j = RequestInput::optionalObject(withBody(text));
                 if (j.contains(u"ticket_ids"_s))
                     idList(j, 10000);
             });
         }},
        {"import"_ba, body(&importedVenue)},
        {"edit"_ba, body(&eventEdit)},
        {"blocks"_ba, body(&seatBlock)},
        {"error"_ba, body(&domainError)},
        {"response"_ba, body(&responses)},
        {"request"_ba, [](const QByteArray &text) { requestInput(httpRequest(text)); }},
    };
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray name = newline < 0 ? QByteArray() : input.left(newline).trimmed();
    for (const auto &[decoderName, decode] : decoders()) {
        if (decoderName == name) {
            decode(input.mid(newline + 1));
            return 0;
        }
    }
    for (const auto &[decoderName, decode] : decoders())
        decode(input);
    return 0;
}
