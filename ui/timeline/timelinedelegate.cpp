#include "timelinedelegate.h"

#include "lanemodel.h"
#include "lanepainter.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>

namespace postscope {

namespace {
constexpr int textMargin = 3; // the style's item text margin (focus frame margin + 1)
constexpr int swatchSide = 14;
} // namespace

TimelineDelegate::TimelineDelegate(const LanePainter *painter, int timeColumn, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_painter(painter)
    , m_timeColumn(timeColumn)
{
}

void TimelineDelegate::clearLabelCache()
{
    m_labels.clear();
}

void TimelineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() == m_timeColumn) {
        m_painter->paint(painter, option.rect, index.data(LaneModel::LaneRole).toInt());
        return;
    }
    if (index.column() < LaneModel::NameColumn || index.column() > LaneModel::FlagsColumn) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    paintLabel(painter, option, index);
}

void TimelineDelegate::paintLabel(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int lane = index.data(LaneModel::LaneRole).toInt();
    if (lane < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    if (!m_fontSet || option.font != m_font) {
        m_fontSet = true;
        m_labels.clear();
        m_font = option.font;
        m_boldFont = option.font;
        m_boldFont.setBold(true);
    }
    if (size_t(lane) >= m_labels.size())
        m_labels.resize(size_t(lane) + 1);
    Label &l = m_labels[size_t(lane)][size_t(index.column() - LaneModel::NameColumn)];
    if (!l.valid) {
        l.valid = true;
        l.width = -1;
        l.bold = index.data(LaneModel::KindRole).toInt() == int(LaneKind::Organization) && index.column() == LaneModel::NameColumn;
        const QVariant fg = index.data(Qt::ForegroundRole);
        l.foreground = fg.canConvert<QColor>() ? fg.value<QColor>() : QColor();
        const QVariant deco = index.data(Qt::DecorationRole);
        l.swatch = deco.userType() == QMetaType::QColor ? deco.value<QColor>() : QColor();
        l.text.setText(index.data(Qt::DisplayRole).toString()); // full text until elided
    }
    const QRect r = option.rect;
    int textLeft = r.left() + textMargin;
    if (l.swatch.isValid()) {
        // A swatch with an outline in the text colour's half tone: a black provider
        // colour stays visible on a dark background, a white one on a light one.
        const QRect sw(textLeft, r.top() + (r.height() - swatchSide) / 2, swatchSide, swatchSide);
        painter->fillRect(sw, l.swatch);
        const QColor text = option.palette.color(QPalette::Text), base = option.palette.color(QPalette::Base);
        const QColor outline = QColor::fromRgbF((text.redF() + base.redF()) / 2, (text.greenF() + base.greenF()) / 2,
                                                (text.blueF() + base.blueF()) / 2);
        painter->setPen(outline);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(sw.adjusted(0, 0, -1, -1));
        textLeft = sw.right() + 1 + 2 * textMargin;
    }
    const int textWidth = r.right() - textMargin - textLeft + 1;
    if (textWidth <= 0)
        return;
    const QFont &font = l.bold ? m_boldFont : m_font;
    if (l.width != textWidth) {
        // Elide the full text again (kept in the model), then lay it out once.
        const QString full = index.data(Qt::DisplayRole).toString();
        const QFontMetrics fm(font);
        l.text.setText(fm.elidedText(full, Qt::ElideRight, textWidth));
        l.text.setTextFormat(Qt::PlainText);
        l.text.setPerformanceHint(QStaticText::AggressiveCaching);
        l.text.prepare(QTransform(), font);
        l.width = textWidth;
    }
    if (l.text.text().isEmpty())
        return;
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (option.state & QStyle::State_Active)                               ? QPalette::Normal
                                                                               : QPalette::Inactive;
    painter->setPen(l.foreground.isValid() ? l.foreground : option.palette.color(group, QPalette::Text));
    painter->setFont(font);
    const qreal h = l.text.size().height();
    painter->drawStaticText(QPointF(textLeft, r.top() + (r.height() - h) / 2), l.text);
    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = r;
        focus.backgroundColor = option.palette.color(QPalette::Base);
        const QWidget *w = option.widget;
        (w ? w->style() : QApplication::style())->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, w);
    }
}

QSize TimelineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), int(LaneGeometry::rowHeight)));
    return s;
}

} // namespace postscope
