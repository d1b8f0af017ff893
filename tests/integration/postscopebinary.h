#pragma once

// The built `postscope` binary ($POSTSCOPE_BINARY) run as a script runs it, for the tests
// of its command line (tst_cli, tst_diagnose). Header-only, included by relative path.

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace testsvc {

struct BinaryRun {
    int exitCode = -1; // -1 when it crashed or did not finish in time
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

// Runs the binary without DATABASE_URL/REDIS_URL from the caller's environment, so only
// the arguments decide what it connects to; kills it after timeoutMs.
inline BinaryRun runPostscope(const QStringList &args, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    env.remove(QStringLiteral("REDIS_URL"));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("POSTSCOPE_BINARY"), args);
    BinaryRun r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.timedOut = true;
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace testsvc
