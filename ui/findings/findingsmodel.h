#pragma once

#include "analysis.h"

#include <QAbstractItemModel>

#include <array>

namespace postscope {

// The diagnosis as a two-level tree: severity groups (Critical, Warning, Info, and the
// skipped rules) holding one row per finding (or per skipped rule).
class FindingsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Roles {
        KindRole = Qt::UserRole + 1, // Kind
        GroupRole,                   // Group of the row (its own for group rows)
        RuleIdRole,
        PostIdsRole,                 // QStringList
        FindingIndexRole,            // index into Diagnosis::findings (-1 otherwise)
        RuleRunIndexRole,            // index into Diagnosis::rules for skipped rows (-1 otherwise)
        SearchTextRole,              // lower-case text the search box matches
        ChildCountRole,              // group rows: how many rows they hold
    };
    enum Kind { GroupKind, FindingKind, SkippedKind };
    enum Group { CriticalGroup, WarningGroup, InfoGroup, SkippedGroup, GroupCount };
    enum Column { TitleColumn, RuleColumn, PostsColumn, ColumnCount };

    explicit FindingsModel(QObject *parent = nullptr);

    void setAnalysis(const Analysis &analysis);
    const Analysis &analysis() const { return m_analysis; }
    static QString groupName(int group);
    static int groupOf(Severity s);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row of a finding, for restoring a selection: by rule and posts.
    QModelIndex indexOfFinding(const QString &ruleId, const QStringList &postIds) const;
    QModelIndex indexOfFindingIndex(int findingIndex) const;

private:
    Analysis m_analysis;
    std::array<std::vector<int>, GroupCount> m_rows; // finding indexes, or rule-run indexes for SkippedGroup
    std::vector<QString> m_searchText;               // per finding
    std::vector<QString> m_skippedSearchText;        // per rule run
};

} // namespace postscope
