// BullmqSource against the real Redis of tests/services, with jobs written by the real
// bullmq (tests/fixtures/generate.mjs): what it reads must match what the generator
// reports, it must only run read commands, and bad input must become gaps / problems.

#include "sources/bullmqsource.h"
#include "testservices.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSet>
#include <QTest>

#include <atomic>
#include <thread>

using namespace postscope;

namespace {

// Redis dbs 40..49 belong to this test (the others are used by other tests).
constexpr int kDbCompare = 40; // + variant index
constexpr int kDbBadInput = 44;

const QString kRoUser = QStringLiteral("postscope_ro");
const QString kRoPassword = QStringLiteral("r0:p@ss/wörd"); // needs percent-encoding in a URL
const QString kMinUser = QStringLiteral("postscope_min");
const QString kMinPassword = QStringLiteral("min-pw");

struct CaptureOut {
    bool opened = false;
    QString error;
    SnapshotData data;
};

CaptureOut capture(const QString &url, const std::function<void(RedisOptions &)> &tweak = {},
                   const CaptureContext &ctx = {})
{
    RedisOptions o;
    o.url = url;
    o.connectTimeoutMs = 3000;
    o.commandTimeoutMs = 20000;
    if (tweak)
        tweak(o);
    CaptureOut r;
    BullmqSource s(o);
    r.opened = s.open(r.data, ctx, &r.error);
    if (r.opened)
        s.read(r.data, ctx);
    s.close();
    return r;
}

const Job *findJob(const SnapshotData &d, const QString &id)
{
    for (const Job &j : d.jobs) {
        if (j.id == id && j.queue == QLatin1String("post"))
            return &j;
    }
    return nullptr;
}

const QueueInfo *findQueue(const SnapshotData &d, const QString &name)
{
    for (const QueueInfo &q : d.queues) {
        if (q.name == name)
            return &q;
    }
    return nullptr;
}

QString gapsText(const SnapshotData &d)
{
    QStringList l;
    for (const Gap &g : d.gaps)
        l << g.subject + QStringLiteral(": ") + g.reason;
    return l.join(u'\n');
}

const Gap *findGap(const SnapshotData &d, const QString &subjectPart, const QString &reasonPart)
{
    for (const Gap &g : d.gaps) {
        if (g.subject.contains(subjectPart) && g.reason.contains(reasonPart))
            return &g;
    }
    return nullptr;
}

// INFO commandstats -> command -> calls + rejected + failed.
QHash<QString, qint64> commandStats()
{
    bool ok = false;
    const QString out = testsvc::redisCli(0, {QStringLiteral("INFO"), QStringLiteral("commandstats")}, &ok);
    QHash<QString, qint64> m;
    if (!ok)
        return m;
    for (const QString &line : out.split(u'\n', Qt::SkipEmptyParts)) {
        const QString l = line.trimmed();
        if (!l.startsWith(QLatin1String("cmdstat_")))
            continue;
        const qsizetype colon = l.indexOf(u':');
        const QString name = l.mid(8, colon - 8);
        qint64 n = 0;
        for (const QString &kv : l.mid(colon + 1).split(u',')) {
            const auto p = kv.split(u'=');
            if (p.size() == 2 && (p[0] == QLatin1String("calls") || p[0] == QLatin1String("rejected_calls")
                                  || p[0] == QLatin1String("failed_calls")))
                n += p[1].toLongLong();
        }
        m.insert(name, n);
    }
    return m;
}

QString runTool(const QString &program, const QStringList &args, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

int freePort()
{
    return runTool(QStringLiteral("python3"),
                   {QStringLiteral("-c"),
                    QStringLiteral("import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); "
                                   "print(s.getsockname()[1]); s.close()")})
        .toInt();
}

} // namespace

class TestBullmqSource : public QObject
{
    Q_OBJECT

private:
    QString m_pgUrl;

