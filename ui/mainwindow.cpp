#include "mainwindow.h"

#include "activity/activitypane.h"
#include "capture/capturecontroller.h"
#include "connection/connectionpane.h"
#include "logs/logpane.h"
#include "sources/logsource.h"
#include "sources/snapshotfile.h"

#if __has_include("timeline/timelineview.h")
#include "timeline/timelineview.h"
#define POSTSCOPE_HAVE_TIMELINE 1
#endif
#if __has_include("findings/findingspanel.h")
#include "findings/findingspanel.h"
#define POSTSCOPE_HAVE_FINDINGS 1
#endif
#if __has_include("details/detailspane.h")
#include "details/detailspane.h"
#define POSTSCOPE_HAVE_DETAILS 1
#endif
#if __has_include("compare/compareview.h")
#include "compare/compareview.h"
#define POSTSCOPE_HAVE_COMPARE 1
#endif
#if __has_include("tables/tablespane.h")
#include "tables/tablespane.h"
#define POSTSCOPE_HAVE_TABLES 1
#endif
#if __has_include("report/reportdialog.h")
#include "report/reportdialog.h"
#define POSTSCOPE_HAVE_REPORT_DIALOG 1
#endif

#include <QActionGroup>

#include <algorithm>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace postscope {

namespace {
constexpr int maxRecentFiles = 10;
// Below this many posts the rules run inline (a few ms): the first paint then already
// shows the findings. Larger snapshots are diagnosed on a worker thread.
constexpr size_t inlineDiagnosisPosts = 2000;

QString utcText(qint64 ms, const QString &format = QStringLiteral("yyyy-MM-dd HH:mm:ss"))
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(format) + QStringLiteral(" UTC");
}

QString skewText(const QString &name, std::optional<qint64> server, std::optional<qint64> local)
{
    if (!server || !local)
        return QString();
    const qint64 d = *server - *local;
    if (std::abs(d) < 1000)
        return QStringLiteral("%1 %2%3 ms").arg(name, d >= 0 ? QStringLiteral("+") : QString()).arg(d);
    return QStringLiteral("%1 %2%3 s").arg(name, d >= 0 ? QStringLiteral("+") : QString()).arg(double(d) / 1000.0, 0, 'f', 1);
}

