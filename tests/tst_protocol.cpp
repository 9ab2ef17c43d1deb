// Unit tests of the pieces that need no database: the protocol vocabulary,
// error codes, wire types both ways, the routing table and request validation.
#include "Account.h"
#include "Booking.h"
#include "Catalog.h"
#include "CheckIn.h"
#include "DomainError.h"
#include "Protocol.h"
#include "Reports.h"
#include "RequestInput.h"
#include "Router.h"
#include "SearchText.h"
#include "StreamMessage.h"
#include "WaitingRoom.h"
#include "WireJson.h"

#include <QJsonArray>
#include <QTimeZone>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void searchTextFolds_data();
    void searchTextFolds();
    void ticketStatusRoundTrip_data();
    void ticketStatusRoundTrip();
    void roles();
    void capabilities_data();
    void capabilities();
    void errorCodes();
    void domainErrorJson();
    void routing_data();
    void routing();
    void webSocketUpgrade_data();
    void webSocketUpgrade();
    void idList_data();
    void idList();
    void bodyValidation_data();
    void bodyValidation();
    void bookingJsonRoundTrip_data();
    void bookingJsonRoundTrip();
    void compactJsonIsQtsJson();
    void bookingRequest_data();
    void bookingRequest();
    void holdAndSignInJson();
    void catalogJsonRoundTrip_data();
    void catalogJsonRoundTrip();
    void queueStanding_data();
    void queueStanding();
    void waitingRoomSettings_data();
    void waitingRoomSettings();
    void queuePlaceJsonRoundTrip();
    void checkInScans();
    void scannerRole();
    void queueStreamMessages();
    void csvFieldsReadBack_data();
    void csvFieldsReadBack();
    void decimalEuros_data();
    void decimalEuros();
    void salesReportSumsItsLines();
};

void TestProtocol::ticketStatusRoundTrip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("available") << "available"_ba << true;
    QTest::addRow("held") << "held"_ba << true;
    QTest::addRow("sold") << "sold"_ba << true;
    QTest::addRow("blocked") << "blocked"_ba << true;
    QTest::addRow("unknown") << "reserved"_ba << false;
    QTest::addRow("case matters") << "Sold"_ba << false;
}

void TestProtocol::ticketStatusRoundTrip()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    const auto status = Protocol::ticketStatusFromString(text);
    QCOMPARE(status.has_value(), valid);
    if (valid)
        QCOMPARE(Protocol::toString(*status), text);
}

void TestProtocol::roles()
{
    using Protocol::Role;
    for (Role role : {Role::Customer, Role::Clerk, Role::Kiosk, Role::Admin})
        QCOMPARE(Protocol::roleFromString(Protocol::toString(role)), role);
    QVERIFY(!Protocol::roleFromString("root"));
}

void TestProtocol::capabilities_data()
{
    QTest::addColumn<Protocol::Role>("role");
    QTest::addColumn<bool>("cash");
    QTest::addColumn<bool>("byCode");
    QTest::addColumn<bool>("anyBooking");
    QTest::addColumn<bool>("cancel");
    using Protocol::Role;
    QTest::addRow("customer") << Role::Customer << false << false << false << true;
    QTest::addRow("clerk") << Role::Clerk << true << true << true << true;
    QTest::addRow("kiosk") << Role::Kiosk << false << true << false << false;
    QTest::addRow("admin") << Role::Admin << true << true << true << true;
}

void TestProtocol::capabilities()
{
    QFETCH(Protocol::Role, role);
    QFETCH(bool, cash);
    QFETCH(bool, byCode);
    QFETCH(bool, anyBooking);
    QFETCH(bool, cancel);
    QCOMPARE(Protocol::mayTakeCash(role), cash);
    QCOMPARE(Protocol::mayLookUpByCode(role), byCode);
    QCOMPARE(Protocol::maySeeAnyBooking(role), anyBooking);
    QCOMPARE(Protocol::mayCancelBookings(role), cancel);
}

void TestProtocol::errorCodes()
{
    // Every code reads back from its wire text; the statuses are docs/API.md's.
    for (int i = 0; i <= static_cast<int>(ErrorCode::Unknown); ++i) {
        const auto code = static_cast<ErrorCode>(i);
        const QByteArray text = Protocol::toString(code);
        QVERIFY2(!text.isEmpty(), QByteArray::number(i).constData());
        QCOMPARE(Protocol::errorCodeFromString(text), code);
    }
    QCOMPARE(Protocol::errorCodeFromString("no_such_code"), ErrorCode::Unknown);
    QCOMPARE(Protocol::httpStatus(ErrorCode::SeatsUnavailable), 409);
    QCOMPARE(Protocol::httpStatus(ErrorCode::TooManySeats), 422);
    QCOMPARE(Protocol::httpStatus(ErrorCode::InsufficientCash), 402);
    QCOMPARE(Protocol::httpStatus(ErrorCode::HeadersTooLarge), 431);
    QCOMPARE(Protocol::httpStatus(ErrorCode::DatabaseUnavailable), 503);
    QVERIFY(Protocol::isPaymentRefusal(ErrorCode::CardDeclined));
    QVERIFY(!Protocol::isPaymentRefusal(ErrorCode::SeatsUnavailable));
    QVERIFY(Protocol::isUndecided(ErrorCode::Network));
    QVERIFY(Protocol::isUndecided(ErrorCode::DatabaseUnavailable));
    QVERIFY(Protocol::isUndecided(ErrorCode::RequestTimeout));
    QVERIFY(!Protocol::isUndecided(ErrorCode::CardDeclined));
    QVERIFY(!Protocol::isUndecided(ErrorCode::SeatsUnavailable));
    QVERIFY(Protocol::isUndecided(ErrorCode::RequestInProgress));
    QVERIFY(!Protocol::isUndecided(ErrorCode::Unknown));
}

