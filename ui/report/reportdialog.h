#pragma once

#include "analysis.h"
#include "reportwriter.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace postscope {

// File → Export report: asks for the format, the file and what to hide, then writes the
// report on a worker thread (the window stays responsive) and closes when it is written.
void exportReportDialog(QWidget *parent, const Analysis &analysis, const QStringList &comparePosts);

class ReportDialog : public QDialog
{
    Q_OBJECT
public:
    ReportDialog(const Analysis &analysis, const QStringList &comparePosts, QWidget *parent = nullptr);

    ReportOptions options() const;
    QString outputPath() const;
    void setOutputPath(const QString &path);
    void setFormat(ReportFormat format);
    bool isWriting() const { return m_watcher.isRunning(); }
    QString lastError() const { return m_lastError; }

    // Starts writing; the dialog accepts itself once the file is written.
    void accept() override;

Q_SIGNALS:
    void reportWritten(bool ok, const QString &error); // after each attempt to write

private:
    void browse();
    void formatChanged();
    void written();

    Analysis m_analysis;
    QStringList m_comparePosts;
    QComboBox *m_format = nullptr;
    QLineEdit *m_path = nullptr;
    QCheckBox *m_redact = nullptr;
    QCheckBox *m_redactOrgs = nullptr;
    QCheckBox *m_compare = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QFutureWatcher<QString> m_watcher; // the error, empty on success
    QString m_lastError;
};

} // namespace postscope
