// The inspector window, offscreen: the demo on first start, a finding selecting its
// posts everywhere, captures against the real test servers (and a closed port),
// auto-refresh keeping the selection, log files linked to posts, screenshots.

#include "activity/activitymodel.h"
#include "activity/activitypane.h"
#include "capture/capturecontroller.h"
#include "connection/connectionpane.h"
#include "logs/logpane.h"
#include "mainwindow.h"
#include "testservices.h"
#include "uitestsupport.h"

#if __has_include("timeline/timelineview.h")
#include "timeline/timelineview.h"
#define HAVE_TIMELINE 1
#endif
#if __has_include("findings/findingspanel.h")
#include "findings/findingspanel.h"
#define HAVE_FINDINGS 1
#endif
#if __has_include("tables/tablespane.h")
#include "tables/tablespane.h"
#define HAVE_TABLES 1
#endif
#if __has_include("compare/compareview.h")
#include "compare/compareview.h"
#define HAVE_COMPARE 1
#endif

#include <QAbstractItemView>
#include <QFileInfo>
#include <QJsonArray>
#include <QPushButton>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace postscope;
using postscope::test::artifactsDir;
using postscope::test::closedPort;

namespace {

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

const Finding *findingOf(const Analysis &a, const QString &rule)
{
    if (!a.diagnosis)
        return nullptr;
    for (const Finding &f : a.diagnosis->findings) {
        if (f.rule == rule)
            return &f;
    }
    return nullptr;
}

int findingIndex(const Analysis &a, const QString &rule)
{
    for (size_t i = 0; a.diagnosis && i < a.diagnosis->findings.size(); ++i) {
        if (a.diagnosis->findings[i].rule == rule)
            return int(i);
    }
    return -1;
}

bool modelContains(const QAbstractItemModel *model, const QString &text, const QModelIndex &parent = {})
{
    for (int r = 0; r < model->rowCount(parent); ++r) {
        for (int c = 0; c < model->columnCount(parent); ++c) {
            const QModelIndex i = model->index(r, c, parent);
            if (i.data(Qt::DisplayRole).toString().contains(text))
                return true;
        }
        if (modelContains(model, text, model->index(r, 0, parent)))
            return true;
    }
    return false;
}

int rowsIn(QWidget *w)
{
    int rows = 0;
    const auto views = w->findChildren<QAbstractItemView *>();
    for (QAbstractItemView *v : views) {
        if (v->model())
            rows = std::max(rows, v->model()->rowCount());
    }
    return rows;
}


} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    // One captured scenario shared by the server tests.
    QString m_pg;
    QString m_redis;
    QJsonObject m_report;

    bool prepareSeed()
    {
        if (!m_pg.isEmpty())
            return true;
        if (!testsvc::services().ok)
            return false;
        QString error;
        m_pg = testsvc::createPostizDatabase(QStringLiteral("ui_mainwindow"), &error);
        if (m_pg.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        const int redisDb = 5;
        testsvc::redisCli(redisDb, {QStringLiteral("FLUSHDB")});
        m_redis = testsvc::redisUrl(redisDb);
        m_report = testsvc::runScenario(QStringLiteral("seed"), QStringLiteral("5.12"), m_pg, m_redis, {}, &error);
        if (m_report.isEmpty()) {
            qWarning("%s", qPrintable(error));
            m_pg.clear();
            return false;
        }
        return true;
    }

    bool captureInto(MainWindow &w)
    {
        w.connectionPane()->setPostgresUrl(m_pg);
        w.connectionPane()->setRedisUrl(m_redis);
        QSignalSpy applied(&w, &MainWindow::analysisApplied);
        QSignalSpy failed(&w, &MainWindow::captureFailed);
        w.refresh();
        if (!w.isCapturing())
            return false;
        QElapsedTimer t;
        t.start();
        while (applied.isEmpty() && failed.isEmpty() && t.elapsed() < 120000)
            applied.wait(1000);
        if (!failed.isEmpty())
            qWarning("capture failed: %s", qPrintable(failed.first().first().toString()));
        return !applied.isEmpty() && applied.last().first().toBool();
    }

private Q_SLOTS:
    void startsOnDemo()
    {
        MainWindow w;
        QVERIFY(w.openDemo());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.demoBannerVisible());
        QVERIFY(w.bannerText().contains(QStringLiteral("Demo data")));
        QVERIFY(w.analysis().demo);
        QVERIFY(w.analysis().diagnosis);
        QVERIFY(w.windowTitle().contains(QStringLiteral("demo")));
        QVERIFY(w.statusText().contains(QStringLiteral("53 posts")));

        // The "Connect…" button raises the connection pane.
        auto *connect = w.findChild<QPushButton *>();
        QVERIFY(connect);
        const auto buttons = w.findChildren<QPushButton *>();
        QPushButton *connectButton = nullptr;
        for (QPushButton *b : buttons) {
            if (b->text() == QStringLiteral("Connect…"))
                connectButton = b;
        }
        QVERIFY(connectButton && connectButton->isVisible());
        QDockWidget *connection = w.dock(QStringLiteral("connectionDock"));
        QVERIFY(connection);
        QVERIFY(w.connectionPane()->visibleRegion().isEmpty()); // tabbed behind the findings
        connectButton->click();
        QTRY_VERIFY(!w.connectionPane()->visibleRegion().isEmpty());

#ifdef HAVE_TABLES
        QVERIFY(rowsIn(w.tablesWidget()) > 0);
#endif
#ifdef HAVE_TIMELINE
        QVERIFY(qobject_cast<TimelineView *>(w.timelineWidget()));
#endif
        // Every dock is present, whatever is built yet.
        for (const char *name : {"findingsDock", "detailsDock", "compareDock", "tablesDock", "logsDock", "activityDock",
                                 "connectionDock", "gapsDock"})
            QVERIFY2(w.dock(QLatin1String(name)), name);
    }

    void findingSelectsItsPosts()
    {
        MainWindow w;
        QVERIFY(w.openDemo());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Finding *f = findingOf(w.analysis(), QStringLiteral("job-removed"));
        QVERIFY2(f, "the demo's diagnosis names the seed's cause");
        QCOMPARE(f->posts.size(), 2);
        const QStringList posts = f->posts;
#ifdef HAVE_FINDINGS
        auto *panel = qobject_cast<FindingsPanel *>(w.findingsWidget());
        QVERIFY(panel);
        QVERIFY(modelContains(panel->view()->model(), f->title));
        QSignalSpy selected(panel, &FindingsPanel::findingSelected);
        QVERIFY(panel->selectFinding(findingIndex(w.analysis(), QStringLiteral("job-removed"))));
        QTRY_VERIFY(!selected.isEmpty());
        QCOMPARE(sorted(w.selectedPosts()), sorted(posts));
#ifdef HAVE_TIMELINE
        auto *timeline = qobject_cast<TimelineView *>(w.timelineWidget());
        QCOMPARE(sorted(timeline->selectedPosts()), sorted(posts));
#endif
#ifdef HAVE_TABLES
        auto *tables = qobject_cast<TablesPane *>(w.tablesWidget());
        QCOMPARE(sorted(tables->selectedPosts()), sorted(posts));
#endif
#ifdef HAVE_COMPARE
        // Two posts selected: the compare dock is raised with the pair.
        auto *compare = qobject_cast<CompareView *>(w.compareWidget());
        QCOMPARE(sorted(compare->posts()), sorted(posts));
        QTRY_VERIFY(!compare->visibleRegion().isEmpty());
#endif
#else
        // Without the panel the window still selects by ids.
        w.selectPosts(posts, true);
        QCOMPARE(w.selectedPosts(), posts);
#endif
    }

    void captureFillsTheWindow()
    {
        if (!prepareSeed())
            QFAIL(qPrintable(QStringLiteral("test servers or seed scenario unavailable: ") + testsvc::services().error));
        MainWindow w;
        QVERIFY(w.openDemo());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(captureInto(w));
        const Analysis &a = w.analysis();
        QVERIFY(!a.demo);
        QVERIFY(!w.demoBannerVisible());
        QVERIFY(w.errorText().isEmpty());
        for (const QJsonValue &v : m_report.value(QStringLiteral("posts")).toArray())
            QVERIFY(a.snapshot->post(v.toObject().value(QStringLiteral("id")).toString()));
        QVERIFY(findingOf(a, QStringLiteral("job-removed")));
        QVERIFY(a.snapshot->server().redisTime.has_value());
        QVERIFY2(w.statusText().contains(QStringLiteral("Clocks vs local")), qPrintable(w.statusText()));
        // The activity pane lists the capture's queries and commands, with totals.
        QVERIFY(w.activityPane()->model()->rowCount() > 5);
        QVERIFY(w.activityPane()->totalsText().contains(QStringLiteral("PostgreSQL")));
        QVERIFY(w.activityPane()->totalsText().contains(QStringLiteral("Redis")));
        QVERIFY(!w.activityPane()->text().contains(QStringLiteral("refreshToken")));
#ifdef HAVE_TABLES
        QVERIFY(rowsIn(w.tablesWidget()) > 0);
#endif
    }

    void closedPortShowsErrorAndKeepsSnapshot()
    {
        MainWindow w;
        QVERIFY(w.openDemo());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const SnapshotPtr before = w.snapshot();
        const int port = closedPort();
        w.connectionPane()->setPostgresUrl(QStringLiteral("postgresql://postgres@127.0.0.1:%1/postiz").arg(port));
        w.connectionPane()->setRedisUrl(QStringLiteral("redis://127.0.0.1:%1/0").arg(port));
        QSignalSpy failed(&w, &MainWindow::captureFailed);
        QElapsedTimer t;
        t.start();
        w.refresh();
        QVERIFY(w.isCapturing());
        // The GUI thread keeps running while the worker waits for the dead port.
        QVERIFY(failed.wait(30000));
        qInfo("closed port reported after %lld ms", t.elapsed());
        QVERIFY(!w.isCapturing());
        QVERIFY(!w.errorText().isEmpty());
        QVERIFY(w.errorText().contains(QStringLiteral("previous snapshot")));
        QVERIFY(!w.connectionPane()->errorText().isEmpty());
        QCOMPARE(w.snapshot(), before);
        QVERIFY(w.demoBannerVisible());
        QVERIFY(w.isVisible());
        // Still usable: select, open the demo again.
        const QString id = before->posts().front().id;
        w.selectPosts({id});
        QCOMPARE(w.selectedPosts(), QStringList{id});
        QVERIFY(w.openDemo());
    }

    void autoRefreshKeepsSelection()
    {
        if (!prepareSeed())
            QFAIL("test servers or seed scenario unavailable");
        MainWindow w;
        w.resize(1366, 768);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(captureInto(w));
        const Finding *f = findingOf(w.analysis(), QStringLiteral("job-removed"));
        QVERIFY(f);
        const QStringList posts = f->posts;
        w.selectPosts(posts, true);
        QCOMPARE(sorted(w.selectedPosts()), sorted(posts));
#ifdef HAVE_TIMELINE
        auto *timeline = qobject_cast<TimelineView *>(w.timelineWidget());
        const auto range = timeline->visibleRange();
#endif
        const SnapshotPtr first = w.snapshot();
        QSignalSpy applied(&w, &MainWindow::analysisApplied);
        w.setAutoRefresh(1);
        QVERIFY(applied.wait(60000));
        if (applied.last().first().toBool() == false)
            QVERIFY(applied.wait(60000));
        w.setAutoRefresh(0);
        QVERIFY(w.snapshot() != first);
        QCOMPARE(sorted(w.selectedPosts()), sorted(posts));
#ifdef HAVE_TIMELINE
        QCOMPARE(sorted(timeline->selectedPosts()), sorted(posts));
        QCOMPARE(timeline->visibleRange(), range);
#endif
#ifdef HAVE_TABLES
        QCOMPARE(sorted(qobject_cast<TablesPane *>(w.tablesWidget())->selectedPosts()), sorted(posts));
#endif
    }

    void openLogLinksLines()
    {
        MainWindow w;
        QVERIFY(w.openDemo());
        w.show();
        const Finding *f = findingOf(w.analysis(), QStringLiteral("job-removed"));
        QVERIFY(f);
        const QString a = f->posts.value(0);
        const QString b = f->posts.value(1);
        QTemporaryDir dir;
        const QString pm2 = dir.filePath(QStringLiteral("backend-out.log"));
        const QString docker = dir.filePath(QStringLiteral("compose.log"));
        {
            QFile file(pm2);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral("0|backend  | 2026-11-28T22:59:44.030Z: [DEBUG] Deleting previous job: %1\n"
                                      "0|backend  | 2026-11-28T22:59:44.031Z: GET /posts 200\n"
                                      "0|backend  | 2026-11-28T22:59:44.036Z: event to dispatch:  { pattern: 'post', data: { id: '%2', options: { delay: 1000 } } }\n")
                           .arg(a, b)
                           .toUtf8());
        }
        {
            QFile file(docker);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral("workers-1  | processing { id: '%1' }\nworkers-1  | unrelated\n").arg(b).toUtf8());
        }
        const SnapshotPtr before = w.snapshot();
        QSignalSpy applied(&w, &MainWindow::analysisApplied);
        QString error;
        QVERIFY2(w.openLogFiles({pm2, docker}, &error), qPrintable(error));
        QTRY_VERIFY(!applied.isEmpty());
        QVERIFY(w.snapshot() != before);
        QCOMPARE(before->logLines().size() + 3, w.snapshot()->logLines().size());
        QVERIFY(w.analysis().demo); // still the demo, with lines added
        int linkedToA = 0;
        for (const LogLine &l : w.snapshot()->logLines())
            linkedToA += l.postIds.contains(a) ? 1 : 0;
        QVERIFY(linkedToA >= 1);
        QVERIFY(w.logPane()->visibleRows() >= 3);
        // Selecting a line selects its post.
        QTableView *view = w.logPane()->view();
        int row = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            if (view->model()->index(r, 0).data(Qt::UserRole + 2).toStringList() == QStringList{b})
                row = r;
        }
        QVERIFY(row >= 0);
        view->setCurrentIndex(view->model()->index(row, 0));
        QCOMPARE(w.selectedPosts(), QStringList{b});
    }

    void saveAndReopen()
    {
        MainWindow w;
        QVERIFY(w.openDemo());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("snap.json"));
        QString error;
        QVERIFY2(w.saveSnapshot(path, true, &error), qPrintable(error));
        MainWindow other;
        QVERIFY(other.openFile(path));
        QVERIFY(!other.analysis().demo);
        QVERIFY(other.analysis().snapshot->scope().redacted);
        QCOMPARE(other.analysis().snapshot->posts().size(), w.analysis().snapshot->posts().size());
        QCOMPARE(other.recentFiles().value(0), QFileInfo(path).absoluteFilePath());
        QVERIFY(!other.openFile(dir.filePath(QStringLiteral("missing.json"))));
        QVERIFY(!other.analysis().demo); // still the previous file
    }

    void screenshots_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("theme");
        QTest::newRow("1366x768") << QSize(1366, 768) << QStringLiteral("light");
        QTest::newRow("2560x1440") << QSize(2560, 1440) << QStringLiteral("light");
        QTest::newRow("1366x768-dark") << QSize(1366, 768) << QStringLiteral("dark");
    }

    void screenshots()
    {
        QFETCH(QSize, size);
        QFETCH(QString, theme);
        MainWindow w;
        w.setTheme(theme::modeFromString(theme));
        QVERIFY(w.openDemo());
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
#ifdef HAVE_FINDINGS
        auto *panel = qobject_cast<FindingsPanel *>(w.findingsWidget());
        panel->selectFinding(findingIndex(w.analysis(), QStringLiteral("job-removed")));
#endif
        QApplication::processEvents();
        const QImage image = w.grab().toImage();
        QCOMPARE(image.size(), size);
        const QString path = QDir(artifactsDir()).filePath(QStringLiteral("mainwindow-demo-%1x%2-%3.png").arg(size.width()).arg(size.height()).arg(theme));
        QVERIFY(image.save(path));
        qInfo("screenshot: %s", qPrintable(path));
        w.setTheme(theme::Mode::System);
    }
};

int main(int argc, char *argv[])
{
    return postscope::test::isolatedMain<TestMainWindow>(argc, argv, QStringLiteral("tst_mainwindow"));
}

#include "tst_mainwindow.moc"
