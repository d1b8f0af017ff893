#include "timelineaxis.h"

#include "lanepainter.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QPainter>

#include <cmath>
#include <functional>

namespace postscope {

double tickSpacing(const QFontMetrics &fm)
{
    return fm.horizontalAdvance(QStringLiteral("Wed 28 Sep ")) + 12;
}

void paintAxis(QPainter *p, const QRect &rect, const TimeScale &scale, const QList<Tick> &ticks,
               const TimelineTheme &th, const AxisOptions &o)
{
    p->save();
    p->setClipRect(rect);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->fillRect(rect, th.background);
    const QFontMetrics fm = p->fontMetrics();
    const int lineH = fm.height();
    const int labelY = rect.bottom() - 4 - fm.descent();
    // First line: the date (and zone) the axis starts in.
    const TickStep step = scale.tickStep(tickSpacing(fm));
    const QString zoneName = o.zone == QTimeZone::utc()
        ? QStringLiteral("UTC")
        : QDateTime::fromMSecsSinceEpoch(scale.from(), o.zone).timeZoneAbbreviation();
    // The capture badge sits right of the now line; when it would cover the context
    // label (now line near the left edge), the label moves to the right of the badge.
    QRect badge;
    int nowX = -1;
    const QString badgeText = QStringLiteral("capture");
    if (o.now) {
        const double nx = scale.xForTime(o.now);
        if (nx >= 0 && nx < scale.width()) {
            nowX = rect.left() + int(std::floor(nx));
            const int w = fm.horizontalAdvance(badgeText) + 6;
            badge = QRect(std::min(nowX + 1, rect.right() - w), rect.top() + 2, w, lineH);
        }
    }
    const QString context = TimeScale::contextLabel(scale.from(), step.unit, o.zone) % QStringLiteral("  (") % zoneName
        % QStringLiteral(")");
    QRect contextRect(rect.left() + 4, rect.top() + 2, fm.horizontalAdvance(context), lineH);
    if (badge.isValid() && contextRect.intersects(badge.adjusted(-4, 0, 4, 0)))
        contextRect.moveLeft(badge.right() + 8);
    p->setPen(th.mutedPen);
    p->drawText(contextRect.left(), rect.top() + 2 + fm.ascent(), context);
    for (const Tick &t : ticks) {
        const int x = rect.left() + int(std::floor(t.x));
        p->setPen(t.major ? th.majorGridPen : th.gridPen);
        p->drawLine(x, rect.bottom() - (t.major ? lineH + 6 : 6), x, rect.bottom());
        p->setPen(t.major ? th.textPen : th.mutedPen);
        if (t.major) {
            QFont bold = p->font();
            bold.setBold(true);
            p->setFont(bold);
            p->drawText(x + 3, labelY, t.label);
            bold.setBold(false);
            p->setFont(bold);
        } else {
            p->drawText(x + 3, labelY, t.label);
        }
    }
    if (badge.isValid()) {
        p->setPen(th.nowPen);
        p->drawLine(nowX, rect.top() + lineH + 2, nowX, rect.bottom());
        p->fillRect(badge, th.now);
        p->setPen(QPen(Qt::white));
        p->drawText(badge, Qt::AlignCenter, badgeText);
    }
    p->setPen(th.majorGridPen);
    p->drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom());
    p->restore();
}

