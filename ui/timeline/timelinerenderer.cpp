#include "timelinerenderer.h"

#include "lanemodel.h"
#include "lanepainter.h"
#include "timelineaxis.h"
#include "timelinedata.h"
#include "timelinetheme.h"

#include <QFontMetrics>
#include <QGuiApplication>
#include <QPainter>

namespace postscope {

QRect TimelineImageLayout::cellOfLane(int lane) const
{
    for (const auto &[l, rect] : cells) {
        if (l == lane)
            return rect;
    }
    return {};
}

std::vector<TimelineImageRow> timelineRows(const TimelineData &data, const std::vector<bool> *lanes)
{
    std::vector<TimelineImageRow> rows;
    for (const OrgInfo &org : data.organizations()) {
        std::vector<TimelineImageRow> children;
        for (int li : org.lanes) {
            if (lanes && !(*lanes)[size_t(li)])
                continue;
            const Lane &l = data.lane(li);
            children.push_back({li, 1, l.name, l.provider, LaneModel::flagsText(l)});
        }
        if (children.empty() && (lanes || org.lanes.empty()))
            continue;
        const Lane &sum = data.lane(org.summaryLane);
        rows.push_back({org.summaryLane, 0, org.name, QString(), LaneModel::flagsText(sum)});
        rows.insert(rows.end(), children.begin(), children.end());
    }
    return rows;
}

namespace {

TimelineImageLayout layoutFor(const TimelineImageSpec &spec, const QFontMetrics &fm)
{
    TimelineImageLayout l;
    const int w = spec.size.width(), h = spec.size.height();
    const int headerH = 2 * fm.height() + 10;
    const int legendH = legendHeight(fm, w);
    const int labelsW = std::clamp(w / 4, 120, 380);
    l.header = QRect(0, 0, w, headerH);
    l.legend = QRect(0, h - legendH, w, legendH);
    l.labels = QRect(0, headerH, labelsW, h - headerH - legendH);
    l.timeColumn = QRect(labelsW, headerH, w - labelsW, h - headerH - legendH);
    l.scale = TimeScale(spec.from, spec.to, std::max(1, l.timeColumn.width()));
    int y = headerH;
    const int rowH = LaneGeometry::rowHeight;
    for (size_t i = 0; i < spec.rows.size(); ++i) {
        if (y + rowH > l.timeColumn.bottom() + 1) {
            l.hiddenRows = int(spec.rows.size() - i);
            break;
        }
        l.cells.emplace_back(spec.rows[i].lane, QRect(l.timeColumn.left(), y, l.timeColumn.width(), rowH));
        y += rowH;
    }
    return l;
}

} // namespace

QImage paintTimelineImage(const TimelineImageSpec &spec, TimelineImageLayout *layoutOut)
{
    const QSize px = (QSizeF(spec.size) * spec.devicePixelRatio).toSize();
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(spec.devicePixelRatio);
    const TimelineTheme fallback = TimelineTheme::lightTheme();
    const TimelineTheme &th = spec.theme ? *spec.theme : fallback;
    image.fill(th.background);
    QPainter p(&image);
    p.setFont(QGuiApplication::font());
    const QFontMetrics fm = p.fontMetrics();
    const TimelineImageLayout l = layoutFor(spec, fm);
    if (layoutOut)
        *layoutOut = l;

    const QList<Tick> ticks = l.scale.ticks(tickSpacing(fm));
    LanePainter painter;
    painter.setContext({spec.data, &l.scale, &th, &ticks, &spec.selected, &spec.highlighted});

    // Axis (and the header of the label column).
    p.fillRect(l.header, th.background);
    p.setPen(th.textPen);
    QFont bold = p.font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(6, 0, l.labels.width() - 6, l.header.height() - 4), Qt::AlignLeft | Qt::AlignBottom,
               QStringLiteral("Integration"));
    p.setFont(QGuiApplication::font());
    AxisOptions axis;
    axis.now = spec.data && spec.data->hasNow() ? spec.data->now() : 0;
    paintAxis(&p, QRect(l.timeColumn.left(), 0, l.timeColumn.width(), l.header.height()), l.scale, ticks, th, axis);

