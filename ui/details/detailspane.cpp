#include "detailspane.h"

#include "richtext.h"

#include "core/compare.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace postscope {

namespace {

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

QString orNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("NULL") : s;
}

QString optNumber(const std::optional<qint64> &v)
{
    return v ? QString::number(*v) : QStringLiteral("—");
}

QString optDuration(const std::optional<qint64> &v)
{
    return v ? QString::number(*v) % QStringLiteral(" ms (") % humanDuration(*v) % QLatin1Char(')') : QStringLiteral("—");
}

QString shortUtc(qint64 ms)
{
    return utcText(ms);
}

} // namespace

DetailsPane::DetailsPane(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    auto *bar = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    bar->addWidget(m_title, 1);
    m_copy = new QToolButton(this);
    m_copy->setObjectName(QStringLiteral("detailsCopy"));
    m_copy->setText(QStringLiteral("Copy as text"));
    m_copy->setToolTip(QStringLiteral("Copy everything shown about this post as plain text"));
    connect(m_copy, &QToolButton::clicked, this, [this]() { QGuiApplication::clipboard()->setText(text()); });
    bar->addWidget(m_copy);
    layout->addLayout(bar);
    m_browser = new QTextBrowser(this);
    // Break lines between words only (the default also breaks inside them: "2026-12-0|1").
    m_browser->setWordWrapMode(QTextOption::WordWrap);
    m_browser->setObjectName(QStringLiteral("detailsBrowser"));
    m_browser->setOpenLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &DetailsPane::linkClicked);
    layout->addWidget(m_browser, 1);
    render();
}

void DetailsPane::setAnalysis(const Analysis &analysis)
{
    m_analysis = analysis;
    if (m_analysis.snapshot && !m_postId.isEmpty() && !m_analysis.snapshot->post(m_postId))
        m_postId.clear();
    render();
}

void DetailsPane::showPost(const QString &postId)
{
    m_postId = postId;
    render();
}

QString DetailsPane::text() const
{
    return m_text;
}

void DetailsPane::linkClicked(const QUrl &url)
{
    if (url.scheme() == QLatin1String("post"))
        Q_EMIT postActivated(url.path());
}

