#pragma once

#include "core/snapshot.h"

#include <QMainWindow>

class QLabel;
class QTreeWidget;

namespace postscope {

// The first, plain inspector window: the snapshot as a tree (organisation →
// integration → posts with their jobs) and what could not be read. The timeline,
// findings, details and compare views replace its centre as they land.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    void setSnapshot(SnapshotPtr snapshot, const QString &origin, bool demo);
    SnapshotPtr snapshot() const { return m_snapshot; }
    bool openFile(const QString &path);

private:
    void openDialog();

    SnapshotPtr m_snapshot;
    QLabel *m_banner = nullptr;
    QTreeWidget *m_tree = nullptr;
    QTreeWidget *m_gaps = nullptr;
};

} // namespace postscope
