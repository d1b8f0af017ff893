// Timeline paint benchmark: the whole TimelineView at 1600x900 with 100,000 posts,
// 20,000 jobs and 10,000 events over 500 integrations (built in memory, as in
// bench_rules), fully zoomed out and zoomed to one hour, against an empty view of the
// same size painted in the same run. Goal: under 8 ms per frame.
//   bench_gui_timeline [--runs 30]

#include "timeline/timelineview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace postscope;

namespace {

SnapshotData workspace(int posts, int integrations, int jobs, int events)
{
    SnapshotData d;
    const qint64 now = 1768487400000; // 2026-01-15T14:30:00Z
    d.capturedAt = now;
    d.scope.from = now - 7 * 86400000LL;
    d.scope.to = now + 30 * 86400000LL;
    const char *providers[] = {"x", "instagram", "linkedin", "facebook", "threads"};
    for (int o = 0; o < 10; ++o)
        d.organizations.push_back({QStringLiteral("org-%1").arg(o), QStringLiteral("Organisation %1").arg(o)});
    for (int i = 0; i < integrations; ++i) {
        Integration in;
        in.id = QStringLiteral("int-%1").arg(i);
        in.name = QStringLiteral("Account %1").arg(i);
        in.providerIdentifier = QLatin1String(providers[i % 5]);
        in.organizationId = QStringLiteral("org-%1").arg(i % 10);
        in.disabled = i % 97 == 0;
        d.integrations.push_back(in);
    }
    const qint64 span = d.scope.to - d.scope.from;
    int queued = 0;
    for (int i = 0; i < posts; ++i) {
        Post p;
        p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.publishDate = d.scope.from + span * i / posts;
        const bool past = p.publishDate < now;
        p.state = past ? (i % 53 == 0 ? PostState::Error : PostState::Published)
                       : (queued < jobs + jobs / 50 ? PostState::Queue : PostState::Draft);
        if (p.state == PostState::Queue)
            ++queued;
        p.stateText = toString(p.state);
        p.integrationId = QStringLiteral("int-%1").arg(i % integrations);
        p.organizationId = QStringLiteral("org-%1").arg(i % integrations % 10);
        p.group = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.createdAt = p.publishDate - 86400000LL;
        if (i % 41 == 0)
            p.deletedAt = p.publishDate - 3600000;
        d.posts.push_back(std::move(p));
    }
    QueueInfo q;
    q.prefix = QStringLiteral("bull");
    q.name = QStringLiteral("post");
    q.metaPresent = true;
    q.hasAnyKey = true;
    d.queues.push_back(q);
    int made = 0, skipped = 0;
    for (const Post &p : d.posts) {
        if (p.state != PostState::Queue || made >= jobs)
            continue;
        if (skipped < jobs / 50 && made % 50 == 0) { // a few queued posts without a job
            ++skipped;
            continue;
        }
        Job j;
        j.queue = QStringLiteral("post");
        j.id = p.id;
        j.dataPostId = p.id;
        j.state = made < 20 ? JobState::Active : JobState::Delayed;
        j.hashPresent = true;
        j.timestamp = *p.createdAt;
        j.delay = p.publishDate - *p.createdAt;
        j.fireTime = p.publishDate;
        j.fireTimeSource = QStringLiteral("delayed-score");
        d.jobs.push_back(std::move(j));
        ++made;
    }
    const char *kinds[] = {"added", "active", "completed", "removed", "duplicated"};
    for (int e = 0; e < events; ++e) {
        const Job &j = d.jobs[size_t(e / 2) % d.jobs.size()];
        QueueEvent ev;
        ev.queue = QStringLiteral("post");
        ev.time = now - 3600000LL + e * 360;
        ev.streamId = QStringLiteral("%1-0").arg(ev.time);
        ev.event = QLatin1String(kinds[e % 5]);
        ev.jobId = j.id;
        d.events.push_back(std::move(ev));
    }
    return d;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

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
    full.snapshot = std::make_shared<const Snapshot>(workspace(100000, 500, 20000, 10000));
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
