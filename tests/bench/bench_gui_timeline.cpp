// Timeline paint benchmark: the whole TimelineView at 1600x900 with 100,000 posts,
// 20,000 jobs and 10,000 events over 500 integrations (built in memory, as in
// bench_rules), fully zoomed out and zoomed to one hour, against an empty view of the
// same size painted in the same run. Goal: under 8 ms per frame. Also the hand-over of
// an analysis whose TimelineData was built beforehand (as on the rules worker): what
// setAnalysis then costs the GUI thread.
//   bench_gui_timeline [--runs 30] [--only empty|out|hour]   (--only: for a profiler)

#include "benchworkspace.h"
#include "timeline/timelinedata.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace postscope;
using postscope::bench::median;

namespace {

double paintMs(QWidget &w, QImage &target, int runs)
{
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        w.render(&target);
        t.push_back(timer.nsecsElapsed() / 1e6);
    }
    return median(t);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int runs = 30;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());
    QString only;
    if (const qsizetype i = args.indexOf(QStringLiteral("--only")); i >= 0 && i + 1 < args.size())
        only = args.at(i + 1);
    auto wanted = [&](const char *phase) { return only.isEmpty() || only == QLatin1String(phase); };

    QElapsedTimer t;
    t.start();
    Analysis full;
    full.snapshot = std::make_shared<const Snapshot>(bench::workspace(100000, 500, 20000, 10000, true));
    const double buildMs = t.nsecsElapsed() / 1e6;
    Analysis empty;
    empty.snapshot = std::make_shared<const Snapshot>(SnapshotData {});

    const QSize size(1600, 900);
    TimelineView view, blank;
    for (TimelineView *v : {&view, &blank}) {
        v->resize(size);
        v->show();
    }
    QApplication::processEvents();
    t.restart();
    view.setAnalysis(full);
    const double setMs = t.nsecsElapsed() / 1e6;
    blank.setAnalysis(empty);
    QApplication::processEvents();

    QImage target(size, QImage::Format_ARGB32_Premultiplied);
    const qint64 now = full.snapshot->capturedAt();
    paintMs(view, target, 3); // warm up (fonts, glyph caches)
    paintMs(blank, target, 3);

    const double emptyMs = wanted("empty") ? paintMs(blank, target, runs) : 0;
    view.fitAll();
    const auto outRange = view.visibleRange();
    double outMs = 0, hourMs = 0;
    if (wanted("out")) {
        outMs = paintMs(view, target, runs);
        target.save(QStringLiteral("bench-timeline-zoomed-out.png"));
    }
    view.setVisibleRange(now - 1800000, now + 1800000);
    if (wanted("hour")) {
        hourMs = paintMs(view, target, runs);
        target.save(QStringLiteral("bench-timeline-one-hour.png"));
    }
    if (!only.isEmpty()) {
        std::printf("%s: %.2f ms\n", qPrintable(only), emptyMs + outMs + hourMs);
        return 0;
    }

    // The image renderer (reports) over the same data, fully zoomed out.
    std::vector<double> img;
    for (int r = 0; r < std::max(3, runs / 5); ++r) {
        t.restart();
        const QImage i = view.renderToImage(size);
        img.push_back(t.nsecsElapsed() / 1e6);
    }

    // The hand-over: TimelineData built first (the worker's part), then given to a fresh
    // view with the analysis, as CaptureController does for big captures. The view is
    // shown, so the first paint after it (tree layout of the rows) is timed too.
    std::vector<double> build, hand, firstPaint;
    for (int r = 0; r < 3; ++r) {
        Analysis withData = full;
        t.restart();
        withData.timelineData = std::make_shared<const TimelineData>(full);
        build.push_back(t.nsecsElapsed() / 1e6);
        TimelineView fresh;
        fresh.resize(size);
        fresh.show();
        QApplication::processEvents();
        t.restart();
        fresh.setAnalysis(withData);
        hand.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        fresh.render(&target);
        firstPaint.push_back(t.nsecsElapsed() / 1e6);
        // And again into the same view (a new capture of the same workspace).
        Analysis again = withData;
        t.restart();
        fresh.setAnalysis(again);
        hand.push_back(t.nsecsElapsed() / 1e6);
    }

    std::printf("timeline paint benchmark (%d runs, medians), TimelineView at %dx%d, %zu posts, %zu jobs, %zu events, %zu integrations\n",
                runs, size.width(), size.height(), full.snapshot->posts().size(), full.snapshot->jobs().size(),
                full.snapshot->events().size(), full.snapshot->integrations().size());
    std::printf("  empty frame (same widget, no data):  %6.2f ms\n", emptyMs);
    std::printf("  fully zoomed out (%5.1f days):       %6.2f ms = %.1fx empty (goal < 8 ms)\n",
                double(outRange.second - outRange.first) / 86400000.0, outMs,
                outMs / std::max(0.001, emptyMs));
    std::printf("  zoomed to one hour:                  %6.2f ms = %.1fx empty (goal < 8 ms)\n", hourMs,
                hourMs / std::max(0.001, emptyMs));
    std::printf("  renderToImage at the last range:     %6.2f ms\n", median(img));
    std::printf("  setAnalysis (lane arrays, model):    %6.1f ms (once per capture; workspace built in %.0f ms)\n", setMs,
                buildMs);
    std::printf("  hand-over: TimelineData on a worker  %6.1f ms, then setAnalysis on the GUI thread %5.1f ms "
                "(goal < 20 ms), first paint %5.1f ms\n",
                median(build), median(hand), median(firstPaint));
    return 0;
}
