// LogSource: pm2, docker compose, `docker logs -t`, NestJS and plain lines, with and
// without time stamps, linked to the snapshot's posts or to Postiz's known patterns;
// huge and non-UTF-8 lines do not break it.

#include "sources/logsource.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace postscope;

namespace {

const QString uuidPost = QStringLiteral("3f1c2a9e-8b7d-4e6f-9a01-23456789abcd");
const QString cuidPost = QStringLiteral("clr8x2k9p0000qz1abcdefghi");
const QString otherPost = QStringLiteral("7d0e6f1a-1111-4222-8333-444455556666");

Snapshot snapshot()
{
    SnapshotData d;
    for (const QString &id : {uuidPost, cuidPost, otherPost}) {
        Post p;
        p.id = id;
        p.state = PostState::Queue;
        p.publishDate = 1768487400000;
        d.posts.push_back(p);
    }
    return Snapshot(std::move(d));
}

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace

class TestLogSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseLine_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<qint64>("time"); // -1 = no time
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("ids");

        QTest::newRow("pm2 with time")
            << QStringLiteral("0|backend  | 2026-01-15T14:30:00.123Z: event to dispatch:  { pattern: 'post', data: { id: '%1', options: { delay: 900000 } } }").arg(uuidPost)
            << utc("2026-01-15T14:30:00.123Z") << QStringLiteral("dispatch") << QStringList{uuidPost};
        QTest::newRow("pm2 without time")
            << QStringLiteral("1|workers | processing { id: '%1' }").arg(cuidPost) << qint64(-1)
            << QStringLiteral("processing") << QStringList{cuidPost};
        QTest::newRow("pm2 log file time prefix")
            << QStringLiteral("2026-01-15T14:30:15: [DEBUG] Deleting previous job: %1").arg(uuidPost)
            << utc("2026-01-15T14:30:15.000Z") << QStringLiteral("debug-delete") << QStringList{uuidPost};
        QTest::newRow("docker compose with RFC3339 nanoseconds")
            << QStringLiteral("backend-1  | 2026-01-15T14:30:00.123456789Z [DEBUG] Queueing new job: %1 with delay 900000ms").arg(uuidPost)
            << utc("2026-01-15T14:30:00.123Z") << QStringLiteral("debug-queue") << QStringList{uuidPost};
        QTest::newRow("docker compose without time")
            << QStringLiteral("workers-1  | [WORKER] Processing post job %1").arg(otherPost) << qint64(-1)
            << QStringLiteral("worker-processing") << QStringList{otherPost};
        QTest::newRow("docker logs -t with offset")
            << QStringLiteral("2026-01-15T15:30:00.5+01:00 [Error] posting on x Something is wrong with x")
            << utc("2026-01-15T14:30:00.500Z") << QStringLiteral("provider-error") << QStringList{};
        QTest::newRow("plain crash")
            << QStringLiteral("Unhandled error, let's avoid crashing the post worker Error: socket hang up") << qint64(-1)
            << QStringLiteral("crash") << QStringList{};
        QTest::newRow("plain space-separated time, mention")
            << QStringLiteral("2026-01-15 14:31:02 something about %1 and %2").arg(uuidPost, cuidPost)
            << utc("2026-01-15T14:31:02.000Z") << QString() << QStringList{uuidPost, cuidPost};
        QTest::newRow("posts service")
            << QStringLiteral("[PostsService] post %1 published").arg(otherPost) << qint64(-1)
            << QStringLiteral("posts-service") << QStringList{otherPost};
        QTest::newRow("prose with a bar is not a prefix")
            << QStringLiteral("a b | c") << qint64(-1) << QString() << QStringList{};
        QTest::newRow("word processing without brace")
            << QStringLiteral("word processing is fun") << qint64(-1) << QString() << QStringList{};
    }

    void parseLine()
    {
        QFETCH(QString, line);
        QFETCH(qint64, time);
        QFETCH(QString, kind);
        QFETCH(QStringList, ids);
        const logsource::ParsedLine p = logsource::parseLine(line);
        if (time < 0)
            QVERIFY2(!p.time, qPrintable(QString::number(p.time.value_or(0))));
        else
            QCOMPARE(p.time, std::optional<qint64>(time));
        QCOMPARE(p.kind, kind);
        QCOMPARE(p.ids, ids);
    }

    void nestLoggerLocalTime()
    {
        const logsource::ParsedLine p = logsource::parseLine(
            QStringLiteral("[Nest] 4242  - 01/15/2026, 2:30:00 PM     LOG [PostsService] queued %1").arg(uuidPost));
        const qint64 local = QDateTime(QDate(2026, 1, 15), QTime(14, 30), Qt::LocalTime).toMSecsSinceEpoch();
        QCOMPARE(p.time, std::optional<qint64>(local));
        QCOMPARE(p.kind, QStringLiteral("posts-service"));
        QCOMPARE(p.ids, QStringList{uuidPost});
    }

    void linksOnlyRelevantLines()
    {
        const Snapshot s = snapshot();
        const QByteArray text = QStringLiteral(
            "0|backend  | 2026-01-15T14:30:00.000Z: GET /health 200\n"                       // dropped
            "0|backend  | 2026-01-15T14:30:00.100Z: event to dispatch:  { pattern: 'post', data: { id: '%1' } }\n"
            "1|workers  | processing { id: 'ffffffff-ffff-4fff-8fff-ffffffffffff' }\n"     // pattern, post unknown
            "just noise\n"
            "backend-1  | mentions %2 in passing\r\n")
                                    .arg(uuidPost, cuidPost)
                                    .toUtf8();
        const std::vector<LogLine> lines = readLogText(text, QStringLiteral("app.log"), s);
        QCOMPARE(lines.size(), size_t(3));
        QCOMPARE(lines[0].lineNumber, 2);
        QCOMPARE(lines[0].kind, QStringLiteral("dispatch"));
        QCOMPARE(lines[0].postIds, QStringList{uuidPost});
        QCOMPARE(lines[0].file, QStringLiteral("app.log"));
        QCOMPARE(lines[0].time, std::optional<qint64>(utc("2026-01-15T14:30:00.100Z")));
        QCOMPARE(lines[1].kind, QStringLiteral("processing"));
        QVERIFY(lines[1].postIds.isEmpty());
        QVERIFY(!lines[1].time);
        QCOMPARE(lines[2].lineNumber, 5);
        QCOMPARE(lines[2].kind, QStringLiteral("mention"));
        QCOMPARE(lines[2].postIds, QStringList{cuidPost});
        QVERIFY(!lines[2].text.endsWith(QLatin1Char('\r')));
    }

    // Node prints larger objects over several lines: the id comes after the pattern.
    void multiLineDispatch()
    {
        const Snapshot s = snapshot();
        const QByteArray text = QStringLiteral(
            "0|backend | event to dispatch:  {\n"
            "0|backend |   pattern: 'post',\n"
            "0|backend |   data: { id: '%1', options: { delay: 5000 } }\n"
            "0|backend | }\n")
                                    .arg(otherPost)
                                    .toUtf8();
        const std::vector<LogLine> lines = readLogText(text, QStringLiteral("pm2.log"), s);
        QCOMPARE(lines.size(), size_t(1));
        QCOMPARE(lines[0].kind, QStringLiteral("dispatch"));
        QCOMPARE(lines[0].postIds, QStringList{otherPost});
        QCOMPARE(lines[0].lineNumber, 1);
    }

    void hugeAndNonUtf8Lines()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("huge.log"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // 1: a 5 MB line that names a post near its start
        f.write("processing { id: '" + uuidPost.toLatin1() + "' } ");
        f.write(QByteArray(5 * 1024 * 1024, 'x'));
        f.write("\n");
        // 2: Latin-1 bytes, invalid UTF-8, with a post id
        f.write("caf\xe9 \xff\xfe ");
        f.write(cuidPost.toLatin1());
        f.write("\n");
        // 3: a 200 kB line naming a post only past the cap: not linked, not kept
        f.write(QByteArray(200 * 1024, 'y'));
        f.write(" " + otherPost.toLatin1() + "\n");
        // 4: after the huge ones, still read, last line without newline
        f.write("[DEBUG] Queueing new job: " + otherPost.toLatin1() + " with delay 0ms");
        f.close();

        QString error;
        const std::vector<LogLine> lines = readLogFile(path, snapshot(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(lines.size(), size_t(3));
        QCOMPARE(lines[0].lineNumber, 1);
        QCOMPARE(lines[0].postIds, QStringList{uuidPost});
        QVERIFY(lines[0].text.size() <= logsource::maxTextChars);
        QCOMPARE(lines[1].lineNumber, 2);
        QCOMPARE(lines[1].postIds, QStringList{cuidPost});
        QVERIFY(lines[1].text.contains(QChar(0xFFFD)));
        QCOMPARE(lines[2].lineNumber, 4);
        QCOMPARE(lines[2].kind, QStringLiteral("debug-queue"));
        QCOMPARE(lines[2].postIds, QStringList{otherPost});
    }

    void missingFile()
    {
        QString error;
        const std::vector<LogLine> lines = readLogFile(QStringLiteral("/nonexistent/postscope.log"), snapshot(), &error);
        QVERIFY(lines.empty());
        QVERIFY(error.contains(QStringLiteral("/nonexistent/postscope.log")));
    }

    void mergeReplacesSameFile()
    {
        SnapshotData d;
        LogLine a;
        a.file = QStringLiteral("a.log");
        a.lineNumber = 1;
        LogLine b = a;
        b.file = QStringLiteral("b.log");
        d.logLines = {a, b};
        LogLine a2 = a;
        a2.lineNumber = 7;
        const SnapshotData merged = withLogLines(d, {a2});
        QCOMPARE(merged.logLines.size(), size_t(2));
        QCOMPARE(merged.logLines[0].file, QStringLiteral("b.log"));
        QCOMPARE(merged.logLines[1].lineNumber, 7);
        QCOMPARE(d.logLines.size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestLogSource)
#include "tst_logsource.moc"
