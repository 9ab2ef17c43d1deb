// The web shop's files served by the daemon at "/" (issue 15): types,
// ETags and 304s, caching and security headers, no way out of the web root,
// and the API's own namespace untouched.
#include "TestStack.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestWebStatic : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rootIsTheIndex();
    void contentTypes_data();
    void contentTypes();
    void everyFileCarriesTheSecurityHeaders();
    void unchangedFileAnswers304();
    void changedFileGetsANewEtag();
    void nothingOutsideTheRoot_data();
    void nothingOutsideTheRoot();
    void symlinkInsideTheRootIsServed();
    void apiNamespaceStaysJson();
    void onlyGetIsAllowed();
    void defaultRootIsTheShop();
    void missingRootIsRefused();
    void filesDrawOnTheReadLimit();
    void shopHasNoInlineScriptOrStyle();

private:
    static bool write(const QString &path, const QByteArray &content);

    QTemporaryDir m_dir; // holds the web root and a secret beside it
    QString m_root;
    std::unique_ptr<TestStack> m_stack;
};

bool TestWebStatic::write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(content) == content.size();
}

void TestWebStatic::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = m_dir.filePath(u"web"_s);
    QVERIFY(write(m_root + u"/index.html"_s, "<!doctype html><title>shop</title>"_ba));
    QVERIFY(write(m_root + u"/app.js"_s, "export const x = 1;\n"_ba));
    QVERIFY(write(m_root + u"/style.css"_s, "body { color: black }\n"_ba));
    QVERIFY(write(m_root + u"/logo.svg"_s, "<svg xmlns='http://www.w3.org/2000/svg'/>"_ba));
    QVERIFY(write(m_root + u"/i18n/de.json"_s, "{}"_ba));
    QVERIFY(write(m_root + u"/manifest.webmanifest"_s, "{}"_ba));
    QVERIFY(write(m_root + u"/blob.bin"_s, "\x01\x02"_ba));
    QVERIFY(write(m_root + u"/help/index.html"_s, "<p>help</p>"_ba));
    QVERIFY(write(m_root + u"/.hidden"_s, "HIDDEN-CONTENT"_ba));
    QVERIFY(write(m_root + u"/v1/nothing"_s, "a file where the API lives"_ba));
    QVERIFY(write(m_dir.filePath(u"secret.txt"_s), "SECRET-OUTSIDE"_ba));
    QVERIFY(QFile::link(m_dir.filePath(u"secret.txt"_s), m_root + u"/link-out.txt"_s));
    QVERIFY(QFile::link(m_dir.path(), m_root + u"/dir-out"_s));
    QVERIFY(QFile::link(m_root + u"/app.js"_s, m_root + u"/link-in.js"_s));

    m_stack = std::make_unique<TestStack>(u"web_static"_s, QStringList{u"--web-root"_s, m_root});
    QVERIFY(m_stack->start());
}

void TestWebStatic::rootIsTheIndex()
{
    auto c = m_stack->client();
    const HttpTestResponse root = c->get("/");
    QCOMPARE(root.status, 200);
    QCOMPARE(root.headers.value("content-type"), "text/html; charset=utf-8"_ba);
    QCOMPARE(root.body, "<!doctype html><title>shop</title>"_ba);
    QCOMPARE(c->get("/index.html").body, root.body);
    // A folder answers with its own index.
    const HttpTestResponse help = c->get("/help/");
    QCOMPARE(help.status, 200);
    QCOMPARE(help.body, "<p>help</p>"_ba);
}

void TestWebStatic::contentTypes_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("type");
    QTest::addRow("html") << "/index.html"_ba
                          << "text/html; charset=utf-8"_ba;
    QTest::addRow("module") << "/app.js"_ba
                            << "text/javascript; charset=utf-8"_ba;
    QTest::addRow("css") << "/style.css"_ba
                         << "text/css; charset=utf-8"_ba;
    QTest::addRow("svg") << "/logo.svg"_ba
                         << "image/svg+xml"_ba;
    QTest::addRow("json") << "/i18n/de.json"_ba
                          << "application/json"_ba;
    QTest::addRow("manifest") << "/manifest.webmanifest"_ba
                              << "application/manifest+json"_ba;
    QTest::addRow("unknown") << "/blob.bin"_ba
                             << "application/octet-stream"_ba;
}

void TestWebStatic::contentTypes()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, type);
    const HttpTestResponse r = m_stack->client()->get(path);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), type);
}