void TestProtocol::domainErrorJson()
{
    const DomainError error(ErrorCode::SeatsUnavailable, u"Taken."_s,
                            QJsonObject{{u"unavailable"_s, QJsonArray{3, 4}}});
    const QJsonObject json = error.toJson();
    QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
             R"({"error":{"code":"seats_unavailable","message":"Taken.","unavailable":[3,4]}})"_ba);
    const DomainError back = DomainError::fromJson(json);
    QCOMPARE(back.code(), ErrorCode::SeatsUnavailable);
    QCOMPARE(back.message(), u"Taken."_s);
    QCOMPARE(WireJson::toIds(back.details().value(u"unavailable"_s)), (QList<qint64>{3, 4}));
    QCOMPARE(back.toJson(), json);
    // A code from a newer server keeps its text on the way through.
    const DomainError newer = DomainError::fromJson(QJsonObject{
        {u"error"_s, QJsonObject{{u"code"_s, u"queue_full"_s}, {u"message"_s, u"Wait."_s}}}});
    QCOMPARE(newer.code(), ErrorCode::Unknown);
    QCOMPARE(newer.toJson().value(u"error"_s).toObject().value(u"code"_s).toString(),
             u"queue_full"_s);
}

void TestProtocol::routing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("expected"); // handler name, "405" or "404"
    QTest::addColumn<QByteArray>("id");
    QTest::addRow("search") << "GET"_ba
                            << "/v1/event"_ba
                            << "search"_ba
                            << ""_ba;
    QTest::addRow("details") << "GET"_ba
                             << "/v1/event/42"_ba
                             << "details"_ba
                             << "42"_ba;
    QTest::addRow("tickets") << "GET"_ba
                             << "/v1/event/7/tickets"_ba
                             << "tickets"_ba
                             << "7"_ba;
    QTest::addRow("holds") << "POST"_ba
                           << "/v1/event/7/holds"_ba
                           << "holds"_ba
                           << "7"_ba;
    QTest::addRow("wrong method") << "DELETE"_ba
                                  << "/v1/event/7"_ba
                                  << "405"_ba
                                  << ""_ba;
    QTest::addRow("unknown path") << "GET"_ba
                                  << "/v1/nothing"_ba
                                  << "404"_ba
                                  << ""_ba;
    QTest::addRow("too deep") << "GET"_ba
                              << "/v1/event/7/tickets/9"_ba
                              << "404"_ba
                              << ""_ba;
}

void TestProtocol::routing()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArray, id);
    Router router;
    auto named = [](const char *name) {
        return [name](HttpRequest &) { return HttpResponse::raw(200, name, "text/plain"); };
    };
    router.add("GET", "/v1/event", named("search"));
    router.add("GET", "/v1/event/{id}", named("details"));
    router.add("GET", "/v1/event/{id}/tickets", named("tickets"));
    router.add("POST", "/v1/event/{id}/holds", named("holds"));
    HttpRequest request;
    request.method = method;
    request.path = path;
    const Router::Match match = router.match(request);
    if (expected == "404") {
        QVERIFY(!match.pathKnown);
    } else if (expected == "405") {
        QVERIFY(match.pathKnown);
        QVERIFY(!match.handler);
        QCOMPARE(match.allowedMethods, "GET"_ba);
    } else {
        QVERIFY(match.handler);
        QCOMPARE((*match.handler)(request).body, expected);
        QCOMPARE(request.pathParameters.value("id"), id);
    }
}

void TestProtocol::webSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("upgrade");
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("expected");
    QTest::addRow("browser") << "GET"_ba
                             << "/v1/stream"_ba
                             << "websocket"_ba
                             << "Upgrade"_ba << true;
    QTest::addRow("other case, keep-alive too") << "GET"_ba
                                                << "/v1/stream"_ba
                                                << "WebSocket"_ba
                                                << "keep-alive, Upgrade"_ba << true;
    QTest::addRow("no upgrade header") << "GET"_ba
                                       << "/v1/stream"_ba
                                       << ""_ba
                                       << "keep-alive"_ba << false;
    QTest::addRow("other protocol") << "GET"_ba
                                    << "/v1/stream"_ba
                                    << "h2c"_ba
                                    << "Upgrade"_ba << false;
    QTest::addRow("other path") << "GET"_ba
                                << "/v1/event"_ba
                                << "websocket"_ba
                                << "Upgrade"_ba << false;
    QTest::addRow("POST") << "POST"_ba
                          << "/v1/stream"_ba
                          << "websocket"_ba
                          << "Upgrade"_ba << false;
}

