#include "bullmq.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringDecoder>

#include <cmath>
#include <cstring>
#include <limits>

namespace postscope::bullmq {

namespace {

constexpr double kTwo63 = 9223372036854775808.0; // 2^63

bool isIntegerText(QStringView s)
{
    if (s.isEmpty())
        return false;
    qsizetype i = (s.front() == u'-' || s.front() == u'+') ? 1 : 0;
    if (i == s.size())
        return false;
    for (; i < s.size(); ++i) {
        if (s[i] < u'0' || s[i] > u'9')
            return false;
    }
    return true;
}

// floor(a / b) for b > 0, also for negative a.
qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && (a < 0))
        --q;
    return q;
}

std::optional<qint64> doubleToInt(double d)
{
    if (!std::isfinite(d) || d >= kTwo63 || d < -kTwo63)
        return std::nullopt;
    return static_cast<qint64>(d);
}

QString shortened(const QString &s, int max = 60)
{
    if (s.size() <= max)
        return s;
    return s.left(max) + QStringLiteral("…");
}

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
QByteArrayView cutUtf8(QByteArrayView v, qint64 max)
{
    if (v.size() <= max)
        return v;
    qsizetype n = qsizetype(max);
    // Back up over continuation bytes (10xxxxxx) so the cut lands on a boundary.
    qsizetype back = 0;
    while (n > 0 && back < 4 && (quint8(v[n]) & 0xC0) == 0x80) {
        --n;
        ++back;
    }
    return v.first(n);
}

void setNumber(Job &job, const QString &name, const QString &value, std::optional<qint64> &target)
{
    if (auto n = parseInteger(value)) {
        target = n;
    } else {
        job.problems << QStringLiteral("field '%1' is not a number: \"%2\"")
                            .arg(name, shortened(value));
    }
}

QJsonObject parseJsonObject(Job &job, const QString &what, const QString &text, bool *isJson)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError) {
        *isJson = false;
        job.problems << QStringLiteral("%1 is not valid JSON (%2 at offset %3): \"%4\"")
                            .arg(what, err.errorString())
                            .arg(err.offset)
                            .arg(shortened(text));
        return {};
    }
    *isJson = true;
    return doc.object(); // empty for arrays / scalars: nothing to read from them
}

QString jsonIdText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (auto n = doubleToInt(d); n && double(*n) == d)
            return QString::number(*n);
        return QString::number(d);
    }
    return {};
}

void decodeFields(Job &job, const DecodeOptions &options)
{
    job.hashPresent = !job.fields.empty();
    std::optional<qint64> atm;
    std::optional<qint64> legacyAttemptsMade;
    bool hasData = false;
    bool hasOpts = false;

    for (const auto &[name, value] : job.fields) {
        if (name == u"name") {
            job.name = value;
        } else if (name == u"data") {
            job.data = value;
            hasData = true;
        } else if (name == u"opts") {
            job.opts = value;
            hasOpts = true;
        } else if (name == u"timestamp") {
            setNumber(job, name, value, job.timestamp);
        } else if (name == u"delay") {
            setNumber(job, name, value, job.delay);
        } else if (name == u"priority") {
            setNumber(job, name, value, job.priority);
        } else if (name == u"processedOn") {
            setNumber(job, name, value, job.processedOn);
        } else if (name == u"finishedOn") {
            setNumber(job, name, value, job.finishedOn);
        } else if (name == u"ats") {
            setNumber(job, name, value, job.attemptsStarted);
        } else if (name == u"atm") {
            setNumber(job, name, value, atm);
        } else if (name == u"attemptsMade") {
            setNumber(job, name, value, legacyAttemptsMade);
        } else if (name == u"returnvalue") {
            job.returnvalue = value;
        } else if (name == u"failedReason") {
            job.failedReason = value;
        } else if (name == u"stacktrace") {
            job.stacktrace = value;
        } else if (name == u"pb") {
            job.processedBy = value;
        }
    }
    job.attemptsMade = atm ? atm : legacyAttemptsMade;

    if (hasData) {
        bool ok = false;
        const QJsonObject o = parseJsonObject(job, QStringLiteral("data"), job.data, &ok);
        if (ok) {
            QString id = jsonIdText(o.value(QLatin1String("id")));
            if (id.isEmpty())
                id = jsonIdText(o.value(QLatin1String("payload")).toObject().value(QLatin1String("id")));
            if (!id.isEmpty())
                job.dataPostId = id;
        }
    }
    if (hasOpts) {
        bool ok = false;
        const QJsonObject o = parseJsonObject(job, QStringLiteral("opts"), job.opts, &ok);
        const QJsonValue d = o.value(QLatin1String("delay"));
        if (ok && !d.isUndefined() && !d.isNull()) {
            if (auto n = d.isDouble() ? doubleToInt(std::floor(d.toDouble())) : std::nullopt)
                job.optsDelay = n;
            else
                job.problems << QStringLiteral("opts.delay is not a number");
        }
    }

    job.fireTime.reset();
    job.fireTimeSource.clear();
    if (options.delayedScore) {
        if (auto ft = fireTimeFromScore(*options.delayedScore)) {
            job.fireTime = ft;
            job.fireTimeSource = QStringLiteral("delayed-score");
            return;
        }
        job.problems << QStringLiteral("delayed score is not a number: \"%1\"")
                            .arg(shortened(*options.delayedScore));
    }
    if (!job.timestamp)
        return;
    // bullmq resets the hash's `delay` to 0 when it promotes a delayed job; opts.delay
    // keeps the delay the job was added with.
    if (job.optsDelay) {
        job.fireTime = *job.timestamp + *job.optsDelay;
        job.fireTimeSource = QStringLiteral("timestamp+opts.delay");
    } else if (job.delay) {
        job.fireTime = *job.timestamp + *job.delay;
        job.fireTimeSource = QStringLiteral("timestamp+delay");
    } else {
        job.fireTime = *job.timestamp;
        job.fireTimeSource = QStringLiteral("timestamp");
    }
}

} // namespace