    // Several small lanes written one after another into one Redis db (kept small: the
    // generator's report is one JSON document on stdout). Worker lanes first, then the
    // stalled job, then the pause, as generate.mjs asks. The reports are merged: jobs by
    // id (a later run's read-back wins), events concatenated (each run reports its own).
    QJsonObject writeScenarios(int db, const QString &variant)
    {
        bool ok = false;
        testsvc::redisCli(db, {QStringLiteral("FLUSHDB")}, &ok);
        if (!ok)
            return {};
        QJsonObject merged;
        QHash<QString, QJsonObject> jobs;
        QStringList order;
        QJsonArray events;
        for (const char *scenario : {"healthy", "job-id-collision", "rate-limit-risk", "duplicate-time-slot",
                                     "stalled", "queue-paused"}) {
            QString error;
            const QJsonObject r = testsvc::runScenario(QLatin1String(scenario), variant, m_pgUrl,
                                                       testsvc::redisUrl(db), {}, &error);
            if (r.isEmpty()) {
                qWarning("%s: %s", scenario, qPrintable(error));
                return {};
            }
            for (const QJsonValue &v : r.value(QLatin1String("jobs")).toArray()) {
                const QString id = v.toObject().value(QLatin1String("id")).toString();
                if (!jobs.contains(id))
                    order << id;
                jobs.insert(id, v.toObject());
            }
            for (const QJsonValue &v : r.value(QLatin1String("events")).toArray())
                events.append(v);
            merged.insert(QLatin1String("meta"), r.value(QLatin1String("meta")));
            merged.insert(QLatin1String("streamLength"), r.value(QLatin1String("streamLength")));
        }
        QJsonArray jobArray;
        for (const QString &id : std::as_const(order))
            jobArray.append(jobs.value(id));
        merged.insert(QLatin1String("jobs"), jobArray);
        merged.insert(QLatin1String("events"), events);
        return merged;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto &svc = testsvc::services();
        QVERIFY2(svc.ok, qPrintable(svc.error));
        QString error;
        m_pgUrl = testsvc::createPostizDatabase(QStringLiteral("postscope_bullmqsource"), &error);
        QVERIFY2(!m_pgUrl.isEmpty(), qPrintable(error));

        bool ok = false;
        // Read-only user: every read command, nothing else; KEYS explicitly denied.
        testsvc::redisCli(0, {QStringLiteral("ACL"), QStringLiteral("SETUSER"), kRoUser, QStringLiteral("reset"),
                              QStringLiteral("on"), QStringLiteral(">") + kRoPassword, QStringLiteral("~*"),
                              QStringLiteral("&*"), QStringLiteral("+@read"), QStringLiteral("+info"),
                              QStringLiteral("+time"), QStringLiteral("+client|list"), QStringLiteral("+client|id"), QStringLiteral("+ping"),
                              QStringLiteral("+select"), QStringLiteral("-keys")},
                          &ok);
        QVERIFY(ok);
        // A stricter user, as on managed Redis: no INFO, no CLIENT.
        testsvc::redisCli(0, {QStringLiteral("ACL"), QStringLiteral("SETUSER"), kMinUser, QStringLiteral("reset"),
                              QStringLiteral("on"), QStringLiteral(">") + kMinPassword, QStringLiteral("~*"),
                              QStringLiteral("+@read"), QStringLiteral("+time"), QStringLiteral("+ping"),
                              QStringLiteral("+select"), QStringLiteral("-keys"), QStringLiteral("-info"),
                              QStringLiteral("-client")},
                          &ok);
        QVERIFY(ok);
    }

    void cleanupTestCase()
    {
        testsvc::redisCli(0, {QStringLiteral("ACL"), QStringLiteral("DELUSER"), kRoUser, kMinUser});
    }

    // What bullmq wrote, as the generator read it back, is what postscope reads.
    void captureMatchesGenerator_data()
    {
        QTest::addColumn<QString>("variant");
        QTest::addColumn<int>("db");
        const QStringList variants = testsvc::bullmqVariants();
        for (int i = 0; i < variants.size(); ++i)
            QTest::newRow(qPrintable(variants[i])) << variants[i] << kDbCompare + i;
    }

