#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class StateNotUpdatedRule : public CatalogRule
{
public:
    StateNotUpdatedRule()
        : CatalogRule({
            QStringLiteral("state-not-updated"), Severity::Critical, QStringLiteral("Published but still QUEUE"),
            QStringLiteral("The events stream shows the post's job completed, its integration is healthy, yet the "
                           "post is still QUEUE (or it has a releaseURL but state QUEUE): it was probably "
                           "published but the database update was lost."),
            QStringLiteral("Check the platform for the post; set the state by hand in Postiz if it went out."),
        }, NeedsPostgres, {QStringLiteral("Post.deletedAt"), QStringLiteral("Post.releaseURL")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const bool haveRedis = redisUnavailable(s).isEmpty();
        const qint64 window = c.thresholds.sameInstantMs;
        // Without a release URL: no pending job (the normal case has one, so that is tested
        // first) on a channel the worker does not skip.
        auto jobGoneOnHealthyChannel = [&](const Post &p) {
            if (!haveRedis || pendingJobForPost(s, p.id))
                return false;
            const Integration *in = s.integration(p.integrationId);
            return in && !in->disabled && !in->refreshNeeded && !in->deletedAt;
        };
        const auto index = RuleIndex::of(s, c);
        for (int row : index->liveQueued()) {
            const Post &p = s.posts()[size_t(row)];
            if (!p.inWindow || (p.releaseURL.isEmpty() && !jobGoneOnHealthyChannel(p)))
                continue;
            Finding f = makeFinding(info());
            if (!p.releaseURL.isEmpty()) {
                f.summary = QStringLiteral("Post %1 (%2, due %3) has a release URL (%4) but is still QUEUE: it went "
                                           "out, and the database update was lost.")
                                .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), p.releaseURL);
                f.firedSignals << QStringLiteral("\"releaseURL\" = %1 while state = QUEUE").arg(p.releaseURL);
            } else {
                const JobHistory h = jobHistory(s, p.id);
                if (h.lastCompleted < 0 || h.lastEnd != h.lastCompleted)
                    continue;
                const QueueEvent &done = s.events().at(size_t(h.lastCompleted));
                const qint64 saved = p.updatedAt.value_or(0);
                if (saved > done.time + window)
                    continue; // saved again after the run: a new scheduling, not this one
                f.events << done.streamId;
                f.jobs << p.id;
                f.summary = QStringLiteral("Post %1 (%2, due %3) was processed at %4 but is still QUEUE: it was "
                                           "probably published and the database update failed.")
                                .arg(p.id, integrationName(s, p.integrationId), utc(p.publishDate), utc(done.time));
                f.firedSignals << QStringLiteral("events stream: job %1 `completed` at %2 (%3)")
                                      .arg(p.id, utc(done.time), done.streamId)
                               << QStringLiteral("the post is still QUEUE with no \"releaseURL\" and no pending job")
                               << QStringLiteral("integration %1 is enabled and needs no refresh, so the worker did "
                                                 "not skip it")
                                      .arg(integrationName(s, p.integrationId));
                f.verify << redisEvents(s) << redisJob(s, p.id);
            }
            f.posts << p.id;
            f.integrations << p.integrationId;
            f.fix << QStringLiteral("Check %1 for the post; if it is there, mark post %2 as published so it is not "
                                    "re-sent by the repair cron.")
                         .arg(integrationName(s, p.integrationId), p.id)
                  << QStringLiteral("Look in the worker's log for \"Failed to update post state after successful "
                                    "publish\" and fix the database connection it reports.");
            f.verify.prepend(sqlPost({p.id}));
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeStateNotUpdatedRule() { return std::make_unique<StateNotUpdatedRule>(); }

} // namespace postscope
