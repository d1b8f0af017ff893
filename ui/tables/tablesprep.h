#pragma once

// What the posts and jobs tables derive from a snapshot, built once per Analysis and
// worker-safe (plain data, no QtGui): the rows in the tables' current sort order, the
// post <-> job links, the account labels and the post id -> rows index. A 100,000-post
// capture builds it on the rules worker (CaptureController) for the sort each table
// shows (TableSorts), so the GUI thread does no sort and no per-row work when the
// snapshot is handed over, whatever column the user sorted by.

#include "analysis.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace postscope {

// A table's sort: column -1 (or out of range) stands for its default column ascending.
struct TableSort {
    int column = -1;
    Qt::SortOrder order = Qt::AscendingOrder;
    friend bool operator==(const TableSort &, const TableSort &) = default;
};
struct TableSorts {
    TableSort posts;
    TableSort jobs;
    friend bool operator==(const TableSorts &, const TableSorts &) = default;
};

struct TablesPrep;
// The posts' (jobs == false) or jobs' items (indexes into posts() / jobs()) in `sort`'s
// order: the column's comparison, ties as each model defines them, then capture order;
// descending is exactly the ascending order reversed (as QSortFilterProxyModel gives it).
// `sort` must be normalised (normalisedSort). Safe on any thread.
std::vector<int> tableOrder(const Snapshot &s, const TablesPrep &prep, bool jobs, TableSort sort);

struct TablesPrep {
    // One table: its rows in `sort`'s order (by default posts by publishDate, jobs by
    // fire time, ties by capture order); the per-item arrays are indexed by the item's
    // position in Snapshot::posts() / jobs(), not by table row.
    struct Table {
        TableSort sort;                  // normalised: the column `order` is sorted by
        std::vector<int> order;          // table row -> index into posts() / jobs()
        std::vector<QString> postIds;    // per item: the post it stands for, may be empty
        std::vector<int> account;        // per item: into TablesPrep::accounts, -1 = none
        QHash<QString, QList<int>> itemsByPost; // post id -> items, ascending
    };
    Table posts;
    Table jobs;
    std::vector<QString> accounts;      // "Name (provider)" per integration met
    std::vector<int> jobOfPost;         // per post: into jobs(), -1 = none
    std::vector<char> noJob;            // per post: QUEUE, live, top-level, no job (lacksJob)
    std::vector<int> postOfJob;         // per job: into posts(), -1 = not in the snapshot
    // The account filters' entries, (label, id), sorted by label case-insensitively.
    std::vector<std::pair<QString, QString>> integrationChoices;
};

// `sort` with its column resolved: the table's default column ascending when -1.
TableSort normalisedSort(bool jobs, TableSort sort);

// Builds the tables' preparation for `analysis.snapshot` (null snapshot: empty tables),
// each table's rows in `sorts`' order. Safe on any thread.
std::shared_ptr<const TablesPrep> prepareTables(const Analysis &analysis, const TableSorts &sorts = {});

namespace tablecells {
// "2026-01-15 14:30:00.000", UTC.
QString time(qint64 ms);
QString time(const std::optional<qint64> &ms);
// -1, 0, 1 like strcmp; an absent value sorts first.
template<typename T>
int compare(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}
int compare(const std::optional<qint64> &a, const std::optional<qint64> &b);
} // namespace tablecells

} // namespace postscope
