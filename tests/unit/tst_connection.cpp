#include "cli/cli.h"
#include "sources/connectionurl.h"
#include "sources/envfile.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

class TestConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void envFile_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("plain") << QByteArray("DATABASE_URL=postgresql://a:b@h:5432/d\n") << QStringLiteral("DATABASE_URL")
                               << QStringLiteral("postgresql://a:b@h:5432/d");
        QTest::newRow("double quotes") << QByteArray("REDIS_URL=\"redis://h:6379\"\n") << QStringLiteral("REDIS_URL")
                                       << QStringLiteral("redis://h:6379");
        QTest::newRow("single quotes keep #") << QByteArray("X='a # b'\n") << QStringLiteral("X") << QStringLiteral("a # b");
        QTest::newRow("inline comment") << QByteArray("X=abc # note\n") << QStringLiteral("X") << QStringLiteral("abc");
        QTest::newRow("hash in value") << QByteArray("X=pa#ss\n") << QStringLiteral("X") << QStringLiteral("pa#ss");
        QTest::newRow("export") << QByteArray("export X=1\n") << QStringLiteral("X") << QStringLiteral("1");
        QTest::newRow("spaces") << QByteArray("  X =  v  \n") << QStringLiteral("X") << QStringLiteral("v");
        QTest::newRow("crlf") << QByteArray("X=v\r\nY=w\r\n") << QStringLiteral("Y") << QStringLiteral("w");
        QTest::newRow("escapes") << QByteArray("X=\"a\\nb\\\"c\"\n") << QStringLiteral("X") << QStringLiteral("a\nb\"c");
        QTest::newRow("empty") << QByteArray("X=\n") << QStringLiteral("X") << QString();
        QTest::newRow("later wins") << QByteArray("X=1\nX=2\n") << QStringLiteral("X") << QStringLiteral("2");
        QTest::newRow("equals in value") << QByteArray("X=a=b?c=d\n") << QStringLiteral("X") << QStringLiteral("a=b?c=d");
        QTest::newRow("comment line") << QByteArray("# X=1\nY=2\n") << QStringLiteral("X") << QString();
    }

    void envFile()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, key);
        QFETCH(QString, value);
        const EnvFile env = EnvFile::parse(text);
        QCOMPARE(env.value(key), value);
    }

    void envFileBadLines()
    {
        const EnvFile env = EnvFile::parse("GOOD=1\nthis is not a pair\n=nokey\nX=\"unterminated\n");
        QCOMPARE(env.value(QStringLiteral("GOOD")), QStringLiteral("1"));
        QCOMPARE(env.badLines(), (QList<int>{2, 3, 4}));
    }

    void envFileMissing()
    {
        EnvFile env;
        QString error;
        QVERIFY(!EnvFile::load(QStringLiteral("/nonexistent/.env"), &env, &error));
        QVERIFY(error.contains(QStringLiteral("/nonexistent/.env")));
    }

    void postgresUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("sslmode");
        QTest::newRow("full") << QStringLiteral("postgresql://postiz:p%40ss@db:5433/postiz?sslmode=require") << true
                              << QStringLiteral("db") << 5433 << QStringLiteral("postiz") << QStringLiteral("p@ss")
                              << QStringLiteral("postiz") << QStringLiteral("require");
        QTest::newRow("postgres scheme") << QStringLiteral("postgres://u@h/d") << true << QStringLiteral("h") << 5432
                                         << QStringLiteral("u") << QString() << QStringLiteral("d") << QString();
        QTest::newRow("mysql") << QStringLiteral("mysql://u@h/d") << false << QString() << 0 << QString() << QString()
                               << QString() << QString();
        QTest::newRow("empty") << QString() << false << QString() << 0 << QString() << QString() << QString()
                               << QString();
    }

    void postgresUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        PostgresFields f;
        QString error;
        QCOMPARE(connectionurl::parsePostgresUrl(url, &f, &error), ok);
        if (!ok) {
            QVERIFY(!error.isEmpty());
            return;
        }
        QTEST(f.host, "host");
        QTEST(f.port, "port");
        QTEST(f.user, "user");
        QTEST(f.password, "password");
        QTEST(f.database, "database");
        QTEST(f.sslmode, "sslmode");
        // Fields → URL → fields is the identity.
        PostgresFields again;
        QVERIFY(connectionurl::parsePostgresUrl(connectionurl::postgresUrl(f), &again, &error));
        QCOMPARE(again.password, f.password);
        QCOMPARE(again.user, f.user);
        QCOMPARE(again.database, f.database);
        QCOMPARE(again.port, f.port);
        QCOMPARE(again.sslmode, f.sslmode);
    }

    void redisUrlCheck_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("message");
        QTest::newRow("plain") << QStringLiteral("redis://localhost:6379") << true << QString();
        QTest::newRow("acl user and db") << QStringLiteral("redis://ops:pw@h:6380/3") << true << QString();
        QTest::newRow("tls") << QStringLiteral("rediss://h:6380") << false << QStringLiteral("TLS is not supported");
        QTest::newRow("bad db") << QStringLiteral("redis://h:6379/x") << false << QStringLiteral("must be a number");
        QTest::newRow("http") << QStringLiteral("http://h") << false << QStringLiteral("redis://");
    }

    void redisUrlCheck()
    {
        QFETCH(QString, url);
        QFETCH(bool, ok);
        QFETCH(QString, message);
        QString error;
        QCOMPARE(connectionurl::checkRedisUrl(url, &error), ok);
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void withoutPassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pg") << QStringLiteral("postgresql://u:secret@h:5432/d?sslmode=require")
                            << QStringLiteral("postgresql://u@h:5432/d?sslmode=require");
        QTest::newRow("redis") << QStringLiteral("redis://ops:secret@h:6379/2") << QStringLiteral("redis://ops@h:6379/2");
        QTest::newRow("password only") << QStringLiteral("redis://:secret@h:6379") << QStringLiteral("redis://h:6379");
        QTest::newRow("none") << QStringLiteral("redis://h:6379") << QStringLiteral("redis://h:6379");
    }

    void withoutPassword()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        QCOMPARE(connectionurl::withoutPassword(url), expected);
    }

    void parseTime_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");
        const qint64 now = 1768487400000; // 2026-01-15T14:30:00Z
        QTest::newRow("utc") << QStringLiteral("2026-01-15T14:30:15Z") << qint64(1768487415000);
        QTest::newRow("no offset means utc") << QStringLiteral("2026-01-15T14:30:15") << qint64(1768487415000);
        QTest::newRow("ms") << QStringLiteral("2026-01-15T14:30:15.250Z") << qint64(1768487415250);
        QTest::newRow("offset") << QStringLiteral("2026-01-15T16:30:15+02:00") << qint64(1768487415000);
        QTest::newRow("date") << QStringLiteral("2026-01-15") << qint64(1768435200000);
        QTest::newRow("now") << QStringLiteral("now") << now;
        QTest::newRow("now-7d") << QStringLiteral("now-7d") << now - 7 * 86400000LL;
        QTest::newRow("now+30d") << QStringLiteral("now+30d") << now + 30 * 86400000LL;
        QTest::newRow("now-3h") << QStringLiteral("now-3h") << now - 3 * 3600000LL;
        QTest::newRow("now+15m") << QStringLiteral("now+15m") << now + 15 * 60000LL;
    }

    void parseTime()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto t = cli::parseTime(text, 1768487400000);
        QVERIFY2(t.has_value(), qPrintable(text));
        QCOMPARE(*t, expected);
    }

    void parseTimeRejects()
    {
        for (const char *bad : {"yesterday", "now-7x", "2026-13-40", "", "now-"})
            QVERIFY2(!cli::parseTime(QString::fromLatin1(bad), 0).has_value(), bad);
    }

    void connectionSources()
    {
        QTemporaryDir dir;
        const QString envPath = dir.filePath(QStringLiteral(".env"));
        QFile f(envPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("DATABASE_URL=\"postgresql://postiz:pw@db:5432/postiz\"\nREDIS_URL=redis://cache:6379\n");
        f.close();

        qputenv("DATABASE_URL", "postgresql://fromenv@h/d");
        qunsetenv("REDIS_URL");
        auto parse = [](const QStringList &args, CaptureRequest *r, cli::ConnectionChoice *c, QString *error) {
            QCommandLineParser p;
            cli::addCaptureOptions(p);
            if (!p.parse(QStringList{QStringLiteral("postscope snapshot")} + args)) {
                *error = p.errorText();
                return false;
            }
            return cli::captureRequestFrom(p, r, c, error);
        };
        CaptureRequest r;
        cli::ConnectionChoice c;
        QString error;
        // --env-file beats the environment; --pg beats both.
        QVERIFY2(parse({QStringLiteral("--env-file"), envPath}, &r, &c, &error), qPrintable(error));
        QCOMPARE(r.postgres.url, QStringLiteral("postgresql://postiz:pw@db:5432/postiz"));
        QCOMPARE(r.redis.url, QStringLiteral("redis://cache:6379"));
        QVERIFY(c.postgresFrom.startsWith(QStringLiteral("--env-file")));
        QVERIFY(parse({QStringLiteral("--env-file"), envPath, QStringLiteral("--pg"), QStringLiteral("postgresql://x@y/z")},
                      &r, &c, &error));
        QCOMPARE(r.postgres.url, QStringLiteral("postgresql://x@y/z"));
        QVERIFY(parse({}, &r, &c, &error));
        QCOMPARE(r.postgres.url, QStringLiteral("postgresql://fromenv@h/d"));
        QCOMPARE(c.postgresFrom, QStringLiteral("DATABASE_URL"));
        QVERIFY(!r.useRedis);
        // Scope options.
        QVERIFY(parse({QStringLiteral("--org"), QStringLiteral("a,b"), QStringLiteral("--org"), QStringLiteral("c"),
                       QStringLiteral("--integration"), QStringLiteral("i1"), QStringLiteral("--from"),
                       QStringLiteral("2026-01-15T14:00:00Z"), QStringLiteral("--to"), QStringLiteral("2026-01-15T15:00:00Z"),
                       QStringLiteral("--prefix"), QStringLiteral("myapp"), QStringLiteral("--queue"), QStringLiteral("q")},
                      &r, &c, &error));
        QCOMPARE(r.scope.organizationIds, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(r.scope.integrationIds, QStringList{QStringLiteral("i1")});
        QCOMPARE(r.scope.from, qint64(1768485600000));
        QCOMPARE(r.scope.to, qint64(1768489200000));
        QCOMPARE(r.redis.prefix, QStringLiteral("myapp"));
        QCOMPARE(r.redis.queue, QStringLiteral("q"));
        // Usage errors.
        QVERIFY(!parse({QStringLiteral("--from"), QStringLiteral("tomorrow")}, &r, &c, &error));
        QVERIFY(error.contains(QStringLiteral("tomorrow")));
        QVERIFY(!parse({QStringLiteral("--from"), QStringLiteral("now"), QStringLiteral("--to"), QStringLiteral("now-1d")},
                       &r, &c, &error));
        QVERIFY(!parse({QStringLiteral("--timeout"), QStringLiteral("soon")}, &r, &c, &error));
        qunsetenv("DATABASE_URL");
        QVERIFY(!parse({}, &r, &c, &error));
        QVERIFY(error.contains(QStringLiteral("--demo")));
        QVERIFY(!parse({QStringLiteral("--env-file"), dir.filePath(QStringLiteral("missing.env"))}, &r, &c, &error));
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
