#include "tablesprep.h"

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

// Table rows per post id, in row order.
void indexRows(TablesPrep::Table &t)
{
    t.rowsByPost.reserve(qsizetype(t.order.size()));
    for (size_t r = 0; r < t.order.size(); ++r) {
        const QString &id = t.postIds[size_t(t.order[r])];
        if (!id.isEmpty())
            t.rowsByPost[id].append(int(r));
    }
}

std::vector<int> identity(size_t n)
{
    std::vector<int> v(n);
    std::iota(v.begin(), v.end(), 0);
    return v;
}

} // namespace

std::shared_ptr<const TablesPrep> prepareTables(const Analysis &analysis)
{
    auto prep = std::make_shared<TablesPrep>();
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
    pt.order = identity(np);
    std::sort(pt.order.begin(), pt.order.end(), [&posts](int a, int b) {
        const int c = tablecells::compare(posts[size_t(a)].publishDate, posts[size_t(b)].publishDate);
        return c < 0 || (c == 0 && a < b);
    });
    indexRows(pt);

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
    jt.order = identity(nj);
    std::sort(jt.order.begin(), jt.order.end(), [&jobs](int a, int b) {
        const int c = tablecells::compare(jobs[size_t(a)].fireTime, jobs[size_t(b)].fireTime);
        return c < 0 || (c == 0 && a < b);
    });
    indexRows(jt);

    for (const Integration &in : s->integrations())
        prep->integrationChoices.emplace_back(in.name % QStringLiteral(" (") % in.providerIdentifier % QLatin1Char(')'), in.id);
    std::stable_sort(prep->integrationChoices.begin(), prep->integrationChoices.end(), [](const auto &a, const auto &b) {
        return QString::compare(a.first, b.first, Qt::CaseInsensitive) < 0;
    });
    return prep;
}

} // namespace postscope
