#pragma once

// The timeline's own arrays, computed once when an analysis is set: per lane (one per
// integration, one summary per organisation) the posts, job bars, event ticks and log
// ticks sorted by time, so that painting is a lower_bound and a walk, with no lookup
// and no allocation per item.

#include "analysis.h"

#include <QHash>

#include <vector>

namespace postscope {

enum class LaneKind : quint8 { Integration, Organization, Unlinked };

struct PostMark {
    qint64 time = 0;   // publishDate
    int post = 0;      // row in Snapshot::posts()
    int job = -1;      // row in Snapshot::jobs(), -1 = none
    int firstChild = 0; // into Lane::children
    int childCount = 0;
    quint8 state = 0;  // PostState
    quint8 severity = 0;
    bool deleted = false;
    bool noJob = false; // top-level, not deleted, QUEUE and no job: the loud mark
};

struct ChildMark {
    int post = 0;
    quint8 state = 0;
    bool deleted = false;
};

struct JobBar {
    qint64 start = 0; // job.timestamp (when it was added)
    qint64 end = 0;   // fire time
    int job = 0;
    int post = -1;
    quint8 state = 0; // JobState
    bool stalled = false;
};

struct EventTickMark {
    qint64 time = 0;
    int event = 0;
    quint8 kind = 0; // EventKind
};

struct LogTickMark {
    qint64 time = 0;
    int line = 0;
};

struct Lane {
    LaneKind kind = LaneKind::Integration;
    QString id;           // integration id (organisation id for a summary lane)
    QString name;
    QString provider;
    QString organizationId;
    int organization = -1; // into TimelineData::organizations
    bool disabled = false;
    bool refreshNeeded = false;
    bool deleted = false;
    bool missing = false;  // posts name it but the capture has no such integration
    int findings = 0;      // findings naming this lane's integration or its posts
    std::vector<PostMark> posts;     // by time
    std::vector<ChildMark> children; // grouped by parent
    std::vector<JobBar> jobs;        // by start
    std::vector<qint64> jobsMaxEnd;  // running max of end, for the first visible bar
    std::vector<EventTickMark> events; // by time
    std::vector<LogTickMark> logs;     // by time
};

struct OrgInfo {
    QString id;
    QString name;
    std::vector<int> lanes; // integration lanes, capture order
    int summaryLane = -1;
    int findings = 0;
};

class TimelineData
{
public:
    TimelineData() = default;
    explicit TimelineData(const Analysis &analysis);

    const Analysis &analysis() const { return m_analysis; }
    const Snapshot *snapshot() const { return m_analysis.snapshot.get(); }
    const std::vector<Lane> &lanes() const { return m_lanes; }
    const Lane &lane(int i) const { return m_lanes[size_t(i)]; }
    const std::vector<OrgInfo> &organizations() const { return m_orgs; }
    int laneOfPost(int postRow) const;            // integration lane, -1 if none
    int laneOfIntegration(const QString &id) const; // -1 if none
    int postRow(const QString &postId) const;    // -1 if none
    bool hasNow() const { return m_now != 0; }
    qint64 now() const { return m_now; }
    // Earliest and latest time of anything drawn; (0,0) when there is nothing.
    std::pair<qint64, qint64> extent() const { return m_extent; }
    std::pair<qint64, qint64> extentOfLanes(const std::vector<int> &lanes) const;
    // Post times and their job's start and fire time.
    std::pair<qint64, qint64> extentOfPosts(const std::vector<int> &postRows) const;

private:
    Analysis m_analysis;
    std::vector<Lane> m_lanes;
    std::vector<OrgInfo> m_orgs;
    std::vector<int> m_postLane;
    QHash<QString, int> m_laneByIntegration;
    qint64 m_now = 0;
    std::pair<qint64, qint64> m_extent {0, 0};
};

// The bar a job draws: from its timestamp to its fire time (either stands in for a
// missing other; a job with neither is not drawn).
bool jobSpan(const Job &job, qint64 *start, qint64 *end);
// Which tick an event stream entry draws, if any.
bool eventKind(const QString &event, quint8 *kind);

} // namespace postscope
