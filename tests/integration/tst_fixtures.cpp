// Proves the fixture generator's report honest: for each bullmq variant and scenario, what
// the report claims (rows, job states, fire times, locks, events) is checked against the
// servers with psql and redis-cli, independently of the generator's own read-back.

#include "testservices.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

namespace {

constexpr int kRedisDb = 15;

QString key(const QJsonObject &report, const QString &suffix)
{
    return report.value(QStringLiteral("prefix")).toString() + QLatin1Char(':')
           + report.value(QStringLiteral("queue")).toString() + QLatin1Char(':') + suffix;
}

QString cli(const QStringList &args)
{
    bool ok = false;
    const QString out = testsvc::redisCli(kRedisDb, args, &ok);
    if (!ok)
        qWarning("redis-cli %s failed: %s", qPrintable(args.join(QLatin1Char(' '))), qPrintable(out));
    return out.trimmed();
}

QSet<QString> rulesIn(const QJsonObject &report)
{
    QSet<QString> rules;
    const QJsonArray list = report.value(QStringLiteral("ruleExpectations")).toArray();
    for (const QJsonValue &v : list)
        rules.insert(v.toObject().value(QStringLiteral("rule")).toString());
    return rules;
}

} // namespace

class TstFixtures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scenario_data();
    void scenario();

private:
    void checkPosts(const QString &db, const QJsonObject &report);
    void checkJobs(const QJsonObject &report);
    void checkEvents(const QJsonObject &report);
};

void TstFixtures::initTestCase()
{
    QVERIFY2(testsvc::services().ok, qPrintable(testsvc::services().error));
    QVERIFY2(!testsvc::fixturesDir().isEmpty(), "POSTSCOPE_FIXTURES_DIR is not set");
}

void TstFixtures::scenario_data()
{
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QStringList>("rules"); // rules the report must name (beyond derived ones)
    const QList<std::pair<QString, QStringList>> scenarios = {
        {QStringLiteral("healthy"), {QStringLiteral("near-simultaneous")}},
        {QStringLiteral("seed"), {QStringLiteral("job-removed"), QStringLiteral("near-simultaneous")}},
        {QStringLiteral("group-collision"), {QStringLiteral("group-collision")}},
        {QStringLiteral("job-id-collision"), {QStringLiteral("job-id-collision"), QStringLiteral("job-time-mismatch")}},
        {QStringLiteral("worker-down"), {QStringLiteral("worker-down")}},
        {QStringLiteral("queue-paused"), {QStringLiteral("queue-paused")}},
        {QStringLiteral("stalled"), {QStringLiteral("stalled-job")}},
    };
    for (const QString &variant : testsvc::bullmqVariants()) {
        for (const auto &[name, rules] : scenarios)
            QTest::addRow("%s/%s", qPrintable(variant), qPrintable(name)) << variant << name << rules;
    }
}

