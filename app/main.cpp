// No sub-command: the inspector window. A sub-command: QCoreApplication, no display;
// except `report`, which draws (fonts, images, PDF) and so gets a QGuiApplication on
// the offscreen platform.

#include "cli/cli.h"

#include <QCoreApplication>

#ifdef POSTSCOPE_WITH_GUI
#include "ui/gui.h"
#include "ui/report/reportcli.h"

#include <QGuiApplication>
#endif

#include <cstdio>

namespace {

#ifdef POSTSCOPE_WITH_GUI
int runReport(int argc, char *argv[])
{
    // A report never shows a window: without this, a missing or unreachable display
    // would abort the program before it wrote a line.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("postscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POSTSCOPE_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeAt(1);
    arguments[0] += QStringLiteral(" report");
    return postscope::cli::runReport(arguments, stdout, stderr);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("report")) {
#ifdef POSTSCOPE_WITH_GUI
        return runReport(argc, argv);
#else
        std::fputs("postscope report: this build has no Qt GUI libraries (POSTSCOPE_BUILD_GUI=OFF); "
                   "use postscope diagnose --format markdown\n", stderr);
        return postscope::cli::ExitUsage;
#endif
    }
    if (postscope::cli::isCliInvocation(arguments)) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("postscope"));
        QCoreApplication::setApplicationVersion(QStringLiteral(POSTSCOPE_VERSION));
        return postscope::cli::run(QCoreApplication::arguments());
    }
#ifdef POSTSCOPE_WITH_GUI
    return postscope::gui::run(argc, argv);
#else
    std::fputs("postscope was built without its window (POSTSCOPE_BUILD_GUI=OFF); see postscope --help\n", stderr);
    return postscope::cli::ExitUsage;
#endif
}
