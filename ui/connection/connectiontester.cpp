#include "connectiontester.h"

#include "sources/connectionurl.h"

#include <QLocale>

namespace postscope::connectiontest {

ConnectionTestResult postgres(const PostgresOptions &options)
{
    ConnectionTestResult r;
    QString check;
    if (!connectionurl::checkPostgresUrl(options.url, &check)) {
        r.error = check;
        return r;
    }
    SnapshotData data;
    PostgresSource source(options);
    QString error;
    if (!source.open(data, CaptureContext{}, &error)) {
        r.error = error.isEmpty() ? QStringLiteral("cannot connect") : error;
        return r;
    }
    source.close();
    r.ok = true;
    const ServerFacts &f = data.server;
    r.version = f.postgresVersion;
    QStringList lines;
    lines.append(QStringLiteral("Connected to %1 as %2.").arg(f.postgresDatabase, f.postgresUser));
    lines.append(QStringLiteral("Server: %1").arg(f.postgresVersion));
    if (f.missingTables.isEmpty() && f.missingColumns.isEmpty()) {
        lines.append(QStringLiteral("Schema: all Postiz tables and columns postscope reads were found "
                                    "(Post, Integration, Organization, Errors)."));
    } else {
        if (!f.missingTables.isEmpty())
            r.warnings.append(QStringLiteral("Missing tables: %1").arg(f.missingTables.join(QStringLiteral(", "))));
        if (!f.missingColumns.isEmpty())
            r.warnings.append(QStringLiteral("Missing columns: %1").arg(f.missingColumns.join(QStringLiteral(", "))));
        lines.append(QStringLiteral("Schema: some of what postscope reads is missing; those parts will be gaps."));
    }
    if (f.postgresNow && f.localTime) {
        const qint64 skew = *f.postgresNow - *f.localTime;
        lines.append(QStringLiteral("Clock: server is %1 ms %2 this machine.")
                         .arg(std::abs(skew))
                         .arg(skew >= 0 ? QStringLiteral("ahead of") : QStringLiteral("behind")));
    }
    r.summary = lines.join(QLatin1Char('\n'));
    return r;
}

ConnectionTestResult redis(const RedisOptions &options)
{
    ConnectionTestResult r;
    QString check;
    if (!connectionurl::checkRedisUrl(options.url, &check)) {
        r.error = check;
        return r;
    }
    RedisOptions o = options;
    o.maxIdsPerState = 1;
    o.maxEvents = 1;
    o.logLinesPerJob = 0;
    SnapshotData data;
    BullmqSource source(o);
    QString error;
    if (!source.open(data, CaptureContext{}, &error)) {
        r.error = error.isEmpty() ? QStringLiteral("cannot connect") : error;
        return r;
    }
    source.read(data, CaptureContext{});
    source.close();
    r.ok = true;
    const ServerFacts &f = data.server;
    r.version = f.redisVersion;
    QStringList lines;
    lines.append(QStringLiteral("Server: Redis %1%2").arg(f.redisVersion.isEmpty() ? QStringLiteral("(version unknown)") : f.redisVersion,
                                                          f.redisMode.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(f.redisMode)));
    if (!f.maxmemoryPolicy.isEmpty() && f.maxmemoryPolicy != QLatin1String("noeviction"))
        r.warnings.append(QStringLiteral("maxmemory-policy is %1: BullMQ needs noeviction").arg(f.maxmemoryPolicy));
    if (!f.clientListPermitted)
        r.warnings.append(QStringLiteral("CLIENT LIST is not permitted: workers will show as unknown"));
    int found = 0;
    for (const QueueInfo &q : data.queues) {
        if (!q.hasAnyKey)
            continue;
        ++found;
        r.queues.append(q.name);
        qint64 total = 0;
        QStringList states;
        for (const auto &[state, length] : q.keyLengths) {
            if (state == QLatin1String("stalled") || state == QLatin1String("marker"))
                continue;
            total += length;
            if (length > 0)
                states.append(QStringLiteral("%1 %2").arg(state).arg(length));
        }
        lines.append(QStringLiteral("Queue %1:%2: %3 jobs%4%5")
                         .arg(q.prefix, q.name)
                         .arg(QLocale().toString(total))
                         .arg(states.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(states.join(QStringLiteral(", "))))
                         .arg(q.paused ? QStringLiteral(", PAUSED") : QString()));
    }
    if (found == 0)
        r.warnings.append(QStringLiteral("No BullMQ queue found under prefix \"%1\" (is this the right Redis, db and prefix?)")
                              .arg(o.prefix));
    for (const Gap &g : data.gaps)
        r.warnings.append(QStringLiteral("%1: %2").arg(g.subject, g.reason));
    r.summary = lines.join(QLatin1Char('\n'));
    return r;
}

} // namespace postscope::connectiontest