    void captureMatchesGenerator()
    {
        QFETCH(QString, variant);
        QFETCH(int, db);
        const QJsonObject report = writeScenarios(db, variant);
        QVERIFY2(!report.isEmpty(), "the generator failed (see warning)");

        // Small batches and event pages, so paging and pipelining cross many boundaries.
        const CaptureOut c = capture(testsvc::redisUrl(db), [](RedisOptions &o) { o.batchSize = 7; });
        QVERIFY2(c.opened, qPrintable(c.error));
        QVERIFY2(c.data.gaps.empty(), qPrintable(gapsText(c.data)));

        const SnapshotData &d = c.data;
        QCOMPARE(d.server.redisDb, std::optional<qint64>(db));
        QVERIFY(d.server.redisVersion.startsWith(QLatin1String("7.")));
        QCOMPARE(d.server.maxmemoryPolicy, QStringLiteral("noeviction"));
        QVERIFY(d.server.clientListPermitted);
        QVERIFY(d.server.redisTime.has_value());
        QVERIFY(qAbs(*d.server.redisTime - *d.server.localTime) < 2000);

        const QueueInfo *q = findQueue(d, QStringLiteral("post"));
        QVERIFY(q);
        QCOMPARE(d.queues.size(), size_t(1));
        const QJsonObject meta = report.value(QLatin1String("meta")).toObject();
        QVERIFY(q->metaPresent);
        QVERIFY(q->hasAnyKey);
        QCOMPARE(q->paused, meta.value(QLatin1String("paused")).toString() == QLatin1String("1"));
        QCOMPARE(q->maxLenEvents, std::optional<qint64>(meta.value(QLatin1String("maxLenEvents")).toString().toLongLong()));
        if (meta.value(QLatin1String("version")).isString())
            QCOMPARE(q->version, meta.value(QLatin1String("version")).toString());
        QCOMPARE(q->eventsLength, qint64(report.value(QLatin1String("streamLength")).toInt()));
        QCOMPARE(q->eventsRead, q->eventsLength);
        QVERIFY(!q->eventsTruncatedByCapture);
        QCOMPARE(q->workersSeen, std::optional<qint64>(0)); // generator stopped its workers

        // Jobs: every job the report says exists, in its state, with its fire time.
        const QJsonArray jobs = report.value(QLatin1String("jobs")).toArray();
        QSet<QString> expectedIds;
        int delayed = 0;
        for (const QJsonValue &v : jobs) {
            const QJsonObject j = v.toObject();
            const QString id = j.value(QLatin1String("id")).toString();
            const QString state = j.value(QLatin1String("state")).toString();
            const Job *job = findJob(d, id);
            if (state == QLatin1String("none")) {
                QVERIFY2(!job, qPrintable(id));
                continue;
            }
            // "unknown" (a hash in no structure) would need a SCAN over every job key,
            // which postscope does not do; the scenario must not produce one.
            QVERIFY2(state != QLatin1String("unknown"), qPrintable(id));
            expectedIds.insert(id);
            QVERIFY2(job, qPrintable(id));
            QCOMPARE(toString(job->state), state);
            QVERIFY(job->alsoIn.isEmpty());
            QVERIFY(job->hashPresent);
            QVERIFY2(job->problems.isEmpty(), qPrintable(job->problems.join(u'|')));
            QCOMPARE(job->hasLock, j.value(QLatin1String("hasLock")).toBool());
            QCOMPARE(job->dataPostId, id);
            QCOMPARE(job->name, QStringLiteral("post"));
            const QJsonValue ft = j.value(QLatin1String("fireTime"));
            QVERIFY(ft.isDouble());
            QCOMPARE(job->fireTime, std::optional<qint64>(qint64(ft.toDouble())));
            if (job->state == JobState::Delayed) {
                ++delayed;
                QCOMPARE(job->fireTimeSource, QStringLiteral("delayed-score"));
            } else {
                // Promoted: the hash's delay is 0 now, opts.delay still has it.
                QCOMPARE(job->fireTimeSource, QStringLiteral("timestamp+opts.delay"));
            }
        }
        QVERIFY(delayed > 10);
        QCOMPARE(qsizetype(d.jobs.size()), expectedIds.size());

        // The stalled lane's job: in active, lock gone.
        bool sawActiveWithoutLock = false;
        for (const Job &j : d.jobs)
            sawActiveWithoutLock = sawActiveWithoutLock || (j.state == JobState::Active && !j.hasLock);
        QVERIFY(sawActiveWithoutLock);

        // Events: exactly the stream, oldest first.
        const QJsonArray events = report.value(QLatin1String("events")).toArray();
        QCOMPARE(qsizetype(d.events.size()), events.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject e = events[i].toObject();
            const QueueEvent &got = d.events[size_t(i)];
            QCOMPARE(got.streamId, e.value(QLatin1String("streamId")).toString());
            QCOMPARE(got.time, qint64(e.value(QLatin1String("time")).toDouble()));
            QCOMPARE(got.event, e.value(QLatin1String("event")).toString());
            if (e.value(QLatin1String("jobId")).isString())
                QCOMPARE(got.jobId, e.value(QLatin1String("jobId")).toString());
            QCOMPARE(got.queue, QStringLiteral("post"));
        }
        QCOMPARE(q->oldestEventTime, std::optional<qint64>(d.events.front().time));
        QCOMPARE(q->newestEventTime, std::optional<qint64>(d.events.back().time));

        // Event history capped by the capture: the newest ones, flagged as truncated.
        const CaptureOut few = capture(testsvc::redisUrl(db), [](RedisOptions &o) {
            o.maxEvents = 10;
            o.batchSize = 3;
        });
        QVERIFY(few.opened);
        const QueueInfo *fq = findQueue(few.data, QStringLiteral("post"));
        QVERIFY(fq);
        QCOMPARE(fq->eventsRead, 10);
        QVERIFY(fq->eventsTruncatedByCapture);
        QCOMPARE(few.data.events.size(), size_t(10));
        for (size_t i = 0; i < 10; ++i)
            QCOMPARE(few.data.events[i].streamId, d.events[d.events.size() - 10 + i].streamId);

        // Every command was logged, AUTH-free here, and pipelined job reads as batches.
        bool sawBatch = false;
        for (const ActivityEntry &a : d.activity) {
            QCOMPARE(a.source, QStringLiteral("redis"));
            sawBatch = sawBatch || a.text.contains(QLatin1String("(pipelined)"));
        }
        QVERIFY(sawBatch);
    }

