// Window benchmark (not a test: it prints figures, it asserts nothing).
//   bench_gui_startup [--runs 5] [--posts 100000] [--pg URL --redis URL]
// 1. Launch to first painted window on the demo, measured in a fresh child process per
//    run from QApplication construction to the main window's first paint event, against
//    an empty QMainWindow's first paint measured the same way in the same run.
// 2. Capture-and-redraw of N posts: an in-memory snapshot (the shapes bench_rules uses)
//    is diagnosed on the worker, then applied to every view (GUI thread) and repainted.
// 3. GUI-thread stall while a capture runs on the worker: a 5 ms QTimer on the GUI thread
//    records the longest gap between its ticks. With --pg/--redis the window captures
//    those servers; without, the worker diagnoses the N-post snapshot instead.

#include "benchworkspace.h"
#include "capture/capturecontroller.h"
#include "connection/connectionpane.h"
#include "mainwindow.h"
#include "sources/snapshotfile.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMainWindow>
#include <QPaintEvent>
#include <QProcess>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace postscope;
using postscope::bench::median;

namespace {

QElapsedTimer g_sinceStart;

// Notes the first paint event any widget of `window` receives.
class FirstPaint : public QObject
{
public:
    explicit FirstPaint(QWidget *window)
        : m_window(window)
    {
    }
    qint64 atMs = -1;

protected:
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (atMs < 0 && e->type() == QEvent::Paint) {
            auto *w = qobject_cast<QWidget *>(o);
            if (w && (w == m_window || w->window() == m_window)) {
                atMs = g_sinceStart.nsecsElapsed() / 1000000;
                QTimer::singleShot(0, qApp, &QCoreApplication::quit);
            }
        }
        return false;
    }

private:
    QWidget *m_window;
};

int childStartup(int argc, char *argv[], bool demo)
{
    g_sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("postscope-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_gui_startup"));
    std::unique_ptr<QMainWindow> window;
    if (demo) {
        auto *w = new MainWindow;
        window.reset(w);
        SnapshotData data;
        QString error;
        if (!snapshotfile::loadDemo(&data, &error))
            return 2;
        w->setSnapshot(std::make_shared<const Snapshot>(std::move(data)), QStringLiteral("demo"), true);
    } else {
        window = std::make_unique<QMainWindow>();
    }
    window->resize(1366, 768);
    FirstPaint filter(window.get());
    app.installEventFilter(&filter);
    window->show();
    app.exec();
    std::printf("first-paint-ms %lld\n", filter.atMs);
    return 0;
}

std::vector<double> startupRuns(const QString &mode, int runs)
{
    std::vector<double> out;
    for (int r = 0; r < runs; ++r) {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--child"), mode});
        p.waitForFinished(60000);
        const QByteArray outText = p.readAllStandardOutput();
        const qsizetype i = outText.indexOf("first-paint-ms ");
        if (i >= 0)
            out.push_back(outText.mid(i + 15).trimmed().toDouble());
    }
    return out;
}

// Longest gap between 5 ms ticks of a GUI-thread timer while `running` holds.
struct StallMeter {
    QTimer timer;
    QElapsedTimer since;
    qint64 worstNs = 0;
    int ticks = 0;
    StallMeter()
    {
        timer.setInterval(5);
        timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer, &QTimer::timeout, [this]() {
            worstNs = std::max(worstNs, since.nsecsElapsed());
            since.restart();
            ++ticks;
        });
    }
    void start()
    {
        worstNs = 0;
        ticks = 0;
        since.start();
        timer.start();
    }
    double stopMs()
    {
        timer.stop();
        worstNs = std::max(worstNs, since.nsecsElapsed());
        return worstNs / 1e6;
    }
};

// Waits (event loop running) until `done` or the timeout.
void spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
}

} // namespace

