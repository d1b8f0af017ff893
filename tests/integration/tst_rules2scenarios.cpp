// Rules of group 2 against fixture scenarios written by the real bullmq: each rule fires
// for the posts the generator's report names in ruleExpectations, and none of these
// rules raises a critical finding where the scenario does not expect it (the near
// misses: pending delayed jobs not yet due, a healthy and a busy workspace).

#include "core/rules/registry.h"
#include "sources/capture.h"
#include "testservices.h"

#include <QJsonArray>
#include <QTest>

using namespace postscope;

namespace {

const QStringList kRules{
    QStringLiteral("rate-limited"), QStringLiteral("rate-limit-risk"), QStringLiteral("provider-error"),
    QStringLiteral("limiter-backlog"), QStringLiteral("worker-down"), QStringLiteral("queue-paused"),
    QStringLiteral("stalled-job"), QStringLiteral("integration-refresh-needed"), QStringLiteral("integration-disabled"),
    QStringLiteral("no-queue-data"), QStringLiteral("redis-eviction-policy"), QStringLiteral("events-truncated"),
    QStringLiteral("clock-skew")};

constexpr int kRedisDb = 21;

struct Captured {
    QJsonObject report;
    SnapshotPtr snapshot;
    std::map<QString, RuleOutcome> outcomes;
};

QString describe(const std::vector<Finding> &findings)
{
    QStringList out;
    for (const Finding &f : findings)
        out.append(f.rule + QStringLiteral(": ") + f.summary);
    return out.join(QLatin1Char('\n'));
}

} // namespace

class TestRules2Scenarios : public QObject
{
    Q_OBJECT

