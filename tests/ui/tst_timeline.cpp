// The timeline: lane model, hit-testing at every zoom, Ctrl+click comparison, and
// offscreen renders of the demo snapshot checked at the pixels where marks must be.

#include "core/rules/engine.h"
#include "sources/snapshotfile.h"
#include "timeline/lanemodel.h"
#include "timeline/lanepainter.h"
#include "timeline/timelinedata.h"
#include "timeline/timelinerenderer.h"
#include "timeline/timelinetheme.h"
#include "timeline/timelineview.h"
#include "theme/theme.h"
#include "uitestsupport.h"
#include "../unit/testworkspace.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QToolTip>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace postscope;
using postscope::test::artifactsDir;

namespace {

constexpr qint64 base = 1768487400000; // 2026-01-15T14:30:00Z

Analysis demoAnalysis()
{
    SnapshotData data;
    QString error;
    if (!snapshotfile::loadDemo(&data, &error))
        qFatal("demo snapshot: %s", qPrintable(error));
    Analysis a;
    a.snapshot = std::make_shared<const Snapshot>(std::move(data));
    a.diagnosis = std::make_shared<const Diagnosis>(diagnose(*a.snapshot, RuleContext::forSnapshot(*a.snapshot)));
    a.origin = QStringLiteral("demo");
    a.demo = true;
    return a;
}

Post post(const QString &id, const QString &integration, qint64 when, PostState state)
{
    return testworkspace::makePost(id, integration, QStringLiteral("org-1"), when, state);
}

// Two lanes; in the first, posts A and B 15 s apart (B has its job), in the second a
// busy lane so the rows do not start at the top.
Analysis twoPostsAnalysis()
{
    SnapshotData d;
    d.capturedAt = base - 3600000;
    d.organizations.push_back({QStringLiteral("org-1"), QStringLiteral("Org one")});
    for (int i = 0; i < 2; ++i) {
        Integration in;
        in.id = QStringLiteral("int-%1").arg(i);
        in.name = QStringLiteral("Account %1").arg(i);
        in.providerIdentifier = QStringLiteral("x");
        in.organizationId = QStringLiteral("org-1");
        d.integrations.push_back(in);
    }
    d.posts.push_back(post(QStringLiteral("post-a"), QStringLiteral("int-1"), base, PostState::Published));
    d.posts.push_back(post(QStringLiteral("post-b"), QStringLiteral("int-1"), base + 15000, PostState::Queue));
    for (int i = 0; i < 50; ++i)
        d.posts.push_back(post(QStringLiteral("busy-%1").arg(i), QStringLiteral("int-0"), base - 600000 + i * 25000,
                               PostState::Published));
    Job j;
    j.queue = QStringLiteral("post");
    j.id = QStringLiteral("post-b");
    j.state = JobState::Delayed;
    j.hashPresent = true;
    j.timestamp = base - 3600000;
    j.fireTime = base + 15000;
    d.jobs.push_back(j);
    Analysis a;
    a.snapshot = std::make_shared<const Snapshot>(std::move(d));
    return a;
}

// A mouse move with the button held (the gesture code reads the press it saw, not the
// buttons of the move; a sent event does not depend on the platform's cursor).
void moveWithButton(QWidget *w, const QPoint &pos, Qt::MouseButton button, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QMouseEvent me(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, button, mods);
    QApplication::sendEvent(w, &me);
}

// Records the text of every tooltip label as it is shown.
class ToolTipCatcher : public QObject
{
public:
    QStringList shown;

protected:
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Show && o->objectName() == QLatin1String("qtooltip_label"))
            if (auto *label = qobject_cast<QLabel *>(o))
                shown << label->text();
        return false;
    }
};

// The milliseconds one pixel of the time column stands for.
double msPerPixel(const TimeScale &s)
{
    return double(s.to() - s.from()) / s.width();
}

bool sameColour(QRgb a, const QColor &b)
{
    return qAbs(qRed(a) - b.red()) <= 2 && qAbs(qGreen(a) - b.green()) <= 2 && qAbs(qBlue(a) - b.blue()) <= 2;
}

QString describe(QRgb c)
{
    return QColor(c).name();
}

