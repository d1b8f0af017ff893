#include "analysis.h"
#include "findings/findingsfilterproxy.h"
#include "findings/findingsmodel.h"
#include "findings/findingspanel.h"
#include "sources/snapshotfile.h"
#include "uitestsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace postscope;
using namespace postscope::test;

namespace {

// The demo as if Redis had not been reachable: no queue, jobs, events or workers.
Analysis withoutRedis()
{
    SnapshotData data = demoData();
    data.queues.clear();
    data.jobs.clear();
    data.events.clear();
    data.workers.clear();
    data.scope.redisUrl.clear();
    data.gaps.push_back({QStringLiteral("redis"), QStringLiteral("connection"), QStringLiteral("connection refused (127.0.0.1:1)")});
    return analysisOf(std::move(data));
}

// Finding rows visible in the proxy, as "group/rule".
QStringList visibleFindings(const QAbstractItemModel *m)
{
    QStringList out;
    for (int g = 0; g < m->rowCount(); ++g) {
        const QModelIndex group = m->index(g, 0);
        for (int r = 0; r < m->rowCount(group); ++r)
            out << FindingsModel::groupName(group.data(FindingsModel::GroupRole).toInt()) % QLatin1Char('/')
                    % m->index(r, 0, group).data(FindingsModel::RuleIdRole).toString();
    }
    return out;
}

QModelIndex findRow(const QAbstractItemModel *m, const QString &rule)
{
    for (int g = 0; g < m->rowCount(); ++g) {
        const QModelIndex group = m->index(g, 0);
        for (int r = 0; r < m->rowCount(group); ++r) {
            const QModelIndex i = m->index(r, 0, group);
            if (i.data(FindingsModel::RuleIdRole).toString() == rule)
                return i;
        }
    }
    return QModelIndex();
}


} // namespace

