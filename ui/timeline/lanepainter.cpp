#include "lanepainter.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace postscope {

namespace {

constexpr int markMargin = 8; // px beyond the edges whose marks still show partly
constexpr int stampHalf = 8; // every mark (and its pen) fits in 17 x 17 around its centre
constexpr int eventStampHalf = 5; // an event tick fits in 11 x 11 around (x, top)

template<typename T>
typename std::vector<T>::const_iterator firstAtOrAfter(const std::vector<T> &v, qint64 t)
{
    return std::lower_bound(v.begin(), v.end(), t, [](const T &item, qint64 time) { return item.time < time; });
}

int clampX(double x)
{
    return int(std::floor(std::clamp(x, -1.0e6, 1.0e6)));
}

} // namespace

bool LanePainter::postInLane(int postRow, int laneIndex, const Lane &lane) const
{
    const int own = m_ctx.data->laneOfPost(postRow);
    if (own == laneIndex)
        return true;
    return lane.kind == LaneKind::Organization && own >= 0 && m_ctx.data->lane(own).organization == lane.organization;
}

void LanePainter::paintBackground(QPainter *p, const QRect &cell) const
{
    const TimelineTheme &th = *m_ctx.theme;
    const TimeScale &sc = *m_ctx.scale;
    if (m_ctx.ticks) {
        for (const Tick &t : *m_ctx.ticks) {
            const int x = cell.left() + clampX(t.x);
            p->setPen(t.major ? th.majorGridPen : th.gridPen);
            p->drawLine(x, cell.top(), x, cell.bottom());
        }
    }
    if (m_ctx.data && m_ctx.data->hasNow()) {
        const double nx = sc.xForTime(m_ctx.data->now());
        if (nx >= 0 && nx < sc.width()) {
            const int x = cell.left() + clampX(nx);
            p->setPen(th.nowPen);
            p->drawLine(x, cell.top(), x, cell.bottom());
        }
    }
}

void LanePainter::paint(QPainter *p, const QRect &cell, int laneIndex, bool) const
{
    if (!m_ctx.data || !m_ctx.scale || !m_ctx.theme)
        return;
    p->save();
    p->setClipRect(cell);
    p->setRenderHint(QPainter::Antialiasing, false);
    paintBackground(p, cell);
    if (laneIndex >= 0 && size_t(laneIndex) < m_ctx.data->lanes().size()) {
        const Lane &lane = m_ctx.data->lane(laneIndex);
        const int top = LaneGeometry::top(cell);
        paintJobs(p, cell, lane, top);
        paintEvents(p, cell, lane, top);
        paintLogs(p, cell, lane, top);
        paintMarked(p, cell, laneIndex, lane, true);
        paintPosts(p, cell, lane, top);
        paintMarked(p, cell, laneIndex, lane, false);
    }
    p->restore();
}

void LanePainter::paintJobs(QPainter *p, const QRect &cell, const Lane &lane, int top) const
{
    if (lane.jobs.empty())
        return;
    const TimelineTheme &th = *m_ctx.theme;
    const TimeScale &sc = *m_ctx.scale;
    const qint64 from = sc.timeForX(-markMargin), to = sc.timeForX(sc.width() + markMargin);
    // Bars are sorted by start; the running max of their ends finds the first one that
    // can reach into view.
    auto it = std::lower_bound(lane.jobsMaxEnd.begin(), lane.jobsMaxEnd.end(), from);
    size_t i = size_t(it - lane.jobsMaxEnd.begin());
    const int y = top + LaneGeometry::jobTop, capY = top + LaneGeometry::capTop;
    int lastCap = std::numeric_limits<int>::min();
    for (; i < lane.jobs.size(); ++i) {
        const JobBar &b = lane.jobs[i];
        if (b.start > to)
            break;
        if (b.end < from)
            continue;
        const int x1 = clampX(sc.xForTime(b.start)), x2 = clampX(sc.xForTime(b.end));
        const QBrush &brush = th.jobBrush[b.state];
        if (x2 > x1) {
            const QRect bar(cell.left() + x1, y, x2 - x1, LaneGeometry::jobHeight);
            p->fillRect(bar, brush);
            if (b.stalled)
                p->fillRect(bar.adjusted(0, -2, 0, 2), th.stalledBrush);
        }
        if (x2 != lastCap) { // the fire-time cap: one per pixel column is enough
            p->fillRect(QRect(cell.left() + x2, capY, b.stalled ? 3 : 2, LaneGeometry::capHeight), brush);
            lastCap = x2;
        }
    }
}

