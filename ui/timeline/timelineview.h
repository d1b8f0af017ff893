#pragma once

#include "analysis.h"
#include "core/timescale.h"
#include "lanemodel.h"
#include "lanepainter.h"
#include "timelinetheme.h"

#include <QImage>
#include <QPointer>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRubberBand;
class QTreeView;

namespace postscope {

class TimelineData;
class TimelineDelegate;
class TimelineHeader;

// Every integration's posts against their BullMQ jobs, one row per integration under its
// organisation. Wheel zooms around the cursor, drag pans, Shift+drag or right-drag zooms
// to a range, Home fits everything, F the selection, +/- and the arrow keys zoom and pan.
// Click selects a post; Ctrl+click adds a second one for comparison.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    void setAnalysis(const Analysis &analysis);          // keeps zoom + selection by ids/times when the new snapshot has them
    void setHighlightedPosts(const QStringList &postIds); // halo (the selected finding's posts)
    void selectPosts(const QStringList &postIds, bool zoomTo); // programmatic selection; emits selectionChanged
    QStringList selectedPosts() const;
    void fitAll();            // Home
    void fitSelection();      // F
    std::pair<qint64, qint64> visibleRange() const;
    void setVisibleRange(qint64 from, qint64 to);
    void setFilterText(const QString &text);
    void setOnlyWithFindings(bool on);
    QImage renderToImage(const QSize &size, qreal devicePixelRatio = 1.0) const; // current rows/range, no window needed

    // Additions to the contract (tests, the main window's menus).
    void setSortKey(LaneFilterModel::SortKey key);
    QTreeView *treeView() const { return m_tree; }
    const TimeScale &timeScale() const
    {
        syncScaleWidth();
        return m_scale;
    }
    LaneFilterModel *laneFilterModel() const { return m_proxy; }
    LaneModel *laneModel() const { return m_model; }
    // The time cell of an integration's row in viewport coordinates (empty when filtered
    // out or collapsed); the scale's x is relative to its left edge.
    QRect laneRect(const QString &integrationId) const;
    // Where a post's mark is drawn, in viewport coordinates (null when not shown).
    QPoint postPosition(const QString &postId) const;
    TimelineHit hitAt(const QPoint &viewportPos) const;
    QString toolTipAt(const QPoint &viewportPos) const;

Q_SIGNALS:
    void selectionChanged(const QStringList &postIds);          // after click, ctrl+click or selectPosts
    void compareRequested(const QString &postA, const QString &postB); // ctrl+click made a 2-post selection
    void visibleRangeChanged(qint64 from, qint64 to);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rangeChanged();
    void updateScaleWidth();
    // The scale's width follows the time column's section (the range stays).
    bool syncScaleWidth() const;
    void setSelection(const QStringList &ids, bool emitSignal);
    void clickAt(const QPoint &pos, Qt::KeyboardModifiers modifiers);
    void zoomAt(double x, double factor);
    void applyTheme();
    void ensureLaneVisible(int lane);
    int timeLeft() const; // viewport x of the time column
    bool inTimeColumn(const QPoint &viewportPos) const;
    std::vector<int> rowsOf(const QStringList &ids) const;

    std::shared_ptr<const TimelineData> m_data;
    mutable TimeScale m_scale;
    mutable QList<Tick> m_ticks;
    TimelineTheme m_theme;
    LanePainter m_painter;
    qint64 m_now = 0;
    QStringList m_selected, m_highlighted;
    std::vector<int> m_selectedRows, m_highlightedRows;

    LaneModel *m_model = nullptr;
    LaneFilterModel *m_proxy = nullptr;
    QTreeView *m_tree = nullptr;
    TimelineHeader *m_header = nullptr;
    TimelineDelegate *m_delegate = nullptr;
    QWidget *m_legend = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_onlyFindings = nullptr;
    QComboBox *m_sort = nullptr;
    QRubberBand *m_band = nullptr;

    // Mouse gesture in progress.
    QPoint m_pressPos, m_lastPos;
    Qt::MouseButton m_pressButton = Qt::NoButton;
    bool m_dragging = false, m_banding = false;
};

} // namespace postscope
