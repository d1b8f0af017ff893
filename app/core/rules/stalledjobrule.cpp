#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

class StalledJobRule : public CatalogRule
{
public:
    StalledJobRule()
        : CatalogRule({
            QStringLiteral("stalled-job"), Severity::Critical, QStringLiteral("A worker died mid-job"),
            QStringLiteral("A job sits in active without its lock key, or is in the stalled set: the worker that took "
                           "it stopped. BullMQ retries it when a worker's stalled check runs (Postiz allows 10 stalls)."),
            QStringLiteral("Check on the platform whether the post went out before retrying; restart the workers."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        for (const Job &j : s.jobs()) {
            const bool lockless = j.state == JobState::Active && !j.hasLock;
            if (!lockless && !j.stalled)
                continue;
            const bool main = j.queue == s.scope().queue;
            const QString base = s.scope().prefix + QLatin1Char(':') + j.queue + QLatin1Char(':');
            const Post *p = main ? s.post(j.id) : nullptr;
            if (main && !p && !j.dataPostId.isEmpty())
                p = s.post(j.dataPostId);
            Finding f = makeFinding(info());
            f.jobs.append(j.id);
            if (p) {
                f.posts.append(p->id);
                f.integrations.append(p->integrationId);
            }
            if (main) {
                for (int e : s.eventsForJob(j.id))
                    f.events.append(s.events()[size_t(e)].streamId);
            }
            const QString subject = p ? QStringLiteral("The job of %1").arg(postLabel(s, *p))
                                      : QStringLiteral("Job %1 of queue %2").arg(j.id, j.queue);
            const QString taken = j.processedOn ? QStringLiteral(" (taken at %1)").arg(utc(*j.processedOn)) : QString();
            f.summary = lockless
                ? QStringLiteral("%1 is in %2active without its lock%3: the worker that took it stopped mid-job, and it "
                                 "stays there until a worker's stalled check retries it.")
                      .arg(subject, base, taken)
                : QStringLiteral("%1 is in %2stalled%3: a worker lost it mid-job and BullMQ will retry it.")
                      .arg(subject, base, taken);
            if (lockless)
                f.firedSignals.append(QStringLiteral("in %1active, %1%2:lock does not exist").arg(base, j.id));
            if (j.stalled)
                f.firedSignals.append(QStringLiteral("in the set %1stalled (caught by the last stalled check)").arg(base));
            if (j.processedOn)
                f.firedSignals.append(QStringLiteral("processedOn %1, %2 before the capture")
                                          .arg(utc(*j.processedOn), duration(ctx.now - *j.processedOn)));
            if (!j.processedBy.isEmpty())
                f.firedSignals.append(QStringLiteral("taken by worker %1").arg(j.processedBy));
            if (j.attemptsStarted)
                f.firedSignals.append(QStringLiteral("attempts started: %1").arg(*j.attemptsStarted));
            if (p && p->state == PostState::Queue)
                f.firedSignals.append(QStringLiteral("post %1 is still QUEUE").arg(p->id));
            f.fix = {QStringLiteral("Look on the platform whether the post already went out: a retried job may publish "
                                    "it twice."),
                     QStringLiteral("Make sure a worker runs (it retries stalled jobs on its stalled check) and read the "
                                    "worker's logs for the crash (\"Unhandled error, let's avoid crashing the post "
                                    "worker\", out of memory, a restart)."),
                     QStringLiteral("If the post should not go out any more, delete or reschedule it in Postiz.")};
            f.verify = {QStringLiteral("LRANGE %1active 0 -1").arg(base), QStringLiteral("EXISTS %1%2:lock").arg(base, j.id),
                        QStringLiteral("SMEMBERS %1stalled").arg(base), QStringLiteral("HGETALL %1%2").arg(base, j.id)};
            if (p)
                f.verify.append(sqlPost({p->id}));
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeStalledJobRule()
{
    return std::make_unique<StalledJobRule>();
}

} // namespace postscope
