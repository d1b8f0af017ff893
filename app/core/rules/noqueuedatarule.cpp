#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

class NoQueueDataRule : public CatalogRule
{
public:
    NoQueueDataRule()
        : CatalogRule({
            QStringLiteral("no-queue-data"), Severity::Critical, QStringLiteral("The queue has no data at all"),
            QStringLiteral("Live QUEUE posts exist but the queue has no keys in this Redis (no meta, no id counter, no "
                           "events, no state key): postscope looks at the wrong Redis, db or prefix, or Postiz ran "
                           "without REDIS_URL (it then silently queues nothing)."),
            QStringLiteral("Check REDIS_URL of Postiz's backend and workers against the Redis URL, db and prefix given "
                           "to postscope."),
        }, NeedsRedis | NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &, RuleOutcome &out) const override
    {
        // A connection lost mid-read leaves an empty-looking queue: not evidence.
        QString why;
        for (const Gap &g : s.gaps()) {
            if (g.source == QLatin1String("redis") && g.subject == QLatin1String("connection"))
                why = QStringLiteral("the Redis read was incomplete: ") + g.reason;
        }
        if (skipped(out, why))
            return;
        const QueueInfo *q = s.mainQueue();
        if (q->hasAnyKey)
            return;
        QStringList posts;
        int total = 0;
        for (const Post &p : s.posts()) {
            if (!isLiveTopLevel(p) || p.state != PostState::Queue)
                continue;
            ++total;
            if (posts.size() < 500)
                posts.append(p.id);
        }
        if (total == 0)
            return;
        QStringList otherQueues;
        for (const QueueInfo &o : s.queues()) {
            if (o.name != q->name && o.hasAnyKey)
                otherQueues.append(o.prefix + QLatin1Char(':') + o.name);
        }
        const QString where = s.scope().redisUrl.isEmpty() ? QStringLiteral("this Redis") : s.scope().redisUrl;
        const QString queueKey = s.scope().prefix + QLatin1Char(':') + s.scope().queue;
        Finding f = makeFinding(info());
        f.posts = posts;
        f.summary = QStringLiteral("%1 live post(s) are QUEUE (%2) but %3 has no key of queue %4 at all: postscope is "
                                   "looking at the wrong Redis, db or prefix, or Postiz runs without REDIS_URL and "
                                   "queues nothing.")
                        .arg(total)
                        .arg(idList(posts), where, queueKey);
        f.firedSignals = {QStringLiteral("no %1:meta, no %1:id, no %1:events and no state key (wait, active, delayed, "
                                         "…) exist")
                              .arg(queueKey),
                          QStringLiteral("%1 live top-level QUEUE post(s) in PostgreSQL").arg(total)};
        if (s.server().redisDb)
            f.firedSignals.append(QStringLiteral("Redis db %1 was read").arg(*s.server().redisDb));
        if (!otherQueues.isEmpty())
            f.firedSignals.append(QStringLiteral("other queues exist under the prefix: %1 (is the queue name right?)")
                                      .arg(otherQueues.join(QStringLiteral(", "))));
        f.fix = {QStringLiteral("Compare REDIS_URL in Postiz's .env (backend and workers) with the Redis URL, db number "
                                "and prefix given to postscope; capture again with the right ones."),
                 QStringLiteral("If Postiz has no REDIS_URL, set it and restart backend and workers: without it Postiz "
                                "uses an in-memory stand-in and silently queues nothing."),
                 QStringLiteral("Then reschedule the QUEUE posts: nothing was queued for them.")};
        f.verify = {redisScanQueue(s), QStringLiteral("EXISTS %1:meta %1:id %1:events").arg(queueKey),
                    QStringLiteral("INFO keyspace"), sqlPost(posts.mid(0, 20))};
        out.findings.push_back(std::move(f));
    }
};

} // namespace

RulePtr makeNoQueueDataRule()
{
    return std::make_unique<NoQueueDataRule>();
}

} // namespace postscope
