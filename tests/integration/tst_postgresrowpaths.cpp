// The two ways PostgresSource fills the window's posts, against a real PostgreSQL 15:
// a "Post" table with statistics (sized from the planner's estimate, indexed row by row)
// and one never analysed (indexed after the COPY). Both must give the same posts, drop
// duplicate ids (a restored dump without its primary key) keeping the first row, and
// answer hasPost()/takePostIndex() for every row.

#include "sources/postgressource.h"
#include "testservices.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace postscope;

namespace {

qint64 utcMs(int y, int mo, int d)
{
    return QDateTime(QDate(y, mo, d), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
}

// 3,000 posts in the window (the first COPY row of each duplicated id says "first"),
// 200 of their ids again with "second", and 50 posts outside the window.
QString seedSql()
{
    return QStringLiteral(R"SQL(
-- a restored dump without its keys: the foreign keys that need "Post_pkey" go with it
ALTER TABLE "Post" DROP CONSTRAINT "Post_pkey" CASCADE;
INSERT INTO "Organization"(id, name) VALUES ('org1', 'Org One');
INSERT INTO "Integration"(id, "internalId", "organizationId", name, "providerIdentifier", token)
VALUES ('int1', 'i1', 'org1', 'X', 'x', 'SECRET');
INSERT INTO "Post"(id, state, "publishDate", "organizationId", "integrationId", content, "group",
    "createdAt", "updatedAt")
SELECT 'p' || g, 'QUEUE', '2026-01-10'::timestamp + g * interval '1 minute', 'org1', 'int1', 'first', 'g' || g,
    '2026-01-01', '2026-01-01'
FROM generate_series(1, 3000) g;
INSERT INTO "Post"(id, state, "publishDate", "organizationId", "integrationId", content, "group",
    "createdAt", "updatedAt")
SELECT 'p' || g, 'QUEUE', '2026-01-11'::timestamp + g * interval '1 minute', 'org1', 'int1', 'second', 'g' || g,
    '2026-01-01', '2026-01-01'
FROM generate_series(1, 3000, 15) g;
INSERT INTO "Post"(id, state, "publishDate", "organizationId", "integrationId", content, "group",
    "createdAt", "updatedAt")
SELECT 'out' || g, 'QUEUE', '2026-03-01'::timestamp, 'org1', 'int1', 'outside', 'go' || g,
    '2026-01-01', '2026-01-01'
FROM generate_series(1, 50) g;
)SQL");
}

} // namespace

class TestPostgresRowPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const auto &svc = testsvc::services();
        QVERIFY2(svc.ok, qPrintable(svc.error));
    }

    void windowPosts_data()
    {
        QTest::addColumn<bool>("analyzed");
        QTest::newRow("never analysed: indexed after the COPY") << false;
        QTest::newRow("analysed: sized from the planner's estimate") << true;
    }

    void windowPosts()
    {
        QFETCH(bool, analyzed);
        const QString db = analyzed ? QStringLiteral("rowpaths_analyzed") : QStringLiteral("rowpaths_plain");
        QString error;
        const QString url = testsvc::createPostizDatabase(db, &error);
        QVERIFY2(!url.isEmpty(), qPrintable(error));
        // No autovacuum: it would analyse the "never analysed" table behind the test's back.
        QVERIFY(testsvc::psql(db, QStringLiteral("ALTER TABLE \"Post\" SET (autovacuum_enabled = false);")));
        QVERIFY(testsvc::psql(db, seedSql()));
        if (analyzed)
            QVERIFY(testsvc::psql(db, QStringLiteral("ANALYZE \"Post\";")));
        QString reltuples;
        QVERIFY(testsvc::psql(db, QStringLiteral("SELECT reltuples > 0 FROM pg_class WHERE relname = 'Post'"),
                              &reltuples));
        QCOMPARE(reltuples.contains(QLatin1Char('t')), analyzed);

        SnapshotData out;
        out.scope.from = utcMs(2026, 1, 1);
        out.scope.to = utcMs(2026, 2, 1);
        PostgresSource source(PostgresOptions{url, 5, 30000});
        QVERIFY2(source.open(out, {}, &error), qPrintable(error));
        source.readScope(out, {});
        // A post named by a job, outside the window: indexed like the rest.
        source.readPostsById({QStringLiteral("out7"), QStringLiteral("p1")}, out, {});
        source.close(out);

        QStringList gaps;
        for (const Gap &g : out.gaps)
            gaps << g.subject + QStringLiteral(": ") + g.reason;
        QVERIFY2(gaps.isEmpty(), qPrintable(gaps.join(QLatin1Char('\n'))));

        // The estimate is asked for only when the table has statistics.
        const bool explained = std::any_of(out.activity.begin(), out.activity.end(), [](const ActivityEntry &a) {
            return a.text.startsWith(QLatin1String("EXPLAIN"));
        });
        QCOMPARE(explained, analyzed);

        QCOMPARE(out.posts.size(), size_t(3001));
        QSet<QString> ids;
        for (const Post &p : out.posts) {
            QVERIFY2(!ids.contains(p.id), qPrintable(p.id));
            ids.insert(p.id);
            QVERIFY(source.hasPost(p.id));
            if (p.id.startsWith(QLatin1String("out"))) {
                QVERIFY(!p.inWindow);
                QCOMPARE(p.content, QStringLiteral("outside"));
            } else {
                QVERIFY(p.inWindow);
                QCOMPARE(p.content, QStringLiteral("first")); // the first row of a duplicated id
                QCOMPARE(p.group, QStringLiteral("g") + p.id.mid(1));
            }
        }
        QVERIFY(ids.contains(QStringLiteral("out7")));
        QVERIFY(!source.hasPost(QStringLiteral("out8")));

        const QHash<QString, int> index = source.takePostIndex();
        QCOMPARE(index.size(), qsizetype(out.posts.size()));
        for (auto it = index.begin(); it != index.end(); ++it)
            QCOMPARE(out.posts[size_t(it.value())].id, it.key());
    }
};

QTEST_GUILESS_MAIN(TestPostgresRowPaths)
#include "tst_postgresrowpaths.moc"
