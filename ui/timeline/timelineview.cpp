#include "timelineview.h"

#include "timelineaxis.h"
#include "timelinedata.h"
#include "timelinedelegate.h"
#include "timelineheader.h"
#include "timelinerenderer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QRubberBand>
#include <QScrollBar>
#include <QSet>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>

namespace postscope {

namespace {

constexpr int timeColumn = LaneModel::TimeColumn;

class LegendWidget : public QWidget
{
public:
    LegendWidget(const TimelineTheme *theme, QWidget *parent)
        : QWidget(parent)
        , m_theme(theme)
    {
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    }
    QSize sizeHint() const override { return {400, legendHeight(fontMetrics(), std::max(width(), 400))}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override { return legendHeight(fontMetrics(), w); }

    // The theme changed: paint anew.
    void invalidate()
    {
        m_cache = QPixmap();
        update();
    }

protected:
    // The legend never changes between zooms: painted once into a pixmap (per size,
    // font, theme and pixel ratio) and blitted after.
    void paintEvent(QPaintEvent *) override
    {
        const qreal dpr = devicePixelRatioF();
        if (m_cache.isNull() || m_cache.devicePixelRatio() != dpr || m_cache.deviceIndependentSize().toSize() != size()) {
            QPixmap pm((QSizeF(size()) * dpr).toSize());
            pm.setDevicePixelRatio(dpr);
            pm.fill(m_theme->background);
            QPainter cp(&pm);
            cp.setFont(font());
            paintLegend(&cp, rect(), *m_theme);
            cp.end();
            m_cache = std::move(pm);
        }
        QPainter p(this);
        p.drawPixmap(0, 0, m_cache);
    }
    void resizeEvent(QResizeEvent *) override { setFixedHeight(legendHeight(fontMetrics(), width())); }
    void changeEvent(QEvent *event) override
    {
        if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange)
            m_cache = QPixmap();
        QWidget::changeEvent(event);
    }

private:
    const TimelineTheme *m_theme;
    QPixmap m_cache;
};

QString timeText(qint64 ms)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    return local.toString(QStringLiteral("ddd d MMM yyyy HH:mm:ss.zzz t")) % QStringLiteral("  (")
        % utc.toString(QStringLiteral("HH:mm:ss.zzz 'UTC'")) % QLatin1Char(')');
}

QString jobText(const Job &j)
{
    QString s = QStringLiteral("job ") % j.id % QStringLiteral(": ") % toString(j.state);
    if (j.stalled)
        s += QStringLiteral(" (stalled)");
    if (j.timestamp)
        s += QStringLiteral("\n  added ") % timeText(*j.timestamp);
    if (j.fireTime)
        s += QStringLiteral("\n  fires ") % timeText(*j.fireTime) % QStringLiteral(" [") % j.fireTimeSource % QLatin1Char(']');
    if (j.processedOn)
        s += QStringLiteral("\n  processed ") % timeText(*j.processedOn);
    if (j.finishedOn)
        s += QStringLiteral("\n  finished ") % timeText(*j.finishedOn);
    if (!j.failedReason.isEmpty())
        s += QStringLiteral("\n  failed: ") % j.failedReason.left(200);
    return s;
}

} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
{
    m_model = new LaneModel(this);
    m_proxy = new LaneFilterModel(this);
    m_proxy->setSourceModel(m_model);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(QStringLiteral("Filter integrations (name, provider, id)…"));
    m_filter->setClearButtonEnabled(true);
    m_onlyFindings = new QCheckBox(QStringLiteral("Only with findings"), this);
    m_sort = new QComboBox(this);
    m_sort->addItem(QStringLiteral("Sort: organisation"), int(LaneFilterModel::SortKey::Organization));
    m_sort->addItem(QStringLiteral("Sort: name"), int(LaneFilterModel::SortKey::Name));
    m_sort->addItem(QStringLiteral("Sort: findings"), int(LaneFilterModel::SortKey::Findings));
    auto *fit = new QToolButton(this);
    fit->setText(QStringLiteral("Fit all"));
    fit->setToolTip(QStringLiteral("Show everything (Home). F fits the selection; wheel zooms, drag pans, "
                                   "Shift+drag or right-drag zooms to a range."));
    // Wide enough for any filter; not the whole window (a long empty field says nothing).
    m_filter->setMaximumWidth(m_filter->fontMetrics().averageCharWidth() * 60);
    bar->addWidget(m_filter, 1);
    bar->addStretch(0);
    bar->addWidget(m_onlyFindings);
    bar->addWidget(m_sort);
    bar->addWidget(fit);
    layout->addLayout(bar);

    m_tree = new QTreeView(this);
    m_header = new TimelineHeader(m_tree);
    m_header->setTimeColumn(timeColumn);
    m_tree->setHeader(m_header);
    m_tree->setModel(m_proxy);
    // No frame of its own: the view is a pane's content (and a frame stroked around the
    // whole tree on every repaint is not free).
    m_tree->setFrameShape(QFrame::NoFrame);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::NoSelection);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_tree->setMouseTracking(true);
    m_tree->setAllColumnsShowFocus(false);
    m_tree->setFocusPolicy(Qt::StrongFocus);
    m_delegate = new TimelineDelegate(&m_painter, timeColumn, this);
    m_tree->setItemDelegate(m_delegate);
    m_header->setStretchLastSection(true);
    m_header->setSectionResizeMode(QHeaderView::Interactive);
    m_header->resizeSection(LaneModel::NameColumn, 230);
    m_header->resizeSection(LaneModel::ProviderColumn, 80);
    m_header->resizeSection(LaneModel::FlagsColumn, 110);
    m_header->setContext(&m_scale, &m_ticks, &m_theme, &m_now);
    layout->addWidget(m_tree, 1);

    m_legend = new LegendWidget(&m_theme, this);
    layout->addWidget(m_legend);
    m_band = new QRubberBand(QRubberBand::Rectangle, m_tree->viewport());

    m_tree->viewport()->installEventFilter(this);
    m_header->viewport()->installEventFilter(this);
    m_tree->installEventFilter(this);

    connect(m_filter, &QLineEdit::textChanged, this, &TimelineView::setFilterText);
    connect(m_onlyFindings, &QCheckBox::toggled, this, &TimelineView::setOnlyWithFindings);
    connect(m_sort, &QComboBox::currentIndexChanged, this,
            [this](int i) { setSortKey(LaneFilterModel::SortKey(m_sort->itemData(i).toInt())); });
    connect(fit, &QToolButton::clicked, this, &TimelineView::fitAll);
    connect(m_header, &QHeaderView::sectionResized, this, [this](int logical, int, int) {
        if (logical == timeColumn)
            updateScaleWidth();
    });
    connect(m_header, &TimelineHeader::zoomRequested, this, &TimelineView::zoomAt);
    connect(m_header, &TimelineHeader::panRequested, this, [this](double dx) {
        m_scale.pan(dx);
        rangeChanged();
    });
    // Rows come back expanded after a filter or a new analysis.
    connect(m_proxy, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, m_tree, &QTreeView::expandAll);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, m_tree, &QTreeView::expandAll);

    applyTheme();
    m_painter.setContext({nullptr, &m_scale, &m_theme, &m_ticks, &m_selectedRows, &m_highlightedRows});
    m_scale.setRange(QDateTime::currentMSecsSinceEpoch() - 3600000, QDateTime::currentMSecsSinceEpoch() + 3600000);
    updateScaleWidth();
}

