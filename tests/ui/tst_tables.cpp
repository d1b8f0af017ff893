#include "analysis.h"
#include "capture/capturecontroller.h"
#include "core/compare.h"
#include "sources/snapshotfile.h"
#include "tables/jobstablemodel.h"
#include "tables/poststablemodel.h"
#include "tables/tablefilterproxy.h"
#include "tables/tablesprep.h"
#include "tables/tablespane.h"
#include "uitestsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <numeric>

using namespace postscope;
using namespace postscope::test;

namespace {

// n posts over 40 accounts and 60 days, every other queued one with a delayed job;
// publish dates on a `stepSeconds` grid (a coarse grid makes ties).
Analysis bigAnalysis(int n, int stepSeconds = 1)
{
    SnapshotData d;
    d.scope.queue = QStringLiteral("post");
    d.capturedAt = 1796117400000;
    for (int i = 0; i < 40; ++i) {
        Integration in;
        in.id = QStringLiteral("int-%1").arg(i);
        in.name = QStringLiteral("Account %1").arg(i);
        in.providerIdentifier = QStringLiteral("x");
        in.organizationId = QStringLiteral("org");
        d.integrations.push_back(in);
    }
    d.posts.reserve(size_t(n));
    quint32 x = 12345;
    for (int i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u; // shuffled times: the table must sort them
        Post p;
        p.id = QStringLiteral("%1-post").arg(i, 8, 10, QLatin1Char('0'));
        p.state = (i % 7 == 0) ? PostState::Error : (i % 3 == 0 ? PostState::Published : PostState::Queue);
        p.publishDate = d.capturedAt + qint64(x % (60u * 86400u / quint32(stepSeconds))) * stepSeconds * 1000;
        p.integrationId = QStringLiteral("int-%1").arg(i % 40);
        p.organizationId = QStringLiteral("org");
        p.createdAt = d.capturedAt - (i % 1000) * 1000;
        p.content = QStringLiteral("Post number %1 about coffee").arg(i);
        if (p.state == PostState::Queue && i % 2 == 0) {
            Job j;
            j.queue = QStringLiteral("post");
            j.id = p.id;
            j.state = JobState::Delayed;
            j.hashPresent = true;
            j.fireTime = p.publishDate;
            j.timestamp = *p.createdAt;
            d.jobs.push_back(j);
        }
        d.posts.push_back(std::move(p));
    }
    QueueInfo q;
    q.prefix = QStringLiteral("bull");
    q.name = QStringLiteral("post");
    q.hasAnyKey = true;
    d.queues.push_back(q);
    return analysisOf(std::move(d), QStringLiteral("test"), false);
}

QStringList proxyPostIds(const TableFilterProxy *proxy)
{
    QStringList ids;
    for (int r = 0; r < proxy->rowCount(); ++r)
        ids << proxy->tableModel()->postIdAt(proxy->mapToSource(proxy->index(r, 0)).row());
    return ids;
}

// The rows as shown: post id, or job id for the jobs table.
QStringList shownRows(const TableFilterProxy *proxy, int role)
{
    QStringList ids;
    for (int r = 0; r < proxy->rowCount(); ++r)
        ids << proxy->index(r, 0).data(role).toString();
    return ids;
}

QStringList selectedIds(QTableView *view, const TableFilterProxy *proxy)
{
    QStringList ids;
    for (const QModelIndex &r : view->selectionModel()->selectedRows())
        ids << proxy->tableModel()->postIdAt(proxy->mapToSource(r).row());
    ids.sort();
    return ids;
}


} // namespace