namespace {

struct LegendItem {
    QString text;
    std::function<void(QPainter *, int x, int y, const TimelineTheme &)> sample; // centred at x,y
};

std::vector<LegendItem> legendItems()
{
    std::vector<LegendItem> items;
    auto post = [](PostState s, bool deleted, bool noJob) {
        return [=](QPainter *p, int x, int y, const TimelineTheme &th) {
            PostMark m;
            m.state = quint8(s);
            m.deleted = deleted;
            m.noJob = noJob;
            drawPostMark(p, x, y, m, th);
        };
    };
    items.push_back({QStringLiteral("published"), post(PostState::Published, false, false)});
    items.push_back({QStringLiteral("queued"), post(PostState::Queue, false, false)});
    items.push_back({QStringLiteral("error"), post(PostState::Error, false, false)});
    items.push_back({QStringLiteral("draft"), post(PostState::Draft, false, false)});
    items.push_back({QStringLiteral("deleted (hollow)"), post(PostState::Queue, true, false)});
    items.push_back({QStringLiteral("queued, NO JOB"), post(PostState::Queue, false, true)});
    auto job = [](JobState s, bool stalled) {
        return [=](QPainter *p, int x, int y, const TimelineTheme &th) {
            const QRect bar(x - 9, y, 14, 3);
            p->fillRect(bar, th.jobBrush[size_t(s)]);
            p->fillRect(QRect(x + 5, y - 4, 2, 9), th.jobBrush[size_t(s)]);
            if (stalled)
                p->fillRect(bar.adjusted(0, -2, 0, 2), th.stalledBrush);
        };
    };
    items.push_back({QStringLiteral("job delayed"), job(JobState::Delayed, false)});
    items.push_back({QStringLiteral("waiting"), job(JobState::Waiting, false)});
    items.push_back({QStringLiteral("active"), job(JobState::Active, false)});
    items.push_back({QStringLiteral("paused"), job(JobState::Paused, false)});
    items.push_back({QStringLiteral("completed"), job(JobState::Completed, false)});
    items.push_back({QStringLiteral("failed"), job(JobState::Failed, false)});
    items.push_back({QStringLiteral("stalled"), job(JobState::Active, true)});
    for (int k = 0; k < int(EventKind::Count); ++k) {
        items.push_back({QStringLiteral("ev. ") % TimelineTheme::label(EventKind(k)),
                         [k](QPainter *p, int x, int y, const TimelineTheme &th) {
                             drawEventTick(p, x, y - 2, EventKind(k), th);
                         }});
    }
    items.push_back({QStringLiteral("log line"), [](QPainter *p, int x, int y, const TimelineTheme &th) {
                         p->fillRect(QRect(x - 1, y - 1, 3, 3), th.logBrush);
                     }});
    items.push_back({QStringLiteral("capture time"), [](QPainter *p, int x, int y, const TimelineTheme &th) {
                         p->setPen(th.nowPen);
                         p->drawLine(x, y - 6, x, y + 6);
                     }});
    items.push_back({QStringLiteral("finding"), [](QPainter *p, int x, int y, const TimelineTheme &th) {
                         p->setPen(th.haloPen);
                         p->setBrush(th.haloBrush);
                         p->drawEllipse(QPoint(x, y), 6, 6);
                     }});
    items.push_back({QStringLiteral("selected"), [](QPainter *p, int x, int y, const TimelineTheme &th) {
                         p->setPen(th.selectionPen);
                         p->setBrush(Qt::NoBrush);
                         p->drawRect(QRect(x - 6, y - 6, 12, 12));
                     }});
    return items;
}

// Lays the items out left to right, wrapping; calls `place` for each with its cell.
template<typename Place>
int layoutLegend(const QFontMetrics &fm, int width, const std::vector<LegendItem> &items, Place place)
{
    const int rowH = std::max(fm.height(), 14) + 4;
    const int sampleW = 22;
    int x = 6, y = 2;
    for (const LegendItem &item : items) {
        const int w = sampleW + fm.horizontalAdvance(item.text) + 14;
        if (x + w > width && x > 6) {
            x = 6;
            y += rowH;
        }
        place(item, QRect(x, y, w, rowH));
        x += w;
    }
    return y + rowH + 2;
}

} // namespace

int legendHeight(const QFontMetrics &fm, int width)
{
    static const std::vector<LegendItem> items = legendItems();
    return layoutLegend(fm, width, items, [](const LegendItem &, const QRect &) {});
}

void paintLegend(QPainter *p, const QRect &rect, const TimelineTheme &th)
{
    static const std::vector<LegendItem> items = legendItems();
    p->save();
    p->setClipRect(rect);
    p->setRenderHint(QPainter::Antialiasing, false);
    p->fillRect(rect, th.background);
    p->setPen(th.majorGridPen);
    p->drawLine(rect.topLeft(), rect.topRight());
    const QFontMetrics fm = p->fontMetrics();
    layoutLegend(fm, rect.width(), items, [&](const LegendItem &item, const QRect &cell) {
        const QRect c = cell.translated(rect.topLeft());
        item.sample(p, c.left() + 10, c.center().y(), th);
        p->setPen(th.textPen);
        p->drawText(QRect(c.left() + 22, c.top(), c.width() - 22, c.height()), Qt::AlignVCenter | Qt::AlignLeft,
                    item.text);
    });
    p->restore();
}

} // namespace postscope
