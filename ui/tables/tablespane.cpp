#include "tablespane.h"

#include "jobstablemodel.h"
#include "poststablemodel.h"
#include "tablefilterproxy.h"
#include "tablesprep.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace postscope {

TablesPane::TablesPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tablesTabs"));
    m_tabs->setDocumentMode(true);
    m_postsModel = new PostsTableModel(this);
    m_jobsModel = new JobsTableModel(this);
    m_tabs->addTab(buildPage(PostsTab, m_postsModel, QStringLiteral("posts")), QStringLiteral("Posts"));
    m_tabs->addTab(buildPage(JobsTab, m_jobsModel, QStringLiteral("jobs")), QStringLiteral("Jobs"));
    layout->addWidget(m_tabs);
    m_sorts = tableSorts();
}

QWidget *TablesPane::buildPage(Tab tab, SnapshotTableModel *model, const QString &name)
{
    Page &page = m_pages[tab];
    page.model = model;
    page.name = name;
    auto *w = new QWidget(this);
    auto *layout = new QVBoxLayout(w);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;

    page.state = new QComboBox(w);
    page.state->setObjectName(name + QStringLiteral("StateFilter"));
    for (const auto &[label, key] : model->stateFilters())
        page.state->addItem(label, key);
    page.state->setToolTip(QStringLiteral("Show only rows in this state"));
    bar->addWidget(page.state);

    page.integration = new QComboBox(w);
    page.integration->setObjectName(name + QStringLiteral("IntegrationFilter"));
    page.integration->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    page.integration->setMinimumContentsLength(18);
    page.integration->setToolTip(QStringLiteral("Show only rows of this account"));
    page.integration->addItem(QStringLiteral("All accounts"), QString());
    bar->addWidget(page.integration);

    page.search = new QLineEdit(w);
    page.search->setObjectName(name + QStringLiteral("Search"));
    page.search->setPlaceholderText(tab == PostsTab ? QStringLiteral("Filter: id, content, account, group, error…")
                                                    : QStringLiteral("Filter: job id, post id, queue, account, reason…"));
    page.search->setClearButtonEnabled(true);
    bar->addWidget(page.search, 1);

    page.count = new QLabel(w);
    page.count->setObjectName(name + QStringLiteral("Count"));
    bar->addWidget(page.count);
    layout->addLayout(bar);

    page.proxy = new TableFilterProxy(this);
    page.proxy->setTableModel(model);
    page.view = new QTableView(w);
    page.view->setObjectName(name + QStringLiteral("View"));
    page.view->setModel(page.proxy);
    page.view->setSortingEnabled(true);
    page.view->sortByColumn(model->defaultSortColumn(), Qt::AscendingOrder);
    page.view->setSelectionBehavior(QAbstractItemView::SelectRows);
    page.view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    page.view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    page.view->setAlternatingRowColors(true);
    page.view->setWordWrap(false);
    page.view->verticalHeader()->setVisible(false);
    // Fixed row heights and no per-row sizing keep 100,000 rows cheap.
    page.view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    page.view->verticalHeader()->setDefaultSectionSize(page.view->fontMetrics().height() + 6);
    page.view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    page.view->horizontalHeader()->setStretchLastSection(true);
    page.view->horizontalHeader()->setSortIndicatorShown(true);
    const QFontMetrics fm = page.view->fontMetrics();
    const int timeWidth = fm.horizontalAdvance(QStringLiteral("2026-12-01 09:30:15.000")) + 24;
    if (tab == PostsTab) {
        const int widths[] = {timeWidth, fm.horizontalAdvance(QStringLiteral("PUBLISHED")) + 24,
                              fm.horizontalAdvance(QStringLiteral("Acme Coffee on Instagram (x)")) + 16,
                              fm.horizontalAdvance(QStringLiteral("completed (stalled)")) + 12, timeWidth, timeWidth, timeWidth,
                              fm.horizontalAdvance(QStringLiteral("00000000-0000-0000-0000-000000000000")) + 16,
                              fm.horizontalAdvance(QStringLiteral("00000000-0000-0000")) + 16};
        for (int c = 0; c < int(std::size(widths)); ++c)
            page.view->setColumnWidth(c, widths[c]);
    } else {
        const int widths[] = {fm.horizontalAdvance(QStringLiteral("00000000-0000-0000-0000-000000000000")) + 16,
                              fm.horizontalAdvance(QStringLiteral("queue")) + 30,
                              fm.horizontalAdvance(QStringLiteral("waiting-children")) + 16, timeWidth, timeWidth, timeWidth,
                              timeWidth, fm.horizontalAdvance(QStringLiteral("Attempts")) + 20,
                              fm.horizontalAdvance(QStringLiteral("PUBLISHED")) + 24,
                              fm.horizontalAdvance(QStringLiteral("Acme Coffee on Instagram (x)")) + 16};
        for (int c = 0; c < int(std::size(widths)); ++c)
            page.view->setColumnWidth(c, widths[c]);
    }
    layout->addWidget(page.view, 1);

    page.searchTimer = new QTimer(this);
    page.searchTimer->setSingleShot(true);
    page.searchTimer->setInterval(200);
    connect(page.searchTimer, &QTimer::timeout, this, [this, tab]() { setTextFilter(tab, m_pages[tab].search->text()); });
    connect(page.search, &QLineEdit::textChanged, page.searchTimer, qOverload<>(&QTimer::start));
    connect(page.state, &QComboBox::currentIndexChanged, this,
            [this, tab](int) { setStateFilter(tab, m_pages[tab].state->currentData().toString()); });
    connect(page.integration, &QComboBox::currentIndexChanged, this,
            [this, tab](int) { setIntegrationFilter(tab, m_pages[tab].integration->currentData().toString()); });
    connect(page.view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this, tab]() { userSelectionChanged(tab); });
    connect(page.proxy, &QAbstractItemModel::rowsInserted, this, [this, tab]() { updateCount(tab); });
    connect(page.proxy, &QAbstractItemModel::rowsRemoved, this, [this, tab]() { updateCount(tab); });
    connect(page.proxy, &QAbstractItemModel::modelReset, this, [this, tab]() { updateCount(tab); });
    connect(page.proxy, &QAbstractItemModel::layoutChanged, this, [this, tab]() { updateCount(tab); });
    connect(page.proxy, &TableFilterProxy::sortRequested, this, [this]() {
        if (tableSorts() != m_sorts) {
            m_sorts = tableSorts();
            Q_EMIT tableSortsChanged();
        }
    });
    updateCount(tab);
    return w;
}

