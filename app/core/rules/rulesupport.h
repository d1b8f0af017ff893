#pragma once

// Small shared helpers for the rules: names, times and the "verify by hand" lines, so
// every rule words things the same way and uses the correct BullMQ key names.

#include "rule.h"
#include "ruleindex.h"

#include <QHash>

#include <algorithm>

namespace postscope::rulesupport {

// "2026-01-15 14:30:15.000 UTC"
QString utc(qint64 ms);
// "15 s", "2 min 5 s", "3 h 10 min", "2 d 4 h" (sign kept for negatives)
QString duration(qint64 ms);
// "Acme on X (x)" or the id when the integration is not in the snapshot
QString integrationName(const Snapshot &s, const QString &integrationId);
// "post 1f2e… (Acme on X, 2026-01-15 14:30:00.000 UTC)"
QString postLabel(const Snapshot &s, const Post &p);

// The BullMQ key of a structure of the scope's queue: key(s, "delayed") → "bull:post:delayed".
QString key(const Snapshot &s, const QString &suffix);

// Read-only verify lines with the ids filled in.
QString sqlPost(const QStringList &postIds);            // SELECT id, state, "publishDate", … FROM "Post" WHERE id IN (…);
QString sqlPostsOfIntegration(const QString &integrationId, qint64 from, qint64 to);
QString sqlErrorsOfPost(const QString &postId);
QString redisJob(const Snapshot &s, const QString &jobId);       // HGETALL bull:post:<id>
QString redisDelayedScore(const Snapshot &s, const QString &jobId); // ZSCORE bull:post:delayed <id>
QString redisEvents(const Snapshot &s, int count = 200);         // XREVRANGE bull:post:events + - COUNT 200
QString redisScanQueue(const Snapshot &s);                       // SCAN 0 MATCH bull:post:* COUNT 1000

// Live: not soft-deleted; top-level: no parent (only those get jobs in Postiz).
inline bool isLiveTopLevel(const Post &p) { return !p.isDeleted() && p.isTopLevel(); }

// The span the events stream of the scope's queue still covers: an absent event is
// evidence only for times at or after coversFrom. nullopt when no events were read.
std::optional<qint64> eventsCoverFrom(const Snapshot &s);

Finding makeFinding(const RuleInfo &info);

// With a reason, marks the outcome skipped (and returns true): `if (skipped(out, why)) return out;`
bool skipped(RuleOutcome &out, const QString &why);

// What a rule must have read before it can judge.
enum Need : unsigned {
    NeedsRedis = 1,    // the scope's queue
    NeedsPostgres = 2, // posts and integrations
};
// Why a rule cannot run, in words: the first of Redis, PostgreSQL and the "Table.column"s
// named that is missing; empty when it can.
// `if (skipped(out, unavailable(s, NeedsRedis | NeedsPostgres))) return out;`
QString unavailable(const Snapshot &s, unsigned needs, const QStringList &columns = {});

// A rule of the catalog: its static data, and what it must have read before it can judge.
// evaluate() skips with unavailable()'s reason when something is missing, else calls
// judge(), which adds the findings (and may still skip for a reason of its own).
class CatalogRule : public Rule
{
public:
    CatalogRule(RuleInfo info, unsigned needs, QStringList columns = {});

