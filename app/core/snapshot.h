#pragma once

#include "model.h"

#include <QHash>

#include <memory>

namespace postscope {

// Everything one capture read. Filled by the sources (or a snapshot file), then frozen
// into a Snapshot, which only adds the indexes.
struct SnapshotData {
    CaptureScope scope;
    qint64 capturedAt = 0;      // ms UTC, the capture's "now" (start of the capture)
    qint64 captureFinishedAt = 0;
    QString postscopeVersion;
    ServerFacts server;
    std::vector<Organization> organizations;
    std::vector<Integration> integrations;
    std::vector<Post> posts;
    std::vector<ErrorRow> errors;
    std::vector<QueueInfo> queues;
    std::vector<Job> jobs;            // all queues
    std::vector<QueueEvent> events;   // all queues, oldest first
    std::vector<WorkerConnection> workers;
    std::vector<LogLine> logLines;
    std::vector<Gap> gaps;
    std::vector<ActivityEntry> activity;

    bool operator==(const SnapshotData &) const = default;
};

// Indexes built ahead by whoever filled a SnapshotData, so that the Snapshot need not
// build them again: a capture builds the job indexes on its Redis thread while
// PostgreSQL is still being read, and the PostgreSQL source already holds the post
// index. Each part is used only when it matches the data it is given (same row
// counts); otherwise the Snapshot builds that part itself.
struct SnapshotIndexes {
    // Post ids (unique: the rows must hold no duplicate id) → row.
    bool hasPostIndex = false;
    QHash<QString, int> postIndex;
    qsizetype postCount = 0;

    // Events sorted as the Snapshot sorts them, and the job indexes over them.
    bool hasJobIndexes = false;
    QHash<QString, int> jobIndex;     // queue + '\n' + id
    QHash<QString, int> mainJobIndex; // scope's queue
    QHash<QString, QList<int>> eventsByJob;
    qsizetype jobCount = 0;
    qsizetype eventCount = 0;

    // Sorts `events` (oldest first, stable) and builds the job indexes for `queue`.
    void buildJobIndexes(const std::vector<Job> &jobs, std::vector<QueueEvent> &events, const QString &queue);
};

class Snapshot
{
public:
    explicit Snapshot(SnapshotData data);
    Snapshot(SnapshotData data, SnapshotIndexes prebuilt);

    const SnapshotData &data() const { return m_data; }
    const CaptureScope &scope() const { return m_data.scope; }
    qint64 capturedAt() const { return m_data.capturedAt; }
    const ServerFacts &server() const { return m_data.server; }
    const std::vector<Organization> &organizations() const { return m_data.organizations; }
    const std::vector<Integration> &integrations() const { return m_data.integrations; }
    const std::vector<Post> &posts() const { return m_data.posts; }
    const std::vector<ErrorRow> &errors() const { return m_data.errors; }
    const std::vector<QueueInfo> &queues() const { return m_data.queues; }
    const std::vector<Job> &jobs() const { return m_data.jobs; }
    const std::vector<QueueEvent> &events() const { return m_data.events; }
    const std::vector<WorkerConnection> &workers() const { return m_data.workers; }
    const std::vector<LogLine> &logLines() const { return m_data.logLines; }
    const std::vector<Gap> &gaps() const { return m_data.gaps; }
    const std::vector<ActivityEntry> &activity() const { return m_data.activity; }

    // Lookups by id; nullptr when absent.
    const Organization *organization(const QString &id) const;
    const Integration *integration(const QString &id) const;
    const Post *post(const QString &id) const;
    // The job of a post: the job with that id in the scope's queue.
    const Job *jobForPost(const QString &postId) const;
    const Job *job(const QString &queue, const QString &id) const;
    const QueueInfo *queue(const QString &name) const;
    // The scope's queue (Postiz's `post`), or nullptr when Redis had none.
    const QueueInfo *mainQueue() const { return queue(m_data.scope.queue); }

    // Row indexes of related items, in time order.
    const QList<int> &eventsForJob(const QString &jobId) const;   // scope's queue
    const QList<int> &postsOfIntegration(const QString &integrationId) const; // by publishDate
    const QList<int> &childrenOf(const QString &postId) const;
    const QList<int> &errorsForPost(const QString &postId) const;
    QList<int> postsWithId(const QString &id) const; // > 1 only in restored dumps
    // Only the ids with more than one row, with their rows.
    const QHash<QString, QList<int>> &duplicatePostRows() const { return m_duplicatePostRows; }

private:
    SnapshotData m_data;
    QHash<QString, int> m_orgIndex;
    QHash<QString, int> m_integrationIndex;
    QHash<QString, int> m_postIndex;
    QHash<QString, int> m_mainJobIndex;
    QHash<QString, int> m_jobIndex; // queue + '\n' + id
    QHash<QString, QList<int>> m_eventsByJob;
    QHash<QString, QList<int>> m_postsByIntegration;
    QHash<QString, QList<int>> m_children;
    QHash<QString, QList<int>> m_errorsByPost;
    QHash<QString, QList<int>> m_duplicatePostRows; // only ids with more than one row
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

} // namespace postscope
