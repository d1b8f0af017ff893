#pragma once

#include "core/snapshot.h"

#include <QString>

#include <optional>
#include <vector>

namespace postscope {

// Reads application logs (pm2, docker compose, `docker logs -t`, NestJS's own logger or
// plain text, with or without timestamps) and keeps the lines that concern the snapshot:
// those that name one of its posts, and those that match a Postiz pattern from
// domain.md (dispatch, processing, provider-error, crash, debug-delete, debug-queue,
// worker-processing, posts-service) even when their post is not in the snapshot.
// Lines longer than maxLineBytes are cut (only their start is searched); bytes that are
// not UTF-8 become U+FFFD. Never throws.
namespace logsource {

inline constexpr qint64 maxLineBytes = 64 * 1024;
inline constexpr int maxTextChars = 4000; // what LogLine::text keeps of one line

// One line, parsed on its own (no snapshot needed): the time when the line carries one
// (ms UTC; zone-less stamps are read as UTC, NestJS's local-time stamps as local time),
// the kind when it matches a known pattern (empty otherwise) and the id-shaped tokens
// (uuids, cuids) it names, in order, without duplicates.
struct ParsedLine {
    std::optional<qint64> time;
    QString kind;
    QString message;   // the line without the pm2/docker prefix and time stamp
    QStringList ids;
};
ParsedLine parseLine(const QString &line);

} // namespace logsource

// The lines of one file linked to `s` (see above). Empty with *error when the file
// cannot be read; a readable file without any such line gives an empty list and no error.
std::vector<LogLine> readLogFile(const QString &path, const Snapshot &s, QString *error);

// The same over text already in memory (tests, pasted logs); `file` names the source.
std::vector<LogLine> readLogText(const QByteArray &text, const QString &file, const Snapshot &s);

// A copy of `data` with `lines` appended to its log lines (replacing earlier lines of
// the same files), ready to freeze into a new Snapshot.
SnapshotData withLogLines(const SnapshotData &data, const std::vector<LogLine> &lines);

} // namespace postscope
