// Capture each scenario written by the real bullmq (both pinned versions) and compare
// what postscope read with the generator's report: ids, states, fire times, locks,
// events, queue meta. The report is read back from the servers by the generator, so a
// mismatch is postscope's.

#include "sources/capture.h"
#include "testservices.h"

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace postscope;

namespace {

std::optional<qint64> optionalMs(const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    return v.toInteger();
}

CaptureRequest requestFor(const QString &pg, const QString &redis)
{
    CaptureRequest r;
    r.postgres.url = pg;
    r.redis.url = redis;
    return r;
}

} // namespace

class TestCapture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(testsvc::services().ok, qPrintable(testsvc::services().error));
    }

    void scenarioMatchesReport_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        const QStringList scenarios{
            QStringLiteral("healthy"), QStringLiteral("seed"), QStringLiteral("group-collision"),
            QStringLiteral("job-id-collision"), QStringLiteral("whole-hour-offset"), QStringLiteral("refresh-needed"),
            QStringLiteral("disabled"), QStringLiteral("rate-limited"), QStringLiteral("provider-error"),
            QStringLiteral("missing-job"), QStringLiteral("state-not-updated"), QStringLiteral("orphan-job"),
            QStringLiteral("stalled"), QStringLiteral("worker-down"), QStringLiteral("queue-paused"),
            QStringLiteral("events-truncated")};
        for (const QString &variant : testsvc::bullmqVariants()) {
            for (const QString &s : scenarios)
                QTest::newRow(qPrintable(s + QLatin1Char('@') + variant)) << s << variant;
        }
    }

    void scenarioMatchesReport()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        QString error;
        const QString db = QStringLiteral("cap_") + QString(scenario).replace(QLatin1Char('-'), QLatin1Char('_'));
        const QString pg = testsvc::createPostizDatabase(db, &error);
        QVERIFY2(!pg.isEmpty(), qPrintable(error));
        const int redisDb = 3;
        testsvc::redisCli(redisDb, {QStringLiteral("FLUSHDB")});
        const QString redis = testsvc::redisUrl(redisDb);
        const QJsonObject report = testsvc::runScenario(scenario, variant, pg, redis, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));

        const CaptureResult result = Capture::run(requestFor(pg, redis));
        QVERIFY2(result.ok, qPrintable(result.error));
        const Snapshot &s = *result.snapshot;
        for (const Gap &g : s.gaps())
            qWarning("gap: [%s] %s: %s", qPrintable(g.source), qPrintable(g.subject), qPrintable(g.reason));

        // Posts: every one the generator made, with its state, times and thread link.
        const QJsonArray posts = report.value(QStringLiteral("posts")).toArray();
        QVERIFY(!posts.isEmpty());
        for (const QJsonValue &v : posts) {
            const QJsonObject rp = v.toObject();
            const QString id = rp.value(QStringLiteral("id")).toString();
            const Post *p = s.post(id);
            QVERIFY2(p, qPrintable(QStringLiteral("post %1 missing").arg(id)));
            QCOMPARE(toString(p->state), rp.value(QStringLiteral("state")).toString());
            QCOMPARE(p->publishDate, rp.value(QStringLiteral("publishDate")).toInteger());
            QCOMPARE(p->deletedAt, optionalMs(rp.value(QStringLiteral("deletedAt"))));
            QCOMPARE(p->parentPostId, rp.value(QStringLiteral("parentPostId")).toString());
            QCOMPARE(p->integrationId, rp.value(QStringLiteral("integrationId")).toString());
            QCOMPARE(p->group, rp.value(QStringLiteral("group")).toString());

            const QJsonObject expect = rp.value(QStringLiteral("expect")).toObject();
            const QString jobState = expect.value(QStringLiteral("jobState")).toString();
            const Job *job = s.jobForPost(id);
            if (jobState == QLatin1String("none")) {
                QVERIFY2(!job, qPrintable(QStringLiteral("post %1 should have no job").arg(id)));
            } else {
                QVERIFY2(job, qPrintable(QStringLiteral("post %1 should have a %2 job").arg(id, jobState)));
                QCOMPARE(toString(job->state), jobState);
                QCOMPARE(job->fireTime, optionalMs(expect.value(QStringLiteral("fireTime"))));
                QCOMPARE(job->hasLock, expect.value(QStringLiteral("hasLock")).toBool());
                if (job->hashPresent)
                    QCOMPARE(job->dataPostId, id);
            }

            // The events the generator saw for this post's job, in order, are the ones
            // postscope read (the stream may hold older ones from the same run first).
            const QJsonArray expectedEvents = expect.value(QStringLiteral("events")).toArray();
            QStringList got;
            for (int e : s.eventsForJob(id))
                got.append(s.events()[e].event);
            QStringList want;
            for (const QJsonValue &e : expectedEvents)
                want.append(e.toString());
            if (!s.mainQueue() || !s.mainQueue()->eventsTruncatedByCapture)
                QCOMPARE(got.mid(got.size() - want.size()), want);
        }

        // Jobs the run touched, by state and fire time.
        const QJsonArray jobs = report.value(QStringLiteral("jobs")).toArray();
        for (const QJsonValue &v : jobs) {
            const QJsonObject rj = v.toObject();
            const QString id = rj.value(QStringLiteral("id")).toString();
            const QString state = rj.value(QStringLiteral("state")).toString();
            const Job *job = s.jobForPost(id);
            if (state == QLatin1String("none")) {
                QVERIFY2(!job, qPrintable(id));
                continue;
            }
            QVERIFY2(job, qPrintable(QStringLiteral("job %1 (%2) missing").arg(id, state)));
            QCOMPARE(toString(job->state), state);
            QCOMPARE(job->fireTime, optionalMs(rj.value(QStringLiteral("fireTime"))));
        }

        // Every stream entry of the run, with its time, name and job id.
        QHash<QString, const QueueEvent *> byStreamId;
        for (const QueueEvent &e : s.events())
            byStreamId.insert(e.streamId, &e);
        const QJsonArray events = report.value(QStringLiteral("events")).toArray();
        for (const QJsonValue &v : events) {
            const QJsonObject re = v.toObject();
            const QString streamId = re.value(QStringLiteral("streamId")).toString();
            const QueueEvent *e = byStreamId.value(streamId);
            QVERIFY2(e, qPrintable(QStringLiteral("event %1 (%2) missing").arg(streamId, re.value(QStringLiteral("event")).toString())));
            QCOMPARE(e->event, re.value(QStringLiteral("event")).toString());
            QCOMPARE(e->time, re.value(QStringLiteral("time")).toInteger());
            if (re.value(QStringLiteral("jobId")).isString())
                QCOMPARE(e->jobId, re.value(QStringLiteral("jobId")).toString());
        }

        // Queue meta.
        const QueueInfo *q = s.mainQueue();
        QVERIFY(q);
        const QJsonObject meta = report.value(QStringLiteral("meta")).toObject();
        // The generator reports meta as Redis holds it: strings, or null when absent.
        QCOMPARE(q->paused, meta.value(QStringLiteral("paused")).toString() == QLatin1String("1"));
        if (meta.value(QStringLiteral("maxLenEvents")).isString())
            QCOMPARE(q->maxLenEvents, std::optional<qint64>(meta.value(QStringLiteral("maxLenEvents")).toString().toLongLong()));
        else
            QVERIFY(!q->maxLenEvents.has_value());
        QCOMPARE(q->eventsLength, report.value(QStringLiteral("streamLength")).toInteger());
        if (q->oldestEventTime && q->eventsRead > 0)
            QVERIFY(*q->oldestEventTime <= *q->newestEventTime);

        // Integrations and organisations, never a token.
        for (const QJsonValue &v : report.value(QStringLiteral("integrations")).toArray()) {
            const QJsonObject ri = v.toObject();
            const Integration *in = s.integration(ri.value(QStringLiteral("id")).toString());
            QVERIFY(in);
            QCOMPARE(in->disabled, ri.value(QStringLiteral("disabled")).toBool());
            QCOMPARE(in->refreshNeeded, ri.value(QStringLiteral("refreshNeeded")).toBool());
        }
        for (const ActivityEntry &a : s.activity())
            QVERIFY2(!a.text.contains(QStringLiteral("token"), Qt::CaseInsensitive), qPrintable(a.text));
    }

    // Jobs whose posts lie outside the window are still read with their posts.
    void postsNamedByJobsOutsideTheWindow()
    {
        QString error;
        const QString pg = testsvc::createPostizDatabase(QStringLiteral("cap_window"), &error);
        QVERIFY2(!pg.isEmpty(), qPrintable(error));
        testsvc::redisCli(3, {QStringLiteral("FLUSHDB")});
        const QJsonObject report = testsvc::runScenario(QStringLiteral("orphan-job"), QStringLiteral("5.12"), pg,
                                                        testsvc::redisUrl(3), {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));
        CaptureRequest r = requestFor(pg, testsvc::redisUrl(3));
        // A window far in the past: no post is in it.
        r.scope.from = 1000;
        r.scope.to = 2000;
        const CaptureResult result = Capture::run(r);
        QVERIFY2(result.ok, qPrintable(result.error));
        const Snapshot &s = *result.snapshot;
        QVERIFY(!s.jobs().empty());
        int named = 0;
        for (const Job &j : s.jobs()) {
            if (const Post *p = s.post(j.id)) {
                QVERIFY(!p->inWindow);
                ++named;
            }
        }
        QVERIFY(named > 0);
    }

    // The GUI's path: a worker thread, progress signals, a generation, cancel.
    void captureJobOnWorkerThread()
    {
        QString error;
        const QString pg = testsvc::createPostizDatabase(QStringLiteral("cap_job"), &error);
        QVERIFY2(!pg.isEmpty(), qPrintable(error));
        testsvc::redisCli(3, {QStringLiteral("FLUSHDB")});
        QVERIFY(!testsvc::runScenario(QStringLiteral("healthy"), QStringLiteral("latest"), pg, testsvc::redisUrl(3), {}, &error)
                     .isEmpty());
        CaptureJob job;
        QSignalSpy progress(&job, &CaptureJob::progress);
        QSignalSpy finished(&job, &CaptureJob::finished);
        // The first capture is superseded at once: only the second one's result arrives.
        job.start(requestFor(pg, testsvc::redisUrl(3)));
        const quint64 second = job.start(requestFor(pg, testsvc::redisUrl(3)));
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(!job.isRunning(), 60000);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<quint64>(), second);
        const auto result = finished.at(0).at(1).value<CaptureResult>();
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(!result.snapshot->posts().empty());
        QVERIFY(progress.count() > 2);
    }
};

QTEST_GUILESS_MAIN(TestCapture)
#include "tst_capture.moc"
