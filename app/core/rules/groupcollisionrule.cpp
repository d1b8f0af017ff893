#include "registry.h"
#include "rulesupport.h"

#include <algorithm>

namespace postscope {

using namespace rulesupport;

namespace {

// Seed cause B: a create/update request carried another post's `group`, so Postiz
// soft-deleted every row of that group (and removed the previous post's job) at the
// instant it saved the new post.
class GroupCollisionRule : public CatalogRule
{
public:
    GroupCollisionRule()
        : CatalogRule({
            QStringLiteral("group-collision"), Severity::Critical, QStringLiteral("Saving one post deleted another"),
            QStringLiteral("A scheduled, never published post was soft-deleted at the instant another post of the "
                           "organisation was created, and its job was removed: the request that created the new "
                           "post reused the old post's group. Or two live top-level posts share one group."),
            QStringLiteral("Recreate the deleted post; make the API client send no group (or a fresh one) when "
                           "creating posts."),
        },
        NeedsPostgres,
        {QStringLiteral("Post.deletedAt"), QStringLiteral("Post.group"), QStringLiteral("Post.createdAt")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const bool haveRedis = redisUnavailable(s).isEmpty();
        const qint64 window = c.thresholds.sameInstantMs;
        const auto index = RuleIndex::of(s, c);
        const auto &posts = s.posts();

        // Scheduled, never published posts that were deleted; and the live top-level posts
        // with a group, to find groups that several of them share.
        std::vector<int> deleted;
        std::vector<int> grouped;
        grouped.reserve(posts.size());
        for (int i = 0; i < int(posts.size()); ++i) {
            const Post &p = posts[size_t(i)];
            if (index->isLiveTopLevel(i)) {
                if (!p.group.isEmpty())
                    grouped.push_back(i);
            } else if (p.deletedAt && index->state(i) == PostState::Queue && p.releaseURL.isEmpty() && p.inWindow) {
                deleted.push_back(i);
            }
        }
        // Creations of top-level posts, sorted, to find the one at a deletion instant; only
        // made when there is a deletion to explain.
        std::vector<std::pair<qint64, int>> created;
        bool createdSorted = false;
        auto creations = [&]() -> const std::vector<std::pair<qint64, int>> & {
            if (!createdSorted) {
                createdSorted = true;
                for (int i = 0; i < int(posts.size()); ++i) {
                    const Post &p = posts[size_t(i)];
                    if (p.createdAt && p.isTopLevel())
                        created.emplace_back(*p.createdAt, i);
                }
                std::sort(created.begin(), created.end());
            }
            return created;
        };

        for (int row : deleted) {
            const Post &d = posts[size_t(row)];
            // A plain delete in Postiz leaves the job in place (orphan-job); the group
            // collision removes it.
            if (haveRedis && pendingJobForPost(s, d.id))
                continue;
            const qint64 t = *d.deletedAt;
            const Post *best = nullptr;
            qint64 bestGap = window + 1;
            QString bestHow;
            // Strongest: Postiz removed the deleted post's job and added the new post's
            // job right after it, so the `added` that follows the removal names the saver.
            if (haveRedis) {
                const JobHistory h = jobHistory(s, d.id);
                if (h.lastRemoved >= 0 && std::llabs(s.events().at(size_t(h.lastRemoved)).time - t) <= window) {
                    const QueueEvent &removed = s.events().at(size_t(h.lastRemoved));
                    for (size_t i = size_t(h.lastRemoved) + 1; i < s.events().size(); ++i) {
                        const QueueEvent &e = s.events()[i];
                        if (e.time > removed.time + window)
                            break;
                        if (e.queue != s.scope().queue || e.event != QLatin1String("added") || e.jobId == d.id)
                            continue;
                        const Post *n = s.post(e.jobId);
                        if (n && n->organizationId == d.organizationId && n->group != d.group && n->createdAt) {
                            best = n;
                            bestGap = std::llabs(*n->createdAt - t);
                            bestHow = QStringLiteral("the next `added` event after that removal (%1) is the job of "
                                                     "post %2")
                                          .arg(e.streamId, n->id);
                            break;
                        }
                    }
                }
            }
            // Otherwise the closest creation of a new top-level post in the organisation.
            if (!best) {
                bestGap = window + 1;
                const auto &byTime = creations();
                for (auto c2 = std::lower_bound(byTime.begin(), byTime.end(), std::make_pair(t - window, -1));
                     c2 != byTime.end() && c2->first <= t + window; ++c2) {
                    const Post &n = posts[size_t(c2->second)];
                    if (n.id == d.id || n.organizationId != d.organizationId || n.group == d.group
                        || (d.createdAt && n.createdAt <= d.createdAt))
                        continue;
                    const qint64 gap = std::llabs(c2->first - t);
                    if (gap < bestGap) {
                        bestGap = gap;
                        best = &n;
                    }
                }
            }
            if (!best)
                continue;
            Finding f = makeFinding(info());
            f.posts << d.id << best->id;
            f.integrations << d.integrationId;
            if (best->integrationId != d.integrationId)
                f.integrations << best->integrationId;
            f.summary = QStringLiteral("Saving post %1 (%2, due %3) at %4 deleted post %5 (%6, due %7), which "
                                       "was still scheduled: the request reused that post's group.")
                            .arg(best->id, integrationName(s, best->integrationId), utc(best->publishDate),
                                 utc(*best->createdAt), d.id, integrationName(s, d.integrationId),
                                 utc(d.publishDate));
            f.firedSignals << QStringLiteral("post %1 was soft-deleted at %2 while QUEUE, never published")
                                  .arg(d.id, utc(t))
                           << QStringLiteral("post %1 of the same organisation was created %2 from that deletion")
                                  .arg(best->id, duration(bestGap));
            if (!bestHow.isEmpty())
                f.firedSignals << bestHow;
            if (haveRedis) {
                f.firedSignals << QStringLiteral("no pending job for %1 (a plain delete in Postiz leaves the job)")
                                      .arg(d.id);
                const JobHistory h = jobHistory(s, d.id);
                if (h.lastRemoved >= 0) {
                    const QueueEvent &e = s.events().at(size_t(h.lastRemoved));
                    f.events << e.streamId;
                    f.jobs << d.id;
                    f.firedSignals << QStringLiteral("events stream: its job was removed at %1 (%2)")
                                          .arg(utc(e.time), e.streamId);
                }
            } else {
                f.firedSignals << QStringLiteral("Redis was not read: whether its job was removed is unknown");
            }
            f.fix << QStringLiteral("Recreate post %1 (it is soft-deleted and will not be published).").arg(d.id)
                  << QStringLiteral("Fix the client that created post %1: a create request must not carry an "
                                    "existing group (send none, Postiz makes a fresh one).")
                         .arg(best->id)
                  << QStringLiteral("Check the API's logged rawBody for the group of both requests (seed guide, "
                                    "cause B).");
            f.verify << sqlPost({d.id, best->id})
                     << QStringLiteral("SELECT id, \"group\", \"createdAt\", \"deletedAt\" FROM \"Post\" WHERE \"group\" "
                                       "IN (SELECT \"group\" FROM \"Post\" WHERE id IN ('%1', '%2'));")
                            .arg(d.id, best->id);
            if (haveRedis)
                f.verify << redisJob(s, d.id) << redisEvents(s);
            out.findings.push_back(std::move(f));
        }

        // Two live top-level posts in one group: the next edit of either deletes both.
        const auto groupOf = [&](int row) -> const QString & { return posts[size_t(row)].group; };
        for (std::vector<int> &rows : equalTexts(grouped, groupOf)) {
            const QString &group = posts[size_t(rows.front())].group;
            std::sort(rows.begin(), rows.end(), [&](int a, int b) {
                return std::make_pair(posts[size_t(a)].publishDate, posts[size_t(a)].id)
                    < std::make_pair(posts[size_t(b)].publishDate, posts[size_t(b)].id);
            });
            bool anyInWindow = false;
            for (int r : rows)
                anyInWindow = anyInWindow || posts[size_t(r)].inWindow;
            if (!anyInWindow)
                continue;
            Finding f = makeFinding(info());
            QStringList labels;
            for (int r : rows) {
                const Post &p = posts[size_t(r)];
                f.posts << p.id;
                if (!f.integrations.contains(p.integrationId))
                    f.integrations << p.integrationId;
                labels << postLabel(s, p);
            }
            f.summary = QStringLiteral("%1 live posts share the group %2 (%3): saving any of them will delete the "
                                       "others.")
                            .arg(rows.size())
                            .arg(group, labels.join(QStringLiteral("; ")));
            f.firedSignals << QStringLiteral("%1 live top-level rows with \"group\" = %2").arg(rows.size()).arg(group)
                           << QStringLiteral("Postiz gives every create/update call a new group; an edit "
                                             "soft-deletes every row of the group it carries");
            f.fix << QStringLiteral("Give each post its own group (or recreate all but one of them).")
                  << QStringLiteral("Fix the client that sends an existing group when creating posts.");
            f.verify << QStringLiteral("SELECT id, \"integrationId\", \"publishDate\", state, \"createdAt\" FROM \"Post\" "
                                       "WHERE \"group\" = '%1' AND \"deletedAt\" IS NULL;")
                            .arg(QString(group).replace(QLatin1Char('\''), QStringLiteral("''")));
            out.findings.push_back(std::move(f));
        }
        std::sort(out.findings.begin(), out.findings.end(),
                  [](const Finding &a, const Finding &b) { return a.posts < b.posts; });
    }
};

} // namespace

RulePtr makeGroupCollisionRule() { return std::make_unique<GroupCollisionRule>(); }

} // namespace postscope
