// The connection pane: URL and fields, passwords kept out of URLs and settings, .env
// import, profiles, and "Test" against the real servers (and a closed port) on a worker.

#include "connection/connectionpane.h"
#include "testservices.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace postscope;

namespace {
int closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    const int port = server.serverPort();
    server.close();
    return port;
}

QByteArray allSettingsBytes()
{
    QSettings settings;
    settings.sync();
    QFile f(settings.fileName());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The longest the GUI thread went without running its event loop while `until` was false.
qint64 maxStallWhile(const std::function<bool()> &until, int timeoutMs)
{
    QElapsedTimer since;
    QElapsedTimer total;
    qint64 worst = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&]() {
        worst = std::max(worst, since.restart());
    });
    since.start();
    total.start();
    tick.start();
    while (!until() && total.elapsed() < timeoutMs)
        QTest::qWait(10); // runs the event loop; the ticks measure it
    return worst;
}
} // namespace

class TestConnectionPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void passwordLeavesTheUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<QString>("password");
        QTest::newRow("postgres") << QStringLiteral("postgresql://postiz:s3cr%40t@db.example:5433/postiz?sslmode=require")
                                  << QStringLiteral("postgresql://postiz@db.example:5433/postiz?sslmode=require") << QStringLiteral("s3cr@t");
        QTest::newRow("no password") << QStringLiteral("postgresql://postiz@db.example/postiz")
                                     << QStringLiteral("postgresql://postiz@db.example/postiz") << QString();
    }

    void passwordLeavesTheUrl()
    {
        QFETCH(QString, url);
        QFETCH(QString, shown);
        QFETCH(QString, password);
        ConnectionPane pane;
        pane.setPostgresUrl(url);
        QCOMPARE(pane.postgresForm()->urlWithoutPassword(), shown);
        QCOMPARE(pane.postgresForm()->password(), password);
        // The request carries the password again.
        const CaptureRequest r = pane.request();
        QVERIFY(r.usePostgres);
        if (!password.isEmpty())
            QVERIFY2(r.postgres.url.contains(QStringLiteral("s3cr")), qPrintable(r.postgres.url));
    }

    void fieldsRoundTrip()
    {
        ConnectionPane pane;
        pane.setPostgresUrl(QStringLiteral("postgresql://postiz:pw@db.example:5433/postiz?sslmode=require"));
        pane.postgresForm()->setUseFields(true);
        QCOMPARE(pane.postgresForm()->urlWithoutPassword(), QStringLiteral("postgresql://postiz@db.example:5433/postiz?sslmode=require"));
        QVERIFY(pane.request().postgres.url.contains(QStringLiteral(":pw@")));
        pane.setRedisUrl(QStringLiteral("redis://worker:rpw@cache.example:6380/4"));
        pane.redisForm()->setUseFields(true);
        QCOMPARE(pane.redisForm()->urlWithoutPassword(), QStringLiteral("redis://worker@cache.example:6380/4"));
        QCOMPARE(pane.request().redis.url, QStringLiteral("redis://worker:rpw@cache.example:6380/4"));
        pane.redisForm()->setUseFields(false);
        QCOMPARE(pane.redisForm()->urlWithoutPassword(), QStringLiteral("redis://worker@cache.example:6380/4"));
    }

    void importEnv()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral(".env"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# Postiz\nDATABASE_URL=\"postgresql://postiz:dbpw@postgres:5432/postiz-db\"\nexport REDIS_URL=redis://:rpw@redis:6379\nFRONTEND_URL=x\n");
        f.close();
        ConnectionPane pane;
        QString error;
        QVERIFY2(pane.importEnv(path, &error), qPrintable(error));
        QCOMPARE(pane.postgresForm()->urlWithoutPassword(), QStringLiteral("postgresql://postiz@postgres:5432/postiz-db"));
        QCOMPARE(pane.postgresForm()->password(), QStringLiteral("dbpw"));
        QCOMPARE(pane.redisForm()->password(), QStringLiteral("rpw"));
        QVERIFY(pane.request().usePostgres && pane.request().useRedis);

        const QString empty = dir.filePath(QStringLiteral("empty.env"));
        QFile e(empty);
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.write("FOO=bar\n");
        e.close();
        QVERIFY(!pane.importEnv(empty, &error));
        QVERIFY(error.contains(QStringLiteral("DATABASE_URL")));
        QVERIFY(!pane.importEnv(dir.filePath(QStringLiteral("missing.env")), &error));
    }

    void profilesNeverStorePasswords()
    {
        ConnectionPane pane;
        QVERIFY(!pane.profiles()->keyringUsable());
        QVERIFY(pane.profiles()->storageNote().contains(QStringLiteral("memory")));
        pane.setPostgresUrl(QStringLiteral("postgresql://postiz:TopSecretPg@db.example/postiz"));
        pane.setRedisUrl(QStringLiteral("redis://:TopSecretRedis@cache.example:6379/2"));
        pane.setAutoRefreshSeconds(45);
        pane.saveProfile(QStringLiteral("prod / eu"));
        QVERIFY(pane.profiles()->names().contains(QStringLiteral("prod / eu")));
        const QByteArray settings = allSettingsBytes();
        QVERIFY(!settings.isEmpty());
        QVERIFY(!settings.contains("TopSecret"));
        QVERIFY(settings.contains("db.example"));

        // Another pane in the same session: the profile comes back, passwords from memory.
        ConnectionPane again;
        QVERIFY(again.loadProfile(QStringLiteral("prod / eu")));
        QCOMPARE(again.autoRefreshSeconds(), 45);
        QCOMPARE(again.postgresForm()->urlWithoutPassword(), QStringLiteral("postgresql://postiz@db.example/postiz"));
        QTRY_COMPARE(again.postgresForm()->password(), QStringLiteral("TopSecretPg"));
        QTRY_COMPARE(again.redisForm()->password(), QStringLiteral("TopSecretRedis"));
        QCOMPARE(again.profiles()->lastProfile(), QStringLiteral("prod / eu"));
        again.profiles()->remove(QStringLiteral("prod / eu"));
        QVERIFY(!again.profiles()->names().contains(QStringLiteral("prod / eu")));
    }

    void testAgainstServers()
    {
        QVERIFY2(testsvc::services().ok, qPrintable(testsvc::services().error));
        QString error;
        const QString pg = testsvc::createPostizDatabase(QStringLiteral("ui_connection"), &error);
        QVERIFY2(!pg.isEmpty(), qPrintable(error));
        testsvc::redisCli(6, {QStringLiteral("FLUSHDB")});
        const QJsonObject report = testsvc::runScenario(QStringLiteral("seed"), QStringLiteral("5.12"), pg, testsvc::redisUrl(6), {}, &error);
        QVERIFY2(!report.isEmpty(), qPrintable(error));

        ConnectionPane pane;
        pane.show();
        pane.setPostgresUrl(pg);
        pane.setRedisUrl(testsvc::redisUrl(6));
        QSignalSpy pgDone(pane.postgresForm(), &ServerForm::tested);
        QSignalSpy redisDone(pane.redisForm(), &ServerForm::tested);
        pane.postgresForm()->test();
        pane.redisForm()->test();
        QVERIFY(pane.postgresForm()->isTesting());
        const qint64 stall = maxStallWhile([&]() { return !pgDone.isEmpty() && !redisDone.isEmpty(); }, 30000);
        qInfo("longest GUI-thread stall while testing: %lld ms", stall);
        QCOMPARE(pgDone.size(), 1);
        QCOMPARE(redisDone.size(), 1);
        QVERIFY2(pgDone.first().first().toBool(), qPrintable(pane.postgresForm()->lastResult().error));
        QVERIFY2(redisDone.first().first().toBool(), qPrintable(pane.redisForm()->lastResult().error));
        const ConnectionTestResult &p = pane.postgresForm()->lastResult();
        QVERIFY(p.version.contains(QStringLiteral("PostgreSQL")) || p.version.startsWith(QLatin1Char('1')));
        QVERIFY2(p.summary.contains(QStringLiteral("all Postiz tables")), qPrintable(p.summary));
        const ConnectionTestResult &r = pane.redisForm()->lastResult();
        QVERIFY(!r.version.isEmpty());
        QVERIFY(r.queues.contains(QStringLiteral("post")));
        QVERIFY2(r.summary.contains(QStringLiteral("bull:post:")), qPrintable(r.summary));
        QVERIFY(pane.postgresForm()->resultText().contains(QStringLiteral("✔")));

        // A missing table is named.
        QVERIFY(testsvc::psql(QStringLiteral("ui_connection"), QStringLiteral("DROP TABLE \"Errors\";")));
        pane.postgresForm()->test();
        QVERIFY(pgDone.wait(30000));
        QVERIFY2(pane.postgresForm()->lastResult().warnings.join(QLatin1Char(' ')).contains(QStringLiteral("Errors")),
                 qPrintable(pane.postgresForm()->lastResult().warnings.join(QLatin1Char(' '))));
    }

    void testClosedPortAndWrongPassword()
    {
        QVERIFY2(testsvc::services().ok, qPrintable(testsvc::services().error));
        ConnectionPane pane;
        pane.show();
        const int port = closedPort();
        pane.setPostgresUrl(QStringLiteral("postgresql://postgres@127.0.0.1:%1/postiz").arg(port));
        pane.setRedisUrl(QStringLiteral("redis://127.0.0.1:%1/0").arg(port));
        QSignalSpy pgDone(pane.postgresForm(), &ServerForm::tested);
        QSignalSpy redisDone(pane.redisForm(), &ServerForm::tested);
        pane.postgresForm()->test();
        pane.redisForm()->test();
        QTRY_VERIFY_WITH_TIMEOUT(!pgDone.isEmpty() && !redisDone.isEmpty(), 30000);
        QVERIFY(!pgDone.first().first().toBool());
        QVERIFY(!redisDone.first().first().toBool());
        QVERIFY(!pane.postgresForm()->lastResult().error.isEmpty());
        QVERIFY(pane.redisForm()->resultText().contains(QStringLiteral("✘")));

        // Redis with a password it does not want / a wrong one.
        pane.setRedisUrl(testsvc::redisUrl(0, QStringLiteral("nobody"), QStringLiteral("wrong")));
        pane.redisForm()->test();
        QTRY_VERIFY_WITH_TIMEOUT(redisDone.size() == 2, 30000);
        QVERIFY(!redisDone.last().first().toBool());
        qInfo("wrong Redis password: %s", qPrintable(pane.redisForm()->lastResult().error));
    }
};

int main(int argc, char *argv[])
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("POSTSCOPE_NO_KEYRING", "1");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("postscope-test"));
    QApplication::setApplicationName(QStringLiteral("tst_connectionpane"));
    TestConnectionPane test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connectionpane.moc"
