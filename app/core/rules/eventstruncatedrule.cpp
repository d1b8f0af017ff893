#include "registry.h"
#include "rulesupport.h"

#include <algorithm>

namespace postscope {

namespace {

using namespace rulesupport;

// Without evidence that the stream hit its cap, a post created just before the first
// event (Postiz inserts the row, then adds the job) is not lost history.
constexpr qint64 kUncappedMarginMs = 60 * 1000;
constexpr qint64 kBullmqDefaultMaxLenEvents = 10000;

class EventsTruncatedRule : public CatalogRule
{
public:
    EventsTruncatedRule()
        : CatalogRule({
            QStringLiteral("events-truncated"), Severity::Info, QStringLiteral("Queue history is incomplete"),
            QStringLiteral("The oldest entry of the events stream is newer than posts in scope: the stream is capped "
                           "near opts.maxLenEvents, so earlier history is gone and a missing event before that time "
                           "proves nothing."),
            QStringLiteral("Judge older posts by the database and the job hashes only; raise maxLenEvents to keep "
                           "more history."),
        }, NeedsRedis | NeedsPostgres, {QStringLiteral("Post.createdAt")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const QueueInfo *q = s.mainQueue();
        if (!q->hasAnyKey)
            return; // no-queue-data's case
        const std::optional<qint64> cover = eventsCoverFrom(s);
        const qint64 maxLen = q->maxLenEvents.value_or(kBullmqDefaultMaxLenEvents);
        const bool capped = q->eventsTruncatedByCapture || (maxLen > 0 && q->eventsLength >= maxLen);
        // Entries of the stream are all read and none is older than the posts: nothing to say.
        const qint64 boundary = cover ? *cover - (capped ? 0 : kUncappedMarginMs) : std::numeric_limits<qint64>::max();

        // Count by difference: posts created before the boundary, minus those of them that
        // still have an event (found from the stream's ≤ maxLen entries, not per post).
        QStringList gone;
        int before = 0;
        qint64 oldestCreated = std::numeric_limits<qint64>::max();
        std::vector<int> candidates;
        const auto &posts = s.posts();
        for (int i = 0; i < int(posts.size()); ++i) {
            const Post &p = posts[size_t(i)];
            if (!p.isTopLevel() || !p.createdAt)
                continue;
            oldestCreated = std::min(oldestCreated, *p.createdAt);
            if (*p.createdAt < boundary) {
                ++before;
                candidates.push_back(i);
            }
        }
        int withEvents = 0;
        if (before > 0) {
            const auto index = RuleIndex::of(s, c);
            for (int first : index->firstEventOfJobs()) {
                const QueueEvent &e = s.events()[size_t(first)];
                const Post *p = s.post(e.jobId);
                if (p && p->isTopLevel() && p->createdAt && *p->createdAt < boundary)
                    ++withEvents;
            }
            // Examples (the lookups stop once 20 are found: at most withEvents + 20 of them).
            for (int i : candidates) {
                if (gone.size() >= 20)
                    break;
                if (s.eventsForJob(posts[size_t(i)].id).isEmpty())
                    gone.append(posts[size_t(i)].id);
            }
        }
        const int total = before - withEvents;
        if (total == 0)
            return;
        const QString events = key(s, QStringLiteral("events"));
        Finding f = makeFinding(info());
        f.posts = gone;
        f.summary = cover
            ? QStringLiteral("The events stream %1 only reaches back to %2, so the queue history of %3 post(s) created "
                             "before then (the oldest on %4) is gone, and a missing event for them proves nothing.")
                  .arg(events, utc(*cover))
                  .arg(total)
                  .arg(utc(oldestCreated))
            : QStringLiteral("The events stream %1 holds no entry, so the queue history of %2 post(s) (created since %3) "
                             "is gone, and a missing event proves nothing.")
                  .arg(events)
                  .arg(total)
                  .arg(utc(oldestCreated));
        if (cover)
            f.firedSignals.append(QStringLiteral("oldest event read: %1; oldest post created: %2")
                                      .arg(utc(*cover), utc(oldestCreated)));
        f.firedSignals.append(QStringLiteral("XLEN %1 = %2, opts.maxLenEvents = %3%4")
                                  .arg(events)
                                  .arg(q->eventsLength)
                                  .arg(maxLen)
                                  .arg(q->maxLenEvents ? QString() : QStringLiteral(" (BullMQ's default)")));
        if (q->eventsTruncatedByCapture)
            f.firedSignals.append(QStringLiteral("postscope read only the newest %1 entries of %2")
                                      .arg(q->eventsRead)
                                      .arg(q->eventsLength));
        else if (capped)
            f.firedSignals.append(QStringLiteral("the stream is at its cap: BullMQ trims the oldest entries on every add"));
        else
            f.firedSignals.append(QStringLiteral("the stream is below its cap, yet younger than these posts: it was "
                                                 "trimmed, flushed or recreated"));
        f.firedSignals.append(QStringLiteral("%1 top-level post(s) created before that have no event left (e.g. %2)")
                                  .arg(total)
                                  .arg(idList(gone, 5)));
        f.fix = {QStringLiteral("Judge posts created before %1 by PostgreSQL and the job hashes only.")
                     .arg(cover ? utc(*cover) : QStringLiteral("now")),
                 QStringLiteral("To keep more history, create the queue with a larger streams.events.maxLen "
                                "(opts.maxLenEvents)."),
                 QStringLiteral("Capture sooner after an incident: the stream keeps only the newest entries.")};
        f.verify = {QStringLiteral("XLEN %1").arg(events), QStringLiteral("XRANGE %1 - + COUNT 1").arg(events),
                    QStringLiteral("HGET %1 opts.maxLenEvents").arg(key(s, QStringLiteral("meta")))};
        out.findings.push_back(std::move(f));
    }
};

} // namespace

RulePtr makeEventsTruncatedRule()
{
    return std::make_unique<EventsTruncatedRule>();
}

} // namespace postscope
