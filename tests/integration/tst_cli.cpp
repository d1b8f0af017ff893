// The `postscope` binary as a script uses it: exit codes, messages, files written.

#include "postscopebinary.h"
#include "sources/snapshotfile.h"
#include "testservices.h"

#include <QJsonArray>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runPostscope(const QStringList &args)
{
    const testsvc::BinaryRun b = testsvc::runPostscope(args, 120000);
    return {b.exitCode, QString::fromUtf8(b.out), QString::fromUtf8(b.err)};
}

// A loopback port with nothing listening on it.
int closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const int port = s.serverPort();
    s.close();
    return port;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("POSTSCOPE_BINARY").isEmpty(), "POSTSCOPE_BINARY is not set");
    }

    void version()
    {
        const Run r = runPostscope({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("postscope 0.")), qPrintable(r.out));
    }

    void help()
    {
        Run r = runPostscope({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("snapshot")));
        r = runPostscope({QStringLiteral("snapshot"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--pg", "--redis", "--env-file", "--prefix", "--queue", "--org", "--integration",
                                   "--from", "--to", "--redact", "--demo"})
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << QStringLiteral("unknown command");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--bogus")}
                                        << QStringLiteral("bogus");
        QTest::newRow("no output") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--demo")}
                                   << QStringLiteral("-o FILE");
        QTest::newRow("no connection") << QStringList{QStringLiteral("snapshot"), QStringLiteral("-o"), QStringLiteral("/tmp/x.json")}
                                       << QStringLiteral("--demo");
        QTest::newRow("bad time") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--pg"),
                                                 QStringLiteral("postgresql://u@h/d"), QStringLiteral("--from"),
                                                 QStringLiteral("yesterday"), QStringLiteral("-o"), QStringLiteral("/tmp/x.json")}
                                  << QStringLiteral("yesterday");
        for (const char *command : {"snapshot", "diagnose"})
            QTest::newRow(qPrintable(QStringLiteral("%1 stray argument").arg(QLatin1String(command))))
                << QStringList{QLatin1String(command), QStringLiteral("--demo"), QStringLiteral("stray.json")}
                << QStringLiteral("%1: unexpected argument \"stray.json\"").arg(QLatin1String(command));
        QTest::newRow("missing env file") << QStringList{QStringLiteral("snapshot"), QStringLiteral("--env-file"),
                                                         QStringLiteral("/nonexistent/.env"), QStringLiteral("-o"),
                                                         QStringLiteral("/tmp/x.json")}
                                          << QStringLiteral("/nonexistent/.env");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runPostscope(args);
        QCOMPARE(r.exitCode, 64);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void demoSnapshotRedacted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo.json"));
        const Run r = runPostscope({QStringLiteral("snapshot"), QStringLiteral("--demo"), QStringLiteral("--redact"),
                                    QStringLiteral("-o"), path});
        QCOMPARE(r.exitCode, 0);
        SnapshotData demo, written;
        QString error;
        QVERIFY2(snapshotfile::load(path, &written, &error), qPrintable(error));
        QVERIFY(written.scope.redacted);
        QVERIFY(!written.posts.empty());
        for (const Post &p : written.posts)
            QVERIFY2(p.content.isNull() || p.content.startsWith(QStringLiteral("[redacted:")), qPrintable(p.content));
    }

    void unreachableServersExit2KeepingTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.json"));
        const int port = closedPort();
        QElapsedTimer t;
        t.start();
        const Run r = runPostscope({QStringLiteral("snapshot"), QStringLiteral("--pg"),
                                    QStringLiteral("postgresql://postiz:pw@127.0.0.1:%1/postiz").arg(port),
                                    QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:%1/0").arg(port),
                                    QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("-o"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(t.elapsed() < 30000, "the capture did not give up within its timeouts");
        QVERIFY2(r.err.contains(QStringLiteral("capture failed")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral(":pw@")), "a password was printed");
        SnapshotData written;
        QString error;
        QVERIFY2(snapshotfile::load(path, &written, &error), qPrintable(error));
        bool pgGap = false, redisGap = false;
        for (const Gap &g : written.gaps) {
            pgGap = pgGap || g.source == QLatin1String("postgres");
            redisGap = redisGap || g.source == QLatin1String("redis");
        }
        QVERIFY(pgGap);
        QVERIFY(redisGap);
        QVERIFY(!written.scope.postgresUrl.contains(QStringLiteral(":pw@")));
    }

    void tlsRefused()
    {
        QTemporaryDir dir;
        const Run r = runPostscope({QStringLiteral("snapshot"), QStringLiteral("--redis"),
                                    QStringLiteral("rediss://127.0.0.1:6380/0"), QStringLiteral("-o"),
                                    dir.filePath(QStringLiteral("s.json"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("TLS is not supported")), qPrintable(r.err));
    }

    // A real capture of the seed scenario, connected through a Postiz .env file.
    void captureThroughEnvFile()
    {
        const testsvc::Services &s = testsvc::services();
        QVERIFY2(s.ok, qPrintable(s.error));
        QString error;
        const QString pg = testsvc::createPostizDatabase(QStringLiteral("cli_seed"), &error);
        QVERIFY2(!pg.isEmpty(), qPrintable(error));
        testsvc::redisCli(5, {QStringLiteral("FLUSHDB")});
        const QString redis = testsvc::redisUrl(5);
        const QJsonObject report = testsvc::runScenario(QStringLiteral("seed"), QStringLiteral("5.12"), pg, redis, {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));

        QTemporaryDir dir;
        const QString env = dir.filePath(QStringLiteral(".env"));
        QFile f(env);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("# Postiz\nDATABASE_URL=\"%1\"\nREDIS_URL=%2\nFRONTEND_URL=http://localhost:4200\n")
                    .arg(pg, redis)
                    .toUtf8());
        f.close();
        const QString path = dir.filePath(QStringLiteral("seed.json"));
        const Run r = runPostscope({QStringLiteral("snapshot"), QStringLiteral("--env-file"), env, QStringLiteral("-o"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        SnapshotData data;
        QVERIFY2(snapshotfile::load(path, &data, &error), qPrintable(error));
        const Snapshot snap(std::move(data));
        const QJsonArray posts = report.value(QStringLiteral("posts")).toArray();
        QVERIFY(!posts.isEmpty());
        for (const QJsonValue &v : posts) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            QVERIFY2(snap.post(id), qPrintable(id));
        }
        QVERIFY(snap.mainQueue());
        QVERIFY(!snap.events().empty());
        QVERIFY(!snap.activity().empty());
        QVERIFY(snap.server().postgresNow.has_value());
        QVERIFY(snap.server().redisTime.has_value());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
