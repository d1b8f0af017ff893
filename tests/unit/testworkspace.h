#pragma once

// Pieces of hand-built snapshots that the rule tests (tests/unit) and the benchmarks
// (tests/bench, by relative path) share: the scope's queue, its jobs and events stream
// entries as the capture records them, and one rule run on its own. Header-only: the
// tests and benchmarks are separate executables without a common library.

#include "core/rules/registry.h"
#include "core/snapshot.h"

namespace postscope::testworkspace {

// The scope's queue bull:post, read and present (its meta hash exists).
inline QueueInfo postQueue()
{
    QueueInfo q;
    q.prefix = QStringLiteral("bull");
    q.name = QStringLiteral("post");
    q.metaPresent = true;
    q.hasAnyKey = true;
    return q;
}

// A top-level post as the capture records it, in a group of its own ("<id>-g").
inline Post makePost(const QString &id, const QString &integrationId, const QString &organizationId,
                     qint64 publishDate, PostState state)
{
    Post p;
    p.id = id;
    p.integrationId = integrationId;
    p.organizationId = organizationId;
    p.publishDate = publishDate;
    p.state = state;
    p.stateText = toString(state);
    p.group = id + QStringLiteral("-g");
    return p;
}

// A job of queue `post` whose hash was read, with Postiz's data.id (the post id).
inline Job postJob(const QString &id, JobState state)
{
    Job j;
    j.queue = QStringLiteral("post");
    j.id = id;
    j.state = state;
    j.hashPresent = true;
    j.dataPostId = id;
    return j;
}

// An entry of bull:post:events with stream id "<time>-<seq>".
inline QueueEvent streamEvent(const QString &jobId, const QString &name, qint64 time, int seq = 0)
{
    QueueEvent e;
    e.queue = QStringLiteral("post");
    e.time = time;
    e.seq = seq;
    e.streamId = QStringLiteral("%1-%2").arg(time).arg(seq);
    e.event = name;
    e.jobId = jobId;
    e.fields = {{QStringLiteral("event"), name}, {QStringLiteral("jobId"), jobId}};
    return e;
}

// One rule of the catalog on its own, with the snapshot's default context.
inline RuleOutcome evaluateRule(const QString &ruleId, const Snapshot &s)
{
    const Rule *r = findRule(ruleId);
    if (!r)
        qFatal("rule %s not registered", qPrintable(ruleId));
    return r->evaluate(s, RuleContext::forSnapshot(s));
}

} // namespace postscope::testworkspace
