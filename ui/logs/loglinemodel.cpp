#include "loglinemodel.h"

#include <QDateTime>
#include <QFileInfo>

namespace postscope {

LogLineModel::LogLineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LogLineModel::setSnapshot(SnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
}

int LogLineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_snapshot ? 0 : int(m_snapshot->logLines().size());
}

int LogLineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogLineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &l = m_snapshot->logLines()[size_t(index.row())];
    switch (role) {
    case PostIdsRole:
        return l.postIds;
    case LinkedRole:
        return !l.postIds.isEmpty();
    case SortRole:
        if (index.column() == TimeColumn)
            return l.time.value_or(-1);
        if (index.column() == SourceColumn)
            return QStringLiteral("%1\n%2").arg(l.file).arg(l.lineNumber, 12, 10, QLatin1Char('0'));
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return l.time ? QDateTime::fromMSecsSinceEpoch(*l.time, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                          : QStringLiteral("—");
        case KindColumn:
            return l.kind;
        case PostsColumn:
            return l.postIds.join(QStringLiteral(", "));
        case SourceColumn:
            return QStringLiteral("%1:%2").arg(QFileInfo(l.file).fileName()).arg(l.lineNumber);
        case TextColumn: {
            const qsizetype nl = l.text.indexOf(QLatin1Char('\n'));
            const QString first = nl < 0 ? l.text : l.text.left(nl) + QStringLiteral(" …");
            return first.size() > 400 ? first.left(400) + QStringLiteral("…") : first;
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TextColumn)
            return l.text.left(2000);
        if (index.column() == SourceColumn)
            return QStringLiteral("%1, line %2").arg(l.file).arg(l.lineNumber);
        if (index.column() == TimeColumn && !l.time)
            return QStringLiteral("This line carries no time stamp");
        break;
    default:
        break;
    }
    return {};
}

QVariant LogLineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time (UTC)");
    case KindColumn:
        return QStringLiteral("Kind");
    case PostsColumn:
        return QStringLiteral("Posts");
    case SourceColumn:
        return QStringLiteral("File:line");
    case TextColumn:
        return QStringLiteral("Line");
    }
    return {};
}

void LogLineFilter::setOnlyLinked(bool on)
{
    if (m_onlyLinked == on)
        return;
    m_onlyLinked = on;
    invalidateFilter();
}

bool LogLineFilter::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const QModelIndex first = sourceModel()->index(row, 0, parent);
    if (m_onlyLinked && !first.data(LogLineModel::LinkedRole).toBool())
        return false;
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
}

} // namespace postscope
