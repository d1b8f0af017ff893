#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class JobTimeMismatchRule : public Rule
{
public:
    const RuleInfo &info() const override
    {
        static const RuleInfo i{
            QStringLiteral("job-time-mismatch"), Severity::Critical, QStringLiteral("Job fires at another time than the post"),
            QStringLiteral("A scheduled post's job fires at a time (delayed score ÷ 4096, else timestamp + delay) "
                           "that differs from the post's publishDate by more than the tolerance. The post goes "
                           "out at the job's time, not the time Postiz shows."),
            QStringLiteral("Save the post again so its job is replaced with the right delay."),
        };
        return i;
    }

    RuleOutcome evaluate(const Snapshot &s, const RuleContext &c) const override
    {
        RuleOutcome out;
        QString why = redisUnavailable(s);
        if (why.isEmpty())
            why = postgresUnavailable(s);
        if (skipped(out, why))
            return out;
        for (const Job &j : s.jobs()) {
            const std::optional<qint64> diff = jobTimeOffset(s, j, c.thresholds.timeMismatchMs);
            if (!diff || std::llabs(*diff) <= c.thresholds.timeMismatchMs)
                continue;
            const Post &p = *s.post(j.id);
            Finding f = makeFinding(info());
            f.posts << p.id;
            f.jobs << j.id;
            f.integrations << p.integrationId;
            f.summary = QStringLiteral("Post %1 (%2) is scheduled for %3 but its job fires at %4, %5 %6: it will go "
                                       "out at the job's time.")
                            .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), utc(*j.fireTime),
                                 duration(std::llabs(*diff)),
                                 *diff < 0 ? QStringLiteral("earlier") : QStringLiteral("later"));
            f.firedSignals << QStringLiteral("job %1 is %2; fire time %3 from %4")
                                  .arg(j.id, toString(j.state), utc(*j.fireTime), j.fireTimeSource)
                           << QStringLiteral("post publishDate %1; difference %2 > tolerance %3")
                                  .arg(utc(p.publishDate), duration(*diff), duration(c.thresholds.timeMismatchMs));
            if (j.timestamp)
                f.firedSignals << QStringLiteral("the job was added at %1 with delay %2")
                                      .arg(utc(*j.timestamp),
                                           duration(j.optsDelay.value_or(j.delay.value_or(0))));
            if (p.updatedAt && j.timestamp && *p.updatedAt > *j.timestamp + c.thresholds.sameInstantMs)
                f.firedSignals << QStringLiteral("the post was saved again at %1, after its job was added: the "
                                                 "edit did not replace the job")
                                      .arg(utc(*p.updatedAt));
            f.fix << QStringLiteral("Save post %1 again in Postiz so its job is replaced, then check that the "
                                    "job's fire time equals the publishDate.")
                         .arg(p.id);
            f.verify << sqlPost({p.id}) << redisJob(s, j.id);
            if (j.state == JobState::Delayed)
                f.verify << redisDelayedScore(s, j.id) + QStringLiteral("   # fire time = floor(score / 4096)");
            out.findings.push_back(std::move(f));
        }
        return out;
    }

public:
    // fire time − publishDate for a pending job of a live scheduled post, nullopt when
    // there is nothing to compare. Jobs added to run at once after the post's date (Postiz's
    // "post now", which stores the current minute, and the repair cron's delay-0 re-adds)
    // and repeating posts re-added by the worker are left out: their fire time is not meant
    // to equal publishDate.
    static std::optional<qint64> jobTimeOffset(const Snapshot &s, const Job &j, qint64 tolerance)
    {
        if (j.queue != s.scope().queue || !j.fireTime)
            return std::nullopt;
        switch (j.state) {
        case JobState::Delayed:
        case JobState::Waiting:
        case JobState::Paused:
        case JobState::Prioritized:
        case JobState::Active:
            break;
        default:
            return std::nullopt;
        }
        const Post *p = s.post(j.id);
        if (!p || !isLiveTopLevel(*p) || p->state != PostState::Queue)
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
        return diff;
    }
};

} // namespace

std::optional<qint64> rules1JobTimeOffset(const Snapshot &s, const Job &j, qint64 tolerance)
{
    return JobTimeMismatchRule::jobTimeOffset(s, j, tolerance);
}

RulePtr makeJobTimeMismatchRule() { return std::make_unique<JobTimeMismatchRule>(); }

} // namespace postscope
