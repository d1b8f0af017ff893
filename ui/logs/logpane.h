#pragma once

#include "core/snapshot.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace postscope {

class LogLineFilter;
class LogLineModel;

// The log lines merged into the snapshot: filter by text or to the lines linked to a
// post; selecting a line selects its post everywhere.
class LogPane : public QWidget
{
    Q_OBJECT
public:
    explicit LogPane(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot);
    // Selects the first line naming the post, without emitting postSelected.
    void showPost(const QString &postId);
    int visibleRows() const;
    QTableView *view() const { return m_view; }
    QCheckBox *onlyLinkedBox() const { return m_onlyLinked; }

Q_SIGNALS:
    void postSelected(const QStringList &postIds);
    void openRequested();

private:
    void updateSummary();

    LogLineModel *m_model = nullptr;
    LogLineFilter *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_onlyLinked = nullptr;
    QLabel *m_summary = nullptr;
    SnapshotPtr m_snapshot;
    bool m_programmatic = false;
};

} // namespace postscope
