#pragma once

#include "snapshottablemodel.h"

namespace postscope {

// One row per Post row of the snapshot.
class PostsTableModel : public SnapshotTableModel
{
    Q_OBJECT
public:
    enum Roles {
        PostIdRole = Qt::UserRole + 1,
        SortRole,          // qint64 for times, else the display text
        StateKeyRole,      // "QUEUE", "PUBLISHED", …
        IntegrationIdRole,
        NoJobRole,         // bool: QUEUE, live, top-level, no job
    };
    enum Column {
        PublishDateColumn,
        StateColumn,
        AccountColumn,
        JobColumn,
        FireTimeColumn,
        CreatedColumn,
        DeletedColumn,
        IdColumn,
        GroupColumn,
        ContentColumn,
        ColumnCount
    };

    explicit PostsTableModel(QObject *parent = nullptr);

    bool lessThanRows(int left, int right, int column) const override;
    // The comparison behind lessThanRows, on items (indexes into s.posts()): any thread.
    static bool lessThanItems(const Snapshot &s, const TablesPrep &prep, int a, int b, int column);
    bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const override;
    std::vector<std::pair<QString, QString>> stateFilters() const override;
    int defaultSortColumn() const override { return PublishDateColumn; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    const Post &post(int row) const { return m_analysis.snapshot->posts()[size_t(itemAt(row))]; }
    const Job *job(int row) const;
    bool noJob(int row) const { return prep()->noJob[size_t(itemAt(row))] != 0; }
    QString jobText(int row) const;
};

} // namespace postscope