void TstFixtures::scenario()
{
    QFETCH(QString, variant);
    QFETCH(QString, scenario);
    QFETCH(QStringList, rules);

    QString error;
    QString db = QStringLiteral("fx_") + variant + QLatin1Char('_') + scenario;
    db.replace(QLatin1Char('.'), QLatin1Char('_')).replace(QLatin1Char('-'), QLatin1Char('_'));
    const QString url = testsvc::createPostizDatabase(db, &error);
    QVERIFY2(!url.isEmpty(), qPrintable(error));
    bool ok = false;
    testsvc::redisCli(kRedisDb, {QStringLiteral("FLUSHDB")}, &ok);
    QVERIFY2(ok, "FLUSHDB failed");

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QJsonObject report = testsvc::runScenario(scenario, variant, url, testsvc::redisUrl(kRedisDb), {}, &error);
    QVERIFY2(!report.isEmpty(), qPrintable(error));

    QCOMPARE(report.value(QStringLiteral("scenario")).toString(), scenario);
    const QJsonObject bullmq = report.value(QStringLiteral("bullmq")).toObject();
    QCOMPARE(bullmq.value(QStringLiteral("variant")).toString(), variant);
    const QString version = bullmq.value(QStringLiteral("version")).toString();
    QVERIFY2(variant == QLatin1String("5.12") ? version.startsWith(QLatin1String("5.12."))
                                               : version.startsWith(QLatin1String("5.")) && version != QLatin1String("5.12.15"),
             qPrintable(version));
    QCOMPARE(report.value(QStringLiteral("workersLeftRunning")).toInt(-1), 0);
    QVERIFY(report.value(QStringLiteral("startedAt")).toInteger() >= before);

    const QSet<QString> named = rulesIn(report);
    for (const QString &rule : rules)
        QVERIFY2(named.contains(rule), qPrintable(QStringLiteral("report names no %1").arg(rule)));
    if (scenario == QLatin1String("healthy")) {
        // Only the info rule: a healthy workspace must not be an oracle for any problem.
        QCOMPARE(named, QSet<QString>{QStringLiteral("near-simultaneous")});
    }

    checkPosts(db, report);
    if (QTest::currentTestFailed())
        return;
    checkJobs(report);
    if (QTest::currentTestFailed())
        return;
    checkEvents(report);
    if (QTest::currentTestFailed())
        return;

    // The generator closed every worker it started: no bullmq worker connection is left.
    const QString clients = cli({QStringLiteral("CLIENT"), QStringLiteral("LIST")});
    QVERIFY2(!clients.contains(QLatin1String("name=bull:")), qPrintable(clients));

    // Scenario-specific facts, read straight from the servers.
    const QJsonArray posts = report.value(QStringLiteral("posts")).toArray();
    if (scenario == QLatin1String("queue-paused")) {
        QCOMPARE(cli({QStringLiteral("HGET"), key(report, QStringLiteral("meta")), QStringLiteral("paused")}),
                 QStringLiteral("1"));
    }
    if (scenario == QLatin1String("worker-down")) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const QJsonValue &v : posts) {
            const QJsonObject e = v.toObject().value(QStringLiteral("expect")).toObject();
            QCOMPARE(e.value(QStringLiteral("jobState")).toString(), QStringLiteral("delayed"));
            QVERIFY(e.value(QStringLiteral("fireTime")).toInteger() < now);
        }
    }
    if (scenario == QLatin1String("group-collision")) {
        int deleted = 0;
        for (const QJsonValue &v : posts)
            deleted += v.toObject().value(QStringLiteral("deletedAt")).isNull() ? 0 : 1;
        QCOMPARE(deleted, 1);
    }
    if (scenario == QLatin1String("job-id-collision")) {
        // Two adds (create, edit) for one id: the counter saw both, the stream one duplicated.
        QCOMPARE(cli({QStringLiteral("GET"), key(report, QStringLiteral("id"))}), QStringLiteral("2"));
    }
    if (scenario == QLatin1String("healthy")) {
        int published = 0;
        for (const QJsonValue &v : posts)
            published += v.toObject().value(QStringLiteral("state")).toString() == QLatin1String("PUBLISHED");
        QVERIFY(published >= 3);
    }
}

void TstFixtures::checkPosts(const QString &db, const QJsonObject &report)
{
    const QJsonArray posts = report.value(QStringLiteral("posts")).toArray();
    QVERIFY(!posts.isEmpty());
    QString out;
    QVERIFY2(testsvc::psql(db, QStringLiteral("SELECT count(*) FROM \"Post\""), &out), qPrintable(out));
    QCOMPARE(out.trimmed().toInt(), posts.size());
    for (const QJsonValue &v : posts) {
        const QJsonObject p = v.toObject();
        const QString id = p.value(QStringLiteral("id")).toString();
        QVERIFY2(testsvc::psql(db,
                               QStringLiteral("SELECT state, round(extract(epoch FROM \"publishDate\") * 1000)::bigint, "
                                              "\"deletedAt\" IS NOT NULL, coalesce(\"parentPostId\", ''), \"group\", "
                                              "\"integrationId\" FROM \"Post\" WHERE id = '%1'")
                                   .arg(id),
                               &out),
                 qPrintable(out));
        const QStringList cols = out.trimmed().split(QLatin1Char('|'));
        QVERIFY2(cols.size() == 6, qPrintable(QStringLiteral("row %1: %2").arg(id, out)));
        QCOMPARE(cols[0], p.value(QStringLiteral("state")).toString());
        QCOMPARE(cols[1].toLongLong(), p.value(QStringLiteral("publishDate")).toInteger());
        QCOMPARE(cols[2] == QLatin1String("t"), !p.value(QStringLiteral("deletedAt")).isNull());
        QCOMPARE(cols[3], p.value(QStringLiteral("parentPostId")).toString());
        QCOMPARE(cols[4], p.value(QStringLiteral("group")).toString());
        QCOMPARE(cols[5], p.value(QStringLiteral("integrationId")).toString());
    }
}

