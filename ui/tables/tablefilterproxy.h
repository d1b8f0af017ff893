#pragma once

#include <QSortFilterProxyModel>

namespace postscope {

class SnapshotTableModel;

// Filters a SnapshotTableModel through its typed accessors, and passes sorting on to it:
// the model's rows stand in the sort's order (prepared on the rules worker for a new
// capture), so the proxy itself never sorts (sortColumn() stays -1) and a capture's
// hand-over costs no sort on the GUI thread whatever column the table is sorted by.
class TableFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TableFilterProxy(QObject *parent = nullptr);

    void setTableModel(SnapshotTableModel *model);
    SnapshotTableModel *tableModel() const { return m_model; }

    void setStateFilter(const QString &key);
    void setIntegrationFilter(const QString &integrationId);
    void setTextFilter(const QString &text);
    QString stateFilter() const { return m_state; }
    QString integrationFilter() const { return m_integration; }
    QString textFilter() const { return m_text; }

    // Sorts the model (SnapshotTableModel::sortBy), not the proxy.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The column and order the rows are shown sorted by (sortColumn() is always -1).
    int shownSortColumn() const;
    Qt::SortOrder shownSortOrder() const;

Q_SIGNALS:
    // sort() was called (the user clicked a header, or the pane set a sort).
    void sortRequested(int column, Qt::SortOrder order);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    SnapshotTableModel *m_model = nullptr;
    QString m_state;
    QString m_integration;
    QString m_text;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace postscope
