#include "registry.h"
#include "rulesupport.h"

namespace postscope {

namespace {

using namespace rulesupport;

class ClockSkewRule : public CatalogRule
{
public:
    ClockSkewRule()
        : CatalogRule({
            QStringLiteral("clock-skew"), Severity::Warning, QStringLiteral("Server clocks disagree"),
            QStringLiteral("Redis TIME, PostgreSQL now() and this machine's clock differ by more than the tolerance; "
                           "Postiz computes delays on the API host's clock, so skew moves fire times."),
            QStringLiteral("Synchronise the clocks (NTP / chrony) on every host."),
        }, 0)
    {
    }

protected:
    void judge(const Snapshot &s, const RuleContext &ctx, RuleOutcome &out) const override
    {
        const ServerFacts &f = s.server();
        if (skipped(out, f.redisTime || f.postgresNow
                             ? QString()
                             : QStringLiteral("no server clock was read (neither Redis TIME nor PostgreSQL now())")))
            return;
        // The servers' clocks were read at different moments of the capture: PostgreSQL first
        // (transaction start), Redis later. This machine's clock brackets each read: the capture
        // start before both, localTime right after the last one. A clock outside that bracket
        // by more than the tolerance is skewed; inside it, it cannot be told from the read order.
        const qint64 hi = f.localTime.value_or(s.capturedAt());
        const qint64 lo = (s.capturedAt() > 0 && s.capturedAt() <= hi) ? s.capturedAt() : hi;
        auto offset = [&](qint64 remote) -> qint64 {
            if (remote < lo)
                return remote - lo;
            if (remote > hi)
                return remote - hi;
            return 0;
        };
        const qint64 tol = ctx.thresholds.clockSkewMs;
        QStringList fired;
        qint64 worst = 0;
        if (f.redisTime) {
            const qint64 o = offset(*f.redisTime);
            if (qAbs(o) > tol) {
                fired.append(QStringLiteral("Redis TIME %1 is %2 %3 this machine's clock (read between %4 and %5)")
                                 .arg(utc(*f.redisTime), duration(qAbs(o)), o > 0 ? QStringLiteral("ahead of")
                                                                                   : QStringLiteral("behind"),
                                      utc(lo), utc(hi)));
                worst = std::max(worst, qAbs(o));
            }
        }
        if (f.postgresNow) {
            const qint64 o = offset(*f.postgresNow);
            if (qAbs(o) > tol) {
                fired.append(QStringLiteral("PostgreSQL now() %1 is %2 %3 this machine's clock (read between %4 and %5)")
                                 .arg(utc(*f.postgresNow), duration(qAbs(o)),
                                      o > 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"), utc(lo), utc(hi)));
                worst = std::max(worst, qAbs(o));
            }
        }
        if (f.redisTime && f.postgresNow) {
            // PostgreSQL was read first: Redis TIME may be later by at most the bracket.
            const qint64 d = *f.redisTime - *f.postgresNow;
            const qint64 excess = d < 0 ? -d : std::max<qint64>(0, d - (hi - lo));
            if (excess > tol) {
                fired.append(QStringLiteral("Redis TIME and PostgreSQL now() differ by %1 (Redis %2, PostgreSQL %3)")
                                 .arg(duration(qAbs(d)), utc(*f.redisTime), utc(*f.postgresNow)));
                worst = std::max(worst, excess);
            }
        }
        if (fired.isEmpty())
            return;
        Finding fi = makeFinding(info());
        fi.summary = QStringLiteral("The clocks of Redis, PostgreSQL and this machine disagree by up to %1 (more than "
                                    "the %2 tolerance), so delays computed on one host fire early or late on another.")
                         .arg(duration(worst), duration(tol));
        fi.firedSignals = fired;
        fi.firedSignals.append(QStringLiteral("Postiz computes each job's delay as publishDate − now on the API host; "
                                              "BullMQ fires it by the Redis clock"));
        fi.fix = {QStringLiteral("Synchronise the clocks with NTP (chrony, systemd-timesyncd) on the Postiz API and "
                                 "worker hosts, the Redis host and the PostgreSQL host."),
                  QStringLiteral("If only this machine is off, the other findings' times are still right (they use the "
                                 "servers' data), but fix it before comparing with 'now'.")};
        fi.verify = {QStringLiteral("TIME"), QStringLiteral("SELECT now();"), QStringLiteral("date -u +%FT%T.%3NZ")};
        out.findings.push_back(std::move(fi));
    }
};

} // namespace

RulePtr makeClockSkewRule()
{
    return std::make_unique<ClockSkewRule>();
}

} // namespace postscope
