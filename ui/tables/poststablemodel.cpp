#include "poststablemodel.h"

#include "core/compare.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QTimeZone>

namespace postscope {

namespace {
QString timeCell(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString stateKey(const Post &p)
{
    return p.state == PostState::Unknown && !p.stateText.isEmpty() ? p.stateText : toString(p.state);
}

template<typename T>
int cmp(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

int cmpOpt(const std::optional<qint64> &a, const std::optional<qint64> &b)
{
    // Absent sorts first.
    if (!a || !b)
        return cmp(a.has_value(), b.has_value());
    return cmp(*a, *b);
}
} // namespace

PostsTableModel::PostsTableModel(QObject *parent)
    : SnapshotTableModel(parent)
{
}

void PostsTableModel::setAnalysis(const Analysis &analysis)
{
    beginResetModel();
    m_analysis = analysis;
    m_jobRow.clear();
    m_accountRow.clear();
    m_accounts.clear();
    m_noJob.clear();
    m_rowsById.clear();
    if (const Snapshot *s = m_analysis.snapshot.get()) {
        const auto &posts = s->posts();
        const size_t n = posts.size();
        m_jobRow.resize(n, -1);
        m_accountRow.resize(n, -1);
        m_noJob.resize(n, false);
        m_rowsById.reserve(qsizetype(n));
        QHash<QString, int> accountIndex;
        const Job *jobs = s->jobs().empty() ? nullptr : &s->jobs().front();
        for (size_t i = 0; i < n; ++i) {
            const Post &p = posts[i];
            m_rowsById[p.id].append(int(i));
            if (const Job *j = s->jobForPost(p.id))
                m_jobRow[i] = int(j - jobs);
            m_noJob[i] = lacksJob(*s, p);
            auto it = accountIndex.constFind(p.integrationId);
            if (it == accountIndex.cend()) {
                const Integration *in = s->integration(p.integrationId);
                m_accounts.push_back(in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')')
                                        : p.integrationId);
                it = accountIndex.insert(p.integrationId, int(m_accounts.size() - 1));
            }
            m_accountRow[i] = it.value();
        }
    }
    endResetModel();
}

const Job *PostsTableModel::job(int row) const
{
    const int j = m_jobRow[size_t(row)];
    return j < 0 ? nullptr : &m_analysis.snapshot->jobs()[size_t(j)];
}

QString PostsTableModel::accountName(int row) const
{
    return m_accounts[size_t(m_accountRow[size_t(row)])];
}

QString PostsTableModel::jobText(int row) const
{
    if (const Job *j = job(row))
        return toString(j->state) + (j->stalled ? QStringLiteral(" (stalled)") : QString());
    return m_noJob[size_t(row)] ? QStringLiteral("NO JOB") : QStringLiteral("—");
}

QString PostsTableModel::postIdAt(int row) const
{
    return row >= 0 && row < rowCount() ? post(row).id : QString();
}

QList<int> PostsTableModel::rowsOfPost(const QString &postId) const
{
    return m_rowsById.value(postId);
}

int PostsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_analysis.snapshot ? 0 : int(m_analysis.snapshot->posts().size());
}

int PostsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PostsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case PublishDateColumn:
        return QStringLiteral("publishDate (UTC)");
    case StateColumn:
        return QStringLiteral("State");
    case AccountColumn:
        return QStringLiteral("Account");
    case JobColumn:
        return QStringLiteral("Job");
    case FireTimeColumn:
        return QStringLiteral("Job fires (UTC)");
    case CreatedColumn:
        return QStringLiteral("createdAt (UTC)");
    case DeletedColumn:
        return QStringLiteral("deletedAt (UTC)");
    case IdColumn:
        return QStringLiteral("Post id");
    case GroupColumn:
        return QStringLiteral("Group");
    case ContentColumn:
        return QStringLiteral("Content");
    default:
        return QVariant();
    }
}

