#include "snapshottablemodel.h"

#include <algorithm>

namespace postscope {

SnapshotTableModel::SnapshotTableModel(Kind kind, QStringList headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
    , m_headers(std::move(headers))
    , m_prep(prepareTables(Analysis()))
    , m_sort(normalisedSort(kind == Kind::Jobs, TableSort()))
{
}

void SnapshotTableModel::setOrder(std::vector<int> order)
{
    m_order = std::move(order);
    m_rowOfItem.assign(m_order.size(), -1);
    for (size_t r = 0; r < m_order.size(); ++r)
        m_rowOfItem[size_t(m_order[r])] = int(r);
}

void SnapshotTableModel::setAnalysis(const Analysis &analysis)
{
    beginResetModel();
    m_analysis = analysis;
    if (analysis.tablesPrep) {
        m_prep = analysis.tablesPrep;
    } else {
        TableSorts sorts;
        (isJobs() ? sorts.jobs : sorts.posts) = m_sort;
        m_prep = prepareTables(analysis, sorts);
    }
    if (table().sort == m_sort || !m_analysis.snapshot) {
        setOrder(table().order);
    } else {
        // Prepared for another sort (the user sorted while the worker ran).
        ++m_sortCount;
        setOrder(tableOrder(*m_analysis.snapshot, *m_prep, isJobs(), m_sort));
    }
    endResetModel();
}

void SnapshotTableModel::sortBy(int column, Qt::SortOrder order)
{
    const TableSort sort = normalisedSort(isJobs(), {column, order});
    if (sort == m_sort)
        return;
    const bool reverse = sort.column == m_sort.column;
    m_sort = sort;
    if (m_order.empty() || !m_analysis.snapshot)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const std::vector<int> oldOrder = m_order;
    std::vector<int> newOrder;
    if (reverse) {
        // The comparisons are a strict total order: the other way round is the reverse.
        newOrder.assign(oldOrder.rbegin(), oldOrder.rend());
    } else {
        ++m_sortCount;
        newOrder = tableOrder(*m_analysis.snapshot, *m_prep, isJobs(), m_sort);
    }
    setOrder(std::move(newOrder));
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &i : from)
        to << index(m_rowOfItem[size_t(oldOrder[size_t(i.row())])], i.column());
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QString SnapshotTableModel::postIdAt(int row) const
{
    return row >= 0 && row < rowCount() ? table().postIds[size_t(itemAt(row))] : QString();
}

QList<int> SnapshotTableModel::rowsOfPost(const QString &postId) const
{
    if (postId.isEmpty())
        return {};
    QList<int> rows = table().itemsByPost.value(postId);
    for (int &r : rows)
        r = m_rowOfItem[size_t(r)];
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString SnapshotTableModel::accountOf(int item) const
{
    const int a = table().account[size_t(item)];
    return a < 0 ? QString() : m_prep->accounts[size_t(a)];
}

int SnapshotTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_order.size());
}

int SnapshotTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_headers.size())
        return QVariant();
    return m_headers.at(section);
}

} // namespace postscope
