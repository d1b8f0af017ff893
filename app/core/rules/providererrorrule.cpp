#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

QString classWords(const QString &cls, const QString &provider)
{
    if (cls == QLatin1String("auth"))
        return QStringLiteral("the platform no longer accepts the account's access token (authentication)");
    if (cls == QLatin1String("duplicate"))
        return QStringLiteral("the platform rejected it as duplicate content");
    if (cls == QLatin1String("limiter"))
        return QStringLiteral("Postiz's %1 limiter gave up after waiting 60 s for another %1 post (limiter timeout)")
            .arg(provider.isEmpty() ? QStringLiteral("per-provider") : provider);
    if (cls == QLatin1String("media"))
        return QStringLiteral("the platform rejected its media");
    return QStringLiteral("the platform refused it for a reason postscope does not recognise");
}

QStringList classFix(const QString &cls, const QString &who, const QString &postId)
{
    const QString reschedule = QStringLiteral("Then reschedule post %1: a post in ERROR is not retried.").arg(postId);
    if (cls == QLatin1String("auth"))
        return {QStringLiteral("Reconnect %1 in Postiz (its token is invalid or expired).").arg(who), reschedule};
    if (cls == QLatin1String("duplicate"))
        return {QStringLiteral("Change the content (platforms reject repeated text), or delete the post if it already "
                               "went out."),
                reschedule};
    if (cls == QLatin1String("limiter"))
        return {QStringLiteral("Posts to one platform run one at a time, 1 s apart; a slow earlier post made this one "
                               "wait past 60 s. Space posts to the same platform out (see limiter-backlog)."),
                reschedule};
    if (cls == QLatin1String("media"))
        return {QStringLiteral("Check the post's images or video against the platform's format, size and aspect-ratio "
                               "rules."),
                reschedule};
    return {QStringLiteral("Read the stored error (Post.error and the \"Errors\" row) for the platform's answer."),
            reschedule};
}

class ProviderErrorRule : public CatalogRule
{
public:
    ProviderErrorRule()
        : CatalogRule({
            QStringLiteral("provider-error"), Severity::Critical, QStringLiteral("The platform refused the post"),
            QStringLiteral("The post is ERROR for a reason other than a rate limit; its error text is classified as "
                           "auth, duplicate content, limiter timeout, media or unknown."),
            QStringLiteral("Act on the class (reconnect, change the content, space posts out, fix the media), then "
                           "reschedule."),
        }, NeedsPostgres)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &c, RuleOutcome &out) const override
    {
        const auto logIndex = logLinesByPost(s);
        const auto index = RuleIndex::of(s, c);
        for (int row : index->errored()) {
            const Post &p = s.posts()[size_t(row)];
            if (p.isDeleted())
                continue;
            const Integration *in = s.integration(p.integrationId);
            const QString provider = in ? in->providerIdentifier : QString();
            const auto texts = failureTexts(s, p, logIndex);
            bool rateLimited = false;
            for (const FailureText &t : texts)
                rateLimited = rateLimited || !rateLimitSignal(t.text, provider).isEmpty();
            if (rateLimited)
                continue; // rate-limited's finding
            QString cls = QStringLiteral("unknown");
            QString source;
            QString text;
            for (const FailureText &t : texts) {
                const QString c = providerErrorClass(t.text);
                if (text.isEmpty()) {
                    source = t.source;
                    text = t.text;
                }
                if (c != QLatin1String("unknown")) {
                    cls = c;
                    source = t.source;
                    text = t.text;
                    break;
                }
            }
            const QString who = integrationName(s, p.integrationId);
            std::optional<qint64> when = p.updatedAt;
            for (int e : s.errorsForPost(p.id)) {
                if (s.errors()[size_t(e)].createdAt)
                    when = s.errors()[size_t(e)].createdAt;
            }
            Finding f = makeFinding(info());
            f.posts.append(p.id);
            f.integrations.append(p.integrationId);
            for (int e : s.eventsForJob(p.id))
                f.events.append(s.events()[size_t(e)].streamId);
            for (const FailureText &t : texts) {
                if (t.logLine >= 0)
                    f.logLines.append(t.logLine);
            }
            const QString message = text.isEmpty() ? QString() : providerMessage(text);
            f.summary = message.isEmpty()
                ? QStringLiteral("Post %1 to %2 (due %3) is ERROR and no error text was stored.")
                      .arg(p.id, who, utc(p.publishDate))
                : QStringLiteral("Post %1 to %2 failed%3: %4 (\"%5\").")
                      .arg(p.id, who, when ? QStringLiteral(" at ") + utc(*when) : QString(),
                           classWords(cls, provider), message.left(200));
            f.firedSignals.append(QStringLiteral("post %1 is in state ERROR").arg(p.id));
            f.firedSignals.append(QStringLiteral("class: %1").arg(cls));
            if (!text.isEmpty())
                f.firedSignals.append(QStringLiteral("%1: %2").arg(source, text.simplified().left(300)));
            f.firedSignals.append(QStringLiteral("no rate-limit signal in %1 stored text(s)").arg(texts.size()));
            f.fix = classFix(cls, who, p.id);
            f.verify = {sqlPost({p.id}), sqlErrorsOfPost(p.id)};
            if (cls == QLatin1String("auth") && in)
                f.verify.append(sqlIntegration(in->id));
            out.findings.push_back(std::move(f));
        }
    }
};

} // namespace

RulePtr makeProviderErrorRule()
{
    return std::make_unique<ProviderErrorRule>();
}

} // namespace postscope
