#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class NearSimultaneousRule : public CatalogRule
{
public:
    NearSimultaneousRule()
        : CatalogRule({
            QStringLiteral("near-simultaneous"), Severity::Info, QStringLiteral("Posts close together"),
            QStringLiteral("Live top-level posts of one integration within a minute of each other, not all already "
                           "published: the seed's exact scenario. Not a fault by itself; compare them when one goes "
                           "missing."),
            QStringLiteral("Leave at least a minute between posts to one integration."),
        }, NeedsPostgres, {QStringLiteral("Post.deletedAt"), QStringLiteral("Post.parentPostId")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        for (const std::vector<int> &run : scheduledRuns(*RuleIndex::of(s, c), c.thresholds.nearSimultaneousMs)) {
            // Posts that all went out already need no comparing.
            bool open = false;
            for (int r : run)
                open = open || s.posts().at(size_t(r)).state != PostState::Published;
            if (!open)
                continue;
            const Post &first = s.posts().at(size_t(run.front()));
            const Post &last = s.posts().at(size_t(run.back()));
            Finding f = makeFinding(info());
            QStringList labels;
            for (int r : run) {
                const Post &p = s.posts().at(size_t(r));
                f.posts << p.id;
                labels << QStringLiteral("%1 at %2 (%3)").arg(p.id, utc(p.publishDate), toString(p.state));
            }
            f.integrations << first.integrationId;
            f.summary = QStringLiteral("%1 posts to %2 are scheduled within %3 of each other (%4 to %5).")
                            .arg(run.size())
                            .arg(integrationName(s, first.integrationId), duration(last.publishDate - first.publishDate),
                                 utc(first.publishDate), utc(last.publishDate));
            f.firedSignals << QStringLiteral("consecutive publishDates at most %1 apart")
                                  .arg(duration(c.thresholds.nearSimultaneousMs))
                           << labels;
            f.fix << QStringLiteral("If one of them did not go out, compare the two (jobs, events, states): this is "
                                    "the seed's scenario.")
                  << QStringLiteral("Leave at least a minute between posts to one integration.");
            f.verify << sqlPostsOfIntegration(first.integrationId, first.publishDate, last.publishDate);
            for (const QString &id : f.posts)
                f.verify << redisJob(s, id);
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeNearSimultaneousRule() { return std::make_unique<NearSimultaneousRule>(); }

} // namespace postscope
