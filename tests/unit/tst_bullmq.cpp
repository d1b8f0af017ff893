#include "core/bullmq.h"

#include <QTest>

#include <cstdio>

using namespace postscope;

using RawList = QList<QPair<QByteArray, QByteArray>>;
using OptInt = std::optional<qint64>;

Q_DECLARE_METATYPE(OptInt)

namespace {

// Redis 7.0 prints zset scores with "%.17g" (round-trip exact).
QString redisDouble(double d)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return QString::fromLatin1(buf);
}

OptInt none() { return std::nullopt; }

} // namespace

class TestBullmq : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fireTimeFromScore_data();
    void fireTimeFromScore();
    void fireTimeFromLargeDoubles_data();
    void fireTimeFromLargeDoubles();
    void parseScore_data();
    void parseScore();
    void parseStreamId_data();
    void parseStreamId();
    void eventFromEntry();
    void clientList_data();
    void clientList();
    void clientListOddLines();
    void info();
    void timeReply_data();
    void timeReply();
    void decodeJobHash_data();
    void decodeJobHash();
    void decodeTextFields();
};

void TestBullmq::fireTimeFromScore_data()
{
    QTest::addColumn<QString>("score");
    QTest::addColumn<OptInt>("expected");

    QTest::newRow("zero") << QStringLiteral("0") << OptInt(0);
    QTest::newRow("counter only") << QStringLiteral("4095") << OptInt(0);
    QTest::newRow("one ms") << QStringLiteral("4096") << OptInt(1);
    // 2024-06-10T06:13:20Z with counter 17
    QTest::newRow("typical") << QString::number(1718000000000LL * 4096 + 17) << OptInt(1718000000000LL);
    QTest::newRow("typical counter 4095")
        << QString::number(1718000000000LL * 4096 + 4095) << OptInt(1718000000000LL);
    // Integer strings above 2^53 stay exact.
    QTest::newRow("integer above 2^53")
        << QStringLiteral("9007199254745087") << OptInt(9007199254745087LL / 4096);
    QTest::newRow("integer 2^63-1") << QStringLiteral("9223372036854775807")
                                    << OptInt(9223372036854775807LL / 4096);
    QTest::newRow("integer 2^63") << QStringLiteral("9223372036854775808") << OptInt(2251799813685248LL);
    QTest::newRow("exponent 2^63") << QStringLiteral("9.2233720368547758e+18") << OptInt(2251799813685248LL);
    QTest::newRow("exponent small") << QStringLiteral("4.096e3") << OptInt(1);
    QTest::newRow("float notation") << QStringLiteral("8192.5") << OptInt(2);
    QTest::newRow("whitespace") << QStringLiteral(" 8192 ") << OptInt(2);
    QTest::newRow("negative") << QStringLiteral("-1") << OptInt(-1);
    QTest::newRow("negative exact") << QStringLiteral("-4096") << OptInt(-1);
    QTest::newRow("inf") << QStringLiteral("inf") << none();
    QTest::newRow("-inf") << QStringLiteral("-inf") << none();
    QTest::newRow("nan") << QStringLiteral("nan") << none();
    QTest::newRow("empty") << QString() << none();
    QTest::newRow("text") << QStringLiteral("soon") << none();
    QTest::newRow("beyond 2^64") << QStringLiteral("18446744073709551616") << none();
    QTest::newRow("double beyond 2^75") << QStringLiteral("1e23") << none();
}

void TestBullmq::fireTimeFromScore()
{
    QFETCH(QString, score);
    QFETCH(OptInt, expected);
    QCOMPARE(bullmq::fireTimeFromScore(score), expected);
}

// Scores computed as BullMQ's Lua does (double arithmetic) and printed as Redis prints
// them: above 2^53 the counter bits are rounded, the millisecond is still right.
void TestBullmq::fireTimeFromLargeDoubles_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<int>("counter");

    const qint64 times[] = {
        2199023255552LL,          // 2^53 / 4096: year 2039, first ms whose score passes 2^53
        2199023255553LL,
        4102444800000LL,          // 2100-01-01
        253402300799999LL,        // 9999-12-31T23:59:59.999
        2251799813685247LL,       // largest ms whose score stays below 2^63
    };
    // The ulp at 2^63 is 2048: a counter below 4096 - 1024 cannot round into the next ms.
    const int counters[] = {0, 1, 17, 1000, 2047, 3000};
    for (qint64 t : times) {
        for (int c : counters) {
            QTest::addRow("ms=%lld counter=%d", t, c) << t << c;
        }
    }
}

