#include "cli.h"
#include "diagnose.h"

#include "core/snapshotjson.h"
#include "sources/envfile.h"
#include "sources/snapshotfile.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace postscope::cli {

void print(FILE *f, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), f);
    std::fflush(f);
}

void setUpLogging(const QCommandLineParser &parser)
{
    // Logs go to stderr so that stdout stays machine-readable.
    static bool configured = false;
    if (!configured) {
        auto logger = spdlog::stderr_color_mt("postscope");
        spdlog::set_default_logger(logger);
        configured = true;
    }
    spdlog::set_pattern("%H:%M:%S.%e %^%l%$ %v");
    if (parser.isSet(QStringLiteral("verbose")))
        spdlog::set_level(spdlog::level::debug);
    else if (parser.isSet(QStringLiteral("quiet")))
        spdlog::set_level(spdlog::level::err);
    else
        spdlog::set_level(spdlog::level::warn);
}

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
                                    FILE *out, FILE *err)
{
    if (!parser.parse(arguments)) {
        print(err, parser.errorText() + QLatin1Char('\n'));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        print(out, parser.helpText());
        return ExitOk;
    }
    setUpLogging(parser);
    if (!parser.positionalArguments().isEmpty()) {
        print(err, QStringLiteral("%1: unexpected argument \"%2\"\n").arg(command, parser.positionalArguments().first()));
        return ExitUsage;
    }
    return std::nullopt;
}

int snapshotFromOptions(const QCommandLineParser &parser, const QString &command, FILE *err, SnapshotPtr *snapshot)
{
    QString error;
    if (parser.isSet(QStringLiteral("demo"))) {
        SnapshotData data;
        if (!snapshotfile::loadDemo(&data, &error)) {
            print(err, QStringLiteral("%1: %2\n").arg(command, error));
            return ExitCaptureFailed;
        }
        *snapshot = std::make_shared<const Snapshot>(std::move(data));
        return ExitOk;
    }
    CaptureRequest request;
    ConnectionChoice choice;
    if (!captureRequestFrom(parser, &request, &choice, &error)) {
        print(err, QStringLiteral("%1: %2\n").arg(command, error));
        return ExitUsage;
    }
    const CaptureResult result = Capture::run(request);
    *snapshot = result.snapshot;
    if (!result.ok) {
        print(err, QStringLiteral("%1: capture failed: %2\n").arg(command, result.error));
        return ExitCaptureFailed;
    }
    return ExitOk;
}

namespace {

const QStringList &subcommands()
{
    static const QStringList names{QStringLiteral("snapshot"), QStringLiteral("diagnose")};
    return names;
}

QString usageLine()
{
    return QStringLiteral("Usage: postscope [FILE]                     open the inspector window\n"
                          "       postscope snapshot [options] -o FILE  capture PostgreSQL + BullMQ into a file\n"
                          "       postscope diagnose [options]          name why posts did not go out\n"
                          "       postscope report [options] -o OUT     write an HTML, Markdown or PDF report\n"
                          "       postscope <command> --help            options of a command\n");
}

QString describeResult(const SnapshotData &d)
{
    QString text = QStringLiteral("%1 organisations, %2 integrations, %3 posts, %4 \"Errors\" rows, %5 queues, "
                                  "%6 jobs, %7 events, %8 worker connections")
                       .arg(d.organizations.size())
                       .arg(d.integrations.size())
                       .arg(d.posts.size())
                       .arg(d.errors.size())
                       .arg(d.queues.size())
                       .arg(d.jobs.size())
                       .arg(d.events.size())
                       .arg(d.workers.size());
    return text;
}

void printGaps(FILE *err, const std::vector<Gap> &gaps)
{
    if (gaps.empty())
        return;
    print(err, QStringLiteral("%1 thing(s) could not be read:\n").arg(gaps.size()));
    for (const Gap &g : gaps)
        print(err, QStringLiteral("  [%1] %2: %3\n").arg(g.source, g.subject, g.reason));
}

int runSnapshot(const QStringList &arguments, FILE *out, FILE *err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Capture one read-only snapshot of Postiz's PostgreSQL and its BullMQ queue in Redis "
                       "into a JSON file."));
    parser.addHelpOption();
    addCaptureOptions(parser);
    parser.addOption({QStringLiteral("redact"),
                      QStringLiteral("Replace post content, title and description by length and hash, and drop "
                                     "passwords from URLs.")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the snapshot to FILE (- for stdout)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("indent"), QStringLiteral("Write indented JSON.")});
    if (const auto exit = parseCommandLine(parser, arguments, QStringLiteral("snapshot"), out, err))
        return *exit;
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        print(err, QStringLiteral("snapshot: say where to write it with -o FILE\n"));
        return ExitUsage;
    }

    SnapshotPtr snapshot;
    const int status = snapshotFromOptions(parser, QStringLiteral("snapshot"), err, &snapshot);
    if (!snapshot)
        return status;
    // A failed capture still writes what it read: the gaps say what is missing.
    const bool ok = status == ExitOk;
    const SnapshotData &data = snapshot->data();

    const bool redact = parser.isSet(QStringLiteral("redact"));
    QString error;
    if (output == QLatin1String("-")) {
        SnapshotData copy = data;
        if (redact)
            snapshotjson::redact(copy);
        const QByteArray bytes = snapshotjson::write(copy, parser.isSet(QStringLiteral("indent")));
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), out);
        std::fflush(out);
    } else if (!snapshotfile::save(output, data, redact, &error)) {
        print(err, QStringLiteral("snapshot: %1\n").arg(error));
        return ExitCaptureFailed;
    }
    printGaps(err, data.gaps);
    if (!parser.isSet(QStringLiteral("quiet")) && output != QLatin1String("-"))
        print(err, QStringLiteral("wrote %1: %2\n").arg(output, describeResult(data)));
    return ok ? ExitOk : ExitCaptureFailed;
}

