#include "registry.h"
#include "rulesupport.h"

#include <QSet>

#include <algorithm>

namespace postscope {

namespace {

using namespace rulesupport;

// Bottleneck's job expiry in Postiz's per-provider limiter.
constexpr qint64 kLimiterExpiryMs = 60 * 1000;

class LimiterBacklogRule : public CatalogRule
{
public:
    LimiterBacklogRule()
        : CatalogRule({
            QStringLiteral("limiter-backlog"), Severity::Warning,
            QStringLiteral("Failed waiting behind another post to the same platform"),
            QStringLiteral("Postiz publishes to one provider one post at a time, at least 1 s apart, through a limiter "
                           "in Redis (keys b_<provider>-concurrency-new_*) whose jobs expire after 60 s. This post "
                           "failed with the limiter's timeout while another post to the same provider was running."),
            QStringLiteral("Space posts to the same platform out, then reschedule the failed one."),
        }, NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const auto &posts = s.posts();
        const auto &events = s.events();
        // When a post ran: its job's first `active` event, else the time its state last changed.
        auto ranAt = [&](const Post &p) -> qint64 {
            for (int e : s.eventsForJob(p.id)) {
                if (events[size_t(e)].event == QLatin1String("active"))
                    return events[size_t(e)].time;
            }
            return p.updatedAt.value_or(p.publishDate);
        };
        auto providerOf = [&](const Post &p) {
            const Integration *in = s.integration(p.integrationId);
            return in ? in->providerIdentifier : QString();
        };

        // Limiter timeouts first (ERROR posts are few); the run times of the providers
        // involved are indexed only when there is one.
        const auto logIndex = logLinesByPost(s);
        std::vector<std::pair<int, qint64>> timeouts; // post index, failure time
        QSet<QString> providers;
        const auto index = RuleIndex::of(s, c);
        for (int i : index->errored()) {
            const Post &p = posts[size_t(i)];
            if (p.isDeleted() || !p.isTopLevel())
                continue;
            const QString provider = providerOf(p);
            if (provider.isEmpty())
                continue;
            bool limiter = false;
            for (const FailureText &t : failureTexts(s, p, logIndex))
                limiter = limiter || (providerErrorClass(t.text) == QLatin1String("limiter")
                                      && rateLimitSignal(t.text, provider).isEmpty());
            if (!limiter)
                continue;
            std::optional<qint64> failedAt;
            for (int e : s.errorsForPost(p.id)) {
                if (s.errors()[size_t(e)].createdAt)
                    failedAt = s.errors()[size_t(e)].createdAt;
            }
            timeouts.push_back({i, failedAt.value_or(p.updatedAt.value_or(p.publishDate))});
            providers.insert(provider);
        }
        if (timeouts.empty())
            return;

        // Posts that went through those providers' limiters (published or failed), by run time.
        QHash<QString, std::vector<std::pair<qint64, int>>> ran;
        for (const Integration &in : s.integrations()) {
            if (!providers.contains(in.providerIdentifier))
                continue;
            auto &list = ran[in.providerIdentifier];
            for (int idx : s.postsOfIntegration(in.id)) {
                const Post &p = posts[size_t(idx)];
                if (p.isDeleted() || !p.isTopLevel())
                    continue;
                if (p.state == PostState::Published || p.state == PostState::Error)
                    list.push_back({ranAt(p), idx});
            }
        }
        for (auto &list : ran)
            std::sort(list.begin(), list.end());

        for (const auto &[idx, failedAt] : timeouts) {
            const Post &p = posts[size_t(idx)];
            const QString provider = providerOf(p);
            const auto &list = ran[provider];
            // Another post of the provider that ran in the minute before the failure (or at it).
            auto it = std::lower_bound(list.begin(), list.end(), std::pair<qint64, int>{failedAt - kLimiterExpiryMs, -1});
            QStringList others;
            QStringList otherSignals;
            for (; it != list.end() && it->first <= failedAt; ++it) {
                if (it->second == idx)
                    continue;
                const Post &o = posts[size_t(it->second)];
                others.append(o.id);
                otherSignals.append(QStringLiteral("post %1 (%2, %3) ran at %4, %5 before the failure")
                                        .arg(o.id, integrationName(s, o.integrationId), toString(o.state),
                                             utc(it->first), duration(failedAt - it->first)));
            }
            if (others.isEmpty())
                continue;
            const QString who = integrationName(s, p.integrationId);
            Finding f = makeFinding(info());
            f.posts.append(p.id);
            f.posts.append(others);
            f.integrations.append(p.integrationId);
            for (const QString &o : std::as_const(others)) {
                const Post *op = s.post(o);
                if (op && !f.integrations.contains(op->integrationId))
                    f.integrations.append(op->integrationId);
            }
            f.summary = QStringLiteral("Post %1 to %2 failed at %3 with Postiz's limiter timeout (\"Something is wrong "
                                       "with %4\") while %5 to %4 was running in the minute before.")
                            .arg(p.id, who, utc(failedAt), provider,
                                 others.size() == 1 ? QStringLiteral("post ") + others.first()
                                                    : QStringLiteral("posts ") + idList(others));
            f.firedSignals.append(QStringLiteral("post %1 is ERROR with a limiter timeout").arg(p.id));
            f.firedSignals.append(otherSignals);
            f.firedSignals.append(QStringLiteral("the limiter runs one %1 post at a time, 1 s apart, and drops a "
                                                 "waiting one after 60 s")
                                      .arg(provider));
            f.fix = {QStringLiteral("Reschedule post %1.").arg(p.id),
                     QStringLiteral("Leave more time between posts to %1 accounts (the seed guide's 1-minute gap "
                                    "helps), especially after posts with large media that upload slowly.")
                         .arg(provider)};
            QStringList all = others;
            all.prepend(p.id);
            f.verify = {sqlPost(all), sqlErrorsOfPost(p.id),
                        QStringLiteral("SCAN 0 MATCH b_%1-concurrency-new_* COUNT 1000").arg(provider)};
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeLimiterBacklogRule()
{
    return std::make_unique<LimiterBacklogRule>();
}

} // namespace postscope
