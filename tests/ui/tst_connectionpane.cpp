// The connection pane: URL and fields, passwords kept out of URLs and settings, .env
// import, profiles, and "Test" against the real servers (and a closed port) on a worker.

#include "connection/connectionpane.h"
#include "testservices.h"
#include "uitestsupport.h"

#include <QApplication>
#include <QComboBox>
#include <QToolButton>
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
using postscope::test::closedPort;

namespace {
QStringList sorted(QStringList l)
{
    l.sort();
    return l;
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

    void integrationPicker()
    {
        ConnectionPane pane;
        pane.resize(460, 900);
        const auto demo = std::make_shared<const Snapshot>(postscope::test::demoData());
        pane.setChoices(*demo);
        QVERIFY(pane.request().scope.integrationIds.isEmpty());

        // Every integration of the snapshot while no organisation is chosen.
        IntegrationPicker *picker = pane.openIntegrationPicker();
        QVERIFY(picker->isVisible());
        QCOMPARE(picker->count(), int(demo->integrations().size()));
        QVERIFY(picker->checkedIds().isEmpty());

        // The filter narrows the list; "select all" checks only what it shows.
        picker->setFilterText(QStringLiteral("northwind studio on linkedin"));
        QCOMPARE(picker->shownCount(), 4); // LinkedIn, (auth), (duplicate), (limiter)
        picker->checkShown(true);
        picker->setFilterText(QString());
        QCOMPARE(picker->shownCount(), picker->count());
        const QString seedX = QStringLiteral("7eb37a06-62ba-40d4-9371-3b82f61224ba"); // Acme Coffee on X (seed)
        picker->setChecked(seedX, true);
        QStringList expected;
        for (const Integration &in : demo->integrations()) {
            if (in.name.startsWith(QLatin1String("Northwind Studio on LinkedIn")) || in.id == seedX)
                expected << in.id;
        }
        QCOMPARE(expected.size(), 5);
        QCOMPARE(sorted(picker->checkedIds()), sorted(expected));
        picker->accept();
        QVERIFY(!picker->isVisible());
        QCOMPARE(sorted(pane.request().scope.integrationIds), sorted(expected));
        // Profiles keep the ids.
        QCOMPARE(sorted(pane.currentProfile(QStringLiteral("p")).integrationIds), sorted(expected));

        // Reopened, it shows what the field holds; a typed id it does not list stays.
        pane.setIntegrationsText(QStringLiteral("typed-by-hand, ") + seedX);
        picker = pane.openIntegrationPicker();
        QCOMPARE(picker->checkedIds(), QStringList {seedX});
        picker->checkShown(false);
        picker->setChecked(QStringLiteral("5d5625db-5456-4934-aed2-f05fea278a0f"), true); // Acme Coffee on X
        picker->accept();
        QCOMPARE(pane.request().scope.integrationIds,
                 QStringList({QStringLiteral("typed-by-hand"), QStringLiteral("5d5625db-5456-4934-aed2-f05fea278a0f")}));
        // "Cancel" changes nothing.
        picker = pane.openIntegrationPicker();
        picker->checkShown(true);
        picker->reject();
        QCOMPARE(pane.request().scope.integrationIds.size(), 2);

        // An organisation limits the list to its integrations.
        auto *org = pane.findChild<QComboBox *>(QStringLiteral("scopeOrganisation"));
        QVERIFY(org);
        const QString northwind = QStringLiteral("06626030-324a-494b-bf67-25ade5c2683c");
        org->setCurrentIndex(org->findData(northwind));
        QCOMPARE(pane.request().scope.organizationIds, QStringList {northwind});
        picker = pane.openIntegrationPicker();
        int ofNorthwind = 0;
        for (const Integration &in : demo->integrations())
            ofNorthwind += in.organizationId == northwind ? 1 : 0;
        QCOMPARE(ofNorthwind, 8);
        QCOMPARE(picker->count(), ofNorthwind);
        for (const QString &id : picker->listedIds())
            QCOMPARE(demo->integration(id)->organizationId, northwind);
        // Acme's ids are not listed, so they stay in the field.
        picker->checkShown(true);
        picker->accept();
        const QStringList ids = pane.request().scope.integrationIds;
        QCOMPARE(ids.size(), 2 + ofNorthwind);
        QVERIFY(ids.contains(QStringLiteral("5d5625db-5456-4934-aed2-f05fea278a0f")));

        // The selection's integrations, one click.
        auto *fromSelection = pane.findChild<QToolButton *>(QStringLiteral("selectionIntegrations"));
        QVERIFY(fromSelection);
        QVERIFY(!fromSelection->isEnabled());
        pane.setSelectionIntegrations({seedX});
        QVERIFY(fromSelection->isEnabled());
        fromSelection->click();
        QCOMPARE(pane.request().scope.integrationIds, QStringList {seedX});

        // Screenshots: the dock's scope group with its buttons, and the picker.
        org->setCurrentIndex(0);
        picker = pane.openIntegrationPicker();
        picker->setFilterText(QStringLiteral("acme"));
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QVERIFY(QTest::qWaitForWindowExposed(picker));
        postscope::test::saveArtifact(&pane, QStringLiteral("connection-pane-scope.png"));
        postscope::test::saveArtifact(picker, QStringLiteral("integration-picker.png"));
        picker->reject();
    }
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
    return postscope::test::isolatedMain<TestConnectionPane>(argc, argv, QStringLiteral("tst_connectionpane"));
}

#include "tst_connectionpane.moc"
