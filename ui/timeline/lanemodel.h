#pragma once

// The timeline's rows: organisations, each with one row per integration (plus a row for
// jobs and events no post claims). The time column is painted by TimelineDelegate from
// LaneRole; the model itself has no widget code.

#include "timelinedata.h"

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>

#include <memory>

namespace postscope {

class LaneModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ProviderColumn, FlagsColumn, TimeColumn, ColumnCount };
    enum Roles {
        LaneRole = Qt::UserRole + 1, // int: index into TimelineData::lanes()
        KindRole,                    // int: LaneKind
        IdRole,                      // integration id (organisation id on organisation rows)
        OrganizationRole,            // organisation id
        FindingsRole,                // int: findings naming the lane
        PostCountRole,               // int
        NameRole,                    // the name without decoration, for sorting and filtering
        SearchTextRole,              // name, provider, ids: what the text filter matches
    };

    explicit LaneModel(QObject *parent = nullptr);

    void setData(std::shared_ptr<const TimelineData> data);
    const TimelineData *timelineData() const { return m_data.get(); }
    // The source index of a lane (an organisation's summary lane is its org row).
    QModelIndex indexOfLane(int lane, int column = 0) const;

    static QString flagsText(const Lane &lane);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    int laneOf(const QModelIndex &index) const;

    std::shared_ptr<const TimelineData> m_data;
};

// Filtering (text, only lanes with findings) and sorting (name, findings, organisation
// order) of the lanes; an organisation stays while any of its lanes does.
class LaneFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class SortKey { Organization, Name, Findings };

    explicit LaneFilterModel(QObject *parent = nullptr);
    void setFilterString(const QString &text);
    QString filterString() const { return m_text; }
    void setOnlyWithFindings(bool on);
    bool onlyWithFindings() const { return m_onlyFindings; }
    void setSortKey(SortKey key);
    SortKey sortKey() const { return m_sortKey; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    bool m_onlyFindings = false;
    SortKey m_sortKey = SortKey::Organization;
};

} // namespace postscope
