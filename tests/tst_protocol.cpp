// Unit tests of the pieces that need no database: the protocol vocabulary,
// the routing table and request validation.
#include "ApiError.h"
#include "Protocol.h"
#include "RequestJson.h"
#include "Router.h"

#include <QJsonArray>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ticketStatusRoundTrip_data();
    void ticketStatusRoundTrip();
    void roles();
    void routing_data();
    void routing();
    void idList_data();
    void idList();
    void bodyValidation_data();
    void bodyValidation();
};

void TestProtocol::ticketStatusRoundTrip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("available") << "available"_ba << true;
    QTest::addRow("held") << "held"_ba << true;
    QTest::addRow("sold") << "sold"_ba << true;
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
    QVERIFY(!Protocol::mayTakeCash(Role::Customer));
    QVERIFY(!Protocol::mayTakeCash(Role::Kiosk));
    QVERIFY(Protocol::mayTakeCash(Role::Clerk));
    QVERIFY(!Protocol::isStaff(Role::Customer));
    QVERIFY(Protocol::isStaff(Role::Kiosk));
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
        const QList<qint64> ids = RequestJson::idList(object, u"ticket_ids"_s, 4);
        QCOMPARE(status, 0);
        QCOMPARE(ids, (QList<qint64>{1, 2, 3}));
    } catch (const ApiError &error) {
        QCOMPARE(error.status(), status);
        QCOMPARE(error.code(), code);
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
        RequestJson::object(request);
        QCOMPARE(status, 0);
    } catch (const ApiError &error) {
        QCOMPARE(error.status(), status);
    }
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
