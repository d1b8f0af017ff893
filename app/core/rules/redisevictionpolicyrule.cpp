#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

class RedisEvictionPolicyRule : public CatalogRule
{
public:
    RedisEvictionPolicyRule()
        : CatalogRule({
            QStringLiteral("redis-eviction-policy"), Severity::Warning,
            QStringLiteral("Redis may evict job keys"),
            QStringLiteral("BullMQ needs maxmemory-policy noeviction; any other policy lets Redis silently delete "
                           "job keys when memory runs short."),
            QStringLiteral("Set maxmemory-policy noeviction on the Redis that holds the queue."),
        }, NeedsRedis)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &, RuleOutcome &out) const override
    {
        const QString policy = s.server().maxmemoryPolicy.trimmed();
        if (policy.isEmpty() || policy == QLatin1String("unknown")) {
            skipped(out, QStringLiteral("the eviction policy is unknown (INFO memory is not permitted or did not "
                                        "report maxmemory_policy)"));
            return;
        }
        if (policy == QLatin1String("noeviction"))
            return;
        Finding f = makeFinding(info());
        const bool volatileOnly = policy.startsWith(QLatin1String("volatile"));
        f.summary = QStringLiteral("Redis runs with maxmemory-policy %1 instead of noeviction, so when it runs out of "
                                   "memory it may silently delete BullMQ's job keys and posts vanish from the queue.")
                        .arg(policy);
        f.firedSignals = {QStringLiteral("INFO memory: maxmemory_policy = %1").arg(policy)};
        if (volatileOnly)
            f.firedSignals.append(QStringLiteral("a volatile-* policy evicts only keys with a TTL, e.g. job locks "
                                                 "(bull:post:<id>:lock): a held job can look stalled"));
        f.fix = {QStringLiteral("Set maxmemory-policy noeviction in redis.conf (or CONFIG SET maxmemory-policy "
                                "noeviction on the server, by its administrator), as BullMQ requires."),
                 QStringLiteral("On managed Redis, change the parameter group / configuration to noeviction and give "
                                "it enough memory.")};
        f.verify = {QStringLiteral("INFO memory"), QStringLiteral("CONFIG GET maxmemory-policy"),
                    QStringLiteral("INFO stats")};
        out.findings.push_back(std::move(f));
    }
};

} // namespace

RulePtr makeRedisEvictionPolicyRule()
{
    return std::make_unique<RedisEvictionPolicyRule>();
}

} // namespace postscope
