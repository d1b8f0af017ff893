#include "logpane.h"

#include "loglinemodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace postscope {

LogPane::LogPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new LogLineModel(this))
    , m_proxy(new LogLineFilter(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LogLineModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *open = new QPushButton(QStringLiteral("Open log…"), this);
    open->setToolTip(QStringLiteral("Open pm2, docker or plain log files (Ctrl+L)"));
    connect(open, &QPushButton::clicked, this, &LogPane::openRequested);
    bar->addWidget(open);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(QStringLiteral("Filter lines…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_proxy->setFilterFixedString(t);
        updateSummary();
    });
    bar->addWidget(m_filter, 1);
    m_onlyLinked = new QCheckBox(QStringLiteral("Only linked to a post"), this);
    m_onlyLinked->setChecked(true);
    connect(m_onlyLinked, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setOnlyLinked(on);
        updateSummary();
    });
    bar->addWidget(m_onlyLinked);
    layout->addLayout(bar);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_view = new QTableView(this);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(LogLineModel::TimeColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (m_programmatic || !current.isValid())
            return;
        const QStringList ids = current.siblingAtColumn(0).data(LogLineModel::PostIdsRole).toStringList();
        if (!ids.isEmpty())
            Q_EMIT postSelected(ids);
    });
    updateSummary();
}

void LogPane::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = snapshot;
    m_model->setSnapshot(std::move(snapshot));
    m_view->resizeColumnsToContents();
    const int maxPosts = m_view->fontMetrics().averageCharWidth() * 40;
    if (m_view->columnWidth(LogLineModel::PostsColumn) > maxPosts)
        m_view->setColumnWidth(LogLineModel::PostsColumn, maxPosts);
    updateSummary();
}

void LogPane::showPost(const QString &postId)
{
    if (postId.isEmpty())
        return;
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(LogLineModel::PostIdsRole).toStringList().contains(postId)) {
            m_programmatic = true;
            m_view->setCurrentIndex(i);
            m_view->scrollTo(i);
            m_programmatic = false;
            return;
        }
    }
}

int LogPane::visibleRows() const
{
    return m_proxy->rowCount();
}

void LogPane::updateSummary()
{
    const int total = m_model->rowCount();
    if (total == 0) {
        m_summary->setText(QStringLiteral("No log lines yet. Open the Postiz backend or worker logs (pm2, docker "
                                          "or plain) to link their lines to the posts."));
        return;
    }
    int linked = 0;
    for (const LogLine &l : m_snapshot->logLines())
        linked += l.postIds.isEmpty() ? 0 : 1;
    m_summary->setText(QStringLiteral("%1 lines kept, %2 linked to a post, %3 shown.").arg(total).arg(linked).arg(visibleRows()));
}

} // namespace postscope
