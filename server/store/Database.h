#pragma once

#include <QString>
#include <QStringList>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <unordered_set>
#include <vector>

// One PostgreSQL connection, owned by one thread. Reconnects lazily after a
// failure; statements are prepared on first use on each connection.
class Database
{
public:
    // sessionSetup (SET statements, say) runs on every connection made.
    explicit Database(std::string conninfo, std::string sessionSetup = {});
    ~Database();

    // Throws DomainError 503 when Postgres cannot be reached.
    pqxx::connection &connection();
    // The name of a statement prepared on the current connection.
    std::string prepared(const char *name, const char *sql);
    // Forget the connection after pqxx::broken_connection.
    void reset();

    // Runs body(work) in a transaction and commits; retries on serialization
    // failures and deadlocks, which Postgres resolves by aborting one side.
    template<typename Body> auto transact(Body &&body)
    {
        for (int attempt = 1;; ++attempt) {
            try {
                pqxx::work tx(connection());
                if constexpr (std::is_void_v<decltype(body(tx))>) {
                    body(tx);
                    tx.commit();
                    return;
                } else {
                    auto result = body(tx);
                    tx.commit();
                    return result;
                }
            } catch (const pqxx::broken_connection &) {
                reset();
                throw;
            } catch (const pqxx::sql_error &error) {
                const std::string state = error.sqlstate();
                if ((state == "40001" || state == "40P01") && attempt < 5)
                    continue;
                throw;
            }
        }
    }

    // Throws DomainError 503 if the connection fails.
    void check();

    // Whether an error means the database went away (a lost connection, a
    // commit whose outcome is unknown, the server shutting down or
    // crashing): the answer is "unavailable, retry", never "nothing changed".
    static bool isConnectionLoss(const std::exception &error);

private:
    std::string m_conninfo;
    std::string m_sessionSetup;
    std::unique_ptr<pqxx::connection> m_connection;
    std::unordered_set<std::string> m_prepared;
};

// "{1,2,3}" for a bigint[] parameter.
template<typename Container> std::string toPgArray(const Container &values)
{
    std::string out = "{";
    bool first = true;
    for (const auto &value : values) {
        if (!first)
            out += ',';
        first = false;
        out += std::to_string(value);
    }
    out += '}';
    return out;
}

// '{"a","b\\"c"}' for a text[] parameter: every element quoted, its
// backslashes and double quotes escaped.
std::string toPgTextArray(const std::vector<std::string> &values);
std::string toPgTextArray(const QStringList &values);

inline std::string toStd(const QString &text)
{
    return text.toStdString();
}
inline QString toQString(const pqxx::field &field)
{
    return QString::fromUtf8(field.c_str(), static_cast<qsizetype>(field.size()));
}

// Text searched for as itself inside LIKE '%…%': its own %, _ and \ are
// escaped, so "50%" finds "50%" and not everything.
QString likeEscaped(QString text);

// A connection string fit for a log: any password replaced by "***".
QString redactedConninfo(const QString &conninfo);
