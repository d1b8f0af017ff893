#pragma once

#include "core/rules/engine.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace postscope::cli {

// `postscope diagnose`: the same connection options as snapshot (or --demo, or
// --snapshot FILE), --format text|json|markdown, -o FILE. Exit 0 without critical
// findings, 1 with at least one, 2 when the capture failed or the file is unreadable,
// 64 on a usage error. `arguments` start with the program name ("postscope diagnose").
int runDiagnose(const QStringList &arguments, FILE *out, FILE *err);

// The three renderings, deterministic for one snapshot (no wall clock, no version of
// this build): the golden tests compare them byte for byte.
QString diagnosisText(const Snapshot &snapshot, const Diagnosis &diagnosis, bool colour);
QByteArray diagnosisJson(const Snapshot &snapshot, const Diagnosis &diagnosis);
QString diagnosisMarkdown(const Snapshot &snapshot, const Diagnosis &diagnosis);

} // namespace postscope::cli
