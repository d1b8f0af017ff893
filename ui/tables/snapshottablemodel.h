#pragma once

#include "analysis.h"

#include <QAbstractTableModel>

namespace postscope {

// What the tables' proxy and pane need from a row model, typed so that sorting and
// filtering 100,000 rows never go through QVariant or format a date.
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    virtual void setAnalysis(const Analysis &analysis) = 0;
    // The post a row stands for (a job row maps to its post), empty when none.
    virtual QString postIdAt(int row) const = 0;
    virtual QList<int> rowsOfPost(const QString &postId) const = 0;
    virtual bool lessThanRows(int left, int right, int column) const = 0;
    // stateKey / integrationId empty = any; text is matched case-insensitively.
    virtual bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const = 0;
    // The state filter's entries: (label, key).
    virtual std::vector<std::pair<QString, QString>> stateFilters() const = 0;
    virtual int defaultSortColumn() const = 0;
};

} // namespace postscope
