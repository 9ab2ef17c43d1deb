#pragma once

#include <QString>
#include <QUrl>

// The client's settings (QSettings: per user, per device). Read once at start
// and written by the settings dialog.
struct ClientSettings
{
    QUrl serverUrl = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    QString deviceName;
    int kioskIdleSeconds = 90;
    QString printerName;  // empty = the system's default printer
    QString language;     // empty = the system's; "en", "de"
    QString mirrorFolder; // empty = the user's data folder
    QString ticketFolder; // where ticket PDFs go; empty = Documents/Boxoffice tickets
    QString kioskPin = QStringLiteral("2468");                      // staff PIN that closes a kiosk
    QString kioskCardToken = QStringLiteral("tok_sandbox_approve"); // sandbox card terminal

    static ClientSettings load();
    void save() const;

    // The mirror file for this server: one file per server, so switching the
    // server URL never mixes two catalogs.
    QString mirrorPath() const;
    QString ticketPath() const;
};
