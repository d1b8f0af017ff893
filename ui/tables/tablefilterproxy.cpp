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
    if (m_model && m_sortColumn >= 0)
        m_model->sortBy(m_sortColumn, m_sortOrder);
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
    m_sortOrder = order;
    // The model reorders its rows as a layout change; the proxy maps them in source
    // order (its own sort column stays -1), keeping persistent indexes through it.
    if (m_model)
        m_model->sortBy(column, order);
    Q_EMIT sortRequested(column, order);
}

int TableFilterProxy::shownSortColumn() const
{
    return m_model ? m_model->sort().column : m_sortColumn;
}

Qt::SortOrder TableFilterProxy::shownSortOrder() const
{
    return m_model ? m_model->sort().order : m_sortOrder;
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
    // Unused while the proxy's sort column stays -1; kept right for anyone who sorts it.
    return m_model->lessThanRows(left.row(), right.row(), left.column());
}

} // namespace postscope
