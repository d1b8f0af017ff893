#include "registry.h"

namespace postscope {

const std::vector<RulePtr> &allRules()
{
    static const std::vector<RulePtr> rules = [] {
        std::vector<RulePtr> r;
        r.push_back(makeJobRemovedRule());
        r.push_back(makeGroupCollisionRule());
        r.push_back(makeJobIdCollisionRule());
        r.push_back(makeJobTimeMismatchRule());
        r.push_back(makeRateLimitedRule());
        r.push_back(makeRateLimitRiskRule());
        r.push_back(makeWorkerDownRule());
        r.push_back(makeQueuePausedRule());
        r.push_back(makeStalledJobRule());
        r.push_back(makeIntegrationRefreshNeededRule());
        r.push_back(makeIntegrationDisabledRule());
        r.push_back(makeMissingJobRule());
        r.push_back(makeStateNotUpdatedRule());
        r.push_back(makeOrphanJobRule());
        r.push_back(makeDuplicateTimeSlotRule());
        r.push_back(makeNearSimultaneousRule());
        r.push_back(makeProviderErrorRule());
        r.push_back(makeDuplicateContentRule());
        r.push_back(makeLimiterBacklogRule());
        r.push_back(makeJobRanTwiceRule());
        r.push_back(makeWholeHourOffsetRule());
        r.push_back(makeNoQueueDataRule());
        r.push_back(makeRedisEvictionPolicyRule());
        r.push_back(makeEventsTruncatedRule());
        r.push_back(makeClockSkewRule());
        return r;
    }();
    return rules;
}

const Rule *findRule(const QString &id)
{
    for (const RulePtr &r : allRules()) {
        if (r->info().id == id)
            return r.get();
    }
    return nullptr;
}

} // namespace postscope

namespace postscope {

QString toString(Severity s)
{
    switch (s) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Critical: return QStringLiteral("critical");
    }
    return QStringLiteral("unknown");
}

} // namespace postscope
