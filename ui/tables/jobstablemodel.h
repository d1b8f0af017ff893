#pragma once

#include "snapshottablemodel.h"

#include <QHash>

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

    void setAnalysis(const Analysis &analysis) override;
    QString postIdAt(int row) const override;
    QList<int> rowsOfPost(const QString &postId) const override;
    bool lessThanRows(int left, int right, int column) const override;
    bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const override;
    std::vector<std::pair<QString, QString>> stateFilters() const override;
    int defaultSortColumn() const override { return FireTimeColumn; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Job &job(int row) const { return m_analysis.snapshot->jobs()[size_t(row)]; }
    const Post *post(int row) const;
    QString accountName(int row) const;
    QString flags(int row) const;

    Analysis m_analysis;
    std::vector<QString> m_postIds;  // per row
    std::vector<int> m_postRow;      // index into posts(), -1 = not in the snapshot
    std::vector<QString> m_accounts; // per integration
    std::vector<int> m_accountRow;   // -1 = none
    QHash<QString, QList<int>> m_rowsByPost;
};

} // namespace postscope
