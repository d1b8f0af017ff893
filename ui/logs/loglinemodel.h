#pragma once

#include "core/snapshot.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace postscope {

// The snapshot's log lines, one row each.
class LogLineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, PostsColumn, SourceColumn, TextColumn, ColumnCount };
    enum Roles { SortRole = Qt::UserRole + 1, PostIdsRole, LinkedRole };

    explicit LogLineModel(QObject *parent = nullptr);
    void setSnapshot(SnapshotPtr snapshot);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    SnapshotPtr m_snapshot;
};

// Text filter over every column plus "only lines linked to a post".
class LogLineFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setOnlyLinked(bool on);
    bool onlyLinked() const { return m_onlyLinked; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    bool m_onlyLinked = true;
};

} // namespace postscope