std::optional<qint64> parseInteger(QStringView text)
{
    const QStringView s = text.trimmed();
    if (s.isEmpty())
        return std::nullopt;
    bool ok = false;
    if (isIntegerText(s)) {
        const qint64 v = s.toLongLong(&ok);
        return ok ? std::optional<qint64>(v) : std::nullopt;
    }
    const double d = s.toDouble(&ok);
    if (!ok || !std::isfinite(d) || std::floor(d) != d)
        return std::nullopt;
    return doubleToInt(d);
}

std::optional<qint64> parseScore(QStringView score)
{
    const QStringView s = score.trimmed();
    bool ok = false;
    if (isIntegerText(s)) {
        const qint64 v = s.toLongLong(&ok);
        return ok ? std::optional<qint64>(v) : std::nullopt;
    }
    const double d = s.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return doubleToInt(std::floor(d));
}

std::optional<qint64> fireTimeFromScore(QStringView score)
{
    const QStringView s = score.trimmed();
    bool ok = false;
    if (isIntegerText(s)) {
        if (s.front() == u'-') {
            const qint64 v = s.toLongLong(&ok);
            return ok ? std::optional<qint64>(floorDiv(v, 4096)) : std::nullopt;
        }
        const quint64 v = s.toULongLong(&ok);
        return ok ? std::optional<qint64>(qint64(v / 4096)) : std::nullopt;
    }
    const double d = s.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return std::nullopt;
    // Dividing by a power of two is exact in binary floating point.
    return doubleToInt(std::floor(d / 4096.0));
}

std::optional<StreamId> parseStreamId(QStringView id)
{
    const QStringView s = id.trimmed();
    const qsizetype dash = s.indexOf(u'-');
    const QStringView msPart = dash < 0 ? s : s.first(dash);
    const QStringView seqPart = dash < 0 ? QStringView() : s.sliced(dash + 1);
    if (msPart.isEmpty() || msPart.front() == u'+' || !isIntegerText(msPart))
        return std::nullopt;
    if (dash >= 0 && (seqPart.isEmpty() || seqPart.front() == u'+' || !isIntegerText(seqPart)))
        return std::nullopt;
    bool ok = false;
    StreamId r;
    r.ms = msPart.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    if (dash >= 0) {
        r.seq = seqPart.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    return r;
}

QueueEvent eventFromEntry(const QString &queue, const QString &streamId, Fields fields)
{
    QueueEvent e;
    e.queue = queue;
    e.streamId = streamId;
    if (auto id = parseStreamId(streamId)) {
        e.time = id->ms;
        e.seq = id->seq;
    }
    e.fields = std::move(fields);
    for (const auto &[k, v] : e.fields) {
        if (e.event.isNull() && k == u"event")
            e.event = v;
        else if (e.jobId.isNull() && k == u"jobId")
            e.jobId = v;
    }
    return e;
}

bool decodeClientName(const QString &name, QString *queue, QString *workerName, QStringView prefix)
{
    if (name.size() <= prefix.size() + 1 || !name.startsWith(prefix) || name[prefix.size()] != u':')
        return false;
    const QStringView rest = QStringView(name).sliced(prefix.size() + 1);
    const qsizetype colon = rest.indexOf(u':'); // base64 has no ':'
    const QStringView b64 = colon < 0 ? rest : rest.first(colon);
    QString worker;
    if (colon >= 0) {
        const QStringView suffix = rest.sliced(colon);
        if (!suffix.startsWith(u":w:"))
            return false; // e.g. ":qe", a QueueEvents connection
        worker = suffix.sliced(3).toString();
    }
    const QByteArray encoded = b64.toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok || decoded.decoded.isEmpty()
        || decoded.decoded.toBase64() != encoded) // only canonical base64, as Buffer writes it
        return false;
    bool valid = false;
    const QString q = decodeUtf8(decoded.decoded, &valid);
    if (!valid)
        return false;
    if (queue)
        *queue = q;
    if (workerName)
        *workerName = worker;
    return true;
}

