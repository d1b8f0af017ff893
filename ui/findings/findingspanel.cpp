#include "findingspanel.h"

#include "findingsfilterproxy.h"
#include "findingsmodel.h"

#include "core/compare.h"
#include "core/rules/registry.h"
#include "details/richtext.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QEvent>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace postscope {

namespace {
QString kindOfGroup(int group)
{
    switch (group) {
    case FindingsModel::CriticalGroup:
        return QStringLiteral("critical");
    case FindingsModel::WarningGroup:
        return QStringLiteral("warning");
    case FindingsModel::InfoGroup:
        return QStringLiteral("info");
    default:
        return QStringLiteral("muted");
    }
}
} // namespace

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
{
    m_model = new FindingsModel(this);
    m_proxy = new FindingsFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(4);
    for (int g = 0; g < FindingsModel::GroupCount; ++g) {
        auto *b = new QToolButton(this);
        b->setCheckable(true);
        b->setChecked(true);
        b->setAutoRaise(false);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setObjectName(QStringLiteral("severityButton") + QString::number(g));
        b->setToolTip(QStringLiteral("Show or hide the %1 group").arg(FindingsModel::groupName(g)));
        connect(b, &QToolButton::toggled, this, [this, g](bool on) {
            m_proxy->setGroupEnabled(g, on);
            m_view->expandAll();
        });
        m_groupButtons[g] = b;
        bar->addWidget(b);
    }
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("findingsSearch"));
    m_search->setPlaceholderText(QStringLiteral("Search findings: rule, post id, account, text…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_proxy->setSearchText(t);
        m_view->expandAll();
    });
    bar->addWidget(m_search, 1);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_view = new QTreeView(split);
    m_view->setObjectName(QStringLiteral("findingsView"));
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(FindingsModel::TitleColumn, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(FindingsModel::RuleColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(FindingsModel::PostsColumn, QHeaderView::ResizeToContents);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &FindingsPanel::currentChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FindingsPanel::currentChanged);

    m_detail = new QTextBrowser(split);
    // Break lines between words only (the default also breaks inside them: "2026-12-0|1").
    m_detail->setWordWrapMode(QTextOption::WordWrap);
    m_detail->setObjectName(QStringLiteral("findingDetail"));
    m_detail->setOpenLinks(false);
    m_detail->setOpenExternalLinks(false);
    connect(m_detail, &QTextBrowser::anchorClicked, this, &FindingsPanel::linkClicked);
    split->addWidget(m_view);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split, 1);

    updateButtons();
    showDetail(QModelIndex());
}

void FindingsPanel::setAnalysis(const Analysis &analysis)
{
    // Remember the selection by identity, not row: the new diagnosis may order differently.
    QString keepRule;
    QStringList keepPosts;
    int keepKind = -1;
    const QModelIndex cur = m_view->selectionModel()->currentIndex();
    if (cur.isValid() && m_view->selectionModel()->isSelected(cur.siblingAtColumn(0))) {
        keepKind = cur.data(FindingsModel::KindRole).toInt();
        keepRule = cur.data(FindingsModel::RuleIdRole).toString();
        keepPosts = cur.data(FindingsModel::PostIdsRole).toStringList();
    }
    m_analysis = analysis;
    m_quiet = true;
    m_model->setAnalysis(analysis);
    m_view->expandAll();
    updateButtons();
    m_quiet = false;

    QModelIndex restore;
    if (keepKind == FindingsModel::FindingKind)
        restore = m_proxy->mapFromSource(m_model->indexOfFinding(keepRule, keepPosts));
    if (restore.isValid()) {
        m_view->selectionModel()->setCurrentIndex(restore, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(restore);
    } else {
        currentChanged();
    }
}

void FindingsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The severity colours are picked for the palette: a theme switch must repick them.
    if (event->type() == QEvent::PaletteChange && m_model) {
        updateButtons();
        showDetail(m_view->currentIndex());
    }
}

