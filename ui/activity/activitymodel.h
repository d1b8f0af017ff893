#pragma once

#include "core/snapshot.h"

#include <QAbstractTableModel>

namespace postscope {

// Every query and Redis command of one capture (Snapshot::activity), one row each.
class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SourceColumn, StartedColumn, DurationColumn, RowsColumn, BytesColumn, CommandColumn, ErrorColumn, ColumnCount };
    enum Roles { SortRole = Qt::UserRole + 1 };

    explicit ActivityModel(QObject *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Totals {
        int commands = 0;
        int errors = 0;
        qint64 durationUs = 0;
        qint64 rows = 0;
        qint64 bytes = 0;
    };
    Totals totals(const QString &source = {}) const; // empty = all sources

private:
    SnapshotPtr m_snapshot;
};

QString formatBytes(qint64 bytes);
QString formatDurationUs(qint64 us);

} // namespace postscope
