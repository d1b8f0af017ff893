#include "engine.h"

#include "registry.h"
#include "ruleindex.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>

// Rule precedence: one finding per cause, not per symptom (also in PRECEDENCE.md).
//
// | winner                      | supersedes           | when                                              |
// |-----------------------------|----------------------|---------------------------------------------------|
// | job-removed                 | missing-job          | same post (the removed post, job-removed's first) |
// (rate-limited and limiter-backlog below also count only their first post, the failed one:
// the earlier posts they name as context keep their own findings.)
// | group-collision             | missing-job          | same post                                         |
// | group-collision             | job-removed          | same post                                         |
// | integration-refresh-needed  | missing-job          | same post (the worker skipped it: that is why)    |
// | integration-refresh-needed  | state-not-updated    | same post                                         |
// | integration-disabled        | missing-job          | same post                                         |
// | integration-disabled        | state-not-updated    | same post                                         |
// | no-queue-data               | missing-job          | always (nothing in Redis: every post "misses")    |
// | whole-hour-offset           | job-time-mismatch    | same post (the offset is the cause)               |
// | job-id-collision            | job-time-mismatch    | same post (the ignored add is why the time is old)|
// | rate-limited                | provider-error       | same post                                         |
// | limiter-backlog             | provider-error       | same post                                         |
// | duplicate-content (critical)| provider-error       | same post                                         |
// | duplicate-time-slot         | near-simultaneous    | every post of the near-simultaneous run covered   |
// | rate-limit-risk             | near-simultaneous    | every post covered                                |
// | job-removed                 | near-simultaneous    | every post covered (the seed: it names both)      |
// | group-collision             | near-simultaneous    | every post covered                                |
// | queue-paused                | worker-down          | a worker is connected (CLIENT LIST > 0): it is    |
// |                             |                      | only paused. With no worker both are kept: resuming|
// |                             |                      | alone would not help                              |
//
// Kept together on purpose (distinct causes): job-id-collision + whole-hour-offset on one
// post; stalled-job + job-ran-twice (stuck now vs. may have gone out twice); orphan-job +
// worker-down/stalled-job; rate-limited + rate-limit-risk; queue-paused/worker-down + any
// per-post finding (a post's own fault stays after the queue runs again); events-truncated
// and clock-skew (context for every other finding).

namespace postscope {

namespace {

enum class Scope {
    SamePost,   // the loser's first post is named by the winner
    AllPosts,   // every post of the loser is named by the winner
    Always,     // the winner fired at all
};

struct Precedence {
    const char *winner;
    const char *loser;
    Scope scope;
    bool winnerSubjectOnly = false; // only the winner's first post counts as covered
    bool winnerCriticalOnly = false;
};

const std::vector<Precedence> &table()
{
    static const std::vector<Precedence> t{
        {"job-removed", "missing-job", Scope::SamePost, true},
        {"group-collision", "missing-job", Scope::SamePost},
        {"group-collision", "job-removed", Scope::SamePost},
        {"integration-refresh-needed", "missing-job", Scope::SamePost},
        {"integration-refresh-needed", "state-not-updated", Scope::SamePost},
        {"integration-disabled", "missing-job", Scope::SamePost},
        {"integration-disabled", "state-not-updated", Scope::SamePost},
        {"no-queue-data", "missing-job", Scope::Always},
        {"whole-hour-offset", "job-time-mismatch", Scope::SamePost},
        {"job-id-collision", "job-time-mismatch", Scope::SamePost},
        {"rate-limited", "provider-error", Scope::SamePost, true},
        {"limiter-backlog", "provider-error", Scope::SamePost, true},
        {"duplicate-content", "provider-error", Scope::SamePost, false, true},
        {"duplicate-time-slot", "near-simultaneous", Scope::AllPosts},
        {"rate-limit-risk", "near-simultaneous", Scope::AllPosts},
        {"job-removed", "near-simultaneous", Scope::AllPosts},
        {"group-collision", "near-simultaneous", Scope::AllPosts},
    };
    return t;
}

int catalogIndex(const QString &id)
{
    static const QHash<QString, int> index = [] {
        QHash<QString, int> h;
        int i = 0;
        for (const RulePtr &r : allRules())
            h.insert(r->info().id, i++);
        return h;
    }();
    return index.value(id, std::numeric_limits<int>::max());
}

qint64 timeKey(const Finding &f, const Snapshot &s)
{
    qint64 t = std::numeric_limits<qint64>::max();
    for (const QString &id : f.posts) {
        if (const Post *p = s.post(id))
            t = std::min(t, p->publishDate);
    }
    if (t != std::numeric_limits<qint64>::max())
        return t;
    for (const QString &e : f.events)
        t = std::min(t, e.section(QLatin1Char('-'), 0, 0).toLongLong());
    if (t != std::numeric_limits<qint64>::max())
        return t;
    return f.posts.isEmpty() && f.jobs.isEmpty() ? std::numeric_limits<qint64>::min() : t;
}

} // namespace

QString toString(RuleStatus s)
{
    return s == RuleStatus::Ran ? QStringLiteral("ran") : QStringLiteral("skipped");
}

bool Diagnosis::hasCritical() const { return count(Severity::Critical) > 0; }

int Diagnosis::count(Severity s) const
{
    return int(std::count_if(findings.begin(), findings.end(), [s](const Finding &f) { return f.severity == s; }));
}

void sortFindings(std::vector<Finding> &findings, const Snapshot &s)
{
    std::vector<std::pair<qint64, size_t>> keys;
    keys.reserve(findings.size());
    for (size_t i = 0; i < findings.size(); ++i)
        keys.emplace_back(timeKey(findings[i], s), i);
    std::vector<size_t> order(findings.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Finding &fa = findings[a];
        const Finding &fb = findings[b];
        if (fa.severity != fb.severity)
            return fa.severity > fb.severity;
        if (keys[a].first != keys[b].first)
            return keys[a].first < keys[b].first;
        const int ca = catalogIndex(fa.rule);
        const int cb = catalogIndex(fb.rule);
        if (ca != cb)
            return ca < cb;
        return fa.summary < fb.summary;
    });
    std::vector<Finding> sorted;
    sorted.reserve(findings.size());
    for (size_t i : order)
        sorted.push_back(std::move(findings[i]));
    findings = std::move(sorted);
}

