// Timeline paint benchmark: the whole TimelineView at 1600x900 with 100,000 posts,
// 20,000 jobs and 10,000 events over 500 integrations (built in memory, as in
// bench_rules), fully zoomed out and zoomed to one hour, against an empty view of the
// same size painted in the same run. Goal: under 8 ms per frame.
//   bench_gui_timeline [--runs 30]

#include "benchworkspace.h"
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

    const double emptyMs = paintMs(blank, target, runs);
    view.fitAll();
    const auto outRange = view.visibleRange();
    const double outMs = paintMs(view, target, runs);
    target.save(QStringLiteral("bench-timeline-zoomed-out.png"));
    view.setVisibleRange(now - 1800000, now + 1800000);
    const double hourMs = paintMs(view, target, runs);
    target.save(QStringLiteral("bench-timeline-one-hour.png"));

    // The image renderer (reports) over the same data, fully zoomed out.
    std::vector<double> img;
    for (int r = 0; r < std::max(3, runs / 5); ++r) {
        t.restart();
        const QImage i = view.renderToImage(size);
        img.push_back(t.nsecsElapsed() / 1e6);
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
    return 0;
}
