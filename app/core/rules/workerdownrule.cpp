#include "registry.h"
#include "rulesupport.h"

#include <algorithm>

namespace postscope {

namespace {

using namespace rulesupport;

class WorkerDownRule : public CatalogRule
{
public:
    WorkerDownRule()
        : CatalogRule({
            QStringLiteral("worker-down"), Severity::Critical, QStringLiteral("No worker is taking jobs"),
            QStringLiteral("Delayed jobs whose fire time passed more than the grace ago, or waiting jobs older than the "
                           "limit, while no job is being worked on (no active job holds a lock); stronger when "
                           "CLIENT LIST shows no worker connection for the queue."),
            QStringLiteral("Start or restart Postiz's workers (pm2 list / docker ps), check their logs; due jobs run as "
                           "soon as a worker connects."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        const QueueInfo *q = s.mainQueue();
        const QString queue = s.scope().queue;
        const bool permitted = s.server().clientListPermitted;
        int workers = 0;
        for (const WorkerConnection &w : s.workers())
            workers += w.queue == queue ? 1 : 0;
        // The grace covers a live worker's delay timer. When CLIENT LIST shows no worker for
        // the queue at all, nothing will ever promote a delayed job: any passed fire time counts.
        const bool noWorker = permitted && workers == 0;
        const qint64 dueBefore = noWorker ? ctx.now : ctx.now - ctx.thresholds.dueGraceMs;
        const qint64 waitingBefore = ctx.now - ctx.thresholds.waitingTooLongMs;

        struct Stuck {
            const Job *job;
            qint64 since;
        };
        std::vector<Stuck> stuck;
        int workingActive = 0;
        int locklessActive = 0;
        for (const Job &j : s.jobs()) {
            if (j.queue != queue)
                continue;
            switch (j.state) {
            case JobState::Active:
                // A job in `active` without its lock is a dead worker's leftover (stalled-job),
                // not evidence that a worker is alive.
                if (j.hasLock)
                    ++workingActive;
                else
                    ++locklessActive;
                break;
            case JobState::Delayed:
                if (j.fireTime && *j.fireTime < dueBefore)
                    stuck.push_back({&j, *j.fireTime});
                break;
            case JobState::Waiting:
            case JobState::Prioritized:
            case JobState::Paused: {
                const std::optional<qint64> since = j.fireTime ? j.fireTime : j.timestamp;
                if (since && *since < waitingBefore)
                    stuck.push_back({&j, *since});
                break;
            }
            default:
                break;
            }
        }
        if (stuck.empty() || workingActive > 0)
            return;

        // A paused queue keeps due jobs waiting on purpose: with workers connected (or unknown),
        // queue-paused is the cause, not a missing worker.
        if (q->paused && !noWorker)
            return;

        std::sort(stuck.begin(), stuck.end(), [](const Stuck &a, const Stuck &b) { return a.since < b.since; });
        Finding f = makeFinding(info());
        int delayed = 0;
        for (const Stuck &st : stuck) {
            delayed += st.job->state == JobState::Delayed ? 1 : 0;
            if (f.jobs.size() >= 1000)
                continue; // the summary counts them all; the finding names the oldest 1000
            f.jobs.append(st.job->id);
            if (s.post(st.job->id))
                f.posts.append(st.job->id);
            else if (!st.job->dataPostId.isEmpty() && s.post(st.job->dataPostId))
                f.posts.append(st.job->dataPostId);
        }
        const Job &oldest = *stuck.front().job;
        QString workerWords;
        if (!permitted)
            workerWords = QStringLiteral("whether a worker is connected is unknown (CLIENT LIST is not permitted)");
        else if (workers == 0)
            workerWords = QStringLiteral("no worker is connected to queue %1").arg(queue);
        else
            workerWords = QStringLiteral("%1 worker connection(s) for queue %2 are present but take no jobs").arg(workers).arg(queue);
        const QString what = f.posts.isEmpty() ? QStringLiteral("jobs %1").arg(idList(f.jobs))
                                               : QStringLiteral("posts %1").arg(idList(f.posts));
        f.summary = QStringLiteral("%1 job(s) of queue %2 are overdue (the oldest due at %3, %4 before the capture) and "
                                   "%5, so %6 are stuck in QUEUE.")
                        .arg(stuck.size())
                        .arg(queue, utc(stuck.front().since), duration(ctx.now - stuck.front().since), workerWords, what);
        if (delayed > 0)
            f.firedSignals.append(noWorker ? QStringLiteral("%1 delayed job(s) whose fire time has passed, and no worker "
                                                            "to promote them")
                                                 .arg(delayed)
                                           : QStringLiteral("%1 delayed job(s) with a fire time more than %2 in the past "
                                                            "(a worker's delay timer promotes delayed jobs; none did)")
                                                 .arg(delayed)
                                                 .arg(duration(ctx.thresholds.dueGraceMs)));
        if (int(stuck.size()) > delayed)
            f.firedSignals.append(QStringLiteral("%1 waiting job(s) older than %2")
                                      .arg(int(stuck.size()) - delayed)
                                      .arg(duration(ctx.thresholds.waitingTooLongMs)));
        f.firedSignals.append(QStringLiteral("no job in %1 holds a lock (a working worker keeps its jobs locked)")
                                  .arg(key(s, QStringLiteral("active"))));
        if (locklessActive > 0)
            f.firedSignals.append(QStringLiteral("%1 job(s) sit in active without a lock: a worker died (see stalled-job)")
                                      .arg(locklessActive));
        if (!permitted)
            f.firedSignals.append(QStringLiteral("CLIENT LIST is not permitted for this Redis user: workers unknown, not none"));
        else
            f.firedSignals.append(QStringLiteral("CLIENT LIST: %1 connection(s) named for queue %2 (bull:<base64 of the "
                                                 "queue name>)")
                                      .arg(workers)
                                      .arg(queue));
        if (q->paused)
            f.firedSignals.append(QStringLiteral("the queue is also paused (see queue-paused)"));
        f.fix = {QStringLiteral("Start or restart the Postiz workers process (pm2 list, docker ps, or the orchestrator "
                                "service) and read its logs for crashes."),
                 QStringLiteral("Check that the workers use the same REDIS_URL (host, db, prefix) as the API."),
                 QStringLiteral("Once a worker runs, overdue delayed jobs are promoted and run at once: check that "
                                "these posts should still go out now, or reschedule them first.")};
        f.verify = {QStringLiteral("ZRANGE %1 0 9 WITHSCORES").arg(key(s, QStringLiteral("delayed"))),
                    QStringLiteral("LRANGE %1 0 -1").arg(key(s, QStringLiteral("active"))),
                    QStringLiteral("LLEN %1").arg(key(s, QStringLiteral("wait"))),
                    redisJob(s, oldest.id), QStringLiteral("CLIENT LIST")};
        if (!f.posts.isEmpty())
            f.verify.append(sqlPost(f.posts.mid(0, 20)));
        out.findings.push_back(std::move(f));
    }
};

} // namespace

RulePtr makeWorkerDownRule()
{
    return std::make_unique<WorkerDownRule>();
}

} // namespace postscope