void TestBullmq::fireTimeFromLargeDoubles()
{
    QFETCH(qint64, ms);
    QFETCH(int, counter);
    const double score = double(ms) * 4096.0 + double(counter);
    const QString printed = redisDouble(score);
    QCOMPARE(bullmq::fireTimeFromScore(printed), OptInt(ms));
    // The same value printed with an exponent.
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.16e", score);
    QCOMPARE(bullmq::fireTimeFromScore(QString::fromLatin1(buf)), OptInt(ms));
}

void TestBullmq::parseScore_data()
{
    QTest::addColumn<QString>("score");
    QTest::addColumn<OptInt>("expected");
    QTest::newRow("int") << QStringLiteral("1718000000000") << OptInt(1718000000000LL);
    QTest::newRow("negative") << QStringLiteral("-5") << OptInt(-5);
    QTest::newRow("exponent") << QStringLiteral("1.5e+17") << OptInt(150000000000000000LL);
    QTest::newRow("fraction floors") << QStringLiteral("2.75") << OptInt(2);
    QTest::newRow("2^63 out of range") << QStringLiteral("9223372036854775808") << none();
    QTest::newRow("inf") << QStringLiteral("inf") << none();
    QTest::newRow("garbage") << QStringLiteral("12ab") << none();
}

void TestBullmq::parseScore()
{
    QFETCH(QString, score);
    QFETCH(OptInt, expected);
    QCOMPARE(bullmq::parseScore(score), expected);
}

void TestBullmq::parseStreamId_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<qint64>("seq");
    QTest::newRow("normal") << QStringLiteral("1718000000000-0") << true << 1718000000000LL << 0LL;
    QTest::newRow("seq") << QStringLiteral("1718000000000-42") << true << 1718000000000LL << 42LL;
    QTest::newRow("no seq") << QStringLiteral("1718000000000") << true << 1718000000000LL << 0LL;
    QTest::newRow("max seq") << QStringLiteral("1-18446744073709551615") << false << 0LL << 0LL;
    QTest::newRow("empty") << QString() << false << 0LL << 0LL;
    QTest::newRow("dash only") << QStringLiteral("-") << false << 0LL << 0LL;
    QTest::newRow("missing seq") << QStringLiteral("17-") << false << 0LL << 0LL;
    QTest::newRow("letters") << QStringLiteral("abc-1") << false << 0LL << 0LL;
    QTest::newRow("seq letters") << QStringLiteral("17-x") << false << 0LL << 0LL;
    QTest::newRow("plus") << QStringLiteral("+17-1") << false << 0LL << 0LL;
}

void TestBullmq::parseStreamId()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QFETCH(qint64, ms);
    QFETCH(qint64, seq);
    const auto r = bullmq::parseStreamId(id);
    QCOMPARE(r.has_value(), valid);
    if (r) {
        QCOMPARE(r->ms, ms);
        QCOMPARE(r->seq, seq);
    }
}

void TestBullmq::eventFromEntry()
{
    Fields f{{QStringLiteral("event"), QStringLiteral("delayed")},
             {QStringLiteral("jobId"), QStringLiteral("a1")},
             {QStringLiteral("delay"), QStringLiteral("1718000005000")}};
    QueueEvent e = bullmq::eventFromEntry(QStringLiteral("post"), QStringLiteral("1718000000000-3"), f);
    QCOMPARE(e.queue, QStringLiteral("post"));
    QCOMPARE(e.streamId, QStringLiteral("1718000000000-3"));
    QCOMPARE(e.time, 1718000000000LL);
    QCOMPARE(e.seq, 3LL);
    QCOMPARE(e.event, QStringLiteral("delayed"));
    QCOMPARE(e.jobId, QStringLiteral("a1"));
    QCOMPARE(e.field(QStringLiteral("delay")), QStringLiteral("1718000005000"));
    QCOMPARE(e.fields.size(), size_t(3));

    // Events without a jobId (paused, drained) and a malformed id.
    QueueEvent d = bullmq::eventFromEntry(QStringLiteral("post"), QStringLiteral("bogus"),
                                          {{QStringLiteral("event"), QStringLiteral("drained")}});
    QCOMPARE(d.event, QStringLiteral("drained"));
    QVERIFY(d.jobId.isNull());
    QCOMPARE(d.time, 0LL);
}