std::vector<Finding> applyPrecedence(std::vector<Finding> findings, const Snapshot &s,
                                     std::vector<Finding> *superseded)
{
    // Posts each rule names (all, and first only), and which rules fired at all.
    QHash<QString, QHash<QString, int>> named;        // rule → post → finding index
    QHash<QString, QHash<QString, int>> namedFirst;
    QHash<QString, QHash<QString, int>> namedCritical;
    QHash<QString, int> fired;
    for (int i = 0; i < int(findings.size()); ++i) {
        const Finding &f = findings[size_t(i)];
        fired.insert(f.rule, i);
        for (const QString &p : f.posts) {
            named[f.rule].insert(p, i);
            if (f.severity == Severity::Critical)
                namedCritical[f.rule].insert(p, i);
        }
        if (!f.posts.isEmpty())
            namedFirst[f.rule].insert(f.posts.first(), i);
    }
    const QueueInfo *q = s.mainQueue();
    const bool workerConnected = q && q->workersSeen && *q->workersSeen > 0;

    std::vector<Finding> kept;
    kept.reserve(findings.size());
    for (int i = 0; i < int(findings.size()); ++i) {
        Finding &f = findings[size_t(i)];
        int by = -1;
        for (const Precedence &rule : table()) {
            if (f.rule != QLatin1String(rule.loser))
                continue;
            const QString winner = QString::fromLatin1(rule.winner);
            const QHash<QString, int> &cover = rule.winnerCriticalOnly ? namedCritical.value(winner)
                : rule.winnerSubjectOnly                                ? namedFirst.value(winner)
                                                                         : named.value(winner);
            if (rule.scope == Scope::Always) {
                by = fired.value(winner, -1);
            } else if (rule.scope == Scope::SamePost) {
                if (!f.posts.isEmpty())
                    by = cover.value(f.posts.first(), -1);
            } else if (!f.posts.isEmpty()) {
                int w = -1;
                bool all = true;
                for (const QString &p : f.posts) {
                    const int x = cover.value(p, -1);
                    all = all && x >= 0;
                    w = x >= 0 ? x : w;
                }
                by = all ? w : -1;
            }
            if (by >= 0)
                break;
        }
        if (by < 0 && f.rule == QLatin1String("worker-down") && workerConnected)
            by = fired.value(QStringLiteral("queue-paused"), -1);
        if (by < 0) {
            kept.push_back(std::move(f));
            continue;
        }
        if (superseded) {
            Finding copy = f;
            copy.firedSignals << QStringLiteral("superseded by %1: %2")
                                     .arg(findings[size_t(by)].rule, findings[size_t(by)].summary);
            superseded->push_back(std::move(copy));
        }
    }
    sortFindings(kept, s);
    return kept;
}

Diagnosis diagnose(const Snapshot &snapshot, const RuleContext &context)
{
    Diagnosis d;
    std::vector<Finding> all;
    RuleContext shared = context;
    shared.index = RuleIndex::of(snapshot, context);
    for (const RulePtr &rule : allRules()) {
        RuleOutcome o = rule->evaluate(snapshot, shared);
        RuleRun run;
        run.id = rule->info().id;
        run.status = o.status;
        run.reason = o.reason;
        d.rules.push_back(run);
        for (Finding &f : o.findings) {
            if (f.rule.isEmpty())
                f.rule = run.id;
            all.push_back(std::move(f));
        }
    }
    d.findings = applyPrecedence(std::move(all), snapshot, &d.superseded);
    QHash<QString, int> kept;
    QHash<QString, int> dropped;
    for (const Finding &f : d.findings)
        ++kept[f.rule];
    for (const Finding &f : d.superseded)
        ++dropped[f.rule];
    for (RuleRun &r : d.rules) {
        r.findings = kept.value(r.id);
        r.superseded = dropped.value(r.id);
    }
    return d;
}

} // namespace postscope
