#include "Database.h"

#include "DomainError.h"
#include "Log.h"

#include <QRegularExpression>

Database::Database(std::string conninfo, std::string sessionSetup)
    : m_conninfo(std::move(conninfo))
    , m_sessionSetup(std::move(sessionSetup))
{
}

Database::~Database() = default;

pqxx::connection &Database::connection()
{
    if (m_connection && !m_connection->is_open())
        reset();
    if (!m_connection) {
        try {
            auto connection = std::make_unique<pqxx::connection>(m_conninfo);
            if (!m_sessionSetup.empty())
                pqxx::nontransaction(*connection).exec0(m_sessionSetup);
            m_connection = std::move(connection);
        } catch (const std::exception &error) {
            qCWarning(lcDb) << "cannot connect to PostgreSQL:" << error.what();
            throw DomainError(
                ErrorCode::DatabaseUnavailable,
                QStringLiteral("The booking database is unreachable; try again shortly."));
        }
    }
    return *m_connection;
}

std::string Database::prepared(const char *name, const char *sql)
{
    std::string key(name);
    if (!m_prepared.contains(key)) {
        connection().prepare(key, sql);
        m_prepared.insert(key);
    }
    return key;
}

void Database::reset()
{
    m_prepared.clear();
    m_connection.reset();
}

void Database::check()
{
    try {
        pqxx::nontransaction tx(connection());
        tx.exec("SELECT 1");
    } catch (const pqxx::broken_connection &) {
        reset();
        throw DomainError(ErrorCode::DatabaseUnavailable,
                          QStringLiteral("The booking database is unreachable."));
    }
}

bool Database::isConnectionLoss(const std::exception &error)
{
    if (dynamic_cast<const pqxx::broken_connection *>(&error) ||
        dynamic_cast<const pqxx::in_doubt_error *>(&error))
        return true;
    // Class 08: connection exception; 57P01-57P03: admin or crash shutdown.
    if (const auto *sql = dynamic_cast<const pqxx::sql_error *>(&error)) {
        const std::string state = sql->sqlstate();
        return state.starts_with("08") || state.starts_with("57P");
    }
    return false;
}

std::string toPgTextArray(const std::vector<std::string> &values)
{
    std::string out = "{";
    for (size_t i = 0; i < values.size(); ++i) {
        if (i)
            out += ',';
        out += '"';
        for (const char c : values[i]) {
            if (c == '\\' || c == '"')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + '}';
}

std::string toPgTextArray(const QStringList &values)
{
    std::vector<std::string> utf8;
    utf8.reserve(static_cast<size_t>(values.size()));
    for (const QString &value : values)
        utf8.push_back(value.toStdString());
    return toPgTextArray(utf8);
}

QString likeEscaped(QString text)
{
    return text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
}

QString redactedConninfo(const QString &conninfo)
{
    // "password=secret" or "password='se cret'" in keyword form, and
    // "postgresql://user:secret@host" as a URI.
    static const QRegularExpression keyword(
        QStringLiteral("(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression uri(QStringLiteral("(://[^:/@]*:)[^@]*@"));
    return QString(conninfo)
        .replace(keyword, QStringLiteral("\\1***"))
        .replace(uri, QStringLiteral("\\1***@"));
}
