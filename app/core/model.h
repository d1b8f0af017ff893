#pragma once

// The value types of one capture. Times are qint64 milliseconds since the Unix epoch,
// UTC. A null QString means "NULL in the database / field absent"; an empty one means
// an empty value. Optional numbers use std::optional.

#include <QList>
#include <QString>
#include <QStringList>
#include <QtGlobal>

#include <optional>
#include <utility>
#include <vector>

namespace postscope {

using Fields = std::vector<std::pair<QString, QString>>; // ordered name/value pairs

enum class PostState { Queue, Published, Error, Draft, Unknown };
QString toString(PostState s);
PostState postStateFromString(const QString &s);

// Which BullMQ structure a job id was found in. Stalled is a flag, not a state: an id
// can be in `active` and in the `stalled` set at once.
enum class JobState {
    Waiting,         // list <prefix>:<queue>:wait
    Paused,          // list <prefix>:<queue>:paused
    Active,          // list <prefix>:<queue>:active
    Delayed,         // zset <prefix>:<queue>:delayed
    Prioritized,     // zset <prefix>:<queue>:prioritized
    Completed,       // zset <prefix>:<queue>:completed
    Failed,          // zset <prefix>:<queue>:failed
    WaitingChildren, // zset <prefix>:<queue>:waiting-children
    Unknown          // hash present but in no state structure (or only in stalled)
};
QString toString(JobState s);
JobState jobStateFromString(const QString &s);
// The key suffix BullMQ uses for the state ("wait" for Waiting).
QString keySuffix(JobState s);

struct Organization {
    QString id;
    QString name;

    bool operator==(const Organization &) const = default;
};

struct Integration {
    QString id;
    QString name;
    QString providerIdentifier;
    QString organizationId;
    bool disabled = false;
    bool refreshNeeded = false;
    bool inBetweenSteps = false;
    std::optional<qint64> deletedAt;
    QString customerId;
    QString postingTimes;

    bool operator==(const Integration &) const = default;
};

struct Post {
    QString id;
    PostState state = PostState::Unknown;
    QString stateText; // as stored, for unknown enum values
    qint64 publishDate = 0;
    QString organizationId;
    QString integrationId;
    QString group;
    QString parentPostId;
    QString releaseURL;
    QString releaseId;
    QString error;
    std::optional<qint64> intervalInDays;
    std::optional<qint64> createdAt;
    std::optional<qint64> updatedAt;
    std::optional<qint64> deletedAt;
    QString content;
    QString title;
    QString description;
    QString settings;
    QString image;
    // True when the row matched the scope's window; false when it was pulled in only
    // because a job names it or because it belongs to a thread of a post in scope.
    bool inWindow = true;

    bool isDeleted() const { return deletedAt.has_value(); }
    bool isTopLevel() const { return parentPostId.isNull() || parentPostId.isEmpty(); }

    bool operator==(const Post &) const = default;
};

struct ErrorRow {
    QString id;
    QString message;
    QString platform;
    QString organizationId;
    QString postId;
    QString body;
    std::optional<qint64> createdAt;

    bool operator==(const ErrorRow &) const = default;
};

struct Job {
    QString queue; // queue name, e.g. "post"
    QString id;    // job id; for Postiz's queue `post` it is the post id
    JobState state = JobState::Unknown;
    QList<JobState> alsoIn;  // further state structures naming the id (an anomaly)
    bool stalled = false;    // in the `stalled` set
    bool hashPresent = false;
    bool hasLock = false;
    std::optional<qint64> stateScore;  // raw score in a zset state (delayed, prioritized, …)
    std::optional<qint64> fireTime;    // when it runs / ran; see fireTimeSource
    QString fireTimeSource;            // "delayed-score", "timestamp+opts.delay", "timestamp+delay", "timestamp"

    // Decoded hash fields (absent ones stay empty / nullopt).
    QString name;
    QString data;  // raw JSON text as stored
    QString opts;  // raw JSON text as stored
    std::optional<qint64> timestamp;
    std::optional<qint64> delay;
    std::optional<qint64> optsDelay;
    std::optional<qint64> priority;
    std::optional<qint64> processedOn;
    std::optional<qint64> finishedOn;
    std::optional<qint64> attemptsStarted; // ats
    std::optional<qint64> attemptsMade;    // atm, older: attemptsMade
    QString returnvalue;
    QString failedReason;
    QString stacktrace;
    QString processedBy; // pb
    QString dataPostId;  // data.id or data.payload.id when data is JSON
    Fields fields;       // every hash field as read (long values truncated, see problems)
    QStringList logs;    // the tail of <key>:logs
    qint64 logCount = 0;
    QStringList problems; // what could not be decoded, in words

