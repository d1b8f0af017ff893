#include "reportcontent.h"

#include "cli/diagnose.h"
#include "core/compare.h"
#include "core/rules/rulesupport.h"
#include "core/snapshotjson.h"
#include "reporttimeline.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace postscope {

namespace {

using rulesupport::utc;

QString esc(const QString &text) { return text.toHtmlEscaped(); }

QString orNotRead(const QString &text) { return text.isEmpty() ? QStringLiteral("(not read)") : text; }

QString optionalTime(const std::optional<qint64> &ms, const std::optional<qint64> &local)
{
    if (!ms)
        return QStringLiteral("(not read)");
    QString text = utc(*ms);
    if (local)
        text += QStringLiteral(" (this machine's clock minus it: %1)").arg(rulesupport::duration(*local - *ms));
    return text;
}

QString htmlTable(const std::vector<std::pair<QString, QString>> &rows)
{
    QString h = QStringLiteral("<table class=\"facts\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\">\n");
    for (const auto &[key, value] : rows)
        h += QStringLiteral("<tr><th align=\"left\" valign=\"top\" width=\"24%\">%1</th><td>%2</td></tr>\n")
                 .arg(esc(key), esc(value));
    return h + QStringLiteral("</table>\n");
}

QString markdownList(const std::vector<std::pair<QString, QString>> &rows)
{
    QString m;
    for (const auto &[key, value] : rows)
        m += QStringLiteral("- %1: %2\n").arg(key, value);
    return m;
}

QString mdCell(QString text) { return text.replace(QLatin1Char('|'), QStringLiteral("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' ')); }

QString severityClass(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("critical");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Info: return QStringLiteral("info");
    }
    return {};
}

QString severityColour(Severity s)
{
    switch (s) {
    case Severity::Critical: return QStringLiteral("#c62828");
    case Severity::Warning: return QStringLiteral("#b26a00");
    case Severity::Info: return QStringLiteral("#1565c0");
    }
    return {};
}

QString badge(Severity s)
{
    return QStringLiteral("<span class=\"badge\" style=\"background-color:%1; color:#ffffff;\">&nbsp;%2&nbsp;</span>")
        .arg(severityColour(s), toString(s).toUpper());
}

QString htmlList(const QStringList &lines)
{
    QString h = QStringLiteral("<ul>\n");
    for (const QString &l : lines)
        h += QStringLiteral("<li>%1</li>\n").arg(esc(l));
    return h + QStringLiteral("</ul>\n");
}

QString codeList(const QStringList &ids)
{
    QStringList parts;
    for (const QString &id : ids)
        parts << QStringLiteral("<code>%1</code>").arg(esc(id));
    return parts.join(QStringLiteral(", "));
}

// Post rows of a finding: enough to act on without opening the snapshot.
QString postsTable(const Snapshot &s, const QStringList &postIds)
{
    constexpr int kMaxRows = 30;
    QString h = QStringLiteral("<table class=\"posts\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n"
                               "<tr><th align=\"left\" width=\"36%\">post</th><th align=\"left\" width=\"9%\">state</th>"
                               "<th align=\"left\" width=\"17%\">due (publishDate)</th><th align=\"left\" width=\"21%\">"
                               "integration</th><th align=\"left\" width=\"17%\">job</th></tr>\n");
    int shown = 0;
    for (const QString &id : postIds) {
        if (++shown > kMaxRows)
            break;
        const Post *p = s.post(id);
        if (!p) {
            h += QStringLiteral("<tr><td class=\"id\"><code>%1</code></td><td colspan=\"4\">(not in snapshot)</td></tr>\n")
                     .arg(esc(id));
            continue;
        }
        h += QStringLiteral("<tr><td class=\"id\"><code>%1</code></td><td>%2%3</td><td>%4</td><td>%5</td><td>%6</td></tr>\n")
                 .arg(esc(p->id), toString(p->state), p->isDeleted() ? QStringLiteral(" (deleted)") : QString(),
                      utc(p->publishDate), esc(rulesupport::integrationName(s, p->integrationId)),
                      esc(jobSummary(s, *p)));
    }
    h += QStringLiteral("</table>\n");
    if (postIds.size() > kMaxRows)
        h += QStringLiteral("<p class=\"note\">… and %1 more posts.</p>\n").arg(postIds.size() - kMaxRows);
    return h;
}

QString padded(int n) { return QStringLiteral("%1").arg(n, 2, 10, QLatin1Char('0')); }

} // namespace

SnapshotData ReportContent::redacted(const SnapshotData &data, const ReportOptions &options)
{
    SnapshotData copy = data;
    if (options.redact)
        snapshotjson::redact(copy);
    // A password never belongs in a report, redacted or not.
    copy.scope.postgresUrl = snapshotjson::urlWithoutPassword(copy.scope.postgresUrl);
    copy.scope.redisUrl = snapshotjson::urlWithoutPassword(copy.scope.redisUrl);
    if (options.redactOrganizations) {
        std::vector<std::pair<QString, QString>> aliases;
        int n = 0;
        for (Organization &org : copy.organizations) {
            const QString alias = QStringLiteral("organisation %1").arg(++n);
            if (!org.name.trimmed().isEmpty())
                aliases.emplace_back(org.name.trimmed(), alias);
            org.name = alias;
        }
        // Longest first, so "Acme Coffee" is replaced before "Acme".
        std::sort(aliases.begin(), aliases.end(),
                  [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
        // Integration names usually repeat the organisation's ("Acme Coffee on X").
        for (Integration &integration : copy.integrations) {
            for (const auto &[name, alias] : aliases)
                integration.name.replace(name, alias, Qt::CaseInsensitive);
        }
    }
    return copy;
}

ReportContent::ReportContent(const Analysis &analysis, const ReportOptions &options)
    : m_options(options)
{
    m_analysis.origin = analysis.origin;
    m_analysis.demo = analysis.demo;
    const SnapshotData &original = analysis.snapshot->data();
    SnapshotData copy = redacted(original, options);
    const bool changed = options.redact || options.redactOrganizations || copy.scope != original.scope;
    m_analysis.snapshot = changed ? std::make_shared<const Snapshot>(std::move(copy)) : analysis.snapshot;
    // Findings quote what they rest on (a duplicate's content, an integration's name, a
    // URL): diagnosing the redacted copy keeps what was hidden out of them too.
    if (changed || !analysis.diagnosis)
        m_analysis.diagnosis = std::make_shared<const Diagnosis>(
            diagnose(*m_analysis.snapshot, RuleContext::forSnapshot(*m_analysis.snapshot)));
    else
        m_analysis.diagnosis = analysis.diagnosis;

    const Snapshot &s = *m_analysis.snapshot;
    // A PDF page is narrower than a screen: draw for a smaller width at twice the pixels,
    // so the labels stay legible once scaled to the page.
    const bool pdf = options.format == ReportFormat::Pdf;
    const int width = options.timelineWidth > 0 ? std::max(400, options.timelineWidth) : pdf ? 900 : 1200;
    const qreal ratio = pdf ? 2.0 : 1.0;
    ReportTimelineRequest all;
    all.devicePixelRatio = ratio;
    all.size = QSize(width, std::clamp(110 + integrationRows(s, {}) * 26, 320, 1400));
    m_images.push_back({QStringLiteral("all"), QStringLiteral("Every integration over the whole capture"),
                        renderReportTimeline(m_analysis, all)});
    int n = 0;
    for (const Finding &f : m_analysis.diagnosis->findings) {
        ++n;
        const auto [from, to] = timeRangeOfPosts(s, f.posts);
        if (from == to)
            continue;
        ReportTimelineRequest zoomed;
        zoomed.devicePixelRatio = ratio;
        zoomed.size = QSize(width, std::clamp(120 + integrationRows(s, f.posts) * 26, 200, 1000));
        zoomed.from = from;
        zoomed.to = to;
        zoomed.highlightedPosts = f.posts;
        zoomed.onlyIntegrationsOfHighlighted = true;
        m_images.push_back({padded(n),
                            QStringLiteral("Finding %1: its posts (halo) from %2 to %3").arg(n).arg(utc(from), utc(to)),
                            renderReportTimeline(m_analysis, zoomed)});
    }
}

const ReportImage *ReportContent::findingImage(int index) const
{
    const QString name = padded(index + 1);
    for (const ReportImage &image : m_images) {
        if (image.name == name)
            return &image;
    }
    return nullptr;
}

QString ReportContent::imageFileName(const QString &imageBase, const ReportImage &image)
{
    return imageBase + QStringLiteral("-timeline-") + image.name + QStringLiteral(".png");
}

QString ReportContent::sourceName() const
{
    if (m_analysis.demo)
        return QStringLiteral("the demo snapshot built into postscope");
    if (m_analysis.origin.isEmpty())
        return QStringLiteral("a live capture");
    // A file name, not its path: the path says things about this machine.
    const QFileInfo info(m_analysis.origin);
    return info.exists() ? info.fileName() : m_analysis.origin;
}

QString ReportContent::title() const
{
    return QStringLiteral("postscope report: capture of %1").arg(utc(snapshot().capturedAt()));
}

std::vector<std::pair<QString, QString>> ReportContent::captureFacts() const
{
    const Snapshot &s = snapshot();
    const SnapshotData &d = s.data();
    const CaptureScope &sc = s.scope();
    std::vector<std::pair<QString, QString>> rows;
    QString captured = utc(d.capturedAt);
    if (d.captureFinishedAt > d.capturedAt)
        captured += QStringLiteral(", took %1").arg(rulesupport::duration(d.captureFinishedAt - d.capturedAt));
    if (!d.postscopeVersion.isEmpty())
        captured += QStringLiteral(", by postscope %1").arg(d.postscopeVersion);
    rows.emplace_back(QStringLiteral("Captured"), captured);
    rows.emplace_back(QStringLiteral("Source"), sourceName());
    rows.emplace_back(QStringLiteral("Window (publishDate)"), QStringLiteral("%1 … %2").arg(utc(sc.from), utc(sc.to)));
    QStringList organisations;
    for (const Organization &org : d.organizations)
        organisations << (org.name.isEmpty() ? org.id : org.name);
    if (organisations.size() > 12)
        organisations = organisations.mid(0, 12) << QStringLiteral("and %1 more").arg(organisations.size() - 12);
    rows.emplace_back(QStringLiteral("Organisations"),
                      (sc.organizationIds.isEmpty() ? QStringLiteral("all") : QStringLiteral("only these"))
                          + (organisations.isEmpty() ? QString() : QStringLiteral(": ") + organisations.join(QStringLiteral(", "))));
    rows.emplace_back(QStringLiteral("Integrations"),
                      sc.integrationIds.isEmpty() ? QStringLiteral("all") : sc.integrationIds.join(QStringLiteral(", ")));
    rows.emplace_back(QStringLiteral("Queue"), sc.prefix + QLatin1Char(':') + sc.queue);
    rows.emplace_back(QStringLiteral("PostgreSQL"), orNotRead(sc.postgresUrl));
    rows.emplace_back(QStringLiteral("Redis"), orNotRead(sc.redisUrl));
    rows.emplace_back(QStringLiteral("Read"),
                      QStringLiteral("%1 organisations, %2 integrations, %3 posts, %4 \"Errors\" rows, %5 jobs, "
                                     "%6 events, %7 worker connections")
                          .arg(d.organizations.size())
                          .arg(d.integrations.size())
                          .arg(d.posts.size())
                          .arg(d.errors.size())
                          .arg(d.jobs.size())
                          .arg(d.events.size())
                          .arg(d.workers.size()));
    const Diagnosis &dg = diagnosis();
    rows.emplace_back(QStringLiteral("Findings"), QStringLiteral("%1 critical, %2 warning, %3 info")
                                                      .arg(dg.count(Severity::Critical))
                                                      .arg(dg.count(Severity::Warning))
                                                      .arg(dg.count(Severity::Info)));
    QStringList hidden;
    if (m_options.redact)
        hidden << QStringLiteral("post content, title and description (replaced by length and hash)");
    if (m_options.redactOrganizations)
        hidden << QStringLiteral("organisation names");
    hidden << QStringLiteral("passwords in URLs");
    rows.emplace_back(QStringLiteral("Hidden in this report"), hidden.join(QStringLiteral("; ")));
    return rows;
}

std::vector<std::pair<QString, QString>> ReportContent::serverFacts() const
{
    const Snapshot &s = snapshot();
    const ServerFacts &v = s.server();
    std::vector<std::pair<QString, QString>> rows;
    QString pg = orNotRead(v.postgresVersion);
    if (!v.postgresDatabase.isEmpty())
        pg += QStringLiteral(", database %1 as %2").arg(v.postgresDatabase, orNotRead(v.postgresUser));
    rows.emplace_back(QStringLiteral("PostgreSQL"), pg);
    rows.emplace_back(QStringLiteral("PostgreSQL now()"), optionalTime(v.postgresNow, v.localTime));
    QString redis = orNotRead(v.redisVersion);
    if (!v.redisMode.isEmpty())
        redis += QStringLiteral(", %1").arg(v.redisMode);
    if (v.redisDb)
        redis += QStringLiteral(", db %1").arg(*v.redisDb);
    rows.emplace_back(QStringLiteral("Redis"), redis);
    rows.emplace_back(QStringLiteral("Redis TIME"), optionalTime(v.redisTime, v.localTime));
    rows.emplace_back(QStringLiteral("maxmemory-policy"), orNotRead(v.maxmemoryPolicy));
    rows.emplace_back(QStringLiteral("Permissions"),
                      QStringLiteral("CLIENT LIST %1, INFO %2")
                          .arg(v.clientListPermitted ? QStringLiteral("allowed") : QStringLiteral("refused"),
                               v.infoPermitted ? QStringLiteral("allowed") : QStringLiteral("refused")));
    if (!v.missingTables.isEmpty())
        rows.emplace_back(QStringLiteral("Missing tables"), v.missingTables.join(QStringLiteral(", ")));
    if (!v.missingColumns.isEmpty())
        rows.emplace_back(QStringLiteral("Missing columns"), v.missingColumns.join(QStringLiteral(", ")));
    for (const QueueInfo &q : s.queues()) {
        QStringList lengths;
        for (const auto &[key, length] : q.keyLengths)
            lengths << QStringLiteral("%1 %2").arg(key).arg(length);
        QString text = q.paused ? QStringLiteral("PAUSED") : QStringLiteral("running");
        if (!lengths.isEmpty())
            text += QStringLiteral("; ") + lengths.join(QStringLiteral(", "));
        text += QStringLiteral("; events %1 read of %2").arg(q.eventsRead).arg(q.eventsLength);
        text += q.workersSeen ? QStringLiteral("; %1 worker connection(s)").arg(*q.workersSeen)
                              : QStringLiteral("; workers unknown");
        if (!q.version.isEmpty())
            text += QStringLiteral("; bullmq %1").arg(q.version);
        rows.emplace_back(QStringLiteral("Queue %1:%2").arg(q.prefix, q.name), text);
    }
    return rows;
}

QString ReportContent::htmlBody(const std::function<QString(const ReportImage &)> &imageTag) const
{
    const Snapshot &s = snapshot();
    const Diagnosis &d = diagnosis();
    QString h;
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(title()));
    h += QStringLiteral("<p class=\"lead\">Why scheduled posts did not go out, as postscope read Postiz's PostgreSQL "
                        "and its BullMQ queue in Redis at one moment. Every finding names the posts, jobs and events "
                        "it rests on, what to do, and read-only commands to check it by hand.</p>\n");
    h += htmlTable(captureFacts());

    h += QStringLiteral("<h2>Servers</h2>\n") + htmlTable(serverFacts());
    if (!s.gaps().empty()) {
        h += QStringLiteral("<h3>Not read (%1)</h3>\n<ul>\n").arg(s.gaps().size());
        for (const Gap &g : s.gaps())
            h += QStringLiteral("<li>[%1] %2: %3</li>\n").arg(esc(g.source), esc(g.subject), esc(g.reason));
        h += QStringLiteral("</ul>\n");
    } else {
        h += QStringLiteral("<p>Everything in scope was read (no gaps).</p>\n");
    }

    h += QStringLiteral("<h2>Timeline</h2>\n<p>Every integration under its organisation over the whole capture: "
                        "posts at their publishDate, their jobs up to the fire time, queue events; the legend under "
                        "the picture names each mark. Each finding below has its own picture, zoomed to its posts."
                        "</p>\n");
    h += imageTag(m_images.front());

    h += QStringLiteral("<h2>Findings at a glance</h2>\n");
    if (d.findings.empty()) {
        h += QStringLiteral("<p>No findings: nothing explains a missing post in this snapshot.</p>\n");
    } else {
        h += QStringLiteral("<table class=\"summary\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n"
                            "<tr><th align=\"left\">#</th><th align=\"left\">severity</th><th align=\"left\">finding"
                            "</th></tr>\n");
        int n = 0;
        for (const Finding &f : d.findings)
            h += QStringLiteral("<tr><td valign=\"top\">%1</td><td valign=\"top\">%2</td><td><b>%3</b> "
                                "<code>%4</code><br/>%5</td></tr>\n")
                     .arg(++n)
                     .arg(badge(f.severity), esc(f.title), esc(f.rule), esc(f.summary));
        h += QStringLiteral("</table>\n");
    }

    if (m_options.comparePosts.size() == 2) {
        const QString &a = m_options.comparePosts.at(0);
        const QString &b = m_options.comparePosts.at(1);
        h += QStringLiteral("<h2>Compare</h2>\n<p>A = <code>%1</code>, B = <code>%2</code>; differing rows in bold."
                            "</p>\n<table class=\"compare\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">\n"
                            "<tr><th align=\"left\">field</th><th align=\"left\">A</th><th align=\"left\">B</th></tr>\n")
                 .arg(esc(a), esc(b));
        for (const CompareRow &row : compareRows(s, a, b)) {
            const QString open = row.differs ? QStringLiteral("<b>") : QString();
            const QString close = row.differs ? QStringLiteral("</b>") : QString();
            h += QStringLiteral("<tr%1><td>%2%3%4</td><td>%2%5%4</td><td>%2%6%4</td></tr>\n")
                     .arg(row.differs ? QStringLiteral(" class=\"differs\"") : QString(), open, esc(row.field), close,
                          esc(row.a), esc(row.b));
        }
        for (const CompareDelta &delta : compareDeltas(s, a, b))
            h += QStringLiteral("<tr><td>Δ %1</td><td colspan=\"2\">%2</td></tr>\n").arg(esc(delta.field), esc(delta.text));
        h += QStringLiteral("</table>\n");
    }

    if (!d.findings.empty())
        h += QStringLiteral("<h1 class=\"part\" style=\"page-break-before: always;\">Findings</h1>\n");
    int n = 0;
    for (const Finding &f : d.findings) {
        h += QStringLiteral("<h2 class=\"finding %1\" style=\"color:%2;\">%3. %4</h2>\n")
                 .arg(severityClass(f.severity), severityColour(f.severity))
                 .arg(n + 1)
                 .arg(esc(f.title));
        h += QStringLiteral("<p>%1 <code>%2</code></p>\n<p class=\"summary\">%3</p>\n")
                 .arg(badge(f.severity), esc(f.rule), esc(f.summary));
        if (!f.posts.isEmpty())
            h += postsTable(s, f.posts);
        if (!f.jobs.isEmpty())
            h += QStringLiteral("<p><b>Jobs:</b> %1</p>\n").arg(codeList(f.jobs));
        if (!f.integrations.isEmpty()) {
            QStringList names;
            for (const QString &id : f.integrations)
                names << rulesupport::integrationName(s, id);
            h += QStringLiteral("<p><b>Integrations:</b> %1</p>\n").arg(esc(names.join(QStringLiteral(", "))));
        }
        if (!f.events.isEmpty())
            h += QStringLiteral("<p><b>Events:</b> %1</p>\n").arg(codeList(f.events));
        if (const ReportImage *image = findingImage(n))
            h += imageTag(*image);
        if (!f.firedSignals.isEmpty())
            h += QStringLiteral("<h4>Why</h4>\n") + htmlList(f.firedSignals);
        if (!f.fix.isEmpty())
            h += QStringLiteral("<h4>What to do</h4>\n") + htmlList(f.fix);
        if (!f.verify.isEmpty())
            h += QStringLiteral("<h4>Verify by hand (read-only)</h4>\n<pre>%1</pre>\n")
                     .arg(esc(f.verify.join(QLatin1Char('\n'))));
        ++n;
    }

    QStringList skipped;
    for (const RuleRun &r : d.rules) {
        if (r.status == RuleStatus::Skipped)
            skipped << r.id + QStringLiteral(": ") + r.reason;
    }
    if (!skipped.isEmpty())
        h += QStringLiteral("<h2>Rules skipped</h2>\n") + htmlList(skipped);
    return h;
}

QString ReportContent::markdown(const QString &imageBase) const
{
    const Snapshot &s = snapshot();
    QString m;
    m += QStringLiteral("# %1\n\n").arg(title());
    m += markdownList(captureFacts()) + QLatin1Char('\n');
    m += QStringLiteral("## Servers\n\n") + markdownList(serverFacts()) + QLatin1Char('\n');
    if (s.gaps().empty())
        m += QStringLiteral("Everything in scope was read (no gaps).\n\n");
    m += QStringLiteral("## Timeline\n\n![%1](%2)\n\n")
             .arg(m_images.front().caption, imageFileName(imageBase, m_images.front()));
    if (m_options.comparePosts.size() == 2) {
        const QString &a = m_options.comparePosts.at(0);
        const QString &b = m_options.comparePosts.at(1);
        m += QStringLiteral("## Compare\n\nA = `%1`, B = `%2`; differing rows in bold.\n\n| field | A | B |\n|---|---|---|\n")
                 .arg(a, b);
        for (const CompareRow &row : compareRows(s, a, b)) {
            const QString mark = row.differs ? QStringLiteral("**") : QString();
            m += QStringLiteral("| %1%2%1 | %3 | %4 |\n").arg(mark, mdCell(row.field), mdCell(row.a), mdCell(row.b));
        }
        for (const CompareDelta &delta : compareDeltas(s, a, b))
            m += QStringLiteral("| Δ %1 | %2 | |\n").arg(mdCell(delta.field), mdCell(delta.text));
        m += QLatin1Char('\n');
    }

    // The diagnosis in the words of `postscope diagnose --format markdown`, one heading
    // level down, with each finding's timeline after its text.
    const QStringList lines = cli::diagnosisMarkdown(s, diagnosis()).split(QLatin1Char('\n'));
    static const QRegularExpression findingHeading(QStringLiteral("^## (\\d+)\\. "));
    const ReportImage *pending = nullptr;
    bool inCode = false;
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.startsWith(QLatin1String("```")))
            inCode = !inCode;
        if (!inCode && line.startsWith(QLatin1Char('#'))) {
            if (pending) {
                m += QStringLiteral("![%1](%2)\n\n").arg(pending->caption, imageFileName(imageBase, *pending));
                pending = nullptr;
            }
            if (const QRegularExpressionMatch match = findingHeading.match(line); match.hasMatch())
                pending = findingImage(match.captured(1).toInt() - 1);
            line = i == 0 ? QStringLiteral("## Diagnosis") : QString(QLatin1Char('#') + line);
        }
        m += line;
        if (i + 1 < lines.size())
            m += QLatin1Char('\n');
    }
    if (pending)
        m += QStringLiteral("![%1](%2)\n\n").arg(pending->caption, imageFileName(imageBase, *pending));
    return m;
}

} // namespace postscope
