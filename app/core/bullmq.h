#pragma once

// Decoding BullMQ's Redis data (QtCore only, no I/O): what BullmqSource reads arrives
// here as strings or raw bytes and leaves as model values. Nothing here throws; what
// cannot be decoded becomes a problem text on the job or a nullopt.

#include "model.h"

#include <QByteArrayView>
#include <QHash>
#include <QStringView>

#include <optional>
#include <utility>
#include <vector>

namespace postscope::bullmq {

// A zset score as Redis prints it (ZRANGE … WITHSCORES): an integer string, or a double
// in float / exponent notation ("1.8446744073709552e+19"). Integer strings are taken
// exactly; doubles are exact integers above 2^53 anyway (Redis stores a double, and the
// Lua script that computed it did too), so nothing is lost that Redis had.
// nullopt for text that is not a finite number or lies outside qint64.
std::optional<qint64> parseScore(QStringView score);

// Fire time of a `delayed` entry: floor(score / 0x1000) (BullMQ bakes a 12-bit counter
// into the low bits). Exact for integer strings up to 2^64; for doubles above 2^53 the
// double's own rounding can move a counter near 4095 into the next millisecond, never
// further.
std::optional<qint64> fireTimeFromScore(QStringView score);

struct StreamId {
    qint64 ms = 0;
    qint64 seq = 0;
};
// "<ms>-<seq>" (a bare "<ms>" means seq 0). nullopt when malformed.
std::optional<StreamId> parseStreamId(QStringView id);

// One entry of <prefix>:<queue>:events. A malformed id leaves time/seq at 0.
QueueEvent eventFromEntry(const QString &queue, const QString &streamId, Fields fields);

// A worker's connection name `<prefix>:<base64(queue)>` or
// `<prefix>:<base64(queue)>:w:<worker name>`. false (outputs untouched) for other names.
bool decodeClientName(const QString &name, QString *queue, QString *workerName,
                      QStringView prefix = u"bull");

// CLIENT LIST: one connection a line, space separated key=value pairs. Lines without
// an id= or addr= are skipped; unknown keys ignored; names that are not BullMQ's are
// kept with an empty queue.
std::vector<WorkerConnection> parseClientList(const QString &text, QStringView prefix = u"bull");

// INFO: "key:value" lines, "# Section" headers and blank lines skipped. CRLF tolerated.
QHash<QString, QString> parseInfo(const QString &text);

// TIME reply: seconds and microseconds as strings -> ms. nullopt when malformed.
std::optional<qint64> timeReplyToMs(QStringView seconds, QStringView micros);

// A hash field/value as raw bytes, straight from the reply (not owned).
using RawField = std::pair<QByteArrayView, QByteArrayView>;

struct DecodeOptions {
    qint64 maxValueBytes = 1 << 20;           // longer values are cut (with a problem)
    std::optional<QString> delayedScore;      // the id's score in `delayed`, as read
};

struct DecodeResult {
    QStringList truncatedFields; // cut at maxValueBytes
    QStringList invalidUtf8Fields;
};

// A shared QString for the field names and event names BullMQ writes over and over
// ("timestamp", "jobId", "delayed", …); null for anything else.
QString internedName(QByteArrayView raw);

// Decodes raw bytes as UTF-8; invalid sequences become U+FFFD and *valid = false.
QString decodeUtf8(QByteArrayView bytes, bool *valid = nullptr);

// Fills job.fields and the decoded members from a job hash (HGETALL), plus fireTime /
// fireTimeSource; job.queue, id, state, stateScore are left as the caller set them.
// Non-UTF-8 bytes, cut values, malformed JSON and non-numeric numbers become entries in
// job.problems. Sets hashPresent = !fields.empty().
DecodeResult decodeJobHash(Job &job, const std::vector<RawField> &fields,
                           const DecodeOptions &options = {});
// The same for fields that are already text.
void decodeJobHash(Job &job, Fields fields, const DecodeOptions &options = {});

// A whole number as BullMQ writes it ("1718000000000", tolerated: "1.718e12", " 5").
std::optional<qint64> parseInteger(QStringView text);

} // namespace postscope::bullmq
