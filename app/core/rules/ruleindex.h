#pragma once

#include "rule.h"

#include <memory>
#include <mutex>
#include <span>

namespace postscope {

// Compact views of one snapshot that several rules walk, so a diagnosis reads the 100,000
// posts of a large workspace once instead of once per rule: each post's state in a byte,
// the posts still to look at per state, and the scheduled posts of every integration by
// publishDate, the jobs still to run with their posts. diagnose() puts one into the
// RuleContext; a rule run on its own (tests, the benchmark) gets a fresh one. The per-post
// part is built with the index (one pass), the others on first use (thread-safely). It
// refers to the snapshot: it must not outlive it.
class RuleIndex
{
public:
    explicit RuleIndex(const Snapshot &snapshot);
    RuleIndex(const RuleIndex &) = delete;
    RuleIndex &operator=(const RuleIndex &) = delete;
    ~RuleIndex();

    // The context's index when it was made for this snapshot, else a new one.
    static std::shared_ptr<const RuleIndex> of(const Snapshot &snapshot, const RuleContext &context);
    bool isFor(const Snapshot &snapshot) const;

    const Snapshot &snapshot() const { return m_snapshot; }

    // Per post row, without touching the Post.
    PostState state(int row) const { return PostState(m_state[size_t(row)]); }
    bool isLiveTopLevel(int row) const { return m_liveTopLevel[size_t(row)] != 0; }
    qint64 publishDate(int row) const { return m_publishDate[size_t(row)]; }
    // Live top-level posts in QUEUE, by row.
    const std::vector<int> &liveQueued() const { return m_liveQueued; }
    // Of those, the ones in the capture's window with no trace of a job in Redis (neither
    // a hash nor an id in a state structure; see rulesupport::hasAnyJob).
    const std::vector<int> &joblessQueued() const;
    // Posts in ERROR (soft-deleted ones and thread children too), by row.
    const std::vector<int> &errored() const { return m_errored; }

    // The scheduled posts (live, top-level, not drafts) of each integration, by publishDate
    // (ties in row order, as Snapshot::postsOfIntegration). Integrations are numbered in
    // the order their first post appears in the snapshot, including integrations whose
    // posts are all unscheduled (an empty lane).
    int laneCount() const { return int(lanes().integration.size()); }
    std::span<const int> laneRows(int lane) const;
    std::span<const qint64> laneDates(int lane) const;
    const QString &laneIntegration(int lane) const { return lanes().integration[size_t(lane)]; }
    // The lane of an integration id, -1 when no post names it.
    int laneOf(const QString &integrationId) const;

    // The jobs of the scope's queue that will still run or are running (delayed, wait,
    // paused, active, prioritized) with the post of the same id (nullptr when none), in
    // job order.
    struct QueuedJob {
        const Job *job = nullptr;
        const Post *post = nullptr;
    };
    const std::vector<QueuedJob> &queuedJobs() const;

    // The row of the first event of each job id in the scope's queue's events stream,
    // in stream order.
    const std::vector<int> &firstEventOfJobs() const;

private:
    struct Lanes {
        std::vector<int> rows;
        std::vector<qint64> dates;
        std::vector<int> bounds; // lane k is [bounds[k], bounds[k + 1])
        std::vector<QString> integration;
        QHash<QString, int> byIntegration;
    };
    const Lanes &lanes() const;

    const Snapshot &m_snapshot;
    std::vector<quint8> m_state;
    std::vector<quint8> m_liveTopLevel;
    std::vector<qint64> m_publishDate;
    std::vector<int> m_liveQueued;
    std::vector<int> m_errored;
    mutable std::once_flag m_lanesOnce;
    mutable Lanes m_lanes;
    mutable std::once_flag m_joblessOnce;
    mutable std::vector<int> m_jobless;
    mutable std::once_flag m_queuedJobsOnce;
    mutable std::vector<QueuedJob> m_queuedJobs;
    mutable std::once_flag m_firstEventsOnce;
    mutable std::vector<int> m_firstEvents;
};

} // namespace postscope
