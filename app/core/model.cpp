#include "model.h"

namespace postscope {

QString toString(PostState s)
{
    switch (s) {
    case PostState::Queue: return QStringLiteral("QUEUE");
    case PostState::Published: return QStringLiteral("PUBLISHED");
    case PostState::Error: return QStringLiteral("ERROR");
    case PostState::Draft: return QStringLiteral("DRAFT");
    case PostState::Unknown: break;
    }
    return QStringLiteral("UNKNOWN");
}

PostState postStateFromString(const QString &s)
{
    if (s == QLatin1String("QUEUE")) return PostState::Queue;
    if (s == QLatin1String("PUBLISHED")) return PostState::Published;
    if (s == QLatin1String("ERROR")) return PostState::Error;
    if (s == QLatin1String("DRAFT")) return PostState::Draft;
    return PostState::Unknown;
}

QString toString(JobState s)
{
    switch (s) {
    case JobState::Waiting: return QStringLiteral("waiting");
    case JobState::Paused: return QStringLiteral("paused");
    case JobState::Active: return QStringLiteral("active");
    case JobState::Delayed: return QStringLiteral("delayed");
    case JobState::Prioritized: return QStringLiteral("prioritized");
    case JobState::Completed: return QStringLiteral("completed");
    case JobState::Failed: return QStringLiteral("failed");
    case JobState::WaitingChildren: return QStringLiteral("waiting-children");
    case JobState::Unknown: break;
    }
    return QStringLiteral("unknown");
}

JobState jobStateFromString(const QString &s)
{
    static const JobState all[] = {JobState::Waiting, JobState::Paused, JobState::Active,
                                   JobState::Delayed, JobState::Prioritized, JobState::Completed,
                                   JobState::Failed, JobState::WaitingChildren};
    for (JobState st : all) {
        if (toString(st) == s)
            return st;
    }
    return JobState::Unknown;
}

QString keySuffix(JobState s)
{
    if (s == JobState::Waiting)
        return QStringLiteral("wait");
    return toString(s);
}

QString QueueEvent::field(const QString &name) const
{
    for (const auto &[k, v] : fields) {
        if (k == name)
            return v;
    }
    return {};
}

} // namespace postscope