void TestProtocol::webSocketUpgrade()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, upgrade);
    QFETCH(QByteArray, connection);
    QFETCH(bool, expected);
    Router router;
    router.addWebSocket("/v1/stream");
    HttpRequest request;
    request.method = method;
    request.path = path;
    if (!upgrade.isEmpty())
        request.headers.insert("upgrade", upgrade);
    request.headers.insert("connection", connection);
    QCOMPARE(router.isWebSocketUpgrade(request), expected);
}

void TestProtocol::idList_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("status"); // 0: accepted
    QTest::addColumn<QByteArray>("code");
    QTest::addRow("ok, sorted") << R"({"ticket_ids":[3,1,2]})"_ba << 0 << ""_ba;
    QTest::addRow("missing") << R"({})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("empty") << R"({"ticket_ids":[]})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("string ids") << R"({"ticket_ids":["1"]})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("fraction") << R"({"ticket_ids":[1.5]})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("negative") << R"({"ticket_ids":[-1]})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("duplicate") << R"({"ticket_ids":[1,1]})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("not an array") << R"({"ticket_ids":5})"_ba << 400 << "invalid_field"_ba;
    QTest::addRow("too many") << R"({"ticket_ids":[1,2,3,4,5]})"_ba << 422 << "too_many_seats"_ba;
}

void TestProtocol::idList()
{
    QFETCH(QByteArray, json);
    QFETCH(int, status);
    QFETCH(QByteArray, code);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    try {
        const QList<qint64> ids = WireJson::idList(object, u"ticket_ids"_s, 4);
        QCOMPARE(status, 0);
        QCOMPARE(ids, (QList<qint64>{1, 2, 3}));
    } catch (const DomainError &error) {
        QCOMPARE(Protocol::httpStatus(error.code()), status);
        QCOMPARE(Protocol::toString(error.code()), code);
        QVERIFY(!error.message().isEmpty());
    }
}

void TestProtocol::bodyValidation_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addRow("json object") << "application/json"_ba
                                 << R"({"a":1})"_ba << 0;
    QTest::addRow("curl's form label, JSON body") << "application/x-www-form-urlencoded"_ba
                                                  << R"({"a":1})"_ba << 0;
    QTest::addRow("truncated") << "application/json"_ba
                               << R"({"a":)"_ba << 400;
    QTest::addRow("array") << "application/json"_ba
                           << R"([1,2])"_ba << 400;
    QTest::addRow("xml") << "text/xml"_ba
                         << "<a/>"_ba << 415;
    QTest::addRow("empty") << "application/json"_ba
                           << ""_ba << 400;
}

void TestProtocol::bodyValidation()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    HttpRequest request;
    request.headers.insert("content-type", contentType);
    request.body = body;
    try {
        RequestInput::object(request);
        QCOMPARE(status, 0);
    } catch (const DomainError &error) {
        QCOMPARE(Protocol::httpStatus(error.code()), status);
    }
}

void TestProtocol::checkInScans()
{
    // Typed by hand: small letters, spaces and dashes are the same code.
    const CheckInScan typed = CheckInScan::fromJson(
        {{u"secret"_s, u" k7qxm-2pdh4 wrt9z-b3cef "_s}, {u"event_id"_s, 7}, {u"device"_s, u"N"_s}});
    QCOMPARE(typed.secret, u"K7QXM2PDH4WRT9ZB3CEF"_s);
    QCOMPARE(typed.eventId, 7);
    QCOMPARE(typed.device, u"N"_s);
    QVERIFY(!typed.scannedAt.isValid());
    const CheckInScan offline = CheckInScan::fromJson(
        {{u"secret"_s, u"AB"_s}, {u"scanned_at"_s, u"2026-11-29T20:15:00Z"_s}});
    QCOMPARE(offline.scannedAt, QDateTime(QDate(2026, 11, 29), QTime(20, 15), Qt::UTC));
    QCOMPARE(CheckInScan::fromJson(offline.toJson()).scannedAt, offline.scannedAt);
    const auto refused = [](const QJsonObject &json) {
        try {
            CheckInScan::fromJson(json);
        } catch (const DomainError &error) {
            return error.details().value(u"field"_s).toString();
        }
        return u"accepted"_s;
    };
    QCOMPARE(refused({}), u"secret"_s);
    QCOMPARE(refused({{u"secret"_s, u" - "_s}}), u"secret"_s);
    QCOMPARE(refused({{u"secret"_s, QString(65, u'A')}}), u"secret"_s);
    QCOMPARE(refused({{u"secret"_s, u"AB"_s}, {u"event_id"_s, 0}}), u"event_id"_s);
    QCOMPARE(refused({{u"secret"_s, u"AB"_s}, {u"event_id"_s, 1.5}}), u"event_id"_s);
    QCOMPARE(refused({{u"secret"_s, u"AB"_s}, {u"scanned_at"_s, u"yesterday"_s}}), u"scanned_at"_s);
}

