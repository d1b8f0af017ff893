#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

// Defined in jobtimemismatchrule.cpp: the same comparison, so both rules agree on which
// jobs are compared.
std::optional<qint64> rules1JobTimeOffset(const Snapshot &s, const Job &j, qint64 tolerance);

namespace {

class WholeHourOffsetRule : public Rule
{
public:
    const RuleInfo &info() const override
    {
        static const RuleInfo i{
            QStringLiteral("whole-hour-offset"), Severity::Critical, QStringLiteral("Job time off by whole hours (time zone)"),
            QStringLiteral("A job's fire time and its post's publishDate differ by a whole number of hours: the "
                           "delay was computed on a host whose time zone is not UTC."),
            QStringLiteral("Run Postiz's API (backend) with TZ=UTC, then save the affected posts again."),
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
        const qint64 tol = c.thresholds.timeMismatchMs;
        constexpr qint64 hour = 3'600'000;
        for (const Job &j : s.jobs()) {
            const std::optional<qint64> diff = rules1JobTimeOffset(s, j, tol);
            if (!diff)
                continue;
            const qint64 hours = (*diff >= 0 ? *diff + hour / 2 : *diff - hour / 2) / hour;
            if (hours == 0 || std::llabs(*diff - hours * hour) > tol)
                continue;
            const Post &p = *s.post(j.id);
            Finding f = makeFinding(info());
            f.posts << p.id;
            f.jobs << j.id;
            f.integrations << p.integrationId;
            f.summary = QStringLiteral("Post %1 (%2) is scheduled for %3 but its job fires at %4, exactly %5 h %6: "
                                       "the API host computed the delay in a time zone other than UTC.")
                            .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), utc(*j.fireTime))
                            .arg(std::llabs(hours))
                            .arg(hours < 0 ? QStringLiteral("earlier") : QStringLiteral("later"));
            f.firedSignals << QStringLiteral("job %1 fire time %2 (%3) − publishDate %4 = %5")
                                  .arg(j.id, utc(*j.fireTime), j.fireTimeSource, utc(p.publishDate), duration(*diff))
                           << QStringLiteral("%1 whole hour(s) within ±%2").arg(hours).arg(duration(tol));
            f.fix << QStringLiteral("Set TZ=UTC for Postiz's backend (and workers), restart it, then save post %1 "
                                    "again so its job gets the right delay.")
                         .arg(p.id)
                  << QStringLiteral("Check other posts saved through the same host: they are likely off by the "
                                    "same amount.");
            f.verify << sqlPost({p.id}) << redisJob(s, j.id);
            if (j.state == JobState::Delayed)
                f.verify << redisDelayedScore(s, j.id) + QStringLiteral("   # fire time = floor(score / 4096)");
            out.findings.push_back(std::move(f));
        }
        return out;
    }
};

} // namespace

RulePtr makeWholeHourOffsetRule() { return std::make_unique<WholeHourOffsetRule>(); }

} // namespace postscope
