#include "Migrations.h"

#include "Database.h"
#include "Log.h"

#include <QDir>
#include <QFile>

static void initMigrationResources()
{
    // The SQL is compiled into this static library; register it explicitly.
    Q_INIT_RESOURCE(migrations);
}

int applyMigrations(Database &db)
{
    initMigrationResources();
    pqxx::connection &connection = db.connection();
    {
        pqxx::nontransaction tx(connection);
        tx.exec("SELECT pg_advisory_lock(20601, 1)");
        tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version int PRIMARY KEY, name text NOT NULL, "
                "applied_at timestamptz NOT NULL DEFAULT now())");
    }
    int applied = 0;
    try {
        const QStringList files =
            QDir(QStringLiteral(":/migrations"))
                .entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
        if (files.isEmpty())
            throw std::runtime_error("no migrations compiled in");
        for (const QString &file : files) {
            const int version = file.section(u'_', 0, 0).toInt();
            pqxx::work tx(connection);
            if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", version)
                     .empty())
                continue;
            QFile sql(QStringLiteral(":/migrations/") + file);
            sql.open(QIODevice::ReadOnly);
            tx.exec(sql.readAll().toStdString());
            tx.exec_params0("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                            version, file.toStdString());
            tx.commit();
            qCInfo(lcDb) << "applied migration" << file;
            ++applied;
        }
    } catch (...) {
        pqxx::nontransaction tx(connection);
        tx.exec("SELECT pg_advisory_unlock(20601, 1)");
        throw;
    }
    pqxx::nontransaction tx(connection);
    tx.exec("SELECT pg_advisory_unlock(20601, 1)");
    return applied;
}
