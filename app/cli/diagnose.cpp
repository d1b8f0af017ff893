#include "diagnose.h"

#include "cli.h"
#include "core/rules/registry.h"
#include "core/rules/rulesupport.h"
#include "sources/snapshotfile.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

namespace postscope::cli {

namespace {

using rulesupport::utc;

void write(FILE *f, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), f);
    std::fflush(f);
}


QJsonArray strings(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QJsonValue optionalMs(const std::optional<qint64> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

QString orNone(const QString &s) { return s.isEmpty() ? QStringLiteral("(none)") : s; }

QString scopeLine(const Snapshot &s)
{
    const CaptureScope &sc = s.scope();
    QStringList parts;
    parts << QStringLiteral("publishDate %1 … %2").arg(utc(sc.from), utc(sc.to));
    if (!sc.organizationIds.isEmpty())
        parts << QStringLiteral("organisations %1").arg(sc.organizationIds.join(QStringLiteral(", ")));
    if (!sc.integrationIds.isEmpty())
        parts << QStringLiteral("integrations %1").arg(sc.integrationIds.join(QStringLiteral(", ")));
    parts << QStringLiteral("queue %1:%2").arg(sc.prefix, sc.queue);
    return parts.join(QStringLiteral("; "));
}

QString countsLine(const Snapshot &s, const Diagnosis &d)
{
    int skipped = 0;
    for (const RuleRun &r : d.rules)
        skipped += r.status == RuleStatus::Skipped ? 1 : 0;
    return QStringLiteral("%1 critical, %2 warning, %3 info — %4 rules ran, %5 skipped; %6 posts, %7 jobs, %8 events")
        .arg(d.count(Severity::Critical))
        .arg(d.count(Severity::Warning))
        .arg(d.count(Severity::Info))
        .arg(int(d.rules.size()) - skipped)
        .arg(skipped)
        .arg(s.posts().size())
        .arg(s.jobs().size())
        .arg(s.events().size());
}

const Severity kSeverities[] = {Severity::Critical, Severity::Warning, Severity::Info};

QString heading(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("CRITICAL");
    case Severity::Warning: return QStringLiteral("WARNING");
    case Severity::Info: return QStringLiteral("INFO");
    }
    return {};
}

} // namespace

