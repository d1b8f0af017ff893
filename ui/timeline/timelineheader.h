#pragma once

#include "core/timescale.h"
#include "timelinetheme.h"

#include <QHeaderView>

namespace postscope {

// The tree's header: ordinary sections for the label columns, the time axis painted in
// the time column's section (local time; the tooltip gives local and UTC).
class TimelineHeader : public QHeaderView
{
    Q_OBJECT
public:
    explicit TimelineHeader(QWidget *parent = nullptr);
    void setTimeColumn(int column) { m_timeColumn = column; }
    void setContext(const TimeScale *scale, const QList<Tick> *ticks, const TimelineTheme *theme, const qint64 *now);
    QSize sizeHint() const override;

Q_SIGNALS:
    void zoomRequested(double x, double factor); // x relative to the time section
    void panRequested(double dx);

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    bool viewportEvent(QEvent *event) override;

private:
    int m_timeColumn = 3;
    const TimeScale *m_scale = nullptr;
    const QList<Tick> *m_ticks = nullptr;
    const TimelineTheme *m_theme = nullptr;
    const qint64 *m_now = nullptr;
};

} // namespace postscope
