#include "registry.h"
#include "rulesupport.h"

#include <algorithm>

namespace postscope {

using namespace rulesupport;

namespace {

class DuplicateContentRule : public CatalogRule
{
public:
    DuplicateContentRule()
        : CatalogRule({
            QStringLiteral("duplicate-content"), Severity::Warning, QStringLiteral("Same content twice within a day"),
            QStringLiteral("Two live posts to one integration carry the same content within 24 h; platforms "
                           "reject repeated content (critical when the later one already failed)."),
            QStringLiteral("Change the wording of the later post or move it further apart."),
        }, NeedsPostgres, {QStringLiteral("Post.content"), QStringLiteral("Post.deletedAt")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const qint64 window = c.thresholds.duplicateContentWindowMs;
        const auto index = RuleIndex::of(s, c);
        const auto &posts = s.posts();
        std::vector<int> withText;
        std::vector<qint64> times;
        for (int lane = 0; lane < index->laneCount(); ++lane) {
            const std::span<const int> rows = index->laneRows(lane);
            const std::span<const qint64> dates = index->laneDates(lane);
            const auto textOf = [&](int i) { return QStringView(posts[size_t(rows[size_t(i)])].content).trimmed(); };
            // Per content, the runs of posts each within the window of the previous one.
            withText.clear();
            for (int i = 0; i < int(rows.size()); ++i) {
                if (!textOf(i).isEmpty())
                    withText.push_back(i);
            }
            std::vector<std::vector<int>> runs;
            for (const std::vector<int> &same : equalTexts(withText, textOf)) {
                times.clear();
                for (int i : same)
                    times.push_back(dates[size_t(i)]);
                for (const auto &[from, to] : closeRuns(times, window)) {
                    std::vector<int> &run = runs.emplace_back();
                    for (size_t k = from; k < to; ++k)
                        run.push_back(rows[size_t(same[k])]);
                }
            }
            std::sort(runs.begin(), runs.end());
            for (const std::vector<int> &run : runs)
                report(s, run, out);
        }
    }

private:
    void report(const Snapshot &s, const std::vector<int> &run, RuleOutcome &out) const
    {
        bool pending = false;
        bool inWindow = false;
        const Post *failed = nullptr;
        for (size_t i = 0; i < run.size(); ++i) {
            const Post &p = s.posts().at(size_t(run[i]));
            pending = pending || p.state == PostState::Queue;
            inWindow = inWindow || p.inWindow;
            if (i > 0 && p.state == PostState::Error && !failed)
                failed = &p;
        }
        // Posts that all went out already were accepted: nothing left to warn about.
        if (!inWindow || (!pending && !failed))
            return;
        const Post &a = s.posts().at(size_t(run.front()));
        const Post &b = s.posts().at(size_t(run.back()));
        Finding f = makeFinding(info());
        if (failed)
            f.severity = Severity::Critical;
        QString preview = a.content.trimmed().simplified();
        if (preview.size() > 60)
            preview = preview.left(57) + QStringLiteral("…");
        for (int r : run)
            f.posts << s.posts().at(size_t(r)).id;
        f.integrations << a.integrationId;
        if (failed)
            f.summary = QStringLiteral("Post %1 to %2 failed after post %3 with the same content \"%4\" (%5 earlier): "
                                       "the platform rejects repeated content.")
                            .arg(failed->id, integrationName(s, a.integrationId), a.id, preview,
                                 duration(failed->publishDate - a.publishDate));
        else
            f.summary = QStringLiteral("%1 posts to %2 carry the same content \"%3\" within %4 (%5 and %6): the "
                                       "platform will likely reject the later one.")
                            .arg(run.size())
                            .arg(integrationName(s, a.integrationId), preview, duration(b.publishDate - a.publishDate),
                                 utc(a.publishDate), utc(b.publishDate));
        for (int r : run) {
            const Post &p = s.posts().at(size_t(r));
            f.firedSignals << QStringLiteral("%1 at %2: %3").arg(p.id, utc(p.publishDate), toString(p.state));
        }
        f.firedSignals << QStringLiteral("identical content (trimmed), within 24 h of each other");
        if (failed && !failed->error.isEmpty())
            f.firedSignals << QStringLiteral("error of %1: %2").arg(failed->id, failed->error.left(200));
        f.fix << QStringLiteral("Reword post %1 (or drop it) so it is not a repeat of post %2.").arg(b.id, a.id)
              << QStringLiteral("Or move it more than a day away from the first one.");
        f.verify << sqlPost(f.posts);
        if (failed)
            f.verify << sqlErrorsOfPost(failed->id);
        out.findings.push_back(std::move(f));
    }
};

} // namespace

RulePtr makeDuplicateContentRule() { return std::make_unique<DuplicateContentRule>(); }

} // namespace postscope
