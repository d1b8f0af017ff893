#pragma once

#include "analysis.h"
#include "sources/capture.h"
#include "tables/tablesprep.h"

#include <QObject>

template<typename T>
class QFutureWatcher;

namespace postscope {

// The GUI's one way to get an Analysis: captures run through CaptureJob (worker thread),
// then the rules run on a worker thread too; snapshots from files, the demo or merged log
// lines only take the second step. Every request gets a generation; only the newest one's
// result is delivered, so a slow old capture can never overwrite a newer snapshot.
class CaptureController : public QObject
{
    Q_OBJECT
public:
    explicit CaptureController(QObject *parent = nullptr);
    ~CaptureController() override;

    quint64 capture(const CaptureRequest &request, const QString &origin);
    // Diagnoses `snapshot` on a worker; analysisReady follows.
    quint64 analyse(SnapshotPtr snapshot, const QString &origin, bool demo);
    void cancel();
    // Drops whatever is in flight (a snapshot was shown some other way).
    void supersede();
    bool isCapturing() const { return m_capturing; }
    // The tables' current sorts: the worker prepares the next Analysis's table rows in
    // that order (TablesPrep), so handing it over sorts nothing on the GUI thread.
    // Applies to requests started after the call.
    void setTableSorts(const TableSorts &sorts) { m_tableSorts = sorts; }
    TableSorts tableSorts() const { return m_tableSorts; }
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    // The worker part of a request is over; analysisReady or captureFailed follows at once
    // (benchmarks time the two halves with it).
    void workerFinished(quint64 generation);
    void progress(const QString &stage, qint64 done, qint64 total);
    void capturingChanged(bool capturing);
    // A capture that could not be used: error in words; result.snapshot holds what was
    // read (gaps included) for the activity pane.
    void captureFailed(const QString &error, const postscope::CaptureResult &result);
    // A capture that worked (possibly with gaps) or an analysed file/demo/log merge.
    // fromCapture tells the two apart (auto-refresh keeps going only on captures).
    void analysisReady(const postscope::Analysis &analysis, bool fromCapture);

private:
    void startDiagnosis(quint64 generation, const Analysis &analysis, bool fromCapture);
    void setCapturing(bool on);

    CaptureJob *m_job = nullptr;
    quint64 m_generation = 0;      // ours: captures and analyses share it
    quint64 m_jobGeneration = 0;   // CaptureJob's, for the running capture
    QString m_captureOrigin;
    bool m_capturing = false;
    TableSorts m_tableSorts;
};

} // namespace postscope

Q_DECLARE_METATYPE(postscope::Analysis)
