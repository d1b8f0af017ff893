#include "reportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace postscope {

namespace {

QString suffix(ReportFormat f) { return f == ReportFormat::Markdown ? QStringLiteral("md") : toString(f); }

} // namespace

void exportReportDialog(QWidget *parent, const Analysis &analysis, const QStringList &comparePosts)
{
    if (!analysis.snapshot) {
        QMessageBox::information(parent, QStringLiteral("Export report"),
                                 QStringLiteral("There is no snapshot to report on yet: open one or capture first."));
        return;
    }
    ReportDialog dialog(analysis, comparePosts, parent);
    dialog.exec();
}

ReportDialog::ReportDialog(const Analysis &analysis, const QStringList &comparePosts, QWidget *parent)
    : QDialog(parent)
    , m_analysis(analysis)
    , m_comparePosts(comparePosts)
{
    setWindowTitle(QStringLiteral("Export report"));

    m_format = new QComboBox(this);
    m_format->addItem(QStringLiteral("HTML: one file, pictures inside"), int(ReportFormat::Html));
    m_format->addItem(QStringLiteral("PDF"), int(ReportFormat::Pdf));
    m_format->addItem(QStringLiteral("Markdown, pictures beside it"), int(ReportFormat::Markdown));

    m_path = new QLineEdit(this);
    m_path->setMinimumWidth(360);
    auto *browseButton = new QToolButton(this);
    browseButton->setText(QStringLiteral("…"));
    browseButton->setToolTip(QStringLiteral("Choose the file"));
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path);
    pathRow->addWidget(browseButton);

    m_redact = new QCheckBox(QStringLiteral("Hide post content, title and description"), this);
    m_redact->setChecked(true);
    m_redact->setToolTip(QStringLiteral("Replaced by their length and a hash, so equal texts still look equal."));
    m_redactOrgs = new QCheckBox(QStringLiteral("Hide organisation names"), this);
    auto *passwords = new QLabel(QStringLiteral("Passwords in connection URLs are always left out."), this);
    passwords->setEnabled(false);

    m_compare = new QCheckBox(this);
    if (m_comparePosts.size() == 2) {
        m_compare->setText(QStringLiteral("Compare table of %1 and %2")
                               .arg(m_comparePosts.at(0).left(8), m_comparePosts.at(1).left(8)));
        m_compare->setChecked(true);
    } else {
        m_compare->setText(QStringLiteral("Compare table (select two posts first)"));
        m_compare->setEnabled(false);
    }

    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("Format:"), m_format);
    form->addRow(QStringLiteral("File:"), pathRow);
    form->addRow(QStringLiteral("Hide:"), m_redact);
    form->addRow(QString(), m_redactOrgs);
    form->addRow(QString(), passwords);
    form->addRow(QStringLiteral("Include:"), m_compare);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Export"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString stamp = QDateTime::fromMSecsSinceEpoch(analysis.snapshot ? analysis.snapshot->capturedAt() : 0,
                                                         QTimeZone::utc())
                              .toString(QStringLiteral("yyyyMMdd-HHmm"));
    m_path->setText(QDir(folder.isEmpty() ? QDir::homePath() : folder)
                        .filePath(QStringLiteral("postscope-report-%1.html").arg(stamp)));

    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportDialog::formatChanged);
    connect(browseButton, &QToolButton::clicked, this, &ReportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ReportDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReportDialog::reject);
    connect(&m_watcher, &QFutureWatcher<QString>::finished, this, &ReportDialog::written);
}

ReportOptions ReportDialog::options() const
{
    ReportOptions o;
    o.format = ReportFormat(m_format->currentData().toInt());
    o.redact = m_redact->isChecked();
    o.redactOrganizations = m_redactOrgs->isChecked();
    if (m_compare->isEnabled() && m_compare->isChecked())
        o.comparePosts = m_comparePosts;
    return o;
}

QString ReportDialog::outputPath() const { return m_path->text().trimmed(); }

void ReportDialog::setOutputPath(const QString &path) { m_path->setText(path); }

void ReportDialog::setFormat(ReportFormat format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

void ReportDialog::formatChanged()
{
    // Keep the file name, change its suffix to the format's.
    const QString path = outputPath();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + suffix(options().format)));
}

void ReportDialog::browse()
{
    const ReportFormat f = options().format;
    const QString filter = f == ReportFormat::Html ? QStringLiteral("HTML (*.html)")
        : f == ReportFormat::Pdf                   ? QStringLiteral("PDF (*.pdf)")
                                                   : QStringLiteral("Markdown (*.md)");
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export report"), outputPath(), filter);
    if (!path.isEmpty())
        m_path->setText(path);
}

void ReportDialog::accept()
{
    if (m_watcher.isRunning())
        return;
    const QString path = outputPath();
    if (path.isEmpty()) {
        m_status->setText(QStringLiteral("Say where to write the report."));
        return;
    }
    m_status->setText(QStringLiteral("Writing %1 …").arg(QFileInfo(path).fileName()));
    m_buttons->setEnabled(false);
    m_format->setEnabled(false);
    // Drawing the timelines and laying out the PDF takes a moment: off the GUI thread.
    m_watcher.setFuture(QtConcurrent::run([analysis = m_analysis, options = options(), path]() {
        QString error;
        return writeReport(analysis, options, path, &error) ? QString() : error;
    }));
}

void ReportDialog::written()
{
    m_lastError = m_watcher.result();
    m_buttons->setEnabled(true);
    m_format->setEnabled(true);
    Q_EMIT reportWritten(m_lastError.isEmpty(), m_lastError);
    if (!m_lastError.isEmpty()) {
        m_status->setText(QStringLiteral("<b>Not written:</b> %1").arg(m_lastError.toHtmlEscaped()));
        return;
    }
    QDialog::accept();
}

} // namespace postscope
