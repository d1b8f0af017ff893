#include "registry.h"
#include "rulesupport.h"
#include "skippedchannel.h"

namespace postscope {

namespace {

using namespace rulesupport;

class IntegrationDisabledRule : public CatalogRule
{
public:
    IntegrationDisabledRule()
        : CatalogRule({
            QStringLiteral("integration-disabled"), Severity::Critical,
            QStringLiteral("The channel is disabled or deleted"),
            QStringLiteral("A due QUEUE post belongs to a disabled (or deleted) integration: Postiz's worker "
                           "returns without publishing or changing the post's state, so it stays QUEUE forever."),
            QStringLiteral("Enable the channel (or move the posts to a live one), then reschedule the posts."),
        }, NeedsPostgres, {QStringLiteral("Integration.disabled")})
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        judgeSkippedChannel(s, ctx, info(), out,
                            [](const Integration &in, const QString &who) -> std::optional<ChannelProblem> {
                                if (in.deletedAt)
                                    return ChannelProblem{
                                        QStringLiteral("the integration was deleted on %1").arg(utc(*in.deletedAt)),
                                        QStringLiteral("Integration %1 has \"deletedAt\" = %2").arg(in.id, utc(*in.deletedAt)),
                                        QStringLiteral("%1 was deleted: connect the account again, or move the posts to another channel.").arg(who)};
                                if (in.disabled)
                                    return ChannelProblem{
                                        QStringLiteral("the integration is disabled"),
                                        QStringLiteral("Integration %1 has disabled = true").arg(in.id),
                                        QStringLiteral("Enable %1 in Postiz (channel preferences).").arg(who)};
                                return std::nullopt;
                            });
    }
};

} // namespace

RulePtr makeIntegrationDisabledRule()
{
    return std::make_unique<IntegrationDisabledRule>();
}

} // namespace postscope
