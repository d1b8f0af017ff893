#include "reportpdf.h"

#include "reportcontent.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextLayout>
#include <QTextDocument>
#include <QUrl>

namespace postscope {

namespace {

// Layout units: pixels at 96 dpi, the PDF writer's resolution too, so what the layout
// measures is what is painted.
constexpr int kDpi = 96;
constexpr qreal kSectionGap = 14;

const char kStyle[] = R"(
body { font-size: 9pt; color: #202124; }
h1 { font-size: 17pt; color: #1a237e; margin-bottom: 6px; }
h2 { font-size: 13pt; margin-top: 18px; margin-bottom: 4px; }
h3 { font-size: 11pt; }
h4 { font-size: 9.5pt; margin-top: 8px; margin-bottom: 2px; color: #37474f; }
p.lead { color: #455a64; }
p.summary { font-size: 10pt; }
p.note, p.caption { color: #607d8b; font-size: 8pt; }
table { border-collapse: collapse; margin-top: 4px; margin-bottom: 6px; }
th { background-color: #eceff1; border: 1px solid #cfd8dc; font-weight: bold; }
td { border: 1px solid #cfd8dc; }
tr.differs td { background-color: #fff8e1; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; }
pre { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; background-color: #f5f5f5; white-space: pre-wrap; }
)";

// The body cut before every h1 and h2: the units that should each stay on one page.
QStringList sections(const QString &html)
{
    static const QRegularExpression cut(QStringLiteral("\\n(?=<h[12][ >])"));
    return html.split(cut, Qt::SkipEmptyParts);
}

// The largest y <= limit that does not cut through a line of text (or an image, which
// is laid out as part of a line).
qreal cleanCut(const QTextDocument &doc, qreal from, qreal limit)
{
    qreal cut = limit;
    for (bool moved = true; moved;) {
        moved = false;
        for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
            const QRectF block = doc.documentLayout()->blockBoundingRect(b);
            if (block.bottom() <= cut - 0.5 || block.top() >= cut)
                continue;
            const QTextLayout *layout = b.layout();
            for (int i = 0; i < layout->lineCount(); ++i) {
                const QRectF line = layout->lineAt(i).rect().translated(block.topLeft() + layout->position());
                if (line.top() < cut && line.bottom() > cut + 0.5 && line.top() > from) {
                    cut = line.top();
                    moved = true;
                }
            }
        }
    }
    return cut > from + (limit - from) / 4 ? cut : limit; // a giant line: cut through it rather than loop
}
} // namespace

bool writeReportPdf(const ReportContent &content, const QString &path, QString *error)
{
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(14, 14, 14, 16), QPageLayout::Millimeter);
    writer.setTitle(content.title());
    writer.setCreator(QStringLiteral("postscope"));
    const QRectF page = writer.pageLayout().paintRectPixels(kDpi);
    const qreal footer = 22;
    const QSizeF body(page.width(), page.height() - footer);

    QFont font;
    font.setPointSizeF(9);
    const int imageWidth = int(body.width());
    const QString bodyHtml = content.htmlBody([imageWidth](const ReportImage &image) {
        const QSizeF logical = image.image.deviceIndependentSize();
        const int height = logical.width() > 0 ? int(logical.height() * imageWidth / logical.width()) : 0;
        return QStringLiteral("<p><img src=\"report:%1\" width=\"%2\" height=\"%3\"/></p>\n"
                              "<p class=\"caption\">%4</p>\n")
            .arg(image.name)
            .arg(imageWidth)
            .arg(height)
            .arg(image.caption.toHtmlEscaped());
    });
    auto prepare = [&](QTextDocument &doc) {
        doc.documentLayout()->setPaintDevice(&writer);
        doc.setDocumentMargin(0);
        doc.setDefaultFont(font);
        doc.setDefaultStyleSheet(QString::fromLatin1(kStyle));
        for (const ReportImage &image : content.images())
            doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("report:") + image.name), image.image);
    };

    QPainter painter;
    if (!painter.begin(&writer)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    QFont footerFont = font;
    footerFont.setPointSizeF(7.5);
    int pageIndex = 0;
    auto footerAndNewPage = [&](bool last) {
        painter.setFont(footerFont);
        painter.setPen(QColor(0x78, 0x90, 0x9c));
        const QRectF footerRect(0, body.height() + 4, body.width(), footer - 4);
        painter.drawText(footerRect, Qt::AlignLeft | Qt::AlignBottom, content.title());
        painter.drawText(footerRect, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("page %1").arg(pageIndex + 1));
        if (!last) {
            writer.newPage();
            ++pageIndex;
        }
    };
    // Each section is its own document: it goes where it fits, on the next page when it
    // does not, and is cut between lines only when it is longer than a page.
    qreal y = 0;
    for (const QString &html : sections(bodyHtml)) {
        QTextDocument section;
        prepare(section);
        section.setHtml(html);
        section.setTextWidth(body.width());
        const qreal height = section.size().height();
        if (y > 0)
            y += kSectionGap;
        const bool newPart = html.startsWith(QLatin1String("<h1 class=\"part\""));
        if (y > 0 && (newPart || (y + height > body.height() && height <= body.height()))) {
            footerAndNewPage(false);
            y = 0;
        }
        qreal from = 0;
        while (from < height) {
            const qreal room = body.height() - y;
            const qreal to = from + room >= height ? height : cleanCut(section, from, from + room);
            painter.save();
            painter.translate(0, y - from);
            section.drawContents(&painter, QRectF(0, from, body.width(), to - from));
            painter.restore();
            y += to - from;
            from = to;
            if (from < height) {
                footerAndNewPage(false);
                y = 0;
            }
        }
    }
    footerAndNewPage(true);
    if (!painter.end() || !QFile::exists(path)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace postscope
