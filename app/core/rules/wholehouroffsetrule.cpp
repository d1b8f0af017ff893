#include "registry.h"
#include "jobtimeoffset.h"

namespace postscope {

using namespace rulesupport;

namespace {

class WholeHourOffsetRule : public CatalogRule
{
public:
    WholeHourOffsetRule()
        : CatalogRule({
            QStringLiteral("whole-hour-offset"), Severity::Critical, QStringLiteral("Job time off by whole hours (time zone)"),
            QStringLiteral("A job's fire time and its post's publishDate differ by a whole number of hours: the "
                           "delay was computed on a host whose time zone is not UTC."),
            QStringLiteral("Run Postiz's API (backend) with TZ=UTC, then save the affected posts again."),
        }, NeedsRedis | NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const qint64 tol = c.thresholds.timeMismatchMs;
        constexpr qint64 hour = 3'600'000;
        const auto hoursOf = [](const JobOffset &o) {
            return (o.diff >= 0 ? o.diff + hour / 2 : o.diff - hour / 2) / hour; // rounded
        };
        const auto fires = [&](const JobOffset &o) {
            const qint64 hours = hoursOf(o);
            return hours != 0 && std::llabs(o.diff - hours * hour) <= tol;
        };
        judgeJobOffsets(s, c, info(), fires, out, [&](const JobOffset &o, Finding &f) {
            const qint64 hours = hoursOf(o);
            const Job &j = *o.job;
            const Post &p = *o.post;
            f.summary = QStringLiteral("Post %1 (%2) is scheduled for %3 but its job fires at %4, exactly %5 h %6: "
                                       "the API host computed the delay in a time zone other than UTC.")
                            .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), utc(*j.fireTime))
                            .arg(std::llabs(hours))
                            .arg(hours < 0 ? QStringLiteral("earlier") : QStringLiteral("later"));
            f.firedSignals << QStringLiteral("job %1 fire time %2 (%3) − publishDate %4 = %5")
                                  .arg(j.id, utc(*j.fireTime), j.fireTimeSource, utc(p.publishDate), duration(o.diff))
                           << QStringLiteral("%1 whole hour(s) within ±%2").arg(hours).arg(duration(tol));
            f.fix << QStringLiteral("Set TZ=UTC for Postiz's backend (and workers), restart it, then save post %1 "
                                    "again so its job gets the right delay.")
                         .arg(p.id)
                  << QStringLiteral("Check other posts saved through the same host: they are likely off by the "
                                    "same amount.");
        });
    }
};

} // namespace

RulePtr makeWholeHourOffsetRule() { return std::make_unique<WholeHourOffsetRule>(); }

} // namespace postscope
