#include "snapshottablemodel.h"

namespace postscope {

SnapshotTableModel::SnapshotTableModel(Kind kind, QStringList headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
    , m_headers(std::move(headers))
    , m_prep(prepareTables(Analysis()))
{
}

void SnapshotTableModel::setAnalysis(const Analysis &analysis)
{
    beginResetModel();
    m_analysis = analysis;
    m_prep = analysis.tablesPrep ? analysis.tablesPrep : prepareTables(analysis);
    endResetModel();
}

QString SnapshotTableModel::postIdAt(int row) const
{
    return row >= 0 && row < rowCount() ? table().postIds[size_t(itemAt(row))] : QString();
}

QList<int> SnapshotTableModel::rowsOfPost(const QString &postId) const
{
    return postId.isEmpty() ? QList<int>() : table().rowsByPost.value(postId);
}

QString SnapshotTableModel::accountOf(int item) const
{
    const int a = table().account[size_t(item)];
    return a < 0 ? QString() : m_prep->accounts[size_t(a)];
}

int SnapshotTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(table().order.size());
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
