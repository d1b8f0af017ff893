#include "lanemodel.h"

#include "timelinetheme.h"

#include <QColor>
#include <QFont>

namespace postscope {

namespace {
// Organisation rows have internal id 0; lane rows carry their organisation row + 1.
constexpr quintptr orgRowId = 0;

QColor providerColour(const QString &provider)
{
    if (provider == QLatin1String("x"))
        return QColor(0x14, 0x17, 0x1a);
    if (provider.startsWith(QLatin1String("instagram")))
        return okabeito::reddishPurple;
    if (provider.startsWith(QLatin1String("linkedin")))
        return okabeito::blue;
    if (provider == QLatin1String("facebook"))
        return okabeito::skyBlue;
    if (provider == QLatin1String("threads"))
        return QColor(0x80, 0x80, 0x80);
    return QColor();
}
} // namespace

LaneModel::LaneModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void LaneModel::setData(std::shared_ptr<const TimelineData> data)
{
    beginResetModel();
    m_data = std::move(data);
    endResetModel();
}

QString LaneModel::flagsText(const Lane &lane)
{
    QStringList f;
    if (lane.disabled)
        f << QStringLiteral("disabled");
    if (lane.refreshNeeded)
        f << QStringLiteral("refresh needed");
    if (lane.deleted)
        f << QStringLiteral("deleted");
    if (lane.missing)
        f << QStringLiteral("not captured");
    if (lane.findings > 0)
        f << (lane.findings == 1 ? QStringLiteral("1 finding") : QStringLiteral("%1 findings").arg(lane.findings));
    return f.join(QStringLiteral(", "));
}

QModelIndex LaneModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!m_data || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (size_t(row) >= m_data->organizations().size())
            return {};
        return createIndex(row, column, orgRowId);
    }
    if (parent.internalId() != orgRowId || parent.column() != 0)
        return {};
    const OrgInfo &org = m_data->organizations()[size_t(parent.row())];
    if (size_t(row) >= org.lanes.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex LaneModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == orgRowId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, orgRowId);
}

int LaneModel::rowCount(const QModelIndex &parent) const
{
    if (!m_data)
        return 0;
    if (!parent.isValid())
        return int(m_data->organizations().size());
    if (parent.internalId() != orgRowId || parent.column() != 0)
        return 0;
    return int(m_data->organizations()[size_t(parent.row())].lanes.size());
}

int LaneModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

int LaneModel::laneOf(const QModelIndex &index) const
{
    if (!index.isValid() || !m_data)
        return -1;
    if (index.internalId() == orgRowId)
        return m_data->organizations()[size_t(index.row())].summaryLane;
    return m_data->organizations()[size_t(index.internalId() - 1)].lanes[size_t(index.row())];
}

QModelIndex LaneModel::indexOfLane(int laneIndex, int column) const
{
    if (!m_data || laneIndex < 0 || size_t(laneIndex) >= m_data->lanes().size())
        return {};
    const Lane &lane = m_data->lane(laneIndex);
    const OrgInfo &org = m_data->organizations()[size_t(lane.organization)];
    if (lane.kind == LaneKind::Organization)
        return index(lane.organization, column);
    const auto it = std::find(org.lanes.begin(), org.lanes.end(), laneIndex);
    if (it == org.lanes.end())
        return {};
    return index(int(it - org.lanes.begin()), column, index(lane.organization, 0));
}

