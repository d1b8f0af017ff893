#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class JobRanTwiceRule : public CatalogRule
{
public:
    JobRanTwiceRule()
        : CatalogRule({
            QStringLiteral("job-ran-twice"), Severity::Warning, QStringLiteral("Job ran twice (stalled and re-run)"),
            QStringLiteral("The events stream shows two `active` events (or a `stalled` event) for one job since "
                           "it was added: a worker lost the job mid-run and BullMQ ran it again, so the post may "
                           "have gone out twice."),
            QStringLiteral("Check the platform for a duplicate and delete it; find why the worker stalled."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const auto index = RuleIndex::of(s, c);
        for (int first : index->firstEventOfJobs()) {
            const QueueEvent &ev = s.events()[size_t(first)];
            // Events since the latest `added`: a repeating post legitimately runs once per add.
            QList<int> cycle;
            for (int row : s.eventsForJob(ev.jobId)) {
                if (s.events().at(size_t(row)).event == QLatin1String("added"))
                    cycle.clear();
                cycle.append(row);
            }
            QStringList actives;
            QStringList stalls;
            QStringList ids;
            bool failedBetween = false;
            for (int row : cycle) {
                const QueueEvent &e = s.events().at(size_t(row));
                if (e.event == QLatin1String("active")) {
                    actives << utc(e.time);
                    ids << e.streamId;
                } else if (e.event == QLatin1String("stalled")) {
                    stalls << utc(e.time);
                    ids << e.streamId;
                } else if (e.event == QLatin1String("failed") && !actives.isEmpty()) {
                    failedBetween = true; // a retry after a failure, not a stall
                }
            }
            if (stalls.isEmpty() && (actives.size() < 2 || failedBetween))
                continue;
            const Post *p = s.post(ev.jobId);
            Finding f = makeFinding(info());
            f.jobs << ev.jobId;
            f.events = ids;
            QString what = p ? QStringLiteral("post %1 (%2)").arg(p->id, integrationName(s, p->integrationId))
                             : QStringLiteral("job %1").arg(ev.jobId);
            if (p) {
                f.posts << p->id;
                f.integrations << p->integrationId;
            }
            if (actives.size() >= 2)
                f.summary = QStringLiteral("The job of %1 was started %2 times (%3) after a worker stalled on it, so "
                                           "the post may have gone out more than once.")
                                .arg(what)
                                .arg(actives.size())
                                .arg(actives.join(QStringLiteral(", ")));
            else
                f.summary = QStringLiteral("The job of %1 stalled at %2 and will be run again, so the post may go out "
                                           "twice.")
                                .arg(what, stalls.first());
            f.firedSignals << QStringLiteral("`active` events since the job was added: %1")
                                  .arg(actives.isEmpty() ? QStringLiteral("none") : actives.join(QStringLiteral(", ")));
            if (!stalls.isEmpty())
                f.firedSignals << QStringLiteral("`stalled` events: %1").arg(stalls.join(QStringLiteral(", ")));
            if (p)
                f.firedSignals << QStringLiteral("post state now: %1%2")
                                      .arg(toString(p->state),
                                           p->releaseURL.isEmpty() ? QString()
                                                                   : QStringLiteral(", releaseURL %1").arg(p->releaseURL));
            f.fix << QStringLiteral("Check %1 on the platform for a duplicate and delete the extra copy.").arg(what)
                  << QStringLiteral("Find why the worker lost its lock (crash, out of memory, event loop blocked "
                                    "longer than the lock duration); BullMQ re-runs stalled jobs up to "
                                    "maxStalledCount (Postiz: 10) times.");
            if (p)
                f.verify << sqlPost({p->id});
            f.verify << redisEvents(s) << redisJob(s, ev.jobId);
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeJobRanTwiceRule() { return std::make_unique<JobRanTwiceRule>(); }

} // namespace postscope