    // Captured as an ACL user that may only read: nothing is refused, and the server's
    // own statistics show that only read commands ran (no KEYS, no write).
    void readOnlyUser()
    {
        const QStringList variants = testsvc::bullmqVariants();
        const int db = kDbCompare;
        bool ok = false;
        QVERIFY(testsvc::redisCli(db, {QStringLiteral("EXISTS"), QStringLiteral("bull:post:meta")}, &ok)
                    .startsWith(u'1'));

        const QHash<QString, qint64> before = commandStats();
        QVERIFY(!before.isEmpty());
        const CaptureOut c = capture(testsvc::redisUrl(db, kRoUser, kRoPassword));
        const QHash<QString, qint64> after = commandStats();
        QVERIFY2(c.opened, qPrintable(c.error));
        for (const Gap &g : c.data.gaps)
            QVERIFY2(!g.reason.contains(QLatin1String("NOPERM")) && !g.reason.contains(QLatin1String("not permitted")),
                     qPrintable(g.subject + QStringLiteral(": ") + g.reason));
        QVERIFY2(c.data.gaps.empty(), qPrintable(gapsText(c.data)));
        QVERIFY(c.data.server.infoPermitted);
        QVERIFY(c.data.server.clientListPermitted);
        QVERIFY(c.data.jobs.size() > 10);
        QVERIFY(!c.data.events.empty());

        // The password never reaches the activity log.
        bool sawAuth = false;
        for (const ActivityEntry &a : c.data.activity) {
            QVERIFY2(!a.text.contains(kRoPassword), qPrintable(a.text));
            if (a.text.startsWith(QLatin1String("AUTH"))) {
                sawAuth = true;
                QCOMPARE(a.text, QStringLiteral("AUTH %1 ****").arg(kRoUser));
            }
        }
        QVERIFY(sawAuth);

        static const QSet<QString> reads{
            QStringLiteral("scan"),   QStringLiteral("hgetall"),   QStringLiteral("hget"),
            QStringLiteral("get"),    QStringLiteral("exists"),    QStringLiteral("type"),
            QStringLiteral("lrange"), QStringLiteral("llen"),      QStringLiteral("zrange"),
            QStringLiteral("zcard"),  QStringLiteral("sscan"),     QStringLiteral("scard"),
            QStringLiteral("xlen"),   QStringLiteral("xrevrange"), QStringLiteral("xinfo"),
            QStringLiteral("info"),   QStringLiteral("time"),      QStringLiteral("client|list"), QStringLiteral("client|id"),
            QStringLiteral("ping"),   QStringLiteral("auth"),      QStringLiteral("select")};
        QStringList ran;
        for (auto it = after.cbegin(); it != after.cend(); ++it) {
            const qint64 delta = it.value() - before.value(it.key());
            if (delta <= 0)
                continue;
            ran << QStringLiteral("%1×%2").arg(it.key()).arg(delta);
            QVERIFY2(reads.contains(it.key()), qPrintable(QStringLiteral("ran %1: %2").arg(it.key(), ran.join(u' '))));
        }
        QVERIFY2(!ran.filter(QStringLiteral("keys")).size(), qPrintable(ran.join(u' ')));
        // The capture really went through this server.
        for (const char *cmd : {"scan", "hgetall", "xrevrange", "zrange", "auth", "select", "client|list"})
            QVERIFY2(after.value(QLatin1String(cmd)) > before.value(QLatin1String(cmd)), cmd);
        Q_UNUSED(variants);
    }

