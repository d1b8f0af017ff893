#pragma once

#include <QSortFilterProxyModel>

namespace postscope {

class SnapshotTableModel;

// Sorts and filters a SnapshotTableModel through its typed accessors (times compare as
// numbers; no QVariant or date formatting per comparison).
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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    SnapshotTableModel *m_model = nullptr;
    QString m_state;
    QString m_integration;
    QString m_text;
};

} // namespace postscope
