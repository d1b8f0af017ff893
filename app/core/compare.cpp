#include "compare.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace postscope {

namespace {

QString opt(const std::optional<qint64> &ms)
{
    return ms ? utcText(*ms) : QStringLiteral("—");
}

QString optNumber(const std::optional<qint64> &v)
{
    return v ? QString::number(*v) : QStringLiteral("—");
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("—") : s;
}

QString yesNo(bool b)
{
    return b ? QStringLiteral("yes") : QStringLiteral("no");
}

QString firstLine(const QString &s, int max = 80)
{
    QString line = s.section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.size() > max)
        line = line.left(max - 1) + QStringLiteral("…");
    return s.isNull() ? QStringLiteral("—") : line;
}

QString integrationText(const Snapshot &s, const QString &id)
{
    const Integration *i = s.integration(id);
    if (!i)
        return orDash(id);
    return i->name % QStringLiteral(" (") % i->providerIdentifier % QStringLiteral(")");
}

QString integrationFlags(const Snapshot &s, const QString &id)
{
    const Integration *i = s.integration(id);
    if (!i)
        return QStringLiteral("—");
    QStringList flags;
    if (i->disabled)
        flags << QStringLiteral("disabled");
    if (i->refreshNeeded)
        flags << QStringLiteral("refresh needed");
    if (i->inBetweenSteps)
        flags << QStringLiteral("in between steps");
    if (i->deletedAt)
        flags << QStringLiteral("deleted");
    return flags.isEmpty() ? QStringLiteral("ok") : flags.join(QStringLiteral(", "));
}

QString stateText(const Post &p)
{
    if (p.state == PostState::Unknown && !p.stateText.isEmpty())
        return p.stateText;
    return toString(p.state);
}

QString jobStateText(const Job &j)
{
    QString t = toString(j.state);
    for (JobState also : j.alsoIn)
        t += QStringLiteral(" + ") % toString(also);
    if (j.stalled)
        t += QStringLiteral(" (stalled)");
    return t;
}

} // namespace

QString humanDuration(qint64 ms)
{
    if (ms < 0)
        ms = -ms;
    if (ms < 1000)
        return QString::number(ms) + QStringLiteral(" ms");
    const qint64 totalS = ms / 1000;
    const qint64 d = totalS / 86400, h = (totalS / 3600) % 24, m = (totalS / 60) % 60, sec = totalS % 60;
    if (d > 0)
        return h ? QStringLiteral("%1 d %2 h").arg(d).arg(h) : QStringLiteral("%1 d").arg(d);
    if (h > 0)
        return m ? QStringLiteral("%1 h %2 min").arg(h).arg(m) : QStringLiteral("%1 h").arg(h);
    if (m > 0)
        return sec ? QStringLiteral("%1 min %2 s").arg(m).arg(sec) : QStringLiteral("%1 min").arg(m);
    const qint64 rest = ms % 1000;
    if (rest && totalS < 10)
        return QStringLiteral("%1.%2 s").arg(totalS).arg(rest / 100);
    return QStringLiteral("%1 s").arg(totalS);
}

QString utcText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral(" UTC");
}

bool lacksJob(const Snapshot &s, const Post &p)
{
    return p.state == PostState::Queue && !p.isDeleted() && p.isTopLevel() && !s.jobForPost(p.id);
}

QString jobSummary(const Snapshot &s, const Post &p)
{
    const Job *j = s.jobForPost(p.id);
    if (!j) {
        if (lacksJob(s, p))
            return QStringLiteral("NO JOB");
        return QStringLiteral("none");
    }
    QString t = jobStateText(*j);
    if (j->fireTime)
        t += QStringLiteral(", fires ") % utcText(*j->fireTime);
    return t;
}

