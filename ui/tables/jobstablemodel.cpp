#include "jobstablemodel.h"

#include <QColor>

namespace postscope {

using tablecells::compare;

namespace {
const Post *postOfItem(const Snapshot &s, const TablesPrep &prep, int item)
{
    const int p = prep.postOfJob[size_t(item)];
    return p < 0 ? nullptr : &s.posts()[size_t(p)];
}

QString flagsOfItem(const Snapshot &s, const TablesPrep &prep, int item)
{
    const Job &j = s.jobs()[size_t(item)];
    QStringList f;
    if (j.hasLock)
        f << QStringLiteral("lock");
    if (j.stalled)
        f << QStringLiteral("stalled");
    for (JobState st : j.alsoIn)
        f << QStringLiteral("also ") + toString(st);
    if (!j.hashPresent)
        f << QStringLiteral("no hash");
    if (!j.problems.isEmpty())
        f << QStringLiteral("undecodable");
    if (!postOfItem(s, prep, item))
        f << QStringLiteral("no post");
    return f.join(QStringLiteral(", "));
}

QString accountOfItem(const TablesPrep &prep, int item)
{
    const int a = prep.jobs.account[size_t(item)];
    return a < 0 ? QString() : prep.accounts[size_t(a)];
}
} // namespace

JobsTableModel::JobsTableModel(QObject *parent)
    : SnapshotTableModel(Kind::Jobs,
                         {QStringLiteral("Job id"), QStringLiteral("Queue"), QStringLiteral("State"),
                          QStringLiteral("Fires (UTC)"), QStringLiteral("Added (UTC)"), QStringLiteral("Processed (UTC)"),
                          QStringLiteral("Finished (UTC)"), QStringLiteral("Attempts"), QStringLiteral("Post state"),
                          QStringLiteral("Account"), QStringLiteral("Flags")},
                         parent)
{
}

const Post *JobsTableModel::post(int row) const
{
    return postOfItem(*m_analysis.snapshot, *prep(), itemAt(row));
}

QString JobsTableModel::flags(int row) const
{
    return flagsOfItem(*m_analysis.snapshot, *prep(), itemAt(row));
}

QVariant JobsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return QVariant();
    const int row = index.row();
    const Job &j = job(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case JobIdColumn:
            return j.id;
        case QueueColumn:
            return j.queue;
        case StateColumn:
            return toString(j.state);
        case FireTimeColumn:
            return tablecells::time(j.fireTime);
        case AddedColumn:
            return tablecells::time(j.timestamp);
        case ProcessedColumn:
            return tablecells::time(j.processedOn);
        case FinishedColumn:
            return tablecells::time(j.finishedOn);
        case AttemptsColumn:
            return j.attemptsMade ? QVariant(*j.attemptsMade) : QVariant();
        case PostStateColumn: {
            const Post *p = post(row);
            return p ? toString(p->state) : QStringLiteral("(no post)");
        }
        case AccountColumn:
            return accountOf(itemAt(row));
        case FlagsColumn:
            return flags(row);
        default:
            return QVariant();
        }
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && j.state == JobState::Failed)
            return QColor(0xd3, 0x2f, 0x2f);
        if (index.column() == FlagsColumn && (j.stalled || !j.alsoIn.isEmpty() || !post(row)))
            return QColor(0xd3, 0x2f, 0x2f);
        return QVariant();
    case PostIdRole:
        return postIdAt(row);
    case JobIdRole:
        return j.id;
    case SortRole:
        switch (index.column()) {
        case FireTimeColumn:
            return j.fireTime ? QVariant(*j.fireTime) : QVariant();
        case AddedColumn:
            return j.timestamp ? QVariant(*j.timestamp) : QVariant();
        case ProcessedColumn:
            return j.processedOn ? QVariant(*j.processedOn) : QVariant();
        case FinishedColumn:
            return j.finishedOn ? QVariant(*j.finishedOn) : QVariant();
        case AttemptsColumn:
            return j.attemptsMade ? QVariant(*j.attemptsMade) : QVariant();
        default:
            return data(index, Qt::DisplayRole);
        }
    case StateKeyRole:
        return toString(j.state);
    case IntegrationIdRole: {
        const Post *p = post(row);
        return p ? p->integrationId : QString();
    }
    default:
        return QVariant();
    }
}

