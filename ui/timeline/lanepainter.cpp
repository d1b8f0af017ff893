#include "lanepainter.h"

#include <QPainter>
#include <QVarLengthArray>

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

// Height of a density bar: grows with the log of the count, up to a glyph's height.
int barHeight(int count)
{
    if (count <= 1)
        return 5;
    if (count <= 3)
        return 7;
    if (count <= 7)
        return 9;
    return 2 * LaneGeometry::postHalf + 3;
}

// Cuts a stamp down to its painted pixels (a 9 px circle need not blit 17 x 17
// transparent ones); `offset` says where the cut-out starts, in logical pixels. Only at
// whole device pixel ratios, where the offset stays on the pixel grid.
void trimStamp(QImage *img, QPoint *offset)
{
    *offset = QPoint(0, 0);
    const qreal dpr = img->devicePixelRatio();
    const int step = int(std::lround(dpr));
    if (step < 1 || std::abs(dpr - step) > 1e-9)
        return;
    int l = img->width(), t = img->height(), r = -1, b = -1;
    for (int yy = 0; yy < img->height(); ++yy) {
        const QRgb *line = reinterpret_cast<const QRgb *>(img->constScanLine(yy));
        for (int xx = 0; xx < img->width(); ++xx) {
            if (qAlpha(line[xx]) == 0)
                continue;
            l = std::min(l, xx);
            r = std::max(r, xx);
            t = std::min(t, yy);
            b = std::max(b, yy);
        }
    }
    if (r < 0)
        return;
    l = l / step * step;
    t = t / step * step;
    r = std::min(img->width() - 1, (r / step + 1) * step - 1);
    b = std::min(img->height() - 1, (b / step + 1) * step - 1);
    QImage cut = img->copy(l, t, r - l + 1, b - t + 1);
    cut.setDevicePixelRatio(dpr);
    *img = std::move(cut);
    *offset = QPoint(l / step, t / step);
}

constexpr int stripMinGlyphs = 24; // below, one drawImage per glyph is as cheap

QRgb sourceOver(QRgb s, QRgb d)
{
    const uint ia = 255 - qAlpha(s);
    auto mul = [ia](int v) { return int((uint(v) * ia + 127) / 255); };
    return qRgba(qRed(s) + mul(qRed(d)), qGreen(s) + mul(qGreen(d)), qBlue(s) + mul(qBlue(d)), qAlpha(s) + mul(qAlpha(d)));
}

size_t stampIndex(const PostMark &m)
{
    return m.noJob ? 10 : std::min<size_t>(m.state, 4) * 2 + (m.deleted ? 1 : 0);
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
    if (m_ctx.ticks && !m_ctx.ticks->isEmpty()) {
        // One-pixel columns filled, two calls, not a stroked line per tick (minor and
        // major lines never share a column). Scaled (high-dpi images), a stroked line
        // sits elsewhere than a filled column: lines there.
        if (p->deviceTransform().type() > QTransform::TxTranslate) {
            for (const Tick &t : *m_ctx.ticks) {
                const int x = cell.left() + clampX(t.x);
                p->setPen(t.major ? th.majorGridPen : th.gridPen);
                p->drawLine(x, cell.top(), x, cell.bottom());
            }
            return paintNow(p, cell);
        }
        QVarLengthArray<QRect, 64> minor, major;
        for (const Tick &t : *m_ctx.ticks) {
            const int x = cell.left() + clampX(t.x);
            (t.major ? major : minor).append(QRect(x, cell.top(), 1, cell.height()));
        }
        p->setPen(Qt::NoPen);
        if (!minor.isEmpty()) {
            p->setBrush(th.gridPen.color());
            p->drawRects(minor.constData(), int(minor.size()));
        }
        if (!major.isEmpty()) {
            p->setBrush(th.majorGridPen.color());
            p->drawRects(major.constData(), int(major.size()));
        }
    }
    paintNow(p, cell);
}

