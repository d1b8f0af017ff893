#include "bullmqsource.h"

#include "core/bullmq.h"
#include "largevector.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

#include <hiredis/hiredis.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <map>

namespace postscope {

namespace {

struct ReplyDeleter {
    void operator()(redisReply *r) const
    {
        if (r)
            freeReplyObject(r);
    }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

using Args = std::vector<QByteArray>;

QByteArrayView view(const redisReply *r)
{
    return QByteArrayView(r->str, qsizetype(r->len));
}

QString text(const redisReply *r)
{
    return bullmq::decodeUtf8(view(r));
}

bool isError(const redisReply *r) { return r && r->type == REDIS_REPLY_ERROR; }

bool isNoPerm(const redisReply *r)
{
    return isError(r) && (view(r).startsWith("NOPERM") || view(r).startsWith("NOAUTH"));
}

bool isWrongType(const redisReply *r) { return isError(r) && view(r).startsWith("WRONGTYPE"); }

qint64 replyBytes(const redisReply *r)
{
    if (!r)
        return 0;
    switch (r->type) {
    case REDIS_REPLY_ARRAY: {
        qint64 n = 0;
        for (size_t i = 0; i < r->elements; ++i)
            n += replyBytes(r->element[i]);
        return n;
    }
    case REDIS_REPLY_INTEGER:
        return 8;
    default:
        return qint64(r->len);
    }
}

qint64 replyRows(const redisReply *r)
{
    if (!r)
        return 0;
    return r->type == REDIS_REPLY_ARRAY ? qint64(r->elements) : 1;
}

QString std2q(const char *s) { return QString::fromLocal8Bit(s); }

std::string q2std(const QString &s) { return s.toStdString(); }

// A command as shown in the activity pane: arguments joined, long ones shortened.
QString displayArgs(const Args &args)
{
    QString s;
    for (const QByteArray &a : args) {
        if (!s.isEmpty())
            s += u' ';
        QString part = bullmq::decodeUtf8(a);
        if (part.size() > 120)
            part = part.left(120) + QStringLiteral("…");
        s += part;
    }
    return s;
}

const char *expectedTypeName(const char *redisType)
{
    if (qstrcmp(redisType, "list") == 0)
        return "a list";
    if (qstrcmp(redisType, "zset") == 0)
        return "a sorted set (zset)";
    if (qstrcmp(redisType, "set") == 0)
        return "a set";
    if (qstrcmp(redisType, "hash") == 0)
        return "a hash";
    if (qstrcmp(redisType, "stream") == 0)
        return "a stream";
    return "a string";
}

// The id just before `id` in stream order, for paging XREVRANGE without the "(" syntax
// (exclusive ranges need Redis 6.2).
QByteArray previousStreamId(const bullmq::StreamId &id)
{
    if (id.seq > 0)
        return QByteArray::number(id.ms) + '-' + QByteArray::number(id.seq - 1);
    if (id.ms == 0)
        return {};
    return QByteArray::number(id.ms - 1) + "-18446744073709551615";
}

struct StateKey {
    JobState state;
    const char *type; // list, zset, set
};

// Reading order; also the precedence when an id is in several structures (the first
// one becomes Job::state, the others Job::alsoIn).
const StateKey kStates[] = {
    {JobState::Active, "list"},          {JobState::Waiting, "list"},
    {JobState::Paused, "list"},          {JobState::Prioritized, "zset"},
    {JobState::Delayed, "zset"},         {JobState::WaitingChildren, "zset"},
    {JobState::Failed, "zset"},          {JobState::Completed, "zset"},
};

struct IdInfo {
    std::vector<JobState> states;
    std::vector<QString> scores; // parallel to states; null for lists
    bool stalled = false;
};

bool isActive(const IdInfo &info)
{
    return std::find(info.states.begin(), info.states.end(), JobState::Active) != info.states.end();
}

} // namespace

struct BullmqSource::Private {
    RedisOptions opt;
    redisContext *c = nullptr;
    SnapshotData *out = nullptr;
    bool lost = false;

    QString host;
    int port = 6379;
    QString socketPath;
    QString user;
    QString password;
    int db = 0;

    ~Private() { disconnect(); }

    void disconnect()
    {
        if (c) {
            redisFree(c);
            c = nullptr;
        }
    }

    void addGap(const QString &subject, const QString &reason)
    {
        spdlog::warn("redis: {}: {}", q2std(subject), q2std(reason));
        if (out)
            out->gaps.push_back(Gap{QStringLiteral("redis"), subject, reason});
    }

    void addActivity(const QString &cmd, qint64 startedAt, qint64 durationUs, qint64 rows, qint64 bytes,
                     const QString &error = {})
    {
        if (!out)
            return;
        ActivityEntry a;
        a.source = QStringLiteral("redis");
        a.text = cmd;
        a.startedAt = startedAt;
        a.durationUs = durationUs;
        a.rows = rows;
        a.bytes = bytes;
        a.error = error;
        out->activity.push_back(std::move(a));
    }

