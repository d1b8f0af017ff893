#include "richtext.h"

#include <QApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QPalette>
#include <QTimeZone>
#include <QWidget>

namespace postscope {

RichText::RichText(bool dark)
    : m_dark(dark)
{
}

QString RichText::colour(const QString &kind) const
{
    if (kind == QLatin1String("critical"))
        return m_dark ? QStringLiteral("#ff6b6b") : QStringLiteral("#b71c1c");
    if (kind == QLatin1String("warning"))
        return m_dark ? QStringLiteral("#ffb74d") : QStringLiteral("#b35c00");
    if (kind == QLatin1String("info"))
        return m_dark ? QStringLiteral("#64b5f6") : QStringLiteral("#0d47a1");
    if (kind == QLatin1String("ok"))
        return m_dark ? QStringLiteral("#81c784") : QStringLiteral("#1b5e20");
    if (kind == QLatin1String("muted"))
        return m_dark ? QStringLiteral("#9e9e9e") : QStringLiteral("#666666");
    if (kind == QLatin1String("rowalt"))
        return m_dark ? QStringLiteral("#2a2d31") : QStringLiteral("#f3f5f7");
    if (kind == QLatin1String("differs"))
        return m_dark ? QStringLiteral("#5a4a12") : QStringLiteral("#fff3c4");
    if (kind == QLatin1String("header"))
        return m_dark ? QStringLiteral("#33373c") : QStringLiteral("#e3e7eb");
    return QString();
}

void RichText::heading(const QString &title, int level)
{
    const QString tag = QStringLiteral("h") + QString::number(qBound(1, level, 4));
    m_html += QStringLiteral("<") % tag % QStringLiteral(" style=\"margin-top:10px; margin-bottom:4px\">")
        % title.toHtmlEscaped() % QStringLiteral("</") % tag % QStringLiteral(">");
    if (!m_text.isEmpty())
        m_text += QLatin1Char('\n');
    m_text += (level <= 1 ? title.toUpper() : title) % QLatin1Char('\n');
    if (level <= 2)
        m_text += QString(title.size(), level <= 1 ? QLatin1Char('=') : QLatin1Char('-')) % QLatin1Char('\n');
}

void RichText::paragraph(const QString &text)
{
    m_html += QStringLiteral("<p style=\"margin:2px 0\">") % text.toHtmlEscaped() % QStringLiteral("</p>");
    m_text += text % QLatin1Char('\n');
}

void RichText::callout(const QString &text, const QString &kind)
{
    m_html += QStringLiteral("<p style=\"margin:4px 0; font-weight:bold; color:") % colour(kind) % QStringLiteral("\">")
        % text.toHtmlEscaped() % QStringLiteral("</p>");
    m_text += QStringLiteral("!! ") % text % QLatin1Char('\n');
}

void RichText::bullets(const QStringList &items)
{
    if (items.isEmpty())
        return;
    m_html += QStringLiteral("<ul style=\"margin-top:0; margin-bottom:2px\">");
    for (const QString &i : items) {
        m_html += QStringLiteral("<li>") % i.toHtmlEscaped() % QStringLiteral("</li>");
        m_text += QStringLiteral("  - ") % i % QLatin1Char('\n');
    }
    m_html += QStringLiteral("</ul>");
}

void RichText::beginFields()
{
    m_html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" style=\"margin-bottom:4px\">");
    m_inTable = true;
    m_rowIndex = 0;
}

void RichText::field(const QString &key, const QString &value, bool mono)
{
    const QString bg = (m_rowIndex++ % 2) ? colour(QStringLiteral("rowalt")) : QString();
    m_html += QStringLiteral("<tr") % (bg.isEmpty() ? QString() : QStringLiteral(" bgcolor=\"") % bg % QStringLiteral("\""))
        % QStringLiteral("><td style=\"padding-right:12px; color:") % colour(QStringLiteral("muted"))
        % QStringLiteral("\">") % key.toHtmlEscaped() % QStringLiteral("</td><td>")
        % (mono ? QStringLiteral("<code>") : QString()) % value.toHtmlEscaped()
        % (mono ? QStringLiteral("</code>") : QString()) % QStringLiteral("</td></tr>");
    m_text += QStringLiteral("  ") % key % QStringLiteral(": ") % value % QLatin1Char('\n');
}