QStringList splitIds(const QStringList &values)
{
    QStringList ids;
    for (const QString &v : values) {
        const QStringList parts = v.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &p : parts)
            ids.append(p.trimmed());
    }
    return ids;
}

} // namespace

bool isCliInvocation(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    const QString &first = arguments.at(1);
    // A bare word that is no file is a mistyped command, not a snapshot to open.
    if (!first.startsWith(QLatin1Char('-')) && !QFileInfo::exists(first))
        return true;
    return subcommands().contains(first) || first == QLatin1String("--help") || first == QLatin1String("-h")
        || first == QLatin1String("--version") || first == QLatin1String("-v") || first == QLatin1String("help");
}

std::optional<qint64> parseTime(const QString &input, qint64 now)
{
    const QString text = input.trimmed();
    static const QRegularExpression relative(QStringLiteral("^now(?:([+-])(\\d+)([smhdw]))?$"));
    const QRegularExpressionMatch m = relative.match(text);
    if (m.hasMatch()) {
        if (m.captured(1).isEmpty())
            return now;
        static const QHash<QString, qint64> unit{{QStringLiteral("s"), 1000LL},
                                                 {QStringLiteral("m"), 60'000LL},
                                                 {QStringLiteral("h"), 3'600'000LL},
                                                 {QStringLiteral("d"), 86'400'000LL},
                                                 {QStringLiteral("w"), 7 * 86'400'000LL}};
        const qint64 amount = m.captured(2).toLongLong() * unit.value(m.captured(3));
        return m.captured(1) == QLatin1String("+") ? now + amount : now - amount;
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        return std::nullopt;
    // No offset given: the database stores UTC, so read it as UTC too.
    static const QRegularExpression hasZone(QStringLiteral("(Z|[+-]\\d\\d(:?\\d\\d)?)$"));
    if (!hasZone.match(text).hasMatch() || text.size() <= 10)
        dt.setTimeZone(QTimeZone::utc());
    return dt.toMSecsSinceEpoch();
}

void addCaptureOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("pg"), QStringLiteral("PostgreSQL URL: postgresql://user:password@host:5432/db?sslmode=… "
                                              "(default: DATABASE_URL)."),
         QStringLiteral("URL")},
        {QStringLiteral("redis"), QStringLiteral("Redis URL: redis://[user:password@]host:6379/db "
                                                 "(default: REDIS_URL)."),
         QStringLiteral("URL")},
        {QStringLiteral("env-file"), QStringLiteral("Read DATABASE_URL and REDIS_URL from a Postiz .env file."),
         QStringLiteral("PATH")},
        {QStringLiteral("demo"), QStringLiteral("Use the embedded demo snapshot instead of connecting.")},
        {QStringLiteral("prefix"), QStringLiteral("BullMQ key prefix (default bull)."), QStringLiteral("PREFIX"),
         QStringLiteral("bull")},
        {QStringLiteral("queue"), QStringLiteral("The queue that holds Postiz's posts (default post)."),
         QStringLiteral("NAME"), QStringLiteral("post")},
        {QStringLiteral("org"), QStringLiteral("Only this organisation (repeat or comma-separate for several)."),
         QStringLiteral("ID")},
        {QStringLiteral("integration"), QStringLiteral("Only this integration (repeat or comma-separate)."),
         QStringLiteral("ID")},
        {QStringLiteral("from"), QStringLiteral("Window start for publishDate: ISO time (UTC unless an offset is "
                                                "given) or now-7d (default)."),
         QStringLiteral("TIME")},
        {QStringLiteral("to"), QStringLiteral("Window end for publishDate: ISO time or now+30d (default)."),
         QStringLiteral("TIME")},
        {QStringLiteral("timeout"), QStringLiteral("Seconds for connecting and for each query/command (default 10)."),
         QStringLiteral("SECONDS"), QStringLiteral("10")},
        {QStringLiteral("verbose"), QStringLiteral("Log every query and command to stderr.")},
        {QStringLiteral("quiet"), QStringLiteral("Only errors on stderr.")},
    });
}

