#include "activitymodel.h"

#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace postscope {

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString formatDurationUs(qint64 us)
{
    if (us < 1000)
        return QStringLiteral("%1 µs").arg(us);
    if (us < 1000000)
        return QStringLiteral("%1 ms").arg(double(us) / 1000.0, 0, 'f', us < 10000 ? 2 : 1);
    return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', 2);
}

ActivityModel::ActivityModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ActivityModel::setSnapshot(SnapshotPtr snapshot)
{
    beginResetModel();
    m_snapshot = std::move(snapshot);
    endResetModel();
}

int ActivityModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_snapshot)
        return 0;
    return int(m_snapshot->activity().size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActivityEntry &a = m_snapshot->activity()[size_t(index.row())];
    if (role == SortRole) {
        switch (index.column()) {
        case StartedColumn:
            return a.startedAt;
        case DurationColumn:
            return a.durationUs;
        case RowsColumn:
            return a.rows;
        case BytesColumn:
            return a.bytes;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SourceColumn:
            return a.source;
        case StartedColumn:
            return QDateTime::fromMSecsSinceEpoch(a.startedAt, Qt::UTC).toString(QStringLiteral("HH:mm:ss.zzz"));
        case DurationColumn:
            return formatDurationUs(a.durationUs);
        case RowsColumn:
            return QLocale().toString(a.rows);
        case BytesColumn:
            return formatBytes(a.bytes);
        case CommandColumn: {
            QString t = a.text;
            t.replace(QLatin1Char('\n'), QLatin1Char(' '));
            return t.size() > 300 ? t.left(300) + QStringLiteral("…") : t;
        }
        case ErrorColumn:
            return a.error;
        }
    }
    if (role == Qt::ToolTipRole && (index.column() == CommandColumn || index.column() == ErrorColumn))
        return index.column() == CommandColumn ? a.text : a.error;
    if (role == Qt::TextAlignmentRole && (index.column() == DurationColumn || index.column() == RowsColumn || index.column() == BytesColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && !a.error.isEmpty())
        return QColor(0xc0, 0x39, 0x2b);
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SourceColumn:
        return QStringLiteral("Source");
    case StartedColumn:
        return QStringLiteral("Started (UTC)");
    case DurationColumn:
        return QStringLiteral("Duration");
    case RowsColumn:
        return QStringLiteral("Rows / replies");
    case BytesColumn:
        return QStringLiteral("Bytes");
    case CommandColumn:
        return QStringLiteral("Query / command");
    case ErrorColumn:
        return QStringLiteral("Error");
    }
    return {};
}

ActivityModel::Totals ActivityModel::totals(const QString &source) const
{
    Totals t;
    if (!m_snapshot)
        return t;
    for (const ActivityEntry &a : m_snapshot->activity()) {
        if (!source.isEmpty() && a.source != source)
            continue;
        ++t.commands;
        t.errors += a.error.isEmpty() ? 0 : 1;
        t.durationUs += a.durationUs;
        t.rows += a.rows;
        t.bytes += a.bytes;
    }
    return t;
}

} // namespace postscope
