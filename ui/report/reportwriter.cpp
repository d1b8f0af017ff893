#include "reportwriter.h"

#include "reportcontent.h"
#include "reportpdf.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace postscope {

namespace {

// Browsers get the full stylesheet; the same body feeds the PDF's QTextDocument.
const char kHtmlStyle[] = R"(
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; font-size: 15px;
       line-height: 1.45; color: #202124; background: #f6f7f9; margin: 0; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { color: #1a237e; font-size: 26px; margin: 8px 0 12px; }
h1.part { border-top: 3px solid #1a237e; padding-top: 16px; margin-top: 40px; }
h2 { font-size: 20px; margin: 32px 0 8px; }
h2.finding { border-left: 6px solid currentColor; padding-left: 10px; }
h4 { margin: 14px 0 4px; color: #37474f; }
p.lead { color: #455a64; }
p.summary { font-size: 16px; }
p.note, p.caption { color: #607d8b; font-size: 13px; margin-top: 2px; }
table { border-collapse: collapse; margin: 6px 0 10px; font-size: 14px; }
th, td { border: 1px solid #cfd8dc; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #eceff1; }
table.facts th { width: 22%; }
tr.differs td { background: #fff8e1; }
code, pre { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 13px; }
pre { background: #f5f5f5; border: 1px solid #e0e0e0; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; }
.badge { border-radius: 3px; font-size: 12px; font-weight: bold; padding: 1px 2px; }
img { max-width: 100%; height: auto; border: 1px solid #e0e0e0; }
)";

QByteArray png(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

bool save(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString html(const ReportContent &content)
{
    const QString body = content.htmlBody([](const ReportImage &image) {
        const QSizeF size = image.image.deviceIndependentSize();
        return QStringLiteral("<figure><img src=\"data:image/png;base64,%1\" width=\"%2\" height=\"%3\" alt=\"%4\"/>"
                              "<p class=\"caption\">%4</p></figure>\n")
            .arg(QString::fromLatin1(png(image.image).toBase64()))
            .arg(int(size.width()))
            .arg(int(size.height()))
            .arg(image.caption.toHtmlEscaped());
    });
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                          "<meta name=\"generator\" content=\"postscope\"/>\n<title>%1</title>\n<style>%2</style>\n"
                          "</head>\n<body>\n<main>\n%3</main>\n</body>\n</html>\n")
        .arg(content.title().toHtmlEscaped(), QString::fromLatin1(kHtmlStyle), body);
}

bool writeMarkdown(const ReportContent &content, const QString &out, QString *error)
{
    const QFileInfo info(out);
    const QString base = info.completeBaseName();
    const QDir dir = info.absoluteDir();
    for (const ReportImage &image : content.images()) {
        if (!save(dir.filePath(ReportContent::imageFileName(base, image)), png(image.image), error))
            return false;
    }
    return save(out, content.markdown(base).toUtf8(), error);
}

} // namespace

QString toString(ReportFormat f)
{
    switch (f) {
    case ReportFormat::Html: return QStringLiteral("html");
    case ReportFormat::Markdown: return QStringLiteral("md");
    case ReportFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ReportFormat> reportFormatFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("html") || t == QLatin1String("htm"))
        return ReportFormat::Html;
    if (t == QLatin1String("md") || t == QLatin1String("markdown"))
        return ReportFormat::Markdown;
    if (t == QLatin1String("pdf"))
        return ReportFormat::Pdf;
    return std::nullopt;
}

std::optional<ReportFormat> reportFormatForPath(const QString &path)
{
    return reportFormatFromString(QFileInfo(path).suffix());
}

bool writeReport(const Analysis &analysis, const ReportOptions &options, const QString &out, QString *error)
{
    if (!analysis.snapshot) {
        *error = QStringLiteral("there is no snapshot to report on");
        return false;
    }
    if (out.isEmpty()) {
        *error = QStringLiteral("no output file given");
        return false;
    }
    const QFileInfo info(out);
    if (!info.absoluteDir().exists()) {
        *error = QStringLiteral("cannot write %1: the folder %2 does not exist").arg(out, info.absolutePath());
        return false;
    }
    const ReportContent content(analysis, options);
    switch (options.format) {
    case ReportFormat::Html: return save(out, html(content).toUtf8(), error);
    case ReportFormat::Markdown: return writeMarkdown(content, out, error);
    case ReportFormat::Pdf: return writeReportPdf(content, out, error);
    }
    return false;
}

} // namespace postscope