    // Writes the scenario into a fresh database and a flushed Redis db, captures, runs the rules.
    bool capture(const QString &scenario, const QString &variant, Captured *c)
    {
        QString error;
        const QString db = QStringLiteral("r2_") + QString(scenario).replace(QLatin1Char('-'), QLatin1Char('_'));
        const QString pg = testsvc::createPostizDatabase(db, &error);
        if (pg.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        testsvc::redisCli(kRedisDb, {QStringLiteral("FLUSHDB")});
        const QString redis = testsvc::redisUrl(kRedisDb);
        c->report = testsvc::runScenario(scenario, variant, pg, redis, {}, &error);
        if (c->report.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        CaptureRequest r;
        r.postgres.url = pg;
        r.redis.url = redis;
        const CaptureResult result = Capture::run(r);
        if (!result.ok) {
            qWarning("%s", qPrintable(result.error));
            return false;
        }
        c->snapshot = result.snapshot;
        const RuleContext ctx = RuleContext::forSnapshot(*c->snapshot);
        for (const QString &id : kRules) {
            const Rule *rule = findRule(id);
            if (!rule)
                return false;
            c->outcomes[id] = rule->evaluate(*c->snapshot, ctx);
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(testsvc::services().ok, qPrintable(testsvc::services().error));
    }

    void scenario_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("variant");
        const QStringList scenarios{
            QStringLiteral("refresh-needed"), QStringLiteral("disabled"), QStringLiteral("rate-limited"),
            QStringLiteral("provider-error"), QStringLiteral("limiter-backlog"), QStringLiteral("worker-down"),
            QStringLiteral("queue-paused"), QStringLiteral("stalled"), QStringLiteral("no-queue-data"),
            QStringLiteral("events-truncated"), QStringLiteral("rate-limit-risk"), QStringLiteral("healthy"),
            QStringLiteral("busy")};
        for (const QString &variant : testsvc::bullmqVariants()) {
            for (const QString &s : scenarios) {
                // Both layouts matter where the queue's keys differ (pause, stalled, events)
                // or where a rule reads the events stream (limiter-backlog's `active` times);
                // the PostgreSQL-only rules run on one.
                if (variant != QLatin1String("latest")
                    && (s == QLatin1String("busy") || s == QLatin1String("rate-limit-risk")
                        || s == QLatin1String("disabled")))
                    continue;
                QTest::newRow(qPrintable(s + QLatin1Char('@') + variant)) << s << variant;
            }
        }
    }

    void scenario()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, variant);
        Captured c;
        QVERIFY(capture(scenario, variant, &c));
        std::vector<Finding> all;
        for (const auto &[id, o] : c.outcomes) {
            // Both servers were read: every rule ran (eviction policy and clocks are known locally).
            QVERIFY2(o.status == RuleStatus::Ran, qPrintable(id + QStringLiteral(" skipped: ") + o.reason));
            all.insert(all.end(), o.findings.begin(), o.findings.end());
        }

        // Every expectation of these rules is met by one finding naming all its posts.
        QSet<QString> expectedRules;
        for (const QJsonValue &v : c.report.value(QStringLiteral("ruleExpectations")).toArray()) {
            const QJsonObject e = v.toObject();
            const QString rule = e.value(QStringLiteral("rule")).toString();
            if (!kRules.contains(rule))
                continue;
            expectedRules.insert(rule);
            QStringList posts;
            for (const QJsonValue &p : e.value(QStringLiteral("posts")).toArray())
                posts.append(p.toString());
            const auto &findings = c.outcomes[rule].findings;
            bool met = false;
            for (const Finding &f : findings) {
                if (rule == QLatin1String("events-truncated")) {
                    // It names examples: they must be among the posts whose history is gone.
                    met = !f.posts.isEmpty();
                    for (const QString &p : f.posts)
                        met = met && posts.contains(p);
                    met = met && f.summary.contains(QString::number(posts.size()) + QStringLiteral(" post(s)"));
                } else {
                    met = std::all_of(posts.begin(), posts.end(), [&](const QString &p) { return f.posts.contains(p); });
                }
                if (met) {
                    QVERIFY(!f.summary.isEmpty());
                    QVERIFY(!f.firedSignals.isEmpty());
                    QVERIFY(!f.fix.isEmpty());
                    QVERIFY(!f.verify.isEmpty());
                    for (const QString &line : f.verify) {
                        QVERIFY2(!line.startsWith(QLatin1String("KEYS")), qPrintable(line));
                        QVERIFY2(!line.contains(QLatin1String("bull:post:waiting")), qPrintable(line));
                        QVERIFY2(!line.contains(QLatin1String("token"), Qt::CaseInsensitive), qPrintable(line));
                    }
                    break;
                }
            }
            QVERIFY2(met, qPrintable(QStringLiteral("%1 should name %2; findings:\n%3")
                                         .arg(rule, posts.join(QStringLiteral(", ")), describe(findings))));
        }

        // Near misses: no critical finding of these rules where the scenario expects none.
        for (const Finding &f : all) {
            if (f.severity == Severity::Critical)
                QVERIFY2(expectedRules.contains(f.rule), qPrintable(QStringLiteral("unexpected ") + f.rule + QStringLiteral(": ") + f.summary));
        }
        if (scenario == QLatin1String("healthy") || scenario == QLatin1String("busy")) {
            for (const Finding &f : all)
                QVERIFY2(f.severity != Severity::Warning || f.rule == QLatin1String("rate-limit-risk"),
                         qPrintable(f.rule + QStringLiteral(": ") + f.summary));
            QVERIFY2(c.outcomes[QStringLiteral("rate-limit-risk")].findings.empty(),
                     qPrintable(describe(c.outcomes[QStringLiteral("rate-limit-risk")].findings)));
        }
        // The pinterest post of limiter-backlog failed alone: provider-error only.
        if (scenario == QLatin1String("limiter-backlog")) {
            QCOMPARE(c.outcomes[QStringLiteral("limiter-backlog")].findings.size(), size_t(1));
            QCOMPARE(c.outcomes[QStringLiteral("provider-error")].findings.size(), size_t(2));
        }
        // worker-down names the report's jobs and says no worker is connected (CLIENT LIST is allowed here).
        if (scenario == QLatin1String("worker-down")) {
            const auto &f = c.outcomes[QStringLiteral("worker-down")].findings;
            QCOMPARE(f.size(), size_t(1));
            QVERIFY2(f[0].summary.contains(QLatin1String("no worker is connected")), qPrintable(f[0].summary));
        }
    }
};

QTEST_GUILESS_MAIN(TestRules2Scenarios)
#include "tst_rules2scenarios.moc"
