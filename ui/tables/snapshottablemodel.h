#pragma once

#include "analysis.h"
#include "tablesprep.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace postscope {

// What the tables' proxy and pane need from a row model, typed so that sorting and
// filtering 100,000 rows never go through QVariant or format a date.
//
// Rows stand in the table's default sort order (TablesPrep::Table::order): the proxy
// shows that order, ascending or reversed, without sorting. Comparisons between rows
// break ties by capture order, so any sort gives the same rows whatever the row order.
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Kind { Posts, Jobs };
    SnapshotTableModel(Kind kind, QStringList headers, QObject *parent = nullptr);

    // Uses analysis.tablesPrep when it is there (built on a worker), else prepares here.
    void setAnalysis(const Analysis &analysis);
    const Analysis &analysis() const { return m_analysis; }
    const TablesPrep *prep() const { return m_prep.get(); }

    // The post a row stands for (a job row maps to its post), empty when none.
    QString postIdAt(int row) const;
    QList<int> rowsOfPost(const QString &postId) const;
    virtual bool lessThanRows(int left, int right, int column) const = 0;
    // stateKey / integrationId empty = any; text is matched case-insensitively.
    virtual bool acceptsRow(int row, const QString &stateKey, const QString &integrationId, const QString &text) const = 0;
    // The state filter's entries: (label, key).
    virtual std::vector<std::pair<QString, QString>> stateFilters() const = 0;
    // The column the rows are ordered by (ascending) without any sorting.
    virtual int defaultSortColumn() const = 0;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    const TablesPrep::Table &table() const { return m_kind == Kind::Posts ? m_prep->posts : m_prep->jobs; }
    // The row's item: its index in Snapshot::posts() or jobs().
    int itemAt(int row) const { return table().order[size_t(row)]; }
    QString accountOf(int item) const;
    // A comparison result `c` of two rows' cells as lessThan, ties by capture order.
    bool lessOrFirst(int c, int left, int right) const
    {
        return c < 0 || (c == 0 && itemAt(left) < itemAt(right));
    }

    Analysis m_analysis;

private:
    Kind m_kind;
    QStringList m_headers;
    std::shared_ptr<const TablesPrep> m_prep;
};

} // namespace postscope
