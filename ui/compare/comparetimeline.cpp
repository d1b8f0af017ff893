#include "comparetimeline.h"

#include "core/compare.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>
#include <QTimeZone>

#include <algorithm>
#include <functional>
#include <iterator>

namespace postscope {

namespace {

constexpr int LabelWidth = 150;
constexpr int RowHeight = 46;
constexpr int TopMargin = 22;
constexpr int AxisHeight = 36;
constexpr int LegendHeight = 20;
constexpr double BreakWidth = 34;

QColor postStateColour(PostState s)
{
    switch (s) {
    case PostState::Queue:
        return QColor(0x1e, 0x88, 0xe5);
    case PostState::Published:
        return QColor(0x2e, 0x7d, 0x32);
    case PostState::Error:
        return QColor(0xd3, 0x2f, 0x2f);
    case PostState::Draft:
        return QColor(0x9e, 0x9e, 0x9e);
    default:
        return QColor(0x79, 0x55, 0x48);
    }
}

QColor jobStateColour(JobState s)
{
    switch (s) {
    case JobState::Delayed:
        return QColor(0x5c, 0x6b, 0xc0);
    case JobState::Waiting:
    case JobState::Prioritized:
    case JobState::WaitingChildren:
        return QColor(0x00, 0x89, 0x7b);
    case JobState::Paused:
        return QColor(0x8d, 0x6e, 0x63);
    case JobState::Active:
        return QColor(0xf5, 0x7c, 0x00);
    case JobState::Completed:
        return QColor(0x43, 0xa0, 0x47);
    case JobState::Failed:
        return QColor(0xd3, 0x2f, 0x2f);
    default:
        return QColor(0x75, 0x75, 0x75);
    }
}

QColor eventColour(const QString &e)
{
    if (e == QLatin1String("added") || e == QLatin1String("waiting"))
        return QColor(0x2e, 0x7d, 0x32);
    if (e == QLatin1String("removed") || e == QLatin1String("failed") || e == QLatin1String("duplicated"))
        return QColor(0xd3, 0x2f, 0x2f);
    if (e == QLatin1String("delayed"))
        return QColor(0x5c, 0x6b, 0xc0);
    if (e == QLatin1String("active"))
        return QColor(0xf5, 0x7c, 0x00);
    if (e == QLatin1String("completed"))
        return QColor(0x00, 0x89, 0x7b);
    return QColor(0x75, 0x75, 0x75);
}

// Tick steps from 1 ms to 30 days.
const qint64 Steps[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000,
                        60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 10800000,
                        21600000, 43200000, 86400000, 172800000, 604800000, 2592000000LL};

QString tickLabel(qint64 t, qint64 step)
{
    const QDateTime d = QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc());
    if (step < 1000)
        return d.toString(QStringLiteral("HH:mm:ss.zzz"));
    if (step < 60000)
        return d.toString(QStringLiteral("HH:mm:ss"));
    if (step < 86400000)
        return d.toString(QStringLiteral("HH:mm"));
    return d.toString(QStringLiteral("MMM d"));
}

} // namespace

