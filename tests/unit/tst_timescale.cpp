#include "core/timebuckets.h"
#include "core/timescale.h"

#include <QDateTime>
#include <QTest>

using namespace postscope;

using Items = QList<QPair<int, int>>;  // column, severity
using Buckets = QList<QList<int>>;      // column, count, worst, worstItem

namespace {
constexpr qint64 base = 1768487400000; // 2026-01-15T14:30:00Z
constexpr qint64 sec = 1000;
constexpr qint64 minute = 60 * sec;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
} // namespace

class TestTimeScale : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void zoomKeepsPointFixed_data();
    void zoomKeepsPointFixed();
    void zoomClampsSpan();
    void pan();
    void fit();
    void tickChoice_data();
    void tickChoice();
    void ticksAlignedInZone_data();
    void ticksAlignedInZone();
    void buckets_data();
    void buckets();
    void bucketsFillVisibleOnly();
};

void TestTimeScale::roundTrip_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<int>("width");
    QTest::newRow("1 s over 1000 px") << sec << 1000;
    QTest::newRow("1 min over 800 px") << minute << 800;
    QTest::newRow("1 h over 1600 px") << hour << 1600;
    QTest::newRow("1 day over 1331 px") << day << 1331;
    QTest::newRow("1 year over 1600 px") << 365 * day << 1600;
}

void TestTimeScale::roundTrip()
{
    QFETCH(qint64, span);
    QFETCH(int, width);
    const TimeScale s(base, base + span, width);
    QCOMPARE(s.xForTime(base), 0.0);
    QCOMPARE(s.xForTime(base + span), double(width));
    // time -> x -> time is exact to the millisecond at every zoom.
    for (int i = 0; i <= 20; ++i) {
        const qint64 t = base + span * i / 20 + (i % 3);
        QCOMPARE(s.timeForX(s.xForTime(t)), t);
    }
    // x -> time -> x stays within one millisecond's worth of pixels.
    for (double x : {0.0, 1.0, 10.5, width / 2.0, width - 1.0}) {
        const double back = s.xForTime(s.timeForX(x));
        QVERIFY2(std::abs(back - x) <= std::max(1e-9, 1.0 / s.msPerPixel()), qPrintable(QString::number(back)));
    }
}

void TestTimeScale::zoomKeepsPointFixed_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("factor");
    QTest::newRow("in at left edge") << hour << 0.0 << 2.0;
    QTest::newRow("in at centre") << hour << 800.0 << 1.25;
    QTest::newRow("in at right edge") << hour << 1600.0 << 4.0;
    QTest::newRow("out at a third") << hour << 533.0 << 0.5;
    QTest::newRow("in deep, 30 days") << 30 * day << 1234.0 << 1000.0;
    QTest::newRow("out far, 1 min") << minute << 100.0 << 0.001;
}

void TestTimeScale::zoomKeepsPointFixed()
{
    QFETCH(qint64, span);
    QFETCH(double, x);
    QFETCH(double, factor);
    TimeScale s(base, base + span, 1600);
    const qint64 before = s.timeForX(x);
    s.zoomAround(x, factor);
    QVERIFY(std::abs(s.timeForX(x) - before) <= 1);
    QVERIFY(std::abs(double(s.span()) - double(span) / factor) <= 1.0);
    // And back: zooming out by the same factor restores the range.
    s.zoomAround(x, 1.0 / factor);
    QVERIFY(std::abs(s.from() - base) <= 2);
    QVERIFY(std::abs(s.to() - (base + span)) <= 2);
}

void TestTimeScale::zoomClampsSpan()
{
    TimeScale s(base, base + sec, 1000);
    const qint64 under = s.timeForX(250);
    s.zoomAround(250, 1e6);
    QCOMPARE(s.span(), TimeScale::minSpan);
    QVERIFY(std::abs(s.timeForX(250) - under) <= 1);
    s.zoomAround(250, 1e-12);
    QCOMPARE(s.span(), TimeScale::maxSpan);
}

