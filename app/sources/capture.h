#pragma once

#include "bullmqsource.h"
#include "capturecontext.h"
#include "core/snapshot.h"
#include "postgressource.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>

namespace postscope {

struct CaptureRequest {
    bool usePostgres = true;
    bool useRedis = true;
    PostgresOptions postgres;
    RedisOptions redis;
    CaptureScope scope;      // from/to 0 = default window (now − 7 days … now + 30 days)
};

struct CaptureResult {
    SnapshotPtr snapshot;    // always set, possibly with gaps
    bool ok = false;         // every requested source could be opened and read
    QString error;           // the first fatal problem, in words
};

// Runs the sources one after another on the calling thread: PostgreSQL window first
// (its transaction stays open), then Redis, then the posts that jobs name but the window
// missed (same PostgreSQL transaction), then the snapshot is frozen.
class Capture
{
public:
    static CaptureResult run(const CaptureRequest &request, const CaptureContext &ctx = {});
    static qint64 defaultWindowBefore() { return 7LL * 24 * 3600 * 1000; }
    static qint64 defaultWindowAfter() { return 30LL * 24 * 3600 * 1000; }
};

// Runs a Capture on a worker thread (QtConcurrent) for the GUI: progress and finished
// are delivered on the thread that owns this object. Every start() gets a new
// generation; results of older generations are dropped.
class CaptureJob : public QObject
{
    Q_OBJECT
public:
    explicit CaptureJob(QObject *parent = nullptr);
    ~CaptureJob() override;

    quint64 start(const CaptureRequest &request);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(quint64 generation, const QString &stage, qint64 done, qint64 total);
    void finished(quint64 generation, const postscope::CaptureResult &result);

private:
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFutureWatcher<CaptureResult> *m_watcher = nullptr;
};

} // namespace postscope

Q_DECLARE_METATYPE(postscope::CaptureResult)
