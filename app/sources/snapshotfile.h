#pragma once

#include "core/snapshot.h"

namespace postscope::snapshotfile {

// Writes atomically (a cut-off write never replaces a good file). With redact, the
// written copy is redacted; `data` itself is not changed.
bool save(const QString &path, const SnapshotData &data, bool redact, QString *error);
bool load(const QString &path, SnapshotData *data, QString *error);
// The snapshot compiled into the binary (resources/demo-snapshot.json).
bool loadDemo(SnapshotData *data, QString *error);
inline constexpr const char demoResource[] = ":/postscope/demo-snapshot.json";

} // namespace postscope::snapshotfile