void TestBullmq::clientList_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("queue");
    QTest::addColumn<QString>("worker");

    const QString base = QStringLiteral(
        "id=7 addr=127.0.0.1:51234 laddr=127.0.0.1:6379 fd=9 name=%1 age=12 idle=3 flags=N db=2 "
        "sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 "
        "obl=0 oll=0 omem=0 tot-mem=1800 events=r cmd=bzpopmin user=default redir=-1 resp=2");
    QTest::newRow("queue connection") << base.arg(QStringLiteral("bull:cG9zdA=="))
                                      << QStringLiteral("bull:cG9zdA==") << QStringLiteral("post") << QString();
    QTest::newRow("named worker") << base.arg(QStringLiteral("bull:cG9zdA==:w:worker-1"))
                                  << QStringLiteral("bull:cG9zdA==:w:worker-1") << QStringLiteral("post")
                                  << QStringLiteral("worker-1");
    QTest::newRow("worker name with colons") << base.arg(QStringLiteral("bull:cG9zdA==:w:a:b"))
                                             << QStringLiteral("bull:cG9zdA==:w:a:b") << QStringLiteral("post")
                                             << QStringLiteral("a:b");
    // "émission" in base64
    QTest::newRow("unicode queue") << base.arg(QStringLiteral("bull:w6ltaXNzaW9u"))
                                   << QStringLiteral("bull:w6ltaXNzaW9u") << QString::fromUtf8("émission")
                                   << QString();
    QTest::newRow("queue events") << base.arg(QStringLiteral("bull:cG9zdA==:qe"))
                                  << QStringLiteral("bull:cG9zdA==:qe") << QString() << QString();
    QTest::newRow("other app") << base.arg(QStringLiteral("redisinsight"))
                               << QStringLiteral("redisinsight") << QString() << QString();
    QTest::newRow("not base64") << base.arg(QStringLiteral("bull:!!notb64"))
                                << QStringLiteral("bull:!!notb64") << QString() << QString();
    QTest::newRow("non-canonical base64") << base.arg(QStringLiteral("bull:cG9zdA"))
                                          << QStringLiteral("bull:cG9zdA") << QString() << QString();
    QTest::newRow("other prefix") << base.arg(QStringLiteral("bullx:cG9zdA=="))
                                  << QStringLiteral("bullx:cG9zdA==") << QString() << QString();
    QTest::newRow("no name") << base.arg(QString()) << QString() << QString() << QString();
}

void TestBullmq::clientList()
{
    QFETCH(QString, line);
    QFETCH(QString, name);
    QFETCH(QString, queue);
    QFETCH(QString, worker);
    const auto list = bullmq::parseClientList(line + QStringLiteral("\r\n"));
    QCOMPARE(list.size(), size_t(1));
    const WorkerConnection &w = list.front();
    QCOMPARE(w.clientId, QStringLiteral("7"));
    QCOMPARE(w.addr, QStringLiteral("127.0.0.1:51234"));
    QCOMPARE(w.name, name);
    QCOMPARE(w.queue, queue);
    QCOMPARE(w.workerName, worker);
    QCOMPARE(w.ageSeconds, OptInt(12));
    QCOMPARE(w.idleSeconds, OptInt(3));
    QCOMPARE(w.db, OptInt(2));
    QCOMPARE(w.lastCommand, QStringLiteral("bzpopmin"));
}