bool captureRequestFrom(const QCommandLineParser &parser, CaptureRequest *request, ConnectionChoice *choice,
                        QString *error)
{
    ConnectionChoice c;
    if (parser.isSet(QStringLiteral("pg"))) {
        c.postgresUrl = parser.value(QStringLiteral("pg"));
        c.postgresFrom = QStringLiteral("--pg");
    }
    if (parser.isSet(QStringLiteral("redis"))) {
        c.redisUrl = parser.value(QStringLiteral("redis"));
        c.redisFrom = QStringLiteral("--redis");
    }
    if (parser.isSet(QStringLiteral("env-file"))) {
        const QString path = parser.value(QStringLiteral("env-file"));
        EnvFile env;
        QString problem;
        if (!EnvFile::load(path, &env, &problem)) {
            *error = problem;
            return false;
        }
        if (c.postgresUrl.isEmpty() && !env.value(QStringLiteral("DATABASE_URL")).isEmpty()) {
            c.postgresUrl = env.value(QStringLiteral("DATABASE_URL"));
            c.postgresFrom = QStringLiteral("--env-file ") + path;
        }
        if (c.redisUrl.isEmpty() && !env.value(QStringLiteral("REDIS_URL")).isEmpty()) {
            c.redisUrl = env.value(QStringLiteral("REDIS_URL"));
            c.redisFrom = QStringLiteral("--env-file ") + path;
        }
        if (c.postgresUrl.isEmpty() && c.redisUrl.isEmpty()) {
            *error = QStringLiteral("%1 has neither DATABASE_URL nor REDIS_URL").arg(path);
            return false;
        }
    }
    if (c.postgresUrl.isEmpty() && qEnvironmentVariableIsSet("DATABASE_URL")) {
        c.postgresUrl = qEnvironmentVariable("DATABASE_URL");
        c.postgresFrom = QStringLiteral("DATABASE_URL");
    }
    if (c.redisUrl.isEmpty() && qEnvironmentVariableIsSet("REDIS_URL")) {
        c.redisUrl = qEnvironmentVariable("REDIS_URL");
        c.redisFrom = QStringLiteral("REDIS_URL");
    }
    if (c.postgresUrl.isEmpty() && c.redisUrl.isEmpty()) {
        *error = QStringLiteral("say what to connect to: --pg URL and --redis URL, --env-file PATH, "
                                "DATABASE_URL/REDIS_URL in the environment, or --demo");
        return false;
    }

    bool ok = false;
    const int timeout = parser.value(QStringLiteral("timeout")).toInt(&ok);
    if (!ok || timeout <= 0) {
        *error = QStringLiteral("--timeout takes a whole number of seconds");
        return false;
    }

    CaptureRequest r;
    r.usePostgres = !c.postgresUrl.isEmpty();
    r.useRedis = !c.redisUrl.isEmpty();
    r.postgres.url = c.postgresUrl;
    r.postgres.connectTimeoutSeconds = timeout;
    r.postgres.statementTimeoutMs = timeout * 1000;
    r.redis.url = c.redisUrl;
    r.redis.connectTimeoutMs = timeout * 1000;
    r.redis.commandTimeoutMs = timeout * 1000;
    r.redis.prefix = parser.value(QStringLiteral("prefix"));
    r.redis.queue = parser.value(QStringLiteral("queue"));
    if (r.redis.prefix.isEmpty() || r.redis.queue.isEmpty()) {
        *error = QStringLiteral("--prefix and --queue cannot be empty");
        return false;
    }
    r.scope.organizationIds = splitIds(parser.values(QStringLiteral("org")));
    r.scope.integrationIds = splitIds(parser.values(QStringLiteral("integration")));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString from = parser.isSet(QStringLiteral("from")) ? parser.value(QStringLiteral("from")) : QStringLiteral("now-7d");
    const QString to = parser.isSet(QStringLiteral("to")) ? parser.value(QStringLiteral("to")) : QStringLiteral("now+30d");
    const auto fromMs = parseTime(from, now);
    const auto toMs = parseTime(to, now);
    if (!fromMs || !toMs) {
        *error = QStringLiteral("--from/--to take an ISO time (2026-01-15T14:30:00Z) or now-7d / now+30d, got \"%1\"")
                     .arg(!fromMs ? from : to);
        return false;
    }
    if (*fromMs >= *toMs) {
        *error = QStringLiteral("--from must be before --to");
        return false;
    }
    r.scope.from = *fromMs;
    r.scope.to = *toMs;
    *request = r;
    if (choice)
        *choice = c;
    return true;
}

int run(const QStringList &arguments, FILE *out, FILE *err)
{
    if (arguments.size() < 2) {
        print(err, usageLine());
        return ExitUsage;
    }
    const QString command = arguments.at(1);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        print(out, QStringLiteral("postscope %1\n").arg(QStringLiteral(POSTSCOPE_VERSION)));
        return ExitOk;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        print(out, usageLine());
        return ExitOk;
    }
    QStringList rest = arguments;
    rest.removeAt(1);
    rest[0] = rest[0] + QLatin1Char(' ') + command;
    if (command == QLatin1String("snapshot"))
        return runSnapshot(rest, out, err);
    if (command == QLatin1String("diagnose"))
        return runDiagnose(rest, out, err);
    print(err, QStringLiteral("unknown command \"%1\"\n").arg(command) + usageLine());
    return ExitUsage;
}

} // namespace postscope::cli