// Shows `view` at `size` (and on `analysis`, when it has a snapshot); false if the
// window never got exposed.
bool shown(TimelineView &view, QSize size, const Analysis &analysis = {})
{
    view.resize(size);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    if (analysis.snapshot)
        view.setAnalysis(analysis);
    return true;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void laneModel();
    void filterAndSort();
    void clickSelectsAtEveryZoom();
    void ctrlClickRequestsComparison();
    void selectPostsZoomsToThem();
    void keysZoomAndPan();
    void wheelZoomsAroundCursor_data();
    void wheelZoomsAroundCursor();
    void dragPans();
    void rubberBandZooms_data();
    void rubberBandZooms();
    void headerToolTipShowsUtc();
    void prebuiltTimelineData();
    void providerSwatchVisible_data();
    void providerSwatchVisible();
    void renderDemo_data();
    void renderDemo();
    void viewRenderToImage();
};

void TestTimeline::laneModel()
{
    const Analysis a = demoAnalysis();
    auto data = std::make_shared<const TimelineData>(a);
    LaneModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(data);
    QCOMPARE(model.rowCount(), int(data->organizations().size()));
    int lanes = 0, withFindings = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex org = model.index(r, 0);
        QCOMPARE(org.data(LaneModel::KindRole).toInt(), int(LaneKind::Organization));
        for (int c = 0; c < model.rowCount(org); ++c) {
            const QModelIndex idx = model.index(c, 0, org);
            const int lane = idx.data(LaneModel::LaneRole).toInt();
            QCOMPARE(model.indexOfLane(lane), idx);
            QCOMPARE(idx.data(LaneModel::IdRole).toString(), data->lane(lane).id);
            ++lanes;
            withFindings += idx.data(LaneModel::FindingsRole).toInt() > 0;
        }
    }
    // Every integration of the capture has its row.
    QVERIFY(lanes >= int(a.snapshot->integrations().size()));
    QVERIFY(withFindings > 0);
    // Posts: each is in exactly one integration lane (children with their parent).
    size_t marks = 0;
    for (const OrgInfo &o : data->organizations())
        for (int li : o.lanes)
            marks += data->lane(li).posts.size() + data->lane(li).children.size();
    QCOMPARE(marks, a.snapshot->posts().size());
    // The disabled / refresh-needed flags reach the flags column.
    for (const Integration &in : a.snapshot->integrations()) {
        const QModelIndex idx = model.indexOfLane(data->laneOfIntegration(in.id), LaneModel::FlagsColumn);
        QCOMPARE(idx.data().toString().contains(QLatin1String("disabled")), in.disabled);
        QCOMPARE(idx.data().toString().contains(QLatin1String("refresh needed")), in.refreshNeeded);
    }
    // A new analysis resets cleanly under the tester.
    model.setData(std::make_shared<const TimelineData>(twoPostsAnalysis()));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 2);
}

void TestTimeline::filterAndSort()
{
    const Analysis a = demoAnalysis();
    auto data = std::make_shared<const TimelineData>(a);
    LaneModel model;
    model.setData(data);
    LaneFilterModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    auto visibleLanes = [&] {
        QList<QModelIndex> out;
        for (int r = 0; r < proxy.rowCount(); ++r)
            for (int c = 0; c < proxy.rowCount(proxy.index(r, 0)); ++c)
                out << proxy.index(c, 0, proxy.index(r, 0));
        return out;
    };
    const int all = int(visibleLanes().size());
    proxy.setFilterString(QStringLiteral("linkedin"));
    const auto linkedin = visibleLanes();
    QVERIFY(!linkedin.isEmpty());
    QVERIFY(linkedin.size() < all);
    for (const QModelIndex &idx : linkedin)
        QVERIFY(idx.data(LaneModel::SearchTextRole).toString().contains(QLatin1String("linkedin"), Qt::CaseInsensitive));
    proxy.setFilterString(QString());
    QCOMPARE(int(visibleLanes().size()), all);

    proxy.setOnlyWithFindings(true);
    const auto flagged = visibleLanes();
    int expected = 0;
    for (const OrgInfo &o : data->organizations())
        for (int li : o.lanes)
            expected += data->lane(li).findings > 0;
    QCOMPARE(int(flagged.size()), expected);
    for (const QModelIndex &idx : flagged)
        QVERIFY(idx.data(LaneModel::FindingsRole).toInt() > 0);
    proxy.setOnlyWithFindings(false);

    proxy.setSortKey(LaneFilterModel::SortKey::Findings);
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex org = proxy.index(r, 0);
        for (int c = 1; c < proxy.rowCount(org); ++c)
            QVERIFY(proxy.index(c - 1, 0, org).data(LaneModel::FindingsRole).toInt()
                    >= proxy.index(c, 0, org).data(LaneModel::FindingsRole).toInt());
    }
    proxy.setSortKey(LaneFilterModel::SortKey::Name);
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex org = proxy.index(r, 0);
        for (int c = 1; c < proxy.rowCount(org); ++c)
            QVERIFY(QString::compare(proxy.index(c - 1, 0, org).data(LaneModel::NameRole).toString(),
                                     proxy.index(c, 0, org).data(LaneModel::NameRole).toString(), Qt::CaseInsensitive)
                    <= 0);
    }
}

