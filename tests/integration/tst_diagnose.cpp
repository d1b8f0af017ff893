// `postscope diagnose` as a user runs it: the built binary ($POSTSCOPE_BINARY), its three
// formats against golden files (tests/cli/golden/demo.*; a mismatch writes <golden>.actual
// and prints the diff), its exit codes, and bad input.

#include "core/snapshotjson.h"
#include "postscopebinary.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

namespace {

using Result = testsvc::BinaryRun;

Result runBinary(const QStringList &args)
{
    return testsvc::runPostscope(args, 60000);
}

QString goldenDir()
{
    return qEnvironmentVariable("POSTSCOPE_SOURCE_DIR") + QStringLiteral("/tests/cli/golden");
}

} // namespace

class TestDiagnose : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("POSTSCOPE_BINARY")), "POSTSCOPE_BINARY is not set or missing");
    }

    void demoMatchesGolden_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("golden");
        QTest::newRow("text") << QStringLiteral("text") << QStringLiteral("demo.txt");
        QTest::newRow("json") << QStringLiteral("json") << QStringLiteral("demo.json");
        QTest::newRow("markdown") << QStringLiteral("markdown") << QStringLiteral("demo.md");
    }

    void demoMatchesGolden()
    {
        QFETCH(QString, format);
        QFETCH(QString, golden);
        const Result r = runBinary({QStringLiteral("diagnose"), QStringLiteral("--demo"), QStringLiteral("--format"), format});
        QCOMPARE(r.exitCode, 1); // the demo has critical findings
        const QString path = goldenDir() + QLatin1Char('/') + golden;
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray expected = f.readAll();
        const QString actualPath = path + QStringLiteral(".actual");
        if (r.out != expected) {
            QFile a(actualPath);
            QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
            a.write(r.out);
            a.close();
            QProcess diff;
            diff.start(QStringLiteral("diff"), {QStringLiteral("-u"), path, actualPath});
            diff.waitForFinished();
            qWarning().noquote() << QString::fromUtf8(diff.readAllStandardOutput()).left(20000);
            QFAIL(qPrintable(QStringLiteral("%1 differs from the golden; see %2").arg(format, actualPath)));
        }
        QFile::remove(actualPath);
    }

    void demoJsonSchema()
    {
        const Result r = runBinary({QStringLiteral("diagnose"), QStringLiteral("--demo"), QStringLiteral("--format"),
                                    QStringLiteral("json")});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError pe;
        const QJsonObject root = QJsonDocument::fromJson(r.out, &pe).object();
        QCOMPARE(pe.error, QJsonParseError::NoError);
        const QStringList rootKeys = root.keys();
        QCOMPARE(QSet<QString>(rootKeys.begin(), rootKeys.end()),
                 (QSet<QString>{QStringLiteral("capture"), QStringLiteral("rules"), QStringLiteral("findings"),
                                QStringLiteral("gaps")}));
        QVERIFY(root.value(QStringLiteral("capture")).toObject().contains(QStringLiteral("capturedAt")));
        const QJsonArray rules = root.value(QStringLiteral("rules")).toArray();
        QCOMPARE(rules.size(), 25);
        for (const QJsonValue &v : rules) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.keys(), (QStringList{QStringLiteral("id"), QStringLiteral("reason"), QStringLiteral("status")}));
            QVERIFY(o.value(QStringLiteral("status")) == QLatin1String("ran")
                    || o.value(QStringLiteral("status")) == QLatin1String("skipped"));
        }
        const QStringList findingKeys{QStringLiteral("events"), QStringLiteral("fix"), QStringLiteral("integrations"),
                                      QStringLiteral("jobs"), QStringLiteral("posts"), QStringLiteral("rule"),
                                      QStringLiteral("severity"), QStringLiteral("signals"), QStringLiteral("summary"),
                                      QStringLiteral("title"), QStringLiteral("verify")};
        const QJsonArray findings = root.value(QStringLiteral("findings")).toArray();
        QVERIFY(!findings.isEmpty());
        bool seed = false;
        QString previous = QStringLiteral("critical");
        const QStringList order{QStringLiteral("critical"), QStringLiteral("warning"), QStringLiteral("info")};
        for (const QJsonValue &v : findings) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.keys(), findingKeys);
            const QString sev = o.value(QStringLiteral("severity")).toString();
            QVERIFY2(order.indexOf(sev) >= order.indexOf(previous), "findings not sorted by severity");
            previous = sev;
            for (const QJsonValue &line : o.value(QStringLiteral("verify")).toArray()) {
                QVERIFY2(!line.toString().startsWith(QLatin1String("KEYS")), qPrintable(line.toString()));
                QVERIFY2(!line.toString().contains(QLatin1String("bull:post:waiting")), qPrintable(line.toString()));
            }
            if (o.value(QStringLiteral("rule")) == QLatin1String("job-removed")
                && o.value(QStringLiteral("summary")).toString().contains(QLatin1String("Acme Coffee on X (seed)"))
                && o.value(QStringLiteral("posts")).toArray().size() == 2)
                seed = true;
        }
        QVERIFY2(seed, "the demo's seed lane is not named as job-removed with both posts");
    }

    void outputFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("d.md"));
        const Result r = runBinary({QStringLiteral("diagnose"), QStringLiteral("--demo"), QStringLiteral("--format"),
                                    QStringLiteral("markdown"), QStringLiteral("-o"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("# postscope diagnosis"));
    }

    void snapshotWithoutFindingsExitsZero()
    {
        SnapshotData d;
        d.capturedAt = 1'800'000'000'000;
        d.scope.from = d.capturedAt - 86'400'000;
        d.scope.to = d.capturedAt + 86'400'000;
        d.scope.postgresUrl = QStringLiteral("postgresql://u@h/db");
        d.scope.redisUrl = QStringLiteral("redis://h/0");
        d.server.maxmemoryPolicy = QStringLiteral("noeviction");
        d.server.clientListPermitted = true;
        d.integrations.push_back({QStringLiteral("i"), QStringLiteral("Acme on X"), QStringLiteral("x"),
                                  QStringLiteral("o"), false, false, false, std::nullopt, {}, {}});
        QueueInfo q;
        q.prefix = QStringLiteral("bull");
        q.name = QStringLiteral("post");
        q.metaPresent = q.hasAnyKey = true;
        q.workersSeen = 1;
        d.queues.push_back(q);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("empty.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(snapshotjson::write(d));
        f.close();
        const Result r = runBinary({QStringLiteral("diagnose"), QStringLiteral("--snapshot"), path});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY(r.out.contains("0 critical"));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("unknown format") << QStringList{QStringLiteral("--demo"), QStringLiteral("--format"), QStringLiteral("xml")} << 64;
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--demo"), QStringLiteral("--bogus")} << 64;
        QTest::newRow("stray argument") << QStringList{QStringLiteral("--demo"), QStringLiteral("extra")} << 64;
        QTest::newRow("nothing to connect to") << QStringList{} << 64;
        QTest::newRow("demo and snapshot") << QStringList{QStringLiteral("--demo"), QStringLiteral("--snapshot"), QStringLiteral("x.json")} << 64;
        QTest::newRow("missing file") << QStringList{QStringLiteral("--snapshot"), QStringLiteral("/nonexistent/x.json")} << 2;
        QTest::newRow("unreachable servers")
            << QStringList{QStringLiteral("--pg"), QStringLiteral("postgresql://u@127.0.0.1:1/db"), QStringLiteral("--redis"),
                           QStringLiteral("redis://127.0.0.1:1/0"), QStringLiteral("--timeout"), QStringLiteral("2")}
            << 2;
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const Result r = runBinary(QStringList{QStringLiteral("diagnose")} + args);
        QVERIFY2(r.exitCode == exitCode, qPrintable(QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))));
        QVERIFY(!r.err.isEmpty());
    }

    void truncatedSnapshotFile()
    {
        QFile demo(qEnvironmentVariable("POSTSCOPE_SOURCE_DIR") + QStringLiteral("/resources/demo-snapshot.json"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QByteArray all = demo.readAll();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cut.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(all.left(all.size() / 2));
        f.close();
        const Result r = runBinary({QStringLiteral("diagnose"), QStringLiteral("--snapshot"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!r.err.isEmpty());
        // The same file whole diagnoses like --demo.
        const QString whole = dir.filePath(QStringLiteral("whole.json"));
        QVERIFY(QFile::copy(demo.fileName(), whole));
        const Result a = runBinary({QStringLiteral("diagnose"), QStringLiteral("--snapshot"), whole, QStringLiteral("--format"), QStringLiteral("json")});
        const Result b = runBinary({QStringLiteral("diagnose"), QStringLiteral("--demo"), QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(a.exitCode, 1);
        QCOMPARE(a.out, b.out);
    }
};

QTEST_GUILESS_MAIN(TestDiagnose)
#include "tst_diagnose.moc"