void FindingsPanel::updateButtons()
{
    const Diagnosis *d = m_analysis.diagnosis.get();
    for (int g = 0; g < FindingsModel::GroupCount; ++g) {
        const int n = m_model->index(g, 0).data(FindingsModel::ChildCountRole).toInt();
        const QString name = g == FindingsModel::SkippedGroup ? QStringLiteral("Skipped") : FindingsModel::groupName(g);
        m_groupButtons[g]->setText(name % QStringLiteral(" ") % QString::number(n));
        const QString colour = RichText(isDarkPalette(this)).colour(kindOfGroup(g));
        m_groupButtons[g]->setStyleSheet(n > 0 && g != FindingsModel::SkippedGroup
                                             ? QStringLiteral("QToolButton { color: %1; font-weight: bold; padding: 2px 6px; }").arg(colour)
                                             : QStringLiteral("QToolButton { padding: 2px 6px; }"));
        m_groupButtons[g]->setEnabled(d != nullptr);
    }
}

void FindingsPanel::setSeverityVisible(Severity severity, bool visible)
{
    m_groupButtons[FindingsModel::groupOf(severity)]->setChecked(visible);
}

void FindingsPanel::setSearchText(const QString &text)
{
    m_search->setText(text);
}

bool FindingsPanel::selectFinding(int findingIndex)
{
    const QModelIndex idx = m_proxy->mapFromSource(m_model->indexOfFindingIndex(findingIndex));
    if (!idx.isValid())
        return false;
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(idx);
    return true;
}

bool FindingsPanel::selectFindingForPost(const QString &postId)
{
    const Diagnosis *d = m_analysis.diagnosis.get();
    if (!d || postId.isEmpty())
        return false;
    for (size_t i = 0; i < d->findings.size(); ++i) {
        if (!d->findings[i].posts.contains(postId))
            continue;
        const QModelIndex idx = m_proxy->mapFromSource(m_model->indexOfFindingIndex(int(i)));
        if (!idx.isValid())
            continue;
        // Record it as emitted so the selection change stays quiet.
        m_emittedPosts = d->findings[i].posts;
        m_emittedRule = d->findings[i].rule;
        m_emittedAny = true;
        m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(idx);
        return true;
    }
    return false;
}

void FindingsPanel::emitSelection(const QStringList &posts, const QString &rule)
{
    if (m_emittedAny && posts == m_emittedPosts && rule == m_emittedRule)
        return;
    m_emittedAny = true;
    m_emittedPosts = posts;
    m_emittedRule = rule;
    Q_EMIT findingSelected(posts, rule);
}

void FindingsPanel::currentChanged()
{
    if (m_quiet)
        return;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows(0);
    const QModelIndex idx = rows.isEmpty() ? QModelIndex() : rows.first();
    showDetail(idx);
    if (idx.isValid() && idx.data(FindingsModel::KindRole).toInt() == FindingsModel::FindingKind)
        emitSelection(idx.data(FindingsModel::PostIdsRole).toStringList(), idx.data(FindingsModel::RuleIdRole).toString());
    else
        emitSelection(QStringList(), QString());
}