void TestTimeline::clickSelectsAtEveryZoom()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1200, 500), twoPostsAnalysis()));
    QSignalSpy selection(&view, &TimelineView::selectionChanged);
    QWidget *viewport = view.treeView()->viewport();
    const qint64 ta = base, tb = base + 15000;
    int zooms = 0;
    // From 20 s across the column outwards until the two posts are 3 px apart or less.
    for (qint64 span = 20000;; span = span * 3 / 2) {
        view.setVisibleRange(ta + 7500 - span / 2, ta + 7500 + span / 2);
        const TimeScale &s = view.timeScale();
        const double gap = s.xForTime(tb) - s.xForTime(ta);
        if (gap <= 3)
            break;
        const QRect cell = view.laneRect(QStringLiteral("int-1"));
        QVERIFY(cell.isValid());
        const int y = LaneGeometry::postY(cell);
        for (const auto &[id, t] : {std::pair {QStringLiteral("post-a"), ta}, std::pair {QStringLiteral("post-b"), tb}}) {
            const QPoint at(cell.left() + int(std::floor(s.xForTime(t))), y);
            QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier, at);
            QVERIFY2(view.selectedPosts() == QStringList {id},
                     qPrintable(QStringLiteral("span %1 ms, gap %2 px: clicked %3 at x=%4, selected %5")
                                    .arg(span).arg(gap).arg(id).arg(at.x()).arg(view.selectedPosts().join(QLatin1Char(',')))));
            QCOMPARE(selection.last().at(0).toStringList(), QStringList {id});
            QVERIFY(view.toolTipAt(at).contains(id));
        }
        ++zooms;
    }
    QVERIFY2(zooms >= 10, qPrintable(QString::number(zooms)));
    // A click on empty time clears the selection.
    const QRect cell = view.laneRect(QStringLiteral("int-1"));
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier, QPoint(cell.left() + 2, cell.top() + 2));
    QVERIFY(view.selectedPosts().isEmpty());
}

void TestTimeline::ctrlClickRequestsComparison()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1200, 500), twoPostsAnalysis()));
    view.setVisibleRange(base - 30000, base + 45000);
    QSignalSpy compare(&view, &TimelineView::compareRequested);
    QSignalSpy selection(&view, &TimelineView::selectionChanged);
    QWidget *viewport = view.treeView()->viewport();
    const QPoint a = view.postPosition(QStringLiteral("post-a"));
    const QPoint b = view.postPosition(QStringLiteral("post-b"));
    QVERIFY(!a.isNull() && !b.isNull());
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::NoModifier, a);
    QCOMPARE(compare.count(), 0);
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier, b);
    QCOMPARE(compare.count(), 1);
    QCOMPARE(compare.first().at(0).toString(), QStringLiteral("post-a"));
    QCOMPARE(compare.first().at(1).toString(), QStringLiteral("post-b"));
    QCOMPARE(view.selectedPosts(), (QStringList {QStringLiteral("post-a"), QStringLiteral("post-b")}));
    QCOMPARE(selection.count(), 2);
    // Ctrl+click on a selected post takes it out again.
    QTest::mouseClick(viewport, Qt::LeftButton, Qt::ControlModifier, a);
    QCOMPARE(view.selectedPosts(), QStringList {QStringLiteral("post-b")});
    QCOMPARE(compare.count(), 1);
}

