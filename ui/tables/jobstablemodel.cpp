#include "jobstablemodel.h"

#include <QColor>
#include <QDateTime>
#include <QTimeZone>

namespace postscope {

namespace {
QString timeCell(const std::optional<qint64> &ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
              : QString();
}

template<typename T>
int cmp(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int cmpOpt(const std::optional<qint64> &a, const std::optional<qint64> &b)
{
    if (!a || !b)
        return cmp(a.has_value(), b.has_value());
    return cmp(*a, *b);
}
} // namespace

JobsTableModel::JobsTableModel(QObject *parent)
    : SnapshotTableModel(parent)
{
}

void JobsTableModel::setAnalysis(const Analysis &analysis)
{
    beginResetModel();
    m_analysis = analysis;
    m_postIds.clear();
    m_postRow.clear();
    m_accounts.clear();
    m_accountRow.clear();
    m_rowsByPost.clear();
    if (const Snapshot *s = m_analysis.snapshot.get()) {
        const auto &jobs = s->jobs();
        const size_t n = jobs.size();
        m_postIds.resize(n);
        m_postRow.resize(n, -1);
        m_accountRow.resize(n, -1);
        const Post *posts = s->posts().empty() ? nullptr : &s->posts().front();
        QHash<QString, int> accountIndex;
        for (size_t i = 0; i < n; ++i) {
            const Job &j = jobs[i];
            QString postId;
            if (j.queue == s->scope().queue && s->post(j.id))
                postId = j.id;
            else if (!j.dataPostId.isEmpty())
                postId = j.dataPostId;
            else if (j.queue == s->scope().queue)
                postId = j.id; // an orphan job still names the post it was for
            m_postIds[i] = postId;
            m_rowsByPost[postId].append(int(i));
            if (const Post *p = postId.isEmpty() ? nullptr : s->post(postId)) {
                m_postRow[i] = int(p - posts);
                auto it = accountIndex.constFind(p->integrationId);
                if (it == accountIndex.cend()) {
                    const Integration *in = s->integration(p->integrationId);
                    m_accounts.push_back(in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')')
                                            : p->integrationId);
                    it = accountIndex.insert(p->integrationId, int(m_accounts.size() - 1));
                }
                m_accountRow[i] = it.value();
            }
        }
    }
    endResetModel();
}

const Post *JobsTableModel::post(int row) const
{
    const int p = m_postRow[size_t(row)];
    return p < 0 ? nullptr : &m_analysis.snapshot->posts()[size_t(p)];
}

QString JobsTableModel::accountName(int row) const
{
    const int a = m_accountRow[size_t(row)];
    return a < 0 ? QString() : m_accounts[size_t(a)];
}

QString JobsTableModel::flags(int row) const
{
    const Job &j = job(row);
    QStringList f;
    if (j.hasLock)
        f << QStringLiteral("lock");
    if (j.stalled)
        f << QStringLiteral("stalled");
    for (JobState s : j.alsoIn)
        f << QStringLiteral("also ") + toString(s);
    if (!j.hashPresent)
        f << QStringLiteral("no hash");
    if (!j.problems.isEmpty())
        f << QStringLiteral("undecodable");
    if (m_postRow[size_t(row)] < 0)
        f << QStringLiteral("no post");
    return f.join(QStringLiteral(", "));
}

QString JobsTableModel::postIdAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_postIds[size_t(row)] : QString();
}

QList<int> JobsTableModel::rowsOfPost(const QString &postId) const
{
    return postId.isEmpty() ? QList<int>() : m_rowsByPost.value(postId);
}

int JobsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_analysis.snapshot ? 0 : int(m_analysis.snapshot->jobs().size());
}

int JobsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case JobIdColumn:
        return QStringLiteral("Job id");
    case QueueColumn:
        return QStringLiteral("Queue");
    case StateColumn:
        return QStringLiteral("State");
    case FireTimeColumn:
        return QStringLiteral("Fires (UTC)");
    case AddedColumn:
        return QStringLiteral("Added (UTC)");
    case ProcessedColumn:
        return QStringLiteral("Processed (UTC)");
    case FinishedColumn:
        return QStringLiteral("Finished (UTC)");
    case AttemptsColumn:
        return QStringLiteral("Attempts");
    case PostStateColumn:
        return QStringLiteral("Post state");
    case AccountColumn:
        return QStringLiteral("Account");
    case FlagsColumn:
        return QStringLiteral("Flags");
    default:
        return QVariant();
    }
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
            return timeCell(j.fireTime);
        case AddedColumn:
            return timeCell(j.timestamp);
        case ProcessedColumn:
            return timeCell(j.processedOn);
        case FinishedColumn:
            return timeCell(j.finishedOn);
        case AttemptsColumn:
            return j.attemptsMade ? QVariant(*j.attemptsMade) : QVariant();
        case PostStateColumn: {
            const Post *p = post(row);
            return p ? toString(p->state) : QStringLiteral("(no post)");
        }
        case AccountColumn:
            return accountName(row);
        case FlagsColumn:
            return flags(row);
        default:
            return QVariant();
        }
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && j.state == JobState::Failed)
            return QColor(0xd3, 0x2f, 0x2f);
        if (index.column() == FlagsColumn && (j.stalled || !j.alsoIn.isEmpty() || m_postRow[size_t(row)] < 0))
            return QColor(0xd3, 0x2f, 0x2f);
        return QVariant();
    case PostIdRole:
        return m_postIds[size_t(row)];
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
    const Job &a = job(left);
    const Job &b = job(right);
    int c = 0;
    switch (column) {
    case JobIdColumn:
        c = QString::compare(a.id, b.id);
        break;
    case QueueColumn:
        c = QString::compare(a.queue, b.queue);
        break;
    case StateColumn:
        c = cmp(int(a.state), int(b.state));
        break;
    case FireTimeColumn:
        c = cmpOpt(a.fireTime, b.fireTime);
        break;
    case AddedColumn:
        c = cmpOpt(a.timestamp, b.timestamp);
        break;
    case ProcessedColumn:
        c = cmpOpt(a.processedOn, b.processedOn);
        break;
    case FinishedColumn:
        c = cmpOpt(a.finishedOn, b.finishedOn);
        break;
    case AttemptsColumn:
        c = cmpOpt(a.attemptsMade, b.attemptsMade);
        break;
    case PostStateColumn: {
        const Post *pa = post(left), *pb = post(right);
        c = cmp(pa ? int(pa->state) : -1, pb ? int(pb->state) : -1);
        break;
    }
    case AccountColumn:
        c = QString::compare(accountName(left), accountName(right), Qt::CaseInsensitive);
        break;
    case FlagsColumn:
        c = QString::compare(flags(left), flags(right));
        break;
    default:
        break;
    }
    if (c == 0)
        c = cmpOpt(a.fireTime, b.fireTime);
    return c < 0 || (c == 0 && left < right);
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
            if (m_postRow[size_t(row)] >= 0)
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
    return j.id.contains(text, Qt::CaseInsensitive) || m_postIds[size_t(row)].contains(text, Qt::CaseInsensitive)
        || j.queue.contains(text, Qt::CaseInsensitive) || accountName(row).contains(text, Qt::CaseInsensitive)
        || j.failedReason.contains(text, Qt::CaseInsensitive) || j.name.contains(text, Qt::CaseInsensitive);
}

} // namespace postscope
