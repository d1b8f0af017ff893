#include "timelinedata.h"

#include "timelinetheme.h"

#include <QSet>

#include <algorithm>
#include <limits>

namespace postscope {

bool jobSpan(const Job &job, qint64 *start, qint64 *end)
{
    if (!job.timestamp && !job.fireTime)
        return false;
    *start = job.timestamp.value_or(*job.fireTime);
    *end = job.fireTime.value_or(*job.timestamp);
    if (*end < *start)
        std::swap(*start, *end);
    return true;
}

bool eventKind(const QString &event, quint8 *kind)
{
    static const QHash<QString, EventKind> kinds = {
        {QStringLiteral("added"), EventKind::Added},
        {QStringLiteral("active"), EventKind::Active},
        {QStringLiteral("completed"), EventKind::Completed},
        {QStringLiteral("failed"), EventKind::Failed},
        {QStringLiteral("retries-exhausted"), EventKind::Failed},
        {QStringLiteral("removed"), EventKind::Removed},
        {QStringLiteral("duplicated"), EventKind::Duplicated},
        {QStringLiteral("deduplicated"), EventKind::Duplicated},
        {QStringLiteral("debounced"), EventKind::Duplicated},
        {QStringLiteral("stalled"), EventKind::Stalled},
    };
    const auto it = kinds.constFind(event);
    if (it == kinds.constEnd())
        return false;
    *kind = quint8(*it);
    return true;
}

namespace {

void sortLane(Lane &lane, const std::vector<std::vector<int>> *childrenOf, const Snapshot &s)
{
    std::sort(lane.posts.begin(), lane.posts.end(), [](const PostMark &a, const PostMark &b) {
        return a.time != b.time ? a.time < b.time : a.post < b.post;
    });
    if (childrenOf) {
        lane.children.clear();
        for (PostMark &m : lane.posts) {
            m.firstChild = int(lane.children.size());
            m.childCount = 0;
            for (int c : (*childrenOf)[size_t(m.post)]) {
                const Post &p = s.posts()[size_t(c)];
                lane.children.push_back({c, quint8(p.state), p.isDeleted()});
                ++m.childCount;
            }
        }
    }
    std::sort(lane.jobs.begin(), lane.jobs.end(), [](const JobBar &a, const JobBar &b) {
        return a.start != b.start ? a.start < b.start : a.job < b.job;
    });
    lane.jobsMaxEnd.resize(lane.jobs.size());
    qint64 maxEnd = std::numeric_limits<qint64>::min();
    for (size_t i = 0; i < lane.jobs.size(); ++i) {
        maxEnd = std::max(maxEnd, lane.jobs[i].end);
        lane.jobsMaxEnd[i] = maxEnd;
    }
    std::stable_sort(lane.events.begin(), lane.events.end(),
                     [](const EventTickMark &a, const EventTickMark &b) { return a.time < b.time; });
    std::stable_sort(lane.logs.begin(), lane.logs.end(),
                     [](const LogTickMark &a, const LogTickMark &b) { return a.time < b.time; });
}

} // namespace

TimelineData::TimelineData(const Analysis &analysis)
    : m_analysis(analysis)
{
    const Snapshot *s = analysis.snapshot.get();
    if (!s)
        return;
    m_now = s->capturedAt();
    QHash<QString, int> orgIndex;
    auto orgFor = [&](const QString &id) {
        const auto it = orgIndex.constFind(id);
        if (it != orgIndex.constEnd())
            return *it;
        OrgInfo o;
        o.id = id;
        if (const Organization *org = s->organization(id))
            o.name = org->name.isEmpty() ? id : org->name;
        else
            o.name = id.isEmpty() ? QStringLiteral("(no organisation)") : QStringLiteral("(organisation %1)").arg(id);
        m_orgs.push_back(o);
        orgIndex.insert(id, int(m_orgs.size()) - 1);
        return int(m_orgs.size()) - 1;
    };
    for (const Organization &o : s->organizations())
        orgFor(o.id);
    auto addLane = [&](Lane lane) {
        lane.organization = orgFor(lane.organizationId);
        m_lanes.push_back(std::move(lane));
        const int i = int(m_lanes.size()) - 1;
        m_orgs[size_t(m_lanes.back().organization)].lanes.push_back(i);
        if (m_lanes.back().kind == LaneKind::Integration)
            m_laneByIntegration.insert(m_lanes.back().id, i);
        return i;
    };
    for (const Integration &in : s->integrations()) {
        Lane lane;
        lane.id = in.id;
        lane.name = in.name.isEmpty() ? in.id : in.name;
        lane.provider = in.providerIdentifier;
        lane.organizationId = in.organizationId;
        lane.disabled = in.disabled;
        lane.refreshNeeded = in.refreshNeeded;
        lane.deleted = in.deletedAt.has_value();
        addLane(std::move(lane));
    }

    const auto &posts = s->posts();
    const auto &jobs = s->jobs();
    m_postLane.assign(posts.size(), -1);
    for (size_t i = 0; i < posts.size(); ++i) {
        const Post &p = posts[i];
        int lane = laneOfIntegration(p.integrationId);
        if (lane < 0) {
            Lane l;
            l.id = p.integrationId;
            l.name = QStringLiteral("(integration %1, not captured)").arg(p.integrationId.left(8));
            l.organizationId = p.organizationId;
            l.missing = true;
            lane = addLane(std::move(l));
        }
        m_postLane[i] = lane;
    }
    // Thread children are drawn with their parent when it is in the same lane.
    std::vector<std::vector<int>> childrenOf(posts.size());
    std::vector<bool> attached(posts.size(), false);
    for (size_t i = 0; i < posts.size(); ++i) {
        const Post &p = posts[i];
        if (p.isTopLevel())
            continue;
        // A thread is a chain of rows: attach every child to the chain's top-level row.
        int parent = postRow(p.parentPostId);
        for (int hops = 0; parent >= 0 && !posts[size_t(parent)].isTopLevel() && hops < 1000; ++hops)
            parent = postRow(posts[size_t(parent)].parentPostId);
        if (parent >= 0 && m_postLane[size_t(parent)] == m_postLane[i] && size_t(parent) != i) {
            childrenOf[size_t(parent)].push_back(int(i));
            attached[i] = true;
        }
    }
    for (auto &c : childrenOf)
        std::sort(c.begin(), c.end(), [&](int a, int b) { return posts[size_t(a)].publishDate < posts[size_t(b)].publishDate; });

    auto jobRow = [&](const Job *j) { return j ? int(j - jobs.data()) : -1; };
    for (size_t i = 0; i < posts.size(); ++i) {
        if (attached[i])
            continue;
        const Post &p = posts[i];
        PostMark m;
        m.time = p.publishDate;
        m.post = int(i);
        m.job = jobRow(s->jobForPost(p.id));
        m.state = quint8(p.state);
        m.deleted = p.isDeleted();
        m.noJob = p.state == PostState::Queue && p.isTopLevel() && !m.deleted && m.job < 0;
        m.severity = quint8(TimelineTheme::severity(p.state, m.noJob));
        m_lanes[size_t(m_postLane[i])].posts.push_back(m);
    }

    int unlinked = -1;
    auto unlinkedLane = [&]() {
        if (unlinked < 0) {
            Lane l;
            l.kind = LaneKind::Unlinked;
            l.name = QStringLiteral("Jobs and events without a post");
            l.organizationId = QString();
            unlinked = addLane(std::move(l));
        }
        return unlinked;
    };
    const QString &queueName = s->scope().queue;
    auto postOfJob = [&](const Job &j) {
        int row = postRow(j.id);
        if (row < 0 && !j.dataPostId.isEmpty())
            row = postRow(j.dataPostId);
        return row;
    };
    for (size_t i = 0; i < jobs.size(); ++i) {
        const Job &j = jobs[i];
        if (j.queue != queueName)
            continue;
        JobBar bar;
        if (!jobSpan(j, &bar.start, &bar.end))
            continue;
        bar.job = int(i);
        bar.post = postOfJob(j);
        bar.state = quint8(j.state);
        bar.stalled = j.stalled;
        const int lane = bar.post >= 0 ? m_postLane[size_t(bar.post)] : unlinkedLane();
        m_lanes[size_t(lane)].jobs.push_back(bar);
    }
    const auto &events = s->events();
    for (size_t i = 0; i < events.size(); ++i) {
        const QueueEvent &e = events[i];
        quint8 kind = 0;
        if (e.queue != queueName || !eventKind(e.event, &kind))
            continue;
        int post = postRow(e.jobId);
        if (post < 0) {
            if (const Job *j = s->job(queueName, e.jobId))
                post = postOfJob(*j);
        }
        const int lane = post >= 0 ? m_postLane[size_t(post)] : unlinkedLane();
        m_lanes[size_t(lane)].events.push_back({e.time, int(i), kind});
    }
    const auto &lines = s->logLines();
    for (size_t i = 0; i < lines.size(); ++i) {
        const LogLine &l = lines[i];
        if (!l.time)
            continue;
        int last = -1;
        for (const QString &id : l.postIds) {
            const int post = postRow(id);
            if (post < 0 || m_postLane[size_t(post)] == last)
                continue;
            last = m_postLane[size_t(post)];
            m_lanes[size_t(last)].logs.push_back({*l.time, int(i)});
        }
    }

    // Findings per lane (each finding counts once per lane it touches).
    if (analysis.diagnosis) {
        std::vector<int> touched;
        for (const Finding &f : analysis.diagnosis->findings) {
            touched.clear();
            for (const QString &id : f.integrations)
                touched.push_back(laneOfIntegration(id));
            for (const QString &id : f.posts)
                touched.push_back(laneOfPost(postRow(id)));
            for (const QString &id : f.jobs) {
                if (const Job *j = s->job(queueName, id))
                    touched.push_back(laneOfPost(postOfJob(*j)));
            }
            std::sort(touched.begin(), touched.end());
            touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
            for (int lane : touched)
                if (lane >= 0)
                    ++m_lanes[size_t(lane)].findings;
            QSet<int> orgs;
            for (int lane : touched)
                if (lane >= 0)
                    orgs.insert(m_lanes[size_t(lane)].organization);
            for (int o : orgs)
                ++m_orgs[size_t(o)].findings;
        }
    }

    const size_t integrationLanes = m_lanes.size();
    for (size_t i = 0; i < integrationLanes; ++i)
        sortLane(m_lanes[i], &childrenOf, *s);

    // One summary lane per organisation: its lanes' items merged (drawn on the org row).
    for (size_t o = 0; o < m_orgs.size(); ++o) {
        Lane sum;
        sum.kind = LaneKind::Organization;
        sum.id = m_orgs[o].id;
        sum.name = m_orgs[o].name;
        sum.organizationId = m_orgs[o].id;
        sum.organization = int(o);
        sum.findings = m_orgs[o].findings;
        for (int li : m_orgs[o].lanes) {
            const Lane &l = m_lanes[size_t(li)];
            for (PostMark m : l.posts) {
                const int offset = int(sum.children.size());
                sum.children.insert(sum.children.end(), l.children.begin() + m.firstChild,
                                    l.children.begin() + m.firstChild + m.childCount);
                m.firstChild = offset;
                sum.posts.push_back(m);
            }
            sum.jobs.insert(sum.jobs.end(), l.jobs.begin(), l.jobs.end());
            sum.events.insert(sum.events.end(), l.events.begin(), l.events.end());
            sum.logs.insert(sum.logs.end(), l.logs.begin(), l.logs.end());
        }
        sortLane(sum, nullptr, *s);
        m_lanes.push_back(std::move(sum));
        m_orgs[o].summaryLane = int(m_lanes.size()) - 1;
    }

    std::vector<int> all(integrationLanes);
    for (size_t i = 0; i < integrationLanes; ++i)
        all[i] = int(i);
    m_extent = extentOfLanes(all);
}

int TimelineData::laneOfPost(int postRow) const
{
    return postRow >= 0 && size_t(postRow) < m_postLane.size() ? m_postLane[size_t(postRow)] : -1;
}

int TimelineData::laneOfIntegration(const QString &id) const
{
    return m_laneByIntegration.value(id, -1);
}

int TimelineData::postRow(const QString &postId) const
{
    const Snapshot *s = snapshot();
    if (!s)
        return -1;
    const Post *p = s->post(postId);
    return p ? int(p - s->posts().data()) : -1;
}

std::pair<qint64, qint64> TimelineData::extentOfLanes(const std::vector<int> &lanes) const
{
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    auto take = [&](qint64 t) {
        lo = std::min(lo, t);
        hi = std::max(hi, t);
    };
    for (int li : lanes) {
        const Lane &l = m_lanes[size_t(li)];
        if (!l.posts.empty()) {
            take(l.posts.front().time);
            take(l.posts.back().time);
        }
        if (!l.jobs.empty()) {
            take(l.jobs.front().start);
            take(l.jobsMaxEnd.back());
        }
        if (!l.events.empty()) {
            take(l.events.front().time);
            take(l.events.back().time);
        }
        if (!l.logs.empty()) {
            take(l.logs.front().time);
            take(l.logs.back().time);
        }
    }
    if (lo > hi)
        return {0, 0};
    if (m_now)
        take(m_now);
    return {lo, hi};
}

std::pair<qint64, qint64> TimelineData::extentOfPosts(const std::vector<int> &postRows) const
{
    const Snapshot *s = snapshot();
    qint64 lo = std::numeric_limits<qint64>::max(), hi = std::numeric_limits<qint64>::min();
    for (int row : postRows) {
        if (!s || row < 0 || size_t(row) >= s->posts().size())
            continue;
        const Post &p = s->posts()[size_t(row)];
        lo = std::min(lo, p.publishDate);
        hi = std::max(hi, p.publishDate);
        if (const Job *j = s->jobForPost(p.id)) {
            qint64 a = 0, b = 0;
            if (jobSpan(*j, &a, &b)) {
                lo = std::min(lo, a);
                hi = std::max(hi, b);
            }
        }
    }
    if (lo > hi)
        return {0, 0};
    return {lo, hi};
}

} // namespace postscope
