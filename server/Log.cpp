#include "Log.h"

Q_LOGGING_CATEGORY(lcServer, "boxoffice.server")
Q_LOGGING_CATEGORY(lcHttp, "boxoffice.http")
Q_LOGGING_CATEGORY(lcDb, "boxoffice.db")
Q_LOGGING_CATEGORY(lcRedis, "boxoffice.redis")
Q_LOGGING_CATEGORY(lcBooking, "boxoffice.booking")
Q_LOGGING_CATEGORY(lcStream, "boxoffice.stream")

void applyLogLevel(const QString &level)
{
    QString rules = QStringLiteral("boxoffice.*.debug=false\n");
    if (level == QLatin1String("debug"))
        rules = QStringLiteral("boxoffice.*.debug=true\n");
    else if (level == QLatin1String("warning"))
        rules += QStringLiteral("boxoffice.*.info=false\n");
    else if (level == QLatin1String("critical"))
        rules += QStringLiteral("boxoffice.*.info=false\nboxoffice.*.warning=false\n");
    QLoggingCategory::setFilterRules(rules);
}