TimelineView::~TimelineView() = default;

void TimelineView::applyTheme()
{
    // Our own palette: on an application palette change the view hears of it before
    // its children's palettes are updated, so the tree's would still be the old one.
    m_theme = TimelineTheme::fromPalette(palette());
    if (m_tree)
        m_tree->viewport()->update();
    if (m_header)
        m_header->viewport()->update();
    if (m_legend)
        static_cast<LegendWidget *>(m_legend)->invalidate();
}

void TimelineView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyTheme();
    if (event->type() == QEvent::FontChange && m_delegate)
        m_delegate->clearLabelCache();
    QWidget::changeEvent(event);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateScaleWidth();
}

void TimelineView::updateScaleWidth()
{
    if (syncScaleWidth())
        Q_EMIT visibleRangeChanged(m_scale.from(), m_scale.to());
}

bool TimelineView::syncScaleWidth() const
{
    const int w = std::max(1, m_header->sectionSize(timeColumn));
    if (w == m_scale.width())
        return false;
    m_scale.setWidth(w);
    m_ticks = m_scale.ticks(tickSpacing(m_header->fontMetrics()));
    m_tree->viewport()->update();
    m_header->viewport()->update();
    return true;
}

void TimelineView::rangeChanged()
{
    syncScaleWidth();
    m_ticks = m_scale.ticks(tickSpacing(m_header->fontMetrics()));
    m_tree->viewport()->update();
    m_header->viewport()->update();
    Q_EMIT visibleRangeChanged(m_scale.from(), m_scale.to());
}

