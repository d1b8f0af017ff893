#pragma once

#include "analysis.h"
#include "tablesprep.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace postscope {

// What the tables' proxy and pane need from a row model, typed so that sorting and
// filtering 100,000 rows never go through QVariant or format a date.
//
// The model sorts itself: its rows stand in its current sort's order (sort(); the proxy
// never sorts). A new Analysis whose prep was built for that sort (on the rules worker)
// is served as it is, without sorting on the GUI thread; sortBy() (a header click)
// reorders the rows keeping persistent indexes. Comparisons break ties by capture order.
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Kind { Posts, Jobs };
    SnapshotTableModel(Kind kind, QStringList headers, QObject *parent = nullptr);

    // Uses analysis.tablesPrep when it is there (built on a worker), else prepares here;
    // sorts here only when the prep was built for another sort than sort().
    void setAnalysis(const Analysis &analysis);
    // Reorders the rows for `column` (-1: the default column) and `order`, as a layout
    // change: persistent indexes (the views' selections) follow their rows.
    void sortBy(int column, Qt::SortOrder order);
    // The sort the rows stand in, normalised (column resolved).
    TableSort sort() const { return m_sort; }
    // How many times this model sorted rows itself (on the GUI thread); a reversal of
    // the same column is no sort. For tests and benchmarks.
    int sortCount() const { return m_sortCount; }
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
    // The column the table is sorted by (ascending) until the user sorts it otherwise.
    virtual int defaultSortColumn() const = 0;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    const TablesPrep::Table &table() const { return m_kind == Kind::Posts ? m_prep->posts : m_prep->jobs; }
    // The row's item: its index in Snapshot::posts() or jobs().
    int itemAt(int row) const { return m_order[size_t(row)]; }
    QString accountOf(int item) const;

    Analysis m_analysis;

private:
    bool isJobs() const { return m_kind == Kind::Jobs; }
    void setOrder(std::vector<int> order);

    Kind m_kind;
    QStringList m_headers;
    std::shared_ptr<const TablesPrep> m_prep;
    TableSort m_sort;
    std::vector<int> m_order;     // row -> item
    std::vector<int> m_rowOfItem; // item -> row
    int m_sortCount = 0;
};

} // namespace postscope