CompareTimeline::CompareTimeline(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

QSize CompareTimeline::sizeHint() const
{
    return QSize(800, TopMargin + 2 * RowHeight + AxisHeight + LegendHeight + 6);
}

QSize CompareTimeline::minimumSizeHint() const
{
    return QSize(LabelWidth + 200, sizeHint().height());
}

void CompareTimeline::setPosts(SnapshotPtr snapshot, const QString &postA, const QString &postB)
{
    m_snapshot = std::move(snapshot);
    m_posts[0] = postA;
    m_posts[1] = postB;
    collectTimes();
    update();
}

void CompareTimeline::collectTimes()
{
    m_times.clear();
    m_clusters.clear();
    if (!m_snapshot)
        return;
    const Snapshot &s = *m_snapshot;
    for (const QString &id : m_posts) {
        const Post *p = s.post(id);
        if (!p)
            continue;
        m_times.push_back(p->publishDate);
        for (const auto &t : {p->createdAt, p->deletedAt})
            if (t)
                m_times.push_back(*t);
        if (const Job *j = s.jobForPost(id))
            for (const auto &t : {j->timestamp, j->fireTime, j->processedOn, j->finishedOn})
                if (t)
                    m_times.push_back(*t);
        for (int e : s.eventsForJob(id))
            m_times.push_back(s.events()[size_t(e)].time);
    }
    std::sort(m_times.begin(), m_times.end());
    m_times.erase(std::unique(m_times.begin(), m_times.end()), m_times.end());
    if (m_times.empty())
        return;

    // Cut at the (at most three) gaps that each take more than a fifth of the whole span.
    const qint64 span = m_times.back() - m_times.front();
    std::vector<size_t> cuts; // cut after index i
    if (span > 0) {
        std::vector<std::pair<qint64, size_t>> gaps;
        for (size_t i = 0; i + 1 < m_times.size(); ++i)
            gaps.emplace_back(m_times[i + 1] - m_times[i], i);
        std::sort(gaps.begin(), gaps.end(), std::greater<>());
        for (const auto &[g, i] : gaps) {
            if (cuts.size() >= 3 || g * 5 < span)
                break;
            cuts.push_back(i);
        }
        std::sort(cuts.begin(), cuts.end());
    }
    size_t start = 0;
    for (size_t c : cuts) {
        m_clusters.emplace_back(m_times[start], m_times[c]);
        start = c + 1;
    }
    m_clusters.emplace_back(m_times[start], m_times.back());
}

std::vector<CompareTimeline::Segment> CompareTimeline::segments(double left, double right) const
{
    std::vector<Segment> out;
    if (m_clusters.empty())
        return out;
    const double breaks = BreakWidth * double(m_clusters.size() - 1);
    const double each = std::max(20.0, (right - left - breaks) / double(m_clusters.size()));
    double x = left;
    for (const auto &[from, to] : m_clusters) {
        const qint64 span = to - from;
        const qint64 pad = span > 0 ? std::max<qint64>(span / 10, 5) : 1000;
        Segment seg;
        seg.from = from - pad;
        seg.to = to + pad;
        seg.x0 = x;
        seg.x1 = x + each;
        out.push_back(seg);
        x += each + BreakWidth;
    }
    return out;
}

double CompareTimeline::xForTime(const std::vector<Segment> &segs, qint64 t) const
{
    if (segs.empty())
        return 0;
    if (t <= segs.front().from)
        return segs.front().x0;
    for (size_t i = 0; i < segs.size(); ++i) {
        const Segment &s = segs[i];
        if (t <= s.to)
            return s.x0 + (s.x1 - s.x0) * double(t - s.from) / double(std::max<qint64>(1, s.to - s.from));
        if (i + 1 < segs.size() && t < segs[i + 1].from) {
            const Segment &n = segs[i + 1];
            return s.x1 + (n.x0 - s.x1) * double(t - s.to) / double(std::max<qint64>(1, n.from - s.to));
        }
    }
    return segs.back().x1;
}

void CompareTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QColor text = pal.color(QPalette::Text);
    QColor faint = text;
    faint.setAlphaF(0.35f);
    QColor veryFaint = text;
    veryFaint.setAlphaF(0.08f);
    const QFontMetrics fm = fontMetrics();
    QFont small = font();
    small.setPointSizeF(std::max(7.0, font().pointSizeF() * 0.85));
    const QFontMetrics sfm(small);

    if (!m_snapshot || m_times.empty()) {
        painter.setPen(text);
        painter.drawText(rect(), Qt::AlignCenter, QStringLiteral("Select two posts to compare"));
        return;
    }
    const Snapshot &s = *m_snapshot;
    const double left = LabelWidth + 10;
    const double right = width() - 14;
    const std::vector<Segment> segs = segments(left, right);
    const int rowsTop = TopMargin;
    const int axisY = rowsTop + 2 * RowHeight;

    // Row backgrounds and breaks.
    for (int r = 0; r < 2; ++r)
        if (r % 2 == 0)
            painter.fillRect(QRectF(0, rowsTop + r * RowHeight, width(), RowHeight), veryFaint);
    for (size_t i = 0; i + 1 < segs.size(); ++i) {
        const QRectF gap(segs[i].x1 + 4, rowsTop - 4, segs[i + 1].x0 - segs[i].x1 - 8, 2 * RowHeight + 12);
        QColor hatch = text;
        hatch.setAlphaF(0.12f);
        painter.fillRect(gap, QBrush(hatch, Qt::BDiagPattern));
        painter.setPen(QPen(faint, 1));
        // The zigzag on the axis says "time cut here".
        QPainterPath zig;
        const double cx = gap.center().x();
        zig.moveTo(cx - 8, axisY + 4);
        zig.lineTo(cx - 3, axisY - 4);
        zig.lineTo(cx + 3, axisY + 4);
        zig.lineTo(cx + 8, axisY - 4);
        painter.drawPath(zig);
        painter.setFont(small);
        painter.setPen(text);
        const QString gapText = QStringLiteral("+") + humanDuration(segs[i + 1].from - segs[i].to);
        painter.save();
        painter.translate(cx + sfm.ascent() / 2.0 - 1, rowsTop + RowHeight);
        painter.rotate(-90);
        painter.drawText(QRectF(-RowHeight, -sfm.height(), 2 * RowHeight, sfm.height()), Qt::AlignCenter, gapText);
        painter.restore();
        painter.setFont(font());
    }

    // Axis with ticks per segment.
    painter.setPen(QPen(faint, 1));
    painter.drawLine(QPointF(left, axisY), QPointF(right, axisY));
    painter.setFont(small);
    for (const Segment &seg : segs) {
        const double px = seg.x1 - seg.x0;
        const qint64 span = seg.to - seg.from;
        qint64 step = Steps[std::size(Steps) - 1];
        for (qint64 st : Steps) {
            const double labelW = sfm.horizontalAdvance(tickLabel(seg.from, st)) + 14;
            if (double(st) / double(std::max<qint64>(1, span)) * px >= labelW) {
                step = st;
                break;
            }
        }
        const qint64 first = (seg.from / step + 1) * step;
        for (qint64 t = first; t <= seg.to; t += step) {
            const double x = xForTime(segs, t);
            painter.setPen(QPen(veryFaint, 1));
            painter.drawLine(QPointF(x, rowsTop), QPointF(x, axisY));
            painter.setPen(QPen(faint, 1));
            painter.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
            painter.setPen(text);
            const QString label = tickLabel(t, step);
            const double w = sfm.horizontalAdvance(label);
            // A label that would run into the next piece of axis is left out; its tick stays.
            if (x - w / 2 >= seg.x0 - 8 && x + w / 2 <= seg.x1 + 8)
                painter.drawText(QPointF(x - w / 2, axisY + 4 + sfm.ascent()), label);
        }
        painter.setPen(faint);
        const QString date = QDateTime::fromMSecsSinceEpoch(seg.from + (seg.to - seg.from) / 2, QTimeZone::utc())
                                 .toString(QStringLiteral("yyyy-MM-dd")) + QStringLiteral(" UTC");
        painter.drawText(QPointF(seg.x0 + (px - sfm.horizontalAdvance(date)) / 2, axisY + 6 + sfm.ascent() + sfm.height()), date);
    }
    painter.setFont(font());

    // The rows.
    for (int r = 0; r < 2; ++r) {
        const Post *p = s.post(m_posts[r]);
        const double cy = rowsTop + r * RowHeight + RowHeight / 2.0 + 4;
        painter.setPen(text);
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        const QString head = (r == 0 ? QStringLiteral("A  ") : QStringLiteral("B  ")) + m_posts[r].left(8);
        painter.drawText(QPointF(8, rowsTop + r * RowHeight + fm.ascent() + 5), head);
        painter.setFont(small);
        if (p) {
            const Integration *in = s.integration(p->integrationId);
            const QString sub = toString(p->state) % QStringLiteral(" · ")
                % (in ? in->providerIdentifier : QStringLiteral("?"));
            painter.drawText(QPointF(8, rowsTop + r * RowHeight + fm.height() + sfm.ascent() + 7),
                             sfm.elidedText(sub, Qt::ElideRight, LabelWidth - 10));
        }
        painter.setFont(font());
        if (!p)
            continue;

        // Job bar: from added (hash timestamp or first `added` event) to fire time.
        const Job *j = s.jobForPost(p->id);
        const QList<int> &events = s.eventsForJob(p->id);
        std::optional<qint64> added;
        std::optional<qint64> removed;
        for (int e : events) {
            const QueueEvent &ev = s.events()[size_t(e)];
            if (ev.event == QLatin1String("added"))
                added = ev.time;
            if (ev.event == QLatin1String("removed"))
                removed = ev.time;
        }
        if (j) {
            const qint64 from = j->timestamp.value_or(added.value_or(j->fireTime.value_or(p->publishDate)));
            const qint64 to = j->fireTime.value_or(j->finishedOn.value_or(from));
            const double x0 = xForTime(segs, from), x1 = std::max(x0 + 3, xForTime(segs, to));
            QColor c = jobStateColour(j->state);
            painter.setPen(Qt::NoPen);
            painter.setBrush(c);
            painter.drawRoundedRect(QRectF(x0, cy - 4, x1 - x0, 8), 3, 3);
            painter.setFont(small);
            painter.setPen(c.darker(110));
            painter.drawText(QPointF(x0 + 2, cy + 6 + sfm.ascent()), QStringLiteral("job ") + toString(j->state));
            painter.setFont(font());
        } else if (added && removed && *removed >= *added) {
            const double x0 = xForTime(segs, *added), x1 = std::max(x0 + 3, xForTime(segs, *removed));
            painter.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 1.5, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(x0, cy - 4, x1 - x0, 8));
        }

        // Event ticks with labels where they fit.
        double lastLabelEnd = -1e9;
        painter.setFont(small);
        for (int e : events) {
            const QueueEvent &ev = s.events()[size_t(e)];
            const double x = xForTime(segs, ev.time);
            const QColor c = eventColour(ev.event);
            painter.setPen(QPen(c, 2));
            painter.drawLine(QPointF(x, cy - 14), QPointF(x, cy - 4));
            const double w = sfm.horizontalAdvance(ev.event);
            if (x - w / 2 > lastLabelEnd + 3) {
                painter.drawText(QPointF(x - w / 2, cy - 15 - sfm.descent()), ev.event);
                lastLabelEnd = x + w / 2;
            }
        }
        painter.setFont(font());

        // createdAt (triangle), deletedAt (cross).
        if (p->createdAt) {
            const double x = xForTime(segs, *p->createdAt);
            QPolygonF tri;
            tri << QPointF(x, cy + 2) << QPointF(x - 4, cy + 9) << QPointF(x + 4, cy + 9);
            painter.setPen(QPen(text, 1));
            painter.setBrush(faint);
            painter.drawPolygon(tri);
        }
        if (p->deletedAt) {
            const double x = xForTime(segs, *p->deletedAt);
            painter.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 2));
            painter.drawLine(QPointF(x - 5, cy - 5), QPointF(x + 5, cy + 5));
            painter.drawLine(QPointF(x - 5, cy + 5), QPointF(x + 5, cy - 5));
        }

        // publishDate diamond, and the hollow NO JOB mark.
        const double px = xForTime(segs, p->publishDate);
        QPolygonF diamond;
        diamond << QPointF(px, cy - 8) << QPointF(px + 8, cy) << QPointF(px, cy + 8) << QPointF(px - 8, cy);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(text, 1));
        painter.setBrush(postStateColour(p->state));
        painter.drawPolygon(diamond);
        painter.setFont(small);
        painter.setPen(text);
        const QString when = QDateTime::fromMSecsSinceEpoch(p->publishDate, QTimeZone::utc()).toString(QStringLiteral("HH:mm:ss"));
        if (lacksJob(s, *p)) {
            painter.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(QPointF(px, cy), 13, 13);
            QFont alarm = font();
            alarm.setBold(true);
            painter.setFont(alarm);
            painter.setPen(QColor(0xd3, 0x2f, 0x2f));
            const QString label = QStringLiteral("NO JOB");
            const double lw = QFontMetrics(alarm).horizontalAdvance(label);
            const double lx = px + 18 + lw > right ? px - 18 - lw : px + 18;
            painter.drawText(QPointF(lx, cy + QFontMetrics(alarm).ascent() / 2.0 - 1), label);
        } else {
            const double w = sfm.horizontalAdvance(when);
            painter.drawText(QPointF(std::min(px + 11, right - w), cy + sfm.ascent() + 6), when);
        }
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setFont(font());
    }

    // Legend.
    painter.setFont(small);
    painter.setPen(text);
    const QString legend = QStringLiteral("◆ publishDate (fill = DB state)   ▬ job: added → fire time   | queue events   ▲ createdAt   ✕ deletedAt   ◯ NO JOB");
    painter.drawText(QPointF(left, height() - 6), sfm.elidedText(legend, Qt::ElideRight, int(right - left)));
}

} // namespace postscope