void TestBullmq::clientListOddLines()
{
    const QString text = QStringLiteral(
        "\n"
        "garbage without pairs\n"
        "id=1 addr=10.0.0.1:1 name=bull:cG9zdA== age=x idle= db=0\n"
        "=novalue ===\n"
        "id=2 addr=10.0.0.2:2 name=bull:cG9zdA==:w:w2 extra=a=b\r\n"
        "   \n"
        "id=3");
    const auto list = bullmq::parseClientList(text);
    QCOMPARE(list.size(), size_t(3));
    QCOMPARE(list[0].queue, QStringLiteral("post"));
    QCOMPARE(list[0].ageSeconds, none());
    QCOMPARE(list[0].idleSeconds, none());
    QCOMPARE(list[1].workerName, QStringLiteral("w2"));
    QCOMPARE(list[2].clientId, QStringLiteral("3"));
    QVERIFY(list[2].name.isEmpty());
    QVERIFY(bullmq::parseClientList(QString()).empty());
}

void TestBullmq::info()
{
    const QString text = QStringLiteral(
        "# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:Linux x86_64\r\n\r\n"
        "# Memory\r\nmaxmemory_policy:noeviction\r\nodd line\r\n:empty key\r\nexecutable:/usr/bin/a:b\r\n");
    const auto m = bullmq::parseInfo(text);
    QCOMPARE(m.value(QStringLiteral("redis_version")), QStringLiteral("7.0.15"));
    QCOMPARE(m.value(QStringLiteral("redis_mode")), QStringLiteral("standalone"));
    QCOMPARE(m.value(QStringLiteral("maxmemory_policy")), QStringLiteral("noeviction"));
    QCOMPARE(m.value(QStringLiteral("executable")), QStringLiteral("/usr/bin/a:b"));
    QCOMPARE(m.size(), 5);
}

void TestBullmq::timeReply_data()
{
    QTest::addColumn<QString>("sec");
    QTest::addColumn<QString>("usec");
    QTest::addColumn<OptInt>("expected");
    QTest::newRow("normal") << QStringLiteral("1718000000") << QStringLiteral("123456") << OptInt(1718000000123LL);
    QTest::newRow("zero us") << QStringLiteral("1718000000") << QStringLiteral("0") << OptInt(1718000000000LL);
    QTest::newRow("999999") << QStringLiteral("1") << QStringLiteral("999999") << OptInt(1999);
    QTest::newRow("bad sec") << QStringLiteral("x") << QStringLiteral("0") << none();
    QTest::newRow("bad usec") << QStringLiteral("1") << QStringLiteral("1000000") << none();
    QTest::newRow("empty") << QString() << QString() << none();
}

void TestBullmq::timeReply()
{
    QFETCH(QString, sec);
    QFETCH(QString, usec);
    QFETCH(OptInt, expected);
    QCOMPARE(bullmq::timeReplyToMs(sec, usec), expected);
}

