#pragma once

#include <QStyledItemDelegate>

namespace postscope {

class LanePainter;

// Paints the time column of a lane row with the shared LanePainter; the other columns
// are painted as usual.
class TimelineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    TimelineDelegate(const LanePainter *painter, int timeColumn, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    const LanePainter *m_painter;
    int m_timeColumn;
};

} // namespace postscope
