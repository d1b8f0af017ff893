#include "registry.h"
#include "rulesupport.h"

#include <QSet>

namespace postscope {

using namespace rulesupport;

namespace {

// Seed cause C: queue.add() with the id of a job that still exists is silently ignored
// by BullMQ (only a `duplicated` event shows it), so an edited post keeps its old job.
class JobIdCollisionRule : public CatalogRule
{
public:
    JobIdCollisionRule()
        : CatalogRule({
            QStringLiteral("job-id-collision"), Severity::Critical, QStringLiteral("Job add ignored: id already existed"),
            QStringLiteral("BullMQ ignores an add whose job id still exists and only writes a `duplicated` event. "
                           "Postiz uses the post id as job id, so an edit whose remove missed keeps the old job, "
                           "with its old time and data."),
            QStringLiteral("Remove the stale job and save the post again, or reschedule it."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        // One finding per job id, from its latest `duplicated` event.
        QSet<QString> seen;
        const auto &events = s.events();
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            const QueueEvent &e = *it;
            if (e.queue != s.scope().queue || e.event != QLatin1String("duplicated") || e.jobId.isEmpty()
                || seen.contains(e.jobId))
                continue;
            seen.insert(e.jobId);
            // A later `added` means the job was replaced after all: history, not a problem.
            bool replaced = false;
            for (int row : s.eventsForJob(e.jobId)) {
                const QueueEvent &later = events.at(size_t(row));
                replaced = replaced || (later.event == QLatin1String("added") && later.time >= e.time
                                        && later.streamId != e.streamId && later.seq >= 0
                                        && (later.time > e.time || later.seq > e.seq));
            }
            if (replaced)
                continue;
            const Post *p = s.post(e.jobId);
            if (p && (p->isDeleted() || p->state != PostState::Queue))
                continue;
            const Job *j = s.jobForPost(e.jobId);
            Finding f = makeFinding(info());
            f.jobs << e.jobId;
            f.events << e.streamId;
            if (p) {
                f.posts << p->id;
                f.integrations << p->integrationId;
            }
            QString jobTime;
            if (j && j->fireTime)
                jobTime = QStringLiteral(" and still fires at %1").arg(utc(*j->fireTime));
            if (p && j && j->fireTime && std::llabs(*j->fireTime - p->publishDate) > c.thresholds.timeMismatchMs) {
                f.summary = QStringLiteral("The save of post %1 (%2) at %3 did not reach its job: a job with that id "
                                           "already existed, so it keeps its old time %4 instead of the post's %5.")
                                .arg(p->id, integrationName(s, p->integrationId), utc(e.time), utc(*j->fireTime),
                                     utc(p->publishDate));
                f.firedSignals << QStringLiteral("job fire time %1 differs from publishDate %2 by %3")
                                      .arg(utc(*j->fireTime), utc(p->publishDate),
                                           duration(*j->fireTime - p->publishDate));
            } else if (p) {
                f.summary = QStringLiteral("The save of post %1 (%2) at %3 was ignored by the queue because a job "
                                           "with that id already existed%4; the job keeps its old data.")
                                .arg(p->id, integrationName(s, p->integrationId), utc(e.time), jobTime);
            } else {
                f.summary = QStringLiteral("An add of job %1 at %2 was ignored because a job with that id already "
                                           "existed%3.")
                                .arg(e.jobId, utc(e.time), jobTime);
            }
            f.firedSignals.prepend(QStringLiteral("events stream: `duplicated` for %1 at %2 (%3): an add with an "
                                                  "existing job id was ignored")
                                       .arg(e.jobId, utc(e.time), e.streamId));
            if (j)
                f.firedSignals << QStringLiteral("the job is %1, added at %2")
                                      .arg(toString(j->state),
                                           j->timestamp ? utc(*j->timestamp) : QStringLiteral("an unknown time"));
            else
                f.firedSignals << QStringLiteral("the job no longer exists");
            f.fix << QStringLiteral("Save the post again in Postiz so its job is replaced (check afterwards that "
                                    "the job's fire time matches).")
                  << QStringLiteral("Fix the edit path: queue.remove() must target the post's own id before "
                                    "queue.add() (seed guide, cause C; the seed's unique jobId with a timestamp "
                                    "also avoids the collision).");
            if (p)
                f.verify << sqlPost({p->id});
            f.verify << redisJob(s, e.jobId) << redisDelayedScore(s, e.jobId) << redisEvents(s);
            out.findings.push_back(std::move(f));
        }

        // Two live rows with one id: only possible in a restored dump without the primary key.
        const auto &duplicates = s.duplicatePostRows();
        for (auto dup = duplicates.cbegin(); dup != duplicates.cend(); ++dup) {
            int live = 0;
            int firstLive = -1;
            for (int r : dup.value()) {
                if (!s.posts().at(size_t(r)).isDeleted()) {
                    ++live;
                    if (firstLive < 0)
                        firstLive = r;
                }
            }
            if (live < 2)
                continue;
            const Post &p = s.posts().at(size_t(firstLive));
            Finding f = makeFinding(info());
            f.posts << p.id;
            f.jobs << p.id;
            f.integrations << p.integrationId;
            f.summary = QStringLiteral("%1 live rows in \"Post\" share the id %2, so they share one job and only one "
                                       "of them can be published.")
                            .arg(live)
                            .arg(p.id);
            f.firedSignals << QStringLiteral("\"Post\" has %1 live rows with id %2 (no primary key?)").arg(live).arg(p.id);
            f.fix << QStringLiteral("Give the duplicated rows their own ids (restore the primary key) and reschedule "
                                    "them.");
            f.verify << QStringLiteral("SELECT id, COUNT(*) FROM \"Post\" WHERE \"deletedAt\" IS NULL GROUP BY id "
                                       "HAVING COUNT(*) > 1;")
                     << sqlPost({p.id});
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeJobIdCollisionRule() { return std::make_unique<JobIdCollisionRule>(); }

} // namespace postscope
