#include "findingsmodel.h"

#include "core/rules/registry.h"

#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

namespace postscope {

namespace {
QColor severityColour(int group)
{
    switch (group) {
    case FindingsModel::CriticalGroup:
        return QColor(0xd3, 0x2f, 0x2f);
    case FindingsModel::WarningGroup:
        return QColor(0xef, 0x8a, 0x00);
    case FindingsModel::InfoGroup:
        return QColor(0x1e, 0x88, 0xe5);
    default:
        return QColor(0x90, 0x90, 0x90);
    }
}
// A small filled dot per severity, made once.
QIcon severityIcon(int group)
{
    static QIcon icons[FindingsModel::GroupCount];
    QIcon &icon = icons[group];
    if (icon.isNull()) {
        QPixmap pm(24, 24);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(severityColour(group));
        p.drawEllipse(QRectF(4, 4, 16, 16));
        p.end();
        icon = QIcon(pm);
    }
    return icon;
}
} // namespace

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

QString FindingsModel::groupName(int group)
{
    switch (group) {
    case CriticalGroup:
        return QStringLiteral("Critical");
    case WarningGroup:
        return QStringLiteral("Warning");
    case InfoGroup:
        return QStringLiteral("Info");
    case SkippedGroup:
        return QStringLiteral("Skipped rules");
    default:
        return QString();
    }
}

int FindingsModel::groupOf(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return CriticalGroup;
    case Severity::Warning:
        return WarningGroup;
    case Severity::Info:
        return InfoGroup;
    }
    return InfoGroup;
}

void FindingsModel::setAnalysis(const Analysis &analysis)
{
    beginResetModel();
    m_analysis = analysis;
    for (auto &r : m_rows)
        r.clear();
    m_searchText.clear();
    m_skippedSearchText.clear();
    if (const Diagnosis *d = m_analysis.diagnosis.get()) {
        const Snapshot *s = m_analysis.snapshot.get();
        m_searchText.reserve(d->findings.size());
        for (size_t i = 0; i < d->findings.size(); ++i) {
            const Finding &f = d->findings[i];
            m_rows[size_t(groupOf(f.severity))].push_back(int(i));
            QString text = f.rule % QLatin1Char('\n') % f.title % QLatin1Char('\n') % f.summary % QLatin1Char('\n')
                % f.posts.join(QLatin1Char(' ')) % QLatin1Char('\n') % f.jobs.join(QLatin1Char(' '))
                % QLatin1Char('\n') % f.integrations.join(QLatin1Char(' ')) % QLatin1Char('\n')
                % f.firedSignals.join(QLatin1Char('\n'));
            if (s) {
                for (const QString &id : f.integrations)
                    if (const Integration *in = s->integration(id))
                        text += QLatin1Char('\n') % in->name % QLatin1Char(' ') % in->providerIdentifier;
            }
            m_searchText.push_back(text.toLower());
        }
        m_skippedSearchText.resize(d->rules.size());
        for (size_t i = 0; i < d->rules.size(); ++i) {
            const RuleRun &r = d->rules[i];
            if (r.status != RuleStatus::Skipped)
                continue;
            m_rows[SkippedGroup].push_back(int(i));
            QString title;
            if (const Rule *rule = findRule(r.id))
                title = rule->info().title;
            m_skippedSearchText[i] = (r.id % QLatin1Char('\n') % title % QLatin1Char('\n') % r.reason).toLower();
        }
    }
    endResetModel();
}

QModelIndex FindingsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return QModelIndex();
    if (!parent.isValid()) {
        if (row >= GroupCount)
            return QModelIndex();
        return createIndex(row, column, quintptr(0));
    }
    if (parent.internalId() != 0 || parent.column() != 0)
        return QModelIndex();
    const int group = parent.row();
    if (row >= int(m_rows[size_t(group)].size()))
        return QModelIndex();
    return createIndex(row, column, quintptr(group + 1));
}

QModelIndex FindingsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return QModelIndex();
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return GroupCount;
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_rows[size_t(parent.row())].size());
}

int FindingsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case TitleColumn:
        return QStringLiteral("Finding");
    case RuleColumn:
        return QStringLiteral("Rule");
    case PostsColumn:
        return QStringLiteral("Posts");
    default:
        return QVariant();
    }
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const Diagnosis *d = m_analysis.diagnosis.get();
    if (index.internalId() == 0) {
        const int group = index.row();
        const int count = int(m_rows[size_t(group)].size());
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == TitleColumn)
                return QString(groupName(group) % QStringLiteral(" (") % QString::number(count) % QLatin1Char(')'));
            return QVariant();
        case Qt::ForegroundRole:
            return index.column() == TitleColumn && count > 0 ? QVariant(severityColour(group)) : QVariant();
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        case KindRole:
            return GroupKind;
        case GroupRole:
            return group;
        case ChildCountRole:
            return count;
        case FindingIndexRole:
        case RuleRunIndexRole:
            return -1;
        case PostIdsRole:
            return QStringList();
        default:
            return QVariant();
        }
    }
    const int group = int(index.internalId() - 1);
    const int item = m_rows[size_t(group)][size_t(index.row())];
    if (!d)
        return QVariant();
    if (group == SkippedGroup) {
        const RuleRun &r = d->rules[size_t(item)];
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == TitleColumn) {
                const Rule *rule = findRule(r.id);
                return QString((rule ? rule->info().title : r.id) % QStringLiteral(" — ") % r.reason);
            }
            if (index.column() == RuleColumn)
                return r.id;
            return QVariant();
        case Qt::ToolTipRole:
            return r.reason;
        case Qt::ForegroundRole:
            return index.column() == TitleColumn ? QVariant(QColor(0x80, 0x80, 0x80)) : QVariant();
        case KindRole:
            return SkippedKind;
        case GroupRole:
            return group;
        case RuleIdRole:
            return r.id;
        case PostIdsRole:
            return QStringList();
        case FindingIndexRole:
            return -1;
        case RuleRunIndexRole:
            return item;
        case SearchTextRole:
            return m_skippedSearchText[size_t(item)];
        default:
            return QVariant();
        }
    }
    const Finding &f = d->findings[size_t(item)];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return f.title;
        case RuleColumn:
            return f.rule;
        case PostsColumn:
            return f.posts.isEmpty() ? QString() : QString::number(f.posts.size());
        default:
            return QVariant();
        }
    case Qt::ToolTipRole:
        return f.summary;
    case Qt::DecorationRole:
        return index.column() == TitleColumn ? QVariant(severityIcon(group)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == PostsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case KindRole:
        return FindingKind;
    case GroupRole:
        return group;
    case RuleIdRole:
        return f.rule;
    case PostIdsRole:
        return f.posts;
    case FindingIndexRole:
        return item;
    case RuleRunIndexRole:
        return -1;
    case SearchTextRole:
        return m_searchText[size_t(item)];
    default:
        return QVariant();
    }
}

QModelIndex FindingsModel::indexOfFinding(const QString &ruleId, const QStringList &postIds) const
{
    const Diagnosis *d = m_analysis.diagnosis.get();
    if (!d)
        return QModelIndex();
    for (int g = 0; g < SkippedGroup; ++g) {
        const auto &rows = m_rows[size_t(g)];
        for (size_t r = 0; r < rows.size(); ++r) {
            const Finding &f = d->findings[size_t(rows[r])];
            if (f.rule == ruleId && f.posts == postIds)
                return index(int(r), 0, index(g, 0));
        }
    }
    return QModelIndex();
}

QModelIndex FindingsModel::indexOfFindingIndex(int findingIndex) const
{
    for (int g = 0; g < SkippedGroup; ++g) {
        const auto &rows = m_rows[size_t(g)];
        for (size_t r = 0; r < rows.size(); ++r)
            if (rows[r] == findingIndex)
                return index(int(r), 0, index(g, 0));
    }
    return QModelIndex();
}

} // namespace postscope
