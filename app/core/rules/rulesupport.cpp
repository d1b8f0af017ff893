#include "rulesupport.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace postscope::rulesupport {

QString utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral(" UTC");
}

QString duration(qint64 ms)
{
    const QString sign = ms < 0 ? QStringLiteral("−") : QString();
    qint64 a = ms < 0 ? -ms : ms;
    if (a < 1000)
        return sign + QStringLiteral("%1 ms").arg(a);
    const qint64 s = a / 1000;
    if (s < 60)
        return sign + QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return sign + (s % 60 ? QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60) : QStringLiteral("%1 min").arg(s / 60));
    if (s < 86400)
        return sign + (s % 3600 / 60 ? QStringLiteral("%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60)
                                     : QStringLiteral("%1 h").arg(s / 3600));
    return sign + (s % 86400 / 3600 ? QStringLiteral("%1 d %2 h").arg(s / 86400).arg(s % 86400 / 3600)
                                    : QStringLiteral("%1 d").arg(s / 86400));
}

QString integrationName(const Snapshot &s, const QString &integrationId)
{
    const Integration *in = s.integration(integrationId);
    if (!in)
        return QStringLiteral("integration %1").arg(integrationId);
    return QStringLiteral("%1 (%2)").arg(in->name, in->providerIdentifier);
}

QString postLabel(const Snapshot &s, const Post &p)
{
    return QStringLiteral("post %1 (%2, %3)").arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate));
}

QString key(const Snapshot &s, const QString &suffix)
{
    return s.scope().prefix + QLatin1Char(':') + s.scope().queue + QLatin1Char(':') + suffix;
}

namespace {
QString sqlList(const QStringList &ids)
{
    QStringList quoted;
    for (QString id : ids)
        quoted.append(QLatin1Char('\'') + id.replace(QLatin1Char('\''), QStringLiteral("''")) + QLatin1Char('\''));
    return quoted.join(QStringLiteral(", "));
}

QString sqlTime(qint64 ms)
{
    return QLatin1Char('\'')
        + QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QLatin1Char('\'');
}
} // namespace

QString sqlPost(const QStringList &postIds)
{
    return QStringLiteral("SELECT id, state, \"publishDate\", \"integrationId\", \"group\", \"parentPostId\", "
                          "\"createdAt\", \"updatedAt\", \"deletedAt\", \"releaseURL\", error FROM \"Post\" "
                          "WHERE id IN (%1);")
        .arg(sqlList(postIds));
}

QString sqlPostsOfIntegration(const QString &integrationId, qint64 from, qint64 to)
{
    return QStringLiteral("SELECT id, state, \"publishDate\", \"createdAt\", \"deletedAt\", \"releaseURL\" FROM \"Post\" "
                          "WHERE \"integrationId\" = %1 AND \"publishDate\" BETWEEN %2 AND %3 "
                          "ORDER BY \"publishDate\";")
        .arg(sqlList({integrationId}), sqlTime(from), sqlTime(to));
}

QString sqlErrorsOfPost(const QString &postId)
{
    return QStringLiteral("SELECT \"createdAt\", platform, message FROM \"Errors\" WHERE \"postId\" = %1 "
                          "ORDER BY \"createdAt\";")
        .arg(sqlList({postId}));
}

QString redisJob(const Snapshot &s, const QString &jobId)
{
    return QStringLiteral("HGETALL ") + key(s, jobId);
}

QString redisDelayedScore(const Snapshot &s, const QString &jobId)
{
    return QStringLiteral("ZSCORE %1 %2").arg(key(s, QStringLiteral("delayed")), jobId);
}

QString redisEvents(const Snapshot &s, int count)
{
    return QStringLiteral("XREVRANGE %1 + - COUNT %2").arg(key(s, QStringLiteral("events"))).arg(count);
}

QString redisScanQueue(const Snapshot &s)
{
    return QStringLiteral("SCAN 0 MATCH %1:%2:* COUNT 1000").arg(s.scope().prefix, s.scope().queue);
}

std::optional<qint64> eventsCoverFrom(const Snapshot &s)
{
    const QueueInfo *q = s.mainQueue();
    if (!q || q->eventsRead == 0 || !q->oldestEventTime)
        return std::nullopt;
    return q->oldestEventTime;
}

bool skipped(RuleOutcome &out, const QString &why)
{
    if (why.isEmpty())
        return false;
    out.status = RuleStatus::Skipped;
    out.reason = why;
    return true;
}

Finding makeFinding(const RuleInfo &info)
{
    Finding f;
    f.rule = info.id;
    f.severity = info.severity;
    f.title = info.title;
    return f;
}

QString redisUnavailable(const Snapshot &s)
{
    if (s.mainQueue())
        return {};
    for (const Gap &g : s.gaps()) {
        if (g.source == QLatin1String("redis") && g.subject == QLatin1String("connection"))
            return QStringLiteral("Redis was not read: ") + g.reason;
    }
    if (s.scope().redisUrl.isEmpty())
        return QStringLiteral("no Redis connection: jobs, events and workers were not read");
    return QStringLiteral("the queue %1:%2 was not read from Redis").arg(s.scope().prefix, s.scope().queue);
}

