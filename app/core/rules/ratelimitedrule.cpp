#include "registry.h"
#include "rulesupport.h"

#include <algorithm>

namespace postscope {

namespace {

using namespace rulesupport;

// How far back earlier posts count against a platform's limit (rules.md, seed guide D).
qint64 rateWindowMs(const QString &provider)
{
    const QString p = provider.toLower();
    if (p == QLatin1String("x") || p == QLatin1String("twitter"))
        return 3LL * 3600 * 1000;
    if (p.startsWith(QLatin1String("linkedin")))
        return 24LL * 3600 * 1000;
    return 3600LL * 1000; // Meta's rate limits are hourly; a sensible default elsewhere
}

class RateLimitedRule : public CatalogRule
{
public:
    RateLimitedRule()
        : CatalogRule({
            QStringLiteral("rate-limited"), Severity::Critical, QStringLiteral("Refused by the platform: posting too often"),
            QStringLiteral("The post failed with a rate-limit answer from the platform (HTTP 429, \"too many requests\", "
                           "\"rate limit\", \"request limit reached\", Meta codes 4/17/32/613, X code 88)."),
            QStringLiteral("Reschedule the post and spread posts to the same account out (the seed guide's 1-minute gap)."),
        }, NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        const auto logIndex = logLinesByPost(s);
        const auto &posts = s.posts();
        // Posts in ERROR and posts whose job failed. Failed jobs are rare (Postiz's handler
        // catches every error): their posts are added by id instead of looking up the job
        // of every post.
        std::vector<int> rows = RuleIndex::of(s, ctx)->errored();
        for (const Job &j : s.jobs()) {
            if (j.queue == s.scope().queue && (j.state == JobState::Failed || !j.failedReason.isEmpty())) {
                const QList<int> same = s.postsWithId(j.id);
                rows.insert(rows.end(), same.begin(), same.end());
            }
        }
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        for (int row : rows) {
            const Post &p = posts[size_t(row)];
            if (p.isDeleted())
                continue;
            const Job *job = s.jobForPost(p.id);
            const Integration *in = s.integration(p.integrationId);
            QString provider = in ? in->providerIdentifier : QString();
            if (provider.isEmpty() && !s.errorsForPost(p.id).isEmpty())
                provider = s.errors()[size_t(s.errorsForPost(p.id).first())].platform;

            QStringList fired;
            QList<int> logLines;
            QString firstSignal;
            QString firstText;
            for (const FailureText &t : failureTexts(s, p, logIndex)) {
                const QString sig = rateLimitSignal(t.text, provider);
                if (sig.isEmpty())
                    continue;
                if (firstSignal.isEmpty()) {
                    firstSignal = sig;
                    firstText = t.text;
                }
                fired.append(QStringLiteral("%1 in %2: %3").arg(sig, t.source, t.text.simplified().left(200)));
                if (t.logLine >= 0)
                    logLines.append(t.logLine);
            }
            if (firstSignal.isEmpty())
                continue;

            Finding f = makeFinding(info());
            f.posts.append(p.id);
            f.integrations.append(p.integrationId);
            if (job)
                f.jobs.append(job->id);
            for (int e : s.eventsForJob(p.id))
                f.events.append(s.events()[size_t(e)].streamId);
            f.logLines = logLines;
            f.firedSignals.append(p.state == PostState::Error ? QStringLiteral("post %1 is in state ERROR").arg(p.id)
                                                              : QStringLiteral("the job of post %1 failed").arg(p.id));
            f.firedSignals.append(fired);

            // Earlier posts to the same account inside the platform's window: they used up the limit.
            const qint64 window = rateWindowMs(provider);
            const qint64 from = p.publishDate - window;
            const QList<int> &mine = s.postsOfIntegration(p.integrationId);
            auto it = std::lower_bound(mine.cbegin(), mine.cend(), from,
                                       [&](int idx, qint64 t) { return posts[size_t(idx)].publishDate < t; });
            QStringList earlier;
            for (; it != mine.cend() && posts[size_t(*it)].publishDate <= p.publishDate; ++it) {
                const Post &o = posts[size_t(*it)];
                if (o.id == p.id || o.isDeleted() || !o.isTopLevel())
                    continue;
                if (o.state == PostState::Published || o.state == PostState::Error)
                    earlier.append(o.id);
            }
            const QString who = integrationName(s, p.integrationId);
            if (earlier.isEmpty()) {
                f.firedSignals.append(QStringLiteral("no earlier post to %1 in the %2 before it (the limit may count "
                                                     "other apps or accounts of the same user)")
                                          .arg(who, duration(window)));
                f.summary = QStringLiteral("Post %1 to %2 (due %3) was refused by the platform for posting too often (%4).")
                                .arg(p.id, who, utc(p.publishDate), firstSignal);
            } else {
                f.firedSignals.append(QStringLiteral("%1 earlier post(s) to %2 in the %3 before it: %4")
                                          .arg(earlier.size())
                                          .arg(who, duration(window), earlier.join(QStringLiteral(", "))));
                f.summary = QStringLiteral("Post %1 to %2 (due %3) was refused by the platform for posting too often (%4) "
                                           "after %5 earlier post(s) to the same account within %6 (%7).")
                                .arg(p.id, who, utc(p.publishDate), firstSignal)
                                .arg(earlier.size())
                                .arg(duration(window), idList(earlier));
                f.posts.append(earlier.mid(0, 50));
            }
            const QString words = providerMessage(firstText);
            if (!words.isEmpty())
                f.firedSignals.append(QStringLiteral("the platform said: %1").arg(words.left(200)));
            f.fix = {QStringLiteral("Reschedule post %1 in Postiz: it is in ERROR and will not be retried by itself.").arg(p.id),
                     QStringLiteral("Spread posts to %1 out (X: 300 per 3 h, Instagram: about 1 per minute, LinkedIn: "
                                    "about 100 per day); the seed guide's workaround is a 1-minute gap between posts to "
                                    "the same integration.")
                         .arg(who),
                     QStringLiteral("If several accounts need the same content, post through different integrations "
                                    "rather than in a burst to one.")};
            f.verify = {sqlPost({p.id}), sqlErrorsOfPost(p.id),
                        sqlPostsOfIntegration(p.integrationId, from, p.publishDate)};
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeRateLimitedRule()
{
    return std::make_unique<RateLimitedRule>();
}

} // namespace postscope
