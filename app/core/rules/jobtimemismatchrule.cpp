#include "registry.h"
#include "jobtimeoffset.h"

namespace postscope {

using namespace rulesupport;

namespace {

class JobTimeMismatchRule : public CatalogRule
{
public:
    JobTimeMismatchRule()
        : CatalogRule({
            QStringLiteral("job-time-mismatch"), Severity::Critical, QStringLiteral("Job fires at another time than the post"),
            QStringLiteral("A scheduled post's job fires at a time (delayed score ÷ 4096, else timestamp + delay) "
                           "that differs from the post's publishDate by more than the tolerance. The post goes "
                           "out at the job's time, not the time Postiz shows."),
            QStringLiteral("Save the post again so its job is replaced with the right delay."),
        }, NeedsRedis | NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const qint64 tol = c.thresholds.timeMismatchMs;
        const auto fires = [tol](const JobOffset &o) { return std::llabs(o.diff) > tol; };
        judgeJobOffsets(s, c, info(), fires, out, [&](const JobOffset &o, Finding &f) {
            const Job &j = *o.job;
            const Post &p = *o.post;
            f.summary = QStringLiteral("Post %1 (%2) is scheduled for %3 but its job fires at %4, %5 %6: it will go "
                                       "out at the job's time.")
                            .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), utc(*j.fireTime),
                                 duration(std::llabs(o.diff)),
                                 o.diff < 0 ? QStringLiteral("earlier") : QStringLiteral("later"));
            f.firedSignals << QStringLiteral("job %1 is %2; fire time %3 from %4")
                                  .arg(j.id, toString(j.state), utc(*j.fireTime), j.fireTimeSource)
                           << QStringLiteral("post publishDate %1; difference %2 > tolerance %3")
                                  .arg(utc(p.publishDate), duration(o.diff), duration(tol));
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
        });
    }
};

} // namespace

RulePtr makeJobTimeMismatchRule() { return std::make_unique<JobTimeMismatchRule>(); }

} // namespace postscope