void TestProtocol::scannerRole()
{
    using Protocol::Role;
    QCOMPARE(Protocol::roleFromString("scanner"), Role::Scanner);
    QCOMPARE(Protocol::toString(Role::Scanner), "scanner"_ba);
    QVERIFY(Protocol::mayCheckIn(Role::Scanner));
    QVERIFY(Protocol::mayCheckIn(Role::Clerk));
    QVERIFY(Protocol::mayCheckIn(Role::Admin));
    QVERIFY(!Protocol::mayCheckIn(Role::Kiosk));
    QVERIFY(!Protocol::mayCheckIn(Role::Customer));
    QVERIFY(!Protocol::maySell(Role::Scanner));
    QVERIFY(!Protocol::mayLookUpByCode(Role::Scanner));
    QVERIFY(!Protocol::mayCancelBookings(Role::Scanner));
    QVERIFY(Protocol::maySell(Role::Customer));
}

void TestProtocol::bookingJsonRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    // As the server writes them: a cash sale, a card sale read back, a
    // partial cancellation with its refund.
    QTest::addRow("cash sale")
        << R"({"code":"EMTK5LLV","created_at":"2026-11-29T12:00:01Z","currency":"EUR","customer_name":"Walk-in Müller","event":{"name":"Die Zauberflöte","starts_at":"2026-12-24T19:30:00Z","venue":{"address":"Ring 1","city":"Wien","name":"Oper"}},"event_id":1,"id":17,"payment":{"change_due":1000,"method":"cash","reference":"cash_ab12"},"payment_method":"cash","refunded":0,"status":"confirmed","tickets":[{"id":5,"price":4500,"price_category":"Kategorie 1","row":"A","seat":3,"section":"Parkett","status":"valid"},{"id":6,"price":4500,"price_category":"Kategorie 1","row":"A","seat":4,"section":"Parkett","status":"valid"}],"total":9000})"_ba;
    QTest::addRow("read back")
        << R"({"code":"ABCDEFGH","created_at":"2026-11-29T12:00:01Z","currency":"EUR","customer_name":"Alice","event":{"name":"E","starts_at":"2026-12-01T20:00:00Z","venue":{"address":"","city":"Berlin","name":"Halle"}},"event_id":2,"id":18,"payment_method":"card","refunded":0,"status":"confirmed","tickets":[],"total":0})"_ba;
    QTest::addRow("tickets with secrets")
        << R"({"code":"EMTK5LLV","created_at":"2026-11-29T12:00:01Z","currency":"EUR","customer_name":"Ann","event":{"name":"E","starts_at":"2026-12-01T20:00:00Z","venue":{"address":"","city":"Berlin","name":"Halle"}},"event_id":2,"id":19,"payment_method":"card","refunded":0,"status":"confirmed","tickets":[{"id":9,"price":2500,"price_category":"A","row":"1","seat":1,"secret":"K7QXM2PDH4WRT9ZB3CEF","section":"S","status":"valid"}],"total":2500})"_ba;
    QTest::addRow("refund")
        << R"({"code":"ABCDEFGH","created_at":"2026-11-29T12:00:01Z","currency":"EUR","customer_name":"Alice","event":{"name":"E","starts_at":"2026-12-01T20:00:00Z","venue":{"address":"","city":"Berlin","name":"Halle"}},"event_id":2,"id":18,"payment_method":"card","refund":{"amount":2500,"reference":"sbx_refund_1","ticket_ids":[9]},"refunded":2500,"status":"partially_cancelled","tickets":[{"id":9,"price":2500,"price_category":"A","row":"1","seat":1,"section":"S","status":"cancelled"}],"total":2500})"_ba;
}

void TestProtocol::bookingJsonRoundTrip()
{
    QFETCH(QByteArray, json);
    const Booking booking = Booking::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(booking.id > 0);
    // Byte for byte: a replayed answer is the first answer.
    QCOMPARE(QJsonDocument(booking.toJson()).toJson(QJsonDocument::Compact), json);
    QCOMPARE(booking.toCompactJson(), json);
}

void TestProtocol::compactJsonIsQtsJson()
{
    // A sale batch writes its answers with CompactJson; a replay, a GET and
    // every client read them as QJsonDocument would write them: the bytes
    // must be the same, whatever the text holds.
    QString everyEscape;
    for (char16_t unit = 0; unit < 0x80; ++unit)
        everyEscape += QChar(unit);
    const QString texts[] = {
        everyEscape,
        u"Walk-in Müller — «Oper» 日本語"_s,
        u"emoji \U0001F3AD and \U0001F600"_s,
        QString(QChar(char16_t(0xd83c))) + u"lone high"_s, // a high surrogate alone
        u"lone low "_s + QChar(char16_t(0xdfad)),          // a low surrogate alone
        QString(QChar(char16_t(0xd83c))) + QChar(char16_t(0xd83c)) +
            QChar(char16_t(0xdfad)), // high, then a pair
        u"\u2028\u2029\ufeff\uffff\u00a0"_s,
        QString(),
    };
    for (const QString &text : texts) {
        Booking booking;
        booking.id = 9007199254740993; // past a double's integers
        booking.code = text;
        booking.eventId = 3;
        booking.total = 12345;
        booking.refunded = 2500;
        booking.status = u"partially_cancelled"_s;
        booking.paymentMethod = u"cash"_s;
        booking.customerName = text;
        booking.createdAt = QDateTime(QDate(2026, 11, 30), QTime(21, 5, 7), Qt::UTC);
        booking.eventName = text;
        booking.startsAt = QDateTime(); // written as ""
        booking.venueName = text;
        booking.venueCity = u"Wien"_s;
        booking.venueAddress = text;
        booking.venueVatId = text;
        booking.receiptNumber = 42;
        booking.tickets = {BookedTicket{1, text, u"A"_s, 3, 4500, text, false, text, 1000},
                           BookedTicket{2, u"S"_s, text, 4, 2500, u"B"_s, true, {}, 700},
                           BookedTicket{3, u"S"_s, u"B"_s, 5, 5345, u"B"_s, false, u"K7"_s, 2000}};
        booking.payment = PaymentReceipt{u"cash"_s, text, 655};
        booking.refund = Refund{2500, text, {2}};
        const auto qt = [](const Booking &b) {
            return QJsonDocument(b.toJson()).toJson(QJsonDocument::Compact);
        };
        QCOMPARE(booking.toCompactJson(), qt(booking));
        // Without the optional parts: no receipt, card, no refund, no tickets.
        booking.receiptNumber = 0;
        booking.payment = PaymentReceipt{u"card"_s, text, std::nullopt};
        booking.refund.reset();
        QCOMPARE(booking.toCompactJson(), qt(booking));
        booking.payment.reset();
        booking.tickets.clear();
        QCOMPARE(booking.toCompactJson(), qt(booking));
    }
}

