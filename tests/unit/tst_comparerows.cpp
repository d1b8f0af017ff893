#include "core/compare.h"

#include <QTest>

using namespace postscope;

namespace {

constexpr qint64 T0 = 1796117400000; // 2026-12-01 09:30:00 UTC

SnapshotData twoPosts()
{
    SnapshotData d;
    d.capturedAt = T0 - 3600000;
    Integration in;
    in.id = QStringLiteral("i1");
    in.name = QStringLiteral("Acme");
    in.providerIdentifier = QStringLiteral("x");
    in.organizationId = QStringLiteral("o1");
    d.integrations.push_back(in);
    d.organizations.push_back({QStringLiteral("o1"), QStringLiteral("Org")});
    Post a;
    a.id = QStringLiteral("a");
    a.state = PostState::Queue;
    a.publishDate = T0;
    a.organizationId = QStringLiteral("o1");
    a.integrationId = QStringLiteral("i1");
    a.group = QStringLiteral("g1");
    a.createdAt = T0 - 7200000;
    a.content = QStringLiteral("hello");
    Post b = a;
    b.id = QStringLiteral("b");
    b.publishDate = T0 + 15000;
    b.group = QStringLiteral("g2");
    b.createdAt = *a.createdAt + 3 * 60000;
    d.posts = {a, b};
    d.queues.push_back(QueueInfo {});
    d.queues.back().prefix = QStringLiteral("bull");
    d.queues.back().name = QStringLiteral("post");
    Job j;
    j.queue = QStringLiteral("post");
    j.id = QStringLiteral("b");
    j.state = JobState::Delayed;
    j.hashPresent = true;
    j.fireTime = T0 + 15000;
    j.timestamp = T0 - 3600000;
    j.delay = 3615000;
    d.jobs.push_back(j);
    return d;
}

const CompareRow *row(const std::vector<CompareRow> &rows, const QString &field)
{
    for (const CompareRow &r : rows)
        if (r.field == field)
            return &r;
    return nullptr;
}

} // namespace

class TestCompareRows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rows_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("differs");
        QTest::newRow("id") << "id" << "a" << "b" << true;
        QTest::newRow("state") << "state" << "QUEUE" << "QUEUE" << false;
        QTest::newRow("publishDate") << "publishDate" << "2026-12-01 09:30:00.000 UTC" << "2026-12-01 09:30:15.000 UTC" << true;
        QTest::newRow("integration") << "integration" << "Acme (x)" << "Acme (x)" << false;
        QTest::newRow("organization") << "organization" << "Org" << "Org" << false;
        QTest::newRow("group") << "group" << "g1" << "g2" << true;
        QTest::newRow("deletedAt") << "deletedAt" << "—" << "—" << false;
        QTest::newRow("content") << "content" << "hello" << "hello" << false;
        QTest::newRow("job") << "job" << "NO JOB" << "post:b" << true;
        QTest::newRow("job state") << "job state" << "—" << "delayed" << true;
        QTest::newRow("job fire time") << "job fire time" << "—" << "2026-12-01 09:30:15.000 UTC" << true;
        QTest::newRow("job delay") << "job delay" << "—" << "1 h" << true;
    }

    void rows()
    {
        QFETCH(QString, field);
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, differs);
        const Snapshot s(twoPosts());
        const auto rows = compareRows(s, QStringLiteral("a"), QStringLiteral("b"));
        const CompareRow *r = row(rows, field);
        QVERIFY2(r, qPrintable(field));
        QCOMPARE(r->a, a);
        QCOMPARE(r->b, b);
        QCOMPARE(r->differs, differs);
    }

    void absentPost()
    {
        const Snapshot s(twoPosts());
        const auto rows = compareRows(s, QStringLiteral("a"), QStringLiteral("zzz"));
        QVERIFY(!rows.empty());
        for (const CompareRow &r : rows) {
            QCOMPARE(r.b, QStringLiteral("(not in snapshot)"));
            QVERIFY(r.differs);
        }
    }

    void deletedOrPublishedHasNoMissingJob()
    {
        SnapshotData d = twoPosts();
        d.posts[0].state = PostState::Published;
        d.posts[1].deletedAt = T0;
        d.jobs.clear();
        const Snapshot s(std::move(d));
        const auto rows = compareRows(s, QStringLiteral("a"), QStringLiteral("b"));
        QCOMPARE(row(rows, QStringLiteral("job"))->a, QStringLiteral("none"));
        QCOMPARE(row(rows, QStringLiteral("job"))->b, QStringLiteral("none"));
        QVERIFY(!row(rows, QStringLiteral("job"))->differs);
        QVERIFY(row(rows, QStringLiteral("deletedAt"))->differs);
    }

    void deltas()
    {
        const Snapshot s(twoPosts());
        const auto d = compareDeltas(s, QStringLiteral("a"), QStringLiteral("b"));
        QCOMPARE(int(d.size()), 4);
        QCOMPARE(d[0].field, QStringLiteral("publishDate"));
        QCOMPARE(d[0].ms, std::optional<qint64>(15000));
        QCOMPARE(d[0].text, QStringLiteral("B is 15 s later"));
        QCOMPARE(d[1].field, QStringLiteral("createdAt"));
        QCOMPARE(d[1].ms, std::optional<qint64>(3 * 60000));
        QCOMPARE(d[1].text, QStringLiteral("B is 3 min later"));
        QCOMPARE(d[2].text, QStringLiteral("neither has one"));
        QCOMPARE(d[3].text, QStringLiteral("only B has one"));
    }

    void humanDuration_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << qint64(0) << "0 ms";
        QTest::newRow("250 ms") << qint64(250) << "250 ms";
        QTest::newRow("1.5 s") << qint64(1500) << "1.5 s";
        QTest::newRow("15 s") << qint64(15000) << "15 s";
        QTest::newRow("negative") << qint64(-15000) << "15 s";
        QTest::newRow("2 min 5 s") << qint64(125000) << "2 min 5 s";
        QTest::newRow("2 h 3 min") << qint64((2 * 60 + 3) * 60000) << "2 h 3 min";
        QTest::newRow("3 h") << qint64(3 * 3600000) << "3 h";
        QTest::newRow("2 d 10 h") << qint64((48 + 10) * 3600000LL) << "2 d 10 h";
    }

    void humanDuration()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(postscope::humanDuration(ms), text);
    }
};

QTEST_MAIN(TestCompareRows)
#include "tst_comparerows.moc"
