#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

struct PlatformLimit {
    QString platform;
    int maxPosts = 0;
    qint64 windowMs = 0;
    QString wording;
};

// The seed guide's known limits (section D). Facebook varies by page: no rule.
std::optional<PlatformLimit> limitFor(const QString &provider)
{
    const QString p = provider.toLower();
    if (p == QLatin1String("x") || p == QLatin1String("twitter"))
        return PlatformLimit{QStringLiteral("X"), 300, 3LL * 3600 * 1000, QStringLiteral("300 posts per 3 h")};
    if (p.startsWith(QLatin1String("instagram")))
        return PlatformLimit{QStringLiteral("Instagram"), 1, 60LL * 1000, QStringLiteral("about 1 post per minute")};
    if (p.startsWith(QLatin1String("linkedin")))
        return PlatformLimit{QStringLiteral("LinkedIn"), 100, 24LL * 3600 * 1000, QStringLiteral("about 100 posts per day")};
    return std::nullopt;
}

class RateLimitRiskRule : public CatalogRule
{
public:
    RateLimitRiskRule()
        : CatalogRule({
            QStringLiteral("rate-limit-risk"), Severity::Warning, QStringLiteral("Posts denser than the platform allows"),
            QStringLiteral("More posts to one account fall inside the platform's window than its known limit: X 300 "
                           "per 3 h, Instagram about 1 per minute, LinkedIn about 100 per day."),
            QStringLiteral("Spread the posts out; the seed guide's workaround is a 1-minute gap between posts to one "
                           "integration."),
        }, NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const auto &posts = s.posts();
        const auto index = RuleIndex::of(s, c);
        std::vector<int> counted;
        for (const Integration &in : s.integrations()) {
            const auto limit = limitFor(in.providerIdentifier);
            if (!limit)
                continue;
            // Posts that go out (or went out): live, top-level, QUEUE or PUBLISHED, by publishDate.
            counted.clear();
            if (const int lane = index->laneOf(in.id); lane >= 0) {
                for (int idx : index->laneRows(lane)) {
                    const PostState state = index->state(idx);
                    if (state == PostState::Queue || state == PostState::Published)
                        counted.push_back(idx);
                }
            }
            // Sliding window: every post j with the posts i.. in (t_j − window, t_j]; O(n).
            std::vector<bool> involved(counted.size(), false);
            size_t i = 0;
            size_t markedTo = 0; // positions < markedTo are already marked
            size_t bestFrom = 0, bestTo = 0, best = 0;
            for (size_t j = 0; j < counted.size(); ++j) {
                const qint64 tj = index->publishDate(counted[j]);
                while (tj - index->publishDate(counted[i]) >= limit->windowMs)
                    ++i;
                const size_t n = j - i + 1;
                if (n > size_t(limit->maxPosts)) {
                    for (size_t k = std::max(i, markedTo); k <= j; ++k)
                        involved[k] = true;
                    markedTo = j + 1;
                    if (n > best) {
                        best = n;
                        bestFrom = i;
                        bestTo = j;
                    }
                }
            }
            if (best == 0)
                continue;
            QStringList ids;
            bool anyPending = false;
            for (size_t k = 0; k < counted.size(); ++k) {
                if (!involved[k])
                    continue;
                const Post &p = posts[size_t(counted[k])];
                ids.append(p.id);
                anyPending = anyPending || p.state == PostState::Queue;
            }
            if (!anyPending)
                continue; // only history: rate-limited judges what already failed
            const Post &first = posts[size_t(counted[bestFrom])];
            const Post &last = posts[size_t(counted[bestTo])];
            const QString who = integrationName(s, in.id);
            Finding f = makeFinding(info());
            f.posts = ids;
            f.integrations.append(in.id);
            f.summary = QStringLiteral("%1 posts to %2 fall within %3 (%4 to %5), more than %6's limit of %7, so the "
                                       "platform is likely to refuse some of them.")
                            .arg(best)
                            .arg(who, duration(limit->windowMs), utc(first.publishDate), utc(last.publishDate), limit->platform, limit->wording);
            f.firedSignals = {
                QStringLiteral("%1 allows %2 (window %3)").arg(limit->platform, limit->wording, duration(limit->windowMs)),
                QStringLiteral("densest window: %1 posts from %2 to %3").arg(best).arg(utc(first.publishDate), utc(last.publishDate)),
                QStringLiteral("%1 post(s) of %2 are inside an over-limit window: %3 (counted: live top-level posts in "
                               "QUEUE or PUBLISHED)")
                    .arg(ids.size())
                    .arg(who, idList(ids, 10))};
            f.fix = {QStringLiteral("Spread the posts to %1 out so that no %2 holds more than %3; the seed guide's "
                                    "workaround is at least a 1-minute gap between posts to the same integration.")
                         .arg(who, duration(limit->windowMs))
                         .arg(limit->maxPosts),
                     QStringLiteral("Or post through different integrations when several accounts need the content.")};
            f.verify = {sqlPostsOfIntegration(in.id, first.publishDate, last.publishDate)};
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeRateLimitRiskRule()
{
    return std::make_unique<RateLimitRiskRule>();
}

} // namespace postscope
