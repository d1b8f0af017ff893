#include "jobtimeoffset.h"

namespace postscope::rulesupport {

namespace {

// fire time − publishDate for a queued job of a live scheduled post, nullopt when
// there is nothing to compare. Jobs added to run at once after the post's date (Postiz's
// "post now", which stores the current minute, and the repair cron's delay-0 re-adds)
// and repeating posts re-added by the worker are left out: their fire time is not meant
// to equal publishDate.
std::optional<JobOffset> jobTimeOffset(const Job &j, const Post *p, qint64 tolerance)
{
    if (!j.fireTime || !p || !isLiveTopLevel(*p) || p->state != PostState::Queue)
        return std::nullopt;
    const qint64 diff = *j.fireTime - p->publishDate;
    const qint64 delay = j.optsDelay.value_or(j.delay.value_or(0));
    if (delay == 0 && diff >= 0)
        return std::nullopt;
    if (p->intervalInDays && *p->intervalInDays > 0) {
        const qint64 period = *p->intervalInDays * 86'400'000LL;
        const qint64 rest = ((diff % period) + period) % period;
        if (rest <= tolerance || period - rest <= tolerance)
            return std::nullopt;
    }
    return JobOffset{&j, p, diff};
}

} // namespace

void judgeJobOffsets(const Snapshot &s, const RuleContext &ctx, const RuleInfo &info,
                     const std::function<bool(const JobOffset &)> &fires, RuleOutcome &out,
                     const std::function<void(const JobOffset &, Finding &)> &describe)
{
    const auto index = RuleIndex::of(s, ctx);
    for (const RuleIndex::QueuedJob &queued : index->queuedJobs()) {
        const std::optional<JobOffset> o = jobTimeOffset(*queued.job, queued.post, ctx.thresholds.timeMismatchMs);
        if (!o || !fires(*o))
            continue;
        const Job &j = *o->job;
        Finding f = makeFinding(info);
        f.posts << o->post->id;
        f.jobs << j.id;
        f.integrations << o->post->integrationId;
        f.verify << sqlPost({o->post->id}) << redisJob(s, j.id);
        if (j.state == JobState::Delayed)
            f.verify << redisDelayedScore(s, j.id) + QStringLiteral("   # fire time = floor(score / 4096)");
        describe(*o, f);
        out.findings.push_back(std::move(f));
    }
}

} // namespace postscope::rulesupport