void RichText::endFields()
{
    m_html += QStringLiteral("</table>");
    m_inTable = false;
}

void RichText::beginTable(const QStringList &headers)
{
    m_html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" width=\"100%\" style=\"margin-bottom:4px\"><tr bgcolor=\"")
        % colour(QStringLiteral("header")) % QStringLiteral("\">");
    for (const QString &h : headers)
        m_html += QStringLiteral("<th align=\"left\">") % h.toHtmlEscaped() % QStringLiteral("</th>");
    m_html += QStringLiteral("</tr>");
    m_text += QStringLiteral("  ") % headers.join(QStringLiteral(" | ")) % QLatin1Char('\n');
    m_inTable = true;
    m_rowIndex = 0;
}

void RichText::row(const QStringList &cells, const QString &kind)
{
    QString bg = (m_rowIndex++ % 2) ? colour(QStringLiteral("rowalt")) : QString();
    if (kind == QLatin1String("differs"))
        bg = colour(kind);
    m_html += QStringLiteral("<tr") % (bg.isEmpty() ? QString() : QStringLiteral(" bgcolor=\"") % bg % QStringLiteral("\""))
        % QStringLiteral(">");
    const QString fg = (kind == QLatin1String("differs") || kind.isEmpty()) ? QString() : colour(kind);
    for (const QString &c : cells) {
        m_html += QStringLiteral("<td valign=\"top\">");
        if (!fg.isEmpty())
            m_html += QStringLiteral("<span style=\"color:") % fg % QStringLiteral("\">");
        m_html += c.toHtmlEscaped();
        if (!fg.isEmpty())
            m_html += QStringLiteral("</span>");
        m_html += QStringLiteral("</td>");
    }
    m_html += QStringLiteral("</tr>");
    m_text += (kind == QLatin1String("differs") ? QStringLiteral("* ") : QStringLiteral("  "))
        % cells.join(QStringLiteral(" | ")) % QLatin1Char('\n');
}

void RichText::endTable()
{
    m_html += QStringLiteral("</table>");
    m_inTable = false;
}

void RichText::pre(const QString &text)
{
    m_html += QStringLiteral("<pre style=\"margin:2px 0 6px 0\">") % text.toHtmlEscaped() % QStringLiteral("</pre>");
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &l : lines)
        m_text += QStringLiteral("    ") % l % QLatin1Char('\n');
}

void RichText::lineWithLink(const QString &text, const QString &href, const QString &linkLabel, bool mono)
{
    m_html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\" width=\"100%\"><tr><td>")
        % (mono ? QStringLiteral("<code>") : QString()) % text.toHtmlEscaped()
        % (mono ? QStringLiteral("</code>") : QString())
        % QStringLiteral("</td><td width=\"60\" align=\"right\" valign=\"top\"><a href=\"") % href.toHtmlEscaped()
        % QStringLiteral("\" style=\"text-decoration:none\">[") % linkLabel.toHtmlEscaped()
        % QStringLiteral("]</a></td></tr></table>");
    m_text += QStringLiteral("  $ ") % text % QLatin1Char('\n');
}

void RichText::raw(const QString &html, const QString &text)
{
    m_html += html;
    m_text += text;
}

QString RichText::html() const
{
    return QStringLiteral("<html><body>") % m_html % QStringLiteral("</body></html>");
}

QString localAndUtc(qint64 ms)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    const QString utcText = utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral(" UTC");
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms);
    if (local.offsetFromUtc() == 0 && local.timeZoneAbbreviation() == QLatin1String("UTC"))
        return utcText;
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) % QStringLiteral(" ")
        % local.timeZoneAbbreviation() % QStringLiteral(" · ") % utcText;
}

QString localAndUtc(const std::optional<qint64> &ms)
{
    return ms ? localAndUtc(*ms) : QStringLiteral("—");
}

QString prettyJson(const QString &text)
{
    const QString t = text.trimmed();
    if (!t.startsWith(QLatin1Char('{')) && !t.startsWith(QLatin1Char('[')))
        return text;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError || doc.isNull())
        return text;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

bool isDarkPalette(const QWidget *w)
{
    const QPalette pal = w ? w->palette() : QApplication::palette();
    return pal.color(QPalette::Base).lightness() < 128;
}

} // namespace postscope