void TimelineView::setAnalysis(const Analysis &analysis)
{
    const bool first = !m_data || !m_data->snapshot();
    // Collapsed organisations stay collapsed (by id).
    QSet<QString> collapsed;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex idx = m_proxy->index(r, 0);
        if (!m_tree->isExpanded(idx))
            collapsed.insert(idx.data(LaneModel::IdRole).toString());
    }
    // Built on the rules worker for big captures; else (or when it is not this very
    // snapshot's) here.
    if (analysis.timelineData && analysis.timelineData->snapshot() == analysis.snapshot.get())
        m_data = analysis.timelineData;
    else
        m_data = std::make_shared<const TimelineData>(analysis);
    m_delegate->clearLabelCache();
    m_now = m_data->now();
    m_painter.setContext({m_data.get(), &m_scale, &m_theme, &m_ticks, &m_selectedRows, &m_highlightedRows});
    m_model->setData(m_data);
    m_proxy->sort(0, Qt::AscendingOrder);
    m_tree->expandAll();
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex idx = m_proxy->index(r, 0);
        if (collapsed.contains(idx.data(LaneModel::IdRole).toString()))
            m_tree->collapse(idx);
    }
    // Selection and halo refer to ids: keep those the new snapshot has.
    QStringList keep;
    for (const QString &id : std::as_const(m_selected))
        if (m_data->postRow(id) >= 0)
            keep << id;
    const bool selectionLost = keep.size() != m_selected.size();
    m_selected = keep;
    m_selectedRows = rowsOf(m_selected);
    m_highlightedRows = rowsOf(m_highlighted);
    if (first)
        fitAll();
    else
        rangeChanged();
    if (selectionLost)
        Q_EMIT selectionChanged(m_selected);
}

std::vector<int> TimelineView::rowsOf(const QStringList &ids) const
{
    std::vector<int> rows;
    if (!m_data)
        return rows;
    for (const QString &id : ids) {
        const int r = m_data->postRow(id);
        if (r >= 0)
            rows.push_back(r);
    }
    return rows;
}

void TimelineView::setHighlightedPosts(const QStringList &postIds)
{
    m_highlighted = postIds;
    m_highlightedRows = rowsOf(postIds);
    m_tree->viewport()->update();
}

void TimelineView::setSelection(const QStringList &ids, bool emitSignal)
{
    m_selected = ids;
    m_selectedRows = rowsOf(ids);
    m_tree->viewport()->update();
    if (emitSignal)
        Q_EMIT selectionChanged(m_selected);
}

void TimelineView::selectPosts(const QStringList &postIds, bool zoomTo)
{
    setSelection(postIds, true);
    if (!m_selectedRows.empty() && m_data)
        ensureLaneVisible(m_data->laneOfPost(m_selectedRows.front()));
    if (zoomTo)
        fitSelection();
}

QStringList TimelineView::selectedPosts() const
{
    return m_selected;
}

void TimelineView::ensureLaneVisible(int lane)
{
    const QModelIndex src = m_model->indexOfLane(lane, 0);
    const QModelIndex idx = m_proxy->mapFromSource(src);
    if (!idx.isValid())
        return;
    if (idx.parent().isValid())
        m_tree->expand(idx.parent());
    m_tree->scrollTo(idx, QAbstractItemView::EnsureVisible);
}

void TimelineView::fitAll()
{
    syncScaleWidth();
    std::pair<qint64, qint64> e {0, 0};
    if (m_data) {
        std::vector<int> lanes;
        for (size_t i = 0; i < m_data->lanes().size(); ++i)
            lanes.push_back(int(i));
        e = m_data->extentOfLanes(lanes);
    }
    if (e.first == 0 && e.second == 0) {
        const qint64 now = m_now ? m_now : QDateTime::currentMSecsSinceEpoch();
        m_scale.setRange(now - 3600000, now + 3600000);
    } else {
        m_scale.fit(e.first, e.second);
    }
    rangeChanged();
}

