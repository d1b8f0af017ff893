#pragma once

#include "analysis.h"

#include <QSize>
#include <QStringList>

#include <optional>

namespace postscope {

enum class ReportFormat { Html, Markdown, Pdf };
QString toString(ReportFormat f); // "html", "md", "pdf"
// "html", "md" (or "markdown"), "pdf"; nullopt for anything else.
std::optional<ReportFormat> reportFormatFromString(const QString &text);
// The format a file name asks for by its suffix (.html/.htm, .md, .pdf).
std::optional<ReportFormat> reportFormatForPath(const QString &path);

struct ReportOptions {
    ReportFormat format = ReportFormat::Html;
    // A report usually leaves the machine: post content, title and description and the
    // URLs' passwords are replaced unless asked otherwise.
    bool redact = true;
    bool redactOrganizations = false; // organisation names too (also where integration names repeat them)
    QStringList comparePosts;         // two post ids: the compare table
    int timelineWidth = 0;            // logical px of the timeline images; 0: what suits the format
};

// Writes the report of one analysis (diagnosing it first when its diagnosis is null) to
// `out`. Markdown writes its timeline images beside it as <out-basename>-timeline-*.png.
// false with *error in words when something could not be written.
bool writeReport(const Analysis &analysis, const ReportOptions &options, const QString &out, QString *error);

} // namespace postscope