QVariant PostsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return QVariant();
    const int row = index.row();
    const Post &p = post(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PublishDateColumn:
            return timeCell(p.publishDate);
        case StateColumn:
            return stateKey(p);
        case AccountColumn:
            return accountName(row);
        case JobColumn:
            return jobText(row);
        case FireTimeColumn: {
            const Job *j = job(row);
            return j && j->fireTime ? timeCell(*j->fireTime) : QString();
        }
        case CreatedColumn:
            return p.createdAt ? timeCell(*p.createdAt) : QString();
        case DeletedColumn:
            return p.deletedAt ? timeCell(*p.deletedAt) : QString();
        case IdColumn:
            return p.id;
        case GroupColumn:
            return p.group;
        case ContentColumn: {
            QString c = p.content.left(120);
            c.replace(QLatin1Char('\n'), QLatin1Char(' '));
            return c;
        }
        default:
            return QVariant();
        }
    case Qt::ForegroundRole:
        if (index.column() == JobColumn && m_noJob[size_t(row)])
            return QColor(0xd3, 0x2f, 0x2f);
        if (index.column() == StateColumn && p.state == PostState::Error)
            return QColor(0xd3, 0x2f, 0x2f);
        if (p.isDeleted())
            return QColor(0x90, 0x90, 0x90);
        return QVariant();
    case Qt::FontRole:
        if (index.column() == JobColumn && m_noJob[size_t(row)]) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == ContentColumn)
            return p.content.left(1000);
        return QVariant();
    case PostIdRole:
        return p.id;
    case SortRole:
        switch (index.column()) {
        case PublishDateColumn:
            return p.publishDate;
        case FireTimeColumn: {
            const Job *j = job(row);
            return j && j->fireTime ? QVariant(*j->fireTime) : QVariant();
        }
        case CreatedColumn:
            return p.createdAt ? QVariant(*p.createdAt) : QVariant();
        case DeletedColumn:
            return p.deletedAt ? QVariant(*p.deletedAt) : QVariant();
        default:
            return data(index, Qt::DisplayRole);
        }
    case StateKeyRole:
        return stateKey(p);
    case IntegrationIdRole:
        return p.integrationId;
    case NoJobRole:
        return bool(m_noJob[size_t(row)]);
    default:
        return QVariant();
    }
}

bool PostsTableModel::lessThanRows(int left, int right, int column) const
{
    const Post &a = post(left);
    const Post &b = post(right);
    int c = 0;
    switch (column) {
    case PublishDateColumn:
        c = cmp(a.publishDate, b.publishDate);
        break;
    case StateColumn:
        c = cmp(int(a.state), int(b.state));
        break;
    case AccountColumn:
        c = QString::compare(accountName(left), accountName(right), Qt::CaseInsensitive);
        break;
    case JobColumn:
        c = QString::compare(jobText(left), jobText(right));
        break;
    case FireTimeColumn: {
        const Job *ja = job(left), *jb = job(right);
        c = cmpOpt(ja ? ja->fireTime : std::nullopt, jb ? jb->fireTime : std::nullopt);
        break;
    }
    case CreatedColumn:
        c = cmpOpt(a.createdAt, b.createdAt);
        break;
    case DeletedColumn:
        c = cmpOpt(a.deletedAt, b.deletedAt);
        break;
    case IdColumn:
        c = QString::compare(a.id, b.id);
        break;
    case GroupColumn:
        c = QString::compare(a.group, b.group);
        break;
    case ContentColumn:
        c = QString::compare(a.content, b.content, Qt::CaseInsensitive);
        break;
    default:
        break;
    }
    if (c == 0)
        c = cmp(a.publishDate, b.publishDate);
    return c < 0 || (c == 0 && left < right);
}

std::vector<std::pair<QString, QString>> PostsTableModel::stateFilters() const
{
    return {{QStringLiteral("All states"), QString()},
            {QStringLiteral("QUEUE"), QStringLiteral("QUEUE")},
            {QStringLiteral("PUBLISHED"), QStringLiteral("PUBLISHED")},
            {QStringLiteral("ERROR"), QStringLiteral("ERROR")},
            {QStringLiteral("DRAFT"), QStringLiteral("DRAFT")},
            {QStringLiteral("QUEUE without job"), QStringLiteral(":nojob")},
            {QStringLiteral("Deleted"), QStringLiteral(":deleted")},
            {QStringLiteral("Not deleted"), QStringLiteral(":live")}};
}

bool PostsTableModel::acceptsRow(int row, const QString &key, const QString &integrationId, const QString &text) const
{
    const Post &p = post(row);
    if (!key.isEmpty()) {
        if (key == QLatin1String(":nojob")) {
            if (!m_noJob[size_t(row)])
                return false;
        } else if (key == QLatin1String(":deleted")) {
            if (!p.isDeleted())
                return false;
        } else if (key == QLatin1String(":live")) {
            if (p.isDeleted())
                return false;
        } else if (stateKey(p) != key) {
            return false;
        }
    }
    if (!integrationId.isEmpty() && p.integrationId != integrationId)
        return false;
    if (text.isEmpty())
        return true;
    return p.id.contains(text, Qt::CaseInsensitive) || p.content.contains(text, Qt::CaseInsensitive)
        || accountName(row).contains(text, Qt::CaseInsensitive) || p.group.contains(text, Qt::CaseInsensitive)
        || p.error.contains(text, Qt::CaseInsensitive) || p.title.contains(text, Qt::CaseInsensitive);
}

} // namespace postscope