    QString ioError() const
    {
        if (!c)
            return QStringLiteral("not connected");
        QString e = std2q(c->errstr);
        if (c->err == REDIS_ERR_IO && (e.contains(QLatin1String("temporarily unavailable"))
                                       || e.contains(QLatin1String("timed out"))))
            e = QStringLiteral("no reply within %1 ms (%2)").arg(opt.commandTimeoutMs).arg(e);
        if (e.isEmpty())
            e = QStringLiteral("connection error %1").arg(c->err);
        return e;
    }

    void connectionLost(const QString &during)
    {
        if (lost)
            return;
        lost = true;
        addGap(QStringLiteral("connection"),
               QStringLiteral("Redis connection lost during capture: %1 (while running %2); "
                              "what was read before is kept")
                   .arg(ioError(), during));
    }

    // One blocking command. nullptr when the connection is gone (a gap is added once).
    // Error replies are returned for the caller to judge.
    Reply run(const Args &args, const QString &display = {})
    {
        if (lost || !c)
            return nullptr;
        std::vector<const char *> argv;
        std::vector<size_t> argl;
        argv.reserve(args.size());
        argl.reserve(args.size());
        for (const QByteArray &a : args) {
            argv.push_back(a.constData());
            argl.push_back(size_t(a.size()));
        }
        const QString shown = display.isEmpty() ? displayArgs(args) : display;
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        QElapsedTimer t;
        t.start();
        Reply r(static_cast<redisReply *>(
            redisCommandArgv(c, int(argv.size()), argv.data(), argl.data())));
        const qint64 us = t.nsecsElapsed() / 1000;
        if (!r || c->err) {
            addActivity(shown, started, us, 0, 0, ioError());
            connectionLost(shown);
            return nullptr;
        }
        addActivity(shown, started, us, replyRows(r.get()), replyBytes(r.get()),
                    isError(r.get()) ? text(r.get()) : QString());
        spdlog::debug("redis: {} -> {} rows in {} us", q2std(shown), replyRows(r.get()), us);
        return r;
    }

    // A reply that is an error for `key`: WRONGTYPE names the type found; NOPERM and
    // others quote the server.
    // An error reply kept for later: inside a pipeline no other command may run before
    // all the batch's replies are read.
    struct DeferredError {
        QByteArray key;
        QByteArray reply;
        const char *expectedType;
    };
    void keyError(const DeferredError &e)
    {
        redisReply r{};
        r.type = REDIS_REPLY_ERROR;
        r.str = const_cast<char *>(e.reply.constData());
        r.len = size_t(e.reply.size());
        keyError(e.key, &r, e.expectedType);
    }

    void keyError(const QByteArray &key, const redisReply *r, const char *expectedType)
    {
        const QString k = QString::fromUtf8(key);
        if (isWrongType(r)) {
            QString found = QStringLiteral("another type");
            if (Reply t = run({"TYPE", key}); t && (t->type == REDIS_REPLY_STATUS || t->type == REDIS_REPLY_STRING))
                found = text(t.get());
            addGap(k, QStringLiteral("WRONGTYPE: expected %1, found %2; the key was skipped")
                          .arg(QLatin1String(expectedTypeName(expectedType)), found));
        } else if (isNoPerm(r)) {
            addGap(k, QStringLiteral("not permitted for this Redis user: %1").arg(text(r)));
        } else {
            addGap(k, QStringLiteral("Redis refused the read: %1").arg(text(r)));
        }
    }

