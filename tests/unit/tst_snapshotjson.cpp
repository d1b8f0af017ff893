#include "core/snapshotjson.h"
#include "sources/snapshotfile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

namespace {

// A snapshot that exercises every kind of field: nulls next to empty strings, big
// numbers, ordered field lists, every job state, odd characters.
SnapshotData richSnapshot()
{
    SnapshotData d;
    d.postscopeVersion = QStringLiteral("0.1.0");
    d.capturedAt = 1768487400123;
    d.captureFinishedAt = 1768487401999;
    d.scope.organizationIds = {QStringLiteral("org-1")};
    d.scope.integrationIds = {};
    d.scope.from = 1767882600000;
    d.scope.to = 1771079400000;
    d.scope.postgresUrl = QStringLiteral("postgresql://postiz:s3cret@db.example:5432/postiz");
    d.scope.redisUrl = QStringLiteral("redis://ops:hunter2@redis.example:6379/2");
    d.server.postgresVersion = QStringLiteral("PostgreSQL 15.18");
    d.server.redisVersion = QStringLiteral("7.0.15");
    d.server.redisTime = 1768487400200;
    d.server.postgresNow = 1768487400100;
    d.server.localTime = 1768487400123;
    d.server.maxmemoryPolicy = QStringLiteral("noeviction");
    d.server.clientListPermitted = true;
    d.server.missingColumns = {QStringLiteral("Post.intervalInDays")};
    d.server.redisDb = 2;
    d.organizations.push_back({QStringLiteral("org-1"), QStringLiteral("Acme “Social”")});
    Integration in;
    in.id = QStringLiteral("int-1");
    in.name = QStringLiteral("Acme on X");
    in.providerIdentifier = QStringLiteral("x");
    in.organizationId = QStringLiteral("org-1");
    in.refreshNeeded = true;
    in.deletedAt = std::nullopt;
    in.customerId = QString(); // NULL
    in.postingTimes = QString::fromUtf8("");
    d.integrations.push_back(in);

    Post p;
    p.id = QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001");
    p.stateText = QStringLiteral("QUEUE");
    p.state = PostState::Queue;
    p.publishDate = 1768487400000;
    p.organizationId = QStringLiteral("org-1");
    p.integrationId = QStringLiteral("int-1");
    p.group = QStringLiteral("g-1");
    p.parentPostId = QString();
    p.releaseURL = QString();
    p.error = QStringLiteral("{\"code\":429}");
    p.intervalInDays = 7;
    p.createdAt = 1768480000000;
    p.updatedAt = 1768480000001;
    p.content = QStringLiteral("Hello \"world\" \u00e9\u4e2d\n<b>tag</b>");
    p.title = QString::fromUtf8(""); // empty, not null
    p.inWindow = false;
    d.posts.push_back(p);
    Post child = p;
    child.id = QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000002");
    child.parentPostId = p.id;
    child.stateText = QStringLiteral("WEIRD");
    child.state = PostState::Unknown;
    child.deletedAt = 1768487000000;
    d.posts.push_back(child);

    d.errors.push_back({QStringLiteral("e-1"), QStringLiteral("Rate limit"), QStringLiteral("x"),
                        QStringLiteral("org-1"), p.id, QStringLiteral("{\"text\":\"private\"}"), 1768487000000});

    QueueInfo q;
    q.prefix = QStringLiteral("bull");
    q.name = QStringLiteral("post");
    q.metaPresent = true;
    q.maxLenEvents = 10000;
    q.idCounter = 42;
    q.meta = {{QStringLiteral("opts.maxLenEvents"), QStringLiteral("10000")}, {QStringLiteral("version"), QStringLiteral("bullmq:5.12.15")}};
    q.keyLengths = {{QStringLiteral("delayed"), 3}, {QStringLiteral("wait"), 0}};
    q.hasAnyKey = true;
    q.eventsLength = 5;
    q.eventsRead = 5;
    q.oldestEventTime = 1768480000000;
    q.workersSeen = std::nullopt;
    q.markerPresent = false;
    d.queues.push_back(q);

    Job j;
    j.queue = QStringLiteral("post");
    j.id = p.id;
    j.state = JobState::Delayed;
    j.alsoIn = {JobState::Waiting, JobState::WaitingChildren};
    j.stalled = true;
    j.hashPresent = true;
    j.stateScore = 7243804508160001LL; // ms * 4096 + 1: above 2^52, must survive exactly
    j.fireTime = 1768487400000;
    j.fireTimeSource = QStringLiteral("delayed-score");
    j.data = QStringLiteral("{\"id\":\"x\"}");
    j.timestamp = 1768480000000;
    j.delay = 7400000;
    j.optsDelay = 7400000;
    j.attemptsMade = 0;
    j.fields = {{QStringLiteral("name"), QStringLiteral("post")}, {QStringLiteral("data"), j.data}};
    j.logs = {QStringLiteral("line 1")};
    j.logCount = 1;
    j.problems = {QStringLiteral("opts is not JSON")};
    d.jobs.push_back(j);

    QueueEvent e;
    e.queue = QStringLiteral("post");
    e.streamId = QStringLiteral("1768480000000-3");
    e.time = 1768480000000;
    e.seq = 3;
    e.event = QStringLiteral("added");
    e.jobId = p.id;
    e.fields = {{QStringLiteral("event"), QStringLiteral("added")}, {QStringLiteral("jobId"), p.id}};
    d.events.push_back(e);

    d.workers.push_back({QStringLiteral("7"), QStringLiteral("127.0.0.1:5000"), QStringLiteral("bull:cG9zdA=="),
                         QStringLiteral("post"), QString(), 12, 0, QStringLiteral("bzpopmin"), 0});
    d.logLines.push_back({QStringLiteral("api.log"), 12, std::nullopt, QStringLiteral("processing { id: 'x' }"),
                          QStringLiteral("processing"), {p.id}});
    d.gaps.push_back({QStringLiteral("redis"), QStringLiteral("bull:post:stalled"), QStringLiteral("WRONGTYPE")});
    d.activity.push_back({QStringLiteral("redis"), QStringLiteral("HGETALL bull:post:meta"), 1768487400123, 250, 4, 120, QString()});
    return d;
}

} // namespace

class TestSnapshotJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsExact()
    {
        const SnapshotData original = richSnapshot();
        SnapshotData back;
        QString error;
        QVERIFY2(snapshotjson::read(snapshotjson::write(original), &back, &error), qPrintable(error));
        QVERIFY(back == original);
        // operator== folds null into empty for QString: check that nulls stayed nulls.
        QVERIFY(back.posts[0].parentPostId.isNull());
        QVERIFY(back.posts[0].releaseURL.isNull());
        QVERIFY(!back.posts[0].title.isNull());
        QVERIFY(back.posts[0].title.isEmpty());
        QVERIFY(back.integrations[0].customerId.isNull());
        QCOMPARE(back.jobs[0].stateScore, std::optional<qint64>(7243804508160001LL));
        QVERIFY(back.posts[1].state == PostState::Unknown);
        QCOMPARE(back.posts[1].stateText, QStringLiteral("WEIRD"));
        QVERIFY(back.posts[0].state == PostState::Queue);
        // Writing again gives the same bytes.
        QCOMPARE(snapshotjson::write(back), snapshotjson::write(original));
    }

    void roundTripThroughFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.json"));
        QString error;
        QVERIFY2(snapshotfile::save(path, richSnapshot(), false, &error), qPrintable(error));
        SnapshotData back;
        QVERIFY2(snapshotfile::load(path, &back, &error), qPrintable(error));
        QVERIFY(back == richSnapshot());
    }

    void header()
    {
        const QJsonObject o = QJsonDocument::fromJson(snapshotjson::write(richSnapshot())).object();
        QCOMPARE(o.value(QStringLiteral("format")).toString(), QStringLiteral("postscope-snapshot"));
        QCOMPARE(o.value(QStringLiteral("version")).toInt(), snapshotjson::currentVersion);
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray good = snapshotjson::write(richSnapshot());
        QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("truncated");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("not json") << QByteArray("hello") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a postscope snapshot");
        QTest::newRow("other format") << QByteArray(R"({"format":"bull-board","version":1})")
                                      << QStringLiteral("not a postscope snapshot");
        QTest::newRow("future version") << QByteArray(R"({"format":"postscope-snapshot","version":99})")
                                        << QStringLiteral("newer postscope");
        QTest::newRow("no version") << QByteArray(R"({"format":"postscope-snapshot"})")
                                    << QStringLiteral("no valid version");
        QTest::newRow("wrong type") << QByteArray(R"({"format":"postscope-snapshot","version":1,"posts":[{"id":5}]})")
                                    << QStringLiteral("snapshot.posts[0].id should be a string");
        QTest::newRow("posts not a list") << QByteArray(R"({"format":"postscope-snapshot","version":1,"posts":{}})")
                                          << QStringLiteral("snapshot.posts should be a list");
    }

    void badFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        SnapshotData data = richSnapshot();
        QString error;
        QVERIFY(!snapshotjson::read(bytes, &data, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        // A failed read leaves the caller's data alone.
        QVERIFY(data == richSnapshot());
    }

    void redaction()
    {
        SnapshotData d = richSnapshot();
        const QString content = d.posts[0].content;
        snapshotjson::redact(d);
        QVERIFY(d.scope.redacted);
        QVERIFY(!d.posts[0].content.contains(QStringLiteral("Hello")));
        QVERIFY(d.posts[0].content.startsWith(QStringLiteral("[redacted: %1 chars, sha256:").arg(content.size())));
        // Same content → same redacted text, so duplicate-content stays detectable.
        QCOMPARE(d.posts[1].content, d.posts[0].content);
        QVERIFY(d.posts[0].title.startsWith(QStringLiteral("[redacted: 0 chars")));
        QVERIFY(d.posts[0].description.isNull());
        QVERIFY(!d.errors[0].body.contains(QStringLiteral("private")));
        QCOMPARE(d.errors[0].message, QStringLiteral("Rate limit")); // the provider's answer stays
        QCOMPARE(d.scope.postgresUrl, QStringLiteral("postgresql://postiz@db.example:5432/postiz"));
        QCOMPARE(d.scope.redisUrl, QStringLiteral("redis://ops@redis.example:6379/2"));
        const QByteArray bytes = snapshotjson::write(d);
        for (const char *secret : {"s3cret", "hunter2", "Hello", "private"})
            QVERIFY2(!bytes.contains(secret), secret);
        // Ids, times and states are kept: the diagnosis must still work.
        QCOMPARE(d.posts[0].id, richSnapshot().posts[0].id);
        QCOMPARE(d.posts[0].publishDate, richSnapshot().posts[0].publishDate);
    }

    void redactedFileLeavesOriginalAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.json"));
        const SnapshotData d = richSnapshot();
        QString error;
        QVERIFY(snapshotfile::save(path, d, true, &error));
        SnapshotData back;
        QVERIFY(snapshotfile::load(path, &back, &error));
        QVERIFY(back.scope.redacted);
        QVERIFY(!d.scope.redacted);
        QVERIFY(d.posts[0].content.contains(QStringLiteral("Hello")));
    }

    void snapshotIndexes()
    {
        const Snapshot s(richSnapshot());
        QVERIFY(s.post(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")));
        QVERIFY(!s.post(QStringLiteral("nope")));
        QCOMPARE(s.childrenOf(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")).size(), 1);
        QVERIFY(s.jobForPost(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")));
        QCOMPARE(s.eventsForJob(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")).size(), 1);
        QCOMPARE(s.postsOfIntegration(QStringLiteral("int-1")).size(), 2);
        QCOMPARE(s.errorsForPost(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")).size(), 1);
        QVERIFY(s.mainQueue());
        QCOMPARE(s.integration(QStringLiteral("int-1"))->name, QStringLiteral("Acme on X"));
        QCOMPARE(s.postsWithId(QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001")), QList<int>{0});
        QVERIFY(s.postsWithId(QStringLiteral("nope")).isEmpty());
    }

    // A restored dump without the primary key can hold one id twice: the first row is
    // the post, and every row stays visible for the rules.
    void duplicatePostIds()
    {
        SnapshotData d = richSnapshot();
        Post again = d.posts[0];
        again.publishDate += 15000;
        d.posts.push_back(again);
        const Snapshot s(std::move(d));
        const QString id = QStringLiteral("11111111-aaaa-4bbb-8ccc-000000000001");
        QCOMPARE(s.postsWithId(id), (QList<int>{0, 2}));
        QCOMPARE(s.post(id)->publishDate, richSnapshot().posts[0].publishDate);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotJson)
#include "tst_snapshotjson.moc"