void TestTimeline::selectPostsZoomsToThem()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.fitAll();
    QSignalSpy selection(&view, &TimelineView::selectionChanged);
    QSignalSpy range(&view, &TimelineView::visibleRangeChanged);
    view.selectPosts({QStringLiteral("post-a")}, true);
    QCOMPARE(selection.count(), 1);
    QVERIFY(range.count() >= 1);
    const auto [from, to] = view.visibleRange();
    QVERIFY(from <= base && base <= to);
    QVERIFY(to - from < 2 * 3600000); // zoomed in from the whole extent
    // The selection survives a new analysis that still has the post; the zoom too.
    view.setAnalysis(twoPostsAnalysis());
    QCOMPARE(view.selectedPosts(), QStringList {QStringLiteral("post-a")});
    QCOMPARE(view.visibleRange(), (std::pair {from, to}));
}

void TestTimeline::keysZoomAndPan()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.setVisibleRange(base, base + 60000);
    QTreeView *tree = view.treeView();
    QTest::keyClick(tree, Qt::Key_Plus);
    QCOMPARE(view.visibleRange().second - view.visibleRange().first, 40000LL);
    QTest::keyClick(tree, Qt::Key_Minus);
    QCOMPARE(view.visibleRange().second - view.visibleRange().first, 60000LL);
    QTest::keyClick(tree, Qt::Key_Equal); // + without Shift
    QCOMPARE(view.visibleRange().second - view.visibleRange().first, 40000LL);
    QTest::keyClick(tree, Qt::Key_Minus);
    // The arrows pan by an eighth of the width, the span stays.
    const qint64 from = view.visibleRange().first;
    const double eighth = msPerPixel(view.timeScale()) * view.timeScale().width() / 8;
    QTest::keyClick(tree, Qt::Key_Right);
    QVERIFY2(std::abs(view.visibleRange().first - from - eighth) <= 2,
             qPrintable(QString::number(view.visibleRange().first - from)));
    QCOMPARE(view.visibleRange().second - view.visibleRange().first, 60000LL);
    QTest::keyClick(tree, Qt::Key_Left);
    QVERIFY(std::abs(view.visibleRange().first - from) <= 2);
    QTest::keyClick(tree, Qt::Key_Left);
    QVERIFY(std::abs(from - view.visibleRange().first - eighth) <= 2);
    QCOMPARE(view.visibleRange().second - view.visibleRange().first, 60000LL);
    QTest::keyClick(tree, Qt::Key_Home);
    const auto [lo, hi] = view.visibleRange();
    QVERIFY(lo < base - 600000 && hi > base + 15000);
    view.selectPosts({QStringLiteral("post-a")}, false);
    QTest::keyClick(tree, Qt::Key_F);
    QVERIFY(view.visibleRange().first < base && view.visibleRange().second > base);
    QVERIFY(view.visibleRange().second - view.visibleRange().first < hi - lo);
}

void TestTimeline::wheelZoomsAroundCursor_data()
{
    QTest::addColumn<double>("where"); // fraction of the time column
    QTest::addColumn<int>("delta");    // angle delta, + zooms in
    QTest::newRow("in, left third") << 1.0 / 3 << 120;
    QTest::newRow("out, left third") << 1.0 / 3 << -120;
    QTest::newRow("in twice, near the right edge") << 0.9 << 240;
    QTest::newRow("out, near the left edge") << 0.05 << -360;
}

void TestTimeline::wheelZoomsAroundCursor()
{
    QFETCH(double, where);
    QFETCH(int, delta);
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.setVisibleRange(base, base + 100000);
    QSignalSpy range(&view, &TimelineView::visibleRangeChanged);
    const QRect cell = view.laneRect(QStringLiteral("int-1"));
    const QPoint at(cell.left() + int(cell.width() * where), cell.center().y());
    const qint64 before = view.timeScale().timeForX(at.x() - cell.left());
    QWheelEvent wheel(at, view.treeView()->viewport()->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.treeView()->viewport(), &wheel);
    QCOMPARE(range.count(), 1);
    const qint64 span = view.visibleRange().second - view.visibleRange().first;
    // 1.2 per notch: the span shrinks (or grows) by that factor.
    const double expected = 100000 / std::pow(1.2, delta / 120.0);
    QVERIFY2(std::abs(span - expected) <= 2, qPrintable(QStringLiteral("span %1, expected %2").arg(span).arg(expected)));
    // The time under the cursor stays under it.
    QVERIFY2(std::abs(view.timeScale().timeForX(at.x() - cell.left()) - before) <= 1,
             qPrintable(QString::number(view.timeScale().timeForX(at.x() - cell.left()) - before)));
}

