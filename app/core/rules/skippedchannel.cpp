#include "skippedchannel.h"

namespace postscope::rulesupport {

namespace {
bool skippedByWorker(const Snapshot &s, const QString &postId)
{
    if (s.jobForPost(postId))
        return false;
    for (int e : s.eventsForJob(postId)) {
        if (s.events()[size_t(e)].event == QLatin1String("completed"))
            return true;
    }
    return false;
}
} // namespace

void judgeSkippedChannel(const Snapshot &s, const RuleContext &ctx, const RuleInfo &info, RuleOutcome &out,
                         const std::function<std::optional<ChannelProblem>(const Integration &, const QString &who)> &problemOf)
{
    const auto &posts = s.posts();
    const qint64 dueBefore = ctx.now - ctx.thresholds.dueGraceMs;
    for (const Integration &in : s.integrations()) {
        const QString who = integrationName(s, in.id);
        const std::optional<ChannelProblem> problem = problemOf(in, who);
        if (!problem)
            continue;
        const QString &reason = problem->reason;
        const QString &signal = problem->signal;
        QStringList due;
        QStringList upcoming;
        qint64 oldest = 0;
        for (int idx : s.postsOfIntegration(in.id)) {
            const Post &p = posts[size_t(idx)];
            if (!isLiveTopLevel(p) || p.state != PostState::Queue)
                continue;
            // Due beyond the grace, or already taken by the worker and dropped (a `completed`
            // event, no job left) while the post stayed QUEUE: the skip has happened.
            if (p.publishDate <= dueBefore || (p.publishDate <= ctx.now && skippedByWorker(s, p.id))) {
                if (due.isEmpty())
                    oldest = p.publishDate;
                due.append(p.id);
            } else {
                upcoming.append(p.id);
            }
        }
        if (due.isEmpty())
            continue;
        Finding f = makeFinding(info);
        f.posts = due;
        f.integrations.append(in.id);
        f.summary = QStringLiteral("%1 due post(s) to %2 (%3, the oldest due at %4) stay in QUEUE because %5: "
                                   "Postiz's worker skips them without changing their state.")
                        .arg(due.size())
                        .arg(who, idList(due), utc(oldest), reason);
        f.firedSignals.append(signal);
        f.firedSignals.append(QStringLiteral("%1 live top-level QUEUE post(s) due (publishDate more than %2 before "
                                             "the capture, or already run by the worker): %3")
                                  .arg(due.size())
                                  .arg(duration(ctx.thresholds.dueGraceMs), idList(due, 10)));
        int skipped = 0;
        for (const QString &id : std::as_const(due)) {
            const QList<int> &evs = s.eventsForJob(id);
            bool completed = false;
            for (int e : evs) {
                const QueueEvent &ev = s.events()[size_t(e)];
                if (ev.event == QLatin1String("completed")) {
                    completed = true;
                    f.events.append(ev.streamId);
                }
            }
            if (completed && !s.jobForPost(id))
                ++skipped;
        }
        if (skipped > 0)
            f.firedSignals.append(QStringLiteral("%1 of them: job completed and removed, post still QUEUE (the "
                                                 "worker ran and skipped it)")
                                      .arg(skipped));
        if (!upcoming.isEmpty())
            f.firedSignals.append(QStringLiteral("%1 later post(s) to %2 will be skipped the same way: %3")
                                      .arg(upcoming.size())
                                      .arg(who, idList(upcoming, 5)));
        f.fix = {problem->fix,
                 QStringLiteral("Then reschedule the due posts (%1): their jobs are gone or will be dropped, so they "
                                "will not go out by themselves.")
                     .arg(idList(due, 10))};
        f.verify = {sqlIntegration(in.id), sqlPost(due.mid(0, 20))};
        f.verify.append(redisJob(s, due.first()));
        out.findings.push_back(std::move(f));
    }
}

} // namespace postscope::rulesupport