QString postgresUnavailable(const Snapshot &s)
{
    if (!s.posts().empty() || !s.integrations().empty())
        return {};
    for (const Gap &g : s.gaps()) {
        if (g.source == QLatin1String("postgres") && g.subject == QLatin1String("connection"))
            return QStringLiteral("PostgreSQL was not read: ") + g.reason;
    }
    if (s.scope().postgresUrl.isEmpty() && !s.server().postgresNow)
        return QStringLiteral("no PostgreSQL connection: posts and integrations were not read");
    return {};
}

QString missingColumns(const Snapshot &s, const QStringList &tableColumns)
{
    QStringList missing;
    for (const QString &tc : tableColumns) {
        const QString table = tc.section(QLatin1Char('.'), 0, 0);
        if (s.server().missingColumns.contains(tc) || s.server().missingTables.contains(table))
            missing.append(tc);
    }
    if (missing.isEmpty())
        return {};
    return QStringLiteral("the database lacks %1").arg(missing.join(QStringLiteral(", ")));
}

QString unavailable(const Snapshot &s, unsigned needs, const QStringList &columns)
{
    QString why;
    if (needs & NeedsRedis)
        why = redisUnavailable(s);
    if (why.isEmpty() && (needs & NeedsPostgres))
        why = postgresUnavailable(s);
    if (why.isEmpty() && !columns.isEmpty())
        why = missingColumns(s, columns);
    return why;
}

CatalogRule::CatalogRule(RuleInfo info, unsigned needs, QStringList columns)
    : m_info(std::move(info))
    , m_needs(needs)
    , m_columns(std::move(columns))
{
}

RuleOutcome CatalogRule::evaluate(const Snapshot &snapshot, const RuleContext &context) const
{
    RuleOutcome out;
    if (!skipped(out, unavailable(snapshot, m_needs, m_columns)))
        judge(snapshot, context, out);
    return out;
}

QString sqlIntegration(const QString &integrationId)
{
    return QStringLiteral("SELECT id, name, \"providerIdentifier\", disabled, \"refreshNeeded\", \"deletedAt\" "
                          "FROM \"Integration\" WHERE id = %1;")
        .arg(sqlList({integrationId}));
}

std::vector<std::pair<size_t, size_t>> closeRuns(std::span<const qint64> times, qint64 gap)
{
    std::vector<std::pair<size_t, size_t>> runs;
    size_t from = 0;
    for (size_t i = 1; i <= times.size(); ++i) {
        if (i < times.size() && times[i] - times[i - 1] <= gap)
            continue;
        if (i - from >= 2)
            runs.emplace_back(from, i);
        from = i;
    }
    return runs;
}

std::vector<std::vector<int>> scheduledRuns(const RuleIndex &index, qint64 gap)
{
    const auto &posts = index.snapshot().posts();
    std::vector<std::vector<int>> runs;
    for (int lane = 0; lane < index.laneCount(); ++lane) {
        const std::span<const int> rows = index.laneRows(lane);
        for (const auto &[from, to] : closeRuns(index.laneDates(lane), gap)) {
            const auto run = rows.subspan(from, to - from);
            if (std::any_of(run.begin(), run.end(), [&](int r) { return posts[size_t(r)].inWindow; }))
                runs.emplace_back(run.begin(), run.end());
        }
    }
    return runs;
}

const Job *pendingJobForPost(const Snapshot &s, const QString &postId)
{
    const Job *j = s.jobForPost(postId);
    if (!j)
        return nullptr;
    switch (j->state) {
    case JobState::Waiting:
    case JobState::Paused:
    case JobState::Active:
    case JobState::Delayed:
    case JobState::Prioritized:
    case JobState::WaitingChildren:
        return j;
    default:
        return nullptr;
    }
}

bool hasAnyJob(const Snapshot &s, const QString &postId)
{
    const Job *j = s.jobForPost(postId);
    return j && (j->hashPresent || j->state != JobState::Unknown || !j->alsoIn.isEmpty());
}

JobHistory jobHistory(const Snapshot &s, const QString &jobId)
{
    JobHistory h;
    const QList<int> &rows = s.eventsForJob(jobId);
    h.eventCount = int(rows.size());
    for (int row : rows) {
        const QString &e = s.events().at(size_t(row)).event;
        if (e == QLatin1String("added")) {
            h.lastAdded = row;
            h.lastRemoved = h.lastCompleted = h.lastFailed = h.lastEnd = -1;
        } else if (e == QLatin1String("removed")) {
            h.lastRemoved = h.lastEnd = row;
        } else if (e == QLatin1String("completed")) {
            h.lastCompleted = h.lastEnd = row;
        } else if (e == QLatin1String("failed")) {
            h.lastFailed = h.lastEnd = row;
        }
    }
    return h;
}

QHash<QString, QList<int>> logLinesByPost(const Snapshot &s)
{
    QHash<QString, QList<int>> index;
    const auto &lines = s.logLines();
    for (int i = 0; i < int(lines.size()); ++i) {
        for (const QString &id : lines[size_t(i)].postIds)
            index[id].append(i);
    }
    return index;
}