void TestTimeScale::pan()
{
    TimeScale s(base, base + 1000 * sec, 1000); // 1 s per pixel
    s.pan(100);                                  // drag right: earlier times come in
    QCOMPARE(s.from(), base - 100 * sec);
    QCOMPARE(s.span(), 1000 * sec);
    s.pan(-250.5);
    QCOMPARE(s.from(), base + 150500);
}

void TestTimeScale::fit()
{
    TimeScale s(0, 1, 1000);
    s.fit(base, base + 100 * sec, 0.1);
    QCOMPARE(s.from(), base - 10 * sec);
    QCOMPARE(s.to(), base + 110 * sec);
    s.fit(base, base, 0.0); // one instant: the minimum span
    QCOMPARE(s.span(), TimeScale::minSpan);
}

void TestTimeScale::tickChoice_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<int>("width");
    QTest::addColumn<TickUnit>("unit");
    QTest::addColumn<int>("count");
    // 80 px between labels.
    QTest::newRow("0.5 s") << 500LL << 1000 << TickUnit::Millisecond << 50;
    QTest::newRow("10 s") << 10 * sec << 1000 << TickUnit::Second << 1;
    QTest::newRow("2 min") << 2 * minute << 1000 << TickUnit::Second << 10;
    QTest::newRow("1 h") << hour << 1000 << TickUnit::Minute << 5;
    QTest::newRow("1 day") << day << 1000 << TickUnit::Hour << 2;
    QTest::newRow("10 days") << 10 * day << 1000 << TickUnit::Day << 1;
    QTest::newRow("30 days") << 30 * day << 1000 << TickUnit::Week << 1;
    QTest::newRow("1 year") << 365 * day << 1000 << TickUnit::Month << 1;
    QTest::newRow("3 years") << 3 * 365 * day << 1000 << TickUnit::Month << 3;
    QTest::newRow("20 years") << 20 * 365 * day << 1000 << TickUnit::Year << 5;
}

void TestTimeScale::tickChoice()
{
    QFETCH(qint64, span);
    QFETCH(int, width);
    QFETCH(TickUnit, unit);
    QFETCH(int, count);
    const TimeScale s(base, base + span, width);
    const TickStep step = s.tickStep(80);
    QVERIFY2(step.unit == unit, qPrintable(toString(step.unit) + QStringLiteral(" x%1").arg(step.count)));
    QCOMPARE(step.count, count);
    const QList<Tick> ticks = s.ticks(80, QTimeZone::utc());
    QVERIFY2(ticks.size() >= 2, qPrintable(QString::number(ticks.size())));
    for (qsizetype i = 0; i < ticks.size(); ++i) {
        const Tick &t = ticks.at(i);
        QVERIFY(t.time >= s.from() && t.time <= s.to());
        QCOMPARE(t.x, s.xForTime(t.time));
        QVERIFY(!t.label.isEmpty());
        if (i > 0) // labels never crowd (months vary: 28 days is 0.93 of the nominal 30)
            QVERIFY2(t.x - ticks.at(i - 1).x >= 80 * 0.9, qPrintable(t.label));
    }
}

void TestTimeScale::ticksAlignedInZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::newRow("UTC") << QByteArray("UTC");
    QTest::newRow("Kolkata (+05:30)") << QByteArray("Asia/Kolkata");
    QTest::newRow("New York") << QByteArray("America/New_York");
}

void TestTimeScale::ticksAlignedInZone()
{
    QFETCH(QByteArray, zone);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    // Hours: ticks on the local hour, and midnight is a major tick labelled with the date.
    TimeScale hours(base, base + 3 * day, 1600);
    const QList<Tick> h = hours.ticks(60, tz);
    QVERIFY(!h.isEmpty());
    bool sawMajor = false;
    for (const Tick &t : h) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(t.time, tz);
        QCOMPARE(local.time().minute(), 0);
        if (local.time() == QTime(0, 0)) {
            QVERIFY(t.major);
            QCOMPARE(t.label, local.toString(QStringLiteral("ddd d MMM")));
            sawMajor = true;
        }
    }
    QVERIFY(sawMajor);
    // Months: ticks at local midnight on the first of the month.
    TimeScale months(base, base + 400 * day, 1000);
    for (const Tick &t : months.ticks(60, tz)) {
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(t.time, tz);
        QCOMPARE(local.date().day(), 1);
        QCOMPARE(local.time(), QTime(0, 0));
    }
}

