#include "tablesprep.h"

#include "jobstablemodel.h"
#include "poststablemodel.h"

#include "core/compare.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <numeric>

namespace postscope {

namespace tablecells {
QString time(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString time(const std::optional<qint64> &ms)
{
    return ms ? time(*ms) : QString();
}

int compare(const std::optional<qint64> &a, const std::optional<qint64> &b)
{
    if (!a || !b)
        return compare(a.has_value(), b.has_value());
    return compare(*a, *b);
}
} // namespace tablecells

namespace {

// Items per post id, ascending.
void indexItems(TablesPrep::Table &t)
{
    t.itemsByPost.reserve(qsizetype(t.postIds.size()));
    for (size_t i = 0; i < t.postIds.size(); ++i) {
        const QString &id = t.postIds[i];
        if (!id.isEmpty())
            t.itemsByPost[id].append(int(i));
    }
}

std::vector<int> identity(size_t n)
{
    std::vector<int> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

} // namespace

TableSort normalisedSort(bool jobs, TableSort sort)
{
    const int count = jobs ? int(JobsTableModel::ColumnCount) : int(PostsTableModel::ColumnCount);
    if (sort.column < 0 || sort.column >= count)
        return {jobs ? int(JobsTableModel::FireTimeColumn) : int(PostsTableModel::PublishDateColumn), Qt::AscendingOrder};
    return sort;
}

std::vector<int> tableOrder(const Snapshot &s, const TablesPrep &prep, bool jobs, TableSort sort)
{
    std::vector<int> order = identity(jobs ? s.jobs().size() : s.posts().size());
    if (jobs)
        std::sort(order.begin(), order.end(), [&](int a, int b) { return JobsTableModel::lessThanItems(s, prep, a, b, sort.column); });
    else
        std::sort(order.begin(), order.end(), [&](int a, int b) { return PostsTableModel::lessThanItems(s, prep, a, b, sort.column); });
    // The comparisons are a strict total order (ties by capture order), so the proxy's
    // descending sort is exactly the reverse.
    if (sort.order == Qt::DescendingOrder)
        std::reverse(order.begin(), order.end());
    return order;
}

std::shared_ptr<const TablesPrep> prepareTables(const Analysis &analysis, const TableSorts &sorts)
{
    auto prep = std::make_shared<TablesPrep>();
    prep->posts.sort = normalisedSort(false, sorts.posts);
    prep->jobs.sort = normalisedSort(true, sorts.jobs);
    const Snapshot *s = analysis.snapshot.get();
    if (!s)
        return prep;
    const auto &posts = s->posts();
    const auto &jobs = s->jobs();
    const Post *firstPost = posts.empty() ? nullptr : &posts.front();
    const Job *firstJob = jobs.empty() ? nullptr : &jobs.front();

    QHash<QString, int> accountIndex;
    auto accountOf = [&](const QString &integrationId) {
        auto it = accountIndex.constFind(integrationId);
        if (it == accountIndex.cend()) {
            const Integration *in = s->integration(integrationId);
            prep->accounts.push_back(in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')')
                                        : integrationId);
            it = accountIndex.insert(integrationId, int(prep->accounts.size() - 1));
        }
        return it.value();
    };

    // Posts.
    TablesPrep::Table &pt = prep->posts;
    const size_t np = posts.size();
    pt.postIds.resize(np);
    pt.account.resize(np, -1);
    prep->jobOfPost.resize(np, -1);
    prep->noJob.resize(np, 0);
    for (size_t i = 0; i < np; ++i) {
        const Post &p = posts[i];
        pt.postIds[i] = p.id;
        if (const Job *j = s->jobForPost(p.id))
            prep->jobOfPost[i] = int(j - firstJob);
        prep->noJob[i] = lacksJob(*s, p) ? 1 : 0;
        pt.account[i] = accountOf(p.integrationId);
    }
    indexItems(pt);

    // Jobs: a row maps to its post, the job id in Postiz's queue, else data.id.
    TablesPrep::Table &jt = prep->jobs;
    const size_t nj = jobs.size();
    jt.postIds.resize(nj);
    jt.account.resize(nj, -1);
    prep->postOfJob.resize(nj, -1);
    for (size_t i = 0; i < nj; ++i) {
        const Job &j = jobs[i];
        QString postId;
        if (j.queue == s->scope().queue && s->post(j.id))
            postId = j.id;
        else if (!j.dataPostId.isEmpty())
            postId = j.dataPostId;
        else if (j.queue == s->scope().queue)
            postId = j.id; // an orphan job still names the post it was for
        jt.postIds[i] = postId;
        if (const Post *p = postId.isEmpty() ? nullptr : s->post(postId)) {
            prep->postOfJob[i] = int(p - firstPost);
            jt.account[i] = accountOf(p->integrationId);
        }
    }
    indexItems(jt);
    // The orders last: the comparisons read the accounts and links filled above.
    pt.order = tableOrder(*s, *prep, false, pt.sort);
    jt.order = tableOrder(*s, *prep, true, jt.sort);

    for (const Integration &in : s->integrations())
        prep->integrationChoices.emplace_back(in.name % QStringLiteral(" (") % in.providerIdentifier % QLatin1Char(')'), in.id);
    std::stable_sort(prep->integrationChoices.begin(), prep->integrationChoices.end(), [](const auto &a, const auto &b) {
        return QString::compare(a.first, b.first, Qt::CaseInsensitive) < 0;
    });
    return prep;
}

} // namespace postscope
