#pragma once

// What the posts and jobs tables derive from a snapshot, built once per Analysis and
// worker-safe (plain data, no QtGui): the rows in the tables' default sort order, the
// post <-> job links, the account labels and the post id -> rows index. A 100,000-post
// capture builds it on the rules worker (CaptureController), so the GUI thread does no
// sort and no per-row work when the snapshot is handed over.

#include "analysis.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace postscope {

struct TablesPrep {
    // One table: its rows in its default sort order (posts by publishDate, jobs by fire
    // time, ties by capture order); the per-item arrays are indexed by the item's
    // position in Snapshot::posts() / jobs(), not by table row.
    struct Table {
        std::vector<int> order;          // table row -> index into posts() / jobs()
        std::vector<QString> postIds;    // per item: the post it stands for, may be empty
        std::vector<int> account;        // per item: into TablesPrep::accounts, -1 = none
        QHash<QString, QList<int>> rowsByPost; // post id -> table rows, ascending
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

// Builds the tables' preparation for `analysis.snapshot` (null snapshot: empty tables).
// Safe on any thread.
std::shared_ptr<const TablesPrep> prepareTables(const Analysis &analysis);

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
