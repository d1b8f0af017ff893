// Capture benchmark: postscope's capture of the benchmark workspace against the floor
// of the same reads done the plainest way, in the same run: psql's \copy of the Post
// columns postscope reads, plus pipelined raw HGETALL of the same job hashes (hiredis).
// The capture runs in a child process so its peak memory is its own.
//   bench_capture --pg URL --redis URL [--runs 3]

#include "benchworkspace.h"
#include "sources/capture.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QUrl>

#include <hiredis/hiredis.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>

using namespace postscope;
using postscope::bench::median;

namespace {

const char postColumns[] =
    "id, state, \"publishDate\", \"organizationId\", \"integrationId\", \"group\", \"parentPostId\", "
    "\"releaseURL\", \"releaseId\", error, \"intervalInDays\", \"createdAt\", \"updatedAt\", \"deletedAt\", "
    "content, title, description, settings, image";

double psqlCopyMs(const QString &pg)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("psql"),
            {pg, QStringLiteral("-q"), QStringLiteral("-c"),
             QStringLiteral("\\copy (SELECT %1 FROM \"Post\") TO '/dev/null'").arg(QLatin1String(postColumns))});
    p.waitForFinished(-1);
    const double ms = t.nsecsElapsed() / 1e6;
    if (p.exitCode() != 0)
        std::fprintf(stderr, "psql failed: %s\n", p.readAllStandardError().constData());
    return ms;
}

double hgetallMs(const QString &redisUrl, qint64 *jobs)
{
    const QUrl u(redisUrl);
    redisContext *c = redisConnect(u.host().toUtf8().constData(), u.port(6379));
    if (!c || c->err) {
        std::fprintf(stderr, "redis connect failed\n");
        return 0;
    }
    if (u.path().size() > 1)
        freeReplyObject(redisCommand(c, "SELECT %s", u.path().mid(1).toUtf8().constData()));
    // The ids (not timed: the floor is the hashes).
    std::vector<std::string> ids;
    auto *r = static_cast<redisReply *>(redisCommand(c, "ZRANGE bull:post:delayed 0 -1"));
    for (size_t i = 0; r && i < r->elements; ++i)
        ids.emplace_back(r->element[i]->str, r->element[i]->len);
    freeReplyObject(r);
    *jobs = qint64(ids.size());
    QElapsedTimer t;
    t.start();
    const size_t depth = 1000;
    for (size_t i = 0; i < ids.size(); i += depth) {
        const size_t end = std::min(ids.size(), i + depth);
        for (size_t j = i; j < end; ++j)
            redisAppendCommand(c, "HGETALL bull:post:%b", ids[j].data(), ids[j].size());
        for (size_t j = i; j < end; ++j) {
            void *reply = nullptr;
            redisGetReply(c, &reply);
            freeReplyObject(reply);
        }
    }
    const double ms = t.nsecsElapsed() / 1e6;
    redisFree(c);
    return ms;
}

