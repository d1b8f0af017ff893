#include "snapshotjson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace postscope::snapshotjson {

// Each struct lists its fields once, in describe(); the Writer and the Reader walk the
// same list, so the file format cannot drift between writing and reading.
namespace {

template<typename V> void describe(V &v, Organization &o)
{
    v("id", o.id);
    v("name", o.name);
}

template<typename V> void describe(V &v, Integration &i)
{
    v("id", i.id);
    v("name", i.name);
    v("providerIdentifier", i.providerIdentifier);
    v("organizationId", i.organizationId);
    v("disabled", i.disabled);
    v("refreshNeeded", i.refreshNeeded);
    v("inBetweenSteps", i.inBetweenSteps);
    v("deletedAt", i.deletedAt);
    v("customerId", i.customerId);
    v("postingTimes", i.postingTimes);
}

template<typename V> void describe(V &v, Post &p)
{
    v("id", p.id);
    v("state", p.stateText);
    v("publishDate", p.publishDate);
    v("organizationId", p.organizationId);
    v("integrationId", p.integrationId);
    v("group", p.group);
    v("parentPostId", p.parentPostId);
    v("releaseURL", p.releaseURL);
    v("releaseId", p.releaseId);
    v("error", p.error);
    v("intervalInDays", p.intervalInDays);
    v("createdAt", p.createdAt);
    v("updatedAt", p.updatedAt);
    v("deletedAt", p.deletedAt);
    v("content", p.content);
    v("title", p.title);
    v("description", p.description);
    v("settings", p.settings);
    v("image", p.image);
    v("inWindow", p.inWindow);
}

template<typename V> void describe(V &v, ErrorRow &e)
{
    v("id", e.id);
    v("message", e.message);
    v("platform", e.platform);
    v("organizationId", e.organizationId);
    v("postId", e.postId);
    v("body", e.body);
    v("createdAt", e.createdAt);
}

template<typename V> void describe(V &v, Job &j)
{
    v("queue", j.queue);
    v("id", j.id);
    v("state", j.state);
    v("alsoIn", j.alsoIn);
    v("stalled", j.stalled);
    v("hashPresent", j.hashPresent);
    v("hasLock", j.hasLock);
    v("stateScore", j.stateScore);
    v("fireTime", j.fireTime);
    v("fireTimeSource", j.fireTimeSource);
    v("name", j.name);
    v("data", j.data);
    v("opts", j.opts);
    v("timestamp", j.timestamp);
    v("delay", j.delay);
    v("optsDelay", j.optsDelay);
    v("priority", j.priority);
    v("processedOn", j.processedOn);
    v("finishedOn", j.finishedOn);
    v("attemptsStarted", j.attemptsStarted);
    v("attemptsMade", j.attemptsMade);
    v("returnvalue", j.returnvalue);
    v("failedReason", j.failedReason);
    v("stacktrace", j.stacktrace);
    v("processedBy", j.processedBy);
    v("dataPostId", j.dataPostId);
    v("fields", j.fields);
    v("logs", j.logs);
    v("logCount", j.logCount);
    v("problems", j.problems);
}

template<typename V> void describe(V &v, QueueEvent &e)
{
    v("queue", e.queue);
    v("streamId", e.streamId);
    v("time", e.time);
    v("seq", e.seq);
    v("event", e.event);
    v("jobId", e.jobId);
    v("fields", e.fields);
}

template<typename V> void describe(V &v, WorkerConnection &w)
{
    v("clientId", w.clientId);
    v("addr", w.addr);
    v("name", w.name);
    v("queue", w.queue);
    v("workerName", w.workerName);
    v("ageSeconds", w.ageSeconds);
    v("idleSeconds", w.idleSeconds);
    v("lastCommand", w.lastCommand);
    v("db", w.db);
}

template<typename V> void describe(V &v, QueueInfo &q)
{
    v("prefix", q.prefix);
    v("name", q.name);
    v("metaPresent", q.metaPresent);
    v("paused", q.paused);
    v("maxLenEvents", q.maxLenEvents);
    v("idCounter", q.idCounter);
    v("version", q.version);
    v("meta", q.meta);
    v("keyLengths", q.keyLengths);
    v("hasAnyKey", q.hasAnyKey);
    v("eventsLength", q.eventsLength);
    v("eventsRead", q.eventsRead);
    v("oldestEventTime", q.oldestEventTime);
    v("newestEventTime", q.newestEventTime);
    v("eventsTruncatedByCapture", q.eventsTruncatedByCapture);
    v("workersSeen", q.workersSeen);
    v("markerPresent", q.markerPresent);
}

template<typename V> void describe(V &v, ServerFacts &s)
{
    v("postgresVersion", s.postgresVersion);
    v("redisVersion", s.redisVersion);
    v("redisMode", s.redisMode);
    v("redisTime", s.redisTime);
    v("postgresNow", s.postgresNow);
    v("localTime", s.localTime);
    v("maxmemoryPolicy", s.maxmemoryPolicy);
    v("clientListPermitted", s.clientListPermitted);
    v("infoPermitted", s.infoPermitted);
    v("postgresDatabase", s.postgresDatabase);
    v("postgresUser", s.postgresUser);
    v("redisDb", s.redisDb);
    v("missingColumns", s.missingColumns);
    v("missingTables", s.missingTables);
}

template<typename V> void describe(V &v, CaptureScope &s)
{
    v("organizationIds", s.organizationIds);
    v("integrationIds", s.integrationIds);
    v("from", s.from);
    v("to", s.to);
    v("prefix", s.prefix);
    v("queue", s.queue);
    v("postgresUrl", s.postgresUrl);
    v("redisUrl", s.redisUrl);
    v("redacted", s.redacted);
}

template<typename V> void describe(V &v, Gap &g)
{
    v("source", g.source);
    v("subject", g.subject);
    v("reason", g.reason);
}

template<typename V> void describe(V &v, ActivityEntry &a)
{
    v("source", a.source);
    v("text", a.text);
    v("startedAt", a.startedAt);
    v("durationUs", a.durationUs);
    v("rows", a.rows);
    v("bytes", a.bytes);
    v("error", a.error);
}

template<typename V> void describe(V &v, LogLine &l)
{
    v("file", l.file);
    v("lineNumber", l.lineNumber);
    v("time", l.time);
    v("text", l.text);
    v("kind", l.kind);
    v("postIds", l.postIds);
}

template<typename V> void describe(V &v, SnapshotData &d)
{
    v("postscopeVersion", d.postscopeVersion);
    v("capturedAt", d.capturedAt);
    v("captureFinishedAt", d.captureFinishedAt);
    v("scope", d.scope);
    v("server", d.server);
    v("organizations", d.organizations);
    v("integrations", d.integrations);
    v("posts", d.posts);
    v("errors", d.errors);
    v("queues", d.queues);
    v("jobs", d.jobs);
    v("events", d.events);
    v("workers", d.workers);
    v("logLines", d.logLines);
    v("gaps", d.gaps);
    v("activity", d.activity);
}

class Writer
{
public:
    QJsonObject object;