bool JobsTableModel::lessThanRows(int left, int right, int column) const
{
    return lessThanItems(*m_analysis.snapshot, *prep(), itemAt(left), itemAt(right), column);
}

bool JobsTableModel::lessThanItems(const Snapshot &s, const TablesPrep &prep, int ia, int ib, int column)
{
    const Job &a = s.jobs()[size_t(ia)];
    const Job &b = s.jobs()[size_t(ib)];
    int c = 0;
    switch (column) {
    case JobIdColumn:
        c = QString::compare(a.id, b.id);
        break;
    case QueueColumn:
        c = QString::compare(a.queue, b.queue);
        break;
    case StateColumn:
        c = compare(int(a.state), int(b.state));
        break;
    case FireTimeColumn:
        c = compare(a.fireTime, b.fireTime);
        break;
    case AddedColumn:
        c = compare(a.timestamp, b.timestamp);
        break;
    case ProcessedColumn:
        c = compare(a.processedOn, b.processedOn);
        break;
    case FinishedColumn:
        c = compare(a.finishedOn, b.finishedOn);
        break;
    case AttemptsColumn:
        c = compare(a.attemptsMade, b.attemptsMade);
        break;
    case PostStateColumn: {
        const Post *pa = postOfItem(s, prep, ia), *pb = postOfItem(s, prep, ib);
        c = compare(pa ? int(pa->state) : -1, pb ? int(pb->state) : -1);
        break;
    }
    case AccountColumn:
        c = QString::compare(accountOfItem(prep, ia), accountOfItem(prep, ib), Qt::CaseInsensitive);
        break;
    case FlagsColumn:
        c = QString::compare(flagsOfItem(s, prep, ia), flagsOfItem(s, prep, ib));
        break;
    default:
        break;
    }
    if (c == 0)
        c = compare(a.fireTime, b.fireTime);
    return c < 0 || (c == 0 && ia < ib);
}

std::vector<std::pair<QString, QString>> JobsTableModel::stateFilters() const
{
    std::vector<std::pair<QString, QString>> out {{QStringLiteral("All states"), QString()}};
    for (JobState s : {JobState::Waiting, JobState::Paused, JobState::Active, JobState::Delayed, JobState::Prioritized,
                       JobState::Completed, JobState::Failed, JobState::WaitingChildren, JobState::Unknown})
        out.emplace_back(toString(s), toString(s));
    out.emplace_back(QStringLiteral("Stalled"), QStringLiteral(":stalled"));
    out.emplace_back(QStringLiteral("Without post"), QStringLiteral(":nopost"));
    return out;
}

bool JobsTableModel::acceptsRow(int row, const QString &key, const QString &integrationId, const QString &text) const
{
    const Job &j = job(row);
    if (!key.isEmpty()) {
        if (key == QLatin1String(":stalled")) {
            if (!j.stalled)
                return false;
        } else if (key == QLatin1String(":nopost")) {
            if (post(row))
                return false;
        } else if (toString(j.state) != key) {
            return false;
        }
    }
    if (!integrationId.isEmpty()) {
        const Post *p = post(row);
        if (!p || p->integrationId != integrationId)
            return false;
    }
    if (text.isEmpty())
        return true;
    return j.id.contains(text, Qt::CaseInsensitive) || postIdAt(row).contains(text, Qt::CaseInsensitive)
        || j.queue.contains(text, Qt::CaseInsensitive) || accountOf(itemAt(row)).contains(text, Qt::CaseInsensitive)
        || j.failedReason.contains(text, Qt::CaseInsensitive) || j.name.contains(text, Qt::CaseInsensitive);
}

} // namespace postscope
