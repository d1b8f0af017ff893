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
    // For looking at the window without a display: POSTSCOPE_SCREENSHOT=out.png saves
    // what the window paints once it has settled, then quits (POSTSCOPE_SCREENSHOT_SIZE=WxH
    // sets the window size first).
    const QString screenshot = qEnvironmentVariable("POSTSCOPE_SCREENSHOT");
    const QStringList size = qEnvironmentVariable("POSTSCOPE_SCREENSHOT_SIZE").split(QLatin1Char('x'));
    if (!screenshot.isEmpty() && size.size() == 2 && size[0].toInt() > 0 && size[1].toInt() > 0)
        window.resize(size[0].toInt(), size[1].toInt());
    window.show();
    if (!screenshot.isEmpty()) {
        QTimer::singleShot(300, &window, [&window, screenshot]() {
            window.grab().save(screenshot);
            QApplication::quit();
        });
    }
    return app.exec();
}

} // namespace postscope::gui