    // Managed Redis often forbids INFO and CLIENT: "unknown", never "none".
    void userWithoutInfoAndClient()
    {
        const CaptureOut c = capture(testsvc::redisUrl(kDbCompare, kMinUser, kMinPassword));
        QVERIFY2(c.opened, qPrintable(c.error));
        QCOMPARE(c.data.server.maxmemoryPolicy, QStringLiteral("unknown"));
        QCOMPARE(c.data.server.redisVersion, QStringLiteral("unknown"));
        QVERIFY(!c.data.server.infoPermitted);
        QVERIFY(!c.data.server.clientListPermitted);
        QVERIFY(c.data.workers.empty());
        const QueueInfo *q = findQueue(c.data, QStringLiteral("post"));
        QVERIFY(q);
        QVERIFY(!q->workersSeen.has_value());
        QVERIFY(findGap(c.data, QStringLiteral("INFO"), QStringLiteral("unknown")));
        QVERIFY(findGap(c.data, QStringLiteral("CLIENT LIST"), QStringLiteral("unknown")));
        QVERIFY(c.data.server.redisTime.has_value());
        // Everything else is still read.
        QVERIFY(c.data.jobs.size() > 10);
        QVERIFY(!c.data.events.empty());
        QCOMPARE(c.data.gaps.size(), size_t(2));
    }

