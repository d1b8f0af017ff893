#pragma once

// What the integration tests share: the test servers started by tests/services/start.sh
// (read from $POSTSCOPE_SERVICES_ENV), fresh databases with Postiz's schema, the
// fixture generator (real bullmq), and raw psql / redis-cli for producing bad input.

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace testsvc {

struct Services {
    bool ok = false;
    QString error;
    QString pgHost;        // 127.0.0.1
    int pgPort = 0;
    QString pgSuperuser;   // superuser role name
    QString pgAdminUrl;    // postgresql://<superuser>@127.0.0.1:<port>/postgres
    QString redisHost;     // 127.0.0.1
    int redisPort = 0;
    QString redisUrl;      // redis://127.0.0.1:<port>/0 (default user, no password)
    QString servicesDir;   // where start.sh keeps data, logs and the env file
};

// Parsed once from $POSTSCOPE_SERVICES_ENV. ok = false (with error) when missing.
const Services &services();

// Drops and creates database `name`, applies tests/fixtures/schema.sql, returns its URL
// (as the superuser). Empty on failure, with *error set.
QString createPostizDatabase(const QString &name, QString *error = nullptr);

// The same URL for another database on the test server.
QString pgUrl(const QString &database, const QString &user = {}, const QString &password = {});
// redis://[user:pw@]127.0.0.1:<port>/<db>
QString redisUrl(int db, const QString &user = {}, const QString &password = {});

// Runs psql as the superuser against `database`; returns stdout, false on error.
bool psql(const QString &database, const QString &sql, QString *output = nullptr);
// Runs redis-cli -p <port> -n <db> args…; returns stdout (raw), *ok = exit code 0.
QString redisCli(int db, const QStringList &args, bool *ok = nullptr);
// Raw bytes, for values redis-cli arguments cannot carry (non-UTF-8, 50 MB). The input
// goes through `redis-cli --pipe`: RESP (build it with resp()) or inline commands.
bool redisCliPipe(int db, const QByteArray &stdinCommands);
// One command in RESP, binary-safe: resp({"SET", key, value}).
QByteArray resp(const QList<QByteArray> &args);

// The fixture generator (tests/fixtures/generate.mjs) writing one scenario through
// the real bullmq. variant: "5.12" or "latest" (the two pinned installs). Returns the
// generator's JSON report (what it created, the job ids, the expected states, fire
// times and events); empty object with *error on failure.
QJsonObject runScenario(const QString &scenario, const QString &variant, const QString &pgUrl,
                        const QString &redisUrl, const QStringList &extraArgs = {},
                        QString *error = nullptr);

// Variants the generator supports, for data-driven tests.
QStringList bullmqVariants();

// tests/fixtures (from $POSTSCOPE_FIXTURES_DIR); empty when unset.
QString fixturesDir();

} // namespace testsvc