void TestProtocol::bookingRequest_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("code"); // empty: accepted
    QTest::addColumn<QString>("field");
    const QByteArray card = R"("payment_details":{"method":"card","card_token":"t"})";
    QTest::addRow("tickets") << R"({"ticket_ids":[2,1],)" + card + "}"
                             << ""_ba << QString();
    QTest::addRow("hold") << R"({"hold_id":"2b1c3f0e-0000-4000-8000-000000000000",)" + card + "}"
                          << ""_ba << QString();
    QTest::addRow("both")
        << R"({"hold_id":"2b1c3f0e-0000-4000-8000-000000000000","ticket_ids":[1],)" + card + "}"
        << "invalid_field"_ba << u"ticket_ids"_s;
    QTest::addRow("neither") << "{" + card + "}"
                             << "invalid_field"_ba << u"ticket_ids"_s;
    QTest::addRow("hold not a UUID") << R"({"hold_id":"x",)" + card + "}"
                                     << "invalid_field"_ba << u"hold_id"_s;
    QTest::addRow("no payment") << R"({"ticket_ids":[1]})"_ba
                                << "invalid_payment_details"_ba << u"payment_details"_s;
    QTest::addRow("name too long")
        << R"({"ticket_ids":[1],)" + card + R"(,"customer_name":")" + QByteArray(201, 'x') + R"("})"
        << "invalid_field"_ba << u"customer_name"_s;
    QTest::addRow("too many seats") << R"({"ticket_ids":[1,2,3,4,5],)" + card + "}"
                                    << "too_many_seats"_ba << QString();
}

void TestProtocol::bookingRequest()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, code);
    QFETCH(QString, field);
    try {
        const BookingRequest request =
            BookingRequest::fromJson(QJsonDocument::fromJson(json).object(), 4);
        QVERIFY2(code.isEmpty(), "accepted a bad request");
        // What the client writes, the server reads back the same.
        const BookingRequest again = BookingRequest::fromJson(request.toJson(), 4);
        QCOMPARE(again.toJson(), request.toJson());
        QCOMPARE(again.holdId.isEmpty(), request.ticketIds.size() > 0);
    } catch (const DomainError &error) {
        QCOMPARE(Protocol::toString(error.code()), code);
        if (!field.isEmpty())
            QCOMPARE(error.details().value(u"field"_s).toString(), field);
        QVERIFY(!error.message().isEmpty());
    }
}

void TestProtocol::holdAndSignInJson()
{
    const QByteArray holdJson =
        R"({"event_id":7,"expires_at":"2026-11-29T12:10:00.123Z","hold_id":"2b1c3f0e-0000-4000-8000-000000000000","ticket_ids":[1,2]})";
    const Hold hold = Hold::fromJson(QJsonDocument::fromJson(holdJson).object());
    QCOMPARE(hold.ticketIds, (QList<qint64>{1, 2}));
    QCOMPARE(hold.expiresAt.time().msec(), 123);
    QCOMPARE(QJsonDocument(hold.toJson()).toJson(QJsonDocument::Compact), holdJson);

    const QByteArray login = R"({"name":"Clerk","role":"clerk","token":"abc","user_id":3})";
    const SignIn signIn = SignIn::fromJson(QJsonDocument::fromJson(login).object());
    QCOMPARE(signIn.role, Protocol::Role::Clerk);
    QCOMPARE(QJsonDocument(signIn.toJson()).toJson(QJsonDocument::Compact), login);
    // Registering answers only the session, no role.
    const QByteArray registered = R"({"token":"abc","user_id":3})";
    QCOMPARE(QJsonDocument(SignIn::fromJson(QJsonDocument::fromJson(registered).object()).toJson())
                 .toJson(QJsonDocument::Compact),
             registered);
}