void TstFixtures::checkJobs(const QJsonObject &report)
{
    const QJsonArray jobs = report.value(QStringLiteral("jobs")).toArray();
    QVERIFY(!jobs.isEmpty());
    for (const QJsonValue &v : jobs) {
        const QJsonObject j = v.toObject();
        const QString id = j.value(QStringLiteral("id")).toString();
        const QString state = j.value(QStringLiteral("state")).toString();
        const QString hashKey = key(report, id);
        const QString exists = cli({QStringLiteral("EXISTS"), hashKey});
        const QString lock = cli({QStringLiteral("EXISTS"), hashKey + QStringLiteral(":lock")});
        QCOMPARE(lock == QLatin1String("1"), j.value(QStringLiteral("hasLock")).toBool());
        const auto inList = [&](const char *list) {
            return !cli({QStringLiteral("LPOS"), key(report, QString::fromLatin1(list)), id}).isEmpty();
        };
        const QString delayedScore = cli({QStringLiteral("ZSCORE"), key(report, QStringLiteral("delayed")), id});
        if (state == QLatin1String("none")) {
            QVERIFY2(exists == QLatin1String("0"), qPrintable(id + QStringLiteral(": hash exists")));
            QVERIFY(delayedScore.isEmpty());
            QVERIFY(!inList("wait") && !inList("active") && !inList("paused"));
            continue;
        }
        QVERIFY2(exists == QLatin1String("1"), qPrintable(id + QStringLiteral(": no hash for a ") + state + QStringLiteral(" job")));
        if (state == QLatin1String("delayed")) {
            QVERIFY2(!delayedScore.isEmpty(), qPrintable(id));
            // score = fire time × 4096 + counter; the report's fire time must be its floor.
            const qint64 score = delayedScore.toLongLong();
            QCOMPARE(score / 4096, j.value(QStringLiteral("fireTime")).toInteger());
        } else if (state == QLatin1String("waiting")) {
            QVERIFY2(inList("wait"), qPrintable(id));
        } else if (state == QLatin1String("paused")) {
            QVERIFY2(inList("paused"), qPrintable(id));
        } else if (state == QLatin1String("active")) {
            QVERIFY2(inList("active"), qPrintable(id));
        } else {
            QFAIL(qPrintable(QStringLiteral("unexpected job state %1 for %2").arg(state, id)));
        }
    }
}

void TstFixtures::checkEvents(const QJsonObject &report)
{
    const QJsonArray events = report.value(QStringLiteral("events")).toArray();
    QVERIFY(!events.isEmpty());
    const QString stream = key(report, QStringLiteral("events"));
    QVERIFY(cli({QStringLiteral("XLEN"), stream}).toLongLong() >= events.size());
    for (const QJsonValue &v : events) {
        const QJsonObject e = v.toObject();
        const QString sid = e.value(QStringLiteral("streamId")).toString();
        const QStringList lines = cli({QStringLiteral("XRANGE"), stream, sid, sid}).split(QLatin1Char('\n'));
        QVERIFY2(lines.size() >= 3 && lines.first() == sid, qPrintable(sid));
        const qsizetype at = lines.indexOf(QStringLiteral("event"));
        QVERIFY2(at >= 0 && at + 1 < lines.size(), qPrintable(sid));
        QCOMPARE(lines[at + 1], e.value(QStringLiteral("event")).toString());
        const QJsonValue jobId = e.value(QStringLiteral("jobId"));
        if (!jobId.isNull()) {
            const qsizetype j = lines.indexOf(QStringLiteral("jobId"));
            QVERIFY2(j >= 0 && j + 1 < lines.size(), qPrintable(sid));
            QCOMPARE(lines[j + 1], jobId.toString());
        }
        QCOMPARE(e.value(QStringLiteral("time")).toInteger(), sid.section(QLatin1Char('-'), 0, 0).toLongLong());
    }
    // Each post's expected events are exactly its entries in the stream, in order.
    const QJsonArray posts = report.value(QStringLiteral("posts")).toArray();
    for (const QJsonValue &v : posts) {
        const QJsonObject p = v.toObject();
        const QString id = p.value(QStringLiteral("id")).toString();
        QStringList fromStream;
        for (const QJsonValue &ev : events) {
            if (ev.toObject().value(QStringLiteral("jobId")).toString() == id)
                fromStream << ev.toObject().value(QStringLiteral("event")).toString();
        }
        QStringList claimed;
        const QJsonArray list = p.value(QStringLiteral("expect")).toObject().value(QStringLiteral("events")).toArray();
        for (const QJsonValue &ev : list)
            claimed << ev.toString();
        QCOMPARE(claimed, fromStream);
    }
}

QTEST_GUILESS_MAIN(TstFixtures)
#include "tst_fixtures.moc"