void drawEventTick(QPainter *p, int x, int y0, EventKind kind, const TimelineTheme &th)
{
    const int h = LaneGeometry::eventHeight;
    const size_t k = size_t(kind);
    p->setPen(th.eventPen[k]);
    switch (kind) {
    case EventKind::Removed: // a cross
        p->drawLine(x - 2, y0, x + 2, y0 + h - 1);
        p->drawLine(x - 2, y0 + h - 1, x + 2, y0);
        break;
    case EventKind::Duplicated: // a double tick
        p->drawLine(x - 1, y0, x - 1, y0 + h - 1);
        p->drawLine(x + 1, y0, x + 1, y0 + h - 1);
        break;
    case EventKind::Stalled: { // a downward triangle
        const QPoint tri[3] = {{x - 3, y0}, {x + 3, y0}, {x, y0 + h - 1}};
        p->setBrush(th.eventColour[k]);
        p->drawPolygon(tri, 3);
        break;
    }
    case EventKind::Failed: // a heavy tick
        p->fillRect(QRect(x - 1, y0 - 1, 3, h + 1), th.eventColour[k]);
        break;
    case EventKind::Added: // a tick with a flag
        p->drawLine(x, y0, x, y0 + h - 1);
        p->drawLine(x, y0, x + 2, y0);
        break;
    default: // active, completed: plain ticks
        p->drawLine(x, y0, x, y0 + h - 1);
        break;
    }
}

void LanePainter::paintEvents(QPainter *p, const QRect &cell, const Lane &lane, int top) const
{
    if (lane.events.empty())
        return;
    const TimelineTheme &th = *m_ctx.theme;
    const TimeScale &sc = *m_ctx.scale;
    const qint64 to = sc.timeForX(sc.width() + 4);
    const int y0 = top + LaneGeometry::eventTop;
    const bool stamped = ensureStamps(p);
    int lastX = std::numeric_limits<int>::min(), lastKind = -1;
    for (auto it = firstAtOrAfter(lane.events, sc.timeForX(-4)); it != lane.events.end() && it->time <= to; ++it) {
        const int x = cell.left() + clampX(sc.xForTime(it->time));
        if (x == lastX && it->kind == lastKind)
            continue;
        lastX = x;
        lastKind = it->kind;
        if (stamped)
            p->drawImage(QPoint(x - eventStampHalf, y0 - eventStampHalf), m_stamps.event[std::min<size_t>(it->kind, m_stamps.event.size() - 1)]);
        else
            drawEventTick(p, x, y0, EventKind(it->kind), th);
    }
}

void LanePainter::paintLogs(QPainter *p, const QRect &cell, const Lane &lane, int top) const
{
    if (lane.logs.empty())
        return;
    const TimeScale &sc = *m_ctx.scale;
    const qint64 to = sc.timeForX(sc.width() + 2);
    int lastX = std::numeric_limits<int>::min();
    for (auto it = firstAtOrAfter(lane.logs, sc.timeForX(-2)); it != lane.logs.end() && it->time <= to; ++it) {
        const int x = cell.left() + clampX(sc.xForTime(it->time));
        if (x == lastX)
            continue;
        lastX = x;
        p->fillRect(QRect(x - 1, top + LaneGeometry::logTop, LaneGeometry::logSize, LaneGeometry::logSize),
                    m_ctx.theme->logBrush);
    }
}


