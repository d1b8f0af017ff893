#include "timelineheader.h"

#include "timelineaxis.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

namespace postscope {

TimelineHeader::TimelineHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    setMouseTracking(true);
    setSectionsClickable(false);
    setHighlightSections(false);
}

void TimelineHeader::setContext(const TimeScale *scale, const QList<Tick> *ticks, const TimelineTheme *theme,
                                const qint64 *now)
{
    m_scale = scale;
    m_ticks = ticks;
    m_theme = theme;
    m_now = now;
}

QSize TimelineHeader::sizeHint() const
{
    QSize s = QHeaderView::sizeHint();
    s.setHeight(std::max(s.height(), 2 * fontMetrics().height() + 10));
    return s;
}

void TimelineHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    if (logicalIndex != m_timeColumn || !m_scale || !m_theme || !m_ticks) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }
    AxisOptions o;
    o.now = m_now ? *m_now : 0;
    painter->setFont(font());
    paintAxis(painter, rect, *m_scale, *m_ticks, *m_theme, o);
}

bool TimelineHeader::viewportEvent(QEvent *event)
{
    const int left = sectionViewportPosition(m_timeColumn);
    switch (event->type()) {
    case QEvent::ToolTip: {
        auto *he = static_cast<QHelpEvent *>(event);
        if (m_scale && logicalIndexAt(he->pos()) == m_timeColumn) {
            const qint64 t = m_scale->timeForX(he->pos().x() - left);
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(t);
            const QDateTime utc = QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc());
            QToolTip::showText(he->globalPos(),
                               local.toString(QStringLiteral("ddd d MMM yyyy HH:mm:ss.zzz t")) % QLatin1Char('\n')
                                   % utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'")),
                               this);
            return true;
        }
        break;
    }
    case QEvent::Wheel: {
        auto *we = static_cast<QWheelEvent *>(event);
        if (logicalIndexAt(we->position().toPoint()) == m_timeColumn) {
            const QPoint d = we->angleDelta();
            if (d.y() != 0)
                Q_EMIT zoomRequested(we->position().x() - left, std::pow(1.2, d.y() / 120.0));
            else if (d.x() != 0)
                Q_EMIT panRequested(d.x() / 2.0);
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QHeaderView::viewportEvent(event);
}

} // namespace postscope
