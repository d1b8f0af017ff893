#pragma once

#include "core/snapshot.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace postscope {

class ActivityModel;

// What the capture did to the servers: every query and command with its duration and
// result size, sortable and filterable, with totals per source, and a copy button so
// a support person can paste the list into a ticket.
class ActivityPane : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPane(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    QString totalsText() const;
    QString text() const; // the visible rows as tab-separated text
    QTableView *view() const { return m_view; }
    ActivityModel *model() const { return m_model; }

private:
    void updateTotals();

    ActivityModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_totals = nullptr;
};

} // namespace postscope