class TestTables : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_demo = demoAnalysis(); }

    void modelsPassTheTester()
    {
        TablesPane pane;
        QAbstractItemModelTester t1(pane.postsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(pane.jobsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(pane.proxy(TablesPane::PostsTab), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t4(pane.proxy(TablesPane::JobsTab), QAbstractItemModelTester::FailureReportingMode::QtTest);
        pane.setAnalysis(m_demo);
        pane.setStateFilter(TablesPane::PostsTab, QStringLiteral("QUEUE"));
        pane.setTextFilter(TablesPane::JobsTab, QStringLiteral("c59"));
        pane.view(TablesPane::PostsTab)->sortByColumn(PostsTableModel::AccountColumn, Qt::DescendingOrder);
        pane.setAnalysis(demoAnalysis());
        pane.setStateFilter(TablesPane::PostsTab, QString());
        pane.setAnalysis(Analysis());
        QCOMPARE(pane.postsModel()->rowCount(), 0);
        QCOMPARE(pane.jobsModel()->rowCount(), 0);
    }

    void sortingIsChronological_data()
    {
        QTest::addColumn<int>("tab");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("role");
        QTest::newRow("posts by publishDate") << int(TablesPane::PostsTab) << int(PostsTableModel::PublishDateColumn)
                                              << int(PostsTableModel::SortRole);
        QTest::newRow("posts by createdAt") << int(TablesPane::PostsTab) << int(PostsTableModel::CreatedColumn)
                                            << int(PostsTableModel::SortRole);
        QTest::newRow("jobs by fire time") << int(TablesPane::JobsTab) << int(JobsTableModel::FireTimeColumn)
                                           << int(JobsTableModel::SortRole);
    }

    void sortingIsChronological()
    {
        QFETCH(int, tab);
        QFETCH(int, column);
        QFETCH(int, role);
        TablesPane pane;
        pane.setAnalysis(m_demo);
        QTableView *view = pane.view(TablesPane::Tab(tab));
        TableFilterProxy *proxy = pane.proxy(TablesPane::Tab(tab));
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            view->sortByColumn(column, order);
            QVERIFY(proxy->rowCount() > 10);
            std::optional<qint64> last;
            int checked = 0;
            for (int r = 0; r < proxy->rowCount(); ++r) {
                const QVariant v = proxy->index(r, column).data(role);
                if (!v.isValid())
                    continue; // absent times sort together at one end
                const qint64 t = v.toLongLong();
                if (last)
                    QVERIFY2(order == Qt::AscendingOrder ? *last <= t : *last >= t, qPrintable(QString::number(r)));
                last = t;
                ++checked;
            }
            QVERIFY(checked > 10);
        }
    }

    void preparedOnAWorkerGivesTheSameRows_data()
    {
        QTest::addColumn<int>("tab");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::newRow("posts by publishDate") << int(TablesPane::PostsTab) << int(PostsTableModel::PublishDateColumn) << int(Qt::AscendingOrder);
        QTest::newRow("posts by publishDate desc") << int(TablesPane::PostsTab) << int(PostsTableModel::PublishDateColumn) << int(Qt::DescendingOrder);
        QTest::newRow("posts by account") << int(TablesPane::PostsTab) << int(PostsTableModel::AccountColumn) << int(Qt::AscendingOrder);
        QTest::newRow("posts by job desc") << int(TablesPane::PostsTab) << int(PostsTableModel::JobColumn) << int(Qt::DescendingOrder);
        QTest::newRow("posts by state") << int(TablesPane::PostsTab) << int(PostsTableModel::StateColumn) << int(Qt::AscendingOrder);
        QTest::newRow("jobs by fire time") << int(TablesPane::JobsTab) << int(JobsTableModel::FireTimeColumn) << int(Qt::AscendingOrder);
        QTest::newRow("jobs by fire time desc") << int(TablesPane::JobsTab) << int(JobsTableModel::FireTimeColumn) << int(Qt::DescendingOrder);
        QTest::newRow("jobs by account") << int(TablesPane::JobsTab) << int(JobsTableModel::AccountColumn) << int(Qt::AscendingOrder);
    }

    void preparedOnAWorkerGivesTheSameRows()
    {
        QFETCH(int, tab);
        QFETCH(int, column);
        QFETCH(int, order);
        // Hourly publish dates: many ties, which break by capture order either way.
        const Analysis plain = bigAnalysis(3000, 3600);
        Analysis prepared = plain;
        std::shared_ptr<const TablesPrep> prep;
        QThread *worker = QThread::create([&prep, &plain]() { prep = prepareTables(plain); });
        worker->start();
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY(prep);
        prepared.tablesPrep = prep;

        TablesPane a, b;
        QAbstractItemModelTester ta(b.postsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester tb(b.proxy(TablesPane::Tab(tab)), QAbstractItemModelTester::FailureReportingMode::QtTest);
        a.setAnalysis(plain);
        b.setAnalysis(prepared);
        QCOMPARE(b.postsModel()->prep(), prep.get()); // used, not rebuilt
        QVERIFY(a.postsModel()->prep() != prep.get());
        const int role = tab == TablesPane::PostsTab ? int(PostsTableModel::PostIdRole) : int(JobsTableModel::JobIdRole);
        a.view(TablesPane::Tab(tab))->sortByColumn(column, Qt::SortOrder(order));
        b.view(TablesPane::Tab(tab))->sortByColumn(column, Qt::SortOrder(order));
        const QStringList rows = shownRows(a.proxy(TablesPane::Tab(tab)), role);
        QCOMPARE(rows.size(), tab == TablesPane::PostsTab ? 3000 : int(plain.snapshot->jobs().size()));
        QCOMPARE(shownRows(b.proxy(TablesPane::Tab(tab)), role), rows);

        // The order is the one the column defines, ties by publishDate / fire time, then
        // capture order — computed here without the models.
        const Snapshot &s = *plain.snapshot;
        std::vector<int> items(tab == TablesPane::PostsTab ? s.posts().size() : s.jobs().size());
        std::iota(items.begin(), items.end(), 0);
        auto key = [&](int i) -> std::pair<QString, qint64> {
            if (tab == TablesPane::PostsTab) {
                const Post &p = s.posts()[size_t(i)];
                const Integration *in = s.integration(p.integrationId);
                const Job *j = s.jobForPost(p.id);
                switch (column) {
                case PostsTableModel::AccountColumn:
                    return {(in->name + QStringLiteral(" (") + in->providerIdentifier + QLatin1Char(')')).toLower(), p.publishDate};
                case PostsTableModel::JobColumn:
                    return {j ? toString(j->state) : (lacksJob(s, p) ? QStringLiteral("NO JOB") : QStringLiteral("—")), p.publishDate};
                case PostsTableModel::StateColumn:
                    return {QString::number(int(p.state)), p.publishDate};
                default:
                    return {QString(), p.publishDate};
                }
            }
            const Job &j = s.jobs()[size_t(i)];
            const Post *p = s.post(j.id);
            const Integration *in = p ? s.integration(p->integrationId) : nullptr;
            const qint64 fire = j.fireTime.value_or(std::numeric_limits<qint64>::min());
            if (column == JobsTableModel::AccountColumn)
                return {in ? (in->name + QStringLiteral(" (") + in->providerIdentifier + QLatin1Char(')')).toLower() : QString(), fire};
            return {QString(), fire};
        };
        std::stable_sort(items.begin(), items.end(), [&](int x, int y) { return key(x) < key(y); });
        if (order == Qt::DescendingOrder)
            std::reverse(items.begin(), items.end());
        QStringList expected;
        for (int i : items)
            expected << (tab == TablesPane::PostsTab ? s.posts()[size_t(i)].id : s.jobs()[size_t(i)].id);
        QCOMPARE(rows, expected);
    }

    // The hand-over of an Analysis prepared (on a worker) for the tables' current sorts
    // sorts nothing on the GUI thread, and shows what a pane that sorted itself shows.
    void preparedForTheSortNeedsNoSort_data()
    {
        QTest::addColumn<int>("postsColumn");
        QTest::addColumn<int>("postsOrder");
        QTest::addColumn<int>("jobsColumn");
        QTest::addColumn<int>("jobsOrder");
        QTest::addColumn<int>("thenPostsColumn"); // the user's sort afterwards
        QTest::newRow("account desc, attempts") << int(PostsTableModel::AccountColumn) << int(Qt::DescendingOrder)
                                                << int(JobsTableModel::AttemptsColumn) << int(Qt::AscendingOrder)
                                                << int(PostsTableModel::PublishDateColumn);
        QTest::newRow("state, account desc") << int(PostsTableModel::StateColumn) << int(Qt::AscendingOrder)
                                             << int(JobsTableModel::AccountColumn) << int(Qt::DescendingOrder)
                                             << int(PostsTableModel::ContentColumn);
        QTest::newRow("defaults desc") << int(PostsTableModel::PublishDateColumn) << int(Qt::DescendingOrder)
                                       << int(JobsTableModel::FireTimeColumn) << int(Qt::DescendingOrder)
                                       << int(PostsTableModel::AccountColumn);
        QTest::newRow("defaults") << int(PostsTableModel::PublishDateColumn) << int(Qt::AscendingOrder)
                                  << int(JobsTableModel::FireTimeColumn) << int(Qt::AscendingOrder)
                                  << int(PostsTableModel::JobColumn);
        QTest::newRow("job, job id desc") << int(PostsTableModel::JobColumn) << int(Qt::AscendingOrder)
                                          << int(JobsTableModel::JobIdColumn) << int(Qt::DescendingOrder)
                                          << int(PostsTableModel::JobColumn); // same column: reversed
        QTest::newRow("content desc, flags") << int(PostsTableModel::ContentColumn) << int(Qt::DescendingOrder)
                                             << int(JobsTableModel::FlagsColumn) << int(Qt::AscendingOrder)
                                             << int(PostsTableModel::CreatedColumn);
    }

    void preparedForTheSortNeedsNoSort()
    {
        QFETCH(int, postsColumn);
        QFETCH(int, postsOrder);
        QFETCH(int, jobsColumn);
        QFETCH(int, jobsOrder);
        QFETCH(int, thenPostsColumn);
        const Analysis plain = bigAnalysis(3000, 3600); // hourly: many ties
        const TablesPane::Tab tabs[] = {TablesPane::PostsTab, TablesPane::JobsTab};
        const int columns[] = {postsColumn, jobsColumn};
        const Qt::SortOrder orders[] = {Qt::SortOrder(postsOrder), Qt::SortOrder(jobsOrder)};
        const int roles[] = {int(PostsTableModel::PostIdRole), int(JobsTableModel::JobIdRole)};

        // The reference: a pane given the plain Analysis, then sorted by the user.
        TablesPane ref;
        ref.setAnalysis(plain);
        for (int t = 0; t < 2; ++t)
            ref.view(tabs[t])->sortByColumn(columns[t], orders[t]);

        // The pane under test is sorted first (empty), and says so.
        TablesPane pane;
        QSignalSpy sortsSpy(&pane, &TablesPane::tableSortsChanged);
        for (int t = 0; t < 2; ++t)
            pane.view(tabs[t])->sortByColumn(columns[t], orders[t]);
        const TableSorts sorts = pane.tableSorts();
        QCOMPARE(sorts.posts.column, postsColumn);
        QCOMPARE(int(sorts.posts.order), postsOrder);
        QCOMPARE(sorts.jobs.column, jobsColumn);
        QCOMPARE(int(sorts.jobs.order), jobsOrder);
        const bool defaults = postsColumn == PostsTableModel::PublishDateColumn && postsOrder == Qt::AscendingOrder
            && jobsColumn == JobsTableModel::FireTimeColumn && jobsOrder == Qt::AscendingOrder;
        QCOMPARE(sortsSpy.count() > 0, !defaults);

        std::shared_ptr<const TablesPrep> prep;
        QThread *worker = QThread::create([&prep, &plain, sorts]() { prep = prepareTables(plain, sorts); });
        worker->start();
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY(prep);
        QCOMPARE(prep->posts.sort.column, postsColumn);
        QCOMPARE(prep->jobs.sort.column, jobsColumn);
        Analysis prepared = plain;
        prepared.tablesPrep = prep;

        QAbstractItemModelTester t1(pane.postsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(pane.jobsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t3(pane.proxy(TablesPane::PostsTab), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t4(pane.proxy(TablesPane::JobsTab), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int postsSorts = pane.postsModel()->sortCount();
        const int jobsSorts = pane.jobsModel()->sortCount();
        pane.setAnalysis(prepared);
        QCOMPARE(pane.postsModel()->prep(), prep.get()); // used, not rebuilt
        QCOMPARE(pane.postsModel()->sortCount(), postsSorts); // the model did not sort...
        QCOMPARE(pane.jobsModel()->sortCount(), jobsSorts);
        for (int t = 0; t < 2; ++t) {
            TableFilterProxy *proxy = pane.proxy(tabs[t]);
            QCOMPARE(proxy->sortColumn(), -1); // ...nor did the proxy
            QCOMPARE(proxy->shownSortColumn(), columns[t]);
            QCOMPARE(proxy->shownSortOrder(), orders[t]);
            QCOMPARE(pane.view(tabs[t])->horizontalHeader()->sortIndicatorSection(), columns[t]);
            QCOMPARE(pane.view(tabs[t])->horizontalHeader()->sortIndicatorOrder(), orders[t]);
            const QStringList rows = shownRows(ref.proxy(tabs[t]), roles[t]);
            QCOMPARE(rows.size(), t == 0 ? 3000 : int(plain.snapshot->jobs().size()));
            QCOMPARE(shownRows(proxy, roles[t]), rows);
        }

        // The user sorts the posts: a sort on the GUI thread, the selection kept.
        TableFilterProxy *proxy = pane.proxy(TablesPane::PostsTab);
        QTableView *view = pane.view(TablesPane::PostsTab);
        const QString chosen = proxy->index(1234, 0).data(PostsTableModel::PostIdRole).toString();
        QVERIFY(!chosen.isEmpty());
        pane.selectPosts({chosen});
        QCOMPARE(selectedIds(view, proxy), QStringList {chosen});
        QSignalSpy selSpy(&pane, &TablesPane::selectionChanged);
        const Qt::SortOrder thenOrder = thenPostsColumn == postsColumn
            ? (postsOrder == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder)
            : Qt::AscendingOrder;
        view->sortByColumn(thenPostsColumn, thenOrder);
        ref.view(TablesPane::PostsTab)->sortByColumn(thenPostsColumn, thenOrder);
        QCOMPARE(proxy->sortColumn(), -1);
        QCOMPARE(pane.postsModel()->sortCount(), postsSorts + (thenPostsColumn == postsColumn ? 0 : 1));
        QCOMPARE(shownRows(proxy, roles[0]), shownRows(ref.proxy(TablesPane::PostsTab), roles[0]));
        QCOMPARE(selectedIds(view, proxy), QStringList {chosen});
        QCOMPARE(view->currentIndex().data(PostsTableModel::PostIdRole).toString(), chosen);
        QCOMPARE(selSpy.count(), 0);
        QCOMPARE(pane.selectedPosts(), QStringList {chosen});
        QCOMPARE(pane.tableSorts().posts.column, thenPostsColumn);
    }

    // An Analysis prepared for an older sort (the user sorted while the worker ran) is
    // still shown in the current sort.
    void preparedForAnotherSortIsSortedHere()
    {
        const Analysis plain = bigAnalysis(3000, 3600);
        Analysis prepared = plain;
        prepared.tablesPrep = prepareTables(plain); // the defaults
        TablesPane ref, pane;
        ref.setAnalysis(plain);
        ref.view(TablesPane::PostsTab)->sortByColumn(PostsTableModel::AccountColumn, Qt::DescendingOrder);
        pane.view(TablesPane::PostsTab)->sortByColumn(PostsTableModel::AccountColumn, Qt::DescendingOrder);
        const int before = pane.postsModel()->sortCount();
        pane.setAnalysis(prepared);
        QCOMPARE(pane.postsModel()->sortCount(), before + 1);
        QCOMPARE(pane.proxy(TablesPane::PostsTab)->sortColumn(), -1);
        QCOMPARE(shownRows(pane.proxy(TablesPane::PostsTab), PostsTableModel::PostIdRole),
                 shownRows(ref.proxy(TablesPane::PostsTab), PostsTableModel::PostIdRole));
    }

    // The rules worker builds the tables' rows for the sorts it was given.
    void controllerPreparesForTheSorts()
    {
        CaptureController controller;
        TableSorts sorts;
        sorts.posts = {PostsTableModel::AccountColumn, Qt::DescendingOrder};
        sorts.jobs = {JobsTableModel::StateColumn, Qt::AscendingOrder};
        controller.setTableSorts(sorts);
        QSignalSpy ready(&controller, &CaptureController::analysisReady);
        const Analysis plain = bigAnalysis(3000, 3600); // over the worker-prep threshold
        controller.analyse(plain.snapshot, QStringLiteral("test"), false);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 30000);
        const Analysis a = ready.at(0).at(0).value<Analysis>();
        QVERIFY(a.tablesPrep);
        QVERIFY(a.tablesPrep->posts.sort == sorts.posts);
        QVERIFY(a.tablesPrep->jobs.sort == sorts.jobs);
        QCOMPARE(a.tablesPrep->posts.order, tableOrder(*plain.snapshot, *a.tablesPrep, false, sorts.posts));
        TablesPane pane;
        pane.view(TablesPane::PostsTab)->sortByColumn(sorts.posts.column, sorts.posts.order);
        pane.view(TablesPane::JobsTab)->sortByColumn(sorts.jobs.column, sorts.jobs.order);
        pane.setAnalysis(a);
        QCOMPARE(pane.postsModel()->sortCount(), 0);
        QCOMPARE(pane.jobsModel()->sortCount(), 0);
    }

    void sortsNumbersNotStrings()
    {
        // Big data: shuffled publish dates; the proxy must order them by value.
        const Analysis big = bigAnalysis(2000);
        TablesPane pane;
        pane.setAnalysis(big);
        TableFilterProxy *proxy = pane.proxy(TablesPane::PostsTab);
        QCOMPARE(proxy->rowCount(), 2000);
        qint64 last = std::numeric_limits<qint64>::min();
        for (int r = 0; r < proxy->rowCount(); ++r) {
            const qint64 t = proxy->index(r, 0).data(PostsTableModel::SortRole).toLongLong();
            QVERIFY(t >= last);
            last = t;
        }
    }

    void filterByState_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("QUEUE") << QStringLiteral("QUEUE");
        QTest::newRow("ERROR") << QStringLiteral("ERROR");
        QTest::newRow("PUBLISHED") << QStringLiteral("PUBLISHED");
    }

    void filterByState()
    {
        QFETCH(QString, key);
        TablesPane pane;
        pane.setAnalysis(m_demo);
        int expected = 0;
        for (const Post &p : m_demo.snapshot->posts())
            expected += toString(p.state) == key ? 1 : 0;
        QVERIFY(expected > 0);
        // Through the combo box, as a user would.
        auto *combo = pane.findChild<QComboBox *>(QStringLiteral("postsStateFilter"));
        QVERIFY(combo);
        combo->setCurrentIndex(combo->findData(key));
        TableFilterProxy *proxy = pane.proxy(TablesPane::PostsTab);
        QCOMPARE(proxy->rowCount(), expected);
        for (int r = 0; r < proxy->rowCount(); ++r)
            QCOMPARE(proxy->index(r, 0).data(PostsTableModel::StateKeyRole).toString(), key);
        combo->setCurrentIndex(0);
        QCOMPARE(proxy->rowCount(), int(m_demo.snapshot->posts().size()));
    }

    void filterNoJobIntegrationAndText()
    {
        TablesPane pane;
        pane.setAnalysis(m_demo);
        TableFilterProxy *posts = pane.proxy(TablesPane::PostsTab);
        pane.setStateFilter(TablesPane::PostsTab, QStringLiteral(":nojob"));
        QStringList ids = proxyPostIds(posts);
        QVERIFY(ids.contains(SeedA));
        QVERIFY(!ids.contains(SeedB));
        pane.setStateFilter(TablesPane::PostsTab, QString());

        const QString integration = m_demo.snapshot->post(SeedA)->integrationId;
        auto *combo = pane.findChild<QComboBox *>(QStringLiteral("postsIntegrationFilter"));
        QVERIFY(combo);
        combo->setCurrentIndex(combo->findData(integration));
        const int ofIntegration = int(m_demo.snapshot->postsOfIntegration(integration).size());
        QCOMPARE(posts->rowCount(), ofIntegration);
        combo->setCurrentIndex(0);

        // The search box filters after a short typing delay.
        auto *search = pane.findChild<QLineEdit *>(QStringLiteral("postsSearch"));
        QVERIFY(search);
        search->setText(SeedB.left(13).toUpper());
        QTRY_COMPARE_WITH_TIMEOUT(posts->rowCount(), 1, 3000);
        QCOMPARE(proxyPostIds(posts), QStringList {SeedB});
        search->clear();
        QTRY_COMPARE_WITH_TIMEOUT(posts->rowCount(), int(m_demo.snapshot->posts().size()), 3000);

        // Jobs: by state.
        pane.setStateFilter(TablesPane::JobsTab, QStringLiteral("delayed"));
        TableFilterProxy *jobs = pane.proxy(TablesPane::JobsTab);
        QVERIFY(jobs->rowCount() > 0);
        for (int r = 0; r < jobs->rowCount(); ++r)
            QCOMPARE(jobs->index(r, 0).data(JobsTableModel::StateKeyRole).toString(), QStringLiteral("delayed"));
    }

    void selectPostsIsQuiet()
    {
        TablesPane pane;
        pane.setAnalysis(m_demo);
        QSignalSpy spy(&pane, &TablesPane::selectionChanged);
        pane.selectPosts({SeedA, SeedB});
        QCOMPARE(spy.count(), 0);
        QCOMPARE(pane.selectedPosts(), QStringList({SeedA, SeedB}));
        QTableView *posts = pane.view(TablesPane::PostsTab);
        QCOMPARE(selectedIds(posts, pane.proxy(TablesPane::PostsTab)), QStringList({SeedA, SeedB}));
        // The jobs tab selects the job rows of those posts: only B has one.
        QTableView *jobs = pane.view(TablesPane::JobsTab);
        QCOMPARE(selectedIds(jobs, pane.proxy(TablesPane::JobsTab)), QStringList({SeedB}));
        // A filter that hides one keeps the selection and stays quiet.
        pane.setTextFilter(TablesPane::PostsTab, SeedA);
        QCOMPARE(spy.count(), 0);
        pane.setTextFilter(TablesPane::PostsTab, QString());
        QCOMPARE(selectedIds(posts, pane.proxy(TablesPane::PostsTab)), QStringList({SeedA, SeedB}));
        QCOMPARE(spy.count(), 0);
        // A new snapshot keeps it, quietly.
        pane.setAnalysis(demoAnalysis());
        QCOMPARE(selectedIds(posts, pane.proxy(TablesPane::PostsTab)), QStringList({SeedA, SeedB}));
        QCOMPARE(spy.count(), 0);
    }

    void userSelectionEmits()
    {
        TablesPane pane;
        pane.resize(1200, 600);
        pane.setAnalysis(m_demo);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QSignalSpy spy(&pane, &TablesPane::selectionChanged);
        QTableView *posts = pane.view(TablesPane::PostsTab);
        TableFilterProxy *proxy = pane.proxy(TablesPane::PostsTab);
        const QModelIndex row = proxy->mapFromSource(pane.postsModel()->index(pane.postsModel()->rowsOfPost(SeedB).first(), 0));
        posts->scrollTo(row);
        QTest::mouseClick(posts->viewport(), Qt::LeftButton, Qt::NoModifier, posts->visualRect(row).center());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toStringList(), QStringList {SeedB});
        QCOMPARE(pane.selectedPosts(), QStringList {SeedB});
        // Ctrl+click adds a second post.
        const QModelIndex rowA = proxy->mapFromSource(pane.postsModel()->index(pane.postsModel()->rowsOfPost(SeedA).first(), 0));
        posts->scrollTo(rowA);
        QTest::mouseClick(posts->viewport(), Qt::LeftButton, Qt::ControlModifier, posts->visualRect(rowA).center());
        QCOMPARE(spy.count(), 2);
        QStringList two = spy.at(1).at(0).toStringList();
        two.sort();
        QCOMPARE(two, QStringList({SeedA, SeedB}));

        // A job row maps to its post.
        pane.setCurrentTab(TablesPane::JobsTab);
        QTableView *jobs = pane.view(TablesPane::JobsTab);
        TableFilterProxy *jproxy = pane.proxy(TablesPane::JobsTab);
        int other = -1;
        for (int r = 0; r < jproxy->rowCount(); ++r) {
            const QString id = jproxy->index(r, 0).data(JobsTableModel::PostIdRole).toString();
            if (id != SeedA && id != SeedB && m_demo.snapshot->post(id)) {
                other = r;
                break;
            }
        }
        QVERIFY(other >= 0);
        const QString expected = jproxy->index(other, 0).data(JobsTableModel::PostIdRole).toString();
        jobs->selectionModel()->select(jproxy->index(other, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(0).toStringList(), QStringList {expected});
        // ...and the posts tab follows without another signal.
        QCOMPARE(selectedIds(posts, proxy), QStringList {expected});
        QCOMPARE(spy.count(), 3);
    }

    void hundredThousandPosts()
    {
        const Analysis big = bigAnalysis(100000);
        TablesPane pane;
        pane.resize(1200, 700);
        QElapsedTimer t;
        t.start();
        pane.setAnalysis(big);
        const qint64 load = t.restart();
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.repaint();
        const qint64 paint = t.restart();
        pane.view(TablesPane::PostsTab)->sortByColumn(PostsTableModel::AccountColumn, Qt::AscendingOrder);
        const qint64 sortAccount = t.restart();
        pane.view(TablesPane::PostsTab)->sortByColumn(PostsTableModel::PublishDateColumn, Qt::DescendingOrder);
        const qint64 sortDate = t.restart();
        pane.setTextFilter(TablesPane::PostsTab, QStringLiteral("number 4242"));
        const qint64 filterText = t.restart();
        QCOMPARE(pane.proxy(TablesPane::PostsTab)->rowCount(), 11); // 4242 and 42420..42429
        pane.setTextFilter(TablesPane::PostsTab, QString());
        pane.setStateFilter(TablesPane::PostsTab, QStringLiteral("ERROR"));
        const qint64 filterState = t.restart();
        QCOMPARE(pane.proxy(TablesPane::PostsTab)->rowCount(), (100000 + 6) / 7);
        pane.setStateFilter(TablesPane::PostsTab, QString());
        QStringList ids;
        for (int i = 0; i < 1000; ++i)
            ids << QStringLiteral("%1-post").arg(i * 97, 8, 10, QLatin1Char('0'));
        t.restart();
        pane.selectPosts(ids);
        const qint64 select = t.restart();
        QCOMPARE(pane.view(TablesPane::PostsTab)->selectionModel()->selectedRows().size(), 1000);
        qInfo("100k posts, %d jobs: setAnalysis %lld ms, first paint %lld ms, sort by account %lld ms, by date %lld ms, "
              "text filter %lld ms, state filter %lld ms, select 1000 %lld ms",
              pane.jobsModel()->rowCount(), load, paint, sortAccount, sortDate, filterText, filterState, select);
    }

    void screenshot()
    {
        TablesPane pane;
        pane.resize(1300, 520);
        pane.setAnalysis(m_demo);
        pane.selectPosts({SeedA, SeedB});
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        saveArtifact(&pane, QStringLiteral("tables-posts.png"));
        pane.setCurrentTab(TablesPane::JobsTab);
        saveArtifact(&pane, QStringLiteral("tables-jobs.png"));
    }

private:
    Analysis m_demo;
};

QTEST_MAIN(TestTables)
#include "tst_tables.moc"
