#include "testservices.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QUrl>

namespace testsvc {

namespace {

Services loadServices()
{
    Services s;
    const QString envPath = qEnvironmentVariable("POSTSCOPE_SERVICES_ENV");
    if (envPath.isEmpty()) {
        s.error = QStringLiteral("POSTSCOPE_SERVICES_ENV is not set: run the tests through ctest "
                                 "(services.start) or run tests/services/start.sh DIR and export "
                                 "POSTSCOPE_SERVICES_ENV=DIR/env");
        return s;
    }
    QFile f(envPath);
    if (!f.open(QIODevice::ReadOnly)) {
        s.error = QStringLiteral("cannot read %1 (%2): did tests/services/start.sh run?")
                      .arg(envPath, f.errorString());
        return s;
    }
    QHash<QString, QString> kv;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) || eq <= 0)
            continue;
        kv.insert(line.left(eq), line.mid(eq + 1));
    }
    s.pgHost = kv.value(QStringLiteral("PG_HOST"));
    s.pgPort = kv.value(QStringLiteral("PG_PORT")).toInt();
    s.pgSuperuser = kv.value(QStringLiteral("PG_SUPERUSER"));
    s.pgAdminUrl = kv.value(QStringLiteral("PG_ADMIN_URL"));
    s.redisHost = kv.value(QStringLiteral("REDIS_HOST"));
    s.redisPort = kv.value(QStringLiteral("REDIS_PORT")).toInt();
    s.redisUrl = kv.value(QStringLiteral("REDIS_URL"));
    s.servicesDir = kv.value(QStringLiteral("SERVICES_DIR"), QFileInfo(envPath).absolutePath());
    if (s.pgHost.isEmpty() || s.pgPort <= 0 || s.pgSuperuser.isEmpty() || s.redisHost.isEmpty()
        || s.redisPort <= 0) {
        s.error = QStringLiteral("%1 lacks PG_HOST, PG_PORT, PG_SUPERUSER, REDIS_HOST or REDIS_PORT")
                      .arg(envPath);
        return s;
    }
    s.ok = true;
    return s;
}

struct RunResult {
    bool ok = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString failure; // why it did not run / finish
};

RunResult run(const QString &program, const QStringList &args, const QByteArray &input = {},
              int timeoutMs = 60000, const QProcessEnvironment &env = {})
{
    RunResult r;
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.failure = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return r;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.failure = QStringLiteral("%1 did not finish within %2 s").arg(program).arg(timeoutMs / 1000);
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.ok = r.exitCode == 0;
    if (!r.ok)
        r.failure = QStringLiteral("%1 exited with %2: %3")
                        .arg(program)
                        .arg(r.exitCode)
                        .arg(QString::fromUtf8(r.err.right(4000)));
    return r;
}

QString tool(const char *name)
{
    const QString n = QString::fromLatin1(name);
    const QString found = QStandardPaths::findExecutable(n);
    return found.isEmpty() ? n : found;
}

QStringList psqlArgs(const QString &database)
{
    const Services &s = services();
    return {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
            QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
            QStringLiteral("-h"), s.pgHost, QStringLiteral("-p"), QString::number(s.pgPort),
            QStringLiteral("-U"), s.pgSuperuser, QStringLiteral("-d"), database};
}

QStringList redisArgs(int db)
{
    const Services &s = services();
    return {QStringLiteral("-h"), s.redisHost, QStringLiteral("-p"), QString::number(s.redisPort),
            QStringLiteral("-n"), QString::number(db)};
}

bool quotedIdentifierOk(const QString &name)
{
    if (name.isEmpty() || name.size() > 63)
        return false;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_')) || c.unicode() > 127)
            return false;
    }
    return true;
}

// npm ci into the two pinned bullmq installs, once per test process (quick when current).
bool ensureFixturesInstalled(QString *error)
{
    static int state = 0; // 0 unknown, 1 ok, 2 failed
    static QString lastError;
    if (state == 0) {
        const QString script = fixturesDir() + QStringLiteral("/install.sh");
        const RunResult r = run(tool("bash"), {script}, {}, 600000);
        state = r.ok ? 1 : 2;
        lastError = r.ok ? QString() : QStringLiteral("tests/fixtures/install.sh failed: ") + r.failure;
    }
    if (state == 2 && error)
        *error = lastError;
    return state == 1;
}

} // namespace

const Services &services()
{
    static const Services s = loadServices();
    return s;
}

QString fixturesDir()
{
    return qEnvironmentVariable("POSTSCOPE_FIXTURES_DIR");
}

QString pgUrl(const QString &database, const QString &user, const QString &password)
{
    const Services &s = services();
    QUrl u;
    u.setScheme(QStringLiteral("postgresql"));
    u.setHost(s.pgHost);
    u.setPort(s.pgPort);
    u.setUserName(user.isEmpty() ? s.pgSuperuser : user);
    if (!password.isEmpty())
        u.setPassword(password);
    u.setPath(QLatin1Char('/') + database);
    return u.toString(QUrl::FullyEncoded);
}