void TestTimeScale::buckets_data()
{
    // items: column:severity pairs in column order; expected: column:count:worst:worstItem
    QTest::addColumn<Items>("items");
    QTest::addColumn<Buckets>("expected");
    QTest::newRow("one per column")
        << QList<QPair<int, int>>{{0, 1}, {1, 2}, {5, 0}}
        << QList<QList<int>>{{0, 1, 1, 0}, {1, 1, 2, 1}, {5, 1, 0, 2}};
    QTest::newRow("worst wins, counts add")
        << QList<QPair<int, int>>{{3, 0}, {3, 4}, {3, 1}, {3, 4}, {4, 2}}
        << QList<QList<int>>{{3, 4, 4, 1}, {4, 1, 2, 4}};
    QTest::newRow("a thousand in one column")
        << [] { QList<QPair<int, int>> l; for (int i = 0; i < 1000; ++i) l.append({7, i == 500 ? 9 : i % 3}); return l; }()
        << QList<QList<int>>{{7, 1000, 9, 500}};
}

void TestTimeScale::buckets()
{
    QFETCH(Items, items);
    QFETCH(Buckets, expected);
    TimeBuckets b;
    for (qsizetype i = 0; i < items.size(); ++i)
        b.add(items.at(i).first, items.at(i).second, int(i));
    QCOMPARE(b.size(), int(expected.size()));
    int total = 0;
    for (int i = 0; i < b.size(); ++i) {
        QCOMPARE(b.at(i).column, expected.at(i).at(0));
        QCOMPARE(b.at(i).count, expected.at(i).at(1));
        QCOMPARE(b.at(i).worst, expected.at(i).at(2));
        QCOMPARE(b.at(i).worstItem, expected.at(i).at(3));
        total += b.at(i).count;
    }
    QCOMPARE(total, int(items.size()));
    // clear keeps the storage: refilling does not allocate.
    const auto *data = b.buckets().data();
    b.clear();
    for (qsizetype i = 0; i < items.size(); ++i)
        b.add(items.at(i).first, items.at(i).second, int(i));
    QCOMPARE(b.buckets().data(), data);
}

void TestTimeScale::bucketsFillVisibleOnly()
{
    struct Item { qint64 t; int sev; };
    std::vector<Item> items;
    // 10 per second for 100 s, the 37th of each second is an error (severity 3).
    for (int i = 0; i < 1000; ++i)
        items.push_back({base + i * 100, i % 10 == 7 ? 3 : 1});
    TimeScale s(base + 20 * sec, base + 30 * sec, 10); // 1 s per pixel, columns 0..9
    TimeBuckets b;
    b.fill(items, s, [](const Item &i) { return i.t; }, [](const Item &i) { return i.sev; });
    QCOMPARE(b.size(), 10);
    for (int c = 0; c < 10; ++c) {
        QCOMPARE(b.at(c).column, c);
        QCOMPARE(b.at(c).count, 10);
        QCOMPARE(b.at(c).worst, 3);
        QCOMPARE(b.at(c).firstItem, 200 + c * 10);
        QCOMPARE(b.at(c).worstItem, 207 + c * 10);
    }
    TimeScale none(base - 50 * sec, base - 10 * sec, 100);
    b.fill(items, none, [](const Item &i) { return i.t; }, [](const Item &i) { return i.sev; });
    QCOMPARE(b.size(), 0);
}

QTEST_GUILESS_MAIN(TestTimeScale)
#include "tst_timescale.moc"