void TestProtocol::catalogJsonRoundTrip_data()
{
    QTest::addColumn<QByteArray>("shape");
    QTest::addColumn<QByteArray>("json");
    // As the server writes them (GET /v1/event, /v1/event/{id}, /v1/catalog,
    // /v1/event/{id}/tickets).
    QTest::addRow("search hit")
        << "summary"_ba
        << R"({"available":180,"cancelled":false,"category":"Concert","id":4,"name":"Sinfonie","performer":"Orchester","starts_at":"2026-12-01T20:00:00Z","venue":{"city":"Hamburg","id":2,"name":"Halle"}})"_ba;
    QTest::addRow("details")
        << "details"_ba
        << R"({"available":180,"cancel_reason":"","cancelled":false,"capacity":200,"category":"Concert","currency":"EUR","description":"Zwei Teile","id":4,"name":"Sinfonie","performer":"Orchester","price_categories":[{"available":80,"color":"#8e24aa","id":9,"name":"Kategorie 1","price":8900},{"available":100,"color":"#00897b","id":10,"name":"Kategorie 2","price":4500}],"starts_at":"2026-12-01T20:00:00Z","venue":{"address":"Platz 1","city":"Hamburg","id":2,"kind":"concert_hall","name":"Halle"},"version":20})"_ba;
    QTest::addRow("catalog entry")
        << "catalog"_ba
        << R"({"available":180,"cancel_reason":"Sturm","cancelled":true,"category":"Concert","description":"Zwei Teile","id":4,"name":"Sinfonie","performer":"Orchester","price_categories":[{"color":"#8e24aa","id":9,"name":"Kategorie 1","price":8900}],"revision":77,"starts_at":"2026-12-01T20:00:00Z","venue":{"address":"Platz 1","city":"Hamburg","id":2,"kind":"concert_hall","name":"Halle"},"version":20})"_ba;
    QTest::addRow("ticket")
        << "ticket"_ba
        << R"({"accessible":true,"id":31,"price":4500,"price_category_id":10,"row":"B","seat":7,"section":"Rang links","status":"held","x":70,"y":20})"_ba;
}

void TestProtocol::catalogJsonRoundTrip()
{
    QFETCH(QByteArray, shape);
    QFETCH(QByteArray, json);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QJsonObject again;
    if (shape == "ticket") {
        const Ticket ticket = Ticket::fromJson(object);
        QCOMPARE(ticket.status, Protocol::TicketStatus::Held);
        again = ticket.toJson();
    } else {
        const Event event = Event::fromJson(object);
        QCOMPARE(event.id, 4);
        QCOMPARE(event.cancelled, shape == "catalog");
        QCOMPARE(event.startsAt, QDateTime(QDate(2026, 12, 1), QTime(20, 0), QTimeZone::utc()));
        again = shape == "summary"   ? event.toSummaryJson()
                : shape == "details" ? event.toDetailsJson()
                                     : event.toCatalogJson();
    }
    QCOMPARE(QJsonDocument(again).toJson(QJsonDocument::Compact), json);
}

void TestProtocol::searchTextFolds_data()
{
    // One fold for the server's index and the client's mirror: what a user
    // types finds the same events in both.
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("words");
    QTest::addRow("accents") << u"Die Zauberflöte"_s << QStringList{u"die"_s, u"zauberflote"_s};
    QTest::addRow("sharp s") << u"Straße"_s << QStringList{u"strasse"_s};
    QTest::addRow("no decomposition")
        << u"Sørensen Æsop Łódź Œuvre Đoković Þór"_s
        << QStringList{u"sorensen"_s, u"aesop"_s, u"lodz"_s, u"oeuvre"_s, u"dokovic"_s, u"thor"_s};
    QTest::addRow("punctuation") << u"Beethoven: Symphonie Nr. 9 & Co."_s
                                 << QStringList{u"beethoven"_s, u"symphonie"_s, u"nr"_s, u"9"_s,
                                                u"co"_s};
    QTest::addRow("nothing") << u"!?* -- "_s << QStringList{};
}

void TestProtocol::searchTextFolds()
{
    QFETCH(QString, text);
    QFETCH(QStringList, words);
    QCOMPARE(SearchText::words(text), words);
}

void TestProtocol::queueStanding_data()
{
    QTest::addColumn<qint64>("place");
    QTest::addColumn<double>("admitted");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("position");
    QTest::addColumn<qint64>("wait");
    QTest::addRow("first, nobody admitted yet") << 1LL << 0.0 << 10.0 << 1LL << 1LL;
    QTest::addRow("admitted exactly") << 5LL << 5.0 << 10.0 << 0LL << 0LL;
    QTest::addRow("admitted long ago") << 5LL << 900.0 << 10.0 << 0LL << 0LL;
    QTest::addRow("a fraction short") << 6LL << 5.9 << 10.0 << 1LL << 1LL;
    QTest::addRow("100 ahead at 10/s") << 150LL << 50.0 << 10.0 << 100LL << 10LL;
    QTest::addRow("slow room rounds up") << 3LL << 0.0 << 0.5 << 3LL << 6LL;
}

void TestProtocol::queueStanding()
{
    QFETCH(qint64, place);
    QFETCH(double, admitted);
    QFETCH(double, rate);
    QFETCH(qint64, position);
    QFETCH(qint64, wait);
    const QueueStanding standing = QueueStanding::of(place, admitted, rate);
    QCOMPARE(standing.position, position);
    QCOMPARE(standing.estimatedWaitSeconds, wait);
}

