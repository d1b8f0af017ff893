#include "poststablemodel.h"

#include <QColor>
#include <QFont>

namespace postscope {

using tablecells::compare;

namespace {
QString stateKey(const Post &p)
{
    return p.state == PostState::Unknown && !p.stateText.isEmpty() ? p.stateText : toString(p.state);
}

const Job *jobOfItem(const Snapshot &s, const TablesPrep &prep, int item)
{
    const int j = prep.jobOfPost[size_t(item)];
    return j < 0 ? nullptr : &s.jobs()[size_t(j)];
}

QString jobTextOfItem(const Snapshot &s, const TablesPrep &prep, int item)
{
    if (const Job *j = jobOfItem(s, prep, item))
        return toString(j->state) + (j->stalled ? QStringLiteral(" (stalled)") : QString());
    return prep.noJob[size_t(item)] ? QStringLiteral("NO JOB") : QStringLiteral("—");
}

QString accountOfItem(const TablesPrep &prep, int item)
{
    const int a = prep.posts.account[size_t(item)];
    return a < 0 ? QString() : prep.accounts[size_t(a)];
}
} // namespace

PostsTableModel::PostsTableModel(QObject *parent)
    : SnapshotTableModel(Kind::Posts,
                         {QStringLiteral("publishDate (UTC)"), QStringLiteral("State"), QStringLiteral("Account"),
                          QStringLiteral("Job"), QStringLiteral("Job fires (UTC)"), QStringLiteral("createdAt (UTC)"),
                          QStringLiteral("deletedAt (UTC)"), QStringLiteral("Post id"), QStringLiteral("Group"),
                          QStringLiteral("Content")},
                         parent)
{
}

const Job *PostsTableModel::job(int row) const
{
    return jobOfItem(*m_analysis.snapshot, *prep(), itemAt(row));
}

QString PostsTableModel::jobText(int row) const
{
    return jobTextOfItem(*m_analysis.snapshot, *prep(), itemAt(row));
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
            return tablecells::time(p.publishDate);
        case StateColumn:
            return stateKey(p);
        case AccountColumn:
            return accountOf(itemAt(row));
        case JobColumn:
            return jobText(row);
        case FireTimeColumn: {
            const Job *j = job(row);
            return j ? tablecells::time(j->fireTime) : QString();
        }
        case CreatedColumn:
            return tablecells::time(p.createdAt);
        case DeletedColumn:
            return tablecells::time(p.deletedAt);
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
        if (index.column() == JobColumn && noJob(row))
            return QColor(0xd3, 0x2f, 0x2f);
        if (index.column() == StateColumn && p.state == PostState::Error)
            return QColor(0xd3, 0x2f, 0x2f);
        if (p.isDeleted())
            return QColor(0x90, 0x90, 0x90);
        return QVariant();
    case Qt::FontRole:
        if (index.column() == JobColumn && noJob(row)) {
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
        return noJob(row);
    default:
        return QVariant();
    }
}

bool PostsTableModel::lessThanRows(int left, int right, int column) const
{
    return lessThanItems(*m_analysis.snapshot, *prep(), itemAt(left), itemAt(right), column);
}

bool PostsTableModel::lessThanItems(const Snapshot &s, const TablesPrep &prep, int ia, int ib, int column)
{
    const Post &a = s.posts()[size_t(ia)];
    const Post &b = s.posts()[size_t(ib)];
    int c = 0;
    switch (column) {
    case PublishDateColumn:
        c = compare(a.publishDate, b.publishDate);
        break;
    case StateColumn:
        c = compare(int(a.state), int(b.state));
        break;
    case AccountColumn:
        c = QString::compare(accountOfItem(prep, ia), accountOfItem(prep, ib), Qt::CaseInsensitive);
        break;
    case JobColumn:
        c = QString::compare(jobTextOfItem(s, prep, ia), jobTextOfItem(s, prep, ib));
        break;
    case FireTimeColumn: {
        const Job *ja = jobOfItem(s, prep, ia), *jb = jobOfItem(s, prep, ib);
        c = compare(ja ? ja->fireTime : std::nullopt, jb ? jb->fireTime : std::nullopt);
        break;
    }
    case CreatedColumn:
        c = compare(a.createdAt, b.createdAt);
        break;
    case DeletedColumn:
        c = compare(a.deletedAt, b.deletedAt);
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
        c = compare(a.publishDate, b.publishDate);
    return c < 0 || (c == 0 && ia < ib);
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
            if (!noJob(row))
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
        || accountOf(itemAt(row)).contains(text, Qt::CaseInsensitive) || p.group.contains(text, Qt::CaseInsensitive)
        || p.error.contains(text, Qt::CaseInsensitive) || p.title.contains(text, Qt::CaseInsensitive);
}

} // namespace postscope
