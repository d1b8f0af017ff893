#include "analysis.h"
#include "compare/comparetimeline.h"
#include "compare/compareview.h"
#include "sources/snapshotfile.h"
#include "uitestsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QTableWidget>
#include <QTest>

using namespace postscope;
using namespace postscope::test;

namespace {


int rowOf(QTableWidget *t, const QString &field)
{
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->text() == field)
            return r;
    return -1;
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_demo = demoAnalysis(); }

    void seedCaseReadsAtAGlance()
    {
        CompareView view;
        QAbstractItemModelTester tester(view.table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setAnalysis(m_demo);
        view.comparePosts(SeedA, SeedB);
        const QString text = view.text();
        QVERIFY2(text.contains(QStringLiteral("Δt publishDate: 15 s (B is 15 s later)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("A: ") + SeedA));
        QVERIFY(text.contains(QStringLiteral("| job: NO JOB")));
        QVERIFY(text.contains(QStringLiteral("* job | NO JOB | post:") + SeedB));
        QVERIFY(text.contains(QStringLiteral("[A+B] CRITICAL [job-removed]")));
        // Same account: that row does not differ, publishDate does.
        QVERIFY(text.contains(QStringLiteral("  integration | Acme Coffee on X (seed) (x) | Acme Coffee on X (seed) (x)")));
        QVERIFY(text.contains(QStringLiteral("* publishDate | 2026-12-01 09:30:00.000 UTC | 2026-12-01 09:30:15.000 UTC")));

        // The table highlights what differs and shows NO JOB in red.
        QTableWidget *t = view.table();
        const int job = rowOf(t, QStringLiteral("job"));
        QVERIFY(job >= 0);
        QCOMPARE(t->item(job, 1)->text(), QStringLiteral("NO JOB"));
        QVERIFY(t->item(job, 1)->font().bold());
        const int pd = rowOf(t, QStringLiteral("publishDate"));
        const int integ = rowOf(t, QStringLiteral("integration"));
        QVERIFY(t->item(pd, 1)->background().style() != Qt::NoBrush);
        QCOMPARE(t->item(integ, 1)->background().style(), Qt::NoBrush);
    }

    void miniTimelineCutsTheLongGap()
    {
        CompareTimeline tl;
        tl.setPosts(m_demo.snapshot, SeedA, SeedB);
        // Events on Nov 28, publishDates on Dec 1: two pieces of axis, and the 15 s apart
        // marks land far apart on the second.
        const auto segs = tl.segments(100, 900);
        QCOMPARE(int(segs.size()), 2);
        const Post *a = m_demo.snapshot->post(SeedA);
        const Post *b = m_demo.snapshot->post(SeedB);
        const double dx = tl.xForTime(segs, b->publishDate) - tl.xForTime(segs, a->publishDate);
        QVERIFY2(dx > 100, qPrintable(QString::number(dx)));
        QVERIFY(tl.xForTime(segs, a->publishDate) >= segs[1].x0);
    }

    void swapAndMissing()
    {
        CompareView view;
        view.setAnalysis(m_demo);
        view.comparePosts(SeedB, SeedA);
        QVERIFY(view.text().contains(QStringLiteral("(B is 15 s earlier)")));
        view.comparePosts(SeedA, QStringLiteral("gone"));
        QVERIFY(view.text().contains(QStringLiteral("not in this snapshot")));
        view.comparePosts(QString(), QString());
        QVERIFY(view.text().contains(QStringLiteral("No posts to compare")));
    }

    void screenshot_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1366x768 dock") << QSize(1100, 640);
        QTest::newRow("2560x1440 dock") << QSize(1800, 900);
    }

    void screenshot()
    {
        QFETCH(QSize, size);
        CompareView view;
        view.resize(size);
        view.setAnalysis(m_demo);
        view.comparePosts(SeedA, SeedB);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        saveArtifact(&view, QStringLiteral("compare-view-%1x%2.png").arg(size.width()).arg(size.height()));
    }

private:
    Analysis m_demo;
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