void TestTimeline::dragPans()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.setVisibleRange(base, base + 100000);
    QWidget *viewport = view.treeView()->viewport();
    QSignalSpy selection(&view, &TimelineView::selectionChanged);
    QSignalSpy range(&view, &TimelineView::visibleRangeChanged);
    const QRect cell = view.laneRect(QStringLiteral("int-1"));
    const auto [from, to] = view.visibleRange();
    const double mpp = msPerPixel(view.timeScale());
    // Grab the empty top of the row (no mark there) and drag 200 px to the right…
    const QPoint start(cell.left() + 300, cell.top() + 2);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, start);
    moveWithButton(viewport, start + QPoint(10, 0), Qt::LeftButton);
    moveWithButton(viewport, start + QPoint(120, 0), Qt::LeftButton);
    moveWithButton(viewport, start + QPoint(200, 0), Qt::LeftButton);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, start + QPoint(200, 0));
    QVERIFY(range.count() >= 1);
    // …the earlier time comes into view: the range moves left by 200 px worth of time.
    const auto [from2, to2] = view.visibleRange();
    QVERIFY2(std::abs((from - from2) - 200 * mpp) <= mpp,
             qPrintable(QStringLiteral("moved %1 ms, expected %2").arg(from - from2).arg(200 * mpp)));
    QVERIFY(std::abs((to2 - from2) - (to - from)) <= 1); // same width
    // The time that was under the press point is under the release point.
    QVERIFY(std::abs(view.timeScale().timeForX(500) - (from + 300 * mpp)) <= mpp);
    // A drag is not a click: nothing selected.
    QCOMPARE(selection.count(), 0);
    QVERIFY(view.selectedPosts().isEmpty());

    // And back to the left: the range returns.
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, start + QPoint(200, 0));
    moveWithButton(viewport, start + QPoint(100, 0), Qt::LeftButton);
    moveWithButton(viewport, start, Qt::LeftButton);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, start);
    QVERIFY(std::abs(view.visibleRange().first - from) <= mpp);
    QVERIFY(std::abs((view.visibleRange().second - view.visibleRange().first) - (to - from)) <= 1);
}

void TestTimeline::rubberBandZooms_data()
{
    QTest::addColumn<int>("button");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<bool>("leftwards");
    QTest::newRow("shift+drag") << int(Qt::LeftButton) << int(Qt::ShiftModifier) << false;
    QTest::newRow("right-drag") << int(Qt::RightButton) << int(Qt::NoModifier) << false;
    QTest::newRow("right-drag, right to left") << int(Qt::RightButton) << int(Qt::NoModifier) << true;
}

void TestTimeline::rubberBandZooms()
{
    QFETCH(int, button);
    QFETCH(int, modifiers);
    QFETCH(bool, leftwards);
    const auto b = Qt::MouseButton(button);
    const auto mods = Qt::KeyboardModifiers(modifiers);
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.setVisibleRange(base, base + 100000);
    QWidget *viewport = view.treeView()->viewport();
    QSignalSpy selection(&view, &TimelineView::selectionChanged);
    const QRect cell = view.laneRect(QStringLiteral("int-1"));
    const TimeScale before = view.timeScale();
    const double mpp = msPerPixel(before);
    const int x1 = 150, x2 = 450; // relative to the time column
    const qint64 expectFrom = before.timeForX(x1), expectTo = before.timeForX(x2);
    QPoint a(cell.left() + x1, cell.top() + 2), z(cell.left() + x2, cell.top() + 2);
    if (leftwards)
        std::swap(a, z);
    QTest::mousePress(viewport, b, mods, a);
    moveWithButton(viewport, (a + z) / 2, b, mods);
    moveWithButton(viewport, z, b, mods);
    QTest::mouseRelease(viewport, b, mods, z);
    const auto [from, to] = view.visibleRange();
    QVERIFY2(std::abs(from - expectFrom) <= mpp, qPrintable(QStringLiteral("from %1 expected %2").arg(from).arg(expectFrom)));
    QVERIFY2(std::abs(to - expectTo) <= mpp, qPrintable(QStringLiteral("to %1 expected %2").arg(to).arg(expectTo)));
    QCOMPARE(selection.count(), 0);
    // A band narrower than 4 px is a slip, not a zoom.
    QTest::mousePress(viewport, b, mods, QPoint(cell.left() + 200, cell.top() + 2));
    moveWithButton(viewport, QPoint(cell.left() + 202, cell.top() + 2), b, mods);
    QTest::mouseRelease(viewport, b, mods, QPoint(cell.left() + 202, cell.top() + 2));
    QCOMPARE(view.visibleRange(), (std::pair {from, to}));
}