void TestBullmq::decodeJobHash_data()
{
    QTest::addColumn<RawList>("fields");
    QTest::addColumn<QString>("delayedScore"); // null = not in delayed
    QTest::addColumn<qint64>("maxValueBytes");
    QTest::addColumn<OptInt>("fireTime");
    QTest::addColumn<QString>("fireSource");
    QTest::addColumn<QString>("postId");
    QTest::addColumn<OptInt>("optsDelay");
    QTest::addColumn<OptInt>("attemptsMade");
    QTest::addColumn<QStringList>("problems"); // substrings, one per expected problem

    const qint64 big = 1 << 20;
    const QByteArray postiz = R"({"id":"p1","options":{"delay":5000},"payload":{"id":"p1","delay":5000}})";
    const QByteArray optsDelayed = R"({"jobId":"p1","delay":5000,"removeOnComplete":true,"removeOnFail":true,"attempts":0})";

    QTest::newRow("delayed: score wins")
        << RawList{{"name", "post"}, {"data", postiz}, {"opts", optsDelayed},
                   {"timestamp", "1718000000000"}, {"delay", "5000"}, {"priority", "0"}}
        << QString::number(1718000009000LL * 4096 + 3) << big << OptInt(1718000009000LL)
        << QStringLiteral("delayed-score") << QStringLiteral("p1") << OptInt(5000) << none() << QStringList();
    QTest::newRow("promoted: hash delay reset to 0")
        << RawList{{"name", "post"}, {"data", postiz}, {"opts", optsDelayed},
                   {"timestamp", "1718000000000"}, {"delay", "0"}, {"processedOn", "1718000005001"},
                   {"ats", "1"}, {"atm", "0"}, {"pb", "worker-1"}}
        << QString() << big << OptInt(1718000005000LL) << QStringLiteral("timestamp+opts.delay")
        << QStringLiteral("p1") << OptInt(5000) << OptInt(0) << QStringList();
    QTest::newRow("no opts.delay: timestamp+delay")
        << RawList{{"data", R"({"payload":{"id":"p2"}})"}, {"opts", "{}"},
                   {"timestamp", "1000"}, {"delay", "300"}, {"attemptsMade", "2"}}
        << QString() << big << OptInt(1300) << QStringLiteral("timestamp+delay") << QStringLiteral("p2")
        << none() << OptInt(2) << QStringList();
    QTest::newRow("atm wins over attemptsMade")
        << RawList{{"timestamp", "1000"}, {"attemptsMade", "7"}, {"atm", "3"}}
        << QString() << big << OptInt(1000) << QStringLiteral("timestamp") << QString() << none()
        << OptInt(3) << QStringList();
    QTest::newRow("numeric data.id")
        << RawList{{"data", R"({"id":42})"}, {"timestamp", "5"}}
        << QString() << big << OptInt(5) << QStringLiteral("timestamp") << QStringLiteral("42") << none()
        << none() << QStringList();
    QTest::newRow("no timestamp: no fire time")
        << RawList{{"name", "post"}, {"data", "[]"}}
        << QString() << big << none() << QString() << QString() << none() << none() << QStringList();
    QTest::newRow("malformed data JSON")
        << RawList{{"data", "not json {"}, {"opts", optsDelayed}, {"timestamp", "1000"}}
        << QString() << big << OptInt(6000) << QStringLiteral("timestamp+opts.delay") << QString()
        << OptInt(5000) << none() << QStringList{QStringLiteral("data is not valid JSON")};
    QTest::newRow("malformed opts JSON")
        << RawList{{"data", postiz}, {"opts", "{delay:"}, {"timestamp", "1000"}, {"delay", "10"}}
        << QString() << big << OptInt(1010) << QStringLiteral("timestamp+delay") << QStringLiteral("p1")
        << none() << none() << QStringList{QStringLiteral("opts is not valid JSON")};
    QTest::newRow("opts.delay not a number")
        << RawList{{"opts", R"({"delay":"soon"})"}, {"timestamp", "1000"}}
        << QString() << big << OptInt(1000) << QStringLiteral("timestamp") << QString() << none() << none()
        << QStringList{QStringLiteral("opts.delay is not a number")};
    QTest::newRow("non-numeric timestamp")
        << RawList{{"data", postiz}, {"opts", optsDelayed}, {"timestamp", "yesterday"}, {"atm", "x1"}}
        << QString() << big << none() << QString() << QStringLiteral("p1") << OptInt(5000) << none()
        << QStringList{QStringLiteral("'timestamp' is not a number: \"yesterday\""),
                       QStringLiteral("'atm' is not a number")};
    QTest::newRow("exponent timestamp tolerated")
        << RawList{{"timestamp", "1.718e12"}}
        << QString() << big << OptInt(1718000000000LL) << QStringLiteral("timestamp") << QString() << none()
        << none() << QStringList();
    QTest::newRow("bad delayed score falls back")
        << RawList{{"opts", optsDelayed}, {"timestamp", "1000"}}
        << QStringLiteral("garbage") << big << OptInt(6000) << QStringLiteral("timestamp+opts.delay")
        << QString() << OptInt(5000) << none() << QStringList{QStringLiteral("delayed score is not a number")};
    QTest::newRow("non-UTF-8 data")
        << RawList{{"data", QByteArray("{\"id\":\"p\xff\xfe\"}")}, {"timestamp", "1"}}
        << QString() << big << OptInt(1) << QStringLiteral("timestamp")
        << QString::fromUtf8("p\xef\xbf\xbd\xef\xbf\xbd") << none() << none()
        << QStringList{QStringLiteral("'data' is not valid UTF-8")};
    QTest::newRow("non-UTF-8 field name")
        << RawList{{QByteArray("x\xc3"), "1"}, {"timestamp", "1"}}
        << QString() << big << OptInt(1) << QStringLiteral("timestamp") << QString() << none() << none()
        << QStringList{QStringLiteral("is not valid UTF-8")};
    QTest::newRow("value cut")
        << RawList{{"data", QByteArray(100, 'a')}, {"timestamp", "1"}}
        << QString() << qint64(10) << OptInt(1) << QStringLiteral("timestamp") << QString() << none()
        << none()
        << QStringList{QStringLiteral("'data' is 100 bytes; only the first 10 were kept"),
                       QStringLiteral("data is not valid JSON")};
    QTest::newRow("cut on a UTF-8 boundary")
        << RawList{{"name", QByteArray("\xc3\xa9\xc3\xa9\xc3\xa9")}}
        << QString() << qint64(3) << none() << QString() << QString() << none() << none()
        << QStringList{QStringLiteral("'name' is 6 bytes; only the first 2 were kept")};
}

