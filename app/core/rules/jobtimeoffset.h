#pragma once

#include "rulesupport.h"

#include <functional>

namespace postscope::rulesupport {

// A queued job of a live scheduled post whose fire time is not its post's publishDate.
struct JobOffset {
    const Job *job = nullptr;
    const Post *post = nullptr;
    qint64 diff = 0; // fire time − publishDate
};

// job-time-mismatch and whole-hour-offset judge the same jobs (both need Redis and
// PostgreSQL): one finding in `out` per job that `fires` for, with its post, job,
// integration and verify lines filled in, which `describe` words.
void judgeJobOffsets(const Snapshot &s, const RuleContext &ctx, const RuleInfo &info,
                     const std::function<bool(const JobOffset &)> &fires, RuleOutcome &out,
                     const std::function<void(const JobOffset &, Finding &)> &describe);

} // namespace postscope::rulesupport
