#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class OrphanJobRule : public CatalogRule
{
public:
    OrphanJobRule()
        : CatalogRule({
            QStringLiteral("orphan-job"), Severity::Warning, QStringLiteral("Job of a deleted post"),
            QStringLiteral("A job waits in delayed, wait or active although its post is soft-deleted or gone from "
                           "\"Post\". Postiz's delete leaves the job; the worker skips it when it fires."),
            QStringLiteral("Usually harmless; remove the job if the post must certainly not go out."),
        }, NeedsRedis | NeedsPostgres, {QStringLiteral("Post.deletedAt")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        if (s.posts().empty() && s.integrations().empty()) {
            skipped(out, QStringLiteral("PostgreSQL returned no posts: an absent post proves nothing"));
            return;
        }
        const auto index = RuleIndex::of(s, c);
        for (const auto &[job, post] : index->queuedJobs()) {
            const Job &j = *job;
            // Postiz's job id is the post id; data.id names it too.
            const Post *p = post;
            if (!p && !j.dataPostId.isEmpty())
                p = s.post(j.dataPostId);
            if (p && !p->isDeleted())
                continue;
            Finding f = makeFinding(info());
            f.jobs << j.id;
            const QString when = j.fireTime ? utc(*j.fireTime) : QStringLiteral("an unknown time");
            f.firedSignals << QStringLiteral("job %1 is %2, fire time %3").arg(j.id, toString(j.state), when);
            if (p) {
                f.posts << p->id;
                f.integrations << p->integrationId;
                f.summary = QStringLiteral("Post %1 (%2) was deleted at %3 but its job is still %4 (fires %5); the "
                                           "worker will skip it.")
                                .arg(p->id, integrationName(s, p->integrationId), utc(*p->deletedAt),
                                     toString(j.state), when);
                f.firedSignals << QStringLiteral("post %1 has \"deletedAt\" = %2").arg(p->id, utc(*p->deletedAt));
                f.verify << sqlPost({p->id});
            } else {
                const QString id = j.dataPostId.isEmpty() ? j.id : j.dataPostId;
                f.summary = QStringLiteral("Job %1 is %2 (fires %3) but post %4 does not exist in \"Post\" any more.")
                                .arg(j.id, toString(j.state), when, id);
                f.firedSignals << QStringLiteral("no \"Post\" row with id %1 (looked up by id, outside the window "
                                                 "too)")
                                      .arg(id);
                f.verify << sqlPost({id});
            }
            if (j.fireTime && *j.fireTime <= c.now && j.state == JobState::Delayed)
                f.firedSignals << QStringLiteral("its fire time is already past");
            f.fix << QStringLiteral("Nothing is lost: the worker skips a job whose post is deleted or missing.")
                  << QStringLiteral("To clean up, remove the job with the app or bullmq's Job.remove(); do not "
                                    "delete keys by hand while workers run.");
            f.verify << redisJob(s, j.id);
            if (j.state == JobState::Delayed)
                f.verify << redisDelayedScore(s, j.id);
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeOrphanJobRule() { return std::make_unique<OrphanJobRule>(); }

} // namespace postscope