    void cannotConnect_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("errorPart");
        const auto &svc = testsvc::services();
        QTest::newRow("wrong password") << testsvc::redisUrl(0, kRoUser, QStringLiteral("wrong"))
                                        << QStringLiteral("authentication failed for user 'postscope_ro': WRONGPASS");
        QTest::newRow("password, no such user") << testsvc::redisUrl(0, QStringLiteral("nobody"), QStringLiteral("x"))
                                                << QStringLiteral("WRONGPASS");
        QTest::newRow("closed port") << QStringLiteral("redis://127.0.0.1:1/0")
                                     << QStringLiteral("Cannot connect to Redis at 127.0.0.1:1: Connection refused");
        QTest::newRow("tls") << QStringLiteral("rediss://127.0.0.1:%1/0").arg(svc.redisPort)
                             << QStringLiteral("TLS is not supported by this build (hiredis 0.14)");
        QTest::newRow("db out of range") << QStringLiteral("redis://127.0.0.1:%1/99").arg(svc.redisPort)
                                         << QStringLiteral("Cannot select Redis database 99");
        QTest::newRow("bad db") << QStringLiteral("redis://127.0.0.1:%1/x").arg(svc.redisPort)
                                << QStringLiteral("Invalid database number 'x'");
        QTest::newRow("other scheme") << QStringLiteral("http://127.0.0.1/") << QStringLiteral("Unsupported Redis URL scheme");
        QTest::newRow("empty") << QString() << QStringLiteral("No Redis URL");
    }

    void cannotConnect()
    {
        QFETCH(QString, url);
        QFETCH(QString, errorPart);
        RedisOptions o;
        o.url = url;
        o.connectTimeoutMs = 3000;
        SnapshotData data;
        QString error;
        BullmqSource s(o);
        QVERIFY(!s.open(data, {}, &error));
        QVERIFY2(error.contains(errorPart), qPrintable(error));
        QCOMPARE(data.gaps.size(), size_t(1));
        QCOMPARE(data.gaps.front().reason, error);
        // Reading anyway is harmless: one more gap, nothing else.
        s.read(data, {});
        QVERIFY(data.jobs.empty());
        QCOMPARE(data.gaps.size(), size_t(2));
        for (const ActivityEntry &a : data.activity)
            QVERIFY(!a.text.contains(QLatin1String("wrong")));
    }