void TimelineView::fitSelection()
{
    syncScaleWidth();
    if (!m_data || m_selectedRows.empty())
        return;
    const auto [lo, hi] = m_data->extentOfPosts(m_selectedRows);
    // At least a minute across, so a lone post is seen with its neighbours.
    const qint64 span = std::max<qint64>(hi - lo, 60000);
    const qint64 mid = lo + (hi - lo) / 2;
    m_scale.fit(mid - span / 2, mid + span / 2, 0.15);
    rangeChanged();
}

std::pair<qint64, qint64> TimelineView::visibleRange() const
{
    return {m_scale.from(), m_scale.to()};
}

void TimelineView::setVisibleRange(qint64 from, qint64 to)
{
    syncScaleWidth();
    m_scale.setRange(from, to);
    rangeChanged();
}

void TimelineView::setFilterText(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // comes back here through textChanged
    m_proxy->setFilterString(text);
    m_tree->expandAll();
}

void TimelineView::setOnlyWithFindings(bool on)
{
    if (m_onlyFindings->isChecked() != on)
        m_onlyFindings->setChecked(on);
    m_proxy->setOnlyWithFindings(on);
    m_tree->expandAll();
}

void TimelineView::setSortKey(LaneFilterModel::SortKey key)
{
    const int i = m_sort->findData(int(key));
    if (i >= 0 && i != m_sort->currentIndex())
        m_sort->setCurrentIndex(i);
    m_proxy->setSortKey(key);
}

int TimelineView::timeLeft() const
{
    return m_header->sectionViewportPosition(timeColumn);
}

bool TimelineView::inTimeColumn(const QPoint &pos) const
{
    return pos.x() >= timeLeft();
}

QRect TimelineView::laneRect(const QString &integrationId) const
{
    syncScaleWidth();
    if (!m_data)
        return {};
    const QModelIndex idx = m_proxy->mapFromSource(m_model->indexOfLane(m_data->laneOfIntegration(integrationId), timeColumn));
    if (!idx.isValid())
        return {};
    return m_tree->visualRect(idx);
}

QPoint TimelineView::postPosition(const QString &postId) const
{
    syncScaleWidth();
    if (!m_data)
        return {};
    const int row = m_data->postRow(postId);
    const int lane = m_data->laneOfPost(row);
    const QModelIndex idx = m_proxy->mapFromSource(m_model->indexOfLane(lane, timeColumn));
    if (!idx.isValid())
        return {};
    return m_painter.postPosition(m_tree->visualRect(idx), lane, row);
}

TimelineHit TimelineView::hitAt(const QPoint &pos) const
{
    syncScaleWidth();
    const QModelIndex idx = m_tree->indexAt(pos);
    if (!idx.isValid() || !m_data)
        return {};
    const QModelIndex cell = idx.siblingAtColumn(timeColumn);
    return m_painter.hitTest(m_tree->visualRect(cell), cell.data(LaneModel::LaneRole).toInt(), pos);
}

QString TimelineView::toolTipAt(const QPoint &pos) const
{
    const TimelineHit hit = hitAt(pos);
    const Snapshot *s = m_data ? m_data->snapshot() : nullptr;
    if (!s || hit.kind == TimelineHit::None)
        return {};
    switch (hit.kind) {
    case TimelineHit::Post: {
        const Post &p = s->posts()[size_t(hit.row)];
        const Integration *in = s->integration(p.integrationId);
        QString t = QStringLiteral("post ") % p.id % QLatin1Char('\n') % (in ? in->name : p.integrationId)
            % (in ? QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')') : QString()) % QStringLiteral("\nstate ")
            % (p.stateText.isEmpty() ? toString(p.state) : p.stateText)
            % (p.isDeleted() ? QStringLiteral(", soft-deleted ") % timeText(*p.deletedAt) : QString())
            % QStringLiteral("\npublishDate ") % timeText(p.publishDate);
        if (!p.isTopLevel())
            t += QStringLiteral("\nthread child of ") % p.parentPostId;
        if (const Job *j = s->jobForPost(p.id))
            t += QLatin1Char('\n') % jobText(*j);
        else if (p.state == PostState::Queue && p.isTopLevel() && !p.isDeleted())
            t += QStringLiteral("\nNO JOB in the queue: nothing will publish this post");
        else
            t += QStringLiteral("\nno job");
        return t;
    }
    case TimelineHit::Job: {
        const Job &j = s->jobs()[size_t(hit.row)];
        QString t = jobText(j);
        if (const Post *p = s->post(j.dataPostId.isEmpty() ? j.id : j.dataPostId))
            t += QStringLiteral("\npost ") % p->id % QStringLiteral(" ") % toString(p->state) % QStringLiteral(", publishDate ")
                % timeText(p->publishDate);
        else
            t += QStringLiteral("\nno post with this id in the capture");
        return t;
    }
    case TimelineHit::Event: {
        const QueueEvent &e = s->events()[size_t(hit.row)];
        QString t = QStringLiteral("event ") % e.event % QStringLiteral(" (") % e.streamId % QStringLiteral(")\njob ")
            % e.jobId % QLatin1Char('\n') % timeText(e.time);
        for (const auto &[k, v] : e.fields) {
            if (k != QLatin1String("event") && k != QLatin1String("jobId"))
                t += QLatin1Char('\n') % k % QStringLiteral(": ") % v.left(120);
        }
        return t;
    }
    case TimelineHit::Log: {
        const LogLine &l = s->logLines()[size_t(hit.row)];
        return QStringLiteral("log ") % l.file % QLatin1Char(':') % QString::number(l.lineNumber) % QStringLiteral(" (")
            % l.kind % QStringLiteral(")\n") % (l.time ? timeText(*l.time) : QString()) % QLatin1Char('\n') % l.text.left(300);
    }
    case TimelineHit::None:
        break;
    }
    return {};
}

