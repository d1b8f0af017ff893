#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class DuplicateTimeSlotRule : public CatalogRule
{
public:
    DuplicateTimeSlotRule()
        : CatalogRule({
            QStringLiteral("duplicate-time-slot"), Severity::Warning, QStringLiteral("Two posts in one time slot"),
            QStringLiteral("Two or more live top-level posts of one integration share the same publishDate: the "
                           "race the seed's transaction fix addressed, and platforms may refuse the second."),
            QStringLiteral("Move one of them by a minute or more."),
        }, NeedsPostgres, {QStringLiteral("Post.deletedAt"), QStringLiteral("Post.parentPostId")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        for (const std::vector<int> &run : scheduledRuns(*RuleIndex::of(s, c), 0)) {
            const Post &first = s.posts().at(size_t(run.front()));
            Finding f = makeFinding(info());
            QStringList ids;
            for (int r : run)
                ids << s.posts().at(size_t(r)).id;
            f.posts = ids;
            f.integrations << first.integrationId;
            f.summary = QStringLiteral("%1 posts to %2 are scheduled for the same instant %3 (%4).")
                            .arg(run.size())
                            .arg(integrationName(s, first.integrationId), utc(first.publishDate),
                                 ids.join(QStringLiteral(", ")));
            f.firedSignals << QStringLiteral("%1 live top-level posts of integration %2 with publishDate %3")
                                  .arg(run.size())
                                  .arg(first.integrationId, utc(first.publishDate));
            for (int r : run) {
                const Post &p = s.posts().at(size_t(r));
                f.firedSignals << QStringLiteral("%1: %2, created %3")
                                      .arg(p.id, toString(p.state),
                                           p.createdAt ? utc(*p.createdAt) : QStringLiteral("at an unknown time"));
            }
            f.fix << QStringLiteral("Move all but one of them by at least a minute (the seed guide's 1-minute gap).")
                  << QStringLiteral("Check that each went out once after the slot has passed.");
            f.verify << sqlPost(ids)
                     << sqlPostsOfIntegration(first.integrationId, first.publishDate - 60'000,
                                              first.publishDate + 60'000);
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeDuplicateTimeSlotRule() { return std::make_unique<DuplicateTimeSlotRule>(); }

} // namespace postscope
