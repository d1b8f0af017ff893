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

// ---- a strict JSON scan for the few members the decoder needs -------------------
//
// Parsing every job's data and opts with QJsonDocument builds a whole tree only to read
// data.id / data.payload.id and opts.delay. This scanner validates the document and
// picks those members in one pass over the text, without allocating. It accepts only
// what it fully understands: a top-level object; strings without \u escapes or control
// characters; plain numbers (no exponent, at most 15 digits a part); each wanted
// member at most once; nesting up to 256. Everything else (including every invalid
// document) returns false and QJsonDocument decides, so results and problem texts are
// exactly the parser's.
struct JsonMember {
    enum Type { Absent, Null, Bool, Number, String, Object, Array };
    Type type = Absent;
    QStringView text;       // String: the raw (escape-free) content; Number: the literal
    bool escaped = false;   // String contained an escape: its text is not the value
    bool integral = false;  // Number without fraction
};

class JsonScan
{
public:
    explicit JsonScan(QStringView s)
        : m_p(s.utf16())
        , m_end(s.utf16() + s.size())
    {
    }

    // Scans the document; `want` names top-level members to report (and, with
    // `nestedIn`, the member `nested` of that object member).
    bool run(std::initializer_list<std::pair<QLatin1StringView, JsonMember *>> want,
             QLatin1StringView nestedIn = {}, std::pair<QLatin1StringView, JsonMember *> nested = {})
    {
        m_want = want;
        m_nestedIn = nestedIn;
        m_nested = nested;
        skipWs();
        if (m_p == m_end || *m_p != u'{')
            return false;
        if (!object(0, true))
            return false;
        skipWs();
        return m_p == m_end;
    }

private:
    const char16_t *m_p;
    const char16_t *const m_end;
    std::initializer_list<std::pair<QLatin1StringView, JsonMember *>> m_want;
    QLatin1StringView m_nestedIn;
    std::pair<QLatin1StringView, JsonMember *> m_nested;

    static bool same(QStringView key, QLatin1StringView name)
    {
        if (key.size() != name.size())
            return false;
        for (qsizetype k = 0; k < key.size(); ++k) {
            if (key[k].unicode() != char16_t(quint8(name[k].toLatin1())))
                return false;
        }
        return true;
    }

    void skipWs()
    {
        while (m_p != m_end && (*m_p == u' ' || *m_p == u'\t' || *m_p == u'\n' || *m_p == u'\r'))
            ++m_p;
    }

    bool string(QStringView *text, bool *escaped)
    {
        const char16_t *start = ++m_p; // after the opening quote
        bool esc = false;
        while (m_p != m_end) {
            const char16_t c = *m_p;
            if (c == u'"') {
                *text = QStringView(start, m_p);
                *escaped = esc;
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == u'\\') {
                if (m_end - m_p < 2)
                    return false;
                const char16_t e = m_p[1];
                if (e != u'"' && e != u'\\' && e != u'/' && e != u'b' && e != u'f' && e != u'n' && e != u'r'
                    && e != u't')
                    return false; // \u (surrogates) and invalid escapes: the parser decides
                esc = true;
                m_p += 2;
                continue;
            }
            ++m_p;
        }
        return false;
    }

    bool digits(int max)
    {
        const char16_t *start = m_p;
        while (m_p != m_end && *m_p >= u'0' && *m_p <= u'9')
            ++m_p;
        return m_p > start && m_p - start <= max;
    }

    bool number(JsonMember *m)
    {
        const char16_t *start = m_p;
        if (*m_p == u'-')
            ++m_p;
        if (m_p == m_end)
            return false;
        if (*m_p == u'0') {
            ++m_p;
        } else if (!digits(15)) {
            return false;
        }
        bool integral = true;
        if (m_p != m_end && *m_p == u'.') {
            ++m_p;
            if (!digits(15))
                return false;
            integral = false;
        }
        if (m_p != m_end && (*m_p == u'e' || *m_p == u'E' || (*m_p >= u'0' && *m_p <= u'9')))
            return false; // exponents, leading zeros
        if (m) {
            m->type = JsonMember::Number;
            m->text = QStringView(start, m_p);
            m->integral = integral;
        }
        return true;
    }

    bool literal(QLatin1StringView word, JsonMember::Type type, JsonMember *m)
    {
        if (m_end - m_p < word.size() || !same(QStringView(m_p, word.size()), word))
            return false;
        m_p += word.size();
        if (m)
            m->type = type;
        return true;
    }