QVariant LaneModel::data(const QModelIndex &index, int role) const
{
    const int li = laneOf(index);
    if (li < 0)
        return {};
    const Lane &lane = m_data->lane(li);
    const bool org = lane.kind == LaneKind::Organization;
    switch (role) {
    case LaneRole: return li;
    case KindRole: return int(lane.kind);
    case IdRole: return lane.id;
    case OrganizationRole: return lane.organizationId;
    case FindingsRole: return lane.findings;
    case PostCountRole: return int(lane.posts.size() + lane.children.size());
    case NameRole: return lane.name;
    case SearchTextRole:
        return QString(lane.name % QLatin1Char(' ') % lane.provider % QLatin1Char(' ') % lane.id % QLatin1Char(' ')
                       % flagsText(lane));
    default: break;
    }
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return org ? QString(lane.name % QStringLiteral("  (") % QString::number(m_data->organizations()[size_t(lane.organization)].lanes.size())
                                 % QLatin1Char(')'))
                       : lane.name;
        if (role == Qt::FontRole && org) {
            QFont f;
            f.setBold(true);
            return f;
        }
        if (role == Qt::ToolTipRole)
            return QString(lane.name % QLatin1Char('\n') % (org ? QStringLiteral("organisation ") : QStringLiteral("integration "))
                           % lane.id % QStringLiteral("\n") % QString::number(lane.posts.size() + lane.children.size())
                           % QStringLiteral(" posts, ") % QString::number(lane.jobs.size()) % QStringLiteral(" jobs"));
        break;
    case ProviderColumn:
        if (role == Qt::DisplayRole)
            return lane.provider;
        if (role == Qt::DecorationRole && !org) {
            const QColor c = providerColour(lane.provider);
            if (c.isValid())
                return c;
        }
        break;
    case FlagsColumn:
        if (role == Qt::DisplayRole && !org)
            return flagsText(lane);
        if (role == Qt::DisplayRole && lane.findings > 0)
            return lane.findings == 1 ? QStringLiteral("1 finding") : QStringLiteral("%1 findings").arg(lane.findings);
        if (role == Qt::ForegroundRole && (lane.disabled || lane.refreshNeeded || lane.missing))
            return QColor(okabeito::vermillion);
        break;
    default: break;
    }
    return {};
}

QVariant LaneModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return QStringLiteral("Integration");
    case ProviderColumn: return QStringLiteral("Provider");
    case FlagsColumn: return QStringLiteral("Flags");
    case TimeColumn: return QStringLiteral("Time");
    default: return {};
    }
}

Qt::ItemFlags LaneModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | (index.internalId() == orgRowId ? Qt::NoItemFlags : Qt::ItemNeverHasChildren);
}

LaneFilterModel::LaneFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void LaneFilterModel::setFilterString(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void LaneFilterModel::setOnlyWithFindings(bool on)
{
    if (on == m_onlyFindings)
        return;
    m_onlyFindings = on;
    invalidateFilter();
}

void LaneFilterModel::setSortKey(SortKey key)
{
    m_sortKey = key;
    invalidate();
    sort(0, Qt::AscendingOrder);
}

bool LaneFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // Organisation rows stay when any of their lanes does (recursive filtering).
    if (!sourceParent.isValid())
        return m_text.isEmpty() && !m_onlyFindings;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_onlyFindings && idx.data(LaneModel::FindingsRole).toInt() == 0)
        return false;
    if (m_text.isEmpty())
        return true;
    const QString hay = idx.data(LaneModel::SearchTextRole).toString() % QLatin1Char(' ')
        % sourceParent.data(LaneModel::NameRole).toString();
    const QStringList words = m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &w : words) {
        if (!hay.contains(w, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool LaneFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int ll = left.data(LaneModel::LaneRole).toInt(), rl = right.data(LaneModel::LaneRole).toInt();
    auto byName = [&] {
        const int c = QString::compare(left.data(LaneModel::NameRole).toString(), right.data(LaneModel::NameRole).toString(),
                                       Qt::CaseInsensitive);
        return c != 0 ? c < 0 : ll < rl;
    };
    switch (m_sortKey) {
    case SortKey::Name:
        return byName();
    case SortKey::Findings: {
        const int lf = left.data(LaneModel::FindingsRole).toInt(), rf = right.data(LaneModel::FindingsRole).toInt();
        return lf != rf ? lf > rf : byName();
    }
    case SortKey::Organization:
        if (!left.parent().isValid()) // organisations by name, lanes in capture order
            return byName();
        return left.row() < right.row();
    }
    return false;
}

} // namespace postscope
