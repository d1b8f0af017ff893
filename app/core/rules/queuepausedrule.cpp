#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

class QueuePausedRule : public CatalogRule
{
public:
    QueuePausedRule()
        : CatalogRule({
            QStringLiteral("queue-paused"), Severity::Critical, QStringLiteral("The queue is paused"),
            QStringLiteral("The queue's meta hash has paused = 1: workers take no job until it is resumed."),
            QStringLiteral("Resume the queue (BullMQ's queue.resume()), after finding out who paused it."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &, RuleOutcome &out) const override
    {
        for (const QueueInfo &q : s.queues()) {
            if (!q.paused)
                continue;
            const bool main = q.name == s.scope().queue;
            Finding f = makeFinding(info());
            int pending = 0;
            for (const Job &j : s.jobs()) {
                if (j.queue != q.name)
                    continue;
                if (j.state != JobState::Delayed && j.state != JobState::Waiting && j.state != JobState::Paused
                    && j.state != JobState::Prioritized)
                    continue;
                ++pending;
                f.jobs.append(j.id);
                if (main && s.post(j.id))
                    f.posts.append(j.id);
            }
            const QString base = q.prefix + QLatin1Char(':') + q.name + QLatin1Char(':');
            f.summary = QStringLiteral("Queue %1 is paused (meta paused = 1): its %2 waiting or delayed job(s)%3 will "
                                       "not run until it is resumed.")
                            .arg(q.prefix + QLatin1Char(':') + q.name)
                            .arg(pending)
                            .arg(f.posts.isEmpty() ? QString() : QStringLiteral(", posts %1,").arg(idList(f.posts)));
            f.firedSignals.append(QStringLiteral("HGET %1meta paused → 1").arg(base));
            for (const auto &[name, len] : q.keyLengths) {
                if (name == QLatin1String("paused") || name == QLatin1String("wait") || name == QLatin1String("delayed"))
                    f.firedSignals.append(QStringLiteral("%1%2 holds %3").arg(base, name).arg(len));
            }
            if (!main)
                f.firedSignals.append(QStringLiteral("not the scope's queue (%1): Postiz's posts are not in it").arg(s.scope().queue));
            f.fix = {QStringLiteral("Resume the queue with BullMQ's queue.resume() (it clears meta.paused and moves the "
                                    "paused list back to wait); a raw HDEL of the field is not enough on bullmq 5.12."),
                     QStringLiteral("Find out who paused it (an admin tool, a deploy script) so it does not happen again."),
                     QStringLiteral("After resuming, delayed jobs whose time passed run at once: reschedule posts that "
                                    "should no longer go out.")};
            f.verify = {QStringLiteral("HGETALL %1meta").arg(base), QStringLiteral("LLEN %1paused").arg(base),
                        QStringLiteral("LLEN %1wait").arg(base), QStringLiteral("ZCARD %1delayed").arg(base)};
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeQueuePausedRule()
{
    return std::make_unique<QueuePausedRule>();
}

} // namespace postscope
