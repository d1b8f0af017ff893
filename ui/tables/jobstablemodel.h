#pragma once

#include "snapshottablemodel.h"

namespace postscope {

// One row per BullMQ job of the snapshot (every queue read); a row maps to its post: the
// job id in Postiz's queue, else data.id.
class JobsTableModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Roles {
        PostIdRole = Qt::UserRole + 1,
        JobIdRole,
        SortRole,          // qint64 for times and numbers, else the display text
        StateKeyRole,      // "delayed", "active", …
        IntegrationIdRole, // of the post, when it is in the snapshot
    };
    enum Column {
        JobIdColumn,
        QueueColumn,
        StateColumn,
        FireTimeColumn,
        AddedColumn,
        ProcessedColumn,
        FinishedColumn,
        AttemptsColumn,
        PostStateColumn,
        AccountColumn,
        FlagsColumn,
        ColumnCount
    };

    explicit JobsTableModel(QObject *parent = nullptr);

    bool lessThanRows(int left, int right, int column) const override;
    // The comparison behind lessThanRows, on items (indexes into s.jobs()): any thread.
    static bool lessThanItems(const Snapshot &s, const TablesPrep &prep, int a, int b, int column);
    bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const override;
    std::vector<std::pair<QString, QString>> stateFilters() const override;
    int defaultSortColumn() const override { return FireTimeColumn; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    const Job &job(int row) const { return m_analysis.snapshot->jobs()[size_t(itemAt(row))]; }
    const Post *post(int row) const;
    QString flags(int row) const;
};

} // namespace postscope