QString diagnosisText(const Snapshot &s, const Diagnosis &d, bool colour)
{
    auto paint = [colour](const QString &text, const char *code) {
        return colour ? QStringLiteral("\x1b[%1m").arg(QLatin1String(code)) + text + QStringLiteral("\x1b[0m") : text;
    };
    QString t;
    t += paint(QStringLiteral("postscope diagnosis of the capture at %1").arg(utc(s.capturedAt())), "1")
        + QLatin1Char('\n');
    t += QStringLiteral("Scope: %1\n").arg(scopeLine(s));
    t += QStringLiteral("PostgreSQL: %1   Redis: %2\n")
             .arg(orNone(s.scope().postgresUrl), orNone(s.scope().redisUrl));
    t += countsLine(s, d) + QStringLiteral("\n");
    if (d.findings.empty())
        t += QStringLiteral("\nNo findings: nothing explains a missing post in this snapshot.\n");
    for (Severity sev : kSeverities) {
        const int n = d.count(sev);
        if (n == 0)
            continue;
        const char *code = sev == Severity::Critical ? "1;31" : sev == Severity::Warning ? "1;33" : "1;36";
        t += QLatin1Char('\n') + paint(QStringLiteral("%1 (%2)").arg(heading(sev)).arg(n), code) + QLatin1Char('\n');
        for (const Finding &f : d.findings) {
            if (f.severity != sev)
                continue;
            t += QLatin1Char('\n') + paint(QStringLiteral("  [%1] %2").arg(f.rule, f.title), "1") + QLatin1Char('\n');
            t += QStringLiteral("    %1\n").arg(f.summary);
            if (!f.posts.isEmpty())
                t += QStringLiteral("    posts: %1\n").arg(f.posts.join(QStringLiteral(", ")));
            if (!f.jobs.isEmpty())
                t += QStringLiteral("    jobs: %1\n").arg(f.jobs.join(QStringLiteral(", ")));
            if (!f.events.isEmpty())
                t += QStringLiteral("    events: %1\n").arg(f.events.join(QStringLiteral(", ")));
            if (!f.firedSignals.isEmpty()) {
                t += QStringLiteral("    why:\n");
                for (const QString &l : f.firedSignals)
                    t += QStringLiteral("      - %1\n").arg(l);
            }
            if (!f.fix.isEmpty()) {
                t += QStringLiteral("    what to do:\n");
                for (const QString &l : f.fix)
                    t += QStringLiteral("      - %1\n").arg(l);
            }
            if (!f.verify.isEmpty()) {
                t += QStringLiteral("    verify by hand (read-only):\n");
                for (const QString &l : f.verify)
                    t += QStringLiteral("      $ %1\n").arg(l);
            }
        }
    }
    QStringList skipped;
    for (const RuleRun &r : d.rules) {
        if (r.status == RuleStatus::Skipped)
            skipped << QStringLiteral("  %1: %2").arg(r.id, r.reason);
    }
    if (!skipped.isEmpty())
        t += QLatin1Char('\n') + paint(QStringLiteral("Rules skipped (%1)").arg(skipped.size()), "1") + QLatin1Char('\n')
            + skipped.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (!s.gaps().empty()) {
        t += QLatin1Char('\n') + paint(QStringLiteral("Not read (%1)").arg(s.gaps().size()), "1") + QLatin1Char('\n');
        for (const Gap &g : s.gaps())
            t += QStringLiteral("  [%1] %2: %3\n").arg(g.source, g.subject, g.reason);
    }
    return t;
}

