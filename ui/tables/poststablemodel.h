#pragma once

#include "snapshottablemodel.h"

#include <QHash>

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

    void setAnalysis(const Analysis &analysis) override;
    QString postIdAt(int row) const override;
    QList<int> rowsOfPost(const QString &postId) const override;
    bool lessThanRows(int left, int right, int column) const override;
    bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const override;
    std::vector<std::pair<QString, QString>> stateFilters() const override;
    int defaultSortColumn() const override { return PublishDateColumn; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Post &post(int row) const { return m_analysis.snapshot->posts()[size_t(row)]; }
    const Job *job(int row) const;
    QString accountName(int row) const;
    QString jobText(int row) const;

    Analysis m_analysis;
    std::vector<int> m_jobRow;       // index into jobs(), -1 = none
    std::vector<int> m_accountRow;   // index into m_accounts
    std::vector<QString> m_accounts; // "Name (provider)" per integration, computed once
    std::vector<bool> m_noJob;
    QHash<QString, QList<int>> m_rowsById;
};

} // namespace postscope