QString redisUrl(int db, const QString &user, const QString &password)
{
    const Services &s = services();
    QUrl u;
    u.setScheme(QStringLiteral("redis"));
    u.setHost(s.redisHost);
    u.setPort(s.redisPort);
    if (!user.isEmpty())
        u.setUserName(user);
    if (!password.isEmpty())
        u.setPassword(password);
    u.setPath(QLatin1Char('/') + QString::number(db));
    return u.toString(QUrl::FullyEncoded);
}

bool psql(const QString &database, const QString &sql, QString *output)
{
    if (!services().ok) {
        if (output)
            *output = services().error;
        return false;
    }
    const RunResult r = run(tool("psql"), psqlArgs(database) + QStringList{QStringLiteral("-f"), QStringLiteral("-")},
                            sql.toUtf8(), 120000);
    if (output)
        *output = r.ok ? QString::fromUtf8(r.out) : r.failure;
    return r.ok;
}

QString createPostizDatabase(const QString &name, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QString();
    };
    if (!services().ok)
        return fail(services().error);
    if (!quotedIdentifierOk(name))
        return fail(QStringLiteral("database name %1 must be [A-Za-z0-9_]{1,63}").arg(name));
    if (fixturesDir().isEmpty())
        return fail(QStringLiteral("POSTSCOPE_FIXTURES_DIR is not set"));
    QFile schema(fixturesDir() + QStringLiteral("/schema.sql"));
    if (!schema.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(schema.fileName(), schema.errorString()));
    QString out;
    // psql runs each -c separately; DROP/CREATE DATABASE cannot share a transaction.
    const RunResult r = run(tool("psql"),
                            psqlArgs(QStringLiteral("postgres"))
                                + QStringList{QStringLiteral("-c"),
                                              QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(name),
                                              QStringLiteral("-c"),
                                              QStringLiteral("CREATE DATABASE \"%1\"").arg(name)});
    if (!r.ok)
        return fail(r.failure);
    if (!psql(name, QString::fromUtf8(schema.readAll()), &out))
        return fail(QStringLiteral("applying schema.sql: ") + out);
    return pgUrl(name);
}

QString redisCli(int db, const QStringList &args, bool *ok)
{
    if (!services().ok) {
        if (ok)
            *ok = false;
        return services().error;
    }
    const RunResult r = run(tool("redis-cli"), redisArgs(db) + args);
    // redis-cli exits 0 on a server error reply; treat "(error)"/ERR output as failure too.
    const bool good = r.ok && !r.out.startsWith("ERR ") && !r.out.startsWith("WRONGTYPE ")
                      && !r.out.startsWith("(error)");
    if (ok)
        *ok = good;
    return r.ok ? QString::fromUtf8(r.out) : r.failure;
}

QByteArray resp(const QList<QByteArray> &args)
{
    QByteArray out = '*' + QByteArray::number(args.size()) + "\r\n";
    for (const QByteArray &a : args)
        out += '$' + QByteArray::number(a.size()) + "\r\n" + a + "\r\n";
    return out;
}

bool redisCliPipe(int db, const QByteArray &stdinCommands)
{
    if (!services().ok)
        return false;
    const RunResult r = run(tool("redis-cli"), redisArgs(db) + QStringList{QStringLiteral("--pipe")},
                            stdinCommands, 120000);
    return r.ok && r.out.contains("errors: 0");
}

QStringList bullmqVariants()
{
    return {QStringLiteral("5.12"), QStringLiteral("latest")};
}

QJsonObject runScenario(const QString &scenario, const QString &variant, const QString &pgUrl,
                        const QString &redisUrl, const QStringList &extraArgs, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return QJsonObject();
    };
    if (fixturesDir().isEmpty())
        return fail(QStringLiteral("POSTSCOPE_FIXTURES_DIR is not set: run through ctest or export it "
                                   "(<source>/tests/fixtures)"));
    const QString generator = fixturesDir() + QStringLiteral("/generate.mjs");
    if (!QFileInfo::exists(generator))
        return fail(QStringLiteral("no generator at %1").arg(generator));
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return fail(QStringLiteral("node is not on PATH (Node.js 18+ is needed for the fixture generator)"));
    QString why;
    if (!ensureFixturesInstalled(&why))
        return fail(why);

    const QStringList args = QStringList{generator,
                                         QStringLiteral("--bullmq"), variant,
                                         QStringLiteral("--pg"), pgUrl,
                                         QStringLiteral("--redis"), redisUrl,
                                         QStringLiteral("--scenario"), scenario}
                             + extraArgs;
    const RunResult r = run(node, args, {}, 300000);
    if (!r.ok)
        return fail(QStringLiteral("generator (%1, %2): %3").arg(scenario, variant, r.failure));
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("generator printed no JSON report (%1): %2")
                        .arg(pe.errorString(), QString::fromUtf8(r.out.left(2000))));
    return doc.object();
}

} // namespace testsvc