bool LanePainter::ensureStamps(QPainter *p) const
{
    // Only for plain translations; a scaled painter draws the mark itself.
    if (p->deviceTransform().type() > QTransform::TxTranslate || !p->device())
        return false;
    const TimelineTheme &th = *m_ctx.theme;
    const qreal dpr = p->device()->devicePixelRatio();
    quint64 key = quint64(std::llround(dpr * 1000)) * 1000003u + th.noJob.rgba() + (th.dark ? 7u : 0u);
    for (size_t i = 0; i < th.postColour.size(); ++i)
        key = key * 31 + th.postBrush[i].color().rgba() * 17 + th.postPen[i].color().rgba() + quint64(th.postPen[i].width());
    for (size_t i = 0; i < th.eventPen.size(); ++i)
        key = key * 31 + th.eventPen[i].color().rgba() * 13 + th.eventColour[i].rgba() + quint64(th.eventPen[i].width());
    if (key != m_stamps.key || m_stamps.image[0].isNull()) {
        const int side = int(std::ceil((2 * stampHalf + 1) * dpr));
        for (size_t i = 0; i < m_stamps.image.size(); ++i) {
            QImage img(side, side, QImage::Format_ARGB32_Premultiplied);
            img.setDevicePixelRatio(dpr);
            img.fill(Qt::transparent);
            QPainter sp(&img);
            sp.setRenderHint(QPainter::Antialiasing, false);
            PostMark s;
            s.noJob = i == 10;
            s.state = quint8(i == 10 ? 0 : i / 2);
            s.deleted = i % 2 == 1 && i != 10;
            drawPostMark(&sp, stampHalf, stampHalf, s, th);
            sp.end();
            m_stamps.image[i] = std::move(img);
        }
        for (size_t k = 0; k < m_stamps.event.size(); ++k) {
            QImage img(int(std::ceil((2 * eventStampHalf + 1) * dpr)), int(std::ceil((2 * eventStampHalf + 1) * dpr)),
                       QImage::Format_ARGB32_Premultiplied);
            img.setDevicePixelRatio(dpr);
            img.fill(Qt::transparent);
            QPainter sp(&img);
            sp.setRenderHint(QPainter::Antialiasing, false);
            drawEventTick(&sp, eventStampHalf, eventStampHalf, EventKind(k), th);
            sp.end();
            m_stamps.event[k] = std::move(img);
        }
        m_stamps.key = key;
    }
    return true;
}

void LanePainter::paintGlyph(QPainter *p, int x, int y, const PostMark &m, bool stamped) const
{
    if (stamped) {
        const size_t i = m.noJob ? 10 : std::min<size_t>(m.state, 4) * 2 + (m.deleted ? 1 : 0);
        p->drawImage(QPoint(x - stampHalf, y - stampHalf), m_stamps.image[i]);
    } else
        drawPostMark(p, x, y, m, *m_ctx.theme);
}

void drawPostMark(QPainter *p, int x, int y, const PostMark &m, const TimelineTheme &th)
{
    const int r = LaneGeometry::postHalf;
    if (m.noJob) { // a hollow ring with a cross: nothing will ever publish this post
        const int R = LaneGeometry::noJobHalf;
        p->setPen(th.noJobPen);
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(QRect(x - R, y - R, 2 * R + 1, 2 * R + 1));
        p->drawLine(x - 2, y - 2, x + 2, y + 2);
        p->drawLine(x - 2, y + 2, x + 2, y - 2);
        return;
    }
    if (m.deleted) {
        p->setPen(th.postPen[m.state]);
        p->setBrush(Qt::NoBrush);
    } else {
        p->setPen(Qt::NoPen);
        p->setBrush(th.postBrush[m.state]);
    }
    switch (TimelineTheme::shape(PostState(m.state))) {
    case MarkShape::Circle:
        p->drawEllipse(QRect(x - r, y - r, 2 * r + 1, 2 * r + 1));
        break;
    case MarkShape::Diamond: {
        const QPoint d[4] = {{x, y - r - 1}, {x + r + 1, y}, {x, y + r + 1}, {x - r - 1, y}};
        p->drawPolygon(d, 4);
        break;
    }
    case MarkShape::Triangle: {
        const QPoint t[3] = {{x, y - r - 1}, {x + r + 1, y + r}, {x - r - 1, y + r}};
        p->drawPolygon(t, 3);
        break;
    }
    case MarkShape::Square:
        if (m.deleted)
            p->drawRect(QRect(x - r + 1, y - r + 1, 2 * r - 1, 2 * r - 1));
        else
            p->fillRect(QRect(x - r, y - r, 2 * r + 1, 2 * r + 1), th.postBrush[m.state]);
        break;
    }
}

