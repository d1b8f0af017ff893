#pragma once

#include <QString>

namespace postscope {

class ReportContent;

// The report as an A4 PDF through Qt's PDF writer: a finding that fits on a page is never
// split across two, the timelines are scaled to the page width, every page is numbered.
bool writeReportPdf(const ReportContent &content, const QString &path, QString *error);

} // namespace postscope