void TimelineView::zoomAt(double x, double factor)
{
    syncScaleWidth();
    m_scale.zoomAround(x, factor);
    rangeChanged();
}

void TimelineView::clickAt(const QPoint &pos, Qt::KeyboardModifiers modifiers)
{
    const TimelineHit hit = hitAt(pos);
    const Snapshot *s = m_data ? m_data->snapshot() : nullptr;
    QString id;
    if (s && hit.kind == TimelineHit::Post)
        id = s->posts()[size_t(hit.row)].id;
    else if (s && hit.kind == TimelineHit::Job) {
        const Job &j = s->jobs()[size_t(hit.row)];
        if (const Post *p = s->post(j.dataPostId.isEmpty() ? j.id : j.dataPostId))
            id = p->id;
    }
    if (modifiers & Qt::ControlModifier) {
        if (id.isEmpty())
            return;
        QStringList sel = m_selected;
        if (sel.contains(id))
            sel.removeAll(id);
        else if (sel.size() >= 2)
            sel = {sel.front(), id};
        else
            sel << id;
        setSelection(sel, true);
        if (sel.size() == 2)
            Q_EMIT compareRequested(sel.at(0), sel.at(1));
        return;
    }
    const QStringList sel = id.isEmpty() ? QStringList() : QStringList {id};
    if (sel != m_selected)
        setSelection(sel, true);
}

