#include "findingsfilterproxy.h"

#include "findingsmodel.h"

namespace postscope {

FindingsFilterProxy::FindingsFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void FindingsFilterProxy::setGroupEnabled(int group, bool enabled)
{
    if (group < 0 || group >= int(m_enabled.size()) || m_enabled[size_t(group)] == enabled)
        return;
    m_enabled[size_t(group)] = enabled;
    invalidateRowsFilter();
}

bool FindingsFilterProxy::isGroupEnabled(int group) const
{
    return group >= 0 && group < int(m_enabled.size()) && m_enabled[size_t(group)];
}

void FindingsFilterProxy::setSearchText(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == m_search)
        return;
    m_search = lower;
    m_words = lower.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateRowsFilter();
    // The group labels count the visible rows.
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), {Qt::DisplayRole});
}

bool FindingsFilterProxy::matches(const QModelIndex &sourceIndex) const
{
    if (m_words.isEmpty())
        return true;
    const QString text = sourceIndex.data(FindingsModel::SearchTextRole).toString();
    for (const QString &w : m_words)
        if (!text.contains(w))
            return false;
    return true;
}

bool FindingsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *src = sourceModel();
    if (!sourceParent.isValid()) {
        if (!isGroupEnabled(sourceRow))
            return false;
        if (m_words.isEmpty())
            return true;
        const QModelIndex group = src->index(sourceRow, 0);
        const int n = src->rowCount(group);
        for (int r = 0; r < n; ++r)
            if (matches(src->index(r, 0, group)))
                return true;
        return false;
    }
    return isGroupEnabled(sourceParent.row()) && matches(src->index(sourceRow, 0, sourceParent));
}

QVariant FindingsFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::DisplayRole && index.isValid() && !index.parent().isValid() && index.column() == 0
        && !m_words.isEmpty()) {
        const QModelIndex src = mapToSource(index);
        const int total = src.data(FindingsModel::ChildCountRole).toInt();
        const int shown = rowCount(index);
        return QString(FindingsModel::groupName(src.row()) % QStringLiteral(" (") % QString::number(shown)
                       % QStringLiteral(" of ") % QString::number(total) % QLatin1Char(')'));
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace postscope