    const RuleInfo &info() const final { return m_info; }
    RuleOutcome evaluate(const Snapshot &snapshot, const RuleContext &context) const final;

protected:
    virtual void judge(const Snapshot &snapshot, const RuleContext &context, RuleOutcome &out) const = 0;

private:
    RuleInfo m_info;
    unsigned m_needs;
    QStringList m_columns;
};

// Why a rule cannot judge the Redis side: empty when the scope's queue was read, else the
// reason in words (no Redis URL, connection failed, lost before the queue was read).
QString redisUnavailable(const Snapshot &s);
// The same for PostgreSQL: empty when it was read.
QString postgresUnavailable(const Snapshot &s);
// Empty when the database has every "Table.column" named, else "the database lacks …".
QString missingColumns(const Snapshot &s, const QStringList &tableColumns);
// SELECT id, name, "providerIdentifier", disabled, "refreshNeeded", "deletedAt" FROM "Integration" … (never the tokens)
QString sqlIntegration(const QString &integrationId);

// A post's failure texts with where each came from: "Post.error", "Errors.message",
// "Errors.body", "job failedReason", "log line N". Log lines need an index built once per
// rule run (logLinesByPost), so the caller passes it.
struct FailureText {
    QString source;
    QString text;
    int logLine = -1; // index into Snapshot::logLines() when it came from a log line
};
QHash<QString, QList<int>> logLinesByPost(const Snapshot &s);
std::vector<FailureText> failureTexts(const Snapshot &s, const Post &p, const QHash<QString, QList<int>> &logIndex);
// The rate-limit signal in a failure text ("HTTP 429", "X code 88", "Meta code 4", …),
// empty when there is none. Meta's bare codes count only for Meta providers or in
// Meta's "(#4)" form.
QString rateLimitSignal(const QString &text, const QString &provider);
// provider-error's classes: "limiter", "duplicate", "auth", "media", "unknown".
QString providerErrorClass(const QString &text);
// The provider's own words: "message" of a JSON error (also body.message), else the text.
QString providerMessage(const QString &text);
// "a, b, c and 4 more" (at most `max` named)
QString idList(const QStringList &ids, int max = 3);

// The classes of two or more items whose texts are equal, items in their given order
// (duplicate-content's contents, group-collision's groups). Hashes are sorted, not the
// strings: nearly every item has a text of its own and costs one hash.
template<typename TextOf>
std::vector<std::vector<int>> equalTexts(const std::vector<int> &items, TextOf textOf)
{
    std::vector<std::pair<size_t, size_t>> keyed; // (hash, position in items)
    keyed.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        keyed.emplace_back(qHash(QStringView(textOf(items[i]))), i);
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::vector<int>> classes;
    std::vector<int> pending;
    std::vector<int> rest;
    for (size_t a = 0; a < keyed.size();) {
        size_t b = a + 1;
        while (b < keyed.size() && keyed[b].first == keyed[a].first)
            ++b;
        pending.clear();
        for (size_t k = a; k < b && b - a >= 2; ++k)
            pending.push_back(items[keyed[k].second]);
        a = b;
        while (pending.size() >= 2) { // one hash, maybe several texts
            const QStringView text = textOf(pending.front());
            std::vector<int> same;
            rest.clear();
            for (int item : pending)
                (QStringView(textOf(item)) == text ? same : rest).push_back(item);
            if (same.size() >= 2)
                classes.push_back(std::move(same));
            pending.swap(rest);
        }
    }
    return classes;
}

// The ranges [from, to) of two or more consecutive times (ascending) in which each is
// within `gap` of the previous one.
std::vector<std::pair<size_t, size_t>> closeRuns(std::span<const qint64> times, qint64 gap);

// Scheduled posts (live, top-level, not drafts) of one integration in runs in which each
// is within `gap` of the previous one (gap 0: the same instant), integration after
// integration; only runs of two or more with a post in the capture's window.
// duplicate-time-slot and near-simultaneous.
std::vector<std::vector<int>> scheduledRuns(const RuleIndex &index, qint64 gap);

// A job that will still run or is running: in wait, paused, active, delayed, prioritized
// or waiting-children of the scope's queue. nullptr when the post has none.
const Job *pendingJobForPost(const Snapshot &s, const QString &postId);
// Any trace of a job for the post in Redis (a hash or an id in any state structure).
bool hasAnyJob(const Snapshot &s, const QString &postId);

// What the events stream says about one job id of the scope's queue since its latest
// `added` (all its events when no `added` was kept): indexes into Snapshot::events(),
// -1 when absent. lastEnd is the latest of removed / completed / failed.
struct JobHistory {
    int eventCount = 0;
    int lastAdded = -1;
    int lastRemoved = -1;
    int lastCompleted = -1;
    int lastFailed = -1;
    int lastEnd = -1;
};
JobHistory jobHistory(const Snapshot &s, const QString &jobId);

// Calls visit(post, its job's history) for each live top-level QUEUE post in the capture's
// window with no trace of a job in Redis (RuleIndex::joblessQueued), in row order: the
// history tells job-removed's posts (removed by another save) from missing-job's.
template<typename Visit>
void forEachJoblessQueued(const Snapshot &s, const RuleContext &c, Visit &&visit)
{
    const auto index = RuleIndex::of(s, c);
    for (int row : index->joblessQueued()) {
        const Post &p = s.posts()[size_t(row)];
        visit(p, jobHistory(s, p.id));
    }
}

} // namespace postscope::rulesupport
