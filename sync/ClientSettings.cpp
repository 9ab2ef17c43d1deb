#include "ClientSettings.h"

#include <QCryptographicHash>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>

using namespace Qt::StringLiterals;

ClientSettings ClientSettings::load()
{
    QSettings settings;
    ClientSettings s;
    s.serverUrl = QUrl(settings.value(u"server/url"_s, s.serverUrl.toString()).toString());
    s.deviceName = settings.value(u"device/name"_s, QSysInfo::machineHostName()).toString();
    s.kioskIdleSeconds =
        std::max(10, settings.value(u"kiosk/idleSeconds"_s, s.kioskIdleSeconds).toInt());
    s.printerName = settings.value(u"printing/printer"_s).toString();
    s.language = settings.value(u"ui/language"_s).toString();
    s.mirrorFolder = settings.value(u"sync/mirrorFolder"_s).toString();
    s.ticketFolder = settings.value(u"printing/ticketFolder"_s).toString();
    s.kioskPin = settings.value(u"kiosk/pin"_s, s.kioskPin).toString();
    s.kioskCardToken = settings.value(u"kiosk/cardToken"_s, s.kioskCardToken).toString();
    return s;
}

void ClientSettings::save() const
{
    QSettings settings;
    settings.setValue(u"server/url"_s, serverUrl.toString());
    settings.setValue(u"device/name"_s, deviceName);
    settings.setValue(u"kiosk/idleSeconds"_s, kioskIdleSeconds);
    settings.setValue(u"printing/printer"_s, printerName);
    settings.setValue(u"ui/language"_s, language);
    settings.setValue(u"sync/mirrorFolder"_s, mirrorFolder);
    settings.setValue(u"printing/ticketFolder"_s, ticketFolder);
    settings.setValue(u"kiosk/pin"_s, kioskPin);
    settings.setValue(u"kiosk/cardToken"_s, kioskCardToken);
}

QString ClientSettings::mirrorPath() const
{
    const QString folder = mirrorFolder.isEmpty()
                               ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                               : mirrorFolder;
    const QByteArray server =
        QCryptographicHash::hash(serverUrl.toString(QUrl::NormalizePathSegments).toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(12);
    return QDir(folder).filePath(u"mirror-"_s + QString::fromLatin1(server) + u".sqlite"_s);
}

QString ClientSettings::ticketPath() const
{
    if (!ticketFolder.isEmpty())
        return ticketFolder;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(u"Boxoffice tickets"_s);
}