[[maybe_unused]] QWidget *placeholder(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setEnabled(false);
    return label;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new CaptureController(this))
    , m_autoRefresh(new QTimer(this))
{
    setWindowTitle(QStringLiteral("postscope"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    buildCentre();
    buildDocks();
    buildMenus();
    buildStatusBar();

    connect(m_controller, &CaptureController::analysisReady, this, [this](const Analysis &a, bool fromCapture) {
        if (fromCapture) {
            m_captureError.clear();
            m_connection->showError(QString());
        }
        applyAnalysis(a);
    });
    connect(m_controller, &CaptureController::captureFailed, this, [this](const QString &error, const CaptureResult &result) {
        // The previous snapshot stays; the attempt's commands still show in the activity pane.
        if (result.snapshot && !result.snapshot->activity().empty())
            m_activity->setSnapshot(result.snapshot);
        showCaptureError(error);
    });
    connect(m_controller, &CaptureController::capturingChanged, this, [this](bool on) {
        m_connection->setCapturing(on);
        m_refreshAction->setEnabled(!on);
        m_cancelAction->setEnabled(on);
        m_progress->setVisible(on);
        m_progressCancel->setVisible(on);
        if (on) {
            m_progress->setRange(0, 0);
            m_progress->setFormat(QStringLiteral("Connecting…"));
        }
    });
    connect(m_controller, &CaptureController::progress, this, [this](const QString &stage, qint64 done, qint64 total) {
        if (total > 0) {
            m_progress->setRange(0, 1000);
            m_progress->setValue(int(std::clamp<qint64>(done * 1000 / total, 0, 1000)));
            m_progress->setFormat(QStringLiteral("%1 (%2 / %3)").arg(stage).arg(done).arg(total));
        } else {
            m_progress->setRange(0, 0);
            m_progress->setFormat(stage);
        }
        m_progress->setToolTip(stage);
    });
    connect(m_autoRefresh, &QTimer::timeout, this, [this]() {
        if (!isCapturing())
            refresh();
    });
    connect(m_connection, &ConnectionPane::captureRequested, this, &MainWindow::refresh);
    connect(m_connection, &ConnectionPane::cancelRequested, this, &MainWindow::cancelCapture);
    connect(m_connection, &ConnectionPane::autoRefreshChanged, this, &MainWindow::setAutoRefresh);

    resize(QSize(1280, 800).boundedTo(QSize(1600, 1000)));
    restoreSettings();
    updateBanner();
    updateStatus();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

QDockWidget *MainWindow::dock(const QString &objectName) const
{
    return findChild<QDockWidget *>(objectName);
}

void MainWindow::buildCentre()
{
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_bannerFrame = new QWidget(central);
    m_bannerFrame->setObjectName(QStringLiteral("demoBanner"));
    m_bannerFrame->setAutoFillBackground(true);
    auto *bannerLayout = new QHBoxLayout(m_bannerFrame);
    m_banner = new QLabel(m_bannerFrame);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    bannerLayout->addWidget(m_banner, 1);
    m_connectButton = new QPushButton(QStringLiteral("Connect…"), m_bannerFrame);
    m_connectButton->setToolTip(QStringLiteral("Open the connection pane to capture a live Postiz"));
    connect(m_connectButton, &QPushButton::clicked, this, [this]() {
        if (QDockWidget *d = dock(QStringLiteral("connectionDock"))) {
            d->show();
            d->raise();
            m_connection->setFocus();
        }
    });
    bannerLayout->addWidget(m_connectButton);
    layout->addWidget(m_bannerFrame);

    m_errorFrame = new QWidget(central);
    m_errorFrame->setObjectName(QStringLiteral("errorBanner"));
    m_errorFrame->setAutoFillBackground(true);
    {
        QPalette p = m_errorFrame->palette();
        p.setColor(QPalette::Window, QColor(0xf8, 0xd7, 0xda));
        p.setColor(QPalette::WindowText, QColor(0x84, 0x20, 0x29));
        m_errorFrame->setPalette(p);
    }
    auto *errorLayout = new QHBoxLayout(m_errorFrame);
    m_error = new QLabel(m_errorFrame);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorLayout->addWidget(m_error, 1);
    auto *retry = new QPushButton(QStringLiteral("Retry"), m_errorFrame);
    connect(retry, &QPushButton::clicked, this, &MainWindow::refresh);
    errorLayout->addWidget(retry);
    auto *dismiss = new QPushButton(QStringLiteral("Dismiss"), m_errorFrame);
    connect(dismiss, &QPushButton::clicked, this, [this]() { m_errorFrame->hide(); });
    errorLayout->addWidget(dismiss);
    m_errorFrame->hide();
    layout->addWidget(m_errorFrame);

#ifdef POSTSCOPE_HAVE_TIMELINE
    m_timeline = new TimelineView(central);
    m_timelineWidget = m_timeline;
    connect(m_timeline, &TimelineView::selectionChanged, this,
            [this](const QStringList &ids) { onViewSelection(ids, m_timeline); });
    connect(m_timeline, &TimelineView::compareRequested, this, &MainWindow::comparePair);
#else
    m_placeholderText = qobject_cast<QLabel *>(placeholder(QStringLiteral("The timeline is not built into this version."), central));
    m_timelineWidget = m_placeholderText;
#endif
    m_timelineWidget->setObjectName(QStringLiteral("timeline"));
    layout->addWidget(m_timelineWidget, 1);
    setCentralWidget(central);
}

void MainWindow::buildDocks()
{
#ifdef POSTSCOPE_HAVE_FINDINGS
    m_findings = new FindingsPanel(this);
    m_findingsWidget = m_findings;
    connect(m_findings, &FindingsPanel::findingSelected, this, &MainWindow::onFindingSelected);
    connect(m_findings, &FindingsPanel::postActivated, this, [this](const QString &id) { selectPosts({id}, true); });
#else
    m_findingsWidget = placeholder(QStringLiteral("Findings are not built into this version."), this);
#endif
#ifdef POSTSCOPE_HAVE_DETAILS
    m_details = new DetailsPane(this);
    m_detailsWidget = m_details;
    connect(m_details, &DetailsPane::postActivated, this, [this](const QString &id) { selectPosts({id}, true); });
#else
    m_detailsWidget = placeholder(QStringLiteral("Select a post to see its details."), this);
#endif
#ifdef POSTSCOPE_HAVE_COMPARE
    m_compareView = new CompareView(this);
    m_compareWidget = m_compareView;
    connect(m_compareView, &CompareView::postActivated, this, [this](const QString &id) { selectPosts({id}, true); });
#else
    m_compareWidget = placeholder(QStringLiteral("Ctrl+click two posts to compare them."), this);
#endif
#ifdef POSTSCOPE_HAVE_TABLES
    m_tables = new TablesPane(this);
    m_tablesWidget = m_tables;
    connect(m_tables, &TablesPane::selectionChanged, this, [this](const QStringList &ids) { onViewSelection(ids, m_tables); });
    // The rules worker prepares the tables' rows in the order they are shown in.
    m_controller->setTableSorts(m_tables->tableSorts());
    connect(m_tables, &TablesPane::tableSortsChanged, this, [this]() { m_controller->setTableSorts(m_tables->tableSorts()); });
#else
    m_tablesWidget = placeholder(QStringLiteral("Post and job tables are not built into this version."), this);
#endif
    m_logs = new LogPane(this);
    connect(m_logs, &LogPane::postSelected, this, [this](const QStringList &ids) { onViewSelection(ids, m_logs); });
    connect(m_logs, &LogPane::openRequested, this, &MainWindow::openLogDialog);
    m_activity = new ActivityPane(this);
    m_connection = new ConnectionPane(this);
    m_gaps = new QTreeWidget(this);
    m_gaps->setHeaderLabels({QStringLiteral("Source"), QStringLiteral("What"), QStringLiteral("Why")});
    m_gaps->setRootIsDecorated(false);
    m_gaps->setAlternatingRowColors(true);
    m_gaps->setWordWrap(true);

    QDockWidget *findings = addDock(QStringLiteral("Findings"), QStringLiteral("findingsDock"), m_findingsWidget, Qt::LeftDockWidgetArea);
    // The connection form is taller than a laptop screen's dock: let it scroll.
    auto *connectionScroll = new QScrollArea(this);
    connectionScroll->setWidgetResizable(true);
    connectionScroll->setFrameShape(QFrame::NoFrame);
    connectionScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connectionScroll->setWidget(m_connection);
    QDockWidget *connection = addDock(QStringLiteral("Connection"), QStringLiteral("connectionDock"), connectionScroll, Qt::LeftDockWidgetArea);
    tabifyDockWidget(findings, connection);
    findings->raise();

    QDockWidget *details = addDock(QStringLiteral("Details"), QStringLiteral("detailsDock"), m_detailsWidget, Qt::RightDockWidgetArea);
    QDockWidget *compare = addDock(QStringLiteral("Compare"), QStringLiteral("compareDock"), m_compareWidget, Qt::RightDockWidgetArea);
    tabifyDockWidget(details, compare);
    details->raise();

    QDockWidget *tables = addDock(QStringLiteral("Tables"), QStringLiteral("tablesDock"), m_tablesWidget, Qt::BottomDockWidgetArea);
    QDockWidget *logs = addDock(QStringLiteral("Logs"), QStringLiteral("logsDock"), m_logs, Qt::BottomDockWidgetArea);
    QDockWidget *activity = addDock(QStringLiteral("Activity"), QStringLiteral("activityDock"), m_activity, Qt::BottomDockWidgetArea);
    QDockWidget *gaps = addDock(QStringLiteral("Gaps"), QStringLiteral("gapsDock"), m_gaps, Qt::BottomDockWidgetArea);
    tabifyDockWidget(tables, logs);
    tabifyDockWidget(logs, activity);
    tabifyDockWidget(activity, gaps);
    tables->raise();

    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&Open snapshot…"), QKeySequence::Open, this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(QStringLiteral("Open &recent"));
    file->addAction(QStringLiteral("Open &demo"), this, &MainWindow::openDemo);
    file->addAction(QStringLiteral("Open &log…"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &MainWindow::openLogDialog);
    file->addSeparator();
    m_saveAction = file->addAction(QStringLiteral("&Save snapshot…"), QKeySequence::Save, this, [this]() { saveDialog(false); });
    m_saveRedactedAction = file->addAction(QStringLiteral("Save &redacted snapshot…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                                           this, [this]() { saveDialog(true); });
    m_saveRedactedAction->setToolTip(QStringLiteral("Post contents and other private text replaced, for sharing"));
    m_exportAction = file->addAction(QStringLiteral("&Export report…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, &MainWindow::exportReport);
#ifndef POSTSCOPE_HAVE_REPORT_DIALOG
    m_exportAction->setEnabled(false);
    m_exportAction->setToolTip(QStringLiteral("Reports are not built into this version"));
#endif
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *capture = menuBar()->addMenu(QStringLiteral("&Capture"));
    m_refreshAction = capture->addAction(QStringLiteral("&Capture / refresh"), QKeySequence(Qt::Key_F5), this, &MainWindow::refresh);
    m_cancelAction = capture->addAction(QStringLiteral("C&ancel capture"), this, &MainWindow::cancelCapture);
    m_cancelAction->setEnabled(false);
    capture->addAction(QStringLiteral("C&onnection…"), QKeySequence(Qt::CTRL | Qt::Key_K), this, [this]() {
        m_connectButton->click();
    });

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(QStringLiteral("&Find…"), QKeySequence::Find, this, [this]() {
        if (QDockWidget *d = dock(QStringLiteral("findingsDock"))) {
            d->show();
            d->raise();
        }
        if (auto *search = m_findingsWidget->findChild<QLineEdit *>()) {
            search->setFocus();
            search->selectAll();
        } else {
            m_findingsWidget->setFocus();
        }
    });
    QAction *fitAll = view->addAction(QStringLiteral("Fit &all"), QKeySequence(Qt::Key_Home));
    QAction *fitSelection = view->addAction(QStringLiteral("Fit &selection"), QKeySequence(Qt::Key_F));
    // Plain keys must not steal typing from line edits: only when the timeline has focus.
    fitAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    fitSelection->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_timelineWidget->addAction(fitAll);
    m_timelineWidget->addAction(fitSelection);
#ifdef POSTSCOPE_HAVE_TIMELINE
    connect(fitAll, &QAction::triggered, m_timeline, &TimelineView::fitAll);
    connect(fitSelection, &QAction::triggered, m_timeline, &TimelineView::fitSelection);
#else
    fitAll->setEnabled(false);
    fitSelection->setEnabled(false);
#endif
    view->addSeparator();
    const QStringList paneNames{QStringLiteral("Timeline"), QStringLiteral("Findings"), QStringLiteral("Details"),
                                QStringLiteral("Tables"), QStringLiteral("Logs")};
    for (int i = 0; i < paneNames.size(); ++i) {
        view->addAction(QStringLiteral("Focus %1").arg(paneNames[i]), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)), this,
                        [this, i]() { focusPane(i + 1); });
    }
    view->addSeparator();
    QMenu *panes = view->addMenu(QStringLiteral("&Panes"));
    const auto docks = findChildren<QDockWidget *>();
    for (QDockWidget *d : docks)
        panes->addAction(d->toggleViewAction());
    QMenu *themeMenu = view->addMenu(QStringLiteral("&Theme"));
    auto *group = new QActionGroup(this);
    for (theme::Mode mode : {theme::Mode::System, theme::Mode::Light, theme::Mode::Dark}) {
        const QString name = theme::toString(mode);
        QAction *a = themeMenu->addAction(name.left(1).toUpper() + name.mid(1), this, [this, mode]() { setTheme(mode); });
        a->setCheckable(true);
        a->setData(name);
        group->addAction(a);
        m_themeActions.append(a);
    }

    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About postscope"), this, [this]() {
        QMessageBox::about(this, QStringLiteral("About postscope"),
                           QStringLiteral("<b>postscope %1</b><p>A read-only inspector for Postiz's PostgreSQL and "
                                          "its BullMQ queue in Redis.</p>")
                               .arg(QStringLiteral(POSTSCOPE_VERSION)));
    });

    QToolBar *bar = addToolBar(QStringLiteral("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_refreshAction);
    bar->addAction(m_cancelAction);
    bar->addSeparator();
    bar->addAction(QStringLiteral("Open…"), this, &MainWindow::openDialog);
    bar->addAction(QStringLiteral("Open log…"), this, &MainWindow::openLogDialog);
    bar->addAction(m_saveAction);
    bar->addAction(m_exportAction);
}

void MainWindow::buildStatusBar()
{
    m_statusCapture = new QLabel(this);
    m_statusClocks = new QLabel(this);
    m_statusGaps = new QToolButton(this);
    m_statusGaps->setAutoRaise(true);
    m_statusGaps->setToolTip(QStringLiteral("What could not be read: show the list"));
    connect(m_statusGaps, &QToolButton::clicked, this, [this]() {
        if (QDockWidget *d = dock(QStringLiteral("gapsDock"))) {
            d->show();
            d->raise();
        }
    });
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_progress->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('M')) * 24);
    m_progress->hide();
    m_progressCancel = new QToolButton(this);
    m_progressCancel->setText(QStringLiteral("Cancel"));
    m_progressCancel->hide();
    connect(m_progressCancel, &QToolButton::clicked, this, &MainWindow::cancelCapture);
    statusBar()->addWidget(m_statusCapture, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_progressCancel);
    statusBar()->addPermanentWidget(m_statusClocks);
    statusBar()->addPermanentWidget(m_statusGaps);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    setTheme(theme::modeFromString(settings.value(QStringLiteral("window/theme")).toString()));
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray();
    if (!state.isEmpty())
        m_defaultLayoutPending = !restoreState(state);
    rebuildRecentMenu();
    const QString last = m_connection->profiles()->lastProfile();
    if (!last.isEmpty())
        m_connection->loadProfile(last);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_defaultLayoutPending)
        return;
    m_defaultLayoutPending = false;
    // First start: docks in proportion to the window, at least a readable width in font
    // units (so it scales with DPI and font size), the timeline keeping most of the room.
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    if (width() < em * 140) {
        // A laptop screen: two side columns would leave the timeline a sliver, so Details
        // and Compare join the tabs under it (Compare is raised when a pair is chosen).
        QDockWidget *tables = dock(QStringLiteral("tablesDock"));
        for (const QString &name : {QStringLiteral("detailsDock"), QStringLiteral("compareDock")}) {
            QDockWidget *d = dock(name);
            // Their natural height is more than a laptop's bottom area: scroll instead
            // of pushing the timeline up.
            if (!qobject_cast<QScrollArea *>(d->widget())) {
                auto *scroll = new QScrollArea(d);
                scroll->setWidgetResizable(true);
                scroll->setFrameShape(QFrame::NoFrame);
                scroll->setWidget(d->widget());
                d->setWidget(scroll);
            }
            removeDockWidget(d);
            addDockWidget(Qt::BottomDockWidgetArea, d);
            tabifyDockWidget(tables, d);
            d->show();
        }
        tables->raise();
        resizeDocks({dock(QStringLiteral("findingsDock"))}, {std::max(em * 18, width() / 4)}, Qt::Horizontal);
        resizeDocks({tables}, {std::max(fontMetrics().height() * 10, height() * 35 / 100)}, Qt::Vertical);
        return;
    }
    const int side = std::max(em * 18, width() / 6);
    resizeDocks({dock(QStringLiteral("findingsDock")), dock(QStringLiteral("detailsDock"))}, {side, side}, Qt::Horizontal);
    resizeDocks({dock(QStringLiteral("tablesDock"))}, {std::max(fontMetrics().height() * 10, height() * 3 / 10)}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    m_controller->cancel();
    QMainWindow::closeEvent(event);
}

void MainWindow::setTheme(theme::Mode mode)
{
    theme::apply(mode);
    QSettings().setValue(QStringLiteral("window/theme"), theme::toString(mode));
    for (QAction *a : std::as_const(m_themeActions))
        a->setChecked(a->data().toString() == theme::toString(mode));
    updateBanner();
    // Views that paint their own colours pick the palette up on the next analysis or repaint.
    if (m_analysis.snapshot)
        applyAnalysis(m_analysis);
}

// ------------------------------------------------------------------ analyses

void MainWindow::setSnapshot(SnapshotPtr snapshot, const QString &origin, bool demo)
{
    if (!snapshot)
        return;
    if (snapshot->posts().size() <= inlineDiagnosisPosts) {
        Analysis a;
        a.snapshot = snapshot;
        a.origin = origin;
        a.demo = demo;
        a.diagnosis = std::make_shared<const Diagnosis>(diagnose(*snapshot, RuleContext::forSnapshot(*snapshot)));
        m_controller->supersede();
        applyAnalysis(a);
        return;
    }
    m_controller->analyse(std::move(snapshot), origin, demo);
}

void MainWindow::applyAnalysis(Analysis analysis)
{
    if (!analysis.snapshot)
        return;
    const bool newOrigin = !m_analysis.snapshot || m_analysis.origin != analysis.origin;
    // The previous snapshot is freed on a worker below, not here: 100,000 posts take
    // tens of milliseconds to destroy.
    Analysis previous = std::move(m_analysis);
    m_analysis = analysis;
    const Snapshot &s = *analysis.snapshot;
    m_applying = true;
    // POSTSCOPE_TIMING=1 prints what each view's setAnalysis costs on the GUI thread.
    static const bool timing = qEnvironmentVariableIsSet("POSTSCOPE_TIMING");
    QElapsedTimer clock;
    clock.start();
    auto lap = [&clock](const char *what) {
        if (timing)
            qInfo("applyAnalysis: %s %.1f ms", what, double(clock.nsecsElapsed()) / 1e6);
        clock.restart();
    };
#ifdef POSTSCOPE_HAVE_TIMELINE
    m_timeline->setAnalysis(analysis);
    lap("timeline");
#endif
#ifdef POSTSCOPE_HAVE_FINDINGS
    m_findings->setAnalysis(analysis);
    lap("findings");
#endif
#ifdef POSTSCOPE_HAVE_DETAILS
    m_details->setAnalysis(analysis);
    lap("details");
#endif
#ifdef POSTSCOPE_HAVE_COMPARE
    m_compareView->setAnalysis(analysis);
    lap("compare");
#endif
#ifdef POSTSCOPE_HAVE_TABLES
    m_tables->setAnalysis(analysis);
    lap("tables");
#endif
    m_logs->setSnapshot(analysis.snapshot);
    m_activity->setSnapshot(analysis.snapshot);
    m_connection->setChoices(s);
    lap("logs, activity, connection");
    // Whatever of it the views no longer hold (snapshot, diagnosis, the views' arrays)
    // is destroyed on a worker.
    if (previous.snapshot)
        (void)QtConcurrent::run([previous = std::move(previous)]() mutable { previous = Analysis(); });

    m_gaps->clear();
    for (const Gap &g : s.gaps()) {
        auto *item = new QTreeWidgetItem(m_gaps, {g.source, g.subject, g.reason});
        item->setToolTip(2, g.reason);
    }
    m_gaps->header()->resizeSections(QHeaderView::ResizeToContents);

    // The selection survives a refresh by ids: keep the ids the new snapshot still has.
    QStringList kept;
    for (const QString &id : std::as_const(m_selection)) {
        if (s.post(id))
            kept.append(id);
    }
    m_selection.clear();
    if (!kept.isEmpty() && !newOrigin)
        selectPosts(kept, false);
    else if (newOrigin)
        selectPosts({}, false);
    m_applying = false;

    const bool demo = analysis.demo;
    setWindowTitle(demo ? QStringLiteral("postscope — demo data")
                        : QStringLiteral("postscope — %1").arg(analysis.origin));
    m_saveAction->setEnabled(true);
    m_saveRedactedAction->setEnabled(true);
    updateBanner();
    updateStatus();
    Q_EMIT analysisApplied(analysis.diagnosis != nullptr);
}

void MainWindow::updateBanner()
{
    const bool demo = m_analysis.demo;
    m_bannerFrame->setVisible(demo);
    if (!demo)
        return;
    QPalette p = m_bannerFrame->palette();
    const bool dark = theme::isDark();
    p.setColor(QPalette::Window, dark ? QColor(0x4d, 0x3d, 0x0a) : QColor(0xff, 0xf3, 0xcd));
    p.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xe6, 0x9c) : QColor(0x66, 0x4d, 0x03));
    m_bannerFrame->setPalette(p);
    m_banner->setText(QStringLiteral("<b>Demo data.</b> You are looking at the embedded demo snapshot of a small Postiz "
                                     "workspace (the seed's case: two posts at 14:30, one lost its job), not a live "
                                     "server. Connect to your Postiz PostgreSQL and Redis to inspect your own."));
}

void MainWindow::updateStatus()
{
    if (!m_analysis.snapshot) {
        m_statusCapture->setText(QStringLiteral("No snapshot"));
        m_statusClocks->clear();
        m_statusGaps->hide();
        return;
    }
    const Snapshot &s = *m_analysis.snapshot;
    QString when = s.capturedAt() ? utcText(s.capturedAt()) : QStringLiteral("unknown time");
    if (s.data().captureFinishedAt > s.capturedAt() && s.capturedAt() > 0)
    {
        const qint64 took = s.data().captureFinishedAt - s.capturedAt();
        when += took < 1000 ? QStringLiteral(" in %1 ms").arg(took) : QStringLiteral(" in %1 s").arg(double(took) / 1000.0, 0, 'f', 1);
    }
    m_statusCapture->setText(QStringLiteral("%1 · captured %2 · %3 posts · %4 jobs · %5 events%6")
                                 .arg(m_analysis.demo ? QStringLiteral("Demo") : m_analysis.origin)
                                 .arg(when)
                                 .arg(s.posts().size())
                                 .arg(s.jobs().size())
                                 .arg(s.events().size())
                                 .arg(s.logLines().empty() ? QString() : QStringLiteral(" · %1 log lines").arg(s.logLines().size())));
    m_statusCapture->setToolTip(m_analysis.origin);
    const ServerFacts &f = s.server();
    QStringList clocks;
    const QString redis = skewText(QStringLiteral("Redis"), f.redisTime, f.localTime);
    const QString pg = skewText(QStringLiteral("PostgreSQL"), f.postgresNow, f.localTime);
    if (!redis.isEmpty())
        clocks.append(redis);
    if (!pg.isEmpty())
        clocks.append(pg);
    m_statusClocks->setText(clocks.isEmpty() ? QString() : QStringLiteral("Clocks vs local: %1").arg(clocks.join(QStringLiteral(", "))));
    QStringList tip;
    if (f.redisTime)
        tip.append(QStringLiteral("Redis TIME: %1").arg(utcText(*f.redisTime, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    if (f.postgresNow)
        tip.append(QStringLiteral("PostgreSQL now(): %1").arg(utcText(*f.postgresNow, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    if (f.localTime)
        tip.append(QStringLiteral("This machine: %1").arg(utcText(*f.localTime, QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))));
    m_statusClocks->setToolTip(tip.join(QLatin1Char('\n')));
    const int gaps = int(s.gaps().size());
    m_statusGaps->setVisible(gaps > 0);
    m_statusGaps->setText(gaps == 1 ? QStringLiteral("1 gap") : QStringLiteral("%1 gaps").arg(gaps));
}

// ------------------------------------------------------------------ selection

void MainWindow::selectPosts(const QStringList &postIds, bool zoomTo)
{
    onViewSelection(postIds, nullptr);
    if (zoomTo) {
#ifdef POSTSCOPE_HAVE_TIMELINE
        m_syncing = true;
        m_timeline->selectPosts(postIds, true);
        m_syncing = false;
#endif
    }
}

void MainWindow::onViewSelection(const QStringList &postIds, QObject *source)
{
    if (m_syncing)
        return;
    m_syncing = true;
    m_selection = postIds;
    if (m_analysis.snapshot) {
        QStringList integrations;
        for (const QString &id : postIds) {
            const Post *p = m_analysis.snapshot->post(id);
            if (p && !p->integrationId.isEmpty() && !integrations.contains(p->integrationId))
                integrations << p->integrationId;
        }
        m_connection->setSelectionIntegrations(integrations);
    }
#ifdef POSTSCOPE_HAVE_TIMELINE
    if (source != m_timeline && m_timeline->selectedPosts() != postIds)
        m_timeline->selectPosts(postIds, false);
#endif
#ifdef POSTSCOPE_HAVE_TABLES
    if (source != m_tables)
        m_tables->selectPosts(postIds);
#endif
#ifdef POSTSCOPE_HAVE_DETAILS
    m_details->showPost(postIds.value(0));
#endif
    if (source != m_logs)
        m_logs->showPost(postIds.value(0));
    m_syncing = false;
    if (postIds.size() == 2 && !m_applying)
        comparePair(postIds[0], postIds[1]);
}

void MainWindow::onFindingSelected(const QStringList &postIds, const QString &ruleId)
{
    Q_UNUSED(ruleId);
#ifdef POSTSCOPE_HAVE_TIMELINE
    m_timeline->setHighlightedPosts(postIds);
#endif
    if (postIds.isEmpty())
        return;
    // A finding re-selected by a refresh keeps the user's zoom.
    selectPosts(postIds, !m_applying);
}

void MainWindow::comparePair(const QString &a, const QString &b)
{
    m_compare = {a, b};
#ifdef POSTSCOPE_HAVE_COMPARE
    m_compareView->comparePosts(a, b);
#endif
    if (QDockWidget *d = dock(QStringLiteral("compareDock"))) {
        d->show();
        d->raise();
    }
}

void MainWindow::focusPane(int number)
{
    static const char *const docks[] = {nullptr, "findingsDock", "detailsDock", "tablesDock", "logsDock"};
    if (number < 1 || number > 5)
        return;
    if (number == 1) {
        m_timelineWidget->setFocus(Qt::ShortcutFocusReason);
        return;
    }
    if (QDockWidget *d = dock(QLatin1String(docks[number - 1]))) {
        d->show();
        d->raise();
        if (d->widget())
            d->widget()->setFocus(Qt::ShortcutFocusReason);
    }
}

// ------------------------------------------------------------------ capture

void MainWindow::refresh()
{
    const CaptureRequest request = m_connection->request();
    if (!request.usePostgres && !request.useRedis) {
        showCaptureError(QStringLiteral("Give a PostgreSQL URL, a Redis URL or both in the connection pane, then capture."));
        m_connectButton->click();
        return;
    }
    m_controller->capture(request, m_connection->originName());
}

void MainWindow::cancelCapture()
{
    m_controller->cancel();
}

bool MainWindow::isCapturing() const
{
    return m_controller->isCapturing();
}

void MainWindow::setAutoRefresh(int seconds)
{
    if (seconds <= 0) {
        m_autoRefresh->stop();
        return;
    }
    m_autoRefresh->start(seconds * 1000);
}

void MainWindow::showCaptureError(const QString &error)
{
    m_captureError = error;
    QString shown = error;
    if (m_analysis.snapshot)
        shown += QStringLiteral("\nStill showing the previous snapshot (%1).")
                     .arg(m_analysis.demo ? QStringLiteral("demo data") : m_analysis.origin);
    m_error->setText(QStringLiteral("Capture failed: %1").arg(shown));
    m_errorFrame->show();
    m_connection->showError(error);
    statusBar()->showMessage(QStringLiteral("Capture failed: %1").arg(error), 10000);
    Q_EMIT captureFailed(error);
}

// ------------------------------------------------------------------ files

bool MainWindow::openDemo()
{
    SnapshotData data;
    QString error;
    if (!snapshotfile::loadDemo(&data, &error)) {
        QMessageBox::warning(this, QStringLiteral("postscope"), error);
        return false;
    }
    setSnapshot(std::make_shared<const Snapshot>(std::move(data)), QStringLiteral("demo"), true);
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, QStringLiteral("Open snapshot"), QString(),
                                                      QStringLiteral("postscope snapshots (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::openFile(const QString &path)
{
    SnapshotData data;
    QString error;
    if (!snapshotfile::load(path, &data, &error)) {
        statusBar()->showMessage(QStringLiteral("Cannot open %1").arg(path), 10000);
        if (isVisible())
            QMessageBox::warning(this, QStringLiteral("Cannot open snapshot"), error);
        return false;
    }
    addRecentFile(QFileInfo(path).absoluteFilePath());
    setSnapshot(std::make_shared<const Snapshot>(std::move(data)), QFileInfo(path).absoluteFilePath(), false);
    return true;
}

bool MainWindow::saveSnapshot(const QString &path, bool redact, QString *error)
{
    if (!m_analysis.snapshot)
        return false;
    QString e;
    if (!snapshotfile::save(path, m_analysis.snapshot->data(), redact, &e)) {
        if (error)
            *error = e;
        return false;
    }
    addRecentFile(QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(QStringLiteral("Saved %1%2").arg(path, redact ? QStringLiteral(" (redacted)") : QString()), 5000);
    return true;
}

void MainWindow::saveDialog(bool redact)
{
    if (!m_analysis.snapshot)
        return;
    const QString suggested = QStringLiteral("postscope-%1%2.json")
                                  .arg(QDateTime::fromMSecsSinceEpoch(m_analysis.snapshot->capturedAt(), Qt::UTC)
                                           .toString(QStringLiteral("yyyyMMdd-HHmmss")),
                                       redact ? QStringLiteral("-redacted") : QString());
    const QString path = QFileDialog::getSaveFileName(this, redact ? QStringLiteral("Save redacted snapshot") : QStringLiteral("Save snapshot"),
                                                      suggested, QStringLiteral("postscope snapshots (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveSnapshot(path, redact, &error))
        QMessageBox::warning(this, QStringLiteral("Cannot save snapshot"), error);
}

bool MainWindow::openLogFiles(const QStringList &paths, QString *error)
{
    if (!m_analysis.snapshot || paths.isEmpty())
        return false;
    std::vector<LogLine> lines;
    QStringList problems;
    for (const QString &path : paths) {
        QString e;
        std::vector<LogLine> got = readLogFile(path, *m_analysis.snapshot, &e);
        if (!e.isEmpty())
            problems.append(e);
        lines.insert(lines.end(), std::make_move_iterator(got.begin()), std::make_move_iterator(got.end()));
    }
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.join(QLatin1Char('\n'));
        statusBar()->showMessage(problems.join(QStringLiteral("; ")), 10000);
        if (lines.empty())
            return false;
    }
    int linked = 0;
    for (const LogLine &l : lines)
        linked += l.postIds.isEmpty() ? 0 : 1;
    // A new snapshot: the old one stays immutable for anyone still holding it.
    auto merged = std::make_shared<const Snapshot>(withLogLines(m_analysis.snapshot->data(), lines));
    setSnapshot(merged, m_analysis.origin, m_analysis.demo);
    if (QDockWidget *d = dock(QStringLiteral("logsDock"))) {
        d->show();
        d->raise();
    }
    statusBar()->showMessage(QStringLiteral("%1 log lines kept, %2 linked to posts").arg(lines.size()).arg(linked), 8000);
    return true;
}

void MainWindow::openLogDialog()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, QStringLiteral("Open log files"), QString(),
                                                            QStringLiteral("Logs (*.log *.txt);;All files (*)"));
    if (paths.isEmpty())
        return;
    QString error;
    if (!openLogFiles(paths, &error) && !error.isEmpty())
        QMessageBox::warning(this, QStringLiteral("Cannot read log"), error);
}

void MainWindow::exportReport()
{
#ifdef POSTSCOPE_HAVE_REPORT_DIALOG
    if (m_analysis.snapshot)
        exportReportDialog(this, m_analysis, m_compare);
#endif
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        m_recentMenu->addAction(QStringLiteral("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(path).fileName()), this,
                                [this, path]() { openFile(path); })
            ->setToolTip(path);
    }
    if (!files.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(QStringLiteral("Clear list"), this, [this]() {
            QSettings().remove(QStringLiteral("recentFiles"));
            rebuildRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl &url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList logs;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        // .json is a snapshot; anything else is read as a log against the current snapshot.
        if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            openFile(path);
        else
            logs.append(path);
    }
    if (!logs.isEmpty())
        openLogFiles(logs);
    event->acceptProposedAction();
}

bool MainWindow::demoBannerVisible() const
{
    return m_bannerFrame->isVisibleTo(this);
}

QString MainWindow::bannerText() const
{
    return m_banner->text();
}

QString MainWindow::errorText() const
{
    return m_errorFrame->isVisibleTo(this) ? m_error->text() : QString();
}

QString MainWindow::statusText() const
{
    return m_statusCapture->text() + QStringLiteral(" | ") + m_statusClocks->text() + QStringLiteral(" | ")
        + (m_statusGaps->isVisibleTo(this) ? m_statusGaps->text() : QString());
}

} // namespace postscope