    bool parseUrl(QString *error);
    bool connect(QString *error);
    void readServer(const CaptureContext &ctx);
    QStringList discoverQueues(const CaptureContext &ctx);
    void readQueue(const QString &queue, const CaptureContext &ctx);
    void readEvents(QueueInfo &qi, const QByteArray &base, const CaptureContext &ctx);
    void readJobs(const QString &queue, const QByteArray &base, const std::vector<QString> &ids,
                  const std::vector<IdInfo> &infos, const CaptureContext &ctx);
    bool readLength(const QByteArray &key, const char *type, qint64 *len);
};

bool BullmqSource::Private::parseUrl(QString *error)
{
    const QString raw = opt.url.trimmed();
    if (raw.isEmpty()) {
        *error = QStringLiteral("No Redis URL given");
        return false;
    }
    const QUrl url(raw, QUrl::StrictMode);
    if (!url.isValid()) {
        *error = QStringLiteral("Invalid Redis URL: %1").arg(url.errorString());
        return false;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == u"rediss") {
        *error = QStringLiteral("TLS is not supported by this build (hiredis 0.14); "
                                "connect through a TLS tunnel (e.g. stunnel) with redis://");
        return false;
    }
    user = url.userName(QUrl::FullyDecoded);
    password = url.password(QUrl::FullyDecoded);
    bool ok = true;
    QString dbText;
    if (scheme == u"unix" || scheme == u"redis+unix") {
        socketPath = url.path(QUrl::FullyDecoded);
        dbText = QUrlQuery(url).queryItemValue(QStringLiteral("db"));
        if (socketPath.isEmpty()) {
            *error = QStringLiteral("Invalid Redis URL: no socket path");
            return false;
        }
    } else if (scheme == u"redis") {
        host = url.host(QUrl::FullyDecoded);
        if (host.isEmpty())
            host = QStringLiteral("127.0.0.1");
        port = url.port(6379);
        dbText = url.path(QUrl::FullyDecoded);
        if (dbText.startsWith(u'/'))
            dbText.remove(0, 1);
        if (dbText.isEmpty())
            dbText = QUrlQuery(url).queryItemValue(QStringLiteral("db"));
    } else {
        *error = QStringLiteral("Unsupported Redis URL scheme '%1' (use redis://host:port/db)").arg(scheme);
        return false;
    }
    db = dbText.isEmpty() ? 0 : dbText.toInt(&ok);
    if (!ok || db < 0) {
        *error = QStringLiteral("Invalid database number '%1' in the Redis URL").arg(dbText);
        return false;
    }
    return true;
}

bool BullmqSource::Private::connect(QString *error)
{
    const QString where = socketPath.isEmpty() ? QStringLiteral("%1:%2").arg(host).arg(port) : socketPath;
    timeval ct{opt.connectTimeoutMs / 1000, (opt.connectTimeoutMs % 1000) * 1000};
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer t;
    t.start();
    c = socketPath.isEmpty() ? redisConnectWithTimeout(host.toUtf8().constData(), port, ct)
                             : redisConnectUnixWithTimeout(socketPath.toUtf8().constData(), ct);
    const QString connectText = QStringLiteral("connect %1").arg(where);
    if (!c || c->err) {
        const QString why = c ? std2q(c->errstr) : QStringLiteral("out of memory");
        addActivity(connectText, started, t.nsecsElapsed() / 1000, 0, 0, why);
        *error = QStringLiteral("Cannot connect to Redis at %1: %2").arg(where, why);
        disconnect();
        return false;
    }
    addActivity(connectText, started, t.nsecsElapsed() / 1000, 0, 0);
    timeval tv{opt.commandTimeoutMs / 1000, (opt.commandTimeoutMs % 1000) * 1000};
    if (redisSetTimeout(c, tv) != REDIS_OK) {
        *error = QStringLiteral("Cannot set the Redis command timeout: %1").arg(ioError());
        disconnect();
        return false;
    }

    auto failed = [&](const QString &what) {
        *error = what;
        disconnect();
        return false;
    };

    if (!password.isEmpty()) {
        Reply r;
        if (!user.isEmpty()) {
            r = run({"AUTH", user.toUtf8(), password.toUtf8()}, QStringLiteral("AUTH %1 ****").arg(user));
            // Redis before 6 knows only AUTH <password>.
            if (r && isError(r.get()) && view(r.get()).contains("wrong number of arguments"))
                r = run({"AUTH", password.toUtf8()}, QStringLiteral("AUTH ****"));
        } else {
            r = run({"AUTH", password.toUtf8()}, QStringLiteral("AUTH ****"));
        }
        if (!r)
            return failed(QStringLiteral("Redis at %1 closed the connection during AUTH: %2").arg(where, ioError()));
        if (isError(r.get()))
            return failed(QStringLiteral("Redis authentication failed%1: %2")
                              .arg(user.isEmpty() ? QString() : QStringLiteral(" for user '%1'").arg(user),
                                   text(r.get())));
    }
    if (db != 0) {
        Reply r = run({"SELECT", QByteArray::number(db)});
        if (!r)
            return failed(QStringLiteral("Redis at %1 closed the connection during SELECT: %2").arg(where, ioError()));
        if (isError(r.get()))
            return failed(QStringLiteral("Cannot select Redis database %1: %2").arg(db).arg(text(r.get())));
    }
    Reply r = run({"PING"});
    if (!r)
        return failed(QStringLiteral("Redis at %1 does not answer: %2").arg(where, ioError()));
    if (isError(r.get())) {
        if (view(r.get()).startsWith("NOAUTH"))
            return failed(QStringLiteral("Redis at %1 requires a password (NOAUTH); put it in the URL: "
                                         "redis://[user]:password@host:port/db")
                              .arg(where));
        // PING may be forbidden by ACL; the reads will tell.
        spdlog::info("redis: PING refused: {}", q2std(text(r.get())));
    }
    spdlog::info("redis: connected to {} db {}{}", q2std(where), db,
                 user.isEmpty() ? std::string() : " as " + q2std(user));
    return true;
}

void BullmqSource::Private::readServer(const CaptureContext &ctx)
{
    ctx.progress(QStringLiteral("redis: server"));
    ServerFacts &f = out->server;
    f.redisDb = db;
    f.infoPermitted = false;
    f.maxmemoryPolicy = QStringLiteral("unknown");

    bool infoAllowed = true;
    auto info = [&](const QByteArray &section) -> QHash<QString, QString> {
        Reply r = run({"INFO", section});
        if (!r)
            return {};
        if (isError(r.get())) {
            infoAllowed = false;
            if (!isNoPerm(r.get()))
                addGap(QStringLiteral("INFO %1").arg(QString::fromLatin1(section)),
                       QStringLiteral("Redis refused INFO: %1").arg(text(r.get())));
            return {};
        }
        return bullmq::parseInfo(text(r.get()));
    };
    const auto server = info("server");
    const auto memory = lost ? QHash<QString, QString>() : info("memory");
    if (!lost && infoAllowed) {
        f.infoPermitted = true;
        f.redisVersion = server.value(QStringLiteral("redis_version"));
        f.redisMode = server.value(QStringLiteral("redis_mode"));
        f.maxmemoryPolicy = memory.value(QStringLiteral("maxmemory_policy"), QStringLiteral("unknown"));
    } else if (!lost) {
        f.redisVersion = QStringLiteral("unknown");
        f.redisMode = QStringLiteral("unknown");
        addGap(QStringLiteral("INFO"),
               QStringLiteral("INFO is not permitted for this Redis user: version and eviction "
                              "policy (maxmemory-policy) are unknown"));
    }

    if (Reply r = run({"TIME"})) {
        f.localTime = QDateTime::currentMSecsSinceEpoch();
        if (r->type == REDIS_REPLY_ARRAY && r->elements == 2 && r->element[0]->type == REDIS_REPLY_STRING
            && r->element[1]->type == REDIS_REPLY_STRING) {
            f.redisTime = bullmq::timeReplyToMs(text(r->element[0]), text(r->element[1]));
        } else if (isError(r.get())) {
            addGap(QStringLiteral("TIME"), QStringLiteral("Redis refused TIME: %1; clock skew unknown")
                                               .arg(text(r.get())));
        }
    }

    // Our own connection shows up in CLIENT LIST too; its id tells it apart. A user
    // that may not run CLIENT ID simply keeps it in the list.
    QString ownClientId;
    if (Reply r = run({"CLIENT", "ID"})) {
        if (r->type == REDIS_REPLY_INTEGER)
            ownClientId = QString::number(r->integer);
    }
    f.clientListPermitted = false;
    if (Reply r = run({"CLIENT", "LIST"})) {
        if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) {
            f.clientListPermitted = true;
            auto workers = bullmq::parseClientList(text(r.get()), opt.prefix);
            for (auto &w : workers) {
                if (w.clientId != ownClientId)
                    out->workers.push_back(std::move(w));
            }
        } else {
            addGap(QStringLiteral("CLIENT LIST"),
                   QStringLiteral("CLIENT LIST is not permitted for this Redis user (%1): "
                                  "whether workers are connected is unknown")
                       .arg(isError(r.get()) ? text(r.get()) : QStringLiteral("unexpected reply")));
        }
    }
}

QStringList BullmqSource::Private::discoverQueues(const CaptureContext &ctx)
{
    QStringList names;
    if (!opt.discoverQueues)
        return names;
    ctx.progress(QStringLiteral("redis: discovering queues"));
    const QByteArray prefix = opt.prefix.toUtf8();
    const QByteArray pattern = prefix + ":*:meta";
    QByteArray cursor = "0";
    // COUNT 10000: each call still takes the server only milliseconds, and a keyspace of
    // 20,000 job keys needs 3 round trips instead of 21.
    constexpr int kMaxIterations = 2000; // × COUNT 10000: 20 M keys
    int iterations = 0;
    qint64 totalUs = 0;
    qint64 rows = 0;
    const qint64 started = QDateTime::currentMSecsSinceEpoch();
    QSet<QString> seen;
    QString failure;
    // Logged as one activity entry: a big keyspace needs thousands of SCAN calls.
    const Args base{"SCAN", "", "MATCH", pattern, "COUNT", "10000"};
    while (!lost) {
        if (ctx.cancelled())
            break;
        Args args = base;
        args[1] = cursor;
        std::vector<const char *> argv;
        std::vector<size_t> argl;
        for (const QByteArray &a : args) {
            argv.push_back(a.constData());
            argl.push_back(size_t(a.size()));
        }
        QElapsedTimer t;
        t.start();
        Reply r(static_cast<redisReply *>(redisCommandArgv(c, int(argv.size()), argv.data(), argl.data())));
        totalUs += t.nsecsElapsed() / 1000;
        ++iterations;
        if (!r || c->err) {
            failure = ioError();
            connectionLost(QStringLiteral("SCAN"));
            break;
        }
        if (isError(r.get())) {
            failure = text(r.get());
            addGap(QString::fromUtf8(pattern),
                   QStringLiteral("queue discovery (SCAN) failed: %1; only queue '%2' is read")
                       .arg(failure, opt.queue));
            break;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[1]->type != REDIS_REPLY_ARRAY)
            break;
        cursor = QByteArray(r->element[0]->str, qsizetype(r->element[0]->len));
        const redisReply *keys = r->element[1];
        rows += qint64(keys->elements);
        for (size_t i = 0; i < keys->elements; ++i) {
            const QByteArrayView k = view(keys->element[i]);
            if (k.size() <= prefix.size() + 6)
                continue;
            const QString name = bullmq::decodeUtf8(k.sliced(prefix.size() + 1, k.size() - prefix.size() - 6));
            if (!seen.contains(name)) {
                seen.insert(name);
                names << name;
            }
        }
        if (cursor == "0")
            break;
        if (iterations >= kMaxIterations) {
            addGap(QString::fromUtf8(pattern),
                   QStringLiteral("queue discovery stopped after %1 SCAN calls; queues found later are missing")
                       .arg(iterations));
            break;
        }
    }
    addActivity(QStringLiteral("SCAN … MATCH %1 COUNT 10000 ×%2").arg(QString::fromUtf8(pattern)).arg(iterations),
                started, totalUs, rows, rows * 20, failure);
    names.sort();
    return names;
}

bool BullmqSource::Private::readLength(const QByteArray &key, const char *type, qint64 *len)
{
    const QByteArray cmd = qstrcmp(type, "list") == 0 ? "LLEN" : qstrcmp(type, "zset") == 0 ? "ZCARD" : "SCARD";
    Reply r = run({cmd, key});
    if (!r)
        return false;
    if (r->type != REDIS_REPLY_INTEGER) {
        keyError(key, r.get(), type);
        return false;
    }
    *len = r->integer;
    return true;
}

void BullmqSource::Private::readQueue(const QString &queue, const CaptureContext &ctx)
{
    QueueInfo qi;
    qi.prefix = opt.prefix;
    qi.name = queue;
    const QByteArray base = opt.prefix.toUtf8() + ':' + queue.toUtf8() + ':';
    ctx.progress(QStringLiteral("redis: queue %1").arg(queue));

    // meta
    const QByteArray metaKey = base + "meta";
    if (Reply r = run({"HGETALL", metaKey})) {
        if (r->type == REDIS_REPLY_ARRAY) {
            for (size_t i = 0; i + 1 < r->elements; i += 2)
                qi.meta.emplace_back(text(r->element[i]), text(r->element[i + 1]));
            qi.metaPresent = !qi.meta.empty();
            for (const auto &[k, v] : qi.meta) {
                if (k == u"paused")
                    qi.paused = (v == u"1");
                else if (k == u"opts.maxLenEvents")
                    qi.maxLenEvents = bullmq::parseInteger(v);
                else if (k == u"version")
                    qi.version = v;
            }
        } else {
            keyError(metaKey, r.get(), "hash");
        }
    }
    // id counter
    const QByteArray idKey = base + "id";
    if (Reply r = run({"GET", idKey})) {
        if (r->type == REDIS_REPLY_STRING)
            qi.idCounter = bullmq::parseInteger(text(r.get()));
        else if (r->type != REDIS_REPLY_NIL)
            keyError(idKey, r.get(), "string");
    }

    // State structures.
    QHash<QString, qsizetype> index; // id -> position in ids / infos
    std::vector<QString> ids;        // first-seen order
    std::vector<IdInfo> infos;
    auto note = [&](const QString &id, JobState st, const QString &score) {
        auto pos = index.constFind(id);
        if (pos == index.cend()) {
            pos = index.insert(id, qsizetype(ids.size()));
            ids.push_back(id);
            infos.emplace_back();
        }
        IdInfo *it = &infos[size_t(*pos)];
        if (st == JobState::Unknown) {
            it->stalled = true;
            return;
        }
        if (std::find(it->states.begin(), it->states.end(), st) != it->states.end())
            return; // twice in one list: keep the first
        it->states.push_back(st);
        it->scores.push_back(score);
    };
    const qint64 max = std::max<qint64>(1, opt.maxIdsPerState);
    for (const StateKey &sk : kStates) {
        if (lost || ctx.cancelled())
            break;
        const QString suffix = keySuffix(sk.state);
        const QByteArray key = base + suffix.toUtf8();
        qint64 len = 0;
        if (!readLength(key, sk.type, &len) || len == 0)
            continue;
        qi.keyLengths.emplace_back(suffix, len);
        const bool isList = qstrcmp(sk.type, "list") == 0;
        const QByteArray stop = QByteArray::number(std::min(len, max) - 1);
        Reply r = isList ? run({"LRANGE", key, "0", stop}) : run({"ZRANGE", key, "0", stop, "WITHSCORES"});
        if (!r)
            break;
        if (r->type != REDIS_REPLY_ARRAY) {
            keyError(key, r.get(), sk.type);
            continue;
        }
        const size_t step = isList ? 1 : 2;
        for (size_t i = 0; i + step - 1 < r->elements; i += step) {
            note(text(r->element[i]), sk.state, isList ? QString() : text(r->element[i + 1]));
        }
        if (len > max)
            addGap(QString::fromUtf8(key),
                   QStringLiteral("only the first %1 of %2 ids were read (limit per state)").arg(max).arg(len));
    }
    // stalled set: SSCAN, bounded.
    if (!lost && !ctx.cancelled()) {
        const QByteArray key = base + "stalled";
        qint64 len = 0;
        if (readLength(key, "set", &len) && len > 0) {
            qi.keyLengths.emplace_back(QStringLiteral("stalled"), len);
            QByteArray cursor = "0";
            qint64 got = 0;
            int iterations = 0;
            do {
                Reply r = run({"SSCAN", key, cursor, "COUNT", "1000"});
                if (!r)
                    break;
                if (r->type != REDIS_REPLY_ARRAY || r->elements != 2) {
                    keyError(key, r.get(), "set");
                    break;
                }
                cursor = QByteArray(r->element[0]->str, qsizetype(r->element[0]->len));
                const redisReply *members = r->element[1];
                for (size_t i = 0; i < members->elements; ++i, ++got)
                    note(text(members->element[i]), JobState::Unknown, {});
            } while (cursor != "0" && got < max && ++iterations < 100000);
            if (cursor != "0")
                addGap(QString::fromUtf8(key),
                       QStringLiteral("only %1 of %2 stalled ids were read").arg(got).arg(len));
        }
    }
    if (!lost) {
        if (Reply r = run({"EXISTS", base + "marker"}); r && r->type == REDIS_REPLY_INTEGER)
            qi.markerPresent = r->integer > 0;
    }

    readEvents(qi, base, ctx);
    qi.hasAnyKey = qi.metaPresent || qi.idCounter.has_value() || qi.eventsLength > 0 || !qi.keyLengths.empty()
                   || qi.markerPresent.value_or(false);
    if (out->server.clientListPermitted) {
        qint64 n = 0;
        for (const auto &w : out->workers)
            n += (w.queue == queue) ? 1 : 0;
        qi.workersSeen = n;
    }
    // The queue's facts go in before the jobs so they survive a connection lost there.
    out->queues.push_back(std::move(qi));

    if (!lost && !ctx.cancelled())
        readJobs(queue, base, ids, infos, ctx);
}

void BullmqSource::Private::readEvents(QueueInfo &qi, const QByteArray &base, const CaptureContext &ctx)
{
    if (lost || ctx.cancelled())
        return;
    const QByteArray key = base + "events";
    qint64 len = 0;
    {
        Reply r = run({"XLEN", key});
        if (!r)
            return;
        if (r->type != REDIS_REPLY_INTEGER) {
            keyError(key, r.get(), "stream");
            return;
        }
        len = r->integer;
    }
    qi.eventsLength = len;
    if (len == 0)
        return;
    // maxLenEvents is trimmed approximately (XTRIM ~), so the stream can be a little
    // longer: read some slack when the limit comes from the queue.
    const qint64 limit = opt.maxEvents > 0 ? opt.maxEvents : qi.maxLenEvents.value_or(10000) + 1000;
    std::vector<QueueEvent> events; // newest first
    events.reserve(size_t(std::min(len, limit)));
    QByteArray end = "+";
    bool badUtf8 = false;
    bool reachedStart = false;
    ctx.progress(QStringLiteral("redis: %1 events").arg(qi.name), 0, std::min(len, limit));
    while (qint64(events.size()) < limit && !lost) {
        if (ctx.cancelled())
            break;
        // Pages of batchSize (1000 by default): small batches make paging testable.
        const qint64 page = std::min<qint64>(std::clamp(opt.batchSize, 1, 1000), limit - qint64(events.size()));
        Reply r = run({"XREVRANGE", key, end, "-", "COUNT", QByteArray::number(page)});
        if (!r)
            break;
        if (r->type != REDIS_REPLY_ARRAY) {
            keyError(key, r.get(), "stream");
            break;
        }
        for (size_t i = 0; i < r->elements; ++i) {
            const redisReply *entry = r->element[i];
            if (entry->type != REDIS_REPLY_ARRAY || entry->elements < 2)
                continue;
            const QString id = text(entry->element[0]);
            Fields fields;
            const redisReply *fl = entry->element[1];
            if (fl->type == REDIS_REPLY_ARRAY) {
                fields.reserve(fl->elements / 2);
                for (size_t j = 0; j + 1 < fl->elements; j += 2) {
                    bool v1 = true;
                    bool v2 = true;
                    // Field names and event names recur in every entry: shared, not copied.
                    QString k = bullmq::internedName(view(fl->element[j]));
                    if (k.isNull())
                        k = bullmq::decodeUtf8(view(fl->element[j]), &v1);
                    QString v = bullmq::internedName(view(fl->element[j + 1]));
                    if (v.isNull())
                        v = bullmq::decodeUtf8(view(fl->element[j + 1]), &v2);
                    badUtf8 = badUtf8 || !v1 || !v2;
                    fields.emplace_back(std::move(k), std::move(v));
                }
            }
            events.push_back(bullmq::eventFromEntry(qi.name, id, std::move(fields)));
        }
        if (qint64(r->elements) < page) {
            reachedStart = true;
            break;
        }
        const auto last = bullmq::parseStreamId(events.back().streamId);
        if (!last)
            break;
        end = previousStreamId(*last);
        if (end.isEmpty()) {
            reachedStart = true;
            break;
        }
        ctx.progress(QStringLiteral("redis: %1 events").arg(qi.name), qint64(events.size()), std::min(len, limit));
    }
    qi.eventsRead = qint64(events.size());
    if (!events.empty()) {
        qi.newestEventTime = events.front().time;
        qi.oldestEventTime = events.back().time;
    }
    qi.eventsTruncatedByCapture = !reachedStart && qi.eventsRead < len;
    if (qi.eventsTruncatedByCapture && !lost)
        spdlog::info("redis: read the newest {} of {} events of {}", qi.eventsRead, len, q2std(qi.name));
    if (badUtf8)
        addGap(QString::fromUtf8(key), QStringLiteral("some event fields are not valid UTF-8; "
                                                      "invalid bytes shown as U+FFFD"));
    for (auto it = events.rbegin(); it != events.rend(); ++it)
        out->events.push_back(std::move(*it));
}

void BullmqSource::Private::readJobs(const QString &queue, const QByteArray &base, const std::vector<QString> &ids,
                                     const std::vector<IdInfo> &infos, const CaptureContext &ctx)
{
    const qint64 total = qint64(ids.size());
    const int batch = std::max(1, opt.batchSize);
    const int logLines = std::max(0, opt.logLinesPerJob);
    const QByteArray logStart = QByteArray::number(-qint64(logLines));
    largevector::reserve(out->jobs, out->jobs.size() + ids.size());
    ctx.progress(QStringLiteral("redis: %1 jobs").arg(queue), 0, total);

    std::vector<bullmq::RawField> raw;
    std::string commands; // one batch in Redis's wire format
    qint64 done = 0;
    while (done < total && !lost) {
        if (ctx.cancelled()) {
            addGap(QStringLiteral("jobs of %1").arg(queue),
                   QStringLiteral("capture cancelled after %1 of %2 jobs").arg(done).arg(total));
            return;
        }
        const qint64 n = std::min<qint64>(batch, total - done);
        std::vector<QByteArray> keys;
        keys.reserve(size_t(n));
        const qint64 started = QDateTime::currentMSecsSinceEpoch();
        QElapsedTimer t;
        t.start();
        // The batch is written in RESP directly and handed to hiredis once: formatting
        // each command through redisAppendCommandArgv cost more than reading the replies.
        commands.clear();
        auto header = [&](char kind, size_t count) {
            char buf[24];
            commands += kind;
            const auto r = std::to_chars(buf, buf + sizeof buf, count);
            commands.append(buf, r.ptr);
            commands += "\r\n";
        };
        auto bulk = [&](QByteArrayView a, QByteArrayView suffix = {}) {
            header('$', size_t(a.size() + suffix.size()));
            commands.append(a.data(), size_t(a.size()));
            commands.append(suffix.data(), size_t(suffix.size()));
            commands += "\r\n";
        };
        for (qint64 i = 0; i < n; ++i) {
            keys.push_back(base + ids[size_t(done + i)].toUtf8());
            const QByteArray &key = keys.back();
            // Only an active job can hold a lock; LRANGE alone gives the log count unless
            // the tail is full (then one LLEN after the batch).
            header('*', 2);
            bulk("HGETALL");
            bulk(key);
            if (isActive(infos[size_t(done + i)])) {
                header('*', 2);
                bulk("EXISTS");
                bulk(key, ":lock");
            }
            if (logLines > 0) {
                header('*', 4);
                bulk("LRANGE");
                bulk(key, ":logs");
                bulk(logStart);
                bulk("-1");
            } else {
                header('*', 2);
                bulk("LLEN");
                bulk(key, ":logs");
            }
        }
        redisAppendFormattedCommand(c, commands.data(), commands.size());
        std::vector<size_t> fullLogs; // indexes into out->jobs
        std::vector<DeferredError> deferred;
        qint64 replies = 0;
        qint64 bytes = 0;
        qint64 cutValues = 0;
        QString error;
        qint64 i = 0;
        for (; i < n && !lost; ++i) {
            const IdInfo &info = infos[size_t(done + i)];
            const bool active = isActive(info);
            const int perJob = active ? 3 : 2;
            Reply r[3];
            for (int k = 0; k < perJob; ++k) {
                void *p = nullptr;
                if (redisGetReply(c, &p) != REDIS_OK || !p || c->err) {
                    if (p)
                        freeReplyObject(p);
                    error = ioError();
                    break;
                }
                r[k].reset(static_cast<redisReply *>(p));
                ++replies;
                bytes += replyBytes(r[k].get());
            }
            if (!error.isEmpty())
                break; // this job's replies are incomplete: drop it, keep the earlier ones

            const QString &id = ids[size_t(done + i)];
            // Built in place: a Job is large, and 20,000 moves of it showed in profiles.
            Job &job = out->jobs.emplace_back();
            job.queue = queue;
            job.id = id;
            job.stalled = info.stalled;
            bullmq::DecodeOptions dopt;
            dopt.maxValueBytes = opt.maxValueBytes;
            if (!info.states.empty()) {
                job.state = info.states.front();
                for (size_t s = 1; s < info.states.size(); ++s)
                    job.alsoIn << info.states[s];
                if (!info.scores.front().isNull())
                    job.stateScore = bullmq::parseScore(info.scores.front());
                for (size_t s = 0; s < info.states.size(); ++s) {
                    if (info.states[s] == JobState::Delayed)
                        dopt.delayedScore = info.scores[s];
                }
            }
            const QByteArray &key = keys[size_t(i)];
            const redisReply *h = r[0].get();
            if (h->type == REDIS_REPLY_ARRAY) {
                raw.clear();
                raw.reserve(h->elements / 2);
                for (size_t e = 0; e + 1 < h->elements; e += 2)
                    raw.emplace_back(view(h->element[e]), view(h->element[e + 1]));
                const auto res = bullmq::decodeJobHash(job, raw, dopt);
                for (const QString &f : res.truncatedFields) {
                    ++cutValues;
                    addGap(QString::fromUtf8(key),
                           QStringLiteral("field '%1' is longer than %2 bytes; only the start was read")
                               .arg(f)
                               .arg(opt.maxValueBytes));
                }
            } else {
                deferred.push_back({key, view(h).toByteArray(), "hash"});
                job.problems << QStringLiteral("the job hash could not be read: %1").arg(text(h));
                bullmq::decodeJobHash(job, Fields{}, dopt);
            }
            if (active && r[1]->type == REDIS_REPLY_INTEGER)
                job.hasLock = r[1]->integer > 0;
            const redisReply *logs = r[active ? 2 : 1].get();
            if (logs->type == REDIS_REPLY_INTEGER) {
                job.logCount = logs->integer;
            } else if (logs->type == REDIS_REPLY_ARRAY) {
                job.logs.reserve(qsizetype(logs->elements));
                for (size_t e = 0; e < logs->elements; ++e)
                    job.logs << text(logs->element[e]);
                job.logCount = job.logs.size();
                if (job.logCount >= logLines)
                    fullLogs.push_back(out->jobs.size() - 1);
            } else {
                deferred.push_back({key + ":logs", view(logs).toByteArray(), "list"});
            }
        }
        if (error.isEmpty()) {
            for (const DeferredError &e : deferred)
                keyError(e);
            for (size_t k : fullLogs) {
                Job &job = out->jobs[k];
                if (Reply r = run({"LLEN", base + job.id.toUtf8() + ":logs"}); r && r->type == REDIS_REPLY_INTEGER)
                    job.logCount = r->integer;
            }
        }
        const QString shown = QStringLiteral("HGETALL ×%1 + EXISTS :lock (active) + LRANGE :logs (pipelined) %2…")
                                  .arg(n)
                                  .arg(QString::fromUtf8(keys.front()));
        addActivity(shown, started, t.nsecsElapsed() / 1000, replies, bytes, error);
        if (!error.isEmpty()) {
            connectionLost(shown);
            return;
        }
        done += n;
        spdlog::debug("redis: read {} of {} jobs of {} ({} values cut)", done, total, q2std(queue), cutValues);
        ctx.progress(QStringLiteral("redis: %1 jobs").arg(queue), done, total);
    }
}

BullmqSource::BullmqSource(RedisOptions options)
    : d(std::make_unique<Private>())
{
    d->opt = std::move(options);
}

BullmqSource::~BullmqSource() = default;

bool BullmqSource::open(SnapshotData &out, const CaptureContext &ctx, QString *error)
{
    QString err;
    d->out = &out;
    d->lost = false;
    d->disconnect();
    ctx.progress(QStringLiteral("redis: connecting"));
    // A server that dies mid-pipeline makes write() raise SIGPIPE, which would kill us.
    if (std::signal(SIGPIPE, SIG_IGN) == SIG_ERR)
        spdlog::warn("redis: could not ignore SIGPIPE");
    const bool ok = d->parseUrl(&err) && d->connect(&err);
    if (!ok) {
        d->addGap(QStringLiteral("connection"), err);
        if (error)
            *error = err;
    }
    d->out = nullptr;
    return ok;
}

void BullmqSource::read(SnapshotData &out, const CaptureContext &ctx)
{
    d->out = &out;
    if (!d->c) {
        d->addGap(QStringLiteral("connection"), QStringLiteral("Redis was not connected; nothing was read"));
        d->out = nullptr;
        return;
    }
    QElapsedTimer t;
    t.start();
    const size_t jobsBefore = out.jobs.size();
    const size_t eventsBefore = out.events.size();
    d->readServer(ctx);
    QStringList queues = d->discoverQueues(ctx);
    queues.removeAll(d->opt.queue);
    queues.prepend(d->opt.queue);
    qint64 n = 0;
    for (const QString &q : std::as_const(queues)) {
        if (d->lost)
            break;
        if (ctx.cancelled())
            break;
        d->readQueue(q, ctx);
        ++n;
    }
    if (ctx.cancelled())
        d->addGap(QStringLiteral("capture"),
                  QStringLiteral("capture cancelled: the Redis data is incomplete (%1 of %2 queues started)")
                      .arg(n)
                      .arg(queues.size()));
    spdlog::info("redis: read {} queues, {} jobs, {} events in {} ms{}", n, out.jobs.size() - jobsBefore,
                 out.events.size() - eventsBefore, t.elapsed(), d->lost ? " (connection lost)" : "");
    if (d->lost)
        d->disconnect();
    d->out = nullptr;
}

void BullmqSource::close()
{
    d->disconnect();
}

} // namespace postscope