int childCapture(const QString &pg, const QString &redis, bool activity)
{
    CaptureRequest request;
    request.postgres.url = pg;
    request.redis.url = redis;
    request.postgres.statementTimeoutMs = 120000;
    request.redis.commandTimeoutMs = 120000;
    QElapsedTimer t;
    t.start();
    const CaptureResult result = Capture::run(request);
    const double ms = t.nsecsElapsed() / 1e6;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    rusage mainThread{};
    getrusage(RUSAGE_THREAD, &mainThread);
    const auto cpuMs = [](const rusage &u) {
        return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
    };
    const Snapshot &s = *result.snapshot;
    QJsonObject o{{QStringLiteral("ms"), ms},
                  {QStringLiteral("maxRssKb"), qint64(usage.ru_maxrss)},
                  // CPU of the process and of the calling (PostgreSQL) thread: a figure a
                  // loaded machine changes far less than the wall-clock time.
                  {QStringLiteral("cpuMs"), cpuMs(usage)},
                  {QStringLiteral("pgThreadCpuMs"), cpuMs(mainThread)},
                  {QStringLiteral("ok"), result.ok},
                  {QStringLiteral("error"), result.error},
                  {QStringLiteral("posts"), qint64(s.posts().size())},
                  {QStringLiteral("jobs"), qint64(s.jobs().size())},
                  {QStringLiteral("events"), qint64(s.events().size())},
                  {QStringLiteral("gaps"), qint64(s.gaps().size())}};
    if (activity) {
        // Where the time went: the slowest commands the capture logged, then the split
        // between the sources' last reply and the finished Snapshot.
        std::vector<const ActivityEntry *> slow;
        for (const ActivityEntry &a : s.activity())
            slow.push_back(&a);
        std::sort(slow.begin(), slow.end(),
                  [](const ActivityEntry *a, const ActivityEntry *b) { return a->durationUs > b->durationUs; });
        for (size_t i = 0; i < slow.size() && i < 15; ++i)
            std::fprintf(stderr, "%8.1f ms  %-8s %7lld rows  %s\n", slow[i]->durationUs / 1000.0,
                         qPrintable(slow[i]->source), slow[i]->rows, qPrintable(slow[i]->text.left(110)));
        // The same commands in the order they started, relative to the capture's start:
        // which source was still busy when the other finished.
        if (qEnvironmentVariableIsSet("POSTSCOPE_BENCH_TIMELINE")) {
            for (const ActivityEntry &a : s.activity())
                std::fprintf(stderr, "+%5lld ms %8.1f ms  %-8s %7lld rows  %s\n", a.startedAt - s.capturedAt(),
                             a.durationUs / 1000.0, qPrintable(a.source), a.rows, qPrintable(a.text.left(90)));
        }
        std::fprintf(stderr, "sources %lld ms, snapshot (indexes) %.0f ms\n",
                     s.data().captureFinishedAt - s.capturedAt(),
                     ms - double(s.data().captureFinishedAt - s.capturedAt()));
    }
    std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    return result.ok ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("pg"), QStringLiteral("PostgreSQL URL"), QStringLiteral("URL")},
                       {QStringLiteral("redis"), QStringLiteral("Redis URL"), QStringLiteral("URL")},
                       {QStringLiteral("runs"), QStringLiteral("repetitions"), QStringLiteral("N"), QStringLiteral("3")},
                       {QStringLiteral("child-capture"), QStringLiteral("internal: run one capture and report")},
                       {QStringLiteral("activity"), QStringLiteral("with --child-capture: print the slowest commands")}});
    parser.process(app);
    const QString pg = parser.value(QStringLiteral("pg"));
    const QString redis = parser.value(QStringLiteral("redis"));
    if (parser.isSet(QStringLiteral("child-capture")))
        return childCapture(pg, redis, parser.isSet(QStringLiteral("activity")));

    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    std::vector<double> pgFloor, redisFloor, capture, rss;
    QJsonObject last;
    qint64 jobs = 0;
    for (int i = 0; i < runs; ++i) {
        pgFloor.push_back(psqlCopyMs(pg));
        redisFloor.push_back(hgetallMs(redis, &jobs));
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--child-capture"), QStringLiteral("--pg"), pg, QStringLiteral("--redis"), redis});
        child.waitForFinished(-1);
        // The engine logs through spdlog's default logger; the report is the last line.
        const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
        last = QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
        if (child.exitCode() != 0 || last.isEmpty()) {
            std::fprintf(stderr, "capture failed: %s %s\n", qPrintable(last.value(QStringLiteral("error")).toString()),
                         child.readAllStandardError().constData());
            return 1;
        }
        capture.push_back(last.value(QStringLiteral("ms")).toDouble());
        rss.push_back(last.value(QStringLiteral("maxRssKb")).toDouble() / 1024.0);
    }
    const double floorMs = median(pgFloor) + median(redisFloor);
    std::printf("capture benchmark (%d runs, medians): %lld posts, %lld jobs, %lld events\n", runs,
                last.value(QStringLiteral("posts")).toInteger(), last.value(QStringLiteral("jobs")).toInteger(),
                last.value(QStringLiteral("events")).toInteger());
    std::printf("  floor: psql \\copy of the Post columns %.0f ms + pipelined HGETALL of %lld job hashes %.0f ms = %.0f ms\n",
                median(pgFloor), jobs, median(redisFloor), floorMs);
    std::printf("  postscope capture: %.0f ms = %.2fx the floor (goal <= 1.5x); peak memory %.0f MB (goal < 250 MB)\n",
                median(capture), median(capture) / floorMs, median(rss));
    return 0;
}
