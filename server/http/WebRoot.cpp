#include "WebRoot.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

// A shop's files are small; anything bigger is not one of them.
constexpr qint64 MaxFileBytes = 8 * 1024 * 1024;

bool etagMatches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    for (QByteArray candidate : ifNoneMatch.split(',')) {
        candidate = candidate.trimmed();
        if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
            return true;
    }
    return false;
}

} // namespace

const QByteArray WebRoot::ContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"_ba;

WebRoot::WebRoot(const QString &directory)
{
    if (directory.isEmpty())
        return;
    const QFileInfo info(directory);
    if (info.isDir())
        m_root = info.canonicalFilePath();
}

QByteArray WebRoot::contentType(const QString &fileName)
{
    static const QHash<QString, QByteArray> types = {
        {u"html"_s, "text/html; charset=utf-8"_ba},
        {u"js"_s, "text/javascript; charset=utf-8"_ba},
        {u"mjs"_s, "text/javascript; charset=utf-8"_ba},
        {u"css"_s, "text/css; charset=utf-8"_ba},
        {u"json"_s, "application/json"_ba},
        {u"webmanifest"_s, "application/manifest+json"_ba},
        {u"svg"_s, "image/svg+xml"_ba},
        {u"png"_s, "image/png"_ba},
        {u"jpg"_s, "image/jpeg"_ba},
        {u"ico"_s, "image/vnd.microsoft.icon"_ba},
        {u"woff2"_s, "font/woff2"_ba},
        {u"txt"_s, "text/plain; charset=utf-8"_ba},
    };
    return types.value(QFileInfo(fileName).suffix().toLower(), "application/octet-stream"_ba);
}

std::optional<QString> WebRoot::resolve(const QByteArray &path) const
{
    if (!path.startsWith('/'))
        return std::nullopt;
    QByteArray relative = path.mid(1);
    if (relative.isEmpty() || relative.endsWith('/'))
        relative += "index.html";
    for (const QByteArray &segment : relative.split('/')) {
        // Decoded segments: "%2e%2e" arrives here as "..". Hidden files
        // (".git", ".env") are never part of the shop.
        if (segment.isEmpty() || segment.startsWith('.') || segment.contains('\\') ||
            segment.contains('\0'))
            return std::nullopt;
    }
    const QFileInfo file(m_root + u'/' + QString::fromUtf8(relative));
    // Symlinks are followed, but only to files inside the root.
    const QString canonical = file.canonicalFilePath();
    if (canonical.isEmpty() || !canonical.startsWith(m_root + u'/'))
        return std::nullopt;
    if (!QFileInfo(canonical).isFile())
        return std::nullopt;
    return canonical;
}

const WebRoot::File *WebRoot::load(const QString &fileName)
{
    const QFileInfo info(fileName);
    const QDateTime modified = info.lastModified();
    auto known = m_files.constFind(fileName);
    if (known != m_files.constEnd() && known->modified == modified && known->size == info.size())
        return &*known;
    if (info.size() > MaxFileBytes)
        return nullptr;
    QFile in(fileName);
    if (!in.open(QIODevice::ReadOnly))
        return nullptr;
    File file;
    file.modified = modified;
    file.body = in.readAll();
    file.size = file.body.size();
    file.etag = '"' +
                QCryptographicHash::hash(file.body, QCryptographicHash::Sha256).toHex().left(32) +
                '"';
    return &*m_files.insert(fileName, std::move(file));
}

std::optional<HttpResponse> WebRoot::get(const QByteArray &path, const QByteArray &ifNoneMatch)
{
    if (!isEnabled())
        return std::nullopt;
    const std::optional<QString> fileName = resolve(path);
    if (!fileName)
        return std::nullopt;
    const File *file = load(*fileName);
    if (!file)
        return std::nullopt;
    HttpResponse response;
    const bool unchanged = !ifNoneMatch.isEmpty() && etagMatches(ifNoneMatch, file->etag);
    response.status = unchanged ? 304 : 200;
    response.contentType = contentType(*fileName);
    if (!unchanged)
        response.body = file->body;
    response.headers = {
        {"ETag"_ba, file->etag},
        {"Cache-Control"_ba, "no-cache"_ba},
        {"Content-Security-Policy"_ba, ContentSecurityPolicy},
        {"X-Content-Type-Options"_ba, "nosniff"_ba},
        {"Referrer-Policy"_ba, "no-referrer"_ba},
        {"X-Frame-Options"_ba, "DENY"_ba},
    };
    return response;
}
