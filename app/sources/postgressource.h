#pragma once

#include "capturecontext.h"
#include "core/snapshot.h"

#include <QStringList>

#include <memory>

namespace postscope {

struct PostgresOptions {
    QString url;                 // postgresql://user:pw@host:port/db?sslmode=…
    int connectTimeoutSeconds = 10;
    int statementTimeoutMs = 30000;
};

// Reads Postiz's tables in one read-only repeatable-read transaction, so everything it
// returns (the window and any later lookups by id) belongs to one database snapshot.
// Never reads the two secret columns of "Integration". Every problem becomes
// a Gap in the SnapshotData; it never throws.
class PostgresSource
{
public:
    explicit PostgresSource(PostgresOptions options);
    ~PostgresSource();
    PostgresSource(const PostgresSource &) = delete;
    PostgresSource &operator=(const PostgresSource &) = delete;

    // Connects, sets application_name=postscope and statement_timeout, begins the
    // transaction, reads server facts and probes the catalog. false (with a Gap and
    // *error set) when the server cannot be used at all.
    bool open(SnapshotData &out, const CaptureContext &ctx, QString *error);

    // Organisations, integrations, the posts of the scope's window (and their thread
    // relatives) and their "Errors" rows.
    void readScope(SnapshotData &out, const CaptureContext &ctx);

    // Posts named by jobs (or anything else) that the window did not include, with
    // their thread relatives, integrations, organisations and errors. Marks them
    // inWindow = false. Ids already in `out` are skipped.
    void readPostsById(const QStringList &ids, SnapshotData &out, const CaptureContext &ctx);

    // Ends the transaction (rollback: nothing was written) and disconnects.
    void close();
    // The same, recording the ROLLBACK in out.activity.
    void close(SnapshotData &out);

    bool isOpen() const;

    // Whether a post with this id was read (by readScope or readPostsById) into the
    // SnapshotData last given to them.
    bool hasPost(const QString &id) const;

    // Hands over the index of the posts read (id → row in out.posts; ids unique), for
    // the Snapshot to reuse instead of hashing every id again. Leaves the source's
    // index empty: call it after the last read.
    QHash<QString, int> takePostIndex();

private:
    void closeImpl(SnapshotData *out);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace postscope
