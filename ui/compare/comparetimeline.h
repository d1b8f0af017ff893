#pragma once

#include "core/snapshot.h"

#include <QWidget>

namespace postscope {

// Two posts on one small shared time axis: a row per post with its publishDate, its job
// (added → fire time), its queue events, createdAt and deletedAt. Long empty stretches
// between clusters of times are cut out (a marked break), so 15 s apart on a date two
// days after the events still reads at a glance.
class CompareTimeline : public QWidget
{
    Q_OBJECT
public:
    explicit CompareTimeline(QWidget *parent = nullptr);

    void setPosts(SnapshotPtr snapshot, const QString &postA, const QString &postB);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    struct Segment {
        qint64 from = 0;
        qint64 to = 0;
        double x0 = 0;
        double x1 = 0;
    };
    // The axis pieces for a given plot width (exposed for tests).
    std::vector<Segment> segments(double left, double right) const;
    double xForTime(const std::vector<Segment> &segs, qint64 t) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void collectTimes();

    SnapshotPtr m_snapshot;
    QString m_posts[2];
    std::vector<qint64> m_times; // sorted, unique
    std::vector<std::pair<qint64, qint64>> m_clusters;
};

} // namespace postscope