void LanePainter::paintPosts(QPainter *p, const QRect &cell, const Lane &lane, int top) const
{
    if (lane.posts.empty())
        return;
    const TimelineTheme &th = *m_ctx.theme;
    const TimeScale &sc = *m_ctx.scale;
    const int y = top + LaneGeometry::postCentre;
    const auto first = firstAtOrAfter(lane.posts, sc.timeForX(-markMargin));
    const auto last = firstAtOrAfter(lane.posts, sc.timeForX(sc.width() + markMargin) + 1);
    const auto visible = last - first;
    if (visible <= 0)
        return;
    // Severity -> brush, for buckets.
    const QBrush *bySeverity[6] = {&th.postBrush[size_t(PostState::Published)], &th.postBrush[size_t(PostState::Draft)],
                                   &th.postBrush[size_t(PostState::Queue)],     &th.postBrush[size_t(PostState::Unknown)],
                                   &th.postBrush[size_t(PostState::Error)],     &th.postBrush[size_t(PostState::Error)]};
    if (visible * 3 > sc.width()) {
        // Denser than a glyph every 3 px: one bar per pixel column, its height grows with
        // the count, its colour is the worst state in the column.
        m_buckets.fill(lane.posts, sc, [](const PostMark &m) { return m.time; },
                       [](const PostMark &m) { return int(m.severity); });
        for (const TimeBucket &b : m_buckets.buckets()) {
            const int h = std::min(2 * LaneGeometry::postHalf + 3, 3 + 2 * int(std::log2(double(b.count)) + 1));
            const QRect bar(cell.left() + b.column, y - h / 2, 1, h);
            if (b.worst == 5) { // no job: a red bar that reaches the job band
                p->fillRect(bar.adjusted(0, -2, 0, 2), th.noJobPen.brush());
                continue;
            }
            p->fillRect(bar, *bySeverity[std::clamp(b.worst, 0, 5)]);
        }
        return;
    }
    // Sparse enough for glyphs; several posts in one pixel column show the worst one.
    const bool stamped = ensureStamps(p);
    m_buckets.clear();
    for (auto it = first; it != last; ++it)
        m_buckets.add(clampX(sc.xForTime(it->time)), it->severity, int(it - lane.posts.begin()));
    for (const TimeBucket &b : m_buckets.buckets()) {
        const PostMark &m = lane.posts[size_t(b.worstItem)];
        const int x = cell.left() + b.column;
        paintGlyph(p, x, y, m, stamped);
        // Thread children: small squares to the right of their parent.
        for (int c = 0; c < std::min(m.childCount, 4); ++c) {
            const ChildMark &ch = lane.children[size_t(m.firstChild + c)];
            const QRect sq(x + 7 + 5 * c, y + 1, 4, 4);
            if (ch.deleted) {
                p->setPen(th.postPen[ch.state]);
                p->setBrush(Qt::NoBrush);
                p->drawRect(sq.adjusted(0, 0, -1, -1));
            } else {
                p->fillRect(sq, th.postBrush[ch.state]);
            }
        }
        if (b.count > 1) { // a stack: a small bar above the glyph says "more here"
            p->fillRect(QRect(x - 3, y - LaneGeometry::postHalf - 3, 7, 1), th.textPen.brush());
        }
    }
}

QPoint LanePainter::postPosition(const QRect &cell, int laneIndex, int postRow) const
{
    const Snapshot *s = m_ctx.data ? m_ctx.data->snapshot() : nullptr;
    if (!s || postRow < 0 || size_t(postRow) >= s->posts().size())
        return {};
    const Post &post = s->posts()[size_t(postRow)];
    const int y = LaneGeometry::postY(cell);
    const int x = cell.left() + clampX(m_ctx.scale->xForTime(post.publishDate));
    if (!post.isTopLevel() && laneIndex >= 0) {
        // A child drawn next to its parent.
        const Lane &lane = m_ctx.data->lane(laneIndex);
        for (const PostMark &m : lane.posts) {
            for (int c = 0; c < std::min(m.childCount, 4); ++c) {
                if (lane.children[size_t(m.firstChild + c)].post == postRow)
                    return {cell.left() + clampX(m_ctx.scale->xForTime(m.time)) + 9 + 5 * c, y + 3};
            }
        }
    }
    return {x, y};
}

void LanePainter::paintMarked(QPainter *p, const QRect &cell, int laneIndex, const Lane &lane, bool halo) const
{
    const std::vector<int> *rows = halo ? m_ctx.highlighted : m_ctx.selected;
    if (!rows || rows->empty())
        return;
    const TimelineTheme &th = *m_ctx.theme;
    for (int row : *rows) {
        if (!postInLane(row, laneIndex, lane))
            continue;
        QPoint c = postPosition(cell, lane.kind == LaneKind::Organization ? -1 : laneIndex, row);
        if (c.x() < cell.left() - 12 || c.x() > cell.right() + 12)
            continue;
        if (halo) {
            p->setPen(th.haloPen);
            p->setBrush(th.haloBrush);
            p->drawEllipse(c, 9, 9);
        } else {
            p->setPen(th.selectionPen);
            p->setBrush(Qt::NoBrush);
            p->drawRect(QRect(c.x() - 7, c.y() - 7, 14, 14));
        }
    }
}

