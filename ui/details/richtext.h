#pragma once

// Builds the same document twice, as HTML for a QTextBrowser and as plain text for
// "copy as text", tests and reports, so the two never drift apart.

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace postscope {

class RichText
{
public:
    explicit RichText(bool dark = false);

    void heading(const QString &title, int level = 2);
    void paragraph(const QString &text);
    // A coloured line that must not be missed ("NO JOB", a skipped reason). kind:
    // "critical", "warning", "info", "ok".
    void callout(const QString &text, const QString &kind);
    void bullets(const QStringList &items);
    // A key/value table; values are plain text (escaped), optionally monospace.
    void beginFields();
    void field(const QString &key, const QString &value, bool mono = false);
    void endFields();
    // A table with a header row.
    void beginTable(const QStringList &headers);
    void row(const QStringList &cells, const QString &kind = QString());
    void endTable();
    // Preformatted text (JSON, stack traces).
    void pre(const QString &text);
    // A line with a trailing link (href) shown as a button-like label, e.g. "Copy".
    void lineWithLink(const QString &text, const QString &href, const QString &linkLabel, bool mono = true);
    // Anything else: html for the browser, text for the plain rendering.
    void raw(const QString &html, const QString &text);

    QString html() const;
    QString text() const { return m_text; }
    bool dark() const { return m_dark; }
    QString colour(const QString &kind) const;

private:
    bool m_dark = false;
    QString m_html;
    QString m_text;
    bool m_inTable = false;
    int m_rowIndex = 0;
};

// "Tue 1 Dec 2026 10:30:15.000 (CET) · 09:30:15.000 UTC"; the local part is left out when
// the machine runs on UTC.
QString localAndUtc(qint64 ms);
QString localAndUtc(const std::optional<qint64> &ms);
// Indented JSON when text parses as a JSON object or array, else the text unchanged.
QString prettyJson(const QString &text);
// The palette of this widget (or the application) is a dark one.
bool isDarkPalette(const QWidget *w);

} // namespace postscope