void TestProtocol::waitingRoomSettings_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("errorField"); // empty: accepted
    QTest::addRow("on") << R"({"enabled": true, "admit_per_second": 50})"_ba
                        << ""_ba;
    QTest::addRow("fractional rate") << R"({"enabled": true, "admit_per_second": 0.5})"_ba
                                     << ""_ba;
    QTest::addRow("off without rate") << R"({"enabled": false})"_ba
                                      << ""_ba;
    QTest::addRow("on without rate") << R"({"enabled": true})"_ba
                                     << "admit_per_second"_ba;
    QTest::addRow("zero rate") << R"({"enabled": true, "admit_per_second": 0})"_ba
                               << "admit_per_second"_ba;
    QTest::addRow("rate as text") << R"({"enabled": true, "admit_per_second": "9"})"_ba
                                  << "admit_per_second"_ba;
    QTest::addRow("absurd rate") << R"({"enabled": true, "admit_per_second": 1e9})"_ba
                                 << "admit_per_second"_ba;
    QTest::addRow("enabled as text") << R"({"enabled": "true", "admit_per_second": 5})"_ba
                                     << "enabled"_ba;
    QTest::addRow("nothing") << "{}"_ba
                             << "enabled"_ba;
}

void TestProtocol::waitingRoomSettings()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, errorField);
    const QJsonObject body = QJsonDocument::fromJson(json).object();
    try {
        const WaitingRoomSettings settings = WaitingRoomSettings::fromJson(body);
        QVERIFY2(errorField.isEmpty(), "accepted what should be refused");
        QCOMPARE(settings.enabled, body.value(u"enabled"_s).toBool());
    } catch (const DomainError &error) {
        QVERIFY2(!errorField.isEmpty(), qPrintable(error.message()));
        QCOMPARE(error.code(), ErrorCode::InvalidField);
        QVERIFY2(error.message().contains(QString::fromUtf8(errorField)),
                 qPrintable(error.message()));
    }
}

void TestProtocol::queuePlaceJsonRoundTrip()
{
    QueuePlace admitted;
    admitted.id = u"6f1c1d0e-4a53-4a57-9f8e-0d6c3a1f2b11"_s;
    admitted.eventId = 7;
    admitted.status = QueuePlace::Status::Admitted;
    admitted.pass = QString(64, u'a');
    admitted.passExpiresAt = QDateTime(QDate(2026, 12, 1), QTime(19, 30, 0, 250), QTimeZone::utc());
    QCOMPARE(QueuePlace::fromJson(admitted.toJson()).toJson(), admitted.toJson());
    QCOMPARE(admitted.toJson().value(u"status"_s).toString(), u"admitted"_s);

    QueuePlace waiting;
    waiting.id = admitted.id;
    waiting.status = QueuePlace::Status::Waiting;
    waiting.standing = {42, 9};
    const QJsonObject json = waiting.toJson();
    QVERIFY(!json.contains(u"pass"_s));
    QCOMPARE(json.value(u"position"_s).toInteger(), 42);
    QCOMPARE(json.value(u"estimated_wait_s"_s).toInteger(), 9);
    QCOMPARE(QueuePlace::fromJson(json).standing.position, 42);
    for (const auto status :
         {QueuePlace::Status::Expired, QueuePlace::Status::Used, QueuePlace::Status::NotRequired}) {
        waiting.status = status;
        QCOMPARE(QueuePlace::fromJson(waiting.toJson()).status, status);
    }
}

void TestProtocol::queueStreamMessages()
{
    const QString id = u"6f1c1d0e-4a53-4a57-9f8e-0d6c3a1f2b11"_s;
    const StreamMessage watch = StreamMessage::fromText(u"{\"watch_queue\": \"%1\"}"_s.arg(id));
    QCOMPARE(watch.queue, StreamMessage::Queue::Watch);
    QCOMPARE(watch.queueId, id);
    QVERIFY(watch.eventIds.isEmpty());
    QCOMPARE(StreamMessage::fromText(u"{\"unwatch_queue\": \"%1\"}"_s.arg(id)).queue,
             StreamMessage::Queue::Unwatch);
    QCOMPARE(StreamMessage::fromText(u"{\"subscribe\": [3]}"_s).queue, StreamMessage::Queue::None);
    for (const QString &bad :
         {u"{\"watch_queue\": \"x\"}"_s, u"{\"watch_queue\": 5}"_s, u"{\"watch_queue\": null}"_s}) {
        try {
            StreamMessage::fromText(bad);
            QFAIL(qPrintable(u"accepted "_s + bad));
        } catch (const DomainError &error) {
            QCOMPARE(error.code(), ErrorCode::MalformedMessage);
        }
    }
}