bool TimelineView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tree && event->type() == QEvent::KeyPress) {
        auto *ke = static_cast<QKeyEvent *>(event);
        const double w = m_scale.width();
        switch (ke->key()) {
        case Qt::Key_Home: fitAll(); return true;
        case Qt::Key_F: fitSelection(); return true;
        case Qt::Key_Plus:
        case Qt::Key_Equal: zoomAt(w / 2, 1.5); return true;
        case Qt::Key_Minus: zoomAt(w / 2, 1 / 1.5); return true;
        case Qt::Key_Left: m_scale.pan(w / 8); rangeChanged(); return true;
        case Qt::Key_Right: m_scale.pan(-w / 8); rangeChanged(); return true;
        default: break;
        }
        return false;
    }
    if (event->type() == QEvent::Paint && (watched == m_tree->viewport() || watched == m_header->viewport()))
        syncScaleWidth();
    if (watched != m_tree->viewport())
        return QWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto *me = static_cast<QMouseEvent *>(event);
        const QPoint pos = me->position().toPoint();
        if (!inTimeColumn(pos))
            return false;
        m_tree->setFocus(Qt::MouseFocusReason);
        m_pressPos = m_lastPos = pos;
        m_pressButton = me->button();
        m_dragging = false;
        m_banding = me->button() == Qt::RightButton
            || (me->button() == Qt::LeftButton && (me->modifiers() & Qt::ShiftModifier));
        if (m_banding) {
            m_band->setGeometry(QRect(pos.x(), 0, 1, m_tree->viewport()->height()));
            m_band->show();
        }
        return true;
    }
    case QEvent::MouseMove: {
        auto *me = static_cast<QMouseEvent *>(event);
        const QPoint pos = me->position().toPoint();
        if (m_pressButton == Qt::NoButton)
            return false; // hover: tooltips come through QEvent::ToolTip
        if (m_banding) {
            const int l = std::max(timeLeft(), std::min(pos.x(), m_pressPos.x()));
            const int r = std::max(pos.x(), m_pressPos.x());
            m_band->setGeometry(QRect(l, 0, std::max(1, r - l), m_tree->viewport()->height()));
            return true;
        }
        if (m_pressButton == Qt::LeftButton) {
            if (!m_dragging && (pos - m_pressPos).manhattanLength() > 3) {
                m_dragging = true;
                m_tree->viewport()->setCursor(Qt::ClosedHandCursor);
            }
            if (m_dragging) {
                m_scale.pan(pos.x() - m_lastPos.x());
                // Vertical drags scroll the rows, as in a map.
                m_tree->verticalScrollBar()->setValue(m_tree->verticalScrollBar()->value() - (pos.y() - m_lastPos.y()));
                m_lastPos = pos;
                rangeChanged();
            }
        }
        return true;
    }
    case QEvent::MouseButtonRelease: {
        auto *me = static_cast<QMouseEvent *>(event);
        if (m_pressButton == Qt::NoButton)
            return false;
        const QPoint pos = me->position().toPoint();
        if (m_banding) {
            m_band->hide();
            const int l = std::min(pos.x(), m_pressPos.x()) - timeLeft();
            const int r = std::max(pos.x(), m_pressPos.x()) - timeLeft();
            if (r - l >= 4)
                setVisibleRange(m_scale.timeForX(std::max(0, l)), m_scale.timeForX(r));
        } else if (!m_dragging && me->button() == Qt::LeftButton) {
            clickAt(pos, me->modifiers());
        }
        m_tree->viewport()->unsetCursor();
        m_pressButton = Qt::NoButton;
        m_dragging = m_banding = false;
        return true;
    }
    case QEvent::MouseButtonDblClick: {
        auto *me = static_cast<QMouseEvent *>(event);
        if (!inTimeColumn(me->position().toPoint()))
            return false;
        return true; // no expand/collapse from the time column
    }
    case QEvent::ContextMenu:
        return inTimeColumn(static_cast<QContextMenuEvent *>(event)->pos());
    case QEvent::Wheel: {
        auto *we = static_cast<QWheelEvent *>(event);
        const QPoint pos = we->position().toPoint();
        if (!inTimeColumn(pos) || (we->modifiers() & Qt::ShiftModifier))
            return false; // rows scroll as usual
        const QPoint d = we->angleDelta();
        if (std::abs(d.x()) > std::abs(d.y())) {
            m_scale.pan(d.x() / 2.0);
            rangeChanged();
        } else if (d.y() != 0) {
            zoomAt(pos.x() - timeLeft(), std::pow(1.2, d.y() / 120.0));
        }
        return true;
    }
    case QEvent::ToolTip: {
        auto *he = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(he->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(he->globalPos(), text, m_tree->viewport());
        return !text.isEmpty() || inTimeColumn(he->pos());
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

QImage TimelineView::renderToImage(const QSize &size, qreal devicePixelRatio) const
{
    TimelineImageSpec spec;
    spec.data = m_data.get();
    spec.theme = &m_theme;
    spec.from = m_scale.from();
    spec.to = m_scale.to();
    spec.size = size;
    spec.devicePixelRatio = devicePixelRatio;
    spec.selected = m_selectedRows;
    spec.highlighted = m_highlightedRows;
    // The rows as the view shows them: filtered, sorted, collapsed organisations closed.
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex org = m_proxy->index(r, 0);
        auto rowOf = [&](const QModelIndex &idx, int depth) {
            return TimelineImageRow {idx.data(LaneModel::LaneRole).toInt(), depth,
                                     idx.data(LaneModel::NameRole).toString(),
                                     idx.siblingAtColumn(LaneModel::ProviderColumn).data().toString(),
                                     idx.siblingAtColumn(LaneModel::FlagsColumn).data().toString()};
        };
        spec.rows.push_back(rowOf(org, 0));
        if (!m_tree->isExpanded(org))
            continue;
        for (int c = 0; c < m_proxy->rowCount(org); ++c)
            spec.rows.push_back(rowOf(m_proxy->index(c, 0, org), 1));
    }
    return paintTimelineImage(spec);
}

} // namespace postscope
