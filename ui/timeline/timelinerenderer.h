#pragma once

// The timeline as an image, without a window (reports, tests): the same LanePainter and
// axis as the on-screen view, laid out in rows under an axis with a legend below.

#include "analysis.h"
#include "core/timescale.h"

#include <QImage>
#include <QRect>
#include <QSize>
#include <QStringList>

#include <vector>

namespace postscope {

class TimelineData;
struct TimelineTheme;

struct TimelineRenderOptions {
    QSize size {1600, 900};
    qreal devicePixelRatio = 1.0;
    qint64 from = 0, to = 0;            // 0,0 = fit everything
    QStringList highlightedPosts;       // halo
    bool onlyIntegrationsOfHighlighted = false; // rows only for integrations that own highlighted posts
    bool dark = false;
};

QImage renderTimeline(const Analysis &analysis, const TimelineRenderOptions &options);

// --- shared with TimelineView::renderToImage (and the tests, to find where marks are) ---

struct TimelineImageRow {
    int lane = -1;      // into TimelineData::lanes()
    int depth = 0;      // 0 organisation, 1 integration
    QString name, provider, flags;
};

struct TimelineImageLayout {
    QRect header, labels, timeColumn, legend; // logical pixels
    TimeScale scale;                          // x relative to timeColumn.left()
    std::vector<std::pair<int, QRect>> cells; // lane -> its time cell, in drawing order
    int hiddenRows = 0;                       // rows that did not fit
    QRect cellOfLane(int lane) const;
};

struct TimelineImageSpec {
    const TimelineData *data = nullptr;
    std::vector<TimelineImageRow> rows;
    qint64 from = 0, to = 0;
    const TimelineTheme *theme = nullptr;
    std::vector<int> highlighted, selected; // post rows
    QSize size {1600, 900};
    qreal devicePixelRatio = 1.0;
};

// Every organisation followed by its lanes (all when `lanes` is null, else only those).
std::vector<TimelineImageRow> timelineRows(const TimelineData &data, const std::vector<bool> *lanes = nullptr);
QImage paintTimelineImage(const TimelineImageSpec &spec, TimelineImageLayout *layout = nullptr);
// Where renderTimeline(analysis, options) puts things.
TimelineImageLayout renderTimelineLayout(const Analysis &analysis, const TimelineRenderOptions &options);

} // namespace postscope