QByteArray diagnosisJson(const Snapshot &s, const Diagnosis &d)
{
    const CaptureScope &sc = s.scope();
    const ServerFacts &sv = s.server();
    QJsonObject capture{
        {QStringLiteral("capturedAt"), QJsonValue(double(s.capturedAt()))},
        {QStringLiteral("capturedAtUtc"), utc(s.capturedAt())},
        {QStringLiteral("organizationIds"), strings(sc.organizationIds)},
        {QStringLiteral("integrationIds"), strings(sc.integrationIds)},
        {QStringLiteral("from"), QJsonValue(double(sc.from))},
        {QStringLiteral("to"), QJsonValue(double(sc.to))},
        {QStringLiteral("prefix"), sc.prefix},
        {QStringLiteral("queue"), sc.queue},
        {QStringLiteral("postgresUrl"), sc.postgresUrl},
        {QStringLiteral("redisUrl"), sc.redisUrl},
        {QStringLiteral("redacted"), sc.redacted},
        {QStringLiteral("postgresVersion"), sv.postgresVersion},
        {QStringLiteral("redisVersion"), sv.redisVersion},
        {QStringLiteral("redisMode"), sv.redisMode},
        {QStringLiteral("redisTime"), optionalMs(sv.redisTime)},
        {QStringLiteral("postgresNow"), optionalMs(sv.postgresNow)},
        {QStringLiteral("localTime"), optionalMs(sv.localTime)},
        {QStringLiteral("maxmemoryPolicy"), sv.maxmemoryPolicy},
        {QStringLiteral("clientListPermitted"), sv.clientListPermitted},
        {QStringLiteral("missingColumns"), strings(sv.missingColumns)},
        {QStringLiteral("missingTables"), strings(sv.missingTables)},
        {QStringLiteral("eventsCoverFrom"), optionalMs(rulesupport::eventsCoverFrom(s))},
        {QStringLiteral("posts"), int(s.posts().size())},
        {QStringLiteral("jobs"), int(s.jobs().size())},
        {QStringLiteral("events"), int(s.events().size())},
    };
    QJsonArray rules;
    for (const RuleRun &r : d.rules)
        rules.append(QJsonObject{{QStringLiteral("id"), r.id},
                                 {QStringLiteral("status"), toString(r.status)},
                                 {QStringLiteral("reason"), r.reason}});
    QJsonArray findings;
    for (const Finding &f : d.findings)
        findings.append(QJsonObject{{QStringLiteral("rule"), f.rule},
                                    {QStringLiteral("severity"), toString(f.severity)},
                                    {QStringLiteral("title"), f.title},
                                    {QStringLiteral("summary"), f.summary},
                                    {QStringLiteral("posts"), strings(f.posts)},
                                    {QStringLiteral("jobs"), strings(f.jobs)},
                                    {QStringLiteral("integrations"), strings(f.integrations)},
                                    {QStringLiteral("events"), strings(f.events)},
                                    {QStringLiteral("signals"), strings(f.firedSignals)},
                                    {QStringLiteral("fix"), strings(f.fix)},
                                    {QStringLiteral("verify"), strings(f.verify)}});
    QJsonArray gaps;
    for (const Gap &g : s.gaps())
        gaps.append(QJsonObject{{QStringLiteral("source"), g.source},
                                {QStringLiteral("subject"), g.subject},
                                {QStringLiteral("reason"), g.reason}});
    const QJsonObject root{{QStringLiteral("capture"), capture},
                           {QStringLiteral("rules"), rules},
                           {QStringLiteral("findings"), findings},
                           {QStringLiteral("gaps"), gaps}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString diagnosisMarkdown(const Snapshot &s, const Diagnosis &d)
{
    auto cell = [](QString text) { return text.replace(QLatin1Char('|'), QStringLiteral("\\|")); };
    QString m;
    m += QStringLiteral("# postscope diagnosis\n\n");
    m += QStringLiteral("- Capture: %1\n").arg(utc(s.capturedAt()));
    m += QStringLiteral("- Scope: %1\n").arg(scopeLine(s));
    m += QStringLiteral("- PostgreSQL: `%1`, Redis: `%2`\n").arg(orNone(s.scope().postgresUrl), orNone(s.scope().redisUrl));
    m += QStringLiteral("- %1\n\n").arg(countsLine(s, d));
    if (d.findings.empty())
        m += QStringLiteral("No findings.\n\n");
    else {
        m += QStringLiteral("| severity | rule | summary |\n|---|---|---|\n");
        for (const Finding &f : d.findings)
            m += QStringLiteral("| %1 | `%2` | %3 |\n").arg(toString(f.severity), f.rule, cell(f.summary));
        m += QLatin1Char('\n');
    }
    int n = 0;
    for (const Finding &f : d.findings) {
        m += QStringLiteral("## %1. %2 (`%3`, %4)\n\n").arg(++n).arg(f.title, f.rule, toString(f.severity));
        m += f.summary + QStringLiteral("\n\n");
        if (!f.posts.isEmpty())
            m += QStringLiteral("- Posts: %1\n").arg(QStringLiteral("`") + f.posts.join(QStringLiteral("`, `")) + QStringLiteral("`"));
        if (!f.jobs.isEmpty())
            m += QStringLiteral("- Jobs: %1\n").arg(QStringLiteral("`") + f.jobs.join(QStringLiteral("`, `")) + QStringLiteral("`"));
        if (!f.integrations.isEmpty()) {
            QStringList names;
            for (const QString &id : f.integrations)
                names << rulesupport::integrationName(s, id);
            m += QStringLiteral("- Integrations: %1\n").arg(names.join(QStringLiteral(", ")));
        }
        if (!f.events.isEmpty())
            m += QStringLiteral("- Events: %1\n").arg(QStringLiteral("`") + f.events.join(QStringLiteral("`, `")) + QStringLiteral("`"));
        m += QStringLiteral("\n**Why**\n\n");
        for (const QString &l : f.firedSignals)
            m += QStringLiteral("- %1\n").arg(l);
        m += QStringLiteral("\n**What to do**\n\n");
        for (const QString &l : f.fix)
            m += QStringLiteral("- %1\n").arg(l);
        if (!f.verify.isEmpty()) {
            m += QStringLiteral("\n**Verify by hand** (read-only)\n\n```\n");
            for (const QString &l : f.verify)
                m += l + QLatin1Char('\n');
            m += QStringLiteral("```\n");
        }
        m += QLatin1Char('\n');
    }
    QStringList skipped;
    for (const RuleRun &r : d.rules) {
        if (r.status == RuleStatus::Skipped)
            skipped << QStringLiteral("- `%1`: %2").arg(r.id, r.reason);
    }
    if (!skipped.isEmpty())
        m += QStringLiteral("## Rules skipped\n\n") + skipped.join(QLatin1Char('\n')) + QStringLiteral("\n\n");
    if (!s.gaps().empty()) {
        m += QStringLiteral("## Not read\n\n");
        for (const Gap &g : s.gaps())
            m += QStringLiteral("- [%1] %2: %3\n").arg(g.source, g.subject, g.reason);
        m += QLatin1Char('\n');
    }
    return m;
}

int runDiagnose(const QStringList &arguments, FILE *out, FILE *err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Capture (or load) one snapshot and name why posts did not go out: every rule of the "
                       "catalog, one finding per cause, with the evidence and how to verify it by hand."));
    parser.addHelpOption();
    addCaptureOptions(parser);
    parser.addOption({QStringLiteral("snapshot"), QStringLiteral("Diagnose a snapshot file instead of connecting."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("format"), QStringLiteral("text (default), json or markdown."),
                      QStringLiteral("FORMAT"), QStringLiteral("text")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the diagnosis to FILE instead of stdout."), QStringLiteral("FILE")});
    if (const auto exit = parseCommandLine(parser, arguments, QStringLiteral("diagnose"), out, err))
        return *exit;
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json") && format != QLatin1String("markdown")) {
        print(err, QStringLiteral("diagnose: --format takes text, json or markdown, got \"%1\"\n").arg(format));
        return ExitUsage;
    }
    const bool fromFile = parser.isSet(QStringLiteral("snapshot"));
    const bool demo = parser.isSet(QStringLiteral("demo"));
    if (fromFile && demo) {
        print(err, QStringLiteral("diagnose: use either --snapshot FILE or --demo\n"));
        return ExitUsage;
    }

    SnapshotPtr snapshotPtr;
    bool captureOk = true;
    if (fromFile) {
        SnapshotData data;
        QString error;
        if (!snapshotfile::load(parser.value(QStringLiteral("snapshot")), &data, &error)) {
            print(err, QStringLiteral("diagnose: %1\n").arg(error));
            return ExitCaptureFailed;
        }
        snapshotPtr = std::make_shared<const Snapshot>(std::move(data));
    } else {
        const int status = snapshotFromOptions(parser, QStringLiteral("diagnose"), err, &snapshotPtr);
        if (!snapshotPtr)
            return status;
        captureOk = status == ExitOk;
    }

    const Snapshot &snapshot = *snapshotPtr;
    const Diagnosis diagnosis = diagnose(snapshot, RuleContext::forSnapshot(snapshot));
    const QString output = parser.value(QStringLiteral("output"));
    const bool toStdout = output.isEmpty() || output == QLatin1String("-");
    QByteArray bytes;
    if (format == QLatin1String("json"))
        bytes = diagnosisJson(snapshot, diagnosis);
    else if (format == QLatin1String("markdown"))
        bytes = diagnosisMarkdown(snapshot, diagnosis).toUtf8();
    else
        bytes = diagnosisText(snapshot, diagnosis, toStdout && ::isatty(::fileno(out))).toUtf8();
    if (toStdout) {
        write(out, bytes);
    } else {
        QSaveFile file(output);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            print(err, QStringLiteral("diagnose: cannot write %1: %2\n").arg(output, file.errorString()));
            return ExitCaptureFailed;
        }
    }
    if (!captureOk)
        return ExitCaptureFailed;
    return diagnosis.hasCritical() ? ExitFindings : ExitOk;
}

} // namespace postscope::cli
