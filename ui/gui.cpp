#include "gui.h"

#include "mainwindow.h"
#include "sources/snapshotfile.h"

#include <QApplication>
#include <QMessageBox>

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
    return app.exec();
}

} // namespace postscope::gui
