#pragma once

#include <QSortFilterProxyModel>

namespace postscope {

class SnapshotTableModel;

// Sorts and filters a SnapshotTableModel through its typed accessors (times compare as
// numbers; no QVariant or date formatting per comparison). The model's rows already stand
// in its default column's order, so that column, either way round, costs no sort.
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

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The column the rows are shown sorted by (sortColumn() is -1 for the default one
    // ascending).
    int shownSortColumn() const { return m_sortColumn; }

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
};

} // namespace postscope