TimelineHit LanePainter::hitTest(const QRect &cell, int laneIndex, const QPoint &pos) const
{
    TimelineHit hit;
    hit.lane = laneIndex;
    if (!m_ctx.data || laneIndex < 0 || size_t(laneIndex) >= m_ctx.data->lanes().size() || !cell.contains(pos))
        return hit;
    const Lane &lane = m_ctx.data->lane(laneIndex);
    const TimeScale &sc = *m_ctx.scale;
    const int top = LaneGeometry::top(cell);
    const int px = pos.x() - cell.left();
    const int y = top + LaneGeometry::postCentre;
    const int radius = 7;
    // Posts (and their children) within the radius, nearest first.
    int best = std::numeric_limits<int>::max();
    {
        const qint64 from = sc.timeForX(px - radius - 30); // children sit up to 30 px right of a parent
        const qint64 to = sc.timeForX(px + radius + 1);
        for (auto it = firstAtOrAfter(lane.posts, from); it != lane.posts.end() && it->time <= to; ++it) {
            const int x = clampX(sc.xForTime(it->time));
            const int dx = x - px, dy = y - pos.y();
            const int d = dx * dx + dy * dy;
            if (std::abs(dx) <= radius && std::abs(dy) <= radius + 1 && d < best) {
                best = d;
                hit.kind = TimelineHit::Post;
                hit.row = it->post;
            }
            for (int c = 0; c < std::min(it->childCount, 4); ++c) {
                const int cx = x + 9 + 5 * c, cy = y + 3;
                const int cdx = cx - px, cdy = cy - pos.y();
                const int cd = cdx * cdx + cdy * cdy;
                if (std::abs(cdx) <= 2 && std::abs(cdy) <= 3 && cd < best) {
                    best = cd;
                    hit.kind = TimelineHit::Post;
                    hit.row = lane.children[size_t(it->firstChild + c)].post;
                }
            }
        }
    }
    if (hit.kind != TimelineHit::None)
        return hit;
    const int ry = pos.y() - top;
    if (ry < LaneGeometry::eventTop + LaneGeometry::eventHeight + 1) {
        int bestDx = 4;
        for (auto it = firstAtOrAfter(lane.events, sc.timeForX(px - 4)); it != lane.events.end(); ++it) {
            const int dx = std::abs(clampX(sc.xForTime(it->time)) - px);
            if (it->time > sc.timeForX(px + 4))
                break;
            if (dx < bestDx) {
                bestDx = dx;
                hit.kind = TimelineHit::Event;
                hit.row = it->event;
            }
        }
        if (hit.kind != TimelineHit::None)
            return hit;
    }
    if (ry >= LaneGeometry::logTop - 1) {
        for (auto it = firstAtOrAfter(lane.logs, sc.timeForX(px - 3)); it != lane.logs.end(); ++it) {
            if (it->time > sc.timeForX(px + 3))
                break;
            hit.kind = TimelineHit::Log;
            hit.row = it->line;
            return hit;
        }
    }
    if (ry >= LaneGeometry::capTop - 1 && ry <= LaneGeometry::capTop + LaneGeometry::capHeight + 1) {
        // The shortest bar under the point (a short one drawn over a long one is the one seen).
        qint64 shortest = std::numeric_limits<qint64>::max();
        const qint64 t0 = sc.timeForX(px - 2), t1 = sc.timeForX(px + 3);
        auto it = std::lower_bound(lane.jobsMaxEnd.begin(), lane.jobsMaxEnd.end(), t0);
        for (size_t i = size_t(it - lane.jobsMaxEnd.begin()); i < lane.jobs.size(); ++i) {
            const JobBar &b = lane.jobs[i];
            if (b.start > t1)
                break;
            if (b.end < t0)
                continue;
            if (b.end - b.start < shortest) {
                shortest = b.end - b.start;
                hit.kind = TimelineHit::Job;
                hit.row = b.job;
            }
        }
    }
    return hit;
}

} // namespace postscope
