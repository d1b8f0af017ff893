#pragma once

#include <QColor>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <array>
#include <vector>

namespace postscope {

class LanePainter;

// Paints a lane row: the time column with the shared LanePainter, the label columns
// (name, provider with its swatch, flags) itself from texts elided and laid out once per
// lane and column width, not shaped again on every frame as the standard delegate would.
class TimelineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    TimelineDelegate(const LanePainter *painter, int timeColumn, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Forget the laid-out labels (new data); a new font or column width is noticed alone.
    void clearLabelCache();

private:
    struct Label {
        bool valid = false;
        int width = -1;   // text width it was elided to
        QStaticText text;
        QColor foreground; // invalid: the palette's text colour
        QColor swatch;     // provider colour, invalid: none
        bool bold = false;
    };
    void paintLabel(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    const LanePainter *m_painter;
    int m_timeColumn;
    mutable std::vector<std::array<Label, 3>> m_labels; // by lane, then label column
    mutable QFont m_font, m_boldFont;
    mutable bool m_fontSet = false;
};

} // namespace postscope