    // `m` receives the value's type (and text for scalars) when wanted. `nestedWanted`:
    // this value is the object whose member m_nested names.
    bool value(int depth, JsonMember *m, bool nestedWanted)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case u'{':
            if (m)
                m->type = JsonMember::Object;
            return object(depth + 1, false, nestedWanted);
        case u'[':
            if (m)
                m->type = JsonMember::Array;
            return array(depth + 1);
        case u'"': {
            QStringView text;
            bool escaped = false;
            if (!string(&text, &escaped))
                return false;
            if (m) {
                m->type = JsonMember::String;
                m->text = text;
                m->escaped = escaped;
            }
            return true;
        }
        case u't':
            return literal(QLatin1StringView("true"), JsonMember::Bool, m);
        case u'f':
            return literal(QLatin1StringView("false"), JsonMember::Bool, m);
        case u'n':
            return literal(QLatin1StringView("null"), JsonMember::Null, m);
        default:
            return number(m);
        }
    }

    bool array(int depth)
    {
        if (depth > 256)
            return false;
        ++m_p; // [
        skipWs();
        if (m_p != m_end && *m_p == u']') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWs();
            if (!value(depth, nullptr, false))
                return false;
            skipWs();
            if (m_p == m_end)
                return false;
            if (*m_p == u']') {
                ++m_p;
                return true;
            }
            if (*m_p != u',')
                return false;
            ++m_p;
        }
    }

    bool object(int depth, bool top, bool nestedWanted = false)
    {
        if (depth > 256)
            return false;
        ++m_p; // {
        skipWs();
        if (m_p != m_end && *m_p == u'}') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWs();
            if (m_p == m_end || *m_p != u'"')
                return false;
            QStringView key;
            bool keyEscaped = false;
            if (!string(&key, &keyEscaped))
                return false;
            if (keyEscaped)
                return false; // might spell a wanted name
            skipWs();
            if (m_p == m_end || *m_p != u':')
                return false;
            ++m_p;
            skipWs();
            JsonMember *target = nullptr;
            bool nextNested = false;
            if (top) {
                for (const auto &[name, member] : m_want) {
                    if (same(key, name)) {
                        target = member;
                        break;
                    }
                }
                nextNested = m_nested.second && same(key, m_nestedIn);
            } else if (nestedWanted && same(key, m_nested.first)) {
                target = m_nested.second;
            }
            if (target && target->type != JsonMember::Absent)
                return false; // a duplicate key: which one wins is the parser's business
            if (!value(depth, target, nextNested))
                return false;
            skipWs();
            if (m_p == m_end)
                return false;
            if (*m_p == u'}') {
                ++m_p;
                return true;
            }
            if (*m_p != u',')
                return false;
            ++m_p;
        }
    }
};

// jsonIdText() of a scanned member; false when only the parser can tell.
bool scannedIdText(const JsonMember &m, QString *out)
{
    switch (m.type) {
    case JsonMember::String:
        if (m.escaped)
            return false;
        *out = m.text.toString();
        return true;
    case JsonMember::Number:
        if (!m.integral)
            return false;
        *out = QString::number(m.text.toLongLong());
        return true;
    default:
        out->clear();
        return true;
    }
}

// data.id, else data.payload.id, as jsonIdText gives them; false = use the parser.
bool scanDataPostId(QStringView data, QString *id)
{
    JsonMember top;
    JsonMember payload;
    JsonMember nested;
    JsonScan scan(data);
    if (!scan.run({{QLatin1StringView("id"), &top}, {QLatin1StringView("payload"), &payload}},
                  QLatin1StringView("payload"), {QLatin1StringView("id"), &nested}))
        return false;
    if (!scannedIdText(top, id))
        return false;
    if (id->isEmpty() && !scannedIdText(nested, id))
        return false;
    return true;
}

// opts.delay as decodeFields reads it; false = use the parser.
bool scanOptsDelay(QStringView opts, JsonMember *delay)
{
    JsonScan scan(opts);
    if (!scan.run({{QLatin1StringView("delay"), delay}}))
        return false;
    return delay->type != JsonMember::Number || delay->integral;
}

enum class HashField {
    Other, Name, Data, Opts, Timestamp, Delay, Priority, ProcessedOn, FinishedOn, Ats, Atm,
    AttemptsMade, Returnvalue, FailedReason, Stacktrace, Pb
};

HashField hashField(QStringView name)
{
    // One comparison per field instead of a chain of them.
    switch (name.size()) {
    case 2:
        return name == u"pb" ? HashField::Pb : HashField::Other;
    case 3:
        return name == u"ats" ? HashField::Ats : name == u"atm" ? HashField::Atm : HashField::Other;
    case 4:
        return name == u"name" ? HashField::Name : name == u"data" ? HashField::Data
             : name == u"opts" ? HashField::Opts : HashField::Other;
    case 5:
        return name == u"delay" ? HashField::Delay : HashField::Other;
    case 8:
        return name == u"priority" ? HashField::Priority : HashField::Other;
    case 9:
        return name == u"timestamp" ? HashField::Timestamp : HashField::Other;
    case 10:
        return name == u"finishedOn" ? HashField::FinishedOn : name == u"stacktrace" ? HashField::Stacktrace
                                                                                     : HashField::Other;
    case 11:
        return name == u"processedOn" ? HashField::ProcessedOn : name == u"returnvalue" ? HashField::Returnvalue
                                                                                        : HashField::Other;
    case 12:
        return name == u"attemptsMade" ? HashField::AttemptsMade : name == u"failedReason" ? HashField::FailedReason
                                                                                           : HashField::Other;
    default:
        return HashField::Other;
    }
}

} // namespace