std::vector<WorkerConnection> parseClientList(const QString &text, QStringView prefix)
{
    std::vector<WorkerConnection> out;
    const auto lines = QStringView(text).split(u'\n', Qt::SkipEmptyParts);
    for (QStringView line : lines) {
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        WorkerConnection w;
        bool hasId = false;
        bool hasAddr = false;
        for (QStringView tok : line.split(u' ', Qt::SkipEmptyParts)) {
            const qsizetype eq = tok.indexOf(u'=');
            if (eq <= 0)
                continue;
            const QStringView key = tok.first(eq);
            const QStringView value = tok.sliced(eq + 1);
            if (key == u"id") {
                w.clientId = value.toString();
                hasId = true;
            } else if (key == u"addr") {
                w.addr = value.toString();
                hasAddr = true;
            } else if (key == u"name") {
                w.name = value.toString();
            } else if (key == u"age") {
                w.ageSeconds = parseInteger(value);
            } else if (key == u"idle") {
                w.idleSeconds = parseInteger(value);
            } else if (key == u"cmd") {
                w.lastCommand = value.toString();
            } else if (key == u"db") {
                w.db = parseInteger(value);
            }
        }
        if (!hasId && !hasAddr)
            continue;
        if (!w.name.isEmpty())
            decodeClientName(w.name, &w.queue, &w.workerName, prefix);
        out.push_back(std::move(w));
    }
    return out;
}

QHash<QString, QString> parseInfo(const QString &text)
{
    QHash<QString, QString> out;
    for (QStringView line : QStringView(text).split(u'\n', Qt::SkipEmptyParts)) {
        line = line.trimmed();
        if (line.isEmpty() || line.front() == u'#')
            continue;
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0)
            continue;
        out.insert(line.first(colon).toString(), line.sliced(colon + 1).toString());
    }
    return out;
}

std::optional<qint64> timeReplyToMs(QStringView seconds, QStringView micros)
{
    if (!isIntegerText(seconds.trimmed()) || !isIntegerText(micros.trimmed()))
        return std::nullopt;
    bool ok1 = false;
    bool ok2 = false;
    const qint64 s = seconds.trimmed().toLongLong(&ok1);
    const qint64 us = micros.trimmed().toLongLong(&ok2);
    if (!ok1 || !ok2 || s < 0 || us < 0 || us >= 1000000)
        return std::nullopt;
    return s * 1000 + us / 1000;
}

QString decodeUtf8(QByteArrayView bytes, bool *valid)
{
    // ASCII (almost every BullMQ value) checked 8 bytes at a time.
    bool ascii = true;
    const char *p = bytes.data();
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    for (; ascii && i + 8 <= n; i += 8) {
        quint64 w;
        std::memcpy(&w, p + i, 8);
        ascii = (w & 0x8080808080808080ULL) == 0;
    }
    for (; ascii && i < n; ++i)
        ascii = quint8(p[i]) < 0x80;
    if (ascii) {
        if (valid)
            *valid = true;
        return QString::fromLatin1(bytes.data(), bytes.size());
    }
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::ConvertInitialBom | QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(bytes);
    if (valid)
        *valid = !decoder.hasError();
    return s;
}

DecodeResult decodeJobHash(Job &job, const std::vector<RawField> &fields, const DecodeOptions &options)
{
    DecodeResult result;
    job.fields.clear();
    job.fields.reserve(fields.size());
    for (const auto &[rawName, rawValue] : fields) {
        bool nameValid = true;
        bool valueValid = true;
        QString name = decodeUtf8(rawName, &nameValid);
        const QByteArrayView cut = cutUtf8(rawValue, options.maxValueBytes);
        QString value = decodeUtf8(cut, &valueValid);
        if (cut.size() < rawValue.size()) {
            result.truncatedFields << name;
            job.problems << QStringLiteral("field '%1' is %2 bytes; only the first %3 were kept")
                                .arg(name)
                                .arg(rawValue.size())
                                .arg(cut.size());
        }
        if (!nameValid || !valueValid) {
            result.invalidUtf8Fields << name;
            job.problems << QStringLiteral("field '%1' is not valid UTF-8; "
                                           "invalid bytes shown as U+FFFD")
                                .arg(name);
        }
        job.fields.emplace_back(std::move(name), std::move(value));
    }
    decodeFields(job, options);
    return result;
}

void decodeJobHash(Job &job, Fields fields, const DecodeOptions &options)
{
    job.fields = std::move(fields);
    decodeFields(job, options);
}

} // namespace postscope::bullmq
