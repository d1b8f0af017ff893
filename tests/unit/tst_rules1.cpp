// Rules group 1 (job-removed … job-ran-twice) and the engine's precedence on hand-built
// snapshots: the edges a fixture cannot produce on demand (a truncated events stream,
// thread children, near misses by milliseconds), plus the embedded demo's diagnosis.

#include "core/rules/engine.h"
#include "core/rules/registry.h"
#include "core/rules/ruleindex.h"
#include "core/rules/rulesupport.h"
#include "sources/snapshotfile.h"
#include "testworkspace.h"

#include <QTest>

using namespace postscope;
using namespace postscope::testworkspace;

namespace {

constexpr qint64 T0 = 1'800'000'000'000; // the capture time of every hand-built snapshot
constexpr qint64 S = 1000;
constexpr qint64 MIN = 60 * S;
constexpr qint64 HOUR = 60 * MIN;

const QString org = QStringLiteral("org-1");

QStringList names(std::initializer_list<const char *> list)
{
    QStringList l;
    for (const char *n : list)
        l << QString::fromLatin1(n);
    return l;
}
const QString intX = QStringLiteral("int-x");

SnapshotData base()
{
    SnapshotData d;
    d.capturedAt = T0;
    d.scope.postgresUrl = QStringLiteral("postgresql://u@h/db");
    d.scope.redisUrl = QStringLiteral("redis://h/0");
    d.scope.from = T0 - 7 * 24 * HOUR;
    d.scope.to = T0 + 30 * 24 * HOUR;
    d.server.clientListPermitted = true;
    d.server.maxmemoryPolicy = QStringLiteral("noeviction");
    d.organizations.push_back({org, QStringLiteral("Acme")});
    Integration x;
    x.id = intX;
    x.name = QStringLiteral("Acme on X");
    x.providerIdentifier = QStringLiteral("x");
    x.organizationId = org;
    d.integrations.push_back(x);
    QueueInfo q = postQueue();
    q.workersSeen = 1;
    d.queues.push_back(q);
    return d;
}

Post post(const QString &id, qint64 publishDate, qint64 createdAt, PostState state = PostState::Queue)
{
    Post p;
    p.id = id;
    p.state = state;
    p.stateText = toString(state);
    p.publishDate = publishDate;
    p.organizationId = org;
    p.integrationId = intX;
    p.group = QStringLiteral("g-") + id;
    p.createdAt = createdAt;
    p.updatedAt = createdAt;
    p.content = QStringLiteral("content of ") + id;
    return p;
}

Job delayedJob(const QString &id, qint64 fireTime, qint64 addedAt)
{
    Job j = postJob(id, JobState::Delayed);
    j.stateScore = fireTime * 4096;
    j.fireTime = fireTime;
    j.fireTimeSource = QStringLiteral("delayed-score");
    j.timestamp = addedAt;
    j.delay = fireTime - addedAt;
    j.optsDelay = fireTime - addedAt;
    return j;
}

void addEvent(SnapshotData &d, qint64 time, const QString &name, const QString &jobId)
{
    qint64 seq = 0;
    for (const QueueEvent &o : d.events)
        if (o.time == time)
            seq = std::max(seq, o.seq + 1);
    QueueEvent e = streamEvent(jobId, name, time, int(seq));
    if (name == QLatin1String("removed"))
        e.fields.push_back({QStringLiteral("prev"), QStringLiteral("delayed")});
    d.events.push_back(e);
}

// Freezes the snapshot with the queue's event span filled in from the events.
Snapshot freeze(SnapshotData d)
{
    std::stable_sort(d.events.begin(), d.events.end(), [](const QueueEvent &a, const QueueEvent &b) {
        return std::make_pair(a.time, a.seq) < std::make_pair(b.time, b.seq);
    });
    QueueInfo &q = d.queues.front();
    q.eventsLength = q.eventsRead = qint64(d.events.size());
    if (!d.events.empty()) {
        q.oldestEventTime = d.events.front().time;
        q.newestEventTime = d.events.back().time;
    }
    return Snapshot(std::move(d));
}

std::vector<Finding> run(const QString &ruleId, const Snapshot &s, RuleStatus *status = nullptr, QString *reason = nullptr)
{
    RuleOutcome o = evaluateRule(ruleId, s);
    if (status)
        *status = o.status;
    if (reason)
        *reason = o.reason;
    return o.findings;
}

// The rules that fired, leaving out events-truncated: these small hand-built streams start
// after their oldest post, so that context finding is right but beside the point here.
QStringList rulesOf(const std::vector<Finding> &fs)
{
    QStringList ids;
    for (const Finding &f : fs)
        if (f.rule != QLatin1String("events-truncated"))
            ids << f.rule;
    return ids;
}

const Finding *findingOf(const std::vector<Finding> &fs, const QString &rule, const QString &postId = {})
{
    for (const Finding &f : fs)
        if (f.rule == rule && (postId.isEmpty() || f.posts.contains(postId)))
            return &f;
    return nullptr;
}

// The seed: A at t, B at t+15 s; B's save removed A's job, then added B's.
SnapshotData seed()
{
    SnapshotData d = base();
    const qint64 t = T0 + 2 * 24 * HOUR;
    const qint64 c = T0 - 10 * MIN;
    d.posts.push_back(post(QStringLiteral("A"), t, c));
    d.posts.push_back(post(QStringLiteral("B"), t + 15 * S, c + 20 * S));
    d.jobs.push_back(delayedJob(QStringLiteral("B"), t + 15 * S, c + 20 * S));
    addEvent(d, c, QStringLiteral("added"), QStringLiteral("A"));
    addEvent(d, c, QStringLiteral("delayed"), QStringLiteral("A"));
    addEvent(d, c + 20 * S, QStringLiteral("removed"), QStringLiteral("A"));
    addEvent(d, c + 20 * S, QStringLiteral("added"), QStringLiteral("B"));
    addEvent(d, c + 20 * S, QStringLiteral("delayed"), QStringLiteral("B"));
    return d;
}

} // namespace