// Names that recur in every job hash and event, shared instead of allocated each time.
QString internedName(QByteArrayView raw)
{
    static const QString names[] = {
        QStringLiteral("name"), QStringLiteral("data"), QStringLiteral("opts"), QStringLiteral("timestamp"),
        QStringLiteral("delay"), QStringLiteral("priority"), QStringLiteral("processedOn"),
        QStringLiteral("finishedOn"), QStringLiteral("ats"), QStringLiteral("atm"), QStringLiteral("attemptsMade"),
        QStringLiteral("returnvalue"), QStringLiteral("failedReason"), QStringLiteral("stacktrace"),
        QStringLiteral("pb"), QStringLiteral("parent"), QStringLiteral("parentKey"), QStringLiteral("rjk"),
        QStringLiteral("deid"), QStringLiteral("stc"), QStringLiteral("event"), QStringLiteral("jobId"),
        QStringLiteral("prev"), QStringLiteral("added"), QStringLiteral("delayed"), QStringLiteral("waiting"),
        QStringLiteral("active"), QStringLiteral("completed"), QStringLiteral("failed"), QStringLiteral("removed"),
        QStringLiteral("progress"), QStringLiteral("stalled"), QStringLiteral("duplicated"),
        QStringLiteral("debounced"), QStringLiteral("deduplicated"), QStringLiteral("retries-exhausted"),
        QStringLiteral("attemptsStarted"), QStringLiteral("nextAttempt")};
    if (raw.size() > 17)
        return {};
    for (const QString &n : names) {
        if (n.size() != raw.size())
            continue;
        qsizetype k = 0;
        while (k < raw.size() && n[k].unicode() == char16_t(quint8(raw[k])))
            ++k;
        if (k == raw.size())
            return n;
    }
    return {};
}

namespace {

void decodeFields(Job &job, const DecodeOptions &options)
{
    job.hashPresent = !job.fields.empty();
    std::optional<qint64> atm;
    std::optional<qint64> legacyAttemptsMade;
    bool hasData = false;
    bool hasOpts = false;

    for (const auto &[name, value] : job.fields) {
        switch (hashField(name)) {
        case HashField::Name:
            job.name = value;
            break;
        case HashField::Data:
            job.data = value;
            hasData = true;
            break;
        case HashField::Opts:
            job.opts = value;
            hasOpts = true;
            break;
        case HashField::Timestamp:
            setNumber(job, name, value, job.timestamp);
            break;
        case HashField::Delay:
            setNumber(job, name, value, job.delay);
            break;
        case HashField::Priority:
            setNumber(job, name, value, job.priority);
            break;
        case HashField::ProcessedOn:
            setNumber(job, name, value, job.processedOn);
            break;
        case HashField::FinishedOn:
            setNumber(job, name, value, job.finishedOn);
            break;
        case HashField::Ats:
            setNumber(job, name, value, job.attemptsStarted);
            break;
        case HashField::Atm:
            setNumber(job, name, value, atm);
            break;
        case HashField::AttemptsMade:
            setNumber(job, name, value, legacyAttemptsMade);
            break;
        case HashField::Returnvalue:
            job.returnvalue = value;
            break;
        case HashField::FailedReason:
            job.failedReason = value;
            break;
        case HashField::Stacktrace:
            job.stacktrace = value;
            break;
        case HashField::Pb:
            job.processedBy = value;
            break;
        case HashField::Other:
            break;
        }
    }
    job.attemptsMade = atm ? atm : legacyAttemptsMade;

    if (hasData) {
        QString id;
        if (scanDataPostId(job.data, &id)) {
            if (!id.isEmpty())
                job.dataPostId = id;
        } else {
            bool ok = false;
            const QJsonObject o = parseJsonObject(job, QStringLiteral("data"), job.data, &ok);
            if (ok) {
                id = jsonIdText(o.value(QLatin1String("id")));
                if (id.isEmpty())
                    id = jsonIdText(o.value(QLatin1String("payload")).toObject().value(QLatin1String("id")));
                if (!id.isEmpty())
                    job.dataPostId = id;
            }
        }
    }
    if (hasOpts) {
        JsonMember delay;
        if (scanOptsDelay(job.opts, &delay)) {
            if (delay.type == JsonMember::Number)
                job.optsDelay = delay.text.toLongLong();
            else if (delay.type != JsonMember::Absent && delay.type != JsonMember::Null)
                job.problems << QStringLiteral("opts.delay is not a number");
        } else {
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
    // Plain digits (every number BullMQ writes) without the locale-aware conversion.
    if (!text.isEmpty() && text.size() <= 18) {
        qint64 v = 0;
        qsizetype i = 0;
        for (; i < text.size(); ++i) {
            const char16_t c = text[i].unicode();
            if (c < u'0' || c > u'9')
                break;
            v = v * 10 + (c - u'0');
        }
        if (i == text.size())
            return v;
    }
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
        QString name = internedName(rawName);
        if (name.isNull())
            name = decodeUtf8(rawName, &nameValid);
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
