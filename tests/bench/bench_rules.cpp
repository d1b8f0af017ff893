// Rules benchmark: every rule over 100,000 posts, 20,000 jobs and 10,000 events, against
// a plain pass that only reads every post once, in the same run. The workspace is built
// in memory with the shapes a capture produces (no servers needed).
//   bench_rules [--runs 5]

#include "core/rules/engine.h"
#include "core/rules/registry.h"
#include "core/rules/ruleindex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace postscope;

namespace {

SnapshotData workspace(int posts, int integrations, int jobs, int events)
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
        d.integrations.push_back(in);
    }
    const qint64 span = d.scope.to - d.scope.from;
    int queued = 0;
    for (int i = 0; i < posts; ++i) {
        Post p;
        p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.publishDate = d.scope.from + span * i / posts;
        // A healthy workspace: past posts went out, the next `jobs` future ones are
        // queued (with their jobs below), later ones are still drafts.
        const bool past = p.publishDate < now;
        p.state = past ? PostState::Published : (queued < jobs ? PostState::Queue : PostState::Draft);
        if (p.state == PostState::Queue)
            ++queued;
        p.stateText = toString(p.state);
        p.integrationId = QStringLiteral("int-%1").arg(i % integrations);
        p.organizationId = QStringLiteral("org-%1").arg(i % integrations % 10);
        p.group = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.createdAt = p.publishDate - 86400000LL;
        p.updatedAt = p.createdAt;
        p.content = QStringLiteral("Post number %1 with some text to carry").arg(i);
        if (past)
            p.releaseURL = QStringLiteral("https://example.com/p/%1").arg(i);
        d.posts.push_back(std::move(p));
    }
    QueueInfo q;
    q.prefix = QStringLiteral("bull");
    q.name = QStringLiteral("post");
    q.metaPresent = true;
    q.hasAnyKey = true;
    q.maxLenEvents = 10000;
    d.queues.push_back(q);
    // Jobs for the first future posts, as Postiz adds them.
    int made = 0;
    for (const Post &p : d.posts) {
        if (p.state != PostState::Queue || made >= jobs)
            continue;
        Job j;
        j.queue = QStringLiteral("post");
        j.id = p.id;
        j.dataPostId = p.id;
        j.state = JobState::Delayed;
        j.hashPresent = true;
        j.timestamp = *p.createdAt;
        j.delay = p.publishDate - *p.createdAt;
        j.optsDelay = j.delay;
        j.fireTime = p.publishDate;
        j.fireTimeSource = QStringLiteral("delayed-score");
        d.jobs.push_back(std::move(j));
        ++made;
    }
    for (int e = 0; e < events; ++e) {
        const Job &j = d.jobs[size_t(e / 2) % d.jobs.size()];
        QueueEvent ev;
        ev.queue = QStringLiteral("post");
        ev.time = now - 3600000LL + e;
        ev.streamId = QStringLiteral("%1-0").arg(ev.time);
        ev.event = e % 2 ? QStringLiteral("delayed") : QStringLiteral("added");
        ev.jobId = j.id;
        ev.fields = {{QStringLiteral("event"), ev.event}, {QStringLiteral("jobId"), j.id}};
        d.events.push_back(std::move(ev));
    }
    return d;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());

    const Snapshot snapshot(workspace(100000, 500, 20000, 10000));
    const RuleContext context = RuleContext::forSnapshot(snapshot);

    std::vector<double> plain, rules;
    qint64 sink = 0;
    size_t findings = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        for (const Post &p : snapshot.posts())
            sink += p.publishDate + p.id.size() + int(p.state);
        plain.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        const Diagnosis d = diagnose(snapshot, context);
        rules.push_back(t.nsecsElapsed() / 1e6);
        findings = d.findings.size();
    }
    std::printf("rules benchmark (%d runs, medians): %zu posts, %zu jobs, %zu events, %zu findings\n", runs,
                snapshot.posts().size(), snapshot.jobs().size(), snapshot.events().size(), findings);
    std::printf("  plain pass reading every post once: %.2f ms\n", median(plain));
    std::printf("  all %zu rules: %.1f ms = %.0fx the plain pass (goal < 100 ms)\n", allRules().size(), median(rules),
                median(rules) / std::max(0.001, median(plain)));
    // The shared index diagnose() builds once (included in the figure above), every part.
    std::vector<double> indexRuns;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        const RuleIndex index(snapshot);
        sink += index.laneCount() + qint64(index.joblessQueued().size() + index.queuedJobs().size()
                                           + index.firstEventOfJobs().size());
        indexRuns.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("  of which the shared index (ruleindex.h), all parts: %.1f ms\n", median(indexRuns));
    // Where the time goes: each rule on its own (as a test calls it, building the parts of
    // the index it needs itself, so these add up to more than the total), median of the
    // runs, slowest first.
    std::vector<std::vector<double>> perRuleRuns(allRules().size());
    for (int r = 0; r < runs; ++r) {
        for (size_t i = 0; i < allRules().size(); ++i) {
            QElapsedTimer t;
            t.start();
            const RuleOutcome o = allRules()[i]->evaluate(snapshot, context);
            perRuleRuns[i].push_back(t.nsecsElapsed() / 1e6);
            sink += qint64(o.findings.size());
        }
    }
    std::vector<std::pair<double, QString>> perRule;
    for (size_t i = 0; i < allRules().size(); ++i)
        perRule.emplace_back(median(perRuleRuns[i]), allRules()[i]->info().id);
    std::sort(perRule.rbegin(), perRule.rend());
    std::printf("  each rule on its own (medians, slowest first):\n");
    for (const auto &[ms, id] : perRule)
        std::printf("    %-28s %7.2f ms\n", qPrintable(id), ms);
    std::printf("%s", sink == 42 ? " \n" : ""); // keeps the plain pass from being optimised away
    return 0;
}