class TestRules1 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void catalogHasEveryRuleOnce()
    {
        QStringList ids;
        for (const RulePtr &r : allRules())
            ids << r->info().id;
        QCOMPARE(ids.size(), 25);
        QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 25);
        for (const char *mine : {"job-removed", "group-collision", "job-id-collision", "job-time-mismatch",
                                 "whole-hour-offset", "missing-job", "orphan-job", "state-not-updated",
                                 "duplicate-time-slot", "near-simultaneous", "duplicate-content", "job-ran-twice"})
            QVERIFY2(ids.contains(QString::fromLatin1(mine)), mine);
    }

    void seedJobRemovedNamesBothPosts()
    {
        const Snapshot s = freeze(seed());
        const auto f = run(QStringLiteral("job-removed"), s);
        QCOMPARE(f.size(), size_t(1));
        QCOMPARE(f[0].posts, (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
        QCOMPARE(int(f[0].severity), int(Severity::Critical));
        QVERIFY(f[0].summary.contains(QStringLiteral("Acme on X")));
        QVERIFY(f[0].verify.join(QLatin1Char('\n')).contains(QStringLiteral("HGETALL bull:post:A")));
        QVERIFY(!f[0].verify.join(QLatin1Char('\n')).contains(QStringLiteral("KEYS")));
        // The removal explains the missing job: missing-job stays silent, and the engine
        // folds the near-simultaneous pair into job-removed.
        QVERIFY(run(QStringLiteral("missing-job"), s).empty());
        QCOMPARE(run(QStringLiteral("near-simultaneous"), s).size(), size_t(1));
        const Diagnosis d = diagnose(s, RuleContext::forSnapshot(s));
        QCOMPARE(rulesOf(d.findings), QStringList{QStringLiteral("job-removed")});
        QCOMPARE(rulesOf(d.superseded), QStringList{QStringLiteral("near-simultaneous")});
        QVERIFY(d.hasCritical());
    }

    void ownEditIsNoRemoval()
    {
        // A's own edit: removed, then added again under its id: the job exists.
        SnapshotData d = seed();
        d.posts[0].updatedAt = T0 - 5 * MIN;
        addEvent(d, T0 - 5 * MIN, QStringLiteral("removed"), QStringLiteral("A"));
        addEvent(d, T0 - 5 * MIN, QStringLiteral("added"), QStringLiteral("A"));
        d.jobs.push_back(delayedJob(QStringLiteral("A"), d.posts[0].publishDate, T0 - 5 * MIN));
        const Snapshot s = freeze(d);
        QVERIFY(run(QStringLiteral("job-removed"), s).empty());
        QVERIFY(run(QStringLiteral("missing-job"), s).empty());
    }

    void missingJobNeverQueued()
    {
        SnapshotData d = seed();
        d.posts.push_back(post(QStringLiteral("late"), T0 - 40 * MIN, T0 - 5 * MIN));
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("missing-job"), s);
        QCOMPARE(f.size(), size_t(1));
        QCOMPARE(f[0].posts, QStringList{QStringLiteral("late")});
        QCOMPARE(int(f[0].severity), int(Severity::Critical));
        const QString why = f[0].firedSignals.join(QLatin1Char('\n'));
        QVERIFY2(why.contains(QStringLiteral("never queued")), qPrintable(why));
        QVERIFY2(why.contains(QStringLiteral("past both repair crons' windows")), qPrintable(why));
    }

    void missingJobWithTruncatedEvents()
    {
        // The events stream starts after the post was created: the absence of events says
        // nothing, so the finding must not claim "never queued".
        SnapshotData d = seed();
        d.posts.push_back(post(QStringLiteral("old"), T0 + HOUR, T0 - 2 * 24 * HOUR));
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("missing-job"), s);
        QCOMPARE(f.size(), size_t(1));
        const QString why = f[0].firedSignals.join(QLatin1Char('\n'));
        QVERIFY2(why.contains(QStringLiteral("whether it was ever queued is unknown")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("never queued")), qPrintable(why));
    }

    void missingJobFarAwayIsWarning()
    {
        SnapshotData d = base();
        d.posts.push_back(post(QStringLiteral("far"), T0 + 5 * HOUR, T0 - MIN));
        addEvent(d, T0 - 2 * MIN, QStringLiteral("added"), QStringLiteral("other"));
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("missing-job"), s);
        QCOMPARE(f.size(), size_t(1));
        QCOMPARE(int(f[0].severity), int(Severity::Warning));
    }

    void threadChildrenHaveNoJobByDesign()
    {
        SnapshotData d = base();
        const qint64 t = T0 + HOUR;
        d.posts.push_back(post(QStringLiteral("top"), t, T0 - MIN));
        for (const char *child : {"c1", "c2"}) {
            Post c = post(QString::fromLatin1(child), t, T0 - MIN);
            c.parentPostId = QStringLiteral("top");
            c.group = d.posts[0].group;
            c.content = QStringLiteral("content of top"); // children may repeat text
            d.posts.push_back(c);
        }
        d.jobs.push_back(delayedJob(QStringLiteral("top"), t, T0 - MIN));
        addEvent(d, T0 - MIN, QStringLiteral("added"), QStringLiteral("top"));
        const Snapshot s = freeze(d);
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QVERIFY2(dg.findings.empty(), qPrintable(rulesOf(dg.findings).join(QLatin1Char(' '))));
    }

    void timeMismatch_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("delay");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("exact") << 0LL << HOUR << QStringList{};
        QTest::newRow("3 s late (inside tolerance)") << 3 * S << HOUR << QStringList{};
        QTest::newRow("30 min early") << -30 * MIN << HOUR << QStringList{QStringLiteral("job-time-mismatch")};
        QTest::newRow("2 h early") << -2 * HOUR << 3 * HOUR
                                   << QStringList{QStringLiteral("job-time-mismatch"), QStringLiteral("whole-hour-offset")};
        QTest::newRow("1 h late + 2 s") << HOUR + 2 * S << HOUR
                                        << QStringList{QStringLiteral("job-time-mismatch"), QStringLiteral("whole-hour-offset")};
        QTest::newRow("1 h late + 20 s") << HOUR + 20 * S << HOUR << QStringList{QStringLiteral("job-time-mismatch")};
        // "post now" stores the current minute and adds with delay 0: runs at once.
        QTest::newRow("post now, 40 s after the minute") << 40 * S << 0LL << QStringList{};
    }

    void timeMismatch()
    {
        QFETCH(qint64, offset);
        QFETCH(qint64, delay);
        QFETCH(QStringList, expected);
        SnapshotData d = base();
        const qint64 t = T0 + 4 * HOUR;
        d.posts.push_back(post(QStringLiteral("p"), t, T0 - MIN));
        Job j = delayedJob(QStringLiteral("p"), t + offset, t + offset - delay);
        if (delay == 0) {
            j.state = JobState::Waiting;
            j.stateScore.reset();
            j.fireTimeSource = QStringLiteral("timestamp+opts.delay");
        }
        d.jobs.push_back(j);
        const Snapshot s = freeze(d);
        QStringList fired;
        for (const QString &id : {QStringLiteral("job-time-mismatch"), QStringLiteral("whole-hour-offset")})
            if (!run(id, s).empty())
                fired << id;
        QCOMPARE(fired, expected);
        // One cause: whole-hour-offset supersedes job-time-mismatch.
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QVERIFY2(rulesOf(dg.findings).size() == (expected.isEmpty() ? 0 : 1), qPrintable(rulesOf(dg.findings).join(QLatin1Char(' '))));
        if (expected.contains(QStringLiteral("whole-hour-offset")))
            QCOMPARE(rulesOf(dg.findings).front(), QStringLiteral("whole-hour-offset"));
    }

    void jobIdCollisionSupersedesMismatch()
    {
        SnapshotData d = base();
        const qint64 t = T0 + 24 * HOUR;
        d.posts.push_back(post(QStringLiteral("p"), t + 30 * MIN, T0 - 10 * MIN));
        d.posts[0].updatedAt = T0 - 5 * MIN;
        d.jobs.push_back(delayedJob(QStringLiteral("p"), t, T0 - 10 * MIN));
        addEvent(d, T0 - 10 * MIN, QStringLiteral("added"), QStringLiteral("p"));
        addEvent(d, T0 - 5 * MIN, QStringLiteral("duplicated"), QStringLiteral("p"));
        const Snapshot s = freeze(d);
        QCOMPARE(run(QStringLiteral("job-id-collision"), s).size(), size_t(1));
        QCOMPARE(run(QStringLiteral("job-time-mismatch"), s).size(), size_t(1));
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QCOMPARE(rulesOf(dg.findings), QStringList{QStringLiteral("job-id-collision")});
        QVERIFY(dg.findings.front().summary.contains(QStringLiteral("old time")));
    }

    void groupCollisionVersusPlainDelete()
    {
        SnapshotData d = base();
        const qint64 c = T0 - 30 * MIN;
        Post a = post(QStringLiteral("a"), T0 + 12 * HOUR, c - MIN);
        a.deletedAt = c;
        Post b = post(QStringLiteral("b"), T0 + 13 * HOUR, c + 2);
        d.posts.push_back(a);
        d.posts.push_back(b);
        d.jobs.push_back(delayedJob(QStringLiteral("b"), b.publishDate, c + 3));
        addEvent(d, c - MIN, QStringLiteral("added"), QStringLiteral("a"));
        addEvent(d, c + 3, QStringLiteral("removed"), QStringLiteral("a"));
        addEvent(d, c + 3, QStringLiteral("added"), QStringLiteral("b"));
        {
            const Snapshot s = freeze(d);
            const auto f = run(QStringLiteral("group-collision"), s);
            QCOMPARE(f.size(), size_t(1));
            QCOMPARE(f[0].posts, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
            QVERIFY(run(QStringLiteral("orphan-job"), s).empty());
        }
        // Near miss: a plain delete (Postiz leaves the job) at the same instant as an
        // unrelated creation is an orphan job, not a collision.
        d.events.erase(d.events.begin() + 1);
        d.jobs.push_back(delayedJob(QStringLiteral("a"), a.publishDate, c - MIN));
        const Snapshot s = freeze(d);
        QVERIFY(run(QStringLiteral("group-collision"), s).empty());
        const auto o = run(QStringLiteral("orphan-job"), s);
        QCOMPARE(o.size(), size_t(1));
        QCOMPARE(o[0].posts, QStringList{QStringLiteral("a")});
    }

    void sharedGroupOfLivePosts()
    {
        SnapshotData d = base();
        Post a = post(QStringLiteral("a"), T0 + HOUR, T0 - MIN);
        Post b = post(QStringLiteral("b"), T0 + 2 * HOUR, T0 - MIN);
        b.group = a.group;
        d.posts = {a, b};
        d.jobs = {delayedJob(QStringLiteral("a"), a.publishDate, T0 - MIN), delayedJob(QStringLiteral("b"), b.publishDate, T0 - MIN)};
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("group-collision"), s);
        QCOMPARE(f.size(), size_t(1));
        QCOMPARE(f[0].posts, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    }

    void slotsAndNearSimultaneous()
    {
        SnapshotData d = base();
        const qint64 t = T0 + 10 * HOUR;
        d.posts = {post(QStringLiteral("s1"), t, T0 - MIN), post(QStringLiteral("s2"), t, T0 - MIN),
                   post(QStringLiteral("n1"), t + 5 * HOUR, T0 - MIN), post(QStringLiteral("n2"), t + 5 * HOUR + 15 * S, T0 - MIN),
                   post(QStringLiteral("far"), t + 5 * HOUR + 76 * S, T0 - MIN)};
        for (const Post &p : d.posts)
            d.jobs.push_back(delayedJob(p.id, p.publishDate, T0 - MIN));
        const Snapshot s = freeze(d);
        const auto slots = run(QStringLiteral("duplicate-time-slot"), s);
        QCOMPARE(slots.size(), size_t(1));
        QCOMPARE(slots[0].posts, (QStringList{QStringLiteral("s1"), QStringLiteral("s2")}));
        QCOMPARE(run(QStringLiteral("near-simultaneous"), s).size(), size_t(2));
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QCOMPARE(rulesOf(dg.findings), (QStringList{QStringLiteral("duplicate-time-slot"), QStringLiteral("near-simultaneous")}));
        QCOMPARE(findingOf(dg.findings, QStringLiteral("near-simultaneous"))->posts,
                 (QStringList{QStringLiteral("n1"), QStringLiteral("n2")}));
        QVERIFY(!dg.hasCritical()); // two healthy posts 15 s apart are no fault
    }

    void duplicateContent_data()
    {
        QTest::addColumn<qint64>("gap");
        QTest::addColumn<int>("laterState");
        QTest::addColumn<int>("expected"); // -1 none, else severity
        QTest::newRow("3 h apart") << 3 * HOUR << int(PostState::Queue) << int(Severity::Warning);
        QTest::newRow("25 h apart") << 25 * HOUR << int(PostState::Queue) << -1;
        QTest::newRow("later failed") << 3 * HOUR << int(PostState::Error) << int(Severity::Critical);
    }

    void duplicateContent()
    {
        QFETCH(qint64, gap);
        QFETCH(int, laterState);
        QFETCH(int, expected);
        SnapshotData d = base();
        Post a = post(QStringLiteral("a"), T0 - 5 * HOUR, T0 - 6 * HOUR, PostState::Published);
        Post b = post(QStringLiteral("b"), a.publishDate + gap, T0 - 6 * HOUR, PostState(laterState));
        a.content = b.content = QStringLiteral("Our spring menu is here!");
        d.posts = {a, b};
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("duplicate-content"), s);
        if (expected < 0) {
            QVERIFY(f.empty());
        } else {
            QCOMPARE(f.size(), size_t(1));
            QCOMPARE(int(f[0].severity), expected);
            QCOMPARE(f[0].posts, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        }
    }

    void jobRanTwice_data()
    {
        QTest::addColumn<QStringList>("events");
        QTest::addColumn<bool>("fires");
        QTest::newRow("stalled and re-run") << names({"added", "active", "stalled", "active", "completed"}) << true;
        QTest::newRow("two actives") << names({"added", "active", "active", "completed"}) << true;
        QTest::newRow("once") << names({"added", "delayed", "active", "completed"}) << false;
        QTest::newRow("repeating post, one run per add")
            << names({"added", "active", "completed", "added", "active", "completed"}) << false;
    }

    void jobRanTwice()
    {
        QFETCH(QStringList, events);
        QFETCH(bool, fires);
        SnapshotData d = base();
        d.posts.push_back(post(QStringLiteral("p"), T0 - HOUR, T0 - 2 * HOUR, PostState::Published));
        qint64 t = T0 - HOUR;
        for (const QString &e : events)
            addEvent(d, t += 100, e, QStringLiteral("p"));
        const Snapshot s = freeze(d);
        QCOMPARE(run(QStringLiteral("job-ran-twice"), s).size(), size_t(fires ? 1 : 0));
    }

    void stateNotUpdated()
    {
        SnapshotData d = base();
        Integration expired = d.integrations.front();
        expired.id = QStringLiteral("int-expired");
        expired.refreshNeeded = true;
        d.integrations.push_back(expired);
        Post a = post(QStringLiteral("lost"), T0 - 10 * MIN, T0 - HOUR);
        Post b = post(QStringLiteral("skipped"), T0 - 10 * MIN, T0 - HOUR);
        b.integrationId = expired.id;
        Post c = post(QStringLiteral("url"), T0 - 10 * MIN, T0 - HOUR);
        c.releaseURL = QStringLiteral("https://x.example/p/1");
        d.posts = {a, b, c};
        for (const QString &id : {QStringLiteral("lost"), QStringLiteral("skipped"), QStringLiteral("url")}) {
            addEvent(d, T0 - HOUR, QStringLiteral("added"), id);
            addEvent(d, T0 - 10 * MIN, QStringLiteral("active"), id);
            addEvent(d, T0 - 10 * MIN + 50, QStringLiteral("completed"), id);
        }
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("state-not-updated"), s);
        QStringList posts;
        for (const Finding &x : f)
            posts << x.posts;
        posts.sort();
        QCOMPARE(posts, (QStringList{QStringLiteral("lost"), QStringLiteral("url")}));
        QVERIFY(run(QStringLiteral("missing-job"), s).empty());
    }

    void orphanJobOfAbsentRow()
    {
        SnapshotData d = base();
        d.posts.push_back(post(QStringLiteral("live"), T0 + HOUR, T0 - MIN));
        d.jobs = {delayedJob(QStringLiteral("live"), T0 + HOUR, T0 - MIN), delayedJob(QStringLiteral("gone"), T0 + 2 * HOUR, T0 - MIN)};
        const Snapshot s = freeze(d);
        const auto f = run(QStringLiteral("orphan-job"), s);
        QCOMPARE(f.size(), size_t(1));
        QCOMPARE(f[0].jobs, QStringList{QStringLiteral("gone")});
        QVERIFY(f[0].summary.contains(QStringLiteral("does not exist")));
    }

    void skippedWithoutRedis()
    {
        SnapshotData d = base();
        d.queues.clear();
        d.scope.redisUrl.clear();
        d.posts.push_back(post(QStringLiteral("p"), T0 + HOUR, T0 - MIN));
        const Snapshot s(d);
        for (const QString &id : {QStringLiteral("job-removed"), QStringLiteral("missing-job"), QStringLiteral("orphan-job"),
                                  QStringLiteral("job-id-collision"), QStringLiteral("job-time-mismatch"),
                                  QStringLiteral("whole-hour-offset"), QStringLiteral("job-ran-twice")}) {
            RuleStatus st = RuleStatus::Ran;
            QString reason;
            QVERIFY2(run(id, s, &st, &reason).empty(), qPrintable(id));
            QCOMPARE(int(st), int(RuleStatus::Skipped));
            QVERIFY2(reason.contains(QStringLiteral("Redis")), qPrintable(reason));
        }
        // Rules on the rows alone still run.
        RuleStatus st = RuleStatus::Skipped;
        run(QStringLiteral("near-simultaneous"), s, &st);
        QCOMPARE(int(st), int(RuleStatus::Ran));
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        int skipped = 0;
        for (const RuleRun &r : dg.rules)
            skipped += r.status == RuleStatus::Skipped;
        QVERIFY(skipped >= 7);
    }

    void skippedForMissingColumn()
    {
        SnapshotData d = seed();
        d.server.missingColumns << QStringLiteral("Post.deletedAt");
        const Snapshot s = freeze(d);
        RuleStatus st = RuleStatus::Ran;
        QString reason;
        run(QStringLiteral("orphan-job"), s, &st, &reason);
        QCOMPARE(int(st), int(RuleStatus::Skipped));
        QVERIFY(reason.contains(QStringLiteral("Post.deletedAt")));
    }

    void findingsSortedBySeverityThenTime()
    {
        SnapshotData d = seed();
        d.posts.push_back(post(QStringLiteral("late"), T0 - 40 * MIN, T0 - 30 * MIN));
        d.posts.push_back(post(QStringLiteral("n1"), T0 + 9 * HOUR, T0 - MIN));
        d.posts.push_back(post(QStringLiteral("n2"), T0 + 9 * HOUR + 10 * S, T0 - MIN));
        d.jobs.push_back(delayedJob(QStringLiteral("n1"), T0 + 9 * HOUR, T0 - MIN));
        d.jobs.push_back(delayedJob(QStringLiteral("n2"), T0 + 9 * HOUR + 10 * S, T0 - MIN));
        const Snapshot s = freeze(d);
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QCOMPARE(rulesOf(dg.findings), (QStringList{QStringLiteral("missing-job"), QStringLiteral("job-removed"),
                                                    QStringLiteral("near-simultaneous")}));
        for (const RuleRun &r : dg.rules)
            if (r.id == QLatin1String("near-simultaneous")) {
                QCOMPARE(r.findings, 1);
                QCOMPARE(r.superseded, 1);
            }
    }

    // The shared index (ruleindex.h): lanes in the order integrations first appear among
    // the posts, only scheduled posts, by publishDate with ties in row order; a post of an
    // integration missing from the table still gets a lane.
    void ruleIndexLanes()
    {
        SnapshotData d = base();
        Post gone = post(QStringLiteral("gone"), T0 + HOUR, T0 - MIN);
        gone.integrationId = QStringLiteral("int-gone");
        Post deleted = post(QStringLiteral("del"), T0, T0 - MIN);
        deleted.deletedAt = T0 - MIN;
        Post child = post(QStringLiteral("child"), T0, T0 - MIN);
        child.parentPostId = QStringLiteral("late");
        d.posts = {post(QStringLiteral("draft"), T0 + 3 * HOUR, T0 - MIN, PostState::Draft), gone,
                   post(QStringLiteral("late"), T0 + 2 * HOUR, T0 - MIN), post(QStringLiteral("t1"), T0 + HOUR, T0 - MIN),
                   post(QStringLiteral("t2"), T0 + HOUR, T0 - MIN), deleted, child,
                   post(QStringLiteral("err"), T0 - HOUR, T0 - 2 * HOUR, PostState::Error)};
        d.jobs = {delayedJob(QStringLiteral("late"), T0 + 2 * HOUR, T0 - MIN)};
        const Snapshot s = freeze(d);
        const RuleIndex index(s);
        QVERIFY(index.isFor(s));
        QCOMPARE(index.laneCount(), 2);
        QCOMPARE(index.laneIntegration(0), intX);
        QCOMPARE(index.laneIntegration(1), QStringLiteral("int-gone"));
        QCOMPARE(index.laneOf(QStringLiteral("int-gone")), 1);
        QCOMPARE(index.laneOf(QStringLiteral("int-none")), -1);
        const auto rows = index.laneRows(0);
        QCOMPARE(std::vector<int>(rows.begin(), rows.end()), (std::vector<int>{7, 3, 4, 2}));
        const auto dates = index.laneDates(0);
        QCOMPARE(std::vector<qint64>(dates.begin(), dates.end()),
                 (std::vector<qint64>{T0 - HOUR, T0 + HOUR, T0 + HOUR, T0 + 2 * HOUR}));
        QCOMPARE(index.liveQueued(), (std::vector<int>{1, 2, 3, 4}));
        QCOMPARE(index.joblessQueued(), (std::vector<int>{1, 3, 4}));
        QCOMPARE(index.errored(), std::vector<int>{7});
        QVERIFY(index.state(0) == PostState::Draft);
        QVERIFY(!index.isLiveTopLevel(5) && !index.isLiveTopLevel(6) && index.isLiveTopLevel(7));
    }

    void runsAndEqualTexts()
    {
        using rulesupport::closeRuns;
        const std::vector<qint64> times{0, 5, 20, 21, 22, 40};
        QVERIFY((closeRuns(times, 5) == std::vector<std::pair<size_t, size_t>>{{0, 2}, {2, 5}}));
        QVERIFY((closeRuns(times, 1) == std::vector<std::pair<size_t, size_t>>{{2, 5}}));
        QVERIFY(closeRuns(times, 0).empty());
        QVERIFY(closeRuns({}, 5).empty());
        const QStringList texts{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"),
                                QStringLiteral("b"), QStringLiteral("a")};
        auto classes = rulesupport::equalTexts(std::vector<int>{0, 1, 2, 3, 4, 5},
                                               [&](int i) -> const QString & { return texts[i]; });
        std::sort(classes.begin(), classes.end()); // the order of the classes is the hashes'
        QVERIFY((classes == std::vector<std::vector<int>>{{0, 2, 5}, {1, 4}}));
        QVERIFY(rulesupport::equalTexts(std::vector<int>{3}, [&](int i) -> const QString & { return texts[i]; }).empty());
    }

    // A context may carry the index of another snapshot (a stale one): it is not used.
    void contextIndexOfAnotherSnapshotIsIgnored()
    {
        SnapshotData d = base();
        d.posts = {post(QStringLiteral("s1"), T0 + HOUR, T0 - MIN), post(QStringLiteral("s2"), T0 + HOUR, T0 - MIN)};
        const Snapshot s = freeze(d);
        const Snapshot other = freeze(base());
        RuleContext c = RuleContext::forSnapshot(s);
        c.index = std::make_shared<const RuleIndex>(other);
        QVERIFY(RuleIndex::of(s, c) != c.index);
        QCOMPARE(RuleIndex::of(other, c), c.index);
        const RuleOutcome o = findRule(QStringLiteral("duplicate-time-slot"))->evaluate(s, c);
        QCOMPARE(o.findings.size(), size_t(1));
        QCOMPARE(o.findings[0].posts, (QStringList{QStringLiteral("s1"), QStringLiteral("s2")}));
        QCOMPARE(rulesOf(diagnose(s, c).findings), rulesOf(diagnose(s, RuleContext::forSnapshot(s)).findings));
    }

    void demoNamesTheSeedAndEveryLane()
    {
        const QString path = qEnvironmentVariable("POSTSCOPE_SOURCE_DIR") + QStringLiteral("/resources/demo-snapshot.json");
        SnapshotData data;
        QString error;
        QVERIFY2(snapshotfile::load(path, &data, &error), qPrintable(error));
        const Snapshot s(std::move(data));
        const Diagnosis dg = diagnose(s, RuleContext::forSnapshot(s));
        QString seedIntegration;
        for (const Integration &i : s.integrations())
            if (i.name == QLatin1String("Acme Coffee on X (seed)"))
                seedIntegration = i.id;
        QVERIFY(!seedIntegration.isEmpty());
        QStringList seedPosts;
        for (int row : s.postsOfIntegration(seedIntegration))
            seedPosts << s.posts().at(size_t(row)).id;
        QCOMPARE(seedPosts.size(), 2);
        const Finding *removed = findingOf(dg.findings, QStringLiteral("job-removed"));
        QVERIFY(removed);
        QCOMPARE(removed->posts, seedPosts); // the removed post (14:30:00) first, the saver second
        QVERIFY(removed->summary.contains(QStringLiteral("Acme Coffee on X (seed)")));
        QCOMPARE(removed->integrations, QStringList{seedIntegration});
        // Group 1's lanes of the demo, by the integration each lane created.
        const QList<QPair<QString, QString>> lanes{
            {QStringLiteral("group-collision"), QStringLiteral("Acme Coffee on LinkedIn (groups)")},
            {QStringLiteral("job-id-collision"), QStringLiteral("Acme Coffee on Facebook")},
            {QStringLiteral("whole-hour-offset"), QStringLiteral("Acme Coffee on Instagram (TZ)")},
            {QStringLiteral("missing-job"), QStringLiteral("Acme Coffee on Instagram (late save)")},
            {QStringLiteral("state-not-updated"), QStringLiteral("Acme Coffee on X (db lost)")},
            {QStringLiteral("orphan-job"), QStringLiteral("Northwind Studio on Facebook (deleted posts)")},
            {QStringLiteral("duplicate-time-slot"), QStringLiteral("Acme Coffee on LinkedIn (same slot)")},
            {QStringLiteral("duplicate-content"), QStringLiteral("Acme Coffee on X (repeats)")},
            {QStringLiteral("job-ran-twice"), QStringLiteral("Acme Coffee on X (ran twice)")},
        };
        for (const auto &[rule, name] : lanes) {
            bool found = false;
            for (const Finding &f : dg.findings) {
                if (f.rule != rule)
                    continue;
                for (const QString &id : f.integrations)
                    found = found || (s.integration(id) && s.integration(id)->name == name);
            }
            QVERIFY2(found, qPrintable(rule + QStringLiteral(" on ") + name));
        }
        // The job-id-collision lane's mismatch is folded into the collision, the TZ lane's
        // into whole-hour-offset: no job-time-mismatch finding is left.
        QVERIFY(!findingOf(dg.findings, QStringLiteral("job-time-mismatch")));
        QVERIFY(!findingOf(dg.findings, QStringLiteral("stub-job-removed")));
    }
};

QTEST_GUILESS_MAIN(TestRules1)
#include "tst_rules1.moc"
