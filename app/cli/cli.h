#pragma once

#include "sources/capture.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

namespace postscope::cli {

enum ExitCode { ExitOk = 0, ExitFindings = 1, ExitCaptureFailed = 2, ExitUsage = 64 };

// True when argv names a sub-command (or --help/--version), i.e. no GUI is wanted.
bool isCliInvocation(const QStringList &arguments);

// Runs a sub-command; arguments as QCoreApplication::arguments(). Writes to the given
// streams (stdout, stderr) so tests can capture them.
int run(const QStringList &arguments, FILE *out = stdout, FILE *err = stderr);

// Parses "2026-01-15T14:30:00Z", "2026-01-15T14:30:00+02:00", "2026-01-15" (UTC when no
// offset is given), or "now", "now-7d", "now+30d", "now-3h", "now+15m" relative to
// `now`. nullopt when it is none of these.
std::optional<qint64> parseTime(const QString &text, qint64 now);

// Where the connection URLs come from, in order: --pg/--redis, the --env-file's
// DATABASE_URL/REDIS_URL, then the environment's DATABASE_URL/REDIS_URL.
struct ConnectionChoice {
    QString postgresUrl;
    QString redisUrl;
    QString postgresFrom; // "--pg", "--env-file PATH", "DATABASE_URL"
    QString redisFrom;
};

// Writes UTF-8 text to a stream and flushes it.
void print(FILE *f, const QString &text);
// spdlog to stderr (stdout stays machine-readable), level from --verbose / --quiet.
void setUpLogging(const QCommandLineParser &parser);
// The snapshot a sub-command works on: the embedded demo with --demo, else a capture
// from the connection options. Returns ExitOk; ExitCaptureFailed (with *snapshot set
// to what was read, if anything) or ExitUsage after printing why, prefixed by command.
int snapshotFromOptions(const QCommandLineParser &parser, const QString &command, FILE *err,
                        SnapshotPtr *snapshot);

// The start every sub-command shares once its options are added: parses `arguments`,
// prints help or a usage error, sets up logging and refuses positional arguments.
// nullopt = go on; otherwise the exit code to return at once.
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const QString &command,
                                    FILE *out, FILE *err);

// Adds the connection and scope options shared by snapshot, diagnose and report.
void addCaptureOptions(QCommandLineParser &parser);
// Builds the capture request from those options; false with *error (a usage error).
bool captureRequestFrom(const QCommandLineParser &parser, CaptureRequest *request, ConnectionChoice *choice,
                        QString *error);

} // namespace postscope::cli
