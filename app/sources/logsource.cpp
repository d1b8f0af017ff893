#include "logsource.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace postscope {
namespace logsource {

namespace {

// pm2 (`0|backend  | `) and docker compose (`backend-1  | `) put the process name and a
// bar in front of every line; a single word, so prose with a bar in it is left alone.
const QRegularExpression &prefixRe()
{
    static const QRegularExpression re(QStringLiteral("^\\s*(?:\\d+\\|)?[A-Za-z0-9_.@-]+\\s*\\|\\s?"));
    return re;
}

const QRegularExpression &isoRe()
{
    static const QRegularExpression re(QStringLiteral(
        "^\\[?(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?\\s?(Z|[+-]\\d{2}:?\\d{2})?\\]?:?\\s*"));
    return re;
}

// NestJS's ConsoleLogger: `[Nest] 1234  - 01/15/2026, 2:30:00 PM     LOG [Ctx] msg`, local time.
const QRegularExpression &nestRe()
{
    static const QRegularExpression re(QStringLiteral(
        "^\\[Nest\\]\\s+\\d+\\s+-\\s+(\\d{1,2})/(\\d{1,2})/(\\d{4}),?\\s+(\\d{1,2}):(\\d{2}):(\\d{2})\\s*([AP]M)?\\s*"));
    return re;
}

const QRegularExpression &uuidRe()
{
    static const QRegularExpression re(QStringLiteral(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return re;
}

const QRegularExpression &processingRe()
{
    static const QRegularExpression re(QStringLiteral("\\bprocessing\\s*\\{"));
    return re;
}

std::optional<qint64> isoTime(const QRegularExpressionMatch &m)
{
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(),
                     m.captured(7).isEmpty() ? 0 : m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    const QString zone = m.captured(8);
    int offsetSeconds = 0;
    if (!zone.isEmpty() && zone != QLatin1String("Z")) {
        QString digits = zone.mid(1);
        digits.remove(QLatin1Char(':'));
        offsetSeconds = (digits.left(2).toInt() * 3600 + digits.mid(2, 2).toInt() * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
    }
    const QDateTime dt(date, time, Qt::UTC);
    return dt.toMSecsSinceEpoch() - qint64(offsetSeconds) * 1000;
}

std::optional<qint64> nestTime(const QRegularExpressionMatch &m)
{
    int hour = m.captured(4).toInt();
    const QString ampm = m.captured(7);
    if (ampm == QLatin1String("PM") && hour < 12)
        hour += 12;
    else if (ampm == QLatin1String("AM") && hour == 12)
        hour = 0;
    const QDate date(m.captured(3).toInt(), m.captured(1).toInt(), m.captured(2).toInt());
    const QTime time(hour, m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::LocalTime).toMSecsSinceEpoch();
}

bool isIdChar(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') || c == QLatin1Char('_');
}

// uuids, and cuid-like ids (lower-case letters and digits, 20–40 long, with both).
bool looksLikeId(QStringView token)
{
    if (token.size() == 36 && uuidRe().match(token).hasMatch())
        return true;
    if (token.size() < 20 || token.size() > 40)
        return false;
    bool digit = false, letter = false;
    for (QChar c : token) {
        if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            digit = true;
        else if (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            letter = true;
        else
            return false;
    }
    return digit && letter;
}

QString kindOf(const QString &message)
{
    if (message.contains(QLatin1String("event to dispatch")))
        return QStringLiteral("dispatch");
    if (message.contains(QLatin1String("[DEBUG] Deleting previous job")))
        return QStringLiteral("debug-delete");
    if (message.contains(QLatin1String("[DEBUG] Queueing new job")))
        return QStringLiteral("debug-queue");
    if (message.contains(QLatin1String("[WORKER] Processing post job")))
        return QStringLiteral("worker-processing");
    if (message.contains(QLatin1String("Unhandled error, let's avoid crashing the post worker")))
        return QStringLiteral("crash");
    if (message.contains(QLatin1String("[Error] posting on")))
        return QStringLiteral("provider-error");
    if (message.contains(QLatin1String("[PostsService]")))
        return QStringLiteral("posts-service");
    if (processingRe().match(message).hasMatch())
        return QStringLiteral("processing");
    return QString();
}

} // namespace

ParsedLine parseLine(const QString &line)
{
    ParsedLine out;
    QStringView rest(line);
    if (const auto m = prefixRe().match(rest); m.hasMatch())
        rest = rest.mid(m.capturedLength());
    if (const auto m = isoRe().match(rest); m.hasMatch()) {
        out.time = isoTime(m);
        rest = rest.mid(m.capturedLength());
        // docker compose with `-t`: the service prefix, then the time, then pm2's own time
        if (const auto m2 = isoRe().match(rest); m2.hasMatch())
            rest = rest.mid(m2.capturedLength());
    }
    if (const auto m = nestRe().match(rest); m.hasMatch()) {
        if (!out.time)
            out.time = nestTime(m);
    }
    out.message = rest.toString();
    out.kind = kindOf(out.message);

    QSet<QString> seen;
    const qsizetype n = rest.size();
    qsizetype i = 0;
    while (i < n) {
        while (i < n && !isIdChar(rest[i]))
            ++i;
        const qsizetype start = i;
        while (i < n && isIdChar(rest[i]))
            ++i;
        const QStringView token = rest.mid(start, i - start);
        if (looksLikeId(token)) {
            const QString id = token.toString();
            if (!seen.contains(id)) {
                seen.insert(id);
                out.ids.append(id);
            }
        }
    }
    return out;
}

} // namespace logsource

namespace {

// Feeds lines one by one; keeps state for Node's multi-line object dumps, where
// `event to dispatch:  {` stands on one line and `data: { id: '…' }` a few lines later.
class Linker
{
public:
    Linker(const QString &file, const Snapshot &s)
        : m_file(file)
        , m_snapshot(s)
    {
    }

    void add(const QByteArray &raw, qint64 lineNumber)
    {
        QByteArray bytes = raw;
        while (bytes.endsWith('\n') || bytes.endsWith('\r'))
            bytes.chop(1);
        const QString line = QString::fromUtf8(bytes);
        const logsource::ParsedLine p = logsource::parseLine(line);
        QStringList linked;
        for (const QString &id : p.ids) {
            if (m_snapshot.post(id))
                linked.append(id);
        }
        if (p.kind.isEmpty() && m_pending >= 0 && m_pendingLeft > 0) {
            --m_pendingLeft;
            if (!linked.isEmpty()) {
                LogLine &owner = m_lines[size_t(m_pending)];
                for (const QString &id : std::as_const(linked)) {
                    if (!owner.postIds.contains(id))
                        owner.postIds.append(id);
                }
                owner.text += QLatin1Char('\n') + line.left(logsource::maxTextChars);
                m_pending = -1;
                return;
            }
        }
        if (p.kind.isEmpty() && linked.isEmpty())
            return;
        LogLine l;
        l.file = m_file;
        l.lineNumber = lineNumber;
        l.time = p.time;
        l.text = line.left(logsource::maxTextChars);
        l.kind = p.kind.isEmpty() ? QStringLiteral("mention") : p.kind;
        l.postIds = linked;
        m_lines.push_back(std::move(l));
        if ((p.kind == QLatin1String("dispatch") || p.kind == QLatin1String("processing")) && linked.isEmpty()
            && p.ids.isEmpty()) {
            m_pending = qsizetype(m_lines.size()) - 1;
            m_pendingLeft = 6;
        } else {
            m_pending = -1;
        }
    }

    std::vector<LogLine> take() { return std::move(m_lines); }

private:
    QString m_file;
    const Snapshot &m_snapshot;
    std::vector<LogLine> m_lines;
    qsizetype m_pending = -1;
    int m_pendingLeft = 0;
};

} // namespace

std::vector<LogLine> readLogFile(const QString &path, const Snapshot &s, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    Linker linker(path, s);
    qint64 lineNumber = 0;
    while (!f.atEnd()) {
        QByteArray line = f.readLine(logsource::maxLineBytes + 1);
        if (line.isEmpty() && f.error() != QFileDevice::NoError) {
            if (error)
                *error = QStringLiteral("error reading %1: %2").arg(path, f.errorString());
            break;
        }
        // A line longer than the cap: keep its start, skip the rest without holding it.
        if (!line.endsWith('\n')) {
            while (!f.atEnd()) {
                const QByteArray more = f.readLine(logsource::maxLineBytes + 1);
                if (more.isEmpty() || more.endsWith('\n'))
                    break;
            }
        }
        linker.add(line, ++lineNumber);
    }
    return linker.take();
}

std::vector<LogLine> readLogText(const QByteArray &text, const QString &file, const Snapshot &s)
{
    Linker linker(file, s);
    qint64 lineNumber = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype end = text.indexOf('\n', pos);
        if (end < 0)
            end = text.size();
        linker.add(text.mid(pos, std::min<qsizetype>(end - pos, logsource::maxLineBytes)), ++lineNumber);
        pos = end + 1;
    }
    return linker.take();
}

SnapshotData withLogLines(const SnapshotData &data, const std::vector<LogLine> &lines)
{
    SnapshotData copy = data;
    QSet<QString> files;
    for (const LogLine &l : lines)
        files.insert(l.file);
    std::erase_if(copy.logLines, [&files](const LogLine &l) { return files.contains(l.file); });
    copy.logLines.insert(copy.logLines.end(), lines.begin(), lines.end());
    return copy;
}

} // namespace postscope
