#include "registry.h"
#include "rulesupport.h"
#include "skippedchannel.h"

namespace postscope {

namespace {

using namespace rulesupport;

class IntegrationRefreshNeededRule : public CatalogRule
{
public:
    IntegrationRefreshNeededRule()
        : CatalogRule({
            QStringLiteral("integration-refresh-needed"), Severity::Critical,
            QStringLiteral("The account must be reconnected"),
            QStringLiteral("A due QUEUE post belongs to an integration with refreshNeeded set: Postiz's worker "
                           "returns without publishing or changing the post's state, so it stays QUEUE forever."),
            QStringLiteral("Reconnect the account in Postiz, then reschedule the posts."),
        }, NeedsPostgres, {QStringLiteral("Integration.refreshNeeded")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        judgeSkippedChannel(s, ctx, info(), out,
                            [](const Integration &in, const QString &who) -> std::optional<ChannelProblem> {
                                if (!in.refreshNeeded)
                                    return std::nullopt;
                                return ChannelProblem{
                                    QStringLiteral("the integration needs reconnecting (refreshNeeded)"),
                                    QStringLiteral("Integration %1 has \"refreshNeeded\" = true").arg(in.id),
                                    QStringLiteral("Reconnect %1 in Postiz (its token expired or was revoked).").arg(who)};
                            });
    }
};

} // namespace

RulePtr makeIntegrationRefreshNeededRule()
{
    return std::make_unique<IntegrationRefreshNeededRule>();
}

} // namespace postscope
