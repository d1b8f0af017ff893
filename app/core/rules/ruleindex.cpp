#include "ruleindex.h"

#include "rulesupport.h"

namespace postscope {

RuleIndex::RuleIndex(const Snapshot &snapshot)
    : m_snapshot(snapshot)
{
    const auto &posts = snapshot.posts();
    m_state.resize(posts.size());
    m_liveTopLevel.resize(posts.size());
    m_publishDate.resize(posts.size());
    for (size_t i = 0; i < posts.size(); ++i) {
        const Post &p = posts[i];
        const bool live = !p.isDeleted() && p.isTopLevel();
        m_state[i] = quint8(p.state);
        m_liveTopLevel[i] = live ? 1 : 0;
        m_publishDate[i] = p.publishDate;
        if (live && p.state == PostState::Queue)
            m_liveQueued.push_back(int(i));
        if (p.state == PostState::Error)
            m_errored.push_back(int(i));
    }
}

RuleIndex::~RuleIndex() = default;

bool RuleIndex::isFor(const Snapshot &snapshot) const
{
    // The posts' buffer too: a new snapshot may reuse a freed one's address.
    return &m_snapshot == &snapshot && m_snapshot.posts().data() == snapshot.posts().data()
        && m_state.size() == snapshot.posts().size();
}

std::shared_ptr<const RuleIndex> RuleIndex::of(const Snapshot &snapshot, const RuleContext &context)
{
    if (context.index && context.index->isFor(snapshot))
        return context.index;
    return std::make_shared<const RuleIndex>(snapshot);
}

std::span<const int> RuleIndex::laneRows(int lane) const
{
    const Lanes &l = lanes();
    return std::span<const int>(l.rows).subspan(size_t(l.bounds[size_t(lane)]),
                                                size_t(l.bounds[size_t(lane) + 1] - l.bounds[size_t(lane)]));
}

std::span<const qint64> RuleIndex::laneDates(int lane) const
{
    const Lanes &l = lanes();
    return std::span<const qint64>(l.dates).subspan(size_t(l.bounds[size_t(lane)]),
                                                    size_t(l.bounds[size_t(lane) + 1] - l.bounds[size_t(lane)]));
}

int RuleIndex::laneOf(const QString &integrationId) const
{
    return lanes().byIntegration.value(integrationId, -1);
}

const RuleIndex::Lanes &RuleIndex::lanes() const
{
    std::call_once(m_lanesOnce, [this] {
        const auto &posts = m_snapshot.posts();
        // Which integration's list each row is in. The snapshot already keeps every
        // integration's posts by publishDate; the integrations table names nearly all of
        // them, so only rows of unknown integrations cost a lookup by their id.
        std::vector<int> listOf(posts.size(), -1);
        std::vector<const QList<int> *> lists;
        auto claim = [&](const QList<int> &rows) {
            if (rows.isEmpty() || listOf[size_t(rows.first())] >= 0)
                return; // no posts, or an integration id listed twice
            for (int r : rows)
                listOf[size_t(r)] = int(lists.size());
            lists.push_back(&rows);
        };
        for (const Integration &in : m_snapshot.integrations())
            claim(m_snapshot.postsOfIntegration(in.id));
        // Lanes in the order of each integration's first post.
        std::vector<int> order;
        std::vector<bool> ordered;
        for (size_t i = 0; i < posts.size(); ++i) {
            if (listOf[i] < 0)
                claim(m_snapshot.postsOfIntegration(posts[i].integrationId));
            const int k = listOf[i];
            if (k < 0)
                continue;
            if (size_t(k) >= ordered.size())
                ordered.resize(lists.size(), false);
            if (!ordered[size_t(k)]) {
                ordered[size_t(k)] = true;
                order.push_back(k);
            }
        }
        Lanes &l = m_lanes;
        l.bounds.reserve(order.size() + 1);
        l.integration.reserve(order.size());
        l.byIntegration.reserve(qsizetype(order.size()));
        l.bounds.push_back(0);
        for (int k : order) {
            const QList<int> &rows = *lists[size_t(k)];
            for (int r : rows) {
                if (m_liveTopLevel[size_t(r)] && PostState(m_state[size_t(r)]) != PostState::Draft) {
                    l.rows.push_back(r);
                    l.dates.push_back(m_publishDate[size_t(r)]);
                }
            }
            l.bounds.push_back(int(l.rows.size()));
            const QString &id = posts[size_t(rows.first())].integrationId;
            l.byIntegration.insert(id, int(l.integration.size()));
            l.integration.push_back(id);
        }
    });
    return m_lanes;
}

const std::vector<int> &RuleIndex::joblessQueued() const
{
    std::call_once(m_joblessOnce, [this] {
        for (int row : m_liveQueued) {
            const Post &p = m_snapshot.posts()[size_t(row)];
            if (p.inWindow && !rulesupport::hasAnyJob(m_snapshot, p.id))
                m_jobless.push_back(row);
        }
    });
    return m_jobless;
}

const std::vector<RuleIndex::QueuedJob> &RuleIndex::queuedJobs() const
{
    std::call_once(m_queuedJobsOnce, [this] {
        const QString &queue = m_snapshot.scope().queue;
        for (const Job &j : m_snapshot.jobs()) {
            switch (j.state) {
            case JobState::Delayed:
            case JobState::Waiting:
            case JobState::Paused:
            case JobState::Active:
            case JobState::Prioritized:
                break;
            default:
                continue;
            }
            if (j.queue == queue)
                m_queuedJobs.push_back({&j, m_snapshot.post(j.id)});
        }
    });
    return m_queuedJobs;
}

const std::vector<int> &RuleIndex::firstEventOfJobs() const
{
    std::call_once(m_firstEventsOnce, [this] {
        const QString &queue = m_snapshot.scope().queue;
        const auto &events = m_snapshot.events();
        for (int i = 0; i < int(events.size()); ++i) {
            const QueueEvent &e = events[size_t(i)];
            if (e.queue == queue && !e.jobId.isEmpty() && m_snapshot.eventsForJob(e.jobId).first() == i)
                m_firstEvents.push_back(i);
        }
    });
    return m_firstEvents;
}

} // namespace postscope
