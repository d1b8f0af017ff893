#pragma once

#include "analysis.h"

#include <QImage>
#include <QStringList>

namespace postscope {

// What one timeline picture of a report shows.
struct ReportTimelineRequest {
    QSize size {1600, 900};             // logical pixels
    qreal devicePixelRatio = 1.0;
    qint64 from = 0, to = 0;            // 0,0 = everything
    QStringList highlightedPosts;
    bool onlyIntegrationsOfHighlighted = false;
};

// The timeline as the window draws it (renderTimeline), tall enough for every row.
QImage renderReportTimeline(const Analysis &analysis, const ReportTimelineRequest &request);

// The span worth looking at for a set of posts: their publish dates and job fire
// times, padded on both sides (at least 30 minutes each). {0,0} when none is known.
std::pair<qint64, qint64> timeRangeOfPosts(const Snapshot &snapshot, const QStringList &postIds);

// How many integrations own the given posts (all of the snapshot's when empty).
int integrationRows(const Snapshot &snapshot, const QStringList &postIds);

} // namespace postscope
