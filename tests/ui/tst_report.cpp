// Reports from the demo snapshot in the three formats: HTML is one file with its pictures
// inside, the PDF has the pages and words it should (pdfinfo/pdftotext), the Markdown
// matches tests/cli/golden/report-demo.md (a mismatch writes .actual and prints the diff),
// and redaction leaves no post content, password or (when asked) organisation name in
// any output. Also the `report` command and the export dialog.

#include "report/reportcontent.h"
#include "report/reportdialog.h"
#include "report/reportwriter.h"
#include "sources/snapshotfile.h"
#include "uitestsupport.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

using namespace postscope;
using postscope::test::artifactsDir;

namespace {

const QString kPassword = QStringLiteral("Sup3rSecretPw");
const QString kContent = QStringLiteral("Our winter roast launches Friday, secret code ZEBRA-4471");

QString sourceDir() { return qEnvironmentVariable("POSTSCOPE_SOURCE_DIR"); }

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.waitForFinished(180000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// Post ids and titles can wrap anywhere in PDF text; compare without white space.
QString squeeze(QString text)
{
    // KC folds the ligatures a PDF's text may carry ("ﬀ" → "ff").
    static const QRegularExpression space(QStringLiteral("\\s+"));
    return text.normalized(QString::NormalizationForm_KC).remove(space);
}

QString pdfText(const QString &pdf, int page = 0)
{
    QStringList args;
    if (page > 0)
        args << QStringLiteral("-f") << QString::number(page) << QStringLiteral("-l") << QString::number(page);
    args << pdf << QStringLiteral("-");
    const Run r = run(QStringLiteral("pdftotext"), args);
    return QString::fromUtf8(r.out);
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT

    Analysis m_demo;
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    Analysis demoWithSecrets() const
    {
        SnapshotData data = m_demo.snapshot->data();
        data.scope.postgresUrl = QStringLiteral("postgresql://postiz:%1@db.internal:5432/postiz").arg(kPassword);
        data.scope.redisUrl = QStringLiteral("redis://:%1@cache.internal:6379/0").arg(kPassword);
        data.posts.front().content = kContent;
        data.posts.front().title = kContent + QStringLiteral(" (title)");
        Analysis a;
        a.snapshot = std::make_shared<const Snapshot>(std::move(data));
        a.origin = QStringLiteral("demo");
        a.demo = true;
        return a;
    }

    // Every text a report holds: the file itself, the PDF's text, the Markdown's.
    QString reportText(ReportFormat format, const QString &file) const
    {
        if (format == ReportFormat::Pdf)
            return pdfText(file);
        return QString::fromUtf8(readAll(file));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        SnapshotData data;
        QString error;
        QVERIFY2(snapshotfile::loadDemo(&data, &error), qPrintable(error));
        m_demo.snapshot = std::make_shared<const Snapshot>(std::move(data));
        m_demo.diagnosis = std::make_shared<const Diagnosis>(
            diagnose(*m_demo.snapshot, RuleContext::forSnapshot(*m_demo.snapshot)));
        m_demo.origin = QStringLiteral("demo");
        m_demo.demo = true;
        QVERIFY(m_demo.diagnosis->findings.size() >= 5);
        // The PDF checks need poppler's tools: missing tools fail, they never pass quietly.
        for (const char *tool : {"pdfinfo", "pdftotext", "pdftoppm"})
            QVERIFY2(!QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty(),
                     qPrintable(QStringLiteral("%1 is missing: install poppler-utils (.ci/install-deps)").arg(QLatin1String(tool))));
    }

    void formats_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<int>("format");
        QTest::newRow("html") << QStringLiteral("html") << true << int(ReportFormat::Html);
        QTest::newRow("HTM") << QStringLiteral("HTM") << true << int(ReportFormat::Html);
        QTest::newRow("md") << QStringLiteral("md") << true << int(ReportFormat::Markdown);
        QTest::newRow("markdown") << QStringLiteral("markdown") << true << int(ReportFormat::Markdown);
        QTest::newRow("pdf") << QStringLiteral("pdf") << true << int(ReportFormat::Pdf);
        QTest::newRow("docx") << QStringLiteral("docx") << false << -1;
        QTest::newRow("empty") << QString() << false << -1;
    }

    void formats()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(int, format);
        const auto f = reportFormatFromString(text);
        QCOMPARE(f.has_value(), valid);
        if (valid) {
            QCOMPARE(int(*f), format);
            QCOMPARE(int(*reportFormatForPath(QStringLiteral("/x/report.") + text)), format);
        }
    }

