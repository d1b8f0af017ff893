#pragma once

#include "rule.h"

namespace postscope {

// Every rule of docs/rules.md, in the catalog's order. Adding a rule: one file with its
// make…() and one line here.
const std::vector<RulePtr> &allRules();
const Rule *findRule(const QString &id);

RulePtr makeJobRemovedRule(); // job-removed
RulePtr makeGroupCollisionRule(); // group-collision
RulePtr makeJobIdCollisionRule(); // job-id-collision
RulePtr makeJobTimeMismatchRule(); // job-time-mismatch
RulePtr makeRateLimitedRule(); // rate-limited
RulePtr makeRateLimitRiskRule(); // rate-limit-risk
RulePtr makeWorkerDownRule(); // worker-down
RulePtr makeQueuePausedRule(); // queue-paused
RulePtr makeStalledJobRule(); // stalled-job
RulePtr makeIntegrationRefreshNeededRule(); // integration-refresh-needed
RulePtr makeIntegrationDisabledRule(); // integration-disabled
RulePtr makeMissingJobRule(); // missing-job
RulePtr makeStateNotUpdatedRule(); // state-not-updated
RulePtr makeOrphanJobRule(); // orphan-job
RulePtr makeDuplicateTimeSlotRule(); // duplicate-time-slot
RulePtr makeNearSimultaneousRule(); // near-simultaneous
RulePtr makeProviderErrorRule(); // provider-error
RulePtr makeDuplicateContentRule(); // duplicate-content
RulePtr makeLimiterBacklogRule(); // limiter-backlog
RulePtr makeJobRanTwiceRule(); // job-ran-twice
RulePtr makeWholeHourOffsetRule(); // whole-hour-offset
RulePtr makeNoQueueDataRule(); // no-queue-data
RulePtr makeRedisEvictionPolicyRule(); // redis-eviction-policy
RulePtr makeEventsTruncatedRule(); // events-truncated
RulePtr makeClockSkewRule(); // clock-skew

} // namespace postscope