std::vector<FailureText> failureTexts(const Snapshot &s, const Post &p, const QHash<QString, QList<int>> &logIndex)
{
    std::vector<FailureText> out;
    if (!p.error.isEmpty())
        out.push_back({QStringLiteral("Post.error"), p.error});
    for (int e : s.errorsForPost(p.id)) {
        const ErrorRow &row = s.errors()[size_t(e)];
        if (!row.message.isEmpty())
            out.push_back({QStringLiteral("Errors.message"), row.message});
        if (!row.body.isEmpty() && row.body != row.message)
            out.push_back({QStringLiteral("Errors.body"), row.body});
    }
    if (const Job *j = s.jobForPost(p.id); j && !j->failedReason.isEmpty())
        out.push_back({QStringLiteral("job failedReason"), j->failedReason});
    const auto it = logIndex.constFind(p.id);
    if (it != logIndex.constEnd()) {
        for (int i : *it) {
            const LogLine &l = s.logLines()[size_t(i)];
            out.push_back({QStringLiteral("log line %1:%2").arg(l.file).arg(l.lineNumber), l.text, i});
        }
    }
    return out;
}

QString rateLimitSignal(const QString &text, const QString &provider)
{
    static const QRegularExpression http429(
        QStringLiteral("(?:status(?:\\s*code)?|statusCode|http(?:/[\\d.]+)?|code|error)\\W{0,4}429\\b|\\b429\\s+too many"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tooMany(QStringLiteral("too many requests"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression rateLimit(QStringLiteral("rate[ _-]?limit"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression requestLimit(QStringLiteral("request limit reached"),
                                                 QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression metaHash(QStringLiteral("\\(#(4|17|32|613)\\)"));
    static const QRegularExpression jsonCode(QStringLiteral("\"(?:code|error_code)\"\\s*:\\s*\"?(\\d+)\\b"));
    if (text.isEmpty())
        return {};
    if (http429.match(text).hasMatch())
        return QStringLiteral("HTTP 429");
    if (tooMany.match(text).hasMatch())
        return QStringLiteral("\"too many requests\"");
    if (requestLimit.match(text).hasMatch())
        return QStringLiteral("\"request limit reached\"");
    if (rateLimit.match(text).hasMatch())
        return QStringLiteral("\"rate limit\"");
    if (const auto m = metaHash.match(text); m.hasMatch())
        return QStringLiteral("Meta code %1").arg(m.captured(1));
    const QString prov = provider.toLower();
    const bool meta = prov.startsWith(QLatin1String("facebook")) || prov.startsWith(QLatin1String("instagram"))
                      || prov.startsWith(QLatin1String("threads"));
    const bool x = prov == QLatin1String("x") || prov == QLatin1String("twitter");
    auto it = jsonCode.globalMatch(text);
    while (it.hasNext()) {
        const QString code = it.next().captured(1);
        if (code == QLatin1String("88") && (x || prov.isEmpty()))
            return QStringLiteral("X code 88");
        if (meta && (code == QLatin1String("4") || code == QLatin1String("17") || code == QLatin1String("32")
                     || code == QLatin1String("613")))
            return QStringLiteral("Meta code %1").arg(code);
    }
    return {};
}

QString providerErrorClass(const QString &text)
{
    static const QRegularExpression limiter(QStringLiteral("something is wrong with\\s+\\S+"),
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression duplicate(QStringLiteral("duplicate"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression auth(
        QStringLiteral("(?:status(?:\\s*code)?|statusCode|http|code)\\W{0,4}401\\b|unauthori[sz]ed|"
                       "invalid[ _-]?(?:access[ _-]?)?token|expired[ _-]?(?:access[ _-]?)?token|token[^\\n]{0,40}expired|"
                       "refresh|oauthexception|\\(#190\\)|invalid_grant|revoked"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression media(
        QStringLiteral("media|image|video|upload|thumbnail|aspect ratio|file size|too large|unsupported format"),
        QRegularExpression::CaseInsensitiveOption);
    if (limiter.match(text).hasMatch())
        return QStringLiteral("limiter");
    if (duplicate.match(text).hasMatch())
        return QStringLiteral("duplicate");
    if (auth.match(text).hasMatch())
        return QStringLiteral("auth");
    if (media.match(text).hasMatch())
        return QStringLiteral("media");
    return QStringLiteral("unknown");
}

QString providerMessage(const QString &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        for (const QJsonValue &v : {o.value(QStringLiteral("message")),
                                    o.value(QStringLiteral("body")).toObject().value(QStringLiteral("message")),
                                    o.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")),
                                    o.value(QStringLiteral("error"))}) {
            if (v.isString() && !v.toString().isEmpty())
                return v.toString();
        }
    }
    return text.simplified().left(300);
}

QString idList(const QStringList &ids, int max)
{
    if (ids.size() <= max)
        return ids.join(QStringLiteral(", "));
    return ids.mid(0, max).join(QStringLiteral(", ")) + QStringLiteral(" and %1 more").arg(ids.size() - max);
}

} // namespace postscope::rulesupport
