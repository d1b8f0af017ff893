#include "compareview.h"

#include "comparetimeline.h"

#include "core/compare.h"
#include "details/richtext.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace postscope {

CompareView::CompareView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("compareHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);
    m_timeline = new CompareTimeline(this);
    m_timeline->setObjectName(QStringLiteral("compareTimeline"));
    layout->addWidget(m_timeline);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table = new QTableWidget(split);
    m_table->setObjectName(QStringLiteral("compareTable"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({QStringLiteral("Field"), QStringLiteral("Post A"), QStringLiteral("Post B")});
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_findings = new QTextBrowser(split);
    // Break lines between words only (the default also breaks inside them: "2026-12-0|1").
    m_findings->setWordWrapMode(QTextOption::WordWrap);
    m_findings->setObjectName(QStringLiteral("compareFindings"));
    m_findings->setOpenLinks(false);
    connect(m_findings, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("post"))
            Q_EMIT postActivated(url.path());
    });
    split->addWidget(m_table);
    split->addWidget(m_findings);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    render();
}

void CompareView::setAnalysis(const Analysis &analysis)
{
    m_analysis = analysis;
    render();
}

void CompareView::comparePosts(const QString &postA, const QString &postB)
{
    m_postA = postA;
    m_postB = postB;
    render();
}

QString CompareView::text() const
{
    return m_text;
}