void TestProtocol::csvFieldsReadBack_data()
{
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QByteArray>("written");
    QTest::addRow("plain") << QStringList{u"a"_s, u"12.50"_s} << "a,12.50\r\n"_ba;
    QTest::addRow("comma") << QStringList{u"Hamlet, Prince"_s, u"x"_s}
                           << "\"Hamlet, Prince\",x\r\n"_ba;
    QTest::addRow("quotes") << QStringList{u"the \"best\" seats"_s}
                            << "\"the \"\"best\"\" seats\"\r\n"_ba;
    QTest::addRow("line breaks") << QStringList{u"two\nlines"_s, u"cr\r\nlf"_s}
                                 << "\"two\nlines\",\"cr\r\nlf\"\r\n"_ba;
    QTest::addRow("empty") << QStringList{QString(), u"b"_s, QString()} << ",b,\r\n"_ba;
    QTest::addRow("umlauts") << QStringList{u"Zauberflöte — Première"_s}
                             << "Zauberflöte — Première\r\n"_ba;
}

void TestProtocol::csvFieldsReadBack()
{
    QFETCH(QStringList, fields);
    QFETCH(QByteArray, written);
    const QByteArray row = Csv::row(fields);
    QCOMPARE(row, written);
    // Two rows read back as they were.
    const QList<QStringList> rows = Csv::parse(row + Csv::row({u"next"_s}));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0], fields);
    QCOMPARE(rows[1], QStringList{u"next"_s});
}

void TestProtocol::decimalEuros_data()
{
    QTest::addColumn<qint64>("cents");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << u"0.00"_s;
    QTest::addRow("cents") << qint64(5) << u"0.05"_s;
    QTest::addRow("euros") << qint64(1250) << u"12.50"_s;
    QTest::addRow("negative") << qint64(-1999) << u"-19.99"_s;
    QTest::addRow("small negative") << qint64(-7) << u"-0.07"_s;
    QTest::addRow("large") << qint64(123456789012) << u"1234567890.12"_s;
}

void TestProtocol::decimalEuros()
{
    QFETCH(qint64, cents);
    QFETCH(QString, text);
    QCOMPARE(Money::decimal(cents), text);
}

void TestProtocol::salesReportSumsItsLines()
{
    const QDate day(2026, 3, 10);
    const auto line = [&](const QDate &d, qint64 event, const QString &category,
                          const QString &method, qint64 sold, Cents gross, qint64 refunded,
                          Cents refunds) {
        SalesLine l{d, event, u"Event %1"_s.arg(event), category, method, 0, {}};
        l.figures.ticketsSold = sold;
        l.figures.gross = gross;
        l.figures.ticketsRefunded = refunded;
        l.figures.refunds = refunds;
        (method == u"cash"_s ? l.figures.cashGross : l.figures.cardGross) = gross;
        (method == u"cash"_s ? l.figures.cashRefunds : l.figures.cardRefunds) = refunds;
        return l;
    };
    const QList<SalesLine> lines{line(day, 1, u"A"_s, u"cash"_s, 2, 9100, 1, 4550),
                                 line(day, 1, u"A"_s, u"card"_s, 3, 13650, 0, 0),
                                 line(day, 1, u"B"_s, u"cash"_s, 1, 2990, 0, 0),
                                 line(day, 2, u"A"_s, u"card"_s, 1, 1999, 1, 1999),
                                 line(day.addDays(1), 1, u"B"_s, u"card"_s, 0, 0, 1, 2990)};
    const SalesReport report = SalesReport::summarize(
        {day, day.addDays(1), u"Europe/Berlin"_s}, 0, lines,
        {{day, 1, u"cash"_s, 1}, {day, 1, u"card"_s, 1}, {day, 2, u"card"_s, 1}});
    QCOMPARE(report.rows.size(), 3);
    QCOMPARE(report.rows[0].eventId, 1);
    QCOMPARE(report.rows[0].figures.ticketsSold, 6);
    QCOMPARE(report.rows[0].figures.gross, 25740);
    QCOMPARE(report.rows[0].figures.cashGross, 12090);
    QCOMPARE(report.rows[0].figures.cashBookings, 1);
    QCOMPARE(report.rows[0].figures.net(), 21190);
    QCOMPARE(report.rows[0].categories.size(), 2);
    QCOMPARE(report.rows[0].categories[0].figures.gross, 22750);
    QCOMPARE(report.rows[2].day, day.addDays(1));
    QCOMPARE(report.rows[2].figures.net(), -2990);
    QCOMPARE(report.totals.gross, 27739);
    QCOMPARE(report.totals.refunds, 9539);
    QCOMPARE(report.totals.cardBookings, 2);
    // Through JSON and back: the same numbers.
    const SalesReport back = SalesReport::fromJson(report.toJson());
    QCOMPARE(back.totals, report.totals);
    QCOMPARE(back.rows.size(), report.rows.size());
    for (qsizetype i = 0; i < back.rows.size(); ++i)
        QCOMPARE(back.rows[i].figures, report.rows[i].figures);
    QCOMPARE(back.lines.size(), lines.size());
    QCOMPARE(back.lines[0].figures, lines[0].figures);
    QCOMPARE(back.toCsv(), report.toCsv());
    QCOMPARE(Csv::parse(report.toCsv()).size(), lines.size() + 1);
    // Only operators read reports.
    using Protocol::Role;
    QVERIFY(Protocol::mayReadReports(Role::Admin));
    for (Role role : {Role::Customer, Role::Clerk, Role::Kiosk, Role::Scanner})
        QVERIFY(!Protocol::mayReadReports(role));
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
