#pragma once

// Two posts side by side, as rows the compare view and the report both show. QtCore only.

#include "snapshot.h"

#include <optional>
#include <vector>

namespace postscope {

struct CompareRow {
    QString field;
    QString a;
    QString b;
    bool differs = false;
};

// Post fields, integration, job and counts of the two posts. A post absent from the
// snapshot gives "(not in snapshot)" values; a QUEUE post without a job reads "NO JOB".
std::vector<CompareRow> compareRows(const Snapshot &s, const QString &postA, const QString &postB);

// One time difference B − A ("publishDate", "createdAt", "deletedAt", "job fire time").
struct CompareDelta {
    QString field;
    std::optional<qint64> ms; // nullopt when either side lacks the time
    QString text;             // "B is 15 s later", "same instant", "only A has one"
};
std::vector<CompareDelta> compareDeltas(const Snapshot &s, const QString &postA, const QString &postB);

// "15 s", "2 h 3 min", "1 d 4 h", "250 ms", "0 ms" (absolute value; no sign).
QString humanDuration(qint64 ms);
// "2026-12-01 09:30:15.000 UTC"
QString utcText(qint64 ms);
// What a post's job looks like in a few words: "delayed, fires 2026-…" or "NO JOB".
QString jobSummary(const Snapshot &s, const Post &p);
// True when the post should have a pending job and has none in any state (QUEUE,
// not deleted, top-level, no job hash or state entry).
bool lacksJob(const Snapshot &s, const Post &p);

} // namespace postscope