std::vector<CompareRow> compareRows(const Snapshot &s, const QString &postA, const QString &postB)
{
    const Post *a = s.post(postA);
    const Post *b = s.post(postB);
    std::vector<CompareRow> rows;
    const QString absent = QStringLiteral("(not in snapshot)");
    auto add = [&](const QString &field, auto &&get) {
        CompareRow r;
        r.field = field;
        r.a = a ? get(*a) : absent;
        r.b = b ? get(*b) : absent;
        r.differs = r.a != r.b;
        rows.push_back(std::move(r));
    };
    // Identity rows differ by nature; they are marked anyway so the report shows them.
    add(QStringLiteral("id"), [](const Post &p) -> QString { return p.id; });
    add(QStringLiteral("state"), [](const Post &p) -> QString { return stateText(p); });
    add(QStringLiteral("publishDate"), [](const Post &p) -> QString { return utcText(p.publishDate); });
    add(QStringLiteral("integration"), [&](const Post &p) -> QString { return integrationText(s, p.integrationId); });
    add(QStringLiteral("integration flags"), [&](const Post &p) -> QString { return integrationFlags(s, p.integrationId); });
    add(QStringLiteral("organization"), [&](const Post &p) -> QString {
        const Organization *o = s.organization(p.organizationId);
        return o ? o->name : orDash(p.organizationId);
    });
    add(QStringLiteral("group"), [](const Post &p) -> QString { return orDash(p.group); });
    add(QStringLiteral("parentPostId"), [](const Post &p) -> QString { return orDash(p.parentPostId); });
    add(QStringLiteral("createdAt"), [](const Post &p) -> QString { return opt(p.createdAt); });
    add(QStringLiteral("updatedAt"), [](const Post &p) -> QString { return opt(p.updatedAt); });
    add(QStringLiteral("deletedAt"), [](const Post &p) -> QString { return opt(p.deletedAt); });
    add(QStringLiteral("releaseURL"), [](const Post &p) -> QString { return orDash(p.releaseURL); });
    add(QStringLiteral("releaseId"), [](const Post &p) -> QString { return orDash(p.releaseId); });
    add(QStringLiteral("error"), [](const Post &p) -> QString { return p.error.isEmpty() ? QStringLiteral("—") : firstLine(p.error, 120); });
    add(QStringLiteral("intervalInDays"), [](const Post &p) -> QString { return optNumber(p.intervalInDays); });
    add(QStringLiteral("content"), [](const Post &p) -> QString { return firstLine(p.content); });
    add(QStringLiteral("in scope window"), [](const Post &p) -> QString { return yesNo(p.inWindow); });
    add(QStringLiteral("job"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        if (!j)
            return lacksJob(s, p) ? QStringLiteral("NO JOB") : QStringLiteral("none");
        return j->queue % QLatin1Char(':') % j->id;
    });
    add(QStringLiteral("job state"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        return j ? jobStateText(*j) : QStringLiteral("—");
    });
    add(QStringLiteral("job fire time"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        return j && j->fireTime ? utcText(*j->fireTime) : QStringLiteral("—");
    });
    add(QStringLiteral("job added"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        return j ? opt(j->timestamp) : QStringLiteral("—");
    });
    add(QStringLiteral("job delay"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        if (!j)
            return QStringLiteral("—");
        const std::optional<qint64> d = j->delay ? j->delay : j->optsDelay;
        return d ? humanDuration(*d) : QStringLiteral("—");
    });
    add(QStringLiteral("job lock"), [&](const Post &p) -> QString {
        const Job *j = s.jobForPost(p.id);
        return j ? yesNo(j->hasLock) : QStringLiteral("—");
    });
    add(QStringLiteral("events"), [&](const Post &p) -> QString {
        const QList<int> &ev = s.eventsForJob(p.id);
        QStringList names;
        for (int i : ev)
            names << s.events()[size_t(i)].event;
        return ev.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
    });
    add(QStringLiteral("Errors rows"), [&](const Post &p) -> QString { return QString::number(s.errorsForPost(p.id).size()); });
    add(QStringLiteral("thread children"), [&](const Post &p) -> QString { return QString::number(s.childrenOf(p.id).size()); });
    return rows;
}

std::vector<CompareDelta> compareDeltas(const Snapshot &s, const QString &postA, const QString &postB)
{
    const Post *a = s.post(postA);
    const Post *b = s.post(postB);
    std::vector<CompareDelta> out;
    auto add = [&](const QString &field, std::optional<qint64> ta, std::optional<qint64> tb) {
        CompareDelta d;
        d.field = field;
        if (ta && tb) {
            d.ms = *tb - *ta;
            if (*d.ms == 0)
                d.text = QStringLiteral("same instant");
            else
                d.text = QStringLiteral("B is ") % humanDuration(*d.ms)
                    % (*d.ms > 0 ? QStringLiteral(" later") : QStringLiteral(" earlier"));
        } else if (ta) {
            d.text = QStringLiteral("only A has one");
        } else if (tb) {
            d.text = QStringLiteral("only B has one");
        } else {
            d.text = QStringLiteral("neither has one");
        }
        out.push_back(std::move(d));
    };
    auto fire = [&](const Post *p) -> std::optional<qint64> {
        if (!p)
            return std::nullopt;
        const Job *j = s.jobForPost(p->id);
        return j ? j->fireTime : std::nullopt;
    };
    add(QStringLiteral("publishDate"), a ? std::optional<qint64>(a->publishDate) : std::nullopt,
        b ? std::optional<qint64>(b->publishDate) : std::nullopt);
    add(QStringLiteral("createdAt"), a ? a->createdAt : std::nullopt, b ? b->createdAt : std::nullopt);
    add(QStringLiteral("deletedAt"), a ? a->deletedAt : std::nullopt, b ? b->deletedAt : std::nullopt);
    add(QStringLiteral("job fire time"), fire(a), fire(b));
    return out;
}

} // namespace postscope
