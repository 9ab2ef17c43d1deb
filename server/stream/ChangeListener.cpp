#include "ChangeListener.h"

#include "Database.h"
#include "EventVersions.h"
#include "Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
class Receiver final : public pqxx::notification_receiver
{
public:
    Receiver(pqxx::connection &connection, ChangeListener &listener, EventVersions &versions)
        : pqxx::notification_receiver(connection, "boxoffice_tickets")
        , m_listener(listener)
        , m_versions(versions)
    {
    }
    void operator()(const std::string &payload, int) override
    {
        const QJsonObject change =
            QJsonDocument::fromJson(QByteArray::fromStdString(payload)).object();
        const auto eventId = static_cast<qint64>(change.value(u"event_id"_s).toDouble());
        const auto version = static_cast<qint64>(change.value(u"version"_s).toDouble());
        // Before the push: a subscriber that reads on it gets this version.
        m_versions.record(eventId, {version, -1}, m_versions.epoch());
        QJsonArray tickets = change.value(u"tickets"_s).toArray();
        if (change.value(u"tickets"_s).isNull()) {
            // Too many tickets for a NOTIFY payload: read them back.
            pqxx::nontransaction tx(conn());
            for (const pqxx::row &row : tx.exec_params(
                     "SELECT id, status FROM tickets WHERE event_id = $1 AND version = $2 "
                     "ORDER BY id",
                     eventId, version))
                tickets.append(
                    QJsonObject{{u"id"_s, row[0].as<qint64>()}, {u"status"_s, toQString(row[1])}});
        }
        const QJsonObject message{{u"type"_s, u"tickets"_s},
                                  {u"event_id"_s, eventId},
                                  {u"version"_s, version},
                                  {u"tickets"_s, tickets}};
        Q_EMIT m_listener.ticketsChanged(eventId,
                                         QJsonDocument(message).toJson(QJsonDocument::Compact));
    }

private:
    ChangeListener &m_listener;
    EventVersions &m_versions;
};

// Catalog edits (006_catalog_notify.sql): the event's new revision.
class CatalogReceiver final : public pqxx::notification_receiver
{
public:
    CatalogReceiver(pqxx::connection &connection, EventVersions &versions)
        : pqxx::notification_receiver(connection, "boxoffice_catalog")
        , m_versions(versions)
    {
    }
    void operator()(const std::string &payload, int) override
    {
        const QJsonObject change =
            QJsonDocument::fromJson(QByteArray::fromStdString(payload)).object();
        m_versions.record(static_cast<qint64>(change.value(u"event_id"_s).toDouble()),
                          {-1, static_cast<qint64>(change.value(u"revision"_s).toDouble())},
                          m_versions.epoch());
    }

private:
    EventVersions &m_versions;
};
} // namespace

ChangeListener::ChangeListener(std::string conninfo, EventVersions &versions, QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
    , m_versions(versions)
{
}

void ChangeListener::stop()
{
    m_stop = true;
}

void ChangeListener::run()
{
    while (!m_stop) {
        try {
            pqxx::connection connection(m_conninfo);
            pqxx::nontransaction(connection)
                .exec0("SET application_name = " +
                       connection.quote("boxoffice-listener-" + std::to_string(::getpid())));
            // Each receiver issues its LISTEN as it is made. Every change
            // committed from now on is heard; what was known before may have
            // changed unheard, so it is forgotten.
            Receiver receiver(connection, *this, m_versions);
            CatalogReceiver catalog(connection, m_versions);
            m_versions.reset(true);
            connection.get_notifs();
            Q_EMIT listening();
            while (!m_stop)
                connection.await_notification(0, 200000);
        } catch (const std::exception &error) {
            m_versions.reset(false);
            qCWarning(lcStream) << "change listener lost Postgres:" << error.what()
                                << "- reconnecting";
            for (int i = 0; i < 10 && !m_stop; ++i)
                msleep(100);
        }
    }
}