void TablesPane::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab);
}

void TablesPane::setStateFilter(Tab tab, const QString &key)
{
    Page &page = m_pages[tab];
    setComboFilter(tab, page.state, key, [&page, &key]() { page.proxy->setStateFilter(key); });
}

void TablesPane::setIntegrationFilter(Tab tab, const QString &integrationId)
{
    Page &page = m_pages[tab];
    setComboFilter(tab, page.integration, integrationId,
                   [&page, &integrationId]() { page.proxy->setIntegrationFilter(integrationId); });
}

void TablesPane::setComboFilter(Tab tab, QComboBox *combo, const QString &value, const std::function<void()> &apply)
{
    const int i = combo->findData(value);
    if (i >= 0 && i != combo->currentIndex()) {
        combo->setCurrentIndex(i); // comes back here through the signal
        return;
    }
    // A filter hides rows, not the selection: keep it and say nothing.
    m_applying = true;
    apply();
    applySelection(m_pages[tab], m_selected);
    m_applying = false;
    updateCount(tab);
}

void TablesPane::setTextFilter(Tab tab, const QString &text)
{
    Page &page = m_pages[tab];
    page.searchTimer->stop();
    if (page.search->text() != text) {
        const QSignalBlocker block(page.search);
        page.search->setText(text);
    }
    // A filter hides rows, not the selection: keep it and say nothing.
    m_applying = true;
    page.proxy->setTextFilter(text);
    applySelection(page, m_selected);
    m_applying = false;
    updateCount(tab);
}

void TablesPane::fillIntegrations(Page &page)
{
    const QString current = page.integration->currentData().toString();
    const QSignalBlocker block(page.integration);
    // A refresh mostly has the same accounts: hundreds of combo items cost ms to rebuild.
    const auto &choices = m_analysis.tablesPrep->integrationChoices;
    bool same = page.integration->count() == int(choices.size()) + 1;
    for (int i = 0; same && i < int(choices.size()); ++i)
        same = page.integration->itemData(i + 1).toString() == choices[size_t(i)].second
            && page.integration->itemText(i + 1) == choices[size_t(i)].first;
    if (!same) {
        page.integration->clear();
        page.integration->addItem(QStringLiteral("All accounts"), QString());
        for (const auto &[label, id] : choices)
            page.integration->addItem(label, id);
    }
    const int i = page.integration->findData(current);
    page.integration->setCurrentIndex(i >= 0 ? i : 0);
    page.proxy->setIntegrationFilter(page.integration->currentData().toString());
}

