#include "reportcli.h"

#include "cli/cli.h"
#include "reportwriter.h"
#include "sources/snapshotfile.h"

#include <QCommandLineParser>

#include <utility>

namespace postscope::cli {

int runReport(const QStringList &arguments, FILE *out, FILE *err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Write a report to attach to a ticket: the capture's scope and servers, every finding with "
                       "its evidence, what to do and how to verify it, timeline pictures, and optionally two posts "
                       "side by side. Post content and URL passwords are hidden unless --no-redact."));
    parser.addHelpOption();
    addCaptureOptions(parser);
    parser.addOptions({
        {QStringLiteral("snapshot"), QStringLiteral("Report on a snapshot file instead of connecting."),
         QStringLiteral("FILE")},
        {QStringLiteral("format"), QStringLiteral("html, md or pdf (default: from the suffix of -o, else html)."),
         QStringLiteral("FORMAT")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the report to OUT (Markdown also writes OUT-timeline-*.png beside it)."),
         QStringLiteral("OUT")},
        {QStringLiteral("compare"), QStringLiteral("Add the compare table of two posts."), QStringLiteral("POSTA,POSTB")},
        {QStringLiteral("redact"), QStringLiteral("Hide post content, title and description (the default).")},
        {QStringLiteral("no-redact"), QStringLiteral("Keep post content in the report.")},
        {QStringLiteral("redact-orgs"), QStringLiteral("Also replace organisation names (and where integration "
                                                       "names repeat them).")},
    });
    if (const auto exit = parseCommandLine(parser, arguments, QStringLiteral("report"), out, err))
        return *exit;
    auto usage = [err](const QString &text) {
        print(err, QStringLiteral("report: %1\n").arg(text));
        return ExitUsage;
    };
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty() || output == QLatin1String("-"))
        return usage(QStringLiteral("say where to write it with -o OUT"));

    ReportOptions options;
    const QString formatText = parser.value(QStringLiteral("format"));
    const auto format = formatText.isEmpty() ? reportFormatForPath(output) : reportFormatFromString(formatText);
    if (!format && !formatText.isEmpty())
        return usage(QStringLiteral("--format takes html, md or pdf, got \"%1\"").arg(formatText));
    options.format = format.value_or(ReportFormat::Html);
    if (parser.isSet(QStringLiteral("redact")) && parser.isSet(QStringLiteral("no-redact")))
        return usage(QStringLiteral("use either --redact or --no-redact"));
    options.redact = !parser.isSet(QStringLiteral("no-redact"));
    options.redactOrganizations = parser.isSet(QStringLiteral("redact-orgs"));
    if (parser.isSet(QStringLiteral("compare"))) {
        options.comparePosts = parser.value(QStringLiteral("compare")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &id : options.comparePosts)
            id = id.trimmed();
        if (options.comparePosts.size() != 2)
            return usage(QStringLiteral("--compare takes two post ids: POSTA,POSTB"));
    }
    const bool fromFile = parser.isSet(QStringLiteral("snapshot"));
    if (fromFile && parser.isSet(QStringLiteral("demo")))
        return usage(QStringLiteral("use either --snapshot FILE or --demo"));

    Analysis analysis;
    int status = ExitOk;
    if (fromFile) {
        analysis.origin = parser.value(QStringLiteral("snapshot"));
        SnapshotData data;
        QString error;
        if (!snapshotfile::load(analysis.origin, &data, &error)) {
            print(err, QStringLiteral("report: %1\n").arg(error));
            return ExitCaptureFailed;
        }
        analysis.snapshot = std::make_shared<const Snapshot>(std::move(data));
    } else {
        status = snapshotFromOptions(parser, QStringLiteral("report"), err, &analysis.snapshot);
        if (!analysis.snapshot)
            return status;
        analysis.demo = parser.isSet(QStringLiteral("demo"));
        analysis.origin = analysis.demo ? QStringLiteral("demo") : QString();
    }
    for (const QString &id : std::as_const(options.comparePosts)) {
        if (!analysis.snapshot->post(id))
            print(err, QStringLiteral("report: post %1 is not in the snapshot; its compare column stays empty\n").arg(id));
    }

    QString error;
    if (!writeReport(analysis, options, output, &error)) {
        print(err, QStringLiteral("report: %1\n").arg(error));
        return ExitCaptureFailed;
    }
    if (!parser.isSet(QStringLiteral("quiet")))
        print(err, QStringLiteral("wrote %1 (%2%3)\n")
                       .arg(output, toString(options.format),
                            options.redact ? QStringLiteral(", post content redacted") : QStringLiteral(", not redacted")));
    return status;
}

} // namespace postscope::cli