    void operator()(const char *key, QString &s) { put(key, s.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(s)); }
    void operator()(const char *key, qint64 &n) { put(key, QJsonValue(n)); }
    void operator()(const char *key, bool &b) { put(key, QJsonValue(b)); }
    void operator()(const char *key, std::optional<qint64> &n)
    {
        put(key, n ? QJsonValue(*n) : QJsonValue(QJsonValue::Null));
    }
    void operator()(const char *key, std::optional<bool> &b)
    {
        put(key, b ? QJsonValue(*b) : QJsonValue(QJsonValue::Null));
    }
    void operator()(const char *key, JobState &s) { put(key, toString(s)); }
    void operator()(const char *key, QStringList &list) { put(key, QJsonArray::fromStringList(list)); }
    void operator()(const char *key, QList<JobState> &list)
    {
        QJsonArray a;
        for (JobState s : list)
            a.append(toString(s));
        put(key, a);
    }
    void operator()(const char *key, Fields &fields)
    {
        QJsonArray a;
        for (const auto &[k, v] : fields)
            a.append(QJsonArray{k, v});
        put(key, a);
    }
    void operator()(const char *key, std::vector<std::pair<QString, qint64>> &pairs)
    {
        QJsonArray a;
        for (const auto &[k, v] : pairs)
            a.append(QJsonArray{k, v});
        put(key, a);
    }
    template<typename T> void operator()(const char *key, T &item) { put(key, toObject(item)); }
    template<typename T> void operator()(const char *key, std::vector<T> &items)
    {
        QJsonArray a;
        for (T &item : items)
            a.append(toObject(item));
        put(key, a);
    }

