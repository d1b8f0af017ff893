#pragma once

#include "capturecontext.h"
#include "core/snapshot.h"

#include <memory>

namespace postscope {

struct RedisOptions {
    QString url;                        // redis://[user:pw@]host:port/db
    QString prefix = QStringLiteral("bull");
    QString queue = QStringLiteral("post"); // always read, even if discovery misses it
    bool discoverQueues = true;         // SCAN for <prefix>:*:meta and read those too
    int connectTimeoutMs = 5000;
    int commandTimeoutMs = 10000;
    qint64 maxIdsPerState = 200000;     // bounded ranges
    qint64 maxEvents = 0;               // 0 = the queue's maxLenEvents (default 10000)
    qint64 maxValueBytes = 1 << 20;     // longer hash values are cut, with a problem note
    int batchSize = 1000;               // pipeline depth
    int logLinesPerJob = 50;
};

// Reads BullMQ's keys for one prefix with read-only commands only (SCAN, never KEYS),
// bounded ranges and pipelined HGETALL/EXISTS. Every problem becomes a Gap; it never
// throws and never loses what it already read.
class BullmqSource
{
public:
    explicit BullmqSource(RedisOptions options);
    ~BullmqSource();
    BullmqSource(const BullmqSource &) = delete;
    BullmqSource &operator=(const BullmqSource &) = delete;

    // Connects (AUTH with ACL user if given, SELECT db). false with a Gap and *error
    // when the server cannot be used at all ("TLS is not supported by this build" for
    // rediss://).
    bool open(SnapshotData &out, const CaptureContext &ctx, QString *error);

    // Server facts (INFO, TIME, CLIENT LIST: "unknown" where forbidden), queues, jobs,
    // events, workers.
    void read(SnapshotData &out, const CaptureContext &ctx);

    void close();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace postscope
