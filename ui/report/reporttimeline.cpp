#include "reporttimeline.h"

#include "timeline/timelinerenderer.h"

#include <QSet>

#include <algorithm>

namespace postscope {

namespace {

constexpr qint64 kMinute = 60'000;

} // namespace

std::pair<qint64, qint64> timeRangeOfPosts(const Snapshot &s, const QStringList &postIds)
{
    qint64 first = 0, last = 0;
    bool any = false;
    auto take = [&](qint64 t) {
        first = any ? std::min(first, t) : t;
        last = any ? std::max(last, t) : t;
        any = true;
    };
    for (const QString &id : postIds) {
        if (const Post *post = s.post(id)) {
            take(post->publishDate);
            if (const Job *job = s.jobForPost(id); job && job->fireTime)
                take(*job->fireTime);
        }
    }
    if (!any)
        return {0, 0};
    const qint64 pad = std::max<qint64>((last - first) / 8, 30 * kMinute);
    return {first - pad, last + pad};
}

int integrationRows(const Snapshot &s, const QStringList &postIds)
{
    if (postIds.isEmpty())
        return int(s.integrations().size());
    QSet<QString> ids;
    for (const QString &id : postIds) {
        if (const Post *post = s.post(id))
            ids.insert(post->integrationId);
    }
    return int(ids.size());
}

QImage renderReportTimeline(const Analysis &analysis, const ReportTimelineRequest &request)
{
    if (!analysis.snapshot)
        return {};
    TimelineRenderOptions options;
    options.size = request.size;
    options.devicePixelRatio = request.devicePixelRatio;
    options.from = request.from;
    options.to = request.to;
    options.highlightedPosts = request.highlightedPosts;
    options.onlyIntegrationsOfHighlighted = request.onlyIntegrationsOfHighlighted;
    // Rows that do not fit are left out by the renderer: grow the picture until none is.
    for (int attempt = 0; attempt < 4; ++attempt) {
        const int hidden = renderTimelineLayout(analysis, options).hiddenRows;
        if (hidden == 0)
            break;
        options.size.rheight() += hidden * 26 + 8;
    }
    return renderTimeline(analysis, options);
}

} // namespace postscope