    // What a default (redacted) report says: the diagnosis of the redacted copy.
    Diagnosis redactedDiagnosis(const ReportOptions &o) const
    {
        const Snapshot copy(ReportContent::redacted(m_demo.snapshot->data(), o));
        return diagnose(copy, RuleContext::forSnapshot(copy));
    }

    void html()
    {
        const Diagnosis d = redactedDiagnosis(ReportOptions());
        const QString a = d.findings.front().posts.value(0);
        const QString b = m_demo.snapshot->posts().back().id;
        ReportOptions o;
        o.format = ReportFormat::Html;
        o.comparePosts = {a, b};
        const QString file = path(QStringLiteral("report.html"));
        QString error;
        QVERIFY2(writeReport(m_demo, o, file, &error), qPrintable(error));
        QFile::remove(artifactsDir() + QStringLiteral("/report-demo.html"));
        QFile::copy(file, artifactsDir() + QStringLiteral("/report-demo.html"));
        const QString html = QString::fromUtf8(readAll(file));

        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.trimmed().endsWith(QLatin1String("</html>")));
        for (const char *section : {"<h2>Servers</h2>", "<h2>Timeline</h2>", "<h2>Findings at a glance</h2>",
                                    "<h2>Compare</h2>", ">Findings</h1>"})
            QVERIFY2(html.contains(QLatin1String(section)), section);
        // Self-contained: no picture, stylesheet or script from elsewhere.
        QVERIFY(!html.contains(QLatin1String("src=\"http")));
        QVERIFY(!html.contains(QLatin1String("<link")));
        QVERIFY(!html.contains(QLatin1String("<script")));

        QTextDocument doc;
        doc.setHtml(html);
        const QString plain = doc.toPlainText();
        int n = 0;
        for (const Finding &f : d.findings) {
            ++n;
            QVERIFY2(plain.contains(QStringLiteral("%1. %2").arg(n).arg(f.title)), qPrintable(f.title));
            QVERIFY2(plain.contains(f.summary), qPrintable(f.summary));
            for (const QString &line : f.fix)
                QVERIFY2(plain.contains(line), qPrintable(line));
            for (const QString &line : f.verify)
                QVERIFY2(plain.contains(line), qPrintable(line));
        }
        // The compare table names both posts and carries the rows of compareRows.
        QVERIFY(plain.contains(a));
        QVERIFY(plain.contains(b));
        QVERIFY(plain.contains(QLatin1String("job fire time")));

