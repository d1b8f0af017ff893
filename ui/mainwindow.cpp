#include "mainwindow.h"

#include "sources/snapshotfile.h"

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace postscope {

namespace {
QString timeText(std::optional<qint64> ms)
{
    if (!ms)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(*ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("postscope"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    layout->addWidget(m_banner);
    m_tree = new QTreeWidget(central);
    m_tree->setHeaderLabels({QStringLiteral("Integration / post"), QStringLiteral("Publish date"),
                             QStringLiteral("DB state"), QStringLiteral("Job"), QStringLiteral("Fires at"),
                             QStringLiteral("Events")});
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    layout->addWidget(m_tree);
    setCentralWidget(central);

    auto *dock = new QDockWidget(QStringLiteral("Not read"), this);
    dock->setObjectName(QStringLiteral("gapsDock"));
    m_gaps = new QTreeWidget(dock);
    m_gaps->setHeaderLabels({QStringLiteral("Source"), QStringLiteral("What"), QStringLiteral("Why")});
    dock->setWidget(m_gaps);
    addDockWidget(Qt::BottomDockWidgetArea, dock);

    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&Open snapshot…"), QKeySequence::Open, this, &MainWindow::openDialog);
    file->addAction(QStringLiteral("Open &demo"), this, [this]() {
        SnapshotData data;
        QString error;
        if (snapshotfile::loadDemo(&data, &error))
            setSnapshot(std::make_shared<const Snapshot>(std::move(data)), QStringLiteral("demo"), true);
    });
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    resize(1280, 800);
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
        QMessageBox::warning(this, QStringLiteral("Cannot open snapshot"), error);
        return false;
    }
    setSnapshot(std::make_shared<const Snapshot>(std::move(data)), path, false);
    return true;
}

void MainWindow::setSnapshot(SnapshotPtr snapshot, const QString &origin, bool demo)
{
    m_snapshot = std::move(snapshot);
    const Snapshot &s = *m_snapshot;
    m_banner->setText(demo ? QStringLiteral("<b>Demo data.</b> This is the embedded demo snapshot of a small Postiz "
                                            "workspace, not a live server.")
                           : QStringLiteral("Snapshot: %1").arg(origin.toHtmlEscaped()));
    m_banner->setStyleSheet(demo ? QStringLiteral("background:#fff3cd; color:#664d03;") : QString());

    m_tree->clear();
    for (const Organization &org : s.organizations()) {
        auto *orgItem = new QTreeWidgetItem(m_tree, {org.name});
        for (const Integration &in : s.integrations()) {
            if (in.organizationId != org.id)
                continue;
            QString label = QStringLiteral("%1 (%2)").arg(in.name, in.providerIdentifier);
            if (in.disabled)
                label += QStringLiteral(" [disabled]");
            if (in.refreshNeeded)
                label += QStringLiteral(" [refresh needed]");
            auto *inItem = new QTreeWidgetItem(orgItem, {label});
            for (int row : s.postsOfIntegration(in.id)) {
                const Post &p = s.posts()[row];
                const Job *job = s.jobForPost(p.id);
                QString state = toString(p.state);
                if (p.isDeleted())
                    state += QStringLiteral(" (deleted)");
                QStringList events;
                for (int e : s.eventsForJob(p.id))
                    events.append(s.events()[e].event);
                new QTreeWidgetItem(inItem, {p.id, timeText(p.publishDate), state,
                                             job ? toString(job->state) : QStringLiteral("no job"),
                                             job ? timeText(job->fireTime) : QString(), events.join(QStringLiteral(", "))});
            }
        }
    }
    m_tree->expandAll();
    m_tree->header()->resizeSections(QHeaderView::ResizeToContents);

    m_gaps->clear();
    for (const Gap &g : s.gaps())
        new QTreeWidgetItem(m_gaps, {g.source, g.subject, g.reason});
    // The dock only takes room when something could not be read.
    if (auto *dock = qobject_cast<QDockWidget *>(m_gaps->parentWidget()))
        dock->setVisible(!s.gaps().empty());
    statusBar()->showMessage(QStringLiteral("Captured %1 · %2 posts · %3 jobs · %4 events · %5 gaps")
                                 .arg(timeText(s.capturedAt()))
                                 .arg(s.posts().size())
                                 .arg(s.jobs().size())
                                 .arg(s.events().size())
                                 .arg(s.gaps().size()));
}

} // namespace postscope