void TestWebStatic::everyFileCarriesTheSecurityHeaders()
{
    for (const QByteArray &path : {"/"_ba, "/app.js"_ba, "/style.css"_ba}) {
        const HttpTestResponse r = m_stack->client()->get(path);
        QCOMPARE(r.status, 200);
        const QByteArray csp = r.headers.value("content-security-policy");
        // Scripts and styles from this origin only: nothing inline, no eval.
        QVERIFY2(csp.contains("default-src 'none'"), csp.constData());
        QVERIFY2(csp.contains("script-src 'self';"), csp.constData());
        QVERIFY2(csp.contains("style-src 'self';"), csp.constData());
        QVERIFY2(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp.constData());
        QVERIFY2(csp.contains("frame-ancestors 'none'"), csp.constData());
        QCOMPARE(r.headers.value("x-content-type-options"), "nosniff"_ba);
        QCOMPARE(r.headers.value("cache-control"), "no-cache"_ba);
        QCOMPARE(r.headers.value("referrer-policy"), "no-referrer"_ba);
        QVERIFY(r.headers.value("etag").startsWith('"'));
    }
}

void TestWebStatic::unchangedFileAnswers304()
{
    auto c = m_stack->client();
    const HttpTestResponse first = c->get("/app.js");
    const QByteArray etag = first.headers.value("etag");
    QVERIFY(!etag.isEmpty());
    const HttpTestResponse again =
        c->request("GET", "/app.js", {}, {{"If-None-Match", "\"other\", " + etag}});
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
    QCOMPARE(again.headers.value("etag"), etag);
    QCOMPARE(again.headers.value("cache-control"), "no-cache"_ba);
    // The connection stays usable after a bodiless answer.
    QVERIFY(!again.closed);
    QCOMPARE(c->get("/style.css").status, 200);
    // Another file's ETag is no match.
    QCOMPARE(c->request("GET", "/style.css", {}, {{"If-None-Match", etag}}).status, 200);
    QCOMPARE(c->request("GET", "/app.js", {}, {{"If-None-Match", "W/" + etag}}).status, 304);
}

void TestWebStatic::changedFileGetsANewEtag()
{
    auto c = m_stack->client();
    QVERIFY(write(m_root + u"/changing.js"_s, "export const v = 1;\n"_ba));
    const HttpTestResponse before = c->get("/changing.js");
    QCOMPARE(before.status, 200);
    QVERIFY(write(m_root + u"/changing.js"_s, "export const v = 22;\n"_ba));
    // Every worker rereads a file whose size or time changed.
    for (int i = 0; i < 8; ++i) {
        const HttpTestResponse after = m_stack->client()->request(
            "GET", "/changing.js", {}, {{"If-None-Match", before.headers.value("etag")}});
        QCOMPARE(after.status, 200);
        QCOMPARE(after.body, "export const v = 22;\n"_ba);
        QVERIFY(after.headers.value("etag") != before.headers.value("etag"));
    }
}

void TestWebStatic::nothingOutsideTheRoot_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addRow("dot dot") << "/../secret.txt"_ba;
    QTest::addRow("deeper dot dot") << "/help/../../secret.txt"_ba;
    QTest::addRow("encoded dot dot") << "/%2e%2e/secret.txt"_ba;
    QTest::addRow("encoded upper case") << "/help/%2E%2E/%2E%2E/secret.txt"_ba;
    QTest::addRow("encoded slash") << "/..%2fsecret.txt"_ba;
    QTest::addRow("backslash") << "/..%5csecret.txt"_ba;
    QTest::addRow("dot segment") << "/./index.html"_ba;
    QTest::addRow("hidden file") << "/.hidden"_ba;
    QTest::addRow("encoded hidden file") << "/%2ehidden"_ba;
    QTest::addRow("nul byte") << "/index.html%00.js"_ba;
    QTest::addRow("symlink to a file outside") << "/link-out.txt"_ba;
    QTest::addRow("symlink to a folder outside") << "/dir-out/secret.txt"_ba;
    QTest::addRow("absolute-looking") << "//etc/passwd"_ba;
    QTest::addRow("missing") << "/no-such-file.js"_ba;
}

void TestWebStatic::nothingOutsideTheRoot()
{
    QFETCH(QByteArray, target);
    // Sent as raw bytes: no client library normalises the path first.
    const HttpTestResponse r =
        m_stack->client()->raw("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QVERIFY2(r.status == 404 || r.status == 400, QByteArray::number(r.status).constData());
    QVERIFY(!r.body.contains("SECRET-OUTSIDE"));
    QVERIFY(!r.body.contains("root:"));
    QVERIFY(!r.body.contains("HIDDEN-CONTENT"));
    QCOMPARE(r.headers.value("content-type"), "application/json"_ba);
    QVERIFY(!r.errorCode().isEmpty());
}

void TestWebStatic::symlinkInsideTheRootIsServed()
{
    const HttpTestResponse r = m_stack->client()->get("/link-in.js");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, "export const x = 1;\n"_ba);
}

