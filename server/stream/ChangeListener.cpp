#include "ChangeListener.h"

#include "Database.h"
#include "Log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {
class Receiver final : public pqxx::notification_receiver
{
public:
    Receiver(pqxx::connection &connection, ChangeListener &listener)
        : pqxx::notification_receiver(connection, "boxoffice_tickets")
        , m_listener(listener)
    {
    }
    void operator()(const std::string &payload, int) override
    {
        const QJsonObject change =
            QJsonDocument::fromJson(QByteArray::fromStdString(payload)).object();
        const auto eventId = static_cast<qint64>(change.value(u"event_id"_s).toDouble());
        const auto version = static_cast<qint64>(change.value(u"version"_s).toDouble());
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
};
} // namespace

ChangeListener::ChangeListener(std::string conninfo, QObject *parent)
    : QThread(parent)
    , m_conninfo(std::move(conninfo))
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
            Receiver receiver(connection, *this);
            connection.get_notifs(); // issues LISTEN
            Q_EMIT listening();
            while (!m_stop)
                connection.await_notification(0, 200000);
        } catch (const std::exception &error) {
            qCWarning(lcStream) << "change listener lost Postgres:" << error.what()
                                << "- reconnecting";
            for (int i = 0; i < 10 && !m_stop; ++i)
                msleep(100);
        }
    }
}
