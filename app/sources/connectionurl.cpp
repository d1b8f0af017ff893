#include "connectionurl.h"

#include "core/snapshotjson.h"

#include <QUrl>
#include <QUrlQuery>

namespace postscope::connectionurl {

QString postgresUrl(const PostgresFields &f)
{
    QUrl u;
    u.setScheme(QStringLiteral("postgresql"));
    u.setHost(f.host.isEmpty() ? QStringLiteral("localhost") : f.host);
    if (f.port > 0)
        u.setPort(f.port);
    if (!f.user.isEmpty())
        u.setUserName(f.user);
    if (!f.password.isEmpty())
        u.setPassword(f.password);
    if (!f.database.isEmpty())
        u.setPath(QLatin1Char('/') + f.database);
    if (!f.sslmode.isEmpty()) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("sslmode"), f.sslmode);
        u.setQuery(q);
    }
    return u.toString(QUrl::FullyEncoded);
}

bool parsePostgresUrl(const QString &url, PostgresFields *f, QString *error)
{
    if (!checkPostgresUrl(url, error))
        return false;
    const QUrl u(url, QUrl::StrictMode);
    PostgresFields out;
    out.host = u.host().isEmpty() ? QStringLiteral("localhost") : u.host();
    out.port = u.port(5432);
    out.user = u.userName();
    out.password = u.password();
    out.database = u.path().mid(1);
    out.sslmode = QUrlQuery(u).queryItemValue(QStringLiteral("sslmode"));
    *f = out;
    return true;
}

bool checkPostgresUrl(const QString &url, QString *error)
{
    const QUrl u(url, QUrl::StrictMode);
    if (url.trimmed().isEmpty()) {
        *error = QStringLiteral("no PostgreSQL URL given (postgresql://user:password@host:5432/database)");
        return false;
    }
    if (!u.isValid()) {
        *error = QStringLiteral("the PostgreSQL URL is not a valid URL: %1").arg(u.errorString());
        return false;
    }
    if (u.scheme() != QLatin1String("postgresql") && u.scheme() != QLatin1String("postgres")) {
        *error = QStringLiteral("the PostgreSQL URL must start with postgresql:// (got \"%1\")")
                     .arg(withoutPassword(url));
        return false;
    }
    return true;
}

bool checkRedisUrl(const QString &url, QString *error)
{
    const QUrl u(url, QUrl::StrictMode);
    if (url.trimmed().isEmpty()) {
        *error = QStringLiteral("no Redis URL given (redis://[user:password@]host:6379/0)");
        return false;
    }
    if (!u.isValid()) {
        *error = QStringLiteral("the Redis URL is not a valid URL: %1").arg(u.errorString());
        return false;
    }
    if (u.scheme() == QLatin1String("rediss")) {
        *error = QStringLiteral("TLS is not supported by this build (hiredis 0.14): rediss:// cannot be used");
        return false;
    }
    if (u.scheme() != QLatin1String("redis")) {
        *error = QStringLiteral("the Redis URL must start with redis:// (got \"%1\")").arg(withoutPassword(url));
        return false;
    }
    bool ok = true;
    const QString db = u.path().mid(1);
    if (!db.isEmpty() && (db.toInt(&ok) < 0 || !ok)) {
        *error = QStringLiteral("the Redis URL's database must be a number (redis://host:6379/0), got \"%1\"").arg(db);
        return false;
    }
    return true;
}

QString withoutPassword(const QString &url)
{
    return snapshotjson::urlWithoutPassword(url);
}

} // namespace postscope::connectionurl
