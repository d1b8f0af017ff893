#pragma once

#include "analysis.h"
#include "theme/theme.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTimer;
class QToolButton;
class QTreeWidget;

namespace postscope {

class ActivityPane;
class CaptureController;
class ConnectionPane;
class LogPane;
class CompareView;
class DetailsPane;
class FindingsPanel;
class TablesPane;
class TimelineView;

// The inspector window: the timeline in the centre; findings, details, compare, tables,
// logs, activity, connection and gaps as docks. Every snapshot (demo, file, capture, log
// merge) arrives as an Analysis from the CaptureController (rules run off the GUI thread)
// and is handed to every view; the selection is kept by post ids so it survives refreshes.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows `snapshot` (the rules run on a worker unless it is small) — kept for gui.cpp.
    void setSnapshot(SnapshotPtr snapshot, const QString &origin, bool demo);
    SnapshotPtr snapshot() const { return m_analysis.snapshot; }
    const Analysis &analysis() const { return m_analysis; }
    bool openFile(const QString &path);
    bool openDemo();
    bool openLogFiles(const QStringList &paths, QString *error = nullptr);
    bool saveSnapshot(const QString &path, bool redact, QString *error = nullptr);

    // Starts a capture with the connection pane's settings (F5).
    void refresh();
    void cancelCapture();
    void setAutoRefresh(int seconds); // 0 = off
    bool isCapturing() const;

    // Selection by post ids, shared by every view.
    void selectPosts(const QStringList &postIds, bool zoomTo = false);
    QStringList selectedPosts() const { return m_selection; }

    // Pieces, for tests and the screenshot hook.
    ConnectionPane *connectionPane() const { return m_connection; }
    CaptureController *controller() const { return m_controller; }
    ActivityPane *activityPane() const { return m_activity; }
    LogPane *logPane() const { return m_logs; }
    QTreeWidget *gapsList() const { return m_gaps; }
    QWidget *timelineWidget() const { return m_timelineWidget; }
    QWidget *findingsWidget() const { return m_findingsWidget; }
    QWidget *tablesWidget() const { return m_tablesWidget; }
    QWidget *detailsWidget() const { return m_detailsWidget; }
    QWidget *compareWidget() const { return m_compareWidget; }
    QDockWidget *dock(const QString &objectName) const;
    bool demoBannerVisible() const;
    QString bannerText() const;
    QString errorText() const; // the capture error shown in place, empty when none
    QString statusText() const;
    QStringList recentFiles() const;
    void setTheme(theme::Mode mode);

Q_SIGNALS:
    // A new Analysis is shown in every view (with diagnosis when `diagnosed`).
    void analysisApplied(bool diagnosed);
    void captureFailed(const QString &error);

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildCentre();
    void buildDocks();
    void buildMenus();
    void buildStatusBar();
    void restoreSettings();
    void applyAnalysis(Analysis analysis); // by value: callers may pass m_analysis itself
    void updateBanner();
    void updateStatus();
    void showCaptureError(const QString &error);
    void onFindingSelected(const QStringList &postIds, const QString &ruleId);
    void onViewSelection(const QStringList &postIds, QObject *source);
    void comparePair(const QString &a, const QString &b);
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void openDialog();
    void saveDialog(bool redact);
    void openLogDialog();
    void exportReport();
    void focusPane(int number);
    QDockWidget *addDock(const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area);

    Analysis m_analysis;
    QStringList m_selection;
    QStringList m_compare;
    bool m_syncing = false;   // inside a programmatic selection: ignore the views' echoes
    bool m_applying = false;  // inside applyAnalysis: a kept finding must not re-zoom
    bool m_defaultLayoutPending = true; // no saved dock layout: size the docks on first show
    QString m_captureError;

    CaptureController *m_controller = nullptr;
    QTimer *m_autoRefresh = nullptr;

    QWidget *m_bannerFrame = nullptr;
    QLabel *m_banner = nullptr;
    QPushButton *m_connectButton = nullptr;
    QWidget *m_errorFrame = nullptr;
    QLabel *m_error = nullptr;

    QWidget *m_timelineWidget = nullptr;
    QWidget *m_findingsWidget = nullptr;
    QWidget *m_detailsWidget = nullptr;
    QWidget *m_compareWidget = nullptr;
    QWidget *m_tablesWidget = nullptr;
    TimelineView *m_timeline = nullptr;
    FindingsPanel *m_findings = nullptr;
    DetailsPane *m_details = nullptr;
    CompareView *m_compareView = nullptr;
    TablesPane *m_tables = nullptr;
    LogPane *m_logs = nullptr;
    ActivityPane *m_activity = nullptr;
    ConnectionPane *m_connection = nullptr;
    QTreeWidget *m_gaps = nullptr;
    QLabel *m_placeholderText = nullptr; // until the real timeline exists

    QLabel *m_statusCapture = nullptr;
    QLabel *m_statusClocks = nullptr;
    QToolButton *m_statusGaps = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_progressCancel = nullptr;

    QMenu *m_recentMenu = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveRedactedAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QList<QAction *> m_themeActions;
};

} // namespace postscope