        // Every picture decodes: the whole range plus one per finding that names posts.
        static const QRegularExpression img(QStringLiteral("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\""));
        int images = 0;
        for (auto it = img.globalMatch(html); it.hasNext();) {
            const QImage image = QImage::fromData(QByteArray::fromBase64(it.next().captured(1).toLatin1()), "PNG");
            QVERIFY(!image.isNull());
            QVERIFY(image.width() >= 400 && image.height() >= 100);
            ++images;
        }
        int withPosts = 0;
        for (const Finding &f : d.findings)
            withPosts += f.posts.isEmpty() ? 0 : 1;
        QCOMPARE(images, 1 + withPosts);
        QCOMPARE(html.count(QLatin1String("<img ")), images);
    }

    void pdf()
    {
        const Diagnosis d = redactedDiagnosis(ReportOptions());
        ReportOptions o;
        o.format = ReportFormat::Pdf;
        const QString file = path(QStringLiteral("report.pdf"));
        QString error;
        QVERIFY2(writeReport(m_demo, o, file, &error), qPrintable(error));

        const Run info = run(QStringLiteral("pdfinfo"), {file});
        QCOMPARE(info.exitCode, 0);
        static const QRegularExpression pagesLine(QStringLiteral("Pages:\\s+(\\d+)"));
        const int pages = pagesLine.match(QString::fromUtf8(info.out)).captured(1).toInt();
        QVERIFY2(pages >= 3, qPrintable(QString::fromUtf8(info.out)));
        QVERIFY(QString::fromUtf8(info.out).contains(QLatin1String("postscope report")));

        const QString text = squeeze(pdfText(file));
        int n = 0;
        for (const Finding &f : d.findings) {
            QVERIFY2(text.contains(squeeze(QStringLiteral("%1. %2").arg(++n).arg(f.title))), qPrintable(f.title));
            for (const QString &post : f.posts.mid(0, 30))
                QVERIFY2(text.contains(post), qPrintable(post));
        }

        // A finding that fits on a page is on one page: its heading and its last line together.
        QStringList pageTexts;
        for (int p = 1; p <= pages; ++p)
            pageTexts << squeeze(pdfText(file, p));
        n = 0;
        for (const Finding &f : d.findings) {
            const QString heading = squeeze(QStringLiteral("%1. %2").arg(++n).arg(f.title));
            if (f.posts.size() > 4 || f.verify.isEmpty())
                continue;
            const QString last = squeeze(f.verify.constLast()).left(40);
            int page = -1;
            for (int p = 0; p < pageTexts.size() && page < 0; ++p)
                page = pageTexts.at(p).contains(heading) ? p : -1;
            QVERIFY2(page >= 0, qPrintable(heading));
            QVERIFY2(pageTexts.at(page).contains(last),
                     qPrintable(QStringLiteral("finding %1 is split across pages %2 and %3").arg(n).arg(page + 1).arg(page + 2)));
        }

        // Pictures of pages, for looking at.
        const QString prefix = artifactsDir() + QStringLiteral("/report-demo-pdf");
        QCOMPARE(run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"),
                                                  QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"),
                                                  QStringLiteral("4"), file, prefix})
                     .exitCode,
                 0);
        QFile::remove(artifactsDir() + QStringLiteral("/report-demo.pdf"));
        QFile::copy(file, artifactsDir() + QStringLiteral("/report-demo.pdf"));
    }

    void markdownGolden()
    {
        ReportOptions o;
        o.format = ReportFormat::Markdown;
        const QString file = path(QStringLiteral("report-demo.md"));
        QString error;
        QVERIFY2(writeReport(m_demo, o, file, &error), qPrintable(error));
        const QByteArray actual = readAll(file);

        // The pictures it links are beside it and are pictures.
        static const QRegularExpression link(QStringLiteral("!\\[[^\\]]*\\]\\(([^)]+\\.png)\\)"));
        int images = 0;
        for (auto it = link.globalMatch(QString::fromUtf8(actual)); it.hasNext();) {
            const QString name = it.next().captured(1);
            QVERIFY2(name.startsWith(QLatin1String("report-demo-timeline-")), qPrintable(name));
            QVERIFY2(!QImage(path(name)).isNull(), qPrintable(name));
            ++images;
        }
        QVERIFY(images >= 2);

        const QString golden = sourceDir() + QStringLiteral("/tests/cli/golden/report-demo.md");
        const QString actualPath = golden + QStringLiteral(".actual");
        if (actual != readAll(golden)) {
            QFile a(actualPath);
            QVERIFY(a.open(QIODevice::WriteOnly | QIODevice::Truncate));
            a.write(actual);
            a.close();
            QProcess diff;
            diff.start(QStringLiteral("diff"), {QStringLiteral("-u"), golden, actualPath});
            diff.waitForFinished();
            qWarning().noquote() << QString::fromUtf8(diff.readAllStandardOutput()).left(20000);
            QFAIL(qPrintable(QStringLiteral("the Markdown report differs from the golden; see %1").arg(actualPath)));
        }
        QFile::remove(actualPath);
    }

    void redaction_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("redact");
        QTest::addColumn<bool>("redactOrgs");
        for (ReportFormat f : {ReportFormat::Html, ReportFormat::Markdown, ReportFormat::Pdf}) {
            QTest::addRow("%s default", qPrintable(toString(f))) << int(f) << true << false;
            QTest::addRow("%s orgs", qPrintable(toString(f))) << int(f) << true << true;
            QTest::addRow("%s no-redact", qPrintable(toString(f))) << int(f) << false << false;
        }
    }

    void redaction()
    {
        QFETCH(int, format);
        QFETCH(bool, redact);
        QFETCH(bool, redactOrgs);
        const Analysis a = demoWithSecrets();
        ReportOptions o;
        o.format = ReportFormat(format);
        o.redact = redact;
        o.redactOrganizations = redactOrgs;
        // The compare table shows the content row of the post that carries it.
        o.comparePosts = {a.snapshot->posts().front().id, a.snapshot->posts().back().id};
        const QString file = path(QStringLiteral("redaction.") + toString(o.format));
        QString error;
        QVERIFY2(writeReport(a, o, file, &error), qPrintable(error));
        const QString text = squeeze(reportText(o.format, file));
        QVERIFY(text.size() > 1000);

        // Never a password, whatever was asked.
        QVERIFY(!text.contains(kPassword));
        QVERIFY(text.contains(QLatin1String("db.internal")));
        // The marker content: absent when redacted; present otherwise (so the check can fail).
        const QString marker = squeeze(kContent.left(40));
        QCOMPARE(text.contains(marker), !redact);
        if (redact) {
            for (const Post &p : a.snapshot->posts()) {
                const QString content = squeeze(p.content.simplified().left(40));
                if (content.size() >= 12)
                    QVERIFY2(!text.contains(content), qPrintable(p.id + QStringLiteral(": ") + p.content));
            }
            QVERIFY(text.contains(QLatin1String("[redacted:")));
        }
        for (const Organization &org : a.snapshot->organizations())
            QCOMPARE(text.contains(squeeze(org.name)), !redactOrgs);
    }

    void command()
    {
        const QString binary = qEnvironmentVariable("POSTSCOPE_BINARY");
        QVERIFY2(QFile::exists(binary), "POSTSCOPE_BINARY is not set or missing");
        // No display and no platform chosen: the command picks the offscreen one itself.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));

        const QString out = path(QStringLiteral("cli.pdf"));
        Run r = run(binary, {QStringLiteral("report"), QStringLiteral("--demo"), QStringLiteral("-o"), out}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(readAll(out).startsWith("%PDF"));

        const QString snapshotFile = sourceDir() + QStringLiteral("/resources/demo-snapshot.json");
        const QString md = path(QStringLiteral("cli.md"));
        r = run(binary, {QStringLiteral("report"), QStringLiteral("--snapshot"), snapshotFile, QStringLiteral("--format"),
                         QStringLiteral("md"), QStringLiteral("-o"), md, QStringLiteral("--compare"),
                         m_demo.snapshot->posts().at(0).id + QLatin1Char(',') + m_demo.snapshot->posts().at(1).id,
                         QStringLiteral("--redact-orgs")},
                env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString mdText = QString::fromUtf8(readAll(md));
        QVERIFY(mdText.contains(QLatin1String("## Compare")));
        QVERIFY(mdText.contains(QLatin1String("- Source: demo-snapshot.json")));
        QVERIFY(!mdText.contains(QLatin1String("Acme Coffee")));
        QVERIFY(QFile::exists(path(QStringLiteral("cli-timeline-all.png"))));

        r = run(binary, {QStringLiteral("--help")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("postscope report"));
        r = run(binary, {QStringLiteral("report"), QStringLiteral("--help")}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--redact-orgs"));
    }

    void commandErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString out = QDir::temp().filePath(QStringLiteral("postscope-never-written.html"));
        QTest::newRow("no output") << QStringList{QStringLiteral("--demo")} << 64 << QStringLiteral("-o OUT");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("--demo"), QStringLiteral("-o"), out,
                                                       QStringLiteral("stray.html")}
                                        << 64 << QStringLiteral("report: unexpected argument \"stray.html\"");
        QTest::newRow("bad format") << QStringList{QStringLiteral("--demo"), QStringLiteral("--format"),
                                                   QStringLiteral("docx"), QStringLiteral("-o"), out}
                                    << 64 << QStringLiteral("html, md or pdf");
        QTest::newRow("one compare post") << QStringList{QStringLiteral("--demo"), QStringLiteral("--compare"),
                                                         QStringLiteral("abc"), QStringLiteral("-o"), out}
                                          << 64 << QStringLiteral("two post ids");
        QTest::newRow("redact and not") << QStringList{QStringLiteral("--demo"), QStringLiteral("--redact"),
                                                       QStringLiteral("--no-redact"), QStringLiteral("-o"), out}
                                        << 64 << QStringLiteral("either --redact or --no-redact");
        QTest::newRow("missing snapshot") << QStringList{QStringLiteral("--snapshot"), QStringLiteral("/nonexistent.json"),
                                                         QStringLiteral("-o"), out}
                                          << 2 << QStringLiteral("/nonexistent.json");
        QTest::newRow("folder missing") << QStringList{QStringLiteral("--demo"), QStringLiteral("-o"),
                                                       QStringLiteral("/nonexistent-dir/r.html")}
                                        << 2 << QStringLiteral("does not exist");
    }

    void commandErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = run(qEnvironmentVariable("POSTSCOPE_BINARY"), QStringList{QStringLiteral("report")} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(QDir::temp().filePath(QStringLiteral("postscope-never-written.html"))));
    }

    void dialog()
    {
        const QStringList compare{m_demo.snapshot->posts().at(0).id, m_demo.snapshot->posts().at(1).id};
        ReportDialog dialog(m_demo, compare);
        // Redacted unless the user says otherwise: the report is meant to leave the machine.
        QVERIFY(dialog.options().redact);
        QVERIFY(!dialog.options().redactOrganizations);
        QCOMPARE(dialog.options().comparePosts, compare);
        QCOMPARE(int(dialog.options().format), int(ReportFormat::Html));
        QVERIFY(dialog.outputPath().endsWith(QLatin1String(".html")));

        dialog.setOutputPath(path(QStringLiteral("dialog.html")));
        dialog.setFormat(ReportFormat::Pdf);
        QCOMPARE(dialog.outputPath(), path(QStringLiteral("dialog.pdf")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(artifactsDir() + QStringLiteral("/report-dialog.png"));

        QSignalSpy written(&dialog, &ReportDialog::reportWritten);
        dialog.accept();
        QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 60000);
        QCOMPARE(written.at(0).at(0).toBool(), true);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(readAll(path(QStringLiteral("dialog.pdf"))).startsWith("%PDF"));

        // A folder that does not exist: the dialog stays open and says why.
        ReportDialog failing(m_demo, {});
        failing.setOutputPath(QStringLiteral("/nonexistent-dir/r.html"));
        QSignalSpy failed(&failing, &ReportDialog::reportWritten);
        failing.show();
        failing.accept();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QCOMPARE(failed.at(0).at(0).toBool(), false);
        QVERIFY(failing.isVisible());
        QVERIFY(failing.lastError().contains(QLatin1String("does not exist")));
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
