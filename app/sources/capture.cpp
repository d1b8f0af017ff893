#include "capture.h"

#include "connectionurl.h"

#include <QDateTime>
#include <QPointer>
#include <QSet>
#include <QtConcurrent>

#include <thread>

#include <spdlog/spdlog.h>

namespace postscope {

namespace {
qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// Moves what the Redis thread read into the capture's data.
void mergeRedisPart(SnapshotData &data, SnapshotData &&part)
{
    const ServerFacts &r = part.server;
    ServerFacts &f = data.server;
    f.redisVersion = r.redisVersion;
    f.redisMode = r.redisMode;
    f.redisTime = r.redisTime;
    f.maxmemoryPolicy = r.maxmemoryPolicy;
    f.clientListPermitted = r.clientListPermitted;
    f.infoPermitted = r.infoPermitted;
    f.redisDb = r.redisDb;
    if (r.localTime && r.redisTime)
        f.localTime = r.localTime; // read next to Redis TIME: the pair the skew check needs
    data.queues = std::move(part.queues);
    data.jobs = std::move(part.jobs);
    data.events = std::move(part.events);
    data.workers = std::move(part.workers);
    for (Gap &g : part.gaps)
        data.gaps.push_back(std::move(g));
    for (ActivityEntry &a : part.activity)
        data.activity.push_back(std::move(a));
    std::stable_sort(data.activity.begin(), data.activity.end(),
                     [](const ActivityEntry &a, const ActivityEntry &b) { return a.startedAt < b.startedAt; });
}

void fail(CaptureResult &result, const QString &message)
{
    result.ok = false;
    if (result.error.isEmpty())
        result.error = message;
}
} // namespace

CaptureResult Capture::run(const CaptureRequest &request, const CaptureContext &ctx)
{
    CaptureResult result;
    result.ok = true;
    SnapshotData data;
    data.capturedAt = nowMs();
    data.postscopeVersion = QStringLiteral(POSTSCOPE_VERSION);
    data.scope = request.scope;
    if (data.scope.from == 0 && data.scope.to == 0) {
        data.scope.from = data.capturedAt - defaultWindowBefore();
        data.scope.to = data.capturedAt + defaultWindowAfter();
    }
    data.scope.prefix = request.redis.prefix;
    data.scope.queue = request.redis.queue;
    data.scope.postgresUrl = request.usePostgres ? connectionurl::withoutPassword(request.postgres.url) : QString();
    data.scope.redisUrl = request.useRedis ? connectionurl::withoutPassword(request.redis.url) : QString();
    data.server.localTime = data.capturedAt;

    if (!request.usePostgres && !request.useRedis) {
        fail(result, QStringLiteral("nothing to capture: give a PostgreSQL URL, a Redis URL or both"));
        result.snapshot = std::make_shared<const Snapshot>(std::move(data));
        return result;
    }

    spdlog::info("capture started (window {} .. {})",
                 QDateTime::fromMSecsSinceEpoch(data.scope.from, Qt::UTC).toString(Qt::ISODate).toStdString(),
                 QDateTime::fromMSecsSinceEpoch(data.scope.to, Qt::UTC).toString(Qt::ISODate).toStdString());

    if (!request.usePostgres)
        data.gaps.push_back({QStringLiteral("postgres"), QStringLiteral("connection"),
                             QStringLiteral("no PostgreSQL URL given: posts, integrations and errors were not read")});
    if (!request.useRedis)
        data.gaps.push_back({QStringLiteral("redis"), QStringLiteral("connection"),
                             QStringLiteral("no Redis URL given: jobs, events and workers were not read")});

    // Redis is read on a second thread while PostgreSQL reads the window: the two
    // connections are independent (each used by one thread only), so the capture takes
    // about as long as the slower of the two instead of their sum. Redis writes into its
    // own SnapshotData, merged below.
    SnapshotData redisPart;
    QString redisError;
    bool redisOk = true;
    std::thread redisThread;
    SnapshotIndexes indexes;
    QStringList namedIds; // post ids the jobs and events name, each once, in order
    if (request.useRedis) {
        QString check;
        if (!connectionurl::checkRedisUrl(request.redis.url, &check)) {
            data.gaps.push_back({QStringLiteral("redis"), QStringLiteral("connection"), check});
            fail(result, check);
        } else {
            redisThread = std::thread([&request, &ctx, &redisPart, &redisError, &redisOk, &indexes, &namedIds]() {
                BullmqSource redis(request.redis);
                ctx.progress(QStringLiteral("Redis: connecting"));
                if (redis.open(redisPart, ctx, &redisError))
                    redis.read(redisPart, ctx);
                else
                    redisOk = false;
                redis.close();
                // The Snapshot's job indexes, built here while PostgreSQL is usually
                // still being read (the jobs and events move unchanged into the data).
                indexes.buildJobIndexes(redisPart.jobs, redisPart.events, request.redis.queue);
                // The posts they name, gathered here too: the PostgreSQL thread then only
                // asks which of them it has not read. A job's own id is unique in its
                // queue; other ids (a data.id that differs, the job of an event that is
                // gone) are named once, and only when no job has them as its id.
                const QString &queue = request.redis.queue;
                QSet<QString> seen;
                auto nameOther = [&](const QString &id) {
                    if (!id.isEmpty() && !indexes.mainJobIndex.contains(id) && !seen.contains(id)) {
                        seen.insert(id);
                        namedIds.append(id);
                    }
                };
                namedIds.reserve(qsizetype(indexes.mainJobIndex.size()));
                for (const Job &j : redisPart.jobs) {
                    if (j.queue != queue)
                        continue;
                    namedIds.append(j.id);
                    if (j.dataPostId != j.id)
                        nameOther(j.dataPostId);
                }
                for (const QueueEvent &e : redisPart.events) {
                    if (e.queue == queue)
                        nameOther(e.jobId);
                }
            });
        }
    }

    PostgresSource pg(request.postgres);
    bool pgOpen = false;
    if (request.usePostgres) {
        QString error;
        QString check;
        if (!connectionurl::checkPostgresUrl(request.postgres.url, &check)) {
            data.gaps.push_back({QStringLiteral("postgres"), QStringLiteral("connection"), check});
            fail(result, check);
        } else {
            ctx.progress(QStringLiteral("PostgreSQL: connecting"));
            pgOpen = pg.open(data, ctx, &error);
            if (!pgOpen)
                fail(result, error);
            else
                pg.readScope(data, ctx);
        }
    }

    if (redisThread.joinable()) {
        redisThread.join();
        if (!redisOk)
            fail(result, redisError);
        mergeRedisPart(data, std::move(redisPart));
    }

    if (pgOpen && !ctx.cancelled()) {
        // Posts that a job names but the window missed: without them an orphan job
        // (deleted post, post outside the window) could not be judged. The ids were
        // gathered on the Redis thread; the source's own index answers "known".
        QStringList wanted;
        for (const QString &id : std::as_const(namedIds)) {
            if (!pg.hasPost(id))
                wanted.append(id);
        }
        if (!wanted.isEmpty()) {
            ctx.progress(QStringLiteral("PostgreSQL: posts named by jobs"), 0, wanted.size());
            pg.readPostsById(wanted, data, ctx);
        }
    }
    if (pgOpen) {
        pg.close(data);
        indexes.postIndex = pg.takePostIndex();
        indexes.postCount = qsizetype(data.posts.size());
        indexes.hasPostIndex = true;
    }

    if (ctx.cancelled()) {
        data.gaps.push_back({QStringLiteral("capture"), QStringLiteral("cancelled"),
                             QStringLiteral("the capture was cancelled; what was read before is kept")});
        fail(result, QStringLiteral("capture cancelled"));
    }
    data.captureFinishedAt = nowMs();
    spdlog::info("capture finished in {} ms: {} posts, {} jobs, {} events, {} gaps",
                 data.captureFinishedAt - data.capturedAt, data.posts.size(), data.jobs.size(),
                 data.events.size(), data.gaps.size());
    ctx.progress(QStringLiteral("done"));
    result.snapshot = std::make_shared<const Snapshot>(std::move(data), std::move(indexes));
    return result;
}

CaptureJob::CaptureJob(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<postscope::CaptureResult>();
}

CaptureJob::~CaptureJob()
{
    cancel();
    // Older generations may still run after a restart; none may outlive this object.
    const auto watchers = findChildren<QFutureWatcher<CaptureResult> *>();
    for (auto *w : watchers)
        w->waitForFinished();
}

quint64 CaptureJob::start(const CaptureRequest &request)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    auto cancelFlag = m_cancel;
    QPointer<CaptureJob> self(this);

    auto *watcher = new QFutureWatcher<CaptureResult>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcher<CaptureResult>::finished, this, [this, watcher, generation]() {
        const CaptureResult result = watcher->result();
        if (m_watcher == watcher)
            m_watcher = nullptr;
        watcher->deleteLater();
        if (generation == m_generation)
            Q_EMIT finished(generation, result);
    });
    watcher->setFuture(QtConcurrent::run([request, cancelFlag, self, generation]() {
        CaptureContext ctx;
        ctx.cancelFlag = cancelFlag.get();
        ctx.onProgress = [self, generation](const QString &stage, qint64 done, qint64 total) {
            if (!self)
                return;
            QMetaObject::invokeMethod(self.data(), [self, generation, stage, done, total]() {
                if (self && generation == self->m_generation)
                    Q_EMIT self->progress(generation, stage, done, total);
            }, Qt::QueuedConnection);
        };
        return Capture::run(request, ctx);
    }));
    return generation;
}

void CaptureJob::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

bool CaptureJob::isRunning() const
{
    return m_watcher && m_watcher->isRunning();
}

} // namespace postscope