void CompareView::render()
{
    const Snapshot *s = m_analysis.snapshot.get();
    const bool dark = isDarkPalette(this);
    RichText colours(dark);
    m_table->setRowCount(0);
    if (!s || m_postA.isEmpty() || m_postB.isEmpty()) {
        m_header->setText(QStringLiteral("<b>Compare two posts</b>: Ctrl+click two posts on the timeline, or select two rows in the tables."));
        m_timeline->setPosts(nullptr, QString(), QString());
        m_findings->clear();
        m_text = QStringLiteral("No posts to compare.\n");
        return;
    }
    m_timeline->setPosts(m_analysis.snapshot, m_postA, m_postB);

    QString text;
    QString html;
    const QString crit = colours.colour(QStringLiteral("critical"));
    // Headline per post, with NO JOB impossible to miss.
    const QString ids[2] = {m_postA, m_postB};
    for (int i = 0; i < 2; ++i) {
        const QString letter = i == 0 ? QStringLiteral("A") : QStringLiteral("B");
        const Post *p = s->post(ids[i]);
        if (!p) {
            html += QStringLiteral("<b>") % letter % QStringLiteral("</b> <code>") % ids[i].toHtmlEscaped()
                % QStringLiteral("</code>: not in this snapshot<br/>");
            text += letter % QStringLiteral(": ") % ids[i] % QStringLiteral(" (not in this snapshot)\n");
            continue;
        }
        const Integration *in = s->integration(p->integrationId);
        const QString account = in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')') : p->integrationId;
        const QString job = jobSummary(*s, *p);
        const bool noJob = lacksJob(*s, *p);
        html += QStringLiteral("<b>") % letter % QStringLiteral("</b> <code>") % p->id.toHtmlEscaped()
            % QStringLiteral("</code> · ") % account.toHtmlEscaped() % QStringLiteral(" · ") % toString(p->state)
            % QStringLiteral(" · <b>") % utcText(p->publishDate).toHtmlEscaped() % QStringLiteral("</b> · job: ")
            % (noJob ? QStringLiteral("<b style=\"color:") % crit % QStringLiteral("; font-size:large\">NO JOB</b>")
                     : job.toHtmlEscaped())
            % QStringLiteral("<br/>");
        text += letter % QStringLiteral(": ") % p->id % QStringLiteral(" | ") % account % QStringLiteral(" | ")
            % toString(p->state) % QStringLiteral(" | publishDate ") % utcText(p->publishDate) % QStringLiteral(" | job: ")
            % job % QLatin1Char('\n');
    }
    const Post *pa = s->post(m_postA);
    const Post *pb = s->post(m_postB);
    if (pa && pb && pa->integrationId == pb->integrationId)
        html += QStringLiteral("Both on the same account.<br/>");
    QStringList deltaHtml;
    for (const CompareDelta &d : compareDeltas(*s, m_postA, m_postB)) {
        const QString line = QStringLiteral("Δt ") % d.field % QStringLiteral(": ")
            % (d.ms ? humanDuration(*d.ms) % QStringLiteral(" (") % d.text % QLatin1Char(')') : d.text);
        text += line % QLatin1Char('\n');
        if (d.field == QLatin1String("publishDate"))
            deltaHtml << QStringLiteral("<span style=\"font-size:large\"><b>Δt publishDate: ")
                    % (d.ms ? humanDuration(*d.ms) : d.text).toHtmlEscaped() % QStringLiteral("</b></span> ")
                    % (d.ms ? QStringLiteral("(") % d.text.toHtmlEscaped() % QLatin1Char(')') : QString());
        else
            deltaHtml << QStringLiteral("Δt ") % d.field.toHtmlEscaped() % QStringLiteral(": <b>")
                    % (d.ms ? humanDuration(*d.ms) : d.text).toHtmlEscaped() % QStringLiteral("</b>");
    }
    html += deltaHtml.join(QStringLiteral(" &nbsp;·&nbsp; "));
    m_header->setText(html);

    // The fields.
    const std::vector<CompareRow> rows = compareRows(*s, m_postA, m_postB);
    m_table->setRowCount(int(rows.size()));
    const QColor differs(colours.colour(QStringLiteral("differs")));
    QFont boldFont = m_table->font();
    boldFont.setBold(true);
    text += QStringLiteral("\nfield | A | B   (* = differs)\n");
    for (size_t r = 0; r < rows.size(); ++r) {
        const CompareRow &row = rows[r];
        const QString cells[3] = {row.field, row.a, row.b};
        for (int c = 0; c < 3; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setToolTip(cells[c]);
            if (row.differs) {
                item->setBackground(differs);
                if (c == 0)
                    item->setFont(boldFont);
            }
            if (cells[c] == QLatin1String("NO JOB")) {
                item->setForeground(QColor(crit));
                item->setFont(boldFont);
            }
            m_table->setItem(int(r), c, item);
        }
        text += (row.differs ? QStringLiteral("* ") : QStringLiteral("  ")) % row.field % QStringLiteral(" | ") % row.a
            % QStringLiteral(" | ") % row.b % QLatin1Char('\n');
    }

    // Findings naming either post.
    RichText doc(dark);
    int n = 0;
    if (const Diagnosis *d = m_analysis.diagnosis.get()) {
        QString fh;
        QString ft;
        for (const Finding &f : d->findings) {
            const bool inA = f.posts.contains(m_postA), inB = f.posts.contains(m_postB);
            if (!inA && !inB)
                continue;
            ++n;
            const QString which = inA && inB ? QStringLiteral("A+B") : inA ? QStringLiteral("A") : QStringLiteral("B");
            fh += QStringLiteral("<p style=\"margin:3px 0\"><b>[") % which % QStringLiteral("]</b> <b style=\"color:")
                % doc.colour(toString(f.severity)) % QStringLiteral("\">") % toString(f.severity).toHtmlEscaped()
                % QStringLiteral(" · ") % f.title.toHtmlEscaped() % QStringLiteral("</b> <code>") % f.rule.toHtmlEscaped()
                % QStringLiteral("</code><br/>") % f.summary.toHtmlEscaped() % QStringLiteral("</p>");
            ft += QStringLiteral("  [") % which % QStringLiteral("] ") % toString(f.severity).toUpper() % QStringLiteral(" [")
                % f.rule % QStringLiteral("] ") % f.title % QStringLiteral("\n    ") % f.summary % QLatin1Char('\n');
        }
        doc.heading(QStringLiteral("Findings naming A or B (%1)").arg(n), 3);
        if (n == 0)
            doc.paragraph(QStringLiteral("None."));
        doc.raw(fh, ft);
    } else {
        doc.heading(QStringLiteral("Findings"), 3);
        doc.paragraph(QStringLiteral("The rules have not run yet."));
    }
    m_findings->setHtml(doc.html());
    text += QLatin1Char('\n') % doc.text();
    m_text = text;
}

} // namespace postscope
