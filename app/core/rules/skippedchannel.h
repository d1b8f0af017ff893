#pragma once

#include "rulesupport.h"

#include <functional>

namespace postscope::rulesupport {

// What makes Postiz's worker skip a channel's posts (refreshNeeded, disabled, deleted).
struct ChannelProblem {
    QString reason; // "the integration is disabled"
    QString signal; // "Integration … has disabled = true"
    QString fix;    // the first thing to do, naming the channel
};

// integration-refresh-needed and integration-disabled (both need PostgreSQL and the
// Integration column they read): due QUEUE posts of a channel the worker skips without
// changing their state, one finding in `out` per channel. problemOf says whether (and
// why) a channel is skipped.
void judgeSkippedChannel(const Snapshot &s, const RuleContext &ctx, const RuleInfo &info, RuleOutcome &out,
                         const std::function<std::optional<ChannelProblem>(const Integration &, const QString &who)> &problemOf);

} // namespace postscope::rulesupport