    // Raw corruption written after bullmq created the jobs.
    void badInput()
    {
        const int db = kDbBadInput;
        const QJsonObject report = writeScenarios(db, QStringLiteral("5.12"));
        QVERIFY2(!report.isEmpty(), "the generator failed (see warning)");
        QStringList delayed;
        QStringList others;
        for (const QJsonValue &v : report.value(QLatin1String("jobs")).toArray()) {
            const QJsonObject j = v.toObject();
            const QString state = j.value(QLatin1String("state")).toString();
            if (state == QLatin1String("delayed"))
                delayed << j.value(QLatin1String("id")).toString();
            else if (state != QLatin1String("none"))
                others << j.value(QLatin1String("id")).toString();
        }
        QVERIFY(delayed.size() >= 8);
        QVERIFY(!others.isEmpty());
        const QString badData = delayed[0], badOpts = delayed[1], badTimestamp = delayed[2], badUtf8 = delayed[3],
                      huge = delayed[4], wrongType = delayed[5];
        const auto key = [](const QString &id) -> QString { return QStringLiteral("bull:post:") + id; };
        bool ok = false;
        testsvc::redisCli(db, {QStringLiteral("HSET"), key(badData), QStringLiteral("data"), QStringLiteral("{not json")}, &ok);
        QVERIFY(ok);
        testsvc::redisCli(db, {QStringLiteral("HSET"), key(badOpts), QStringLiteral("opts"), QStringLiteral("[1,")}, &ok);
        QVERIFY(ok);
        testsvc::redisCli(db, {QStringLiteral("HSET"), key(badTimestamp), QStringLiteral("timestamp"), QStringLiteral("yesterday")}, &ok);
        QVERIFY(ok);
        QVERIFY(testsvc::redisCliPipe(db, testsvc::resp({"HSET", key(badUtf8).toUtf8(), "data",
                                                         QByteArray("{\"id\":\"\xff\xfe\xc3\"}")})));
        QVERIFY(testsvc::redisCliPipe(db, testsvc::resp({"HSET", key(huge).toUtf8(), "data",
                                                         QByteArray(50 * 1024 * 1024, 'x')})));
        testsvc::redisCli(db, {QStringLiteral("DEL"), key(wrongType)}, &ok);
        testsvc::redisCli(db, {QStringLiteral("SET"), key(wrongType), QStringLiteral("not a hash")}, &ok);
        QVERIFY(ok);

        CaptureOut c = capture(testsvc::redisUrl(db));
        QVERIFY2(c.opened, qPrintable(c.error));
        const SnapshotData &d = c.data;
        const auto problems = [&](const QString &id) {
            const Job *j = findJob(d, id);
            return j ? j->problems.join(u'|') : QStringLiteral("<no job>");
        };
        QVERIFY2(problems(badData).contains(QLatin1String("data is not valid JSON")), qPrintable(problems(badData)));
        QVERIFY(findJob(d, badData)->fireTime.has_value()); // still from the delayed score
        QVERIFY2(problems(badOpts).contains(QLatin1String("opts is not valid JSON")), qPrintable(problems(badOpts)));
        QVERIFY2(problems(badTimestamp).contains(QLatin1String("'timestamp' is not a number")),
                 qPrintable(problems(badTimestamp)));
        QVERIFY2(problems(badUtf8).contains(QLatin1String("'data' is not valid UTF-8")), qPrintable(problems(badUtf8)));
        QVERIFY(findJob(d, badUtf8)->data.contains(QChar(0xFFFD)));
        QVERIFY2(problems(huge).contains(QLatin1String("only the first 1048576 were kept")), qPrintable(problems(huge)));
        QVERIFY(findJob(d, huge)->data.size() <= 1048576);
        QVERIFY(findGap(d, key(huge), QStringLiteral("'data' is longer than 1048576 bytes")));
        const Job *wt = findJob(d, wrongType);
        QVERIFY(wt);
        QVERIFY(!wt->hashPresent);
        QVERIFY(wt->state == JobState::Delayed);
        QVERIFY(wt->fireTime.has_value());
        QVERIFY2(findGap(d, key(wrongType), QStringLiteral("WRONGTYPE: expected a hash, found string")),
                 qPrintable(gapsText(d)));
        QCOMPARE(d.gaps.size(), size_t(2));

        // The rest is untouched.
        for (const QString &id : delayed.mid(6) + others) {
            const Job *j = findJob(d, id);
            QVERIFY2(j, qPrintable(id));
            QVERIFY(j->hashPresent);
            QVERIFY2(j->problems.isEmpty(), qPrintable(j->problems.join(u'|')));
            QCOMPARE(j->dataPostId, id);
        }
        QCOMPARE(qsizetype(d.events.size()), qsizetype(report.value(QLatin1String("events")).toArray().size()));

        // The delayed zset replaced by a string: a gap; the other states, meta and events stay.
        testsvc::redisCli(db, {QStringLiteral("RENAME"), QStringLiteral("bull:post:delayed"), QStringLiteral("saved")}, &ok);
        QVERIFY(ok);
        testsvc::redisCli(db, {QStringLiteral("SET"), QStringLiteral("bull:post:delayed"), QStringLiteral("oops")}, &ok);
        QVERIFY(ok);
        c = capture(testsvc::redisUrl(db));
        QVERIFY(c.opened);
        QVERIFY2(findGap(c.data, QStringLiteral("bull:post:delayed"),
                         QStringLiteral("WRONGTYPE: expected a sorted set (zset), found string")),
                 qPrintable(gapsText(c.data)));
        QCOMPARE(c.data.gaps.size(), size_t(1));
        for (const QString &id : others)
            QVERIFY2(findJob(c.data, id), qPrintable(id));
        QCOMPARE(qsizetype(c.data.jobs.size()), others.size());
        QVERIFY(!c.data.events.empty());
        QVERIFY(findQueue(c.data, QStringLiteral("post"))->metaPresent);
    }

