#include "capturecontroller.h"

#include "tables/tablesprep.h"
#include "timeline/timelinedata.h"

#include <QFutureWatcher>
#include <QtConcurrent>

namespace postscope {

namespace {
// Above this many posts the views' arrays are built on the worker too: the timeline's
// lanes and the tables' sort order would each stall the GUI thread for tens of ms.
constexpr size_t workerPrepPosts = 2000;
} // namespace

CaptureController::CaptureController(QObject *parent)
    : QObject(parent)
    , m_job(new CaptureJob(this))
{
    qRegisterMetaType<postscope::Analysis>();
    qRegisterMetaType<postscope::CaptureResult>();
    connect(m_job, &CaptureJob::progress, this,
            [this](quint64 generation, const QString &stage, qint64 done, qint64 total) {
                if (generation == m_jobGeneration && m_capturing)
                    Q_EMIT progress(stage, done, total);
            });
    connect(m_job, &CaptureJob::finished, this, [this](quint64 jobGeneration, const CaptureResult &result) {
        if (jobGeneration != m_jobGeneration || !m_capturing)
            return;
        const quint64 generation = m_generation;
        if (!result.ok || !result.snapshot) {
            setCapturing(false);
            Q_EMIT workerFinished(generation);
            Q_EMIT captureFailed(result.error.isEmpty() ? QStringLiteral("the capture failed") : result.error, result);
            return;
        }
        Analysis a;
        a.snapshot = result.snapshot;
        a.origin = m_captureOrigin;
        Q_EMIT progress(QStringLiteral("Running the rules"), 0, 0);
        startDiagnosis(generation, a, true);
    });
}

CaptureController::~CaptureController()
{
    cancel();
    // Diagnoses still running hold only shared snapshots; wait so none outlives us.
    // (A finished one's result was taken, which resets its future: only wait on running ones.)
    const auto watchers = findChildren<QFutureWatcher<Analysis> *>();
    for (auto *w : watchers) {
        if (w->isRunning())
            w->waitForFinished();
    }
}

quint64 CaptureController::capture(const CaptureRequest &request, const QString &origin)
{
    const quint64 generation = ++m_generation;
    m_captureOrigin = origin;
    m_jobGeneration = m_job->start(request);
    setCapturing(true);
    Q_EMIT progress(QStringLiteral("Connecting"), 0, 0);
    return generation;
}

quint64 CaptureController::analyse(SnapshotPtr snapshot, const QString &origin, bool demo)
{
    // A file or log merge supersedes a running capture.
    if (m_capturing) {
        m_job->cancel();
        setCapturing(false);
    }
    const quint64 generation = ++m_generation;
    Analysis a;
    a.snapshot = std::move(snapshot);
    a.origin = origin;
    a.demo = demo;
    startDiagnosis(generation, a, false);
    return generation;
}

void CaptureController::supersede()
{
    if (m_capturing) {
        m_job->cancel();
        setCapturing(false);
    }
    ++m_generation;
}

void CaptureController::cancel()
{
    if (m_capturing)
        m_job->cancel(); // the capture returns what it read with a "cancelled" error
}

void CaptureController::startDiagnosis(quint64 generation, const Analysis &analysis, bool fromCapture)
{
    auto *watcher = new QFutureWatcher<Analysis>(this);
    connect(watcher, &QFutureWatcher<Analysis>::finished, this, [this, watcher, generation, fromCapture]() {
        watcher->deleteLater();
        // Taken out of the future: what the GUI thread does not keep is freed on a worker
        // (a 100,000-post analysis takes tens of ms to destroy).
        Analysis a = watcher->future().takeResult();
        if (generation != m_generation) {
            (void)QtConcurrent::run([stale = std::move(a)]() mutable { stale = Analysis(); });
            return;
        }
        if (fromCapture)
            setCapturing(false);
        Q_EMIT workerFinished(generation);
        Q_EMIT analysisReady(a, fromCapture);
    });
    watcher->setFuture(QtConcurrent::run([analysis, sorts = m_tableSorts]() -> Analysis {
        Analysis a = analysis;
        a.timelineData.reset();
        a.tablesPrep.reset();
        const Snapshot &s = *a.snapshot;
        a.diagnosis = std::make_shared<const Diagnosis>(diagnose(s, RuleContext::forSnapshot(s)));
        if (s.posts().size() > workerPrepPosts) {
            // TimelineData keeps a copy of the Analysis it is built from: build it before
            // the Analysis holds it (no shared_ptr cycle), then the tables' part.
            a.timelineData = std::make_shared<const TimelineData>(a);
            a.tablesPrep = prepareTables(a, sorts);
        }
        return a;
    }));
}

void CaptureController::setCapturing(bool on)
{
    if (m_capturing == on)
        return;
    m_capturing = on;
    Q_EMIT capturingChanged(on);
}

} // namespace postscope
