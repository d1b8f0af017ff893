#pragma once

#include "analysis.h"
#include "tablesprep.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QTimer;

namespace postscope {

class JobsTableModel;
class PostsTableModel;
class SnapshotTableModel;
class TableFilterProxy;

// The snapshot as two sortable, filterable tables (posts, jobs), linked to the rest of
// the window by post ids.
class TablesPane : public QWidget
{
    Q_OBJECT
public:
    explicit TablesPane(QWidget *parent = nullptr);

    void setAnalysis(const Analysis &analysis);   // keeps the selection, sort and filters
    void selectPosts(const QStringList &postIds); // no signal loop: must not re-emit for programmatic selection
    QStringList selectedPosts() const;
    // Each table's current sort: what a worker preparing the next Analysis must build
    // (prepareTables(analysis, tableSorts())) for the hand-over to cost no sort.
    TableSorts tableSorts() const;

    enum Tab { PostsTab, JobsTab };
    PostsTableModel *postsModel() const { return m_postsModel; }
    JobsTableModel *jobsModel() const { return m_jobsModel; }
    TableFilterProxy *proxy(Tab tab) const { return m_pages[tab].proxy; }
    QTableView *view(Tab tab) const { return m_pages[tab].view; }
    void setCurrentTab(Tab tab);
    // The filter widgets' effect at once, without the typing delay.
    void setStateFilter(Tab tab, const QString &key);
    void setIntegrationFilter(Tab tab, const QString &integrationId);
    void setTextFilter(Tab tab, const QString &text);

Q_SIGNALS:
    void selectionChanged(const QStringList &postIds);
    // A table was sorted by another column or order (tableSorts() has it).
    void tableSortsChanged();

private:
    struct Page {
        SnapshotTableModel *model = nullptr;
        TableFilterProxy *proxy = nullptr;
        QTableView *view = nullptr;
        QComboBox *state = nullptr;
        QComboBox *integration = nullptr;
        QLineEdit *search = nullptr;
        QLabel *count = nullptr;
        QTimer *searchTimer = nullptr;
        QString name;
    };
    QWidget *buildPage(Tab tab, SnapshotTableModel *model, const QString &name);
    void setComboFilter(Tab tab, QComboBox *combo, const QString &value, const std::function<void()> &apply);
    void fillIntegrations(Page &page);
    void updateCount(Tab tab);
    void applySelection(Page &page, const QStringList &postIds);
    void userSelectionChanged(Tab tab);
    QStringList postsOf(const Page &page) const;

    Analysis m_analysis;
    QTabWidget *m_tabs = nullptr;
    PostsTableModel *m_postsModel = nullptr;
    JobsTableModel *m_jobsModel = nullptr;
    Page m_pages[2];
    QStringList m_selected;
    TableSorts m_sorts;
    bool m_applying = false;
};

} // namespace postscope
