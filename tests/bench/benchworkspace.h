#pragma once

// The in-memory workspace the benchmarks share: posts spread over now − 7 d … now + 30 d
// across integrations in 10 organisations; past posts published, the next `jobs` future
// ones queued with delayed jobs, later ones drafts; `events` added/delayed entries.
// `varied` mixes in what the timeline must draw: disabled channels, ERROR and deleted
// posts, queued posts without a job, active jobs and more event kinds.

#include "../unit/testworkspace.h"
#include "core/snapshot.h"

#include <QUuid>

#include <algorithm>
#include <vector>

namespace postscope::bench {

inline SnapshotData workspace(int posts, int integrations, int jobs, int events, bool varied = false)
{
    SnapshotData d;
    const qint64 now = 1768487400000; // 2026-01-15T14:30:00Z
    d.capturedAt = now;
    d.scope.from = now - 7 * 86400000LL;
    d.scope.to = now + 30 * 86400000LL;
    d.server.redisTime = now;
    d.server.postgresNow = now;
    d.server.localTime = now;
    d.server.maxmemoryPolicy = QStringLiteral("noeviction");
    d.server.clientListPermitted = true;
    const char *providers[] = {"x", "instagram", "linkedin", "facebook", "threads"};
    for (int o = 0; o < 10; ++o)
        d.organizations.push_back({QStringLiteral("org-%1").arg(o), QStringLiteral("Organisation %1").arg(o)});
    for (int i = 0; i < integrations; ++i) {
        Integration in;
        in.id = QStringLiteral("int-%1").arg(i);
        in.name = QStringLiteral("Account %1").arg(i);
        in.providerIdentifier = QLatin1String(providers[i % 5]);
        in.organizationId = QStringLiteral("org-%1").arg(i % 10);
        in.disabled = varied && i % 97 == 0;
        d.integrations.push_back(in);
    }
    const qint64 span = d.scope.to - d.scope.from;
    const int toQueue = varied ? jobs + jobs / 50 : jobs; // varied: some queued posts lack a job
    int queued = 0;
    for (int i = 0; i < posts; ++i) {
        Post p;
        p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.publishDate = d.scope.from + span * i / posts;
        const bool past = p.publishDate < now;
        p.state = past ? (varied && i % 53 == 0 ? PostState::Error : PostState::Published)
                       : (queued < toQueue ? PostState::Queue : PostState::Draft);
        if (p.state == PostState::Queue)
            ++queued;
        p.stateText = toString(p.state);
        p.integrationId = QStringLiteral("int-%1").arg(i % integrations);
        p.organizationId = QStringLiteral("org-%1").arg(i % integrations % 10);
        p.group = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.createdAt = p.publishDate - 86400000LL;
        p.updatedAt = p.createdAt;
        if (varied && i % 41 == 0)
            p.deletedAt = p.publishDate - 3600000;
        p.content = QStringLiteral("Post number %1 with some text to carry").arg(i);
        if (past)
            p.releaseURL = QStringLiteral("https://example.com/p/%1").arg(i);
        d.posts.push_back(std::move(p));
    }
    QueueInfo q = testworkspace::postQueue();
    q.maxLenEvents = 10000;
    d.queues.push_back(q);
    // Jobs for the first future posts, as Postiz adds them.
    int made = 0, skipped = 0;
    for (const Post &p : d.posts) {
        if (p.state != PostState::Queue || made >= jobs)
            continue;
        if (varied && skipped < jobs / 50 && made % 50 == 0) {
            ++skipped;
            continue;
        }
        Job j = testworkspace::postJob(p.id, varied && made < 20 ? JobState::Active : JobState::Delayed);
        j.timestamp = *p.createdAt;
        j.delay = p.publishDate - *p.createdAt;
        j.optsDelay = j.delay;
        j.fireTime = p.publishDate;
        j.fireTimeSource = QStringLiteral("delayed-score");
        d.jobs.push_back(std::move(j));
        ++made;
    }
    const char *kinds[] = {"added", "active", "completed", "removed", "duplicated"};
    for (int e = 0; e < events; ++e) {
        const Job &j = d.jobs[size_t(e / 2) % d.jobs.size()];
        const qint64 time = now - 3600000LL + (varied ? e * 360LL : e);
        const QString kind =
            varied ? QLatin1String(kinds[e % 5]) : (e % 2 ? QStringLiteral("delayed") : QStringLiteral("added"));
        d.events.push_back(testworkspace::streamEvent(j.id, kind, time));
    }
    return d;
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace postscope::bench
