// No sub-command: the inspector window. A sub-command: QCoreApplication, no display.

#include "cli/cli.h"

#include <QCoreApplication>

#ifdef POSTSCOPE_WITH_GUI
#include "ui/gui.h"
#endif

#include <cstdio>

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

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