void TestTimeline::headerToolTipShowsUtc()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1000, 400), twoPostsAnalysis()));
    view.setVisibleRange(base, base + 100000);
    QHeaderView *header = view.treeView()->header();
    const int left = header->sectionViewportPosition(LaneModel::TimeColumn);
    ToolTipCatcher catcher;
    QStringList &shown = catcher.shown;
    qApp->installEventFilter(&catcher);
    const int w = view.timeScale().width();
    for (const int x : {10, w / 2, w - 10}) {
        const QPoint at(left + x, header->height() / 2);
        const qint64 t = view.timeScale().timeForX(x);
        QHelpEvent help(QEvent::ToolTip, at, header->viewport()->mapToGlobal(at));
        shown.clear();
        QVERIFY(QApplication::sendEvent(header->viewport(), &help)); // the header took it
        // The tip label that was shown (offscreen, another window's activation may hide
        // it again at once, so it is caught as it shows).
        QTRY_VERIFY(!shown.isEmpty());
        const QString text = shown.last();
        const QString utc = QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
        QVERIFY2(text.contains(utc), qPrintable(text + QStringLiteral(" / expected ") + utc));
        // 100 s across the column: within the minutes the range covers.
        QVERIFY(utc.startsWith(QLatin1String("2026-01-15 14:")));
        // And the local time on its own line.
        const QString local = QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("HH:mm:ss.zzz"));
        QVERIFY2(text.section(QLatin1Char('\n'), 0, 0).contains(local), qPrintable(text));
        QToolTip::hideText();
        QTRY_VERIFY(!QToolTip::isVisible());
    }
    // Over the label columns: the header's own (no) tooltip, not a time.
    shown.clear();
    const QPoint labels(header->sectionViewportPosition(LaneModel::NameColumn) + 5, header->height() / 2);
    QHelpEvent help(QEvent::ToolTip, labels, header->viewport()->mapToGlobal(labels));
    QApplication::sendEvent(header->viewport(), &help);
    QApplication::processEvents();
    for (const QString &t : std::as_const(shown))
        QVERIFY2(!t.contains(QLatin1String("UTC")), qPrintable(t));
}

void TestTimeline::prebuiltTimelineData()
{
    // Built beforehand (as on the rules worker): the view takes it as it is.
    Analysis a = twoPostsAnalysis();
    auto prebuilt = std::make_shared<const TimelineData>(a);
    a.timelineData = prebuilt;
    TimelineView view;
    view.setAnalysis(a);
    QCOMPARE(view.laneModel()->timelineData(), prebuilt.get());
    QCOMPARE(view.laneModel()->rowCount(), 1);
    QCOMPARE(view.laneModel()->timelineData()->snapshot(), a.snapshot.get());
    // Arrays of another snapshot are not used: the view builds its own.
    Analysis b = twoPostsAnalysis();
    b.timelineData = prebuilt;
    view.setAnalysis(b);
    QVERIFY(view.laneModel()->timelineData() != prebuilt.get());
    QCOMPARE(view.laneModel()->timelineData()->snapshot(), b.snapshot.get());
}

