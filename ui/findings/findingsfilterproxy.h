#pragma once

#include <QSortFilterProxyModel>

#include <array>

namespace postscope {

// Filters a FindingsModel by group (severity, skipped) and by a search text; group rows
// show "Critical (3 of 14)" while a search narrows them.
class FindingsFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FindingsFilterProxy(QObject *parent = nullptr);

    void setGroupEnabled(int group, bool enabled);
    bool isGroupEnabled(int group) const;
    void setSearchText(const QString &text);
    QString searchText() const { return m_search; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matches(const QModelIndex &sourceIndex) const;

    std::array<bool, 4> m_enabled {true, true, true, true};
    QString m_search;      // lower case
    QStringList m_words;   // every word must match
};

} // namespace postscope
