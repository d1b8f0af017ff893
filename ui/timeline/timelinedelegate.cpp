#include "timelinedelegate.h"

#include "lanemodel.h"
#include "lanepainter.h"

#include <QPainter>

namespace postscope {

TimelineDelegate::TimelineDelegate(const LanePainter *painter, int timeColumn, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_painter(painter)
    , m_timeColumn(timeColumn)
{
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() != m_timeColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    m_painter->paint(painter, option.rect, index.data(LaneModel::LaneRole).toInt());
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), int(LaneGeometry::rowHeight)));
    return s;
}

} // namespace postscope
