// Rules of group 2 on hand-built snapshots: the edges a fixture cannot produce cheaply
// (CLIENT LIST forbidden, clock skew, unknown eviction policy, a capped events stream)
// and the text classifiers behind rate-limited and provider-error, table-driven.

#include "core/rules/registry.h"
#include "core/rules/rulesupport.h"
#include "sources/snapshotfile.h"
#include "testworkspace.h"

#include <QTest>

using namespace postscope;
using namespace postscope::testworkspace;

namespace {

constexpr qint64 T = 1800000000000; // the capture's "now"
constexpr qint64 MIN = 60 * 1000;
constexpr qint64 HOUR = 60 * MIN;

QString id(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

// A healthy, empty workspace: both servers read, clocks agree, queue `post` exists.
SnapshotData base()
{
    SnapshotData d;
    d.capturedAt = T;
    d.captureFinishedAt = T + 300;
    d.scope.redisUrl = QStringLiteral("redis://127.0.0.1:6379/0");
    d.scope.postgresUrl = QStringLiteral("postgresql://postiz@127.0.0.1/postiz");
    d.server.redisTime = T + 120;
    d.server.postgresNow = T + 40;
    d.server.localTime = T + 121;
    d.server.maxmemoryPolicy = QStringLiteral("noeviction");
    d.server.clientListPermitted = true;
    d.server.infoPermitted = true;
    d.organizations.push_back({QStringLiteral("org"), QStringLiteral("Acme")});
    QueueInfo q = postQueue();
    q.maxLenEvents = 10000;
    d.queues.push_back(q);
    return d;
}

Integration integration(const QString &iid, const QString &provider)
{
    Integration in;
    in.id = iid;
    in.name = QStringLiteral("Acme on ") + provider;
    in.providerIdentifier = provider;
    in.organizationId = QStringLiteral("org");
    return in;
}

Post post(const QString &pid, const QString &iid, qint64 publishDate, PostState state = PostState::Queue)
{
    Post p = makePost(pid, iid, QStringLiteral("org"), publishDate, state);
    p.createdAt = T - 2 * HOUR;
    p.updatedAt = T - 2 * HOUR;
    return p;
}

Job job(const QString &jid, JobState state, std::optional<qint64> fireTime = std::nullopt)
{
    Job j = postJob(jid, state);
    j.fireTime = fireTime;
    j.timestamp = T - 3 * HOUR;
    return j;
}

RuleOutcome run(const QString &rule, const SnapshotData &d)
{
    const Snapshot s(d);
    return evaluateRule(rule, s);
}

} // namespace

class TestRules2 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registered_data()
    {
        QTest::addColumn<QString>("rule");
        for (const char *r : {"rate-limited", "rate-limit-risk", "provider-error", "limiter-backlog", "worker-down",
                              "queue-paused", "stalled-job", "integration-refresh-needed", "integration-disabled",
                              "no-queue-data", "redis-eviction-policy", "events-truncated", "clock-skew"})
            QTest::newRow(r) << QString::fromLatin1(r);
    }
    void registered()
    {
        QFETCH(QString, rule);
        const Rule *r = findRule(rule);
        QVERIFY(r);
        QCOMPARE(r->info().id, rule);
        QVERIFY(!r->info().title.isEmpty());
        QVERIFY(!r->info().explanation.isEmpty());
        QVERIFY(!r->info().fix.isEmpty());
        // An empty, healthy snapshot: nothing fires.
        const RuleOutcome o = run(rule, base());
        QVERIFY2(o.findings.empty(), qPrintable(rule));
    }