    template<typename T> static QJsonObject toObject(T &item)
    {
        Writer w;
        describe(w, item);
        return w.object;
    }

private:
    void put(const char *key, const QJsonValue &value) { object.insert(QLatin1String(key), value); }
};

class Reader
{
public:
    explicit Reader(const QJsonObject &o, QString path, QString *error)
        : m_object(o), m_path(std::move(path)), m_error(error)
    {
    }

    void operator()(const char *key, QString &s)
    {
        const QJsonValue v = get(key);
        if (v.isNull() || v.isUndefined())
            s = QString();
        else if (v.isString())
            s = v.toString();
        else
            fail(key, "a string");
    }
    void operator()(const char *key, qint64 &n)
    {
        const QJsonValue v = get(key);
        if (v.isUndefined())
            return;
        if (v.isDouble())
            n = v.toInteger();
        else
            fail(key, "a number");
    }
    void operator()(const char *key, bool &b)
    {
        const QJsonValue v = get(key);
        if (v.isUndefined())
            return;
        if (v.isBool())
            b = v.toBool();
        else
            fail(key, "true or false");
    }
    void operator()(const char *key, std::optional<qint64> &n)
    {
        const QJsonValue v = get(key);
        if (v.isNull() || v.isUndefined())
            n.reset();
        else if (v.isDouble())
            n = v.toInteger();
        else
            fail(key, "a number or null");
    }
    void operator()(const char *key, std::optional<bool> &b)
    {
        const QJsonValue v = get(key);
        if (v.isNull() || v.isUndefined())
            b.reset();
        else if (v.isBool())
            b = v.toBool();
        else
            fail(key, "true, false or null");
    }
    void operator()(const char *key, JobState &s)
    {
        QString text;
        (*this)(key, text);
        s = jobStateFromString(text);
    }
    void operator()(const char *key, QStringList &list)
    {
        list.clear();
        const QJsonArray a = array(key);
        for (const QJsonValue &v : a)
            list.append(v.toString());
    }
    void operator()(const char *key, QList<JobState> &list)
    {
        list.clear();
        const QJsonArray a = array(key);
        for (const QJsonValue &v : a)
            list.append(jobStateFromString(v.toString()));
    }
    void operator()(const char *key, Fields &fields)
    {
        fields.clear();
        const QJsonArray a = array(key);
        fields.reserve(a.size());
        for (const QJsonValue &v : a) {
            const QJsonArray pair = v.toArray();
            if (pair.size() != 2) {
                fail(key, "[name, value] pairs");
                return;
            }
            fields.emplace_back(pair.at(0).toString(), pair.at(1).toString());
        }
    }
    void operator()(const char *key, std::vector<std::pair<QString, qint64>> &pairs)
    {
        pairs.clear();
        const QJsonArray a = array(key);
        for (const QJsonValue &v : a) {
            const QJsonArray pair = v.toArray();
            if (pair.size() != 2) {
                fail(key, "[name, number] pairs");
                return;
            }
            pairs.emplace_back(pair.at(0).toString(), pair.at(1).toInteger());
        }
    }
    template<typename T> void operator()(const char *key, T &item)
    {
        const QJsonValue v = get(key);
        if (v.isUndefined())
            return;
        if (!v.isObject()) {
            fail(key, "an object");
            return;
        }
        Reader r(v.toObject(), m_path + QLatin1Char('.') + QLatin1String(key), m_error);
        describe(r, item);
    }
    template<typename T> void operator()(const char *key, std::vector<T> &items)
    {
        items.clear();
        const QJsonArray a = array(key);
        items.reserve(a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isObject()) {
                fail(key, "a list of objects");
                return;
            }
            Reader r(a.at(i).toObject(),
                     m_path + QLatin1Char('.') + QLatin1String(key) + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                     m_error);
            T item;
            describe(r, item);
            items.push_back(std::move(item));
            if (!m_error->isEmpty())
                return;
        }
    }

private:
    QJsonValue get(const char *key) const { return m_object.value(QLatin1String(key)); }
    QJsonArray array(const char *key)
    {
        const QJsonValue v = get(key);
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            fail(key, "a list");
        return v.toArray();
    }
    void fail(const char *key, const char *expected)
    {
        if (m_error->isEmpty()) {
            *m_error = QStringLiteral("%1.%2 should be %3").arg(m_path, QLatin1String(key), QLatin1String(expected));
        }
    }

