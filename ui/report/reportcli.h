#pragma once

#include <QStringList>

#include <cstdio>

namespace postscope::cli {

// `postscope report`: the same connection options as snapshot and diagnose (or --demo, or
// --snapshot FILE), --format html|md|pdf (default: the suffix of -o), -o OUT,
// --compare POSTA,POSTB, --redact (default) | --no-redact, --redact-orgs. Needs a
// QGuiApplication (fonts, images, PDF). Exit 0 when written, 2 when the capture failed
// (the report is still written from what was read) or the file could not be read or
// written, 64 on a usage error. `arguments` start with "postscope report".
int runReport(const QStringList &arguments, FILE *out, FILE *err);

} // namespace postscope::cli