    // Rows: labels on the left, the lane on the right.
    for (size_t i = 0; i < l.cells.size(); ++i) {
        const TimelineImageRow &row = spec.rows[i];
        const QRect cell = l.cells[i].second;
        const QRect label(0, cell.top(), l.labels.width(), cell.height());
        const QColor bg = row.depth == 0 ? th.groupBackground : (i % 2 ? th.alternateBackground : th.background);
        p.fillRect(QRect(0, cell.top(), spec.size.width(), cell.height()), bg);
        p.setPen(th.gridPen);
        p.drawLine(0, cell.bottom(), spec.size.width(), cell.bottom());
        if (row.depth == 0)
            p.setFont(bold);
        p.setPen(th.textPen);
        const int indent = 6 + 14 * row.depth;
        const int flagsW = row.flags.isEmpty() ? 0 : std::min(label.width() / 3, fm.horizontalAdvance(row.flags) + 8);
        const int providerW = row.provider.isEmpty() ? 0 : fm.horizontalAdvance(row.provider) + 10;
        const QRect nameRect(indent, cell.top(), label.width() - indent - flagsW - providerW - 4, cell.height());
        p.drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(row.name, Qt::ElideRight, nameRect.width()));
        p.setFont(QGuiApplication::font());
        p.setPen(th.mutedPen);
        if (providerW)
            p.drawText(QRect(nameRect.right() + 4, cell.top(), providerW, cell.height()), Qt::AlignVCenter, row.provider);
        if (flagsW) {
            p.setPen(QPen(okabeito::vermillion));
            p.drawText(QRect(label.right() - flagsW, cell.top(), flagsW - 4, cell.height()), Qt::AlignVCenter | Qt::AlignRight,
                       fm.elidedText(row.flags, Qt::ElideRight, flagsW - 4));
        }
        painter.paint(&p, cell, row.lane);
    }
    // The grid and the now line continue below the last row.
    const int usedBottom = l.cells.empty() ? l.timeColumn.top() : l.cells.back().second.bottom() + 1;
    if (usedBottom <= l.timeColumn.bottom()) {
        const QRect rest(l.timeColumn.left(), usedBottom, l.timeColumn.width(), l.timeColumn.bottom() - usedBottom + 1);
        p.save();
        p.setClipRect(rest);
        painter.paintBackground(&p, rest);
        p.restore();
    }
    if (l.hiddenRows > 0) {
        p.setPen(th.mutedPen);
        p.drawText(QRect(6, l.timeColumn.bottom() - fm.height(), l.labels.width(), fm.height()), Qt::AlignLeft,
                   QStringLiteral("… %1 more rows").arg(l.hiddenRows));
    }
    p.setPen(th.majorGridPen);
    p.drawLine(l.labels.right(), l.header.top(), l.labels.right(), l.timeColumn.bottom());
    paintLegend(&p, l.legend, th);
    return image;
}

namespace {

TimelineImageSpec specFor(const TimelineData &data, const TimelineRenderOptions &o, const TimelineTheme *theme)
{
    TimelineImageSpec spec;
    spec.data = &data;
    spec.theme = theme;
    spec.size = o.size;
    spec.devicePixelRatio = o.devicePixelRatio;
    for (const QString &id : o.highlightedPosts) {
        const int row = data.postRow(id);
        if (row >= 0)
            spec.highlighted.push_back(row);
    }
    std::vector<int> laneList;
    if (o.onlyIntegrationsOfHighlighted) {
        std::vector<bool> keep(data.lanes().size(), false);
        for (int row : spec.highlighted) {
            const int lane = data.laneOfPost(row);
            if (lane >= 0) {
                keep[size_t(lane)] = true;
                laneList.push_back(lane);
            }
        }
        spec.rows = timelineRows(data, &keep);
    } else {
        spec.rows = timelineRows(data);
        for (size_t i = 0; i < data.lanes().size(); ++i)
            laneList.push_back(int(i));
    }
    if (o.from == 0 && o.to == 0) {
        const auto [lo, hi] = data.extentOfLanes(laneList);
        TimeScale s;
        s.fit(lo, hi == lo ? lo + 60000 : hi);
        spec.from = s.from();
        spec.to = s.to();
        if (lo == 0 && hi == 0) {
            spec.from = data.now() - 3600000;
            spec.to = data.now() + 3600000;
        }
    } else {
        spec.from = o.from;
        spec.to = o.to;
    }
    return spec;
}

} // namespace

QImage renderTimeline(const Analysis &analysis, const TimelineRenderOptions &options)
{
    const TimelineData data(analysis);
    const TimelineTheme theme = options.dark ? TimelineTheme::darkTheme() : TimelineTheme::lightTheme();
    return paintTimelineImage(specFor(data, options, &theme));
}

TimelineImageLayout renderTimelineLayout(const Analysis &analysis, const TimelineRenderOptions &options)
{
    const TimelineData data(analysis);
    const TimelineImageSpec spec = specFor(data, options, nullptr);
    QImage probe(1, 1, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&probe);
    p.setFont(QGuiApplication::font());
    return layoutFor(spec, p.fontMetrics());
}

} // namespace postscope