void DetailsPane::render()
{
    const Snapshot *s = m_analysis.snapshot.get();
    const Post *p = s && !m_postId.isEmpty() ? s->post(m_postId) : nullptr;
    RichText doc(isDarkPalette(this));
    m_copy->setEnabled(p != nullptr);
    if (!p) {
        m_title->setText(m_postId.isEmpty() ? QStringLiteral("No post selected")
                                            : QStringLiteral("Post %1 is not in this snapshot").arg(m_postId));
        doc.paragraph(m_postId.isEmpty() ? QStringLiteral("Select a post on the timeline, in the tables or in a finding.")
                                         : QStringLiteral("The post id %1 is not in this snapshot.").arg(m_postId));
        m_text = doc.text();
        m_browser->setHtml(doc.html());
        return;
    }
    const Integration *in = s->integration(p->integrationId);
    const QString account = in ? in->name % QStringLiteral(" (") % in->providerIdentifier % QLatin1Char(')') : p->integrationId;
    const QString headline = QStringLiteral("Post ") % p->id % QStringLiteral(" — ") % account % QStringLiteral(" · ")
        % toString(p->state) % QStringLiteral(" · ") % utcText(p->publishDate);
    m_title->setText(headline);
    doc.raw(QString(), headline % QLatin1Char('\n'));

    // Findings first: they are why someone looks at this post.
    std::vector<const Finding *> findings;
    if (const Diagnosis *d = m_analysis.diagnosis.get())
        for (const Finding &f : d->findings)
            if (f.posts.contains(p->id))
                findings.push_back(&f);
    doc.heading(QStringLiteral("Findings naming this post (%1)").arg(findings.size()));
    if (findings.empty()) {
        doc.paragraph(m_analysis.diagnosis ? QStringLiteral("None.") : QStringLiteral("The rules have not run yet."));
    } else {
        for (const Finding *f : findings) {
            doc.raw(QStringLiteral("<p style=\"margin:3px 0\"><b style=\"color:") % doc.colour(toString(f->severity))
                        % QStringLiteral("\">") % toString(f->severity).toHtmlEscaped() % QStringLiteral(" · ")
                        % f->title.toHtmlEscaped() % QStringLiteral("</b> <code>[") % f->rule.toHtmlEscaped()
                        % QStringLiteral("]</code><br/>") % f->summary.toHtmlEscaped() % QStringLiteral("</p>"),
                    QStringLiteral("  ") % toString(f->severity).toUpper() % QStringLiteral(" [") % f->rule
                        % QStringLiteral("] ") % f->title % QStringLiteral("\n    ") % f->summary % QLatin1Char('\n'));
        }
    }

    doc.heading(QStringLiteral("Post"));
    doc.beginFields();
    doc.field(QStringLiteral("id"), p->id, true);
    doc.field(QStringLiteral("state"), p->state == PostState::Unknown ? p->stateText : toString(p->state));
    doc.field(QStringLiteral("publishDate"), localAndUtc(p->publishDate));
    const Organization *org = s->organization(p->organizationId);
    doc.field(QStringLiteral("organization"), org ? org->name % QStringLiteral(" (") % p->organizationId % QLatin1Char(')')
                                                   : orNull(p->organizationId));
    doc.field(QStringLiteral("integrationId"), orNull(p->integrationId), true);
    doc.field(QStringLiteral("group"), orNull(p->group), true);
    doc.field(QStringLiteral("parentPostId"), orNull(p->parentPostId), true);
    doc.field(QStringLiteral("createdAt"), localAndUtc(p->createdAt));
    doc.field(QStringLiteral("updatedAt"), localAndUtc(p->updatedAt));
    doc.field(QStringLiteral("deletedAt"), p->deletedAt ? localAndUtc(p->deletedAt) : QStringLiteral("NULL (not deleted)"));
    doc.field(QStringLiteral("releaseURL"), orNull(p->releaseURL));
    doc.field(QStringLiteral("releaseId"), orNull(p->releaseId));
    doc.field(QStringLiteral("intervalInDays"), p->intervalInDays ? QString::number(*p->intervalInDays) : QStringLiteral("NULL"));
    doc.field(QStringLiteral("title"), orNull(p->title));
    doc.field(QStringLiteral("description"), orNull(p->description));
    doc.field(QStringLiteral("image"), orNull(p->image));
    doc.field(QStringLiteral("in scope window"), p->inWindow ? QStringLiteral("yes")
                                                             : QStringLiteral("no (pulled in by a job or a thread)"));
    doc.endFields();
    if (!p->content.isEmpty()) {
        doc.heading(QStringLiteral("content"), 4);
        doc.pre(p->content);
    }
    if (!p->error.isEmpty()) {
        doc.heading(QStringLiteral("error"), 4);
        doc.pre(prettyJson(p->error));
    }
    if (!p->settings.isEmpty() && p->settings.trimmed() != QLatin1String("{}")) {
        doc.heading(QStringLiteral("settings"), 4);
        doc.pre(prettyJson(p->settings));
    }

    // Thread: parent and children, as links.
    const QList<int> &children = s->childrenOf(p->id);
    if (!p->isTopLevel() || !children.isEmpty()) {
        doc.heading(QStringLiteral("Thread"), 3);
        QString html;
        QString text;
        if (!p->isTopLevel()) {
            html += QStringLiteral("<p style=\"margin:2px 0\">Parent: <a href=\"post:") % p->parentPostId.toHtmlEscaped()
                % QStringLiteral("\"><code>") % p->parentPostId.toHtmlEscaped() % QStringLiteral("</code></a></p>");
            text += QStringLiteral("  parent: ") % p->parentPostId % QLatin1Char('\n');
        }
        for (int c : children) {
            const Post &child = s->posts()[size_t(c)];
            html += QStringLiteral("<p style=\"margin:2px 0\">Child: <a href=\"post:") % child.id.toHtmlEscaped()
                % QStringLiteral("\"><code>") % child.id.toHtmlEscaped() % QStringLiteral("</code></a> ")
                % toString(child.state).toHtmlEscaped() % QStringLiteral("</p>");
            text += QStringLiteral("  child: ") % child.id % QStringLiteral(" ") % toString(child.state) % QLatin1Char('\n');
        }
        doc.raw(html, text);
    }

    doc.heading(QStringLiteral("Integration"));
    if (in) {
        doc.beginFields();
        doc.field(QStringLiteral("name"), in->name);
        doc.field(QStringLiteral("provider"), in->providerIdentifier);
        doc.field(QStringLiteral("id"), in->id, true);
        doc.field(QStringLiteral("disabled"), yesNo(in->disabled));
        doc.field(QStringLiteral("refreshNeeded"), yesNo(in->refreshNeeded));
        doc.field(QStringLiteral("inBetweenSteps"), yesNo(in->inBetweenSteps));
        doc.field(QStringLiteral("deletedAt"), in->deletedAt ? localAndUtc(in->deletedAt) : QStringLiteral("NULL"));
        if (!in->customerId.isEmpty())
            doc.field(QStringLiteral("customerId"), in->customerId, true);
        if (!in->postingTimes.isEmpty())
            doc.field(QStringLiteral("postingTimes"), in->postingTimes, true);
        doc.endFields();
        if (in->disabled || in->refreshNeeded || in->deletedAt)
            doc.callout(QStringLiteral("This account is %1: Postiz's worker skips its posts.")
                            .arg(in->disabled ? QStringLiteral("disabled")
                                              : in->refreshNeeded ? QStringLiteral("waiting to be reconnected")
                                                                  : QStringLiteral("deleted")),
                        QStringLiteral("warning"));
    } else {
        doc.paragraph(QStringLiteral("Integration %1 is not in the snapshot.").arg(p->integrationId));
    }

    const Job *j = s->jobForPost(p->id);
    const QString queueName = s->scope().prefix % QLatin1Char(':') % s->scope().queue;
    doc.heading(QStringLiteral("Job"));
    if (!j) {
        if (lacksJob(*s, *p))
            doc.callout(QStringLiteral("NO JOB: the post is QUEUE but %1 holds no job %2; it will not go out by itself.")
                            .arg(queueName, p->id),
                        QStringLiteral("critical"));
        else
            doc.paragraph(QStringLiteral("No job in %1 (normal for a post that is not QUEUE, deleted, or a thread child).")
                              .arg(queueName));
        if (!s->mainQueue())
            doc.callout(QStringLiteral("Redis was not read for this snapshot: jobs are unknown."), QStringLiteral("warning"));
    } else {
        doc.beginFields();
        doc.field(QStringLiteral("key"), s->scope().prefix % QLatin1Char(':') % j->queue % QLatin1Char(':') % j->id, true);
        QString state = toString(j->state);
        if (j->stalled)
            state += QStringLiteral(" (in the stalled set)");
        doc.field(QStringLiteral("state"), state);
        if (!j->alsoIn.isEmpty()) {
            QStringList also;
            for (JobState a : j->alsoIn)
                also << toString(a);
            doc.field(QStringLiteral("also in"), also.join(QStringLiteral(", ")) + QStringLiteral(" (anomaly)"));
        }
        doc.field(QStringLiteral("fire time"), j->fireTime ? localAndUtc(j->fireTime) % QStringLiteral("  [")
                                                      % j->fireTimeSource % QLatin1Char(']')
                                                          : QStringLiteral("—"));
        if (j->fireTime && *j->fireTime != p->publishDate)
            doc.field(QStringLiteral("fire − publishDate"), (*j->fireTime > p->publishDate ? QStringLiteral("+") : QStringLiteral("−"))
                                                                + humanDuration(*j->fireTime - p->publishDate));
        doc.field(QStringLiteral("lock"), j->hasLock ? QStringLiteral("held (a worker is on it)") : QStringLiteral("none"));
        doc.field(QStringLiteral("hash present"), yesNo(j->hashPresent));
        if (j->stateScore)
            doc.field(QStringLiteral("state score"), QString::number(*j->stateScore));
        doc.field(QStringLiteral("name"), j->name.isEmpty() ? QStringLiteral("—") : j->name);
        doc.field(QStringLiteral("timestamp (added)"), localAndUtc(j->timestamp));
        doc.field(QStringLiteral("delay"), optDuration(j->delay));
        if (j->optsDelay)
            doc.field(QStringLiteral("opts.delay"), optDuration(j->optsDelay));
        doc.field(QStringLiteral("priority"), optNumber(j->priority));
        doc.field(QStringLiteral("processedOn"), localAndUtc(j->processedOn));
        doc.field(QStringLiteral("finishedOn"), localAndUtc(j->finishedOn));
        doc.field(QStringLiteral("attempts started (ats)"), optNumber(j->attemptsStarted));
        doc.field(QStringLiteral("attempts made (atm)"), optNumber(j->attemptsMade));
        if (!j->processedBy.isEmpty())
            doc.field(QStringLiteral("processed by (pb)"), j->processedBy, true);
        if (!j->dataPostId.isEmpty())
            doc.field(QStringLiteral("data post id"), j->dataPostId, true);
        if (!j->returnvalue.isEmpty())
            doc.field(QStringLiteral("returnvalue"), j->returnvalue, true);
        if (!j->failedReason.isEmpty())
            doc.field(QStringLiteral("failedReason"), j->failedReason);
        doc.endFields();
        if (!j->problems.isEmpty()) {
            doc.callout(QStringLiteral("Could not decode everything:"), QStringLiteral("warning"));
            doc.bullets(j->problems);
        }
        if (!j->opts.isEmpty()) {
            doc.heading(QStringLiteral("opts"), 4);
            doc.pre(prettyJson(j->opts));
        }
        if (!j->data.isEmpty()) {
            doc.heading(QStringLiteral("data"), 4);
            doc.pre(prettyJson(j->data));
        }
        if (!j->stacktrace.isEmpty() && j->stacktrace != QLatin1String("[]")) {
            doc.heading(QStringLiteral("stacktrace"), 4);
            doc.pre(prettyJson(j->stacktrace));
        }
        if (!j->logs.isEmpty()) {
            doc.heading(QStringLiteral("job logs (%1 of %2)").arg(j->logs.size()).arg(j->logCount), 4);
            doc.pre(j->logs.join(QLatin1Char('\n')));
        }
        if (!j->fields.empty()) {
            doc.heading(QStringLiteral("All hash fields (%1)").arg(j->fields.size()), 4);
            doc.beginFields();
            for (const auto &[k, v] : j->fields)
                doc.field(k, v.size() > 300 ? v.left(300) + QStringLiteral("…") : v, true);
            doc.endFields();
        }
    }

    const QList<int> &events = s->eventsForJob(p->id);
    doc.heading(QStringLiteral("Queue events (%1)").arg(events.size()));
    if (events.isEmpty()) {
        const QueueInfo *q = s->mainQueue();
        doc.paragraph(q && q->oldestEventTime
                          ? QStringLiteral("None in the events stream (it covers from %1).").arg(utcText(*q->oldestEventTime))
                          : QStringLiteral("None in the events stream."));
    } else {
        doc.beginTable({QStringLiteral("Time (UTC)"), QStringLiteral("Event"), QStringLiteral("Details"), QStringLiteral("Stream id")});
        for (int i : events) {
            const QueueEvent &e = s->events()[size_t(i)];
            QStringList extra;
            for (const auto &[k, v] : e.fields)
                if (k != QLatin1String("event") && k != QLatin1String("jobId"))
                    extra << k % QLatin1Char('=') % (v.size() > 80 ? v.left(80) + QStringLiteral("…") : v);
            const QString kind = e.event == QLatin1String("removed") || e.event == QLatin1String("failed")
                ? QStringLiteral("critical")
                : QString();
            doc.row({shortUtc(e.time), e.event, extra.join(QStringLiteral(", ")), e.streamId}, kind);
        }
        doc.endTable();
    }

    const QList<int> &errors = s->errorsForPost(p->id);
    doc.heading(QStringLiteral("\"Errors\" rows (%1)").arg(errors.size()));
    if (errors.isEmpty()) {
        doc.paragraph(QStringLiteral("None."));
    } else {
        for (int i : errors) {
            const ErrorRow &e = s->errors()[size_t(i)];
            doc.beginFields();
            doc.field(QStringLiteral("createdAt"), localAndUtc(e.createdAt));
            doc.field(QStringLiteral("platform"), e.platform);
            doc.field(QStringLiteral("message"), e.message);
            doc.field(QStringLiteral("id"), e.id, true);
            doc.endFields();
            if (!e.body.isEmpty())
                doc.pre(prettyJson(e.body));
        }
    }

    QList<const LogLine *> logs;
    for (const LogLine &l : s->logLines())
        if (l.postIds.contains(p->id))
            logs << &l;
    doc.heading(QStringLiteral("Log lines (%1)").arg(logs.size()));
    if (logs.isEmpty()) {
        doc.paragraph(s->logLines().empty() ? QStringLiteral("No log file loaded.") : QStringLiteral("None name this post."));
    } else {
        doc.beginTable({QStringLiteral("Time (UTC)"), QStringLiteral("Kind"), QStringLiteral("Line"), QStringLiteral("Where")});
        for (const LogLine *l : logs)
            doc.row({l->time ? shortUtc(*l->time) : QStringLiteral("—"), l->kind, l->text,
                     l->file.section(QLatin1Char('/'), -1) % QLatin1Char(':') % QString::number(l->lineNumber)});
        doc.endTable();
    }

    m_text = doc.text();
    m_browser->setHtml(doc.html());
}

} // namespace postscope
