#pragma once

#include "reportwriter.h"

#include <QImage>

#include <functional>
#include <vector>

namespace postscope {

struct ReportImage {
    QString name;    // "all", or the finding's number "01", "02", …
    QString caption;
    QImage image;
};

// What a report says, once, for every format: the (redacted) snapshot and its diagnosis,
// the timeline pictures, and the text as HTML or Markdown.
class ReportContent
{
public:
    ReportContent(const Analysis &analysis, const ReportOptions &options);

    const Snapshot &snapshot() const { return *m_analysis.snapshot; }
    const Diagnosis &diagnosis() const { return *m_analysis.diagnosis; }
    const std::vector<ReportImage> &images() const { return m_images; }
    QString title() const;

    // The body (no <html>/<head>): h1 per part, h2 per finding and per section, so a
    // paginator can keep each h2 section on one page. imageTag gives the <img> of a picture.
    QString htmlBody(const std::function<QString(const ReportImage &)> &imageTag) const;
    // The whole report in Markdown; pictures referenced as <imageBase>-timeline-<name>.png.
    QString markdown(const QString &imageBase) const;

    static QString imageFileName(const QString &imageBase, const ReportImage &image);
    // A copy of the snapshot with what the options ask hidden.
    static SnapshotData redacted(const SnapshotData &data, const ReportOptions &options);

private:
    const ReportImage *findingImage(int index) const;
    std::vector<std::pair<QString, QString>> captureFacts() const;
    std::vector<std::pair<QString, QString>> serverFacts() const;
    QString sourceName() const;

    Analysis m_analysis; // the redacted one
    ReportOptions m_options;
    std::vector<ReportImage> m_images;
};

} // namespace postscope