void TestTimeline::providerSwatchVisible_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTimeline::providerSwatchVisible()
{
    QFETCH(bool, dark);
    const theme::Mode previous = theme::current();
    theme::apply(dark ? theme::Mode::Dark : theme::Mode::Light);
    auto restore = qScopeGuard([&] { theme::apply(previous); });
    TimelineView view;
    QVERIFY(shown(view, QSize(1400, 800)));
    const Analysis a = demoAnalysis();
    view.setAnalysis(a);
    QTreeView *tree = view.treeView();
    const QImage shot = tree->viewport()->grab().toImage();
    QVERIFY(view.grab().save(QDir(artifactsDir()).filePath(dark ? QStringLiteral("timeline-view-dark.png")
                                                                 : QStringLiteral("timeline-view-light.png"))));
    const QColor base = tree->palette().color(QPalette::Base);
    int checked = 0;
    for (const Integration &in : a.snapshot->integrations()) {
        const QModelIndex src = view.laneModel()->indexOfLane(view.laneModel()->timelineData()->laneOfIntegration(in.id),
                                                              LaneModel::ProviderColumn);
        const QModelIndex idx = view.laneFilterModel()->mapFromSource(src);
        const QVariant deco = idx.data(Qt::DecorationRole);
        if (!idx.isValid() || deco.userType() != QMetaType::QColor)
            continue;
        const QRect r = tree->visualRect(idx);
        if (!tree->viewport()->rect().contains(r))
            continue;
        const QColor swatch = deco.value<QColor>();
        // The swatch: 14 px square, 3 px in, centred; its outline must stand out from the
        // background (the X provider's near-black on the dark theme), inside its colour.
        const int top = r.top() + (r.height() - 14) / 2;
        const QColor outline = shot.pixelColor(r.left() + 3, top + 7);
        const QColor inside = shot.pixelColor(r.left() + 3 + 7, top + 7);
        QVERIFY2(sameColour(inside.rgb(), swatch), qPrintable(in.providerIdentifier + QLatin1Char(' ') + inside.name()));
        QVERIFY2(std::abs(outline.lightness() - base.lightness()) >= 60,
                 qPrintable(QStringLiteral("%1: outline %2 on %3").arg(in.providerIdentifier, outline.name(), base.name())));
        ++checked;
    }
    QVERIFY2(checked >= 3, qPrintable(QString::number(checked)));
}

