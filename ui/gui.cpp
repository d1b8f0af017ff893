#include "gui.h"

#include "mainwindow.h"
#include "sources/snapshotfile.h"

#include <QApplication>
#include <QMessageBox>
#include <QTimer>

namespace postscope::gui {

int run(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("postscope"));
    QApplication::setOrganizationName(QStringLiteral("postscope"));
    QApplication::setApplicationVersion(QStringLiteral(POSTSCOPE_VERSION));

    MainWindow window;
    const QStringList args = QApplication::arguments();
    bool opened = false;
    if (args.size() > 1)
        opened = window.openFile(args.at(1));
    if (!opened) {
        SnapshotData data;
        QString error;
        if (snapshotfile::loadDemo(&data, &error))
            window.setSnapshot(std::make_shared<const Snapshot>(std::move(data)), QStringLiteral("demo"), true);
        else
            QMessageBox::warning(&window, QStringLiteral("postscope"), error);
    }
    window.show();
    // For looking at the window without a display: POSTSCOPE_SCREENSHOT=out.png saves
    // what the window paints once it has settled, then quits.
    const QString screenshot = qEnvironmentVariable("POSTSCOPE_SCREENSHOT");
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(300, &window, [&window, screenshot]() {
            window.grab().save(screenshot);
            QApplication::quit();
        });
    }
    return app.exec();
}

} // namespace postscope::gui