void LanePainter::paintNow(QPainter *p, const QRect &cell) const
{
    const TimelineTheme &th = *m_ctx.theme;
    const TimeScale &sc = *m_ctx.scale;
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
    // Consecutive bars of one colour that touch are one rectangle, their caps drawn with
    // it: the same pixels as bar by bar (nothing of another colour comes between), but an
    // organisation's row stacks thousands of bars over the same few pixels.
    int runState = -1, runLeft = 0, runRight = 0;
    const bool unscaled = p->deviceTransform().type() <= QTransform::TxTranslate;
    std::vector<QRect> &caps = m_rects;
    caps.clear();
    auto flush = [&] {
        if (runState < 0)
            return;
        const QBrush &brush = th.jobBrush[size_t(runState)];
        if (runRight > runLeft)
            p->fillRect(QRect(cell.left() + runLeft, y, runRight - runLeft, LaneGeometry::jobHeight), brush);
        if (unscaled && !caps.empty()) {
            p->setPen(Qt::NoPen);
            p->setBrush(brush);
            p->drawRects(caps.data(), int(caps.size()));
        } else {
            for (const QRect &c : caps)
                p->fillRect(c, brush);
        }
        caps.clear();
        runState = -1;
    };
    for (; i < lane.jobs.size(); ++i) {
        const JobBar &b = lane.jobs[i];
        if (b.start > to)
            break;
        if (b.end < from)
            continue;
        const int x1 = clampX(sc.xForTime(b.start)), x2 = clampX(sc.xForTime(b.end));
        if (b.stalled) { // hatched: drawn on its own, in order
            flush();
            const QBrush &brush = th.jobBrush[b.state];
            if (x2 > x1) {
                const QRect bar(cell.left() + x1, y, x2 - x1, LaneGeometry::jobHeight);
                p->fillRect(bar, brush);
                p->fillRect(bar.adjusted(0, -2, 0, 2), th.stalledBrush);
            }
            if (x2 != lastCap) {
                p->fillRect(QRect(cell.left() + x2, capY, 3, LaneGeometry::capHeight), brush);
                lastCap = x2;
            }
            continue;
        }
        if (int(b.state) == runState && x1 <= runRight) {
            runRight = std::max(runRight, x2);
        } else {
            flush();
            runState = b.state;
            runLeft = x1;
            runRight = std::max(x1, x2);
        }
        if (x2 != lastCap) { // the fire-time cap: one per pixel column is enough
            caps.push_back(QRect(cell.left() + x2, capY, 2, LaneGeometry::capHeight));
            lastCap = x2;
        }
    }
    flush();
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
        if (stamped) {
            const size_t k = std::min<size_t>(it->kind, m_stamps.event.size() - 1);
            p->drawImage(QPoint(x, y0) + m_stamps.eventAt[k], m_stamps.event[k]);
        } else {
            drawEventTick(p, x, y0, EventKind(it->kind), th);
        }
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
            QPoint offset;
            trimStamp(&img, &offset);
            m_stamps.image[i] = std::move(img);
            m_stamps.imageAt[i] = offset - QPoint(stampHalf, stampHalf);
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
            QPoint offset;
            trimStamp(&img, &offset);
            m_stamps.event[k] = std::move(img);
            m_stamps.eventAt[k] = offset - QPoint(eventStampHalf, eventStampHalf);
        }
        // The post stamps as runs of pixels, for the strips.
        for (size_t i = 0; i < m_stamps.image.size(); ++i) {
            const QImage &img = m_stamps.image[i];
            std::vector<StampSpan> &spans = m_stamps.spans[i];
            std::vector<QRgb> &pixels = m_stamps.pixels[i];
            spans.clear();
            pixels.clear();
            for (int yy = 0; yy < img.height(); ++yy) {
                const QRgb *line = reinterpret_cast<const QRgb *>(img.constScanLine(yy));
                for (int xx = 0; xx < img.width();) {
                    const uint a = qAlpha(line[xx]);
                    if (a == 0) {
                        ++xx;
                        continue;
                    }
                    int end = xx + 1;
                    if (a == 255)
                        while (end < img.width() && qAlpha(line[end]) == 255)
                            ++end;
                    spans.push_back({yy, xx, end - xx, int(pixels.size()), a == 255});
                    pixels.insert(pixels.end(), line + xx, line + end);
                    xx = end;
                }
            }
        }
        m_stamps.key = key;
        const int step = int(std::lround(dpr));
        m_stamps.step = std::abs(dpr - step) < 1e-9 ? step : 0;
        m_stamps.top = 0;
        for (const QPoint &at : m_stamps.imageAt)
            m_stamps.top = std::min(m_stamps.top, at.y());
    }
    return true;
}