void TestBullmq::decodeJobHash()
{
    QFETCH(RawList, fields);
    QFETCH(QString, delayedScore);
    QFETCH(qint64, maxValueBytes);
    QFETCH(OptInt, fireTime);
    QFETCH(QString, fireSource);
    QFETCH(QString, postId);
    QFETCH(OptInt, optsDelay);
    QFETCH(OptInt, attemptsMade);
    QFETCH(QStringList, problems);

    std::vector<bullmq::RawField> raw;
    for (const auto &p : fields)
        raw.emplace_back(p.first, p.second);
    bullmq::DecodeOptions opt;
    opt.maxValueBytes = maxValueBytes;
    if (!delayedScore.isNull())
        opt.delayedScore = delayedScore;

    Job job;
    job.queue = QStringLiteral("post");
    job.id = QStringLiteral("p1");
    const auto result = bullmq::decodeJobHash(job, raw, opt);

    QCOMPARE(job.hashPresent, !fields.isEmpty());
    QCOMPARE(job.fields.size(), size_t(fields.size()));
    QCOMPARE(job.fireTime, fireTime);
    QCOMPARE(job.fireTimeSource, fireSource);
    QCOMPARE(job.dataPostId, postId);
    QCOMPARE(job.optsDelay, optsDelay);
    QCOMPARE(job.attemptsMade, attemptsMade);
    if (job.problems.size() != problems.size())
        qWarning() << "problems:" << job.problems;
    QCOMPARE(job.problems.size(), problems.size());
    for (const QString &expected : problems) {
        bool found = false;
        for (const QString &p : job.problems)
            found = found || p.contains(expected);
        QVERIFY2(found, qPrintable(expected + QStringLiteral(" not in ") + job.problems.join(u'|')));
    }
    for (const QString &f : result.truncatedFields)
        QVERIFY(job.problems.join(u'|').contains(QStringLiteral("'%1' is").arg(f)));
}

void TestBullmq::decodeTextFields()
{
    Job job;
    bullmq::decodeJobHash(job,
                          Fields{{QStringLiteral("name"), QStringLiteral("post")},
                                 {QStringLiteral("data"), QStringLiteral(R"({"id":"x"})")},
                                 {QStringLiteral("timestamp"), QStringLiteral("100")},
                                 {QStringLiteral("finishedOn"), QStringLiteral("200")},
                                 {QStringLiteral("returnvalue"), QStringLiteral("null")},
                                 {QStringLiteral("failedReason"), QStringLiteral("boom")},
                                 {QStringLiteral("stacktrace"), QStringLiteral("[\"at x\"]")}});
    QVERIFY(job.hashPresent);
    QCOMPARE(job.name, QStringLiteral("post"));
    QCOMPARE(job.dataPostId, QStringLiteral("x"));
    QCOMPARE(job.finishedOn, OptInt(200));
    QCOMPARE(job.returnvalue, QStringLiteral("null"));
    QCOMPARE(job.failedReason, QStringLiteral("boom"));
    QCOMPARE(job.stacktrace, QStringLiteral("[\"at x\"]"));
    QVERIFY(job.problems.isEmpty());

    Job empty;
    bullmq::decodeJobHash(empty, Fields{});
    QVERIFY(!empty.hashPresent);
    QVERIFY(!empty.fireTime);
}

QTEST_GUILESS_MAIN(TestBullmq)
#include "tst_bullmq.moc"