int main(int argc, char *argv[])
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--child") == 0)
            return childStartup(argc, argv, qstrcmp(argv[i + 1], "demo") == 0);
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("postscope-bench"));
    QApplication::setApplicationName(QStringLiteral("bench_gui_startup"));
    const QStringList args = app.arguments();
    auto option = [&args](const char *name, const QString &fallback) {
        const qsizetype i = args.indexOf(QLatin1String(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const int runs = std::max(1, option("--runs", QStringLiteral("5")).toInt());
    const int posts = std::max(1000, option("--posts", QStringLiteral("100000")).toInt());
    const QString pg = option("--pg", QString());
    const QString redis = option("--redis", QString());

    // 1. start-up
    const std::vector<double> empty = startupRuns(QStringLiteral("empty"), runs);
    const std::vector<double> demo = startupRuns(QStringLiteral("demo"), runs);
    std::printf("start-up to first paint (%d runs each, medians, offscreen, 1366x768):\n", runs);
    std::printf("  empty QMainWindow      %8.1f ms\n", median(empty));
    std::printf("  postscope on the demo  %8.1f ms  (%.2fx the empty window)\n", median(demo),
                median(empty) > 0 ? median(demo) / median(empty) : 0.0);

    // 2. capture-and-redraw of N posts
    MainWindow window;
    window.resize(1366, 768);
    window.openDemo();
    window.show();
    spinUntil([]() { return false; }, 200);
    QElapsedTimer build;
    build.start();
    auto snapshot = std::make_shared<const Snapshot>(bench::workspace(posts, 500, 20000, 10000));
    const double buildMs = build.nsecsElapsed() / 1e6;

    std::vector<double> diagnoseMs, applyMs, paintMs, totalMs, stallMs, deferredMs;
    for (int r = 0; r < runs; ++r) {
        bool applied = false;
        double applyStarted = 0;
        QElapsedTimer t;
        QMetaObject::Connection c = QObject::connect(&window, &MainWindow::analysisApplied, [&](bool diagnosed) {
            if (diagnosed)
                applied = true;
        });
        // The worker part ends when the controller hands the analysis over; the GUI part
        // (every view's setAnalysis) runs inside that delivery.
        QMetaObject::Connection d = QObject::connect(window.controller(), &CaptureController::workerFinished,
                                                     [&]() { applyStarted = t.nsecsElapsed() / 1e6; });
        StallMeter stall;
        stall.start();
        t.start();
        window.setSnapshot(snapshot, QStringLiteral("bench-%1").arg(r), false);
        spinUntil([&]() { return applied; }, 120000);
        const double appliedAt = t.nsecsElapsed() / 1e6;
        window.repaint();
        const double paintedAt = t.nsecsElapsed() / 1e6;
        stallMs.push_back(stall.stopMs());
        // Work the views deferred to the event loop (item-view layout, sorting) runs now.
        StallMeter after;
        after.start();
        spinUntil([]() { return false; }, 1500);
        deferredMs.push_back(after.stopMs());
        QObject::disconnect(c);
        QObject::disconnect(d);
        diagnoseMs.push_back(applyStarted);
        applyMs.push_back(appliedAt - applyStarted);
        paintMs.push_back(paintedAt - appliedAt);
        totalMs.push_back(paintedAt);
    }
    std::printf("capture-and-redraw of %d posts (snapshot built in %.0f ms; %d runs, medians):\n", posts, buildMs, runs);
    std::printf("  rules on the worker     %8.1f ms\n", median(diagnoseMs));
    std::printf("  setAnalysis, all views  %8.1f ms  (GUI thread)\n", median(applyMs));
    std::printf("  first repaint           %8.1f ms  (GUI thread)\n", median(paintMs));
    std::printf("  total                   %8.1f ms\n", median(totalMs));
    std::printf("  longest GUI stall over the whole cycle %.1f ms (it is the setAnalysis + repaint step)\n",
                median(stallMs));
    std::printf("  longest GUI stall in the 1.5 s after it (work the views deferred to the event loop) %.1f ms\n",
                median(deferredMs));

    // 3. GUI-thread stall while the worker captures (or diagnoses)
    if (!pg.isEmpty() || !redis.isEmpty()) {
        window.connectionPane()->setPostgresUrl(pg);
        window.connectionPane()->setRedisUrl(redis);
        window.connectionPane()->setUsePostgres(!pg.isEmpty());
        window.connectionPane()->setUseRedis(!redis.isEmpty());
        std::vector<double> worst;
        for (int r = 0; r < runs; ++r) {
            bool workerDone = false;
            bool finished = false;
            QMetaObject::Connection a = QObject::connect(window.controller(), &CaptureController::analysisReady, [&]() { workerDone = true; });
            QMetaObject::Connection f = QObject::connect(window.controller(), &CaptureController::captureFailed, [&]() {
                workerDone = true;
                finished = true;
            });
            QMetaObject::Connection b = QObject::connect(&window, &MainWindow::analysisApplied, [&]() { finished = true; });
            spinUntil([]() { return false; }, 1500); // let the previous apply's deferred work finish
            StallMeter stall;
            // Measure only while the worker runs: the analysisReady handler (the views'
            // setAnalysis) is reported above.
            QMetaObject::Connection s = QObject::connect(window.controller(), &CaptureController::workerFinished,
                                                         [&stall, &worst]() { worst.push_back(stall.stopMs()); });
            stall.start();
            window.refresh();
            spinUntil([&]() { return finished; }, 300000);
            if (!workerDone || worst.size() < size_t(r + 1))
                worst.push_back(stall.stopMs());
            for (auto *conn : {&a, &f, &b, &s})
                QObject::disconnect(*conn);
        }
        std::printf("GUI-thread stall during a real capture (%s posts in the last snapshot; %d runs): max event-loop gap "
                    "median %.1f ms, worst %.1f ms (goal < 50 ms)\n",
                    qPrintable(QString::number(window.snapshot()->posts().size())), runs, median(worst),
                    *std::max_element(worst.begin(), worst.end()));
    } else {
        std::vector<double> worst;
        for (int r = 0; r < runs; ++r) {
            bool ready = false;
            QMetaObject::Connection a = QObject::connect(window.controller(), &CaptureController::analysisReady, [&]() { ready = true; });
            StallMeter stall;
            QMetaObject::Connection s = QObject::connect(window.controller(), &CaptureController::workerFinished,
                                                         [&stall, &worst]() { worst.push_back(stall.stopMs()); });
            stall.start();
            // A worker-thread diagnosis of the big snapshot, exactly the capture's last step.
            window.controller()->analyse(snapshot, QStringLiteral("stall-%1").arg(r), false);
            spinUntil([&]() { return ready; }, 120000);
            QObject::disconnect(a);
            QObject::disconnect(s);
            spinUntil([]() { return false; }, 50);
        }
        std::printf("GUI-thread stall while the worker diagnoses %d posts (no servers given; %d runs): max event-loop "
                    "gap median %.1f ms, worst %.1f ms (goal < 50 ms)\n",
                    posts, runs, median(worst), *std::max_element(worst.begin(), worst.end()));
    }
    return 0;
}
