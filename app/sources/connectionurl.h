#pragma once

#include <QString>

namespace postscope {

// The parts of a PostgreSQL connection, for the form-based connection pane.
struct PostgresFields {
    QString host = QStringLiteral("localhost");
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString sslmode; // empty = libpq's default
};

namespace connectionurl {

// postgresql://user:pw@host:port/db?sslmode=… with every part percent-encoded.
QString postgresUrl(const PostgresFields &fields);
// Parses a postgres:// or postgresql:// URL into fields; false with *error otherwise.
bool parsePostgresUrl(const QString &url, PostgresFields *fields, QString *error);
// Checks a URL's scheme before it is used, with a message a person can act on.
bool checkPostgresUrl(const QString &url, QString *error);
bool checkRedisUrl(const QString &url, QString *error);

// The URL with its password removed (user and everything else kept), for logs,
// snapshots and the activity pane.
QString withoutPassword(const QString &url);

} // namespace connectionurl
} // namespace postscope
