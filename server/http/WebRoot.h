#pragma once

#include "Http.h"

#include <QDateTime>
#include <QHash>
#include <QString>
#include <optional>

// The web shop's static files (resources/web), served at "/" next to the
// API. Only regular files inside the root are served: no "." or ".."
// segments, no hidden files, nothing a symlink reaches outside the root.
// Answers carry an ETag (If-None-Match gives 304), are revalidated on every
// use (the files have no fingerprints in their names, so an upgrade must
// show at once), and carry a Content-Security-Policy that allows scripts and
// styles from this origin only, none inline.
class WebRoot
{
public:
    // An empty or missing directory serves nothing.
    explicit WebRoot(const QString &directory);

    bool isEnabled() const { return !m_root.isEmpty(); }
    // The answer for a GET of `path` (decoded, from the request line), or
    // nothing when there is no such file.
    std::optional<HttpResponse> get(const QByteArray &path, const QByteArray &ifNoneMatch);

    static QByteArray contentType(const QString &fileName);
    static const QByteArray ContentSecurityPolicy;

private:
    struct File
    {
        QDateTime modified;
        qint64 size = 0;
        QByteArray body;
        QByteArray etag;
    };
    std::optional<QString> resolve(const QByteArray &path) const;
    const File *load(const QString &fileName);

    QString m_root; // canonical, without a trailing slash
    // Per worker, like everything mutable: read once, reread when the file
    // changes on disk.
    QHash<QString, File> m_files;
};