void TestWebStatic::apiNamespaceStaysJson()
{
    auto c = m_stack->client();
    // A file named like an API path is never served in its place.
    const HttpTestResponse unknown = c->get("/v1/nothing");
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.headers.value("content-type"), "application/json"_ba);
    QCOMPARE(unknown.errorCode(), "not_found"_ba);
    QCOMPARE(c->get("/v1").status, 404);
    const HttpTestResponse search = c->get("/v1/event?limit=1");
    QCOMPARE(search.status, 200);
    QVERIFY(search.json().contains(u"events"_s));
    QCOMPARE(c->get("/healthz").status, 200);
}

void TestWebStatic::onlyGetIsAllowed()
{
    const HttpTestResponse r = m_stack->client()->request("POST", "/index.html", "{}",
                                                          {{"Content-Type", "application/json"}});
    QCOMPARE(r.status, 405);
    QCOMPARE(r.headers.value("allow"), "GET"_ba);
    QCOMPARE(r.errorCode(), "method_not_allowed"_ba);
}

void TestWebStatic::defaultRootIsTheShop()
{
    // Without --web-root a developer's build serves the source tree's shop
    // (the package installs it under /usr/share/boxoffice/web instead).
    const QString installed = u"/usr/share/boxoffice/web"_s;
    const QString expected = QFileInfo(installed).isDir()
                                 ? installed
                                 : QStringLiteral(BOXOFFICE_SOURCE_DIR "/resources/web");
    QFile index(expected + u"/index.html"_s);
    QVERIFY(index.open(QIODevice::ReadOnly));
    TestServer server(m_stack->db(), m_stack->redis());
    QVERIFY(server.start());
    const HttpTestResponse r = server.client()->get("/");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, index.readAll());
    // And "off" serves no shop at all.
    TestServer without(m_stack->db(), m_stack->redis(), {u"--web-root"_s, u"off"_s});
    QVERIFY(without.start());
    QCOMPARE(without.client()->get("/").status, 404);
}

void TestWebStatic::missingRootIsRefused()
{
    // A typo in the configuration stops the start instead of serving nothing.
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(qEnvironmentVariable("BOXOFFICE_SERVER_BIN"),
                 {u"--web-root"_s, m_dir.filePath(u"no-such-dir"_s), u"migrate"_s});
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 2);
    QVERIFY(server.readAll().contains("--web-root"));
}

void TestWebStatic::filesDrawOnTheReadLimit()
{
    // A client behind this machine's gateway, with a tiny read budget:
    // files and made-up paths alike draw on it.
    TestServer server(m_stack->db(), m_stack->redis(),
                      {u"--web-root"_s, m_root, u"--trusted-proxies"_s, u"127.0.0.1,::1"_s,
                       u"--rate-limit-exempt"_s, u"198.51.100.0/24"_s, u"--rate-limits"_s,
                       u"read=1/min:3"_s});
    QVERIFY(server.start());
    auto c = server.client();
    const QList<std::pair<QByteArray, QByteArray>> from = {{"X-Forwarded-For", "203.0.113.9"}};
    QCOMPARE(c->request("GET", "/app.js", {}, from).status, 200);
    QCOMPARE(c->request("GET", "/no-such-page", {}, from).status, 404);
    QCOMPARE(c->request("GET", "/", {}, from).status, 200);
    for (const QByteArray &path : {"/app.js"_ba, "/made-up-path"_ba}) {
        const HttpTestResponse limited = c->request("GET", path, {}, from);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), "rate_limited"_ba);
        QCOMPARE(limited.json().value(u"error"_s).toObject().value(u"limit"_s).toString(),
                 u"read"_s);
    }
    // Someone else is served.
    QCOMPARE(c->request("GET", "/app.js", {}, {{"X-Forwarded-For", "203.0.113.10"}}).status, 200);
}

void TestWebStatic::shopHasNoInlineScriptOrStyle()
{
    // The CSP forbids inline code: the shop must not need any.
    const QDir web(QStringLiteral(BOXOFFICE_SOURCE_DIR "/resources/web"));
    const QStringList pages = web.entryList({u"*.html"_s}, QDir::Files);
    QVERIFY(!pages.isEmpty());
    const QRegularExpression inlineScript(u"<script(?![^>]*\\bsrc=)[^>]*>"_s);
    const QRegularExpression styleAttribute(u"\\sstyle\\s*="_s);
    const QRegularExpression handlerAttribute(u"\\son[a-z]+\\s*="_s);
    for (const QString &page : pages) {
        QFile file(web.filePath(page));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY2(!inlineScript.match(html).hasMatch(), qPrintable(page));
        QVERIFY2(!html.contains(u"<style"_s), qPrintable(page));
        QVERIFY2(!styleAttribute.match(html).hasMatch(), qPrintable(page));
        QVERIFY2(!handlerAttribute.match(html).hasMatch(), qPrintable(page));
    }
}

QTEST_GUILESS_MAIN(TestWebStatic)
#include "tst_web_static.moc"
