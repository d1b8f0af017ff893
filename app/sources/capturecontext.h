#pragma once

#include <QString>

#include <atomic>
#include <functional>

namespace postscope {

// What a running capture shares with its sources: where to report progress and
// whether the user asked to stop. Sources call progress() between batches and stop
// early (keeping what they read, adding a gap) when cancelled() turns true.
struct CaptureContext {
    std::function<void(const QString &stage, qint64 done, qint64 total)> onProgress;
    const std::atomic_bool *cancelFlag = nullptr;

    void progress(const QString &stage, qint64 done = 0, qint64 total = 0) const
    {
        if (onProgress)
            onProgress(stage, done, total);
    }
    bool cancelled() const { return cancelFlag && cancelFlag->load(); }
};

} // namespace postscope
