#pragma once

#include "snapshot.h"

#include <QByteArray>

namespace postscope {

// The snapshot file format: one JSON object {format: "postscope-snapshot", version: N, …}
// holding every field of SnapshotData. Writing then reading gives back the same data,
// null strings included.
namespace snapshotjson {

inline constexpr int currentVersion = 1;
inline constexpr const char formatName[] = "postscope-snapshot";

QByteArray write(const SnapshotData &data, bool indented = false);

// false with *error in words for: not JSON (or cut short), not a postscope snapshot,
// a version newer than this build reads, a field of the wrong type.
bool read(const QByteArray &json, SnapshotData *data, QString *error);

// Replaces post content, title and description (and "Errors" bodies) by their length
// and a hash, so a snapshot can leave the machine; strips passwords from URLs. The
// hash lets two redacted posts with the same content still be recognised as equal.
void redact(SnapshotData &data);
QString redactText(const QString &text);
// The URL with its password removed (user and everything else kept).
QString urlWithoutPassword(const QString &url);

} // namespace snapshotjson
} // namespace postscope
