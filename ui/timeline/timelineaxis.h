#pragma once

// The time axis and the legend, painted by the header view on screen and by
// renderTimeline into images.

#include "core/timescale.h"
#include "timelinetheme.h"

#include <QRect>
#include <QTimeZone>

class QPainter;
class QFontMetrics;

namespace postscope {

struct AxisOptions {
    QTimeZone zone = QTimeZone::systemTimeZone();
    qint64 now = 0; // 0 = no now marker
};

// Minimum spacing between tick labels for this font.
double tickSpacing(const QFontMetrics &fm);
// `rect` is the axis cell; the scale's x is relative to rect.left().
void paintAxis(QPainter *p, const QRect &rect, const TimeScale &scale, const QList<Tick> &ticks,
               const TimelineTheme &theme, const AxisOptions &options);
// Height the legend needs at this width.
int legendHeight(const QFontMetrics &fm, int width);
void paintLegend(QPainter *p, const QRect &rect, const TimelineTheme &theme);

} // namespace postscope