void TablesPane::updateCount(Tab tab)
{
    Page &page = m_pages[tab];
    const int shown = page.proxy->rowCount();
    const int total = page.model->rowCount();
    page.count->setText(shown == total ? QStringLiteral("%1 rows").arg(total)
                                       : QStringLiteral("%1 of %2 rows").arg(shown).arg(total));
    m_tabs->setTabText(tab, (tab == PostsTab ? QStringLiteral("Posts (") : QStringLiteral("Jobs (")) % QString::number(total)
                                % QLatin1Char(')'));
}

void TablesPane::setAnalysis(const Analysis &analysis)
{
    const QStringList keep = m_selected;
    m_analysis = analysis;
    // Small snapshots come unprepared (big ones were prepared on the rules worker).
    if (!m_analysis.tablesPrep)
        m_analysis.tablesPrep = prepareTables(m_analysis, tableSorts());
    m_applying = true;
    m_postsModel->setAnalysis(m_analysis);
    m_jobsModel->setAnalysis(m_analysis);
    for (Page &page : m_pages)
        fillIntegrations(page);
    m_applying = false;
    updateCount(PostsTab);
    updateCount(JobsTab);
    // Reselect by id; ids gone from the new snapshot drop out quietly.
    selectPosts(keep);
}

void TablesPane::applySelection(Page &page, const QStringList &postIds)
{
    QItemSelection selection;
    std::vector<int> proxyRows;
    for (const QString &id : postIds) {
        const QList<int> rows = page.model->rowsOfPost(id);
        for (int r : rows) {
            const QModelIndex p = page.proxy->mapFromSource(page.model->index(r, 0));
            if (p.isValid())
                proxyRows.push_back(p.row());
        }
    }
    std::sort(proxyRows.begin(), proxyRows.end());
    proxyRows.erase(std::unique(proxyRows.begin(), proxyRows.end()), proxyRows.end());
    const int lastColumn = page.proxy->columnCount() - 1;
    for (size_t i = 0; i < proxyRows.size();) {
        size_t j = i;
        while (j + 1 < proxyRows.size() && proxyRows[j + 1] == proxyRows[j] + 1)
            ++j;
        selection.select(page.proxy->index(proxyRows[i], 0), page.proxy->index(proxyRows[j], lastColumn));
        i = j + 1;
    }
    QItemSelectionModel *sm = page.view->selectionModel();
    sm->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!proxyRows.empty()) {
        const QModelIndex first = page.proxy->index(proxyRows.front(), 0);
        sm->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        page.view->scrollTo(first, QAbstractItemView::EnsureVisible);
    }
}

void TablesPane::selectPosts(const QStringList &postIds)
{
    m_applying = true;
    for (Page &page : m_pages)
        applySelection(page, postIds);
    m_applying = false;
    m_selected = postIds;
}

QStringList TablesPane::postsOf(const Page &page) const
{
    QModelIndexList rows = page.view->selectionModel()->selectedRows(0);
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList ids;
    QSet<QString> seen;
    for (const QModelIndex &r : rows) {
        const QString id = page.model->postIdAt(page.proxy->mapToSource(r).row());
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            ids << id;
        }
    }
    return ids;
}

TableSorts TablesPane::tableSorts() const
{
    return {m_postsModel->sort(), m_jobsModel->sort()};
}

QStringList TablesPane::selectedPosts() const
{
    return m_selected;
}

void TablesPane::userSelectionChanged(Tab tab)
{
    if (m_applying)
        return;
    const QStringList ids = postsOf(m_pages[tab]);
    if (ids == m_selected)
        return;
    m_selected = ids;
    // Mirror it in the other tab, quietly.
    m_applying = true;
    applySelection(m_pages[tab == PostsTab ? JobsTab : PostsTab], ids);
    m_applying = false;
    Q_EMIT selectionChanged(ids);
}

} // namespace postscope
