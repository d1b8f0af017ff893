#include "registry.h"
#include "rulesupport.h"

namespace postscope {

using namespace rulesupport;

namespace {

class MissingJobRule : public CatalogRule
{
public:
    MissingJobRule()
        : CatalogRule({
            QStringLiteral("missing-job"), Severity::Critical, QStringLiteral("Scheduled post has no job"),
            QStringLiteral("A live top-level QUEUE post has no job in Redis and the events stream shows no removal "
                           "or completion of one: it was never queued (e.g. its date was already past when it was "
                           "saved). Postiz's repair crons re-add such posts only inside their windows."),
            QStringLiteral("Reschedule the post (edit and save it with a future date)."),
        },
        NeedsRedis | NeedsPostgres,
        {QStringLiteral("Post.deletedAt"), QStringLiteral("Post.parentPostId")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const std::optional<qint64> cover = eventsCoverFrom(s);
        const qint64 window = c.thresholds.sameInstantMs;
        forEachJoblessQueued(s, c, [&](const Post &p, const JobHistory &h) {
            const qint64 saved = p.updatedAt.value_or(p.createdAt.value_or(0));
            QString history;
            QString endEvent;
            if (h.lastEnd >= 0) {
                const QueueEvent &end = s.events().at(size_t(h.lastEnd));
                // A removal by its own save that re-added nothing (date already past) is
                // ours; any other end of the job is explained by another rule (job-removed,
                // state-not-updated, the integration rules).
                const bool ownPastSave = end.event == QLatin1String("removed")
                    && std::llabs(saved - end.time) <= window && p.publishDate <= end.time;
                const bool savedAfterEnd = saved > end.time + window;
                if (!ownPastSave && !savedAfterEnd)
                    return;
                history = ownPastSave
                    ? QStringLiteral("its own save at %1 removed its job and added none: the date was already past")
                          .arg(utc(end.time))
                    : QStringLiteral("its job %1 at %2; the post was saved again at %3 without a new job")
                          .arg(end.event, utc(end.time), utc(saved));
                endEvent = end.streamId;
            } else if (h.eventCount > 0) {
                history = QStringLiteral("the events stream shows its job but no end of it: the job vanished "
                                         "without trace (eviction or a manual delete?)");
            } else if (cover && p.createdAt && *p.createdAt >= *cover) {
                history = QStringLiteral("no event at all for it although the events stream covers its creation "
                                         "(%1): it was never queued")
                              .arg(utc(*p.createdAt));
            } else if (cover || s.mainQueue()->eventsRead > 0) {
                history = QStringLiteral("no event for it, but the events stream only reaches back to %1, after its "
                                         "creation: whether it was ever queued is unknown")
                              .arg(cover ? utc(*cover) : QStringLiteral("an unknown time"));
            } else {
                history = QStringLiteral("the events stream is empty: whether it was ever queued is unknown");
            }

            Finding f = makeFinding(info());
            const qint64 until = p.publishDate - c.now;
            if (until > c.thresholds.repairCronHorizonMs)
                f.severity = Severity::Warning;
            f.posts << p.id;
            f.integrations << p.integrationId;
            if (!endEvent.isEmpty())
                f.events << endEvent;

            // What Postiz's repair crons would do (domain.md): hourly for posts due in the
            // next 3 h, every 16 min for posts 15–30 min overdue.
            QString cron;
            if (until > c.thresholds.repairCronHorizonMs)
                cron = QStringLiteral("it is due in %1, beyond the hourly repair cron's 3 h horizon, which may still "
                                      "add it")
                           .arg(duration(until));
            else if (until > 0 && saved && c.now - saved > 60 * 60 * 1000)
                cron = QStringLiteral("it is due in %1 and was saved %2 ago: the hourly repair cron should already "
                                      "have re-added it, so that cron is not running either")
                           .arg(duration(until), duration(c.now - saved));
            else if (until > 0)
                cron = QStringLiteral("it is due in %1: the hourly repair cron may still re-add it").arg(duration(until));
            else if (-until < 15 * 60 * 1000)
                cron = QStringLiteral("it is %1 overdue: the 16-minute repair cron re-adds posts 15–30 min overdue")
                           .arg(duration(-until));
            else if (-until <= 30 * 60 * 1000)
                cron = QStringLiteral("it is %1 overdue, inside the 16-minute repair cron's window (15–30 min)")
                           .arg(duration(-until));
            else
                cron = QStringLiteral("it is %1 overdue, past both repair crons' windows: it will not go out on its "
                                      "own")
                           .arg(duration(-until));

            const QString name = integrationName(s, p.integrationId);
            if (until > 0)
                f.summary = QStringLiteral("Post %1 (%2, due %3) has no job in the queue, so it will not go out "
                                           "unless a repair cron adds one.")
                                .arg(p.id, name, utc(p.publishDate));
            else
                f.summary = QStringLiteral("Post %1 (%2, due %3) was never published because it has no job in the "
                                           "queue.")
                                .arg(p.id, name, utc(p.publishDate));
            f.firedSignals << QStringLiteral("post %1 is QUEUE, not deleted, top-level").arg(p.id)
                           << QStringLiteral("no job %1 in any state").arg(p.id) << history;
            if (p.createdAt && p.publishDate <= *p.createdAt)
                f.firedSignals << QStringLiteral("its date %1 was already past when it was created at %2: Postiz "
                                                 "adds no job then")
                                      .arg(utc(p.publishDate), utc(*p.createdAt));
            f.firedSignals << cron;
            f.fix << QStringLiteral("Reschedule post %1: open it in Postiz and save it with a future date (a save "
                                    "with a past date adds no job).")
                         .arg(p.id)
                  << QStringLiteral("Check that Postiz's workers/cron service runs (the repair crons re-add missing "
                                    "jobs).");
            f.verify << sqlPost({p.id}) << redisJob(s, p.id) << redisDelayedScore(s, p.id) << redisEvents(s);
            out.findings.push_back(std::move(f));
        });
    }
};

} // namespace

RulePtr makeMissingJobRule() { return std::make_unique<MissingJobRule>(); }

} // namespace postscope