class TestFindings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_demo = demoAnalysis(); }

    void modelsPassTheTester()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        FindingsFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnalysis(m_demo);
        proxy.setSearchText(QStringLiteral("post"));
        proxy.setGroupEnabled(FindingsModel::WarningGroup, false);
        model.setAnalysis(withoutRedis());
        proxy.setSearchText(QString());
        model.setAnalysis(Analysis());
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    }

    void jobRemovedIsCritical()
    {
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        const QModelIndex row = findRow(panel.proxy(), QStringLiteral("job-removed"));
        QVERIFY(row.isValid());
        QCOMPARE(row.parent().data(FindingsModel::GroupRole).toInt(), int(FindingsModel::CriticalGroup));
        QCOMPARE(row.data(FindingsModel::PostIdsRole).toStringList(), QStringList({SeedA, SeedB}));
        // The group row counts its findings.
        const int critical = m_demo.diagnosis->count(Severity::Critical);
        QCOMPARE(row.parent().data().toString(), QStringLiteral("Critical (%1)").arg(critical));
    }

    void selectingEmitsItsPosts()
    {
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        QSignalSpy spy(&panel, &FindingsPanel::findingSelected);
        const QModelIndex row = findRow(panel.proxy(), QStringLiteral("job-removed"));
        panel.view()->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toStringList(), QStringList({SeedA, SeedB}));
        QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("job-removed"));

        const QString detail = panel.detailText();
        QVERIFY2(detail.contains(QStringLiteral("Job removed before it ran")), qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("Verify by hand")));
        QVERIFY(detail.contains(QStringLiteral("HGETALL bull:post:") + SeedA));
        QVERIFY(detail.contains(QStringLiteral("What to do")));

        // Each verify line has its own copy link.
        auto *browser = panel.findChild<QTextBrowser *>(QStringLiteral("findingDetail"));
        QVERIFY(browser);
        const Finding *f = nullptr;
        for (const Finding &x : m_demo.diagnosis->findings)
            if (x.rule == QLatin1String("job-removed"))
                f = &x;
        QVERIFY(f && f->verify.size() >= 2);
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("copy:1")));
        QCOMPARE(QGuiApplication::clipboard()->text(), f->verify.at(1));
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("copy:all")));
        QCOMPARE(QGuiApplication::clipboard()->text(), f->verify.join(QLatin1Char('\n')));

        // Selecting a group row is a deselection.
        panel.view()->selectionModel()->setCurrentIndex(row.parent(), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(spy.count(), 2);
        QVERIFY(spy.at(1).at(0).toStringList().isEmpty());
        QVERIFY(spy.at(1).at(1).toString().isEmpty());
    }

    void newSnapshotKeepsTheSelection()
    {
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        const QModelIndex row = findRow(panel.proxy(), QStringLiteral("job-removed"));
        panel.view()->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy spy(&panel, &FindingsPanel::findingSelected);
        panel.setAnalysis(demoAnalysis()); // a new diagnosis object, same content
        const QModelIndexList selected = panel.view()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(FindingsModel::RuleIdRole).toString(), QStringLiteral("job-removed"));
        QCOMPARE(spy.count(), 0); // same finding: nothing new to tell
    }

    void severityFilter_data()
    {
        QTest::addColumn<bool>("critical");
        QTest::addColumn<bool>("warning");
        QTest::addColumn<bool>("info");
        QTest::newRow("all") << true << true << true;
        QTest::newRow("critical only") << true << false << false;
        QTest::newRow("no critical") << false << true << true;
        QTest::newRow("info only") << false << false << true;
    }

    void severityFilter()
    {
        QFETCH(bool, critical);
        QFETCH(bool, warning);
        QFETCH(bool, info);
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        panel.setSeverityVisible(Severity::Critical, critical);
        panel.setSeverityVisible(Severity::Warning, warning);
        panel.setSeverityVisible(Severity::Info, info);
        const Diagnosis &d = *m_demo.diagnosis;
        const int expected = (critical ? d.count(Severity::Critical) : 0) + (warning ? d.count(Severity::Warning) : 0)
            + (info ? d.count(Severity::Info) : 0);
        const QStringList shown = visibleFindings(panel.proxy());
        QCOMPARE(shown.size(), expected);
        QCOMPARE(shown.filter(QStringLiteral("Critical/")).isEmpty(), !critical || d.count(Severity::Critical) == 0);
        QCOMPARE(shown.filter(QStringLiteral("Warning/")).isEmpty(), !warning || d.count(Severity::Warning) == 0);
        QCOMPARE(bool(findRow(panel.proxy(), QStringLiteral("job-removed")).isValid()), critical);
    }

    void search_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("mustShow");
        QTest::addColumn<QStringList>("mustHide");
        QTest::newRow("rule id") << QStringLiteral("job-removed") << QStringList {QStringLiteral("Critical/job-removed")}
                                 << QStringList {QStringLiteral("Critical/queue-paused")};
        QTest::newRow("post id, two words") << QStringLiteral("7C2AD6BE removed")
                                            << QStringList {QStringLiteral("Critical/job-removed")}
                                            << QStringList {QStringLiteral("Critical/missing-job")};
        QTest::newRow("account name") << QStringLiteral("Instagram (late save)")
                                      << QStringList {QStringLiteral("Critical/missing-job")}
                                      << QStringList {QStringLiteral("Critical/job-removed")};
        QTest::newRow("nothing") << QStringLiteral("no-such-thing-anywhere") << QStringList() << QStringList {QStringLiteral("Critical/job-removed")};
    }

    void search()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, mustShow);
        QFETCH(QStringList, mustHide);
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        const int all = visibleFindings(panel.proxy()).size();
        panel.setSearchText(text);
        const QStringList shown = visibleFindings(panel.proxy());
        QVERIFY(shown.size() < all);
        for (const QString &s : mustShow)
            QVERIFY2(shown.contains(s), qPrintable(shown.join(QLatin1Char(','))));
        for (const QString &s : mustHide)
            QVERIFY2(!shown.contains(s), qPrintable(s));
        if (shown.isEmpty())
            QCOMPARE(panel.proxy()->rowCount(), 0); // empty groups are hidden while searching
        else
            QVERIFY(panel.proxy()->index(0, 0).data().toString().contains(QStringLiteral(" of ")));
        panel.setSearchText(QString());
        QCOMPARE(visibleFindings(panel.proxy()).size(), all);
    }

    void skippedRulesWithoutRedis()
    {
        const Analysis a = withoutRedis();
        int skipped = 0;
        QString someReason;
        for (const RuleRun &r : a.diagnosis->rules)
            if (r.status == RuleStatus::Skipped) {
                ++skipped;
                someReason = r.reason;
            }
        QVERIFY2(skipped > 0, "the rules should skip what needs Redis");
        FindingsPanel panel;
        panel.setAnalysis(a);
        const QModelIndex group = panel.proxy()->index(FindingsModel::SkippedGroup, 0);
        QCOMPARE(group.data(FindingsModel::GroupRole).toInt(), int(FindingsModel::SkippedGroup));
        QCOMPARE(group.data().toString(), QStringLiteral("Skipped rules (%1)").arg(skipped));
        QCOMPARE(panel.proxy()->rowCount(group), skipped);
        bool reasonShown = false;
        for (int r = 0; r < skipped; ++r)
            reasonShown |= panel.proxy()->index(r, 0, group).data().toString().contains(someReason);
        QVERIFY(reasonShown);
        // With nothing selected the explanation lists them too.
        QVERIFY2(panel.detailText().contains(QStringLiteral("Skipped rules (%1)").arg(skipped)), qPrintable(panel.detailText()));
        // Selecting one explains why, and is not a finding selection.
        QSignalSpy spy(&panel, &FindingsPanel::findingSelected);
        panel.view()->selectionModel()->setCurrentIndex(panel.proxy()->index(0, 0, group),
                                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(panel.detailText().contains(QStringLiteral("was skipped")));
        QVERIFY(spy.isEmpty() || spy.last().at(0).toStringList().isEmpty());
    }

    void selectFindingForPostIsQuiet()
    {
        FindingsPanel panel;
        panel.setAnalysis(m_demo);
        QSignalSpy spy(&panel, &FindingsPanel::findingSelected);
        QVERIFY(panel.selectFindingForPost(SeedB));
        QCOMPARE(spy.count(), 0);
        const QModelIndexList selected = panel.view()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QVERIFY(selected.first().data(FindingsModel::PostIdsRole).toStringList().contains(SeedB));
        QVERIFY(!panel.selectFindingForPost(QStringLiteral("not-a-post")));
    }

    void screenshot()
    {
        FindingsPanel panel;
        panel.resize(760, 900);
        panel.setAnalysis(m_demo);
        panel.show();
        const QModelIndex row = findRow(panel.proxy(), QStringLiteral("job-removed"));
        panel.view()->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        saveArtifact(&panel, QStringLiteral("findings-panel.png"));
        FindingsPanel skipped;
        skipped.resize(760, 700);
        skipped.setAnalysis(withoutRedis());
        skipped.show();
        QVERIFY(QTest::qWaitForWindowExposed(&skipped));
        saveArtifact(&skipped, QStringLiteral("findings-panel-skipped.png"));
    }

private:
    Analysis m_demo;
};

QTEST_MAIN(TestFindings)
#include "tst_findings.moc"
