#include "analysis.h"
#include "details/detailspane.h"
#include "details/richtext.h"
#include "sources/snapshotfile.h"
#include "uitestsupport.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QTest>
#include <QToolButton>

using namespace postscope;
using namespace postscope::test;

namespace {


} // namespace

class TestDetails : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_demo = demoAnalysis(); }

    void postWithJob()
    {
        const Snapshot &s = *m_demo.snapshot;
        const Job *job = s.jobForPost(SeedB);
        QVERIFY2(job, "the seed's second post has its job");
        QVERIFY(job->fireTime);
        DetailsPane pane;
        pane.setAnalysis(m_demo);
        pane.showPost(SeedB);
        const QString text = pane.text();
        // Its row, its account (no tokens), its job decoded, its events, its findings.
        QVERIFY(text.contains(QStringLiteral("publishDate: 2026-12-01 09:30:15.000 UTC")));
        QVERIFY(text.contains(QStringLiteral("Acme Coffee on X (seed)")));
        QVERIFY(text.contains(QStringLiteral("provider: x")));
        QVERIFY2(text.contains(QStringLiteral("key: bull:post:") + SeedB), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("state: ") + toString(job->state)));
        QVERIFY(text.contains(QStringLiteral("fire time: ") + localAndUtc(*job->fireTime)));
        QVERIFY(text.contains(QStringLiteral("timestamp (added): ")));
        // opts and data as indented JSON.
        QVERIFY(!job->opts.isEmpty());
        QVERIFY2(text.contains(QStringLiteral("opts\n")) && text.contains(QStringLiteral("\"jobId\": ")), qPrintable(text));
        // Events in time order.
        const QList<int> &ev = s.eventsForJob(SeedB);
        QVERIFY(!ev.isEmpty());
        QVERIFY(text.contains(QStringLiteral("Queue events (%1)").arg(ev.size())));
        qsizetype last = -1;
        for (int i : ev) {
            const qsizetype at = text.indexOf(s.events()[size_t(i)].streamId);
            QVERIFY2(at > last, qPrintable(s.events()[size_t(i)].streamId));
            last = at;
        }
        // The findings naming it.
        QVERIFY(text.contains(QStringLiteral("[job-removed] Job removed before it ran")));
    }

    void postWithoutJob()
    {
        DetailsPane pane;
        pane.setAnalysis(m_demo);
        pane.showPost(SeedA);
        const QString text = pane.text();
        QVERIFY2(text.contains(QStringLiteral("NO JOB")), qPrintable(text));
        // Its removal is in its events.
        QVERIFY(text.contains(QStringLiteral("removed")));
        QVERIFY(text.contains(QStringLiteral("[job-removed]")));
    }

    void errorsRowsAndLogLines()
    {
        SnapshotData data = m_demo.snapshot->data();
        // A post with "Errors" rows in the demo (provider-error), plus a log line naming it.
        const QString failed = QStringLiteral("6c62fdae-fb04-492a-bd59-21057d4b7755");
        LogLine line;
        line.file = QStringLiteral("/var/log/postiz/workers.log");
        line.lineNumber = 42;
        line.time = data.capturedAt - 1000;
        line.text = QStringLiteral("Error posting to linkedin for post ") + failed;
        line.kind = QStringLiteral("provider-error");
        line.postIds = {failed};
        data.logLines.push_back(line);
        Analysis a;
        a.snapshot = std::make_shared<const Snapshot>(std::move(data));
        DetailsPane pane;
        pane.setAnalysis(a);
        pane.showPost(failed);
        const QString text = pane.text();
        const int errors = int(a.snapshot->errorsForPost(failed).size());
        QVERIFY(errors > 0);
        QVERIFY(text.contains(QStringLiteral("\"Errors\" rows (%1)").arg(errors)));
        QVERIFY(text.contains(QStringLiteral("Invalid access token")));
        QVERIFY(text.contains(QStringLiteral("Log lines (1)")));
        QVERIFY(text.contains(QStringLiteral("workers.log:42")));
        QVERIFY(text.contains(QStringLiteral("The rules have not run yet.")));
    }

    void copyAndClear()
    {
        DetailsPane pane;
        pane.setAnalysis(m_demo);
        pane.showPost(SeedB);
        auto *copy = pane.findChild<QToolButton *>(QStringLiteral("detailsCopy"));
        QVERIFY(copy && copy->isEnabled());
        copy->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), pane.text());
        pane.showPost(QString());
        QVERIFY(!copy->isEnabled());
        QVERIFY(pane.text().contains(QStringLiteral("Select a post")));
        pane.showPost(QStringLiteral("no-such-post"));
        QVERIFY(pane.text().contains(QStringLiteral("not in this snapshot")));
    }

    void keepsThePostAcrossSnapshots()
    {
        DetailsPane pane;
        pane.setAnalysis(m_demo);
        pane.showPost(SeedB);
        pane.setAnalysis(demoAnalysis());
        QCOMPARE(pane.postId(), SeedB);
        QVERIFY(pane.text().contains(SeedB));
    }

    void screenshot()
    {
        DetailsPane pane;
        pane.resize(720, 1000);
        pane.setAnalysis(m_demo);
        pane.showPost(SeedB);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        saveArtifact(&pane, QStringLiteral("details-pane.png"));
    }

private:
    Analysis m_demo;
};

QTEST_MAIN(TestDetails)
#include "tst_details.moc"
