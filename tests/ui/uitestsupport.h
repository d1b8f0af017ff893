#pragma once

// What the offscreen widget tests share.

#include "analysis.h"
#include "sources/snapshotfile.h"

#include <QApplication>
#include <QDir>
#include <QHostAddress>
#include <QString>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

namespace postscope::test {

// The seed's case in the demo: A lost its job, B (15 s later) still has one.
inline const QString SeedA = QStringLiteral("7c2ad6be-9d0f-49c1-995e-c66cca0c9a87");
inline const QString SeedB = QStringLiteral("c59eaee0-d17d-46a5-a1d2-11429537c041");

// Where tests save the screenshots a person looks at: $POSTSCOPE_ARTIFACTS (ctest sets
// build/artifacts), else a folder under the temp dir.
inline QString artifactsDir()
{
    QString dir = qEnvironmentVariable("POSTSCOPE_ARTIFACTS");
    if (dir.isEmpty())
        dir = QDir::temp().filePath(QStringLiteral("postscope-artifacts"));
    QDir().mkpath(dir);
    return dir;
}

// Saves `w` as artifactsDir()/name; a failed save fails the calling test function
// (check QTest::currentTestFailed() after it when more follows).
inline void saveArtifact(QWidget *w, const QString &name)
{
    QVERIFY(w->grab().save(QDir(artifactsDir()).filePath(name)));
}

// `data` with its diagnosis (rules run here unless `rules` is false).
inline Analysis analysisOf(SnapshotData data, const QString &origin = QStringLiteral("test"), bool rules = true)
{
    Analysis a;
    a.snapshot = std::make_shared<const Snapshot>(std::move(data));
    if (rules)
        a.diagnosis = std::make_shared<const Diagnosis>(diagnose(*a.snapshot, RuleContext::forSnapshot(*a.snapshot)));
    a.origin = origin;
    return a;
}

inline SnapshotData demoData()
{
    SnapshotData data;
    QString error;
    if (!snapshotfile::loadDemo(&data, &error))
        qFatal("cannot load the demo: %s", qPrintable(error));
    return data;
}

// The embedded demo, diagnosed, as the window shows it.
inline Analysis demoAnalysis()
{
    Analysis a = analysisOf(demoData(), QStringLiteral("demo"));
    a.demo = true;
    return a;
}

// A port nobody listens on: bind, note, close.
inline int closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    const int port = server.serverPort();
    server.close();
    return port;
}

// main() of a test whose settings and passwords must never touch the user's: a fresh
// config dir, no keyring, offscreen unless told otherwise.
template<typename Test>
int isolatedMain(int argc, char *argv[], const QString &applicationName)
{
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toUtf8());
    qputenv("POSTSCOPE_NO_KEYRING", "1");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("postscope-test"));
    QApplication::setApplicationName(applicationName);
    Test test;
    return QTest::qExec(&test, argc, argv);
}

} // namespace postscope::test