    QJsonObject m_object;
    QString m_path;
    QString *m_error;
};


} // namespace

QByteArray write(const SnapshotData &data, bool indented)
{
    QJsonObject root = Writer::toObject(const_cast<SnapshotData &>(data));
    root.insert(QStringLiteral("format"), QLatin1String(formatName));
    root.insert(QStringLiteral("version"), currentVersion);
    return QJsonDocument(root).toJson(indented ? QJsonDocument::Indented : QJsonDocument::Compact);
}

bool read(const QByteArray &json, SnapshotData *data, QString *error)
{
    if (json.trimmed().isEmpty()) {
        *error = QStringLiteral("the snapshot file is empty (not valid JSON)");
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const bool cut = parseError.error == QJsonParseError::UnterminatedObject
            || parseError.error == QJsonParseError::UnterminatedArray
            || parseError.error == QJsonParseError::UnterminatedString
            || (parseError.error == QJsonParseError::IllegalValue && parseError.offset >= json.size() - 1);
        *error = cut ? QStringLiteral("the snapshot file is truncated (it ends at byte %1 in the middle of the data)")
                           .arg(json.size())
                     : QStringLiteral("the snapshot file is not valid JSON: %1 at byte %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
        return false;
    }
    if (!doc.isObject()) {
        *error = QStringLiteral("the file is JSON but not a postscope snapshot (no top-level object)");
        return false;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(formatName)) {
        *error = QStringLiteral("the file is JSON but not a postscope snapshot (format is not \"%1\")")
                     .arg(QLatin1String(formatName));
        return false;
    }
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInteger() < 1) {
        *error = QStringLiteral("the snapshot has no valid version number");
        return false;
    }
    if (version.toInteger() > currentVersion) {
        *error = QStringLiteral("the snapshot is format version %1, this postscope reads up to version %2: "
                                "open it with a newer postscope")
                     .arg(version.toInteger())
                     .arg(currentVersion);
        return false;
    }
    SnapshotData result;
    QString problem;
    Reader reader(root, QStringLiteral("snapshot"), &problem);
    describe(reader, result);
    if (!problem.isEmpty()) {
        *error = QStringLiteral("the snapshot file is damaged: ") + problem;
        return false;
    }
    for (Post &p : result.posts)
        p.state = postStateFromString(p.stateText);
    *data = std::move(result);
    return true;
}

QString urlWithoutPassword(const QString &url)
{
    QUrl u(url);
    if (url.isEmpty() || !u.isValid() || u.password().isEmpty())
        return url;
    u.setPassword(QString());
    // "redis://:pw@h" has an empty user name: drop the now-empty user info entirely.
    if (u.userName().isEmpty())
        u.setUserInfo(QString());
    return u.toString();
}

QString redactText(const QString &text)
{
    if (text.isNull())
        return text;
    const QByteArray hash = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
    return QStringLiteral("[redacted: %1 chars, sha256:%2]").arg(text.size()).arg(QString::fromLatin1(hash));
}

void redact(SnapshotData &data)
{
    for (Post &p : data.posts) {
        p.content = redactText(p.content);
        p.title = redactText(p.title);
        p.description = redactText(p.description);
    }
    for (ErrorRow &e : data.errors)
        e.body = redactText(e.body);
    data.scope.postgresUrl = urlWithoutPassword(data.scope.postgresUrl);
    data.scope.redisUrl = urlWithoutPassword(data.scope.redisUrl);
    data.scope.redacted = true;
}

} // namespace postscope::snapshotjson
