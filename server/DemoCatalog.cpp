#include "DemoCatalog.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>
#include <stdexcept>

using namespace Qt::StringLiterals;

static void initDemoCatalogResource()
{
    // The data is compiled into this static library; register it explicitly.
    Q_INIT_RESOURCE(demo_catalog);
}

QList<QJsonObject> demoCatalog()
{
    initDemoCatalogResource();
    // resources/demo/demo-catalog.json: venues, programmes and schedules as
    // data; the dates are made here, from tomorrow.
    QFile file(u":/demo/demo-catalog.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("the demo catalog is not built in");
    const QJsonObject demo = QJsonDocument::fromJson(file.readAll()).object();
    const QDate firstDay = QDate::currentDate().addDays(1);
    const int days = demo.value(u"days"_s).toInt();
    const QTimeZone timeZone(demo.value(u"time_zone"_s).toString().toLatin1());

    QList<QJsonObject> catalog;
    for (const QJsonValue &entry : demo.value(u"venues"_s).toArray()) {
        const QJsonObject schedule = entry[u"schedule"_s].toObject();
        const QJsonArray programme = entry[u"programme"_s].toArray();
        const QJsonArray times = schedule.value(u"times"_s).toArray();
        const int offset = schedule.value(u"offset"_s).toInt();
        const int daysPerProduction = schedule.value(u"days_per_production"_s).toInt(1);
        static const QStringList weekdays = {u"Monday"_s,   u"Tuesday"_s, u"Wednesday"_s,
                                             u"Thursday"_s, u"Friday"_s,  u"Saturday"_s,
                                             u"Sunday"_s};
        QSet<int> darkDays; // ISO weekdays, 1 = Monday
        for (const QJsonValue &dark : schedule.value(u"dark_days"_s).toArray())
            darkDays.insert(int(weekdays.indexOf(dark.toString())) + 1);
        QJsonArray events;
        for (int day = 0; day < days; ++day) {
            const QDate date = firstDay.addDays(day);
            if (darkDays.contains(date.dayOfWeek()))
                continue;
            for (qsizetype show = 0; show < times.size(); ++show) {
                const QJsonObject item =
                    programme.at((day / daysPerProduction + show + offset) % programme.size())
                        .toObject();
                const QString name = item.value(u"name"_s).toString();
                const QString performer = item.value(u"performer"_s).toString();
                const QTime time = QTime::fromString(times.at(show).toString(), u"HH:mm"_s);
                events.append(QJsonObject{
                    {u"name"_s, name},
                    {u"performer"_s, performer},
                    {u"category"_s, item.value(u"category"_s)},
                    {u"description"_s, schedule.value(u"description"_s)
                                           .toString()
                                           .replace(u"{name}"_s, name)
                                           .replace(u"{performer}"_s, performer)},
                    {u"starts_at"_s, QDateTime(date, time, timeZone).toUTC().toString(Qt::ISODate)},
                    {u"price_categories"_s, schedule.value(u"price_categories"_s)},
                });
            }
        }
        catalog.append(QJsonObject{{u"venue"_s, entry[u"venue"_s]}, {u"events"_s, events}});
    }
    return catalog;
}