    void rateLimitText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("signal");
        QTest::newRow("x json 429 + 88")
            << QStringLiteral("{\"statusCode\":429,\"message\":\"Rate limit exceeded\",\"body\":{\"errors\":[{\"code\":88}]}}")
            << QStringLiteral("x") << QStringLiteral("HTTP 429");
        QTest::newRow("axios 429") << QStringLiteral("Request failed with status code 429") << QStringLiteral("linkedin")
                                   << QStringLiteral("HTTP 429");
        QTest::newRow("429 Too Many") << QStringLiteral("429 Too Many Requests") << QString() << QStringLiteral("HTTP 429");
        QTest::newRow("too many requests") << QStringLiteral("Error: Too Many Requests") << QStringLiteral("threads")
                                           << QStringLiteral("\"too many requests\"");
        QTest::newRow("rate-limit") << QStringLiteral("rate-limited by upstream") << QStringLiteral("bluesky")
                                    << QStringLiteral("\"rate limit\"");
        QTest::newRow("meta (#4)") << QStringLiteral("(#4) Application request limit reached") << QStringLiteral("facebook")
                                   << QStringLiteral("\"request limit reached\"");
        QTest::newRow("meta (#32) bare") << QStringLiteral("(#32) Page request limit exceeded") << QStringLiteral("facebook")
                                         << QStringLiteral("Meta code 32");
        QTest::newRow("meta code 17 json") << QStringLiteral("{\"error\":{\"code\":17,\"message\":\"User limit\"}}")
                                           << QStringLiteral("instagram") << QStringLiteral("Meta code 17");
        QTest::newRow("meta code 613 json") << QStringLiteral("{\"error\":{\"code\": 613}}") << QStringLiteral("facebook")
                                            << QStringLiteral("Meta code 613");
        QTest::newRow("code 4 not meta") << QStringLiteral("{\"code\":4,\"message\":\"bad field\"}")
                                         << QStringLiteral("linkedin") << QString();
        QTest::newRow("x code 88 only") << QStringLiteral("{\"errors\":[{\"code\":88,\"message\":\"x\"}]}")
                                        << QStringLiteral("x") << QStringLiteral("X code 88");
        QTest::newRow("auth 401") << QStringLiteral("{\"statusCode\":401,\"message\":\"Invalid access token\"}")
                                  << QStringLiteral("linkedin") << QString();
        QTest::newRow("429 inside an id") << QStringLiteral("Content is a duplicate of urn:li:share:7214290000")
                                          << QStringLiteral("linkedin") << QString();
        QTest::newRow("limiter") << QStringLiteral("Something is wrong with linkedin") << QStringLiteral("linkedin")
                                 << QString();
    }
    void rateLimitText()
    {
        QFETCH(QString, text);
        QFETCH(QString, provider);
        QFETCH(QString, signal);
        QCOMPARE(rulesupport::rateLimitSignal(text, provider), signal);
    }

    void providerErrorClass_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("cls");
        QTest::newRow("linkedin 401")
            << QStringLiteral("{\"statusCode\":401,\"message\":\"Invalid access token\",\"body\":{\"code\":\"INVALID_ACCESS_TOKEN\"}}")
            << QStringLiteral("auth");
        QTest::newRow("expired token") << QStringLiteral("The access token has expired") << QStringLiteral("auth");
        QTest::newRow("refresh") << QStringLiteral("Please refresh your channel") << QStringLiteral("auth");
        QTest::newRow("meta 190") << QStringLiteral("(#190) Error validating access token: OAuthException")
                                  << QStringLiteral("auth");
        QTest::newRow("linkedin duplicate")
            << QStringLiteral("{\"statusCode\":422,\"message\":\"Content is a duplicate of urn:li:share:1\",\"body\":{\"code\":\"DUPLICATE_POST\"}}")
            << QStringLiteral("duplicate");
        QTest::newRow("x duplicate") << QStringLiteral("Status is a duplicate.") << QStringLiteral("duplicate");
        QTest::newRow("limiter") << QStringLiteral("{\"message\":\"Something is wrong with linkedin\"}")
                                 << QStringLiteral("limiter");
        QTest::newRow("media") << QStringLiteral("The image aspect ratio is not supported") << QStringLiteral("media");
        QTest::newRow("video upload") << QStringLiteral("Video upload failed: processing error") << QStringLiteral("media");
        QTest::newRow("unknown") << QStringLiteral("{\"statusCode\":500,\"message\":\"Internal error\"}")
                                 << QStringLiteral("unknown");
    }
    void providerErrorClass()
    {
        QFETCH(QString, text);
        QFETCH(QString, cls);
        QCOMPARE(rulesupport::providerErrorClass(text), cls);
    }

    void rateLimitedVersusProviderError()
    {
        SnapshotData d = base();
        d.integrations.push_back(integration(QStringLiteral("ix"), QStringLiteral("x")));
        d.integrations.push_back(integration(QStringLiteral("il"), QStringLiteral("linkedin")));
        d.posts.push_back(post(id(1), QStringLiteral("ix"), T - 70 * MIN, PostState::Published));
        d.posts.push_back(post(id(2), QStringLiteral("ix"), T - 60 * MIN, PostState::Error));
        d.posts.back().error = QStringLiteral("{\"statusCode\":429,\"message\":\"Rate limit exceeded\"}");
        d.posts.push_back(post(id(9), QStringLiteral("ix"), T - 5 * HOUR, PostState::Published)); // outside 3 h
        d.posts.push_back(post(id(3), QStringLiteral("il"), T - 30 * MIN, PostState::Error));
        ErrorRow e;
        e.id = QStringLiteral("e3");
        e.postId = id(3);
        e.platform = QStringLiteral("linkedin");
        e.message = QStringLiteral("Invalid access token");
        e.body = QStringLiteral("{\"status\":401,\"code\":\"INVALID_ACCESS_TOKEN\"}");
        e.createdAt = T - 29 * MIN;
        d.errors.push_back(e);
        // A rate-limit text only in a log line still counts.
        d.posts.push_back(post(id(4), QStringLiteral("il"), T - 20 * MIN, PostState::Error));
        LogLine l;
        l.file = QStringLiteral("workers.log");
        l.lineNumber = 12;
        l.text = QStringLiteral("[Error] posting on linkedin Too Many Requests");
        l.postIds = {id(4)};
        d.logLines.push_back(l);

        const RuleOutcome rl = run(QStringLiteral("rate-limited"), d);
        QCOMPARE(rl.status, RuleStatus::Ran);
        QCOMPARE(rl.findings.size(), size_t(2));
        QCOMPARE(rl.findings[0].posts, (QStringList{id(2), id(1)}));
        QVERIFY(rl.findings[0].summary.contains(id(1)));
        QVERIFY(rl.findings[0].summary.contains(QStringLiteral("Acme on x (x)")));
        QVERIFY(rl.findings[0].verify.join(QLatin1Char('\n')).contains(QStringLiteral("\"Errors\"")));
        QCOMPARE(rl.findings[1].posts.first(), id(4));
        QCOMPARE(rl.findings[1].logLines, QList<int>{0});

        const RuleOutcome pe = run(QStringLiteral("provider-error"), d);
        QCOMPARE(pe.findings.size(), size_t(1)); // rate-limited posts are not repeated here
        QCOMPARE(pe.findings[0].posts, QStringList{id(3)});
        QVERIFY(pe.findings[0].firedSignals.contains(QStringLiteral("class: auth")));
        QVERIFY(pe.findings[0].summary.contains(QStringLiteral("Invalid access token")));
    }

    void limiterBacklog_data()
    {
        QTest::addColumn<qint64>("otherRanBefore"); // ms before the failure; -1 = no other post
        QTest::addColumn<QString>("otherProvider");
        QTest::addColumn<bool>("fires");
        QTest::newRow("other 10 s before") << qint64(10000) << QStringLiteral("linkedin") << true;
        QTest::newRow("other 59 s before") << qint64(59000) << QStringLiteral("linkedin") << true;
        QTest::newRow("other 2 min before") << qint64(120000) << QStringLiteral("linkedin") << false;
        QTest::newRow("other provider") << qint64(10000) << QStringLiteral("x") << false;
        QTest::newRow("alone") << qint64(-1) << QStringLiteral("linkedin") << false;
    }
    void limiterBacklog()
    {
        QFETCH(qint64, otherRanBefore);
        QFETCH(QString, otherProvider);
        QFETCH(bool, fires);
        SnapshotData d = base();
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("linkedin")));
        d.integrations.push_back(integration(QStringLiteral("i2"), otherProvider));
        const qint64 failedAt = T - 10 * MIN;
        d.posts.push_back(post(id(1), QStringLiteral("i1"), failedAt - 61000, PostState::Error));
        d.posts.back().error = QStringLiteral("{\"message\":\"Something is wrong with linkedin\"}");
        d.posts.back().updatedAt = failedAt;
        if (otherRanBefore >= 0) {
            d.posts.push_back(post(id(2), QStringLiteral("i2"), failedAt - 61000, PostState::Published));
            d.events.push_back(streamEvent(id(2), QStringLiteral("active"), failedAt - otherRanBefore));
        }
        const RuleOutcome o = run(QStringLiteral("limiter-backlog"), d);
        QCOMPARE(o.findings.size(), size_t(fires ? 1 : 0));
        if (fires)
            QCOMPARE(o.findings[0].posts, (QStringList{id(1), id(2)}));
        // provider-error names the class either way.
        const RuleOutcome pe = run(QStringLiteral("provider-error"), d);
        QCOMPARE(pe.findings.size(), size_t(1));
        QVERIFY(pe.findings[0].firedSignals.contains(QStringLiteral("class: limiter")));
    }

    void rateLimitRisk_data()
    {
        QTest::addColumn<QString>("provider");
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("gap");
        QTest::addColumn<int>("named");
        QTest::newRow("instagram 4 in 60 s") << QStringLiteral("instagram") << 4 << qint64(20000) << 4;
        QTest::newRow("instagram 2 in 59 s") << QStringLiteral("instagram") << 2 << qint64(59000) << 2;
        QTest::newRow("instagram 1 per 60 s") << QStringLiteral("instagram") << 5 << qint64(60000) << 0;
        QTest::newRow("x 301 in 3 h") << QStringLiteral("x") << 301 << qint64(30000) << 301;
        QTest::newRow("x 300 in 3 h") << QStringLiteral("x") << 300 << qint64(30000) << 0;
        QTest::newRow("linkedin 101 per day") << QStringLiteral("linkedin") << 101 << qint64(10 * MIN) << 101;
        QTest::newRow("facebook: no rule") << QStringLiteral("facebook") << 50 << qint64(1000) << 0;
    }
    void rateLimitRisk()
    {
        QFETCH(QString, provider);
        QFETCH(int, count);
        QFETCH(qint64, gap);
        QFETCH(int, named);
        SnapshotData d = base();
        d.integrations.push_back(integration(QStringLiteral("i1"), provider));
        for (int n = 0; n < count; ++n)
            d.posts.push_back(post(id(n), QStringLiteral("i1"), T + HOUR + n * gap));
        // A deleted post and a thread child in the middle do not count.
        d.posts.push_back(post(id(9000), QStringLiteral("i1"), T + HOUR + 1));
        d.posts.back().deletedAt = T - MIN;
        d.posts.push_back(post(id(9001), QStringLiteral("i1"), T + HOUR + 2));
        d.posts.back().parentPostId = id(0);
        const RuleOutcome o = run(QStringLiteral("rate-limit-risk"), d);
        QCOMPARE(o.findings.size(), size_t(named ? 1 : 0));
        if (named) {
            QCOMPARE(o.findings[0].posts.size(), named);
            QVERIFY(!o.findings[0].posts.contains(id(9000)));
            QVERIFY(!o.findings[0].posts.contains(id(9001)));
        }
    }

    void workerDown_data()
    {
        QTest::addColumn<QString>("setup");
        QTest::addColumn<QString>("expect"); // "none", or a phrase the summary must hold
        QTest::newRow("overdue, no worker") << QStringLiteral("overdue") << QStringLiteral("no worker is connected");
        QTest::newRow("CLIENT LIST forbidden") << QStringLiteral("overdue forbidden") << QStringLiteral("unknown");
        QTest::newRow("workers present") << QStringLiteral("overdue worker") << QStringLiteral("present but take no jobs");
        QTest::newRow("within grace, worker present") << QStringLiteral("within-grace worker") << QStringLiteral("none");
        QTest::newRow("within grace, forbidden") << QStringLiteral("within-grace forbidden") << QStringLiteral("none");
        // No worker connected at all: nothing will promote it, the grace does not apply.
        QTest::newRow("within grace, no worker") << QStringLiteral("within-grace") << QStringLiteral("no worker is connected");
        QTest::newRow("future") << QStringLiteral("future") << QStringLiteral("none");
        QTest::newRow("active with lock") << QStringLiteral("overdue locked") << QStringLiteral("none");
        QTest::newRow("active without lock") << QStringLiteral("overdue lockless") << QStringLiteral("no worker is connected");
        QTest::newRow("waiting 2 h") << QStringLiteral("waiting-old") << QStringLiteral("no worker is connected");
        QTest::newRow("waiting 30 min") << QStringLiteral("waiting-young") << QStringLiteral("none");
        QTest::newRow("paused, worker present") << QStringLiteral("overdue worker paused") << QStringLiteral("none");
        QTest::newRow("paused, forbidden") << QStringLiteral("overdue forbidden paused") << QStringLiteral("none");
        QTest::newRow("paused, no worker") << QStringLiteral("overdue paused") << QStringLiteral("no worker is connected");
    }
    void workerDown()
    {
        QFETCH(QString, setup);
        QFETCH(QString, expect);
        SnapshotData d = base();
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("instagram")));
        auto add = [&](int n, JobState st, qint64 fire) {
            d.posts.push_back(post(id(n), QStringLiteral("i1"), fire));
            d.jobs.push_back(job(id(n), st, fire));
        };
        if (setup.contains(QLatin1String("overdue")))
            add(1, JobState::Delayed, T - 10 * MIN);
        if (setup.contains(QLatin1String("within-grace")))
            add(1, JobState::Delayed, T - 90 * 1000);
        if (setup.contains(QLatin1String("future")))
            add(1, JobState::Delayed, T + 10 * MIN);
        if (setup.contains(QLatin1String("waiting-old")))
            add(1, JobState::Waiting, T - 2 * HOUR);
        if (setup.contains(QLatin1String("waiting-young")))
            add(1, JobState::Waiting, T - 30 * MIN);
        if (setup.contains(QLatin1String("locked")) || setup.contains(QLatin1String("lockless"))) {
            add(2, JobState::Active, T - 20 * MIN);
            d.jobs.back().hasLock = setup.contains(QLatin1String("locked"));
        }
        if (setup.contains(QLatin1String("forbidden"))) {
            d.server.clientListPermitted = false;
            d.queues[0].workersSeen.reset();
        } else {
            d.queues[0].workersSeen = 0;
        }
        if (setup.contains(QLatin1String("worker"))) {
            WorkerConnection w;
            w.name = QStringLiteral("bull:cG9zdA==:w:worker-1");
            w.queue = QStringLiteral("post");
            d.workers.push_back(w);
            d.queues[0].workersSeen = 1;
        }
        if (setup.contains(QLatin1String("paused")))
            d.queues[0].paused = true;
        const RuleOutcome o = run(QStringLiteral("worker-down"), d);
        QCOMPARE(o.status, RuleStatus::Ran);
        if (expect == QLatin1String("none")) {
            QVERIFY2(o.findings.empty(), o.findings.empty() ? "" : qPrintable(o.findings[0].summary));
            return;
        }
        QCOMPARE(o.findings.size(), size_t(1));
        const Finding &f = o.findings[0];
        QVERIFY2(f.summary.contains(expect), qPrintable(f.summary));
        QVERIFY(f.posts.contains(id(1)));
        QVERIFY(!f.posts.contains(id(2)));
        if (setup.contains(QLatin1String("forbidden")))
            QVERIFY2(!f.summary.contains(QLatin1String("no worker")), qPrintable(f.summary));
        QVERIFY(f.verify.contains(QStringLiteral("LRANGE bull:post:active 0 -1")));
        QVERIFY(!f.verify.join(QLatin1Char(' ')).contains(QLatin1String("KEYS")));
    }

    void noRedis()
    {
        // No Redis at all: the Redis rules say why they did not run.
        SnapshotData d = base();
        d.queues.clear();
        d.scope.redisUrl.clear();
        d.gaps.push_back({QStringLiteral("redis"), QStringLiteral("connection"), QStringLiteral("connection refused")});
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("x")));
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T + HOUR));
        for (const char *r : {"worker-down", "queue-paused", "stalled-job", "no-queue-data", "redis-eviction-policy",
                              "events-truncated"}) {
            const RuleOutcome o = run(QString::fromLatin1(r), d);
            QVERIFY2(o.status == RuleStatus::Skipped, r);
            QVERIFY2(o.reason.contains(QLatin1String("connection refused")), qPrintable(o.reason));
        }
    }

    void noPostgres()
    {
        SnapshotData d = base();
        d.scope.postgresUrl.clear();
        d.server.postgresNow.reset();
        d.gaps.push_back({QStringLiteral("postgres"), QStringLiteral("connection"), QStringLiteral("password authentication failed")});
        for (const char *r : {"rate-limited", "rate-limit-risk", "provider-error", "limiter-backlog",
                              "integration-refresh-needed", "integration-disabled", "no-queue-data", "events-truncated"}) {
            const RuleOutcome o = run(QString::fromLatin1(r), d);
            QVERIFY2(o.status == RuleStatus::Skipped, r);
            QVERIFY2(o.reason.contains(QLatin1String("password authentication failed")), qPrintable(o.reason));
        }
    }

    void queuePausedAndStalled()
    {
        SnapshotData d = base();
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("linkedin")));
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T + 30 * HOUR));
        d.jobs.push_back(job(id(1), JobState::Delayed, T + 30 * HOUR));
        d.posts.push_back(post(id(2), QStringLiteral("i1"), T));
        d.jobs.push_back(job(id(2), JobState::Paused, T));
        d.posts.push_back(post(id(3), QStringLiteral("i1"), T - HOUR));
        d.jobs.push_back(job(id(3), JobState::Active, T - HOUR)); // no lock: stalled
        d.posts.push_back(post(id(4), QStringLiteral("i1"), T - HOUR));
        d.jobs.push_back(job(id(4), JobState::Active, T - HOUR));
        d.jobs.back().hasLock = true; // being worked on
        d.posts.push_back(post(id(5), QStringLiteral("i1"), T - HOUR));
        d.jobs.push_back(job(id(5), JobState::Waiting, T - HOUR));
        d.jobs.back().stalled = true;

        QVERIFY(run(QStringLiteral("queue-paused"), d).findings.empty());
        d.queues[0].paused = true;
        const RuleOutcome qp = run(QStringLiteral("queue-paused"), d);
        QCOMPARE(qp.findings.size(), size_t(1));
        QCOMPARE(qp.findings[0].posts, (QStringList{id(1), id(2), id(5)}));
        QVERIFY(qp.findings[0].verify.contains(QStringLiteral("HGETALL bull:post:meta")));

        const RuleOutcome st = run(QStringLiteral("stalled-job"), d);
        QCOMPARE(st.findings.size(), size_t(2));
        QCOMPARE(st.findings[0].posts, QStringList{id(3)});
        QVERIFY(st.findings[0].verify.contains(QStringLiteral("EXISTS bull:post:%1:lock").arg(id(3))));
        QCOMPARE(st.findings[1].posts, QStringList{id(5)});
    }

    void integrationRules_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("flag");
        QTest::newRow("refresh") << QStringLiteral("integration-refresh-needed") << QStringLiteral("refreshNeeded");
        QTest::newRow("disabled") << QStringLiteral("integration-disabled") << QStringLiteral("disabled");
        QTest::newRow("deleted") << QStringLiteral("integration-disabled") << QStringLiteral("deletedAt");
    }
    void integrationRules()
    {
        QFETCH(QString, rule);
        QFETCH(QString, flag);
        SnapshotData d = base();
        Integration in = integration(QStringLiteral("i1"), QStringLiteral("linkedin"));
        in.refreshNeeded = flag == QLatin1String("refreshNeeded");
        in.disabled = flag == QLatin1String("disabled");
        if (flag == QLatin1String("deletedAt"))
            in.deletedAt = T - 3 * HOUR;
        d.integrations.push_back(in);
        d.integrations.push_back(integration(QStringLiteral("ok"), QStringLiteral("linkedin")));
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T - HOUR));          // due
        d.posts.push_back(post(id(2), QStringLiteral("i1"), T - HOUR));          // its thread child
        d.posts.back().parentPostId = id(1);
        d.posts.push_back(post(id(3), QStringLiteral("i1"), T - 60 * 1000));     // inside the grace
        d.posts.push_back(post(id(7), QStringLiteral("i1"), T - 5 * 1000));      // inside the grace, but the
        d.events.push_back(streamEvent(id(7), QStringLiteral("completed"), T - 4000)); // worker already skipped it
        d.posts.push_back(post(id(8), QStringLiteral("i1"), T - 5 * 1000));      // inside the grace, job still there
        d.jobs.push_back(job(id(8), JobState::Active, T - 5 * 1000));
        d.events.push_back(streamEvent(id(8), QStringLiteral("completed"), T - 4000, 1));
        d.posts.push_back(post(id(4), QStringLiteral("i1"), T + HOUR));          // upcoming
        d.posts.push_back(post(id(5), QStringLiteral("i1"), T - HOUR, PostState::Published));
        d.posts.push_back(post(id(6), QStringLiteral("ok"), T - HOUR));          // healthy integration
        const RuleOutcome o = run(rule, d);
        QCOMPARE(o.status, RuleStatus::Ran);
        QCOMPARE(o.findings.size(), size_t(1));
        QCOMPARE(o.findings[0].posts, (QStringList{id(1), id(7)}));
        QCOMPARE(o.findings[0].integrations, QStringList{QStringLiteral("i1")});
        QVERIFY(o.findings[0].summary.contains(QStringLiteral("Acme on linkedin")));
        QVERIFY(!o.findings[0].verify.join(QLatin1Char(' ')).contains(QLatin1String("token")));
        // The other rule of the pair stays silent.
        const QString other = rule == QLatin1String("integration-disabled") ? QStringLiteral("integration-refresh-needed")
                                                                           : QStringLiteral("integration-disabled");
        QVERIFY(run(other, d).findings.empty());
        // An older schema without the column: skipped, with the reason.
        d.server.missingColumns = {flag == QLatin1String("refreshNeeded") ? QStringLiteral("Integration.refreshNeeded")
                                                                          : QStringLiteral("Integration.disabled")};
        const RuleOutcome sk = run(rule, d);
        QCOMPARE(sk.status, RuleStatus::Skipped);
        QVERIFY(sk.reason.contains(QStringLiteral("Integration.")));
    }

    void noQueueData()
    {
        SnapshotData d = base();
        d.queues[0] = QueueInfo{};
        d.queues[0].prefix = QStringLiteral("bull");
        d.queues[0].name = QStringLiteral("post");
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("x")));
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T + HOUR));
        d.posts.push_back(post(id(2), QStringLiteral("i1"), T - HOUR, PostState::Published));
        RuleOutcome o = run(QStringLiteral("no-queue-data"), d);
        QCOMPARE(o.findings.size(), size_t(1));
        QCOMPARE(o.findings[0].posts, QStringList{id(1)});
        QVERIFY(o.findings[0].verify.contains(QStringLiteral("SCAN 0 MATCH bull:post:* COUNT 1000")));
        // Only published posts: nothing is missing from the queue.
        d.posts.erase(d.posts.begin());
        QVERIFY(run(QStringLiteral("no-queue-data"), d).findings.empty());
        // A connection lost mid-read: an empty queue proves nothing.
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T + HOUR));
        d.gaps.push_back({QStringLiteral("redis"), QStringLiteral("connection"), QStringLiteral("Redis connection lost")});
        o = run(QStringLiteral("no-queue-data"), d);
        QCOMPARE(o.status, RuleStatus::Skipped);
    }

    void evictionPolicy_data()
    {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<int>("outcome"); // 0 none, 1 finding, 2 skipped
        QTest::newRow("noeviction") << QStringLiteral("noeviction") << 0;
        QTest::newRow("allkeys-lru") << QStringLiteral("allkeys-lru") << 1;
        QTest::newRow("volatile-ttl") << QStringLiteral("volatile-ttl") << 1;
        QTest::newRow("unknown (INFO forbidden)") << QStringLiteral("unknown") << 2;
        QTest::newRow("empty") << QString() << 2;
    }
    void evictionPolicy()
    {
        QFETCH(QString, policy);
        QFETCH(int, outcome);
        SnapshotData d = base();
        d.server.maxmemoryPolicy = policy;
        const RuleOutcome o = run(QStringLiteral("redis-eviction-policy"), d);
        QCOMPARE(o.status, outcome == 2 ? RuleStatus::Skipped : RuleStatus::Ran);
        QCOMPARE(o.findings.size(), size_t(outcome == 1 ? 1 : 0));
        if (outcome == 1)
            QVERIFY(o.findings[0].summary.contains(policy));
        if (outcome == 2)
            QVERIFY(o.reason.contains(QStringLiteral("unknown")));
    }

    void clockSkew_data()
    {
        QTest::addColumn<qint64>("pgNow");     // offsets from T; INT64_MIN = not read
        QTest::addColumn<qint64>("redisTime");
        QTest::addColumn<qint64>("localTime");
        QTest::addColumn<int>("outcome"); // 0 none, 1 finding, 2 skipped
        const qint64 none = std::numeric_limits<qint64>::min();
        QTest::newRow("healthy") << qint64(40) << qint64(120) << qint64(121) << 0;
        // A slow capture: PostgreSQL read at once, Redis 30 s later; nobody is skewed.
        QTest::newRow("slow capture") << qint64(200) << qint64(30000) << qint64(30001) << 0;
        QTest::newRow("redis 10 s ahead") << qint64(40) << qint64(10121) << qint64(121) << 1;
        QTest::newRow("redis 5 s behind") << qint64(40) << qint64(-5000) << qint64(121) << 1;
        QTest::newRow("postgres 3 s behind") << qint64(-3000) << qint64(120) << qint64(121) << 1;
        QTest::newRow("postgres 1.5 s behind") << qint64(-1500) << qint64(120) << qint64(121) << 0;
        QTest::newRow("postgres only, ahead") << qint64(9000) << none << qint64(50) << 1;
        QTest::newRow("no clock") << none << none << qint64(50) << 2;
    }
    void clockSkew()
    {
        QFETCH(qint64, pgNow);
        QFETCH(qint64, redisTime);
        QFETCH(qint64, localTime);
        QFETCH(int, outcome);
        const qint64 none = std::numeric_limits<qint64>::min();
        SnapshotData d = base();
        d.server.postgresNow = pgNow == none ? std::nullopt : std::optional<qint64>(T + pgNow);
        d.server.redisTime = redisTime == none ? std::nullopt : std::optional<qint64>(T + redisTime);
        d.server.localTime = T + localTime;
        const RuleOutcome o = run(QStringLiteral("clock-skew"), d);
        QCOMPARE(o.status, outcome == 2 ? RuleStatus::Skipped : RuleStatus::Ran);
        QCOMPARE(o.findings.size(), size_t(outcome == 1 ? 1 : 0));
        if (outcome == 1)
            QVERIFY(!o.findings[0].firedSignals.isEmpty());
    }

    void eventsTruncated_data()
    {
        QTest::addColumn<bool>("capped");
        QTest::addColumn<qint64>("createdBeforeCover");
        QTest::addColumn<bool>("fires");
        QTest::newRow("capped, 1 s before") << true << qint64(1000) << true;
        QTest::newRow("uncapped, 10 ms before (row insert, then add)") << false << qint64(10) << false;
        QTest::newRow("uncapped, 2 h before") << false << qint64(2 * HOUR) << true;
        QTest::newRow("capped, created after") << true << qint64(-1000) << false;
    }
    void eventsTruncated()
    {
        QFETCH(bool, capped);
        QFETCH(qint64, createdBeforeCover);
        QFETCH(bool, fires);
        SnapshotData d = base();
        const qint64 cover = T - HOUR;
        d.integrations.push_back(integration(QStringLiteral("i1"), QStringLiteral("facebook")));
        d.posts.push_back(post(id(1), QStringLiteral("i1"), T + 10 * HOUR));
        d.posts.back().createdAt = cover - createdBeforeCover;
        d.jobs.push_back(job(id(1), JobState::Delayed, T + 10 * HOUR));
        // An older post whose events survived is not named.
        d.posts.push_back(post(id(2), QStringLiteral("i1"), T + 11 * HOUR));
        d.posts.back().createdAt = cover - 3 * HOUR;
        d.jobs.push_back(job(id(2), JobState::Delayed, T + 11 * HOUR));
        d.events.push_back(streamEvent(id(3), QStringLiteral("added"), cover));
        d.events.push_back(streamEvent(id(2), QStringLiteral("completed"), cover + 10));
        QueueInfo &q = d.queues[0];
        q.maxLenEvents = 20;
        q.eventsLength = capped ? 24 : 2;
        q.eventsRead = 2;
        q.oldestEventTime = cover;
        q.newestEventTime = cover + 10;
        const RuleOutcome o = run(QStringLiteral("events-truncated"), d);
        QCOMPARE(o.findings.size(), size_t(fires ? 1 : 0));
        if (fires) {
            QCOMPARE(o.findings[0].posts, QStringList{id(1)});
            QVERIFY(o.findings[0].severity == Severity::Info);
            QVERIFY(o.findings[0].summary.contains(rulesupport::utc(cover)));
        }
        d.server.missingColumns = {QStringLiteral("Post.createdAt")};
        QCOMPARE(run(QStringLiteral("events-truncated"), d).status, RuleStatus::Skipped);
    }

    // The embedded demo (a real capture of the `demo` scenario): each lane's failure is
    // named by its rule, on the lane's integration; the healthy facts fire nothing.
    void demoSnapshot_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QStringList>("integrations"); // name suffixes the findings must cover; empty = no finding
        QTest::newRow("rate-limited") << QStringLiteral("rate-limited") << QStringList{QStringLiteral("on X (busy)")};
        QTest::newRow("provider-error") << QStringLiteral("provider-error")
                                        << QStringList{QStringLiteral("on LinkedIn (auth)"), QStringLiteral("on LinkedIn (duplicate)"),
                                                       QStringLiteral("on LinkedIn (limiter)")};
        QTest::newRow("rate-limit-risk") << QStringLiteral("rate-limit-risk") << QStringList{QStringLiteral("on Instagram (burst)")};
        QTest::newRow("worker-down") << QStringLiteral("worker-down") << QStringList{QStringLiteral("on Instagram (no worker)")};
        QTest::newRow("queue-paused") << QStringLiteral("queue-paused") << QStringList{QStringLiteral("on LinkedIn (paused)")};
        QTest::newRow("stalled-job") << QStringLiteral("stalled-job") << QStringList{QStringLiteral("on X (stalled)")};
        QTest::newRow("integration-refresh-needed") << QStringLiteral("integration-refresh-needed")
                                                    << QStringList{QStringLiteral("on LinkedIn (expired)")};
        QTest::newRow("integration-disabled") << QStringLiteral("integration-disabled")
                                              << QStringList{QStringLiteral("on Facebook (disabled)")};
        QTest::newRow("no-queue-data") << QStringLiteral("no-queue-data") << QStringList{};
        QTest::newRow("redis-eviction-policy") << QStringLiteral("redis-eviction-policy") << QStringList{};
        QTest::newRow("events-truncated") << QStringLiteral("events-truncated") << QStringList{};
        QTest::newRow("clock-skew") << QStringLiteral("clock-skew") << QStringList{};
    }
    void demoSnapshot()
    {
        QFETCH(QString, rule);
        QFETCH(QStringList, integrations);
        const QString dir = qEnvironmentVariable("POSTSCOPE_SOURCE_DIR");
        QVERIFY2(!dir.isEmpty(), "POSTSCOPE_SOURCE_DIR is not set");
        SnapshotData d;
        QString error;
        QVERIFY2(snapshotfile::load(dir + QStringLiteral("/resources/demo-snapshot.json"), &d, &error), qPrintable(error));
        const Snapshot s(d);
        const RuleOutcome o = findRule(rule)->evaluate(s, RuleContext::forSnapshot(s));
        QCOMPARE(o.status, RuleStatus::Ran);
        QStringList summaries;
        QSet<QString> named;
        for (const Finding &f : o.findings) {
            summaries.append(f.summary);
            QStringList ids = f.integrations;
            for (const QString &p : f.posts) {
                if (const Post *post = s.post(p))
                    ids.append(post->integrationId);
            }
            for (const QString &i : std::as_const(ids)) {
                if (const Integration *in = s.integration(i))
                    named.insert(in->name);
            }
        }
        if (integrations.isEmpty())
            QVERIFY2(o.findings.empty(), qPrintable(summaries.join(QLatin1Char('\n'))));
        for (const QString &suffix : std::as_const(integrations)) {
            const bool found = std::any_of(named.begin(), named.end(), [&](const QString &n) { return n.endsWith(suffix); });
            QVERIFY2(found, qPrintable(suffix + QStringLiteral(" not named; findings:\n") + summaries.join(QLatin1Char('\n'))));
        }
    }
};

QTEST_GUILESS_MAIN(TestRules2)
#include "tst_rules2.moc"
