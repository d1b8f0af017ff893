#include "tablefilterproxy.h"

#include "snapshottablemodel.h"

namespace postscope {

TableFilterProxy::TableFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void TableFilterProxy::setTableModel(SnapshotTableModel *model)
{
    m_model = model;
    setSourceModel(model);
}

void TableFilterProxy::setStateFilter(const QString &key)
{
    if (key == m_state)
        return;
    m_state = key;
    refilter();
}

void TableFilterProxy::setIntegrationFilter(const QString &integrationId)
{
    if (integrationId == m_integration)
        return;
    m_integration = integrationId;
    refilter();
}

void TableFilterProxy::setTextFilter(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    refilter();
}

void TableFilterProxy::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    // Source order (sort column -1) is the default column's ascending order. Qt 6.4
    // restores only ascending source order, so descending still sorts, by row numbers.
    if (m_model && column >= 0 && column == m_model->defaultSortColumn() && order == Qt::AscendingOrder)
        column = -1;
    QSortFilterProxyModel::sort(column, order);
}

void TableFilterProxy::refilter()
{
    // One layout change instead of a rowsRemoved/rowsInserted per scattered range: with
    // 100,000 sorted rows the incremental path cost seconds in the view.
    invalidate();
}

bool TableFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_model)
        return false;
    return m_model->acceptsRow(sourceRow, m_state, m_integration, m_text);
}

bool TableFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // The rows stand in the default column's order already.
    if (left.column() == m_model->defaultSortColumn())
        return left.row() < right.row();
    return m_model->lessThanRows(left.row(), right.row(), left.column());
}

} // namespace postscope