    // A server that dies while postscope reads: a gap, what was read is kept, no crash.
    void serverKilledMidCapture()
    {
        const int port = freePort();
        QVERIFY(port > 0);
        const QString dir = QDir::tempPath() + QStringLiteral("/postscope-redis-kill-%1").arg(port);
        QDir().mkpath(dir);
        QProcess server;
        server.start(QStringLiteral("redis-server"),
                     {QStringLiteral("--port"), QString::number(port), QStringLiteral("--bind"),
                      QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(), QStringLiteral("--appendonly"),
                      QStringLiteral("no"), QStringLiteral("--dir"), dir});
        QVERIFY(server.waitForStarted());
        // Whatever fails below, the server must not outlive the test.
        const auto stopServer = qScopeGuard([&] {
            if (server.state() != QProcess::NotRunning) {
                server.kill();
                server.waitForFinished(5000);
            }
            QDir(dir).removeRecursively();
        });
        const QString cli = QStringLiteral("redis-cli");
        const QStringList cliArgs{QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                                  QString::number(port)};
        QTRY_COMPARE_WITH_TIMEOUT(runTool(cli, cliArgs + QStringList{QStringLiteral("PING")}),
                                  QStringLiteral("PONG"), 10000);

        const QString url = QStringLiteral("redis://127.0.0.1:%1/0").arg(port);
        // Many jobs, added the way Postiz adds them, by the pinned bullmq (the generator's
        // lanes are small).
        const QString bullmq = testsvc::fixturesDir() + QStringLiteral("/bullmq-latest/node_modules/bullmq");
        QVERIFY2(QFileInfo::exists(bullmq), qPrintable(bullmq));
        const QString fill = QStringLiteral(
            "const { Queue } = require(process.argv[1]);"
            "(async () => {"
            "  const q = new Queue('post', { connection: { host: '127.0.0.1', port: Number(process.argv[2]) } });"
            "  for (let s = 0; s < 2000; s += 500) {"
            "    const jobs = [];"
            "    for (let i = s; i < s + 500; i++) {"
            "      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, delay = 3600000 + i * 1000;"
            "      jobs.push({ name: 'post', data: { id, options: { delay }, payload: { id, delay } },"
            "                  opts: { jobId: id, delay, removeOnComplete: true, removeOnFail: true } });"
            "    }"
            "    await q.addBulk(jobs);"
            "  }"
            "  await q.close();"
            "})().catch((e) => { console.error(e); process.exit(1); });");
        int exitCode = -1;
        runTool(QStringLiteral("node"), {QStringLiteral("-e"), fill, bullmq, QString::number(port)}, &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(runTool(cli, cliArgs + QStringList{QStringLiteral("ZCARD"), QStringLiteral("bull:post:delayed")}),
                 QStringLiteral("2000"));

        std::atomic_bool killed{false};
        CaptureContext ctx;
        ctx.onProgress = [&](const QString &stage, qint64 done, qint64) {
            if (stage.endsWith(QLatin1String("jobs")) && done > 0 && !killed.exchange(true))
                runTool(cli, cliArgs + QStringList{QStringLiteral("SHUTDOWN"), QStringLiteral("NOSAVE")});
        };
        CaptureOut c;
        std::thread t([&] { c = capture(url, [](RedisOptions &o) { o.batchSize = 100; }, ctx); });
        t.join();
        QVERIFY(server.waitForFinished(10000));

        QVERIFY2(c.opened, qPrintable(c.error));
        QVERIFY(killed.load());
        const Gap *g = findGap(c.data, QStringLiteral("connection"), QStringLiteral("Redis connection lost during capture"));
        QVERIFY2(g, qPrintable(gapsText(c.data)));
        QCOMPARE(c.data.jobs.size(), size_t(100)); // the first batch
        for (const Job &j : c.data.jobs)
            QVERIFY(j.hashPresent);
        const QueueInfo *q = findQueue(c.data, QStringLiteral("post"));
        QVERIFY(q);
        QCOMPARE(q->eventsRead, q->eventsLength);
        QVERIFY(!c.data.events.empty());
    }
};

QTEST_GUILESS_MAIN(TestBullmqSource)
#include "tst_bullmqsource.moc"