void FindingsPanel::showDetail(const QModelIndex &idx)
{
    RichText doc(isDarkPalette(this));
    m_copyTexts.clear();
    const Diagnosis *d = m_analysis.diagnosis.get();
    const Snapshot *s = m_analysis.snapshot.get();
    const int kind = idx.isValid() ? idx.data(FindingsModel::KindRole).toInt() : -1;

    if (!d) {
        doc.heading(QStringLiteral("No diagnosis"));
        doc.paragraph(m_analysis.snapshot ? QStringLiteral("The rules have not run on this snapshot yet.")
                                          : QStringLiteral("Open a snapshot or capture one to see findings."));
    } else if (kind == FindingsModel::FindingKind) {
        const Finding &f = d->findings[size_t(idx.data(FindingsModel::FindingIndexRole).toInt())];
        const QString sevKind = kindOfGroup(FindingsModel::groupOf(f.severity));
        doc.raw(QStringLiteral("<h2 style=\"margin:2px 0 2px 0; color:") % doc.colour(sevKind) % QStringLiteral("\">")
                    % f.title.toHtmlEscaped() % QStringLiteral("</h2><p style=\"margin:0 0 6px 0; color:")
                    % doc.colour(QStringLiteral("muted")) % QStringLiteral("\">") % toString(f.severity).toHtmlEscaped()
                    % QStringLiteral(" · rule <code>") % f.rule.toHtmlEscaped() % QStringLiteral("</code></p>"),
                toString(f.severity).toUpper() % QStringLiteral(" [") % f.rule % QStringLiteral("] ") % f.title
                    % QLatin1Char('\n'));
        doc.paragraph(f.summary);
        if (!f.posts.isEmpty()) {
            doc.heading(QStringLiteral("Posts (%1)").arg(f.posts.size()), 3);
            QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" width=\"100%\"><tr bgcolor=\"")
                % doc.colour(QStringLiteral("header"))
                % QStringLiteral("\"><th align=\"left\">Post</th><th align=\"left\">Account</th><th align=\"left\">publishDate<br>(UTC)</th>"
                                 "<th align=\"left\">State</th><th align=\"left\">Job</th></tr>");
            QString text;
            int n = 0;
            for (const QString &id : f.posts) {
                const Post *p = s ? s->post(id) : nullptr;
                QString account, date, state, job;
                bool noJob = false;
                if (p) {
                    const Integration *in = s->integration(p->integrationId);
                    account = in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')') : p->integrationId;
                    date = utcText(p->publishDate);
                    state = toString(p->state);
                    job = jobSummary(*s, *p);
                    noJob = lacksJob(*s, *p);
                }
                const QString bg = (n++ % 2) ? doc.colour(QStringLiteral("rowalt")) : QString();
                html += QStringLiteral("<tr") % (bg.isEmpty() ? QString() : QStringLiteral(" bgcolor=\"") % bg % QLatin1Char('"'))
                    % QStringLiteral("><td><a href=\"post:") % id.toHtmlEscaped() % QStringLiteral("\"><code>")
                    % id.left(8).toHtmlEscaped() % QStringLiteral("…</code></a></td><td>") % account.toHtmlEscaped()
                    % QStringLiteral("</td><td nowrap>") % date.left(10).toHtmlEscaped() % QStringLiteral("<br>")
                    % date.mid(11, 8).toHtmlEscaped() % QStringLiteral("</td><td nowrap>") % state.toHtmlEscaped()
                    % QStringLiteral("</td><td>")
                    % (noJob ? QStringLiteral("<b style=\"color:") % doc.colour(QStringLiteral("critical")) % QStringLiteral("\">")
                             : QString())
                    % job.toHtmlEscaped() % (noJob ? QStringLiteral("</b>") : QString()) % QStringLiteral("</td></tr>");
                text += QStringLiteral("  ") % id % QStringLiteral(" | ") % account % QStringLiteral(" | ") % date
                    % QStringLiteral(" | ") % state % QStringLiteral(" | ") % job % QLatin1Char('\n');
            }
            html += QStringLiteral("</table>");
            doc.raw(html, text);
        }
        if (!f.jobs.isEmpty() || !f.events.isEmpty() || !f.integrations.isEmpty()) {
            doc.beginFields();
            if (!f.jobs.isEmpty())
                doc.field(QStringLiteral("Jobs"), f.jobs.join(QStringLiteral(", ")), true);
            if (!f.integrations.isEmpty()) {
                QStringList names;
                for (const QString &id : f.integrations) {
                    const Integration *in = s ? s->integration(id) : nullptr;
                    names << (in ? in->name % QStringLiteral(" (") % id % QLatin1Char(')') : id);
                }
                doc.field(QStringLiteral("Accounts"), names.join(QStringLiteral(", ")));
            }
            if (!f.events.isEmpty())
                doc.field(QStringLiteral("Events"), f.events.join(QStringLiteral(", ")), true);
            doc.endFields();
        }
        doc.heading(QStringLiteral("Why"), 3);
        doc.bullets(f.firedSignals);
        doc.heading(QStringLiteral("What to do"), 3);
        doc.bullets(f.fix);
        if (!f.verify.isEmpty()) {
            doc.raw(QStringLiteral("<h3 style=\"margin-top:10px; margin-bottom:4px\">Verify by hand (read-only) "
                                   "<a href=\"copy:all\" style=\"text-decoration:none; font-weight:normal\">[Copy all]</a></h3>"),
                    QStringLiteral("\nVerify by hand (read-only)\n"));
            for (const QString &line : f.verify) {
                doc.lineWithLink(line, QStringLiteral("copy:") + QString::number(m_copyTexts.size()), QStringLiteral("Copy"));
                m_copyTexts << line;
            }
        }
        if (const Rule *rule = findRule(f.rule)) {
            doc.heading(QStringLiteral("About this rule"), 3);
            doc.paragraph(rule->info().explanation);
        }
    } else if (kind == FindingsModel::SkippedKind) {
        const RuleRun &r = d->rules[size_t(idx.data(FindingsModel::RuleRunIndexRole).toInt())];
        const Rule *rule = findRule(r.id);
        doc.heading(rule ? rule->info().title : r.id);
        doc.paragraph(QStringLiteral("Rule %1 was skipped: it could not judge this snapshot.").arg(r.id));
        doc.callout(QStringLiteral("Why: ") + r.reason, QStringLiteral("warning"));
        if (rule) {
            doc.heading(QStringLiteral("What it checks"), 3);
            doc.paragraph(rule->info().explanation);
        }
    } else {
        // Overview: what ran, what was skipped, what could not be read.
        const int skipped = int(std::count_if(d->rules.begin(), d->rules.end(),
                                              [](const RuleRun &r) { return r.status == RuleStatus::Skipped; }));
        doc.heading(QStringLiteral("Diagnosis"));
        doc.paragraph(QStringLiteral("%1 critical, %2 warning, %3 info — %4 rules ran, %5 skipped.")
                          .arg(d->count(Severity::Critical))
                          .arg(d->count(Severity::Warning))
                          .arg(d->count(Severity::Info))
                          .arg(int(d->rules.size()) - skipped)
                          .arg(skipped));
        if (d->findings.empty())
            doc.callout(QStringLiteral("No findings: every rule that ran found nothing wrong."), QStringLiteral("ok"));
        else
            doc.paragraph(QStringLiteral("Select a finding to see its posts, why it fired, what to do and how to verify it."));
        if (skipped) {
            doc.heading(QStringLiteral("Skipped rules (%1)").arg(skipped), 3);
            QStringList lines;
            for (const RuleRun &r : d->rules)
                if (r.status == RuleStatus::Skipped)
                    lines << r.id % QStringLiteral(": ") % r.reason;
            doc.bullets(lines);
        }
        if (s && !s->gaps().empty()) {
            doc.heading(QStringLiteral("Not read (%1)").arg(s->gaps().size()), 3);
            QStringList lines;
            for (const Gap &g : s->gaps())
                lines << g.source % QStringLiteral(" ") % g.subject % QStringLiteral(": ") % g.reason;
            doc.bullets(lines);
        }
    }
    m_detailText = doc.text();
    m_detail->setHtml(doc.html());
}

void FindingsPanel::linkClicked(const QUrl &url)
{
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("copy")) {
        const QString what = url.path();
        QString text;
        if (what == QLatin1String("all")) {
            text = m_copyTexts.join(QLatin1Char('\n'));
        } else {
            bool ok = false;
            const int i = what.toInt(&ok);
            if (ok && i >= 0 && i < m_copyTexts.size())
                text = m_copyTexts.at(i);
        }
        if (!text.isEmpty())
            QGuiApplication::clipboard()->setText(text);
    } else if (scheme == QLatin1String("post")) {
        Q_EMIT postActivated(url.path());
    }
}

} // namespace postscope