void TestTimeline::renderDemo_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTimeline::renderDemo()
{
    QFETCH(bool, dark);
    const Analysis a = demoAnalysis();
    const Snapshot &s = *a.snapshot;
    const TimelineData data(a);
    const TimelineTheme theme = dark ? TimelineTheme::darkTheme() : TimelineTheme::lightTheme();
    // The seconds around the capture, where the demo's incidents are.
    TimelineRenderOptions o;
    o.size = QSize(1600, 1000);
    o.from = s.capturedAt() - 14000;
    o.to = s.capturedAt() + 2000;
    o.dark = dark;
    const QImage image = renderTimeline(a, o);
    QCOMPARE(image.size(), o.size);
    const TimelineImageLayout layout = renderTimelineLayout(a, o);
    const TimeScale &sc = layout.scale;
    const QString dir = artifactsDir();
    QVERIFY(image.save(QDir(dir).filePath(dark ? QStringLiteral("timeline-demo-dark.png") : QStringLiteral("timeline-demo.png"))));
    TimelineRenderOptions all = o;
    all.from = all.to = 0;
    QVERIFY(renderTimeline(a, all).save(QDir(dir).filePath(dark ? QStringLiteral("timeline-demo-all-dark.png")
                                                                 : QStringLiteral("timeline-demo-all.png"))));

    // A post alone in its pixel neighbourhood (nothing else of its lane within 12 px).
    auto alone = [&](const PostMark &m, const Lane &lane) {
        const double x = sc.xForTime(m.time);
        if (x < 12 || x > sc.width() - 12)
            return false;
        for (const PostMark &o : lane.posts)
            if (&o != &m && std::abs(sc.xForTime(o.time) - x) < 12)
                return false;
        return true;
    };
    auto pixelOf = [&](int laneIndex, qint64 t) {
        const QRect cell = layout.cellOfLane(laneIndex);
        return QPoint(cell.left() + int(std::floor(sc.xForTime(t))), LaneGeometry::postY(cell));
    };
    int noJobChecked = 0, publishedChecked = 0;
    for (const OrgInfo &org : data.organizations()) {
        for (int li : org.lanes) {
            const Lane &lane = data.lane(li);
            if (!layout.cellOfLane(li).isValid())
                continue;
            for (const PostMark &m : lane.posts) {
                if (!alone(m, lane))
                    continue;
                const Post &p = s.posts()[size_t(m.post)];
                const QPoint at = pixelOf(li, m.time);
                const QRgb c = image.pixel(at);
                if (p.state == PostState::Queue && p.isTopLevel() && !p.isDeleted() && !s.jobForPost(p.id)) {
                    QVERIFY(m.noJob);
                    // The cross at the centre and the ring 5 px to the left.
                    QVERIFY2(sameColour(c, theme.noJob), qPrintable(p.id + QLatin1Char(' ') + describe(c)));
                    QVERIFY2(sameColour(image.pixel(at + QPoint(-5, 0)), theme.noJob), qPrintable(describe(image.pixel(at + QPoint(-5, 0)))));
                    // The middle of the left half of the ring is empty (hollow).
                    QVERIFY2(!sameColour(image.pixel(at + QPoint(0, -3)), theme.noJob), qPrintable(describe(image.pixel(at + QPoint(0, -3)))));
                    ++noJobChecked;
                } else if (p.state == PostState::Published && !p.isDeleted()) {
                    QVERIFY2(sameColour(c, theme.postColour[size_t(PostState::Published)]),
                             qPrintable(p.id + QLatin1Char(' ') + describe(c)));
                    ++publishedChecked;
                }
            }
        }
    }
    QVERIFY2(noJobChecked >= 1, "the demo has QUEUE posts without a job near the capture");
    QVERIFY2(publishedChecked >= 1, "the demo has PUBLISHED posts near the capture");
    // The now line crosses every row (its top pixel row is free of marks) and the axis.
    const int nowX = layout.timeColumn.left() + int(std::floor(sc.xForTime(s.capturedAt())));
    QVERIFY(!layout.cells.empty());
    for (const auto &[lane, cell] : layout.cells)
        QVERIFY2(sameColour(image.pixel(nowX, cell.top() + 1), theme.now), qPrintable(describe(image.pixel(nowX, cell.top() + 1))));
    QVERIFY(sameColour(image.pixel(nowX, layout.header.bottom() - 2), theme.now));
    // And nowhere else on a row's top line: one pixel column, not a smear.
    const QRect first = layout.cells.front().second;
    QVERIFY(!sameColour(image.pixel(nowX - 3, first.top() + 1), theme.now));
    QVERIFY(!sameColour(image.pixel(nowX + 3, first.top() + 1), theme.now));
    // The background follows the theme.
    QVERIFY(sameColour(image.pixel(layout.timeColumn.right() - 1, layout.timeColumn.bottom() - 1), theme.background)
            || layout.hiddenRows > 0);
}

void TestTimeline::viewRenderToImage()
{
    TimelineView view;
    QVERIFY(shown(view, QSize(1400, 800)));
    const Analysis a = demoAnalysis();
    view.setAnalysis(a);
    // The posts the first finding names get a halo; select one and grab the window too.
    QVERIFY(!a.diagnosis->findings.empty());
    QStringList named;
    for (const Finding &f : a.diagnosis->findings)
        if (!f.posts.isEmpty()) {
            named = f.posts;
            break;
        }
    QVERIFY(!named.isEmpty());
    view.setHighlightedPosts(named);
    view.selectPosts({named.first()}, true);
    // The selected post is scrolled to and framed.
    const QPoint at = view.postPosition(named.first());
    QVERIFY(view.treeView()->viewport()->rect().contains(at));
    const QImage shot = view.treeView()->viewport()->grab().toImage();
    const TimelineTheme th = TimelineTheme::fromPalette(view.treeView()->palette());
    QVERIFY2(sameColour(shot.pixel(at + QPoint(-7, -7)), th.selection), qPrintable(describe(shot.pixel(at + QPoint(-7, -7)))));
    const QString dir = artifactsDir();
    QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("timeline-view-selected.png"))));

    const QImage img = view.renderToImage(QSize(800, 500), 2.0);
    QCOMPARE(img.size(), QSize(1600, 1000));
    QCOMPARE(img.devicePixelRatio(), 2.0);
    QVERIFY(img.save(QDir(dir).filePath(QStringLiteral("timeline-view-render@2x.png"))));
    view.setVisibleRange(a.snapshot->capturedAt() - 14000, a.snapshot->capturedAt() + 2000);
    QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("timeline-view.png"))));
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