void LanePainter::paintGlyph(QPainter *p, int x, int y, const PostMark &m, bool stamped) const
{
    if (stamped) {
        const size_t i = stampIndex(m);
        p->drawImage(QPoint(x, y) + m_stamps.imageAt[i], m_stamps.image[i]);
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
        // Neighbouring columns of the same height and colour are one rectangle.
        int runLeft = 0, runRight = 0, runH = -1, runWorst = -1;
        auto flush = [&] {
            if (runH < 0)
                return;
            const QRect bar(cell.left() + runLeft, y - runH / 2, runRight - runLeft, runH);
            if (runWorst == 5) // no job: a red bar that reaches the job band
                p->fillRect(bar.adjusted(0, -2, 0, 2), th.noJobPen.brush());
            else
                p->fillRect(bar, *bySeverity[std::clamp(runWorst, 0, 5)]);
        };
        for (const TimeBucket &b : m_buckets.buckets()) {
            const int h = barHeight(b.count);
            if (h == runH && b.worst == runWorst && b.column == runRight) {
                ++runRight;
                continue;
            }
            flush();
            runLeft = b.column;
            runRight = b.column + 1;
            runH = h;
            runWorst = b.worst;
        }
        flush();
        return;
    }
    // Sparse enough for glyphs; several posts in one pixel column show the worst one.
    const bool stamped = ensureStamps(p);
    m_buckets.clear();
    bool children = false, stacks = false;
    for (auto it = first; it != last; ++it) {
        m_buckets.add(clampX(sc.xForTime(it->time)), it->severity, int(it - lane.posts.begin()));
        children = children || it->childCount > 0;
    }
    for (const TimeBucket &b : m_buckets.buckets())
        stacks = stacks || b.count > 1;
    // Many glyphs: composed in a strip image of the row and drawn with one call, rather
    // than one painter call each. Same pixels, as long as nothing drawn between two
    // glyphs overlaps a glyph: thread children do, the stack bars above them do not.
    if (stamped && m_buckets.size() >= stripMinGlyphs && !children
        && (!stacks || m_stamps.top > -(LaneGeometry::postHalf + 3))
        && paintGlyphStrip(p, cell, lane, y)) {
        if (stacks) {
            for (const TimeBucket &b : m_buckets.buckets())
                if (b.count > 1)
                    p->fillRect(QRect(cell.left() + b.column - 3, y - LaneGeometry::postHalf - 3, 7, 1), th.textPen.brush());
        }
        return;
    }
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

bool LanePainter::paintGlyphStrip(QPainter *p, const QRect &cell, const Lane &lane, int y) const
{
    const int step = m_stamps.step;
    if (step < 1)
        return false;
    const int side = (2 * stampHalf + 1) * step;
    const int w = cell.width() * step;
    if (w <= 0)
        return false;
    if (m_strip.width() != w || m_strip.height() != side)
        m_strip = QImage(w, side, QImage::Format_ARGB32_Premultiplied);
    m_strip.fill(Qt::transparent);
    const qsizetype stride = m_strip.bytesPerLine() / qsizetype(sizeof(QRgb));
    QRgb *bits = reinterpret_cast<QRgb *>(m_strip.bits());
    for (const TimeBucket &b : m_buckets.buckets()) {
        const size_t i = stampIndex(lane.posts[size_t(b.worstItem)]);
        const int x0 = (b.column + m_stamps.imageAt[i].x()) * step;
        const int y0 = (stampHalf + m_stamps.imageAt[i].y()) * step;
        const QRgb *pixels = m_stamps.pixels[i].data();
        for (const StampSpan &span : m_stamps.spans[i]) {
            const int dy = y0 + span.row;
            const int a = x0 + span.x, from = std::max(a, 0), to = std::min(a + span.length, w);
            if (dy < 0 || dy >= side || from >= to)
                continue;
            const QRgb *src = pixels + span.offset + (from - a);
            QRgb *dst = bits + dy * stride + from;
            if (span.opaque) {
                std::copy(src, src + (to - from), dst);
            } else { // source over, premultiplied (stamps are drawn without antialiasing: rare)
                for (int c = 0; c < to - from; ++c)
                    dst[c] = sourceOver(src[c], dst[c]);
            }
        }
    }
    m_strip.setDevicePixelRatio(step);
    p->drawImage(QPoint(cell.left(), y - stampHalf), m_strip);
    return true;
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
