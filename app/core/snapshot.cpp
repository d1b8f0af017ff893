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
} // namespace

Snapshot::Snapshot(SnapshotData data)
    : m_data(std::move(data))
{
    std::stable_sort(m_data.events.begin(), m_data.events.end(), [](const QueueEvent &a, const QueueEvent &b) {
        return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    });

    for (int i = 0; i < int(m_data.organizations.size()); ++i)
        m_orgIndex.insert(m_data.organizations[i].id, i);
    for (int i = 0; i < int(m_data.integrations.size()); ++i)
        m_integrationIndex.insert(m_data.integrations[i].id, i);
    m_postIndex.reserve(int(m_data.posts.size()));
    for (int i = 0; i < int(m_data.posts.size()); ++i) {
        const Post &p = m_data.posts[i];
        // First row wins; a duplicate id (restored dump without primary key) is kept in
        // m_duplicatePostRows so the rules can see it.
        const auto existing = m_postIndex.constFind(p.id);
        if (existing == m_postIndex.constEnd()) {
            m_postIndex.insert(p.id, i);
        } else {
            QList<int> &rows = m_duplicatePostRows[p.id];
            if (rows.isEmpty())
                rows.append(existing.value());
            rows.append(i);
        }
        m_postsByIntegration[p.integrationId].append(i);
        if (!p.isTopLevel())
            m_children[p.parentPostId].append(i);
    }
    for (auto it = m_postsByIntegration.begin(); it != m_postsByIntegration.end(); ++it) {
        std::stable_sort(it->begin(), it->end(), [this](int a, int b) {
            return m_data.posts[a].publishDate < m_data.posts[b].publishDate;
        });
    }
    for (int i = 0; i < int(m_data.errors.size()); ++i)
        m_errorsByPost[m_data.errors[i].postId].append(i);
    m_jobIndex.reserve(int(m_data.jobs.size()));
    for (int i = 0; i < int(m_data.jobs.size()); ++i) {
        const Job &j = m_data.jobs[i];
        m_jobIndex.insert(jobKey(j.queue, j.id), i);
        if (j.queue == m_data.scope.queue)
            m_mainJobIndex.insert(j.id, i);
    }
    for (int i = 0; i < int(m_data.events.size()); ++i) {
        const QueueEvent &e = m_data.events[i];
        if (e.queue == m_data.scope.queue && !e.jobId.isEmpty())
            m_eventsByJob[e.jobId].append(i);
    }
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
