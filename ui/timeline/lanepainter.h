#pragma once

// Paints one lane's time column and answers "what is under this point" for it. The
// delegate (on screen) and renderTimeline (images) both use it, with the same TimeScale,
// so a mark is clicked exactly where it is drawn.

#include "core/timebuckets.h"
#include "core/timescale.h"
#include "timelinedata.h"
#include "timelinetheme.h"

#include <QImage>
#include <QRect>

#include <array>
#include <vector>

class QPainter;

namespace postscope {

struct TimelineHit {
    enum Kind { None, Post, Job, Event, Log } kind = None;
    int row = -1;  // in Snapshot::posts(), jobs(), events() or logLines()
    int lane = -1;
};

// Vertical layout of a lane inside its row (offsets from the row's top, for rows of at
// least rowHeight pixels; taller rows centre it).
struct LaneGeometry {
    static constexpr int rowHeight = 24;
    static constexpr int eventTop = 2, eventHeight = 5;
    static constexpr int postCentre = 11, postHalf = 4, noJobHalf = 5;
    static constexpr int jobTop = 17, jobHeight = 3, capTop = 13, capHeight = 9;
    static constexpr int logTop = 20, logSize = 3;
    static int top(const QRect &row) { return row.top() + std::max(0, (row.height() - rowHeight) / 2); }
    static int postY(const QRect &row) { return top(row) + postCentre; }
};

// One post's mark (shape by state, hollow when deleted, the ring-and-cross without job).
void drawPostMark(QPainter *p, int x, int y, const PostMark &m, const TimelineTheme &theme);

void drawEventTick(QPainter *p, int x, int top, EventKind kind, const TimelineTheme &theme);

class LanePainter
{
public:
    // What every paint needs; set by the owner, read by paint and hitTest.
    struct Context {
        const TimelineData *data = nullptr;
        const TimeScale *scale = nullptr;   // x relative to the time column's left edge
        const TimelineTheme *theme = nullptr;
        const QList<Tick> *ticks = nullptr; // grid lines, computed once per frame
        const std::vector<int> *selected = nullptr;    // post rows
        const std::vector<int> *highlighted = nullptr; // post rows (halo)
    };

    void setContext(const Context &c) { m_ctx = c; }
    const Context &context() const { return m_ctx; }

    // `cell` is the time column of the lane's row; its width should be the scale's width.
    void paint(QPainter *p, const QRect &cell, int lane, bool alternate = false) const;
    // The grid and the now line only (rows with no lane).
    void paintBackground(QPainter *p, const QRect &cell) const;
    TimelineHit hitTest(const QRect &cell, int lane, const QPoint &pos) const;
    // Where a post's mark is drawn in a lane's cell (children next to their parent).
    QPoint postPosition(const QRect &cell, int lane, int postRow) const;

private:
    void paintNow(QPainter *p, const QRect &cell) const;
    void paintPosts(QPainter *p, const QRect &cell, const Lane &lane, int top) const;
    void paintGlyph(QPainter *p, int x, int y, const PostMark &m, bool stamped) const;
    void paintJobs(QPainter *p, const QRect &cell, const Lane &lane, int top) const;
    void paintEvents(QPainter *p, const QRect &cell, const Lane &lane, int top) const;
    void paintLogs(QPainter *p, const QRect &cell, const Lane &lane, int top) const;
    void paintMarked(QPainter *p, const QRect &cell, int laneIndex, const Lane &lane, bool halo) const;
    bool postInLane(int postRow, int laneIndex, const Lane &lane) const;

    // Post marks pre-rendered once per theme and device pixel ratio (by drawPostMark, so
    // they are the same pixels) and blitted: far cheaper than a polygon per mark.
    struct StampSpan {
        int row = 0, x = 0, length = 0; // device pixels in the stamp image
        int offset = 0;                 // into Stamps::pixels
        bool opaque = true;             // else one pixel to blend
    };
    struct Stamps {
        quint64 key = 0;
        std::array<QImage, 11> image; // state * 2 + deleted, then [10] no job
        std::array<QImage, size_t(EventKind::Count)> event;
        // Where each (trimmed) image goes relative to the mark's centre, logical pixels.
        std::array<QPoint, 11> imageAt;
        std::array<QPoint, size_t(EventKind::Count)> eventAt;
        std::array<std::vector<StampSpan>, 11> spans; // the post stamps' painted runs
        std::array<std::vector<QRgb>, 11> pixels;
        int step = 0; // whole device pixel ratio (0: fractional, no strips)
        int top = 0;  // highest row any post stamp paints, relative to the centre
    };
    // The visible glyph buckets of a lane (m_buckets) in one strip image; false: not here.
    bool paintGlyphStrip(QPainter *p, const QRect &cell, const Lane &lane, int y) const;
    bool ensureStamps(QPainter *p) const; // false: draw marks directly

    Context m_ctx;
    mutable TimeBuckets m_buckets; // storage kept between paints
    mutable Stamps m_stamps;
    mutable std::vector<QRect> m_rects; // scratch, kept between paints
    mutable QImage m_strip;             // scratch row of glyphs, kept between paints
};

} // namespace postscope
