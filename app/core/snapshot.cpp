#include "snapshot.h"

#include <algorithm>

namespace postscope {

namespace {
const QList<int> &emptyList()
{
    static const QList<int> empty;
    return empty;
}

template<typename Map>
const QList<int> &listOr(const Map &map, const QString &key)
{
    auto it = map.constFind(key);
    return it == map.constEnd() ? emptyList() : it.value();
}

QString jobKey(const QString &queue, const QString &id)
{
    return queue + QLatin1Char('\n') + id;
}

void sortEvents(std::vector<QueueEvent> &events)
{
    std::stable_sort(events.begin(), events.end(), [](const QueueEvent &a, const QueueEvent &b) {
        return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    });
}
} // namespace

void SnapshotIndexes::buildJobIndexes(const std::vector<Job> &jobs, std::vector<QueueEvent> &events,
                                      const QString &queue)
{
    sortEvents(events);
    jobIndex.clear();
    mainJobIndex.clear();
    eventsByJob.clear();
    jobIndex.reserve(qsizetype(jobs.size()));
    mainJobIndex.reserve(qsizetype(jobs.size()));
    for (int i = 0; i < int(jobs.size()); ++i) {
        const Job &j = jobs[size_t(i)];
        jobIndex.insert(jobKey(j.queue, j.id), i);
        if (j.queue == queue)
            mainJobIndex.insert(j.id, i);
    }
    for (int i = 0; i < int(events.size()); ++i) {
        const QueueEvent &e = events[size_t(i)];
        if (e.queue == queue && !e.jobId.isEmpty())
            eventsByJob[e.jobId].append(i);
    }
    jobCount = qsizetype(jobs.size());
    eventCount = qsizetype(events.size());
    hasJobIndexes = true;
}

Snapshot::Snapshot(SnapshotData data)
    : Snapshot(std::move(data), SnapshotIndexes())
{
}

Snapshot::Snapshot(SnapshotData data, SnapshotIndexes prebuilt)
    : m_data(std::move(data))
{
    const bool jobsPrebuilt = prebuilt.hasJobIndexes && prebuilt.jobCount == qsizetype(m_data.jobs.size())
        && prebuilt.eventCount == qsizetype(m_data.events.size());
    if (jobsPrebuilt) {
        m_jobIndex = std::move(prebuilt.jobIndex);
        m_mainJobIndex = std::move(prebuilt.mainJobIndex);
        m_eventsByJob = std::move(prebuilt.eventsByJob);
    } else {
        prebuilt.buildJobIndexes(m_data.jobs, m_data.events, m_data.scope.queue);
        m_jobIndex = std::move(prebuilt.jobIndex);
        m_mainJobIndex = std::move(prebuilt.mainJobIndex);
        m_eventsByJob = std::move(prebuilt.eventsByJob);
    }

    for (int i = 0; i < int(m_data.organizations.size()); ++i)
        m_orgIndex.insert(m_data.organizations[i].id, i);
    for (int i = 0; i < int(m_data.integrations.size()); ++i)
        m_integrationIndex.insert(m_data.integrations[i].id, i);
    const bool postsPrebuilt = prebuilt.hasPostIndex && prebuilt.postCount == qsizetype(m_data.posts.size())
        && prebuilt.postIndex.size() == qsizetype(m_data.posts.size());
    if (postsPrebuilt)
        m_postIndex = std::move(prebuilt.postIndex);
    else
        m_postIndex.reserve(qsizetype(m_data.posts.size()));
    m_postsByIntegration.reserve(qsizetype(m_data.integrations.size()) + 1);
    for (int i = 0; i < int(m_data.posts.size()); ++i) {
        const Post &p = m_data.posts[size_t(i)];
        if (!postsPrebuilt) {
            // First row wins; a duplicate id (restored dump without primary key) is kept in
            // m_duplicatePostRows so the rules can see it.
            const qsizetype before = m_postIndex.size();
            int &row = m_postIndex[p.id]; // hashes the id once, inserting when new
            if (m_postIndex.size() != before) {
                row = i;
            } else {
                QList<int> &rows = m_duplicatePostRows[p.id];
                if (rows.isEmpty())
                    rows.append(row);
                rows.append(i);
            }
        }
        m_postsByIntegration[p.integrationId].append(i);
        if (!p.isTopLevel())
            m_children[p.parentPostId].append(i);
    }
    for (auto it = m_postsByIntegration.begin(); it != m_postsByIntegration.end(); ++it) {
        std::stable_sort(it->begin(), it->end(), [this](int a, int b) {
            return m_data.posts[size_t(a)].publishDate < m_data.posts[size_t(b)].publishDate;
        });
    }
    for (int i = 0; i < int(m_data.errors.size()); ++i)
        m_errorsByPost[m_data.errors[size_t(i)].postId].append(i);
}

const Organization *Snapshot::organization(const QString &id) const
{
    auto it = m_orgIndex.constFind(id);
    return it == m_orgIndex.constEnd() ? nullptr : &m_data.organizations[it.value()];
}

const Integration *Snapshot::integration(const QString &id) const
{
    auto it = m_integrationIndex.constFind(id);
    return it == m_integrationIndex.constEnd() ? nullptr : &m_data.integrations[it.value()];
}

const Post *Snapshot::post(const QString &id) const
{
    auto it = m_postIndex.constFind(id);
    return it == m_postIndex.constEnd() ? nullptr : &m_data.posts[it.value()];
}

const Job *Snapshot::jobForPost(const QString &postId) const
{
    auto it = m_mainJobIndex.constFind(postId);
    return it == m_mainJobIndex.constEnd() ? nullptr : &m_data.jobs[it.value()];
}

const Job *Snapshot::job(const QString &queue, const QString &id) const
{
    auto it = m_jobIndex.constFind(jobKey(queue, id));
    return it == m_jobIndex.constEnd() ? nullptr : &m_data.jobs[it.value()];
}

const QueueInfo *Snapshot::queue(const QString &name) const
{
    for (const QueueInfo &q : m_data.queues) {
        if (q.name == name)
            return &q;
    }
    return nullptr;
}

const QList<int> &Snapshot::eventsForJob(const QString &jobId) const { return listOr(m_eventsByJob, jobId); }
const QList<int> &Snapshot::postsOfIntegration(const QString &id) const { return listOr(m_postsByIntegration, id); }
const QList<int> &Snapshot::childrenOf(const QString &postId) const { return listOr(m_children, postId); }
const QList<int> &Snapshot::errorsForPost(const QString &postId) const { return listOr(m_errorsByPost, postId); }
QList<int> Snapshot::postsWithId(const QString &id) const
{
    if (auto it = m_duplicatePostRows.constFind(id); it != m_duplicatePostRows.constEnd())
        return it.value();
    if (auto it = m_postIndex.constFind(id); it != m_postIndex.constEnd())
        return {it.value()};
    return {};
}

} // namespace postscope
