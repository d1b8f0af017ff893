#pragma once

#include "sources/bullmqsource.h"
#include "sources/postgressource.h"

#include <QStringList>

namespace postscope {

// What "Test" found, in words for the connection pane. Runs on a worker thread (it
// opens a real connection); the GUI only gets the result.
struct ConnectionTestResult {
    bool ok = false;
    QString version;       // server version
    QString summary;       // one or more lines, plain text
    QStringList warnings;  // schema gaps, forbidden commands
    QStringList queues;    // Redis: queue names found under the prefix
    QString error;         // when !ok
};

namespace connectiontest {
// Connects, reads the server facts and probes Postiz's tables and columns, then rolls back.
ConnectionTestResult postgres(const PostgresOptions &options);
// Connects, discovers the queues under the prefix and counts their jobs per state
// (LLEN/ZCARD only: a bounded read of at most one id per state).
ConnectionTestResult redis(const RedisOptions &options);
}

} // namespace postscope