    bool operator==(const Job &) const = default;
};

struct QueueEvent {
    QString queue;
    QString streamId; // "<ms>-<seq>"
    qint64 time = 0;  // ms part of the stream id
    qint64 seq = 0;
    QString event;    // added, delayed, waiting, active, completed, failed, removed, duplicated, …
    QString jobId;
    Fields fields;    // every field of the entry, including event and jobId
    QString field(const QString &name) const;

    bool operator==(const QueueEvent &) const = default;
};

struct WorkerConnection {
    QString clientId;
    QString addr;
    QString name;       // raw connection name, e.g. bull:cG9zdA==:w:worker-1
    QString queue;      // decoded queue name, e.g. post
    QString workerName; // after ":w:", if any
    std::optional<qint64> ageSeconds;
    std::optional<qint64> idleSeconds;
    QString lastCommand;
    std::optional<qint64> db;

    bool operator==(const WorkerConnection &) const = default;
};

struct QueueInfo {
    QString prefix;
    QString name;
    bool metaPresent = false;
    bool paused = false;
    std::optional<qint64> maxLenEvents;
    std::optional<qint64> idCounter;
    QString version;
    Fields meta;
    // Lengths of the state structures as reported by the server (LLEN/ZCARD/SCARD);
    // a state key that does not exist is absent from this list.
    std::vector<std::pair<QString, qint64>> keyLengths;
    bool hasAnyKey = false;            // meta, events, id or any state key exists
    qint64 eventsLength = 0;           // XLEN
    qint64 eventsRead = 0;             // how many entries were read
    std::optional<qint64> oldestEventTime; // of the entries read
    std::optional<qint64> newestEventTime;
    bool eventsTruncatedByCapture = false; // the capture stopped reading before the start
    std::optional<qint64> workersSeen;     // nullopt = unknown (CLIENT LIST forbidden)
    std::optional<bool> markerPresent;     // <prefix>:<queue>:marker exists; nullopt = not read

    bool operator==(const QueueInfo &) const = default;
};

struct ServerFacts {
    QString postgresVersion;
    QString redisVersion;
    QString redisMode;
    std::optional<qint64> redisTime;     // Redis TIME, ms
    std::optional<qint64> postgresNow;   // PostgreSQL now(), ms
    std::optional<qint64> localTime;     // this machine's clock when the facts were read
    QString maxmemoryPolicy;             // "unknown" when INFO was forbidden
    bool clientListPermitted = false;
    bool infoPermitted = false;
    QString postgresDatabase;
    QString postgresUser;
    std::optional<qint64> redisDb;
    // Columns known to postscope that the database lacks, as "Table.column".
    QStringList missingColumns;
    QStringList missingTables;

    bool operator==(const ServerFacts &) const = default;
};

struct CaptureScope {
    QStringList organizationIds;   // empty = all
    QStringList integrationIds;    // empty = all
    qint64 from = 0;               // publishDate window, inclusive
    qint64 to = 0;                 // exclusive
    QString prefix = QStringLiteral("bull");
    QString queue = QStringLiteral("post"); // the queue whose jobs are Postiz's posts
    QString postgresUrl;           // without password
    QString redisUrl;              // without password
    bool redacted = false;

    bool operator==(const CaptureScope &) const = default;
};

// Something that could not be read, and why. The rest of the snapshot stands.
struct Gap {
    QString source;  // "postgres", "redis", "capture", "file"
    QString subject; // what: a table, a column, a key, a job id
    QString reason;  // in words a support person can act on

    bool operator==(const Gap &) const = default;
};

// One query or command postscope ran, for the activity pane and the read-only proof.
struct ActivityEntry {
    QString source;  // "postgres" or "redis"
    QString text;    // the command without secrets
    qint64 startedAt = 0; // ms UTC
    qint64 durationUs = 0;
    qint64 rows = 0;      // rows, replies or elements
    qint64 bytes = 0;
    QString error;

    bool operator==(const ActivityEntry &) const = default;
};

// A line of an application log that postscope linked to posts (filled by LogSource).
struct LogLine {
    QString file;
    qint64 lineNumber = 0;
    std::optional<qint64> time;
    QString text;
    QString kind;   // dispatch, processing, provider-error, crash, debug-delete, debug-queue, …
    QStringList postIds;

    bool operator==(const LogLine &) const = default;
};

} // namespace postscope
