#include "timescale.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <cmath>

namespace postscope {

namespace {

constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

constexpr std::array<TickStep, 36> steps = {{
    {TickUnit::Millisecond, 1, 1},     {TickUnit::Millisecond, 2, 2},     {TickUnit::Millisecond, 5, 5},
    {TickUnit::Millisecond, 10, 10},   {TickUnit::Millisecond, 20, 20},   {TickUnit::Millisecond, 50, 50},
    {TickUnit::Millisecond, 100, 100}, {TickUnit::Millisecond, 200, 200}, {TickUnit::Millisecond, 500, 500},
    {TickUnit::Second, 1, second},     {TickUnit::Second, 2, 2 * second}, {TickUnit::Second, 5, 5 * second},
    {TickUnit::Second, 10, 10 * second}, {TickUnit::Second, 15, 15 * second}, {TickUnit::Second, 30, 30 * second},
    {TickUnit::Minute, 1, minute},     {TickUnit::Minute, 2, 2 * minute}, {TickUnit::Minute, 5, 5 * minute},
    {TickUnit::Minute, 10, 10 * minute}, {TickUnit::Minute, 15, 15 * minute}, {TickUnit::Minute, 30, 30 * minute},
    {TickUnit::Hour, 1, hour},         {TickUnit::Hour, 2, 2 * hour},     {TickUnit::Hour, 3, 3 * hour},
    {TickUnit::Hour, 6, 6 * hour},     {TickUnit::Hour, 12, 12 * hour},   {TickUnit::Day, 1, day},
    {TickUnit::Day, 2, 2 * day},       {TickUnit::Week, 1, 7 * day},      {TickUnit::Month, 1, 30 * day},
    {TickUnit::Month, 2, 60 * day},    {TickUnit::Month, 3, 91 * day},    {TickUnit::Month, 6, 182 * day},
    {TickUnit::Year, 1, 365 * day},    {TickUnit::Year, 5, 5 * 365 * day}, {TickUnit::Year, 10, 10 * 365 * day},
}};

qint64 floorDiv(qint64 a, qint64 b)
{
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

bool isFixedLength(TickUnit u)
{
    return u == TickUnit::Millisecond || u == TickUnit::Second || u == TickUnit::Minute || u == TickUnit::Hour;
}

// Whether the next larger unit starts at `local` (so the tick carries the date).
bool startsLargerUnit(const QDateTime &local, const TickStep &step)
{
    const QTime t = local.time();
    switch (step.unit) {
    case TickUnit::Millisecond:
        return t.msec() == 0;
    case TickUnit::Second:
        return t.second() == 0 && t.msec() == 0;
    case TickUnit::Minute:
        return t.minute() == 0 && t.second() == 0;
    case TickUnit::Hour:
        return t.hour() == 0 && t.minute() == 0;
    case TickUnit::Day:
    case TickUnit::Week:
        return local.date().day() == 1;
    case TickUnit::Month:
        return local.date().month() == 1;
    case TickUnit::Year:
        return false;
    }
    return false;
}

} // namespace

QString toString(TickUnit unit)
{
    switch (unit) {
    case TickUnit::Millisecond: return QStringLiteral("millisecond");
    case TickUnit::Second: return QStringLiteral("second");
    case TickUnit::Minute: return QStringLiteral("minute");
    case TickUnit::Hour: return QStringLiteral("hour");
    case TickUnit::Day: return QStringLiteral("day");
    case TickUnit::Week: return QStringLiteral("week");
    case TickUnit::Month: return QStringLiteral("month");
    case TickUnit::Year: return QStringLiteral("year");
    }
    return QString();
}

TimeScale::TimeScale(qint64 from, qint64 to, int width)
{
    setWidth(width);
    setRange(from, to);
}

qint64 TimeScale::timeForX(double x) const
{
    return m_from + qint64(std::llround(x * double(span()) / m_width));
}

void TimeScale::setRange(qint64 from, qint64 to)
{
    if (to < from)
        std::swap(from, to);
    qint64 s = to - from;
    if (s < minSpan || s > maxSpan) {
        const qint64 centre = from + s / 2;
        s = std::clamp(s, minSpan, maxSpan);
        from = centre - s / 2;
        to = from + s;
    }
    m_from = from;
    m_to = to;
}

void TimeScale::setWidth(int width)
{
    m_width = std::max(1, width);
}

void TimeScale::zoomAround(double x, double factor)
{
    if (!(factor > 0) || !std::isfinite(factor))
        return;
    // Keep the exact (fractional) time under x fixed, then clamp the span and re-anchor.
    const double anchor = double(m_from) + x * double(span()) / m_width;
    const double newSpan = std::clamp(double(span()) / factor, double(minSpan), double(maxSpan));
    const double newFrom = anchor - x * newSpan / m_width;
    m_from = qint64(std::llround(newFrom));
    m_to = m_from + qint64(std::llround(newSpan));
}

void TimeScale::pan(double dx)
{
    const qint64 shift = qint64(std::llround(dx * double(span()) / m_width));
    m_from -= shift;
    m_to -= shift;
}

void TimeScale::fit(qint64 from, qint64 to, double margin)
{
    if (to < from)
        std::swap(from, to);
    const qint64 s = std::max<qint64>(to - from, minSpan);
    const qint64 pad = qint64(double(s) * margin);
    setRange(from - pad, from + s + pad);
}

TickStep TimeScale::tickStep(double minLabelSpacingPx) const
{
    const double needMs = minLabelSpacingPx * msPerPixel();
    for (const TickStep &s : steps) {
        if (double(s.approxMs) >= needMs)
            return s;
    }
    return steps.back();
}

QString TimeScale::tickLabel(qint64 time, const TickStep &step, bool major, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(time, zone);
    switch (step.unit) {
    case TickUnit::Millisecond:
        return local.toString(major ? QStringLiteral("HH:mm:ss") : QStringLiteral("ss.zzz"));
    case TickUnit::Second:
        return local.toString(QStringLiteral("HH:mm:ss"));
    case TickUnit::Minute:
    case TickUnit::Hour:
        if (major && local.time() == QTime(0, 0))
            return local.toString(QStringLiteral("ddd d MMM"));
        return local.toString(QStringLiteral("HH:mm"));
    case TickUnit::Day:
    case TickUnit::Week:
        if (major)
            return local.toString(QStringLiteral("MMM yyyy"));
        return local.toString(QStringLiteral("ddd d"));
    case TickUnit::Month:
        return local.toString(major ? QStringLiteral("yyyy") : QStringLiteral("MMM"));
    case TickUnit::Year:
        return local.toString(QStringLiteral("yyyy"));
    }
    return QString();
}

QString TimeScale::contextLabel(qint64 time, TickUnit unit, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(time, zone);
    switch (unit) {
    case TickUnit::Millisecond:
    case TickUnit::Second:
    case TickUnit::Minute:
    case TickUnit::Hour:
        return local.toString(QStringLiteral("ddd d MMM yyyy"));
    case TickUnit::Day:
    case TickUnit::Week:
        return local.toString(QStringLiteral("MMMM yyyy"));
    case TickUnit::Month:
    case TickUnit::Year:
        return local.toString(QStringLiteral("yyyy"));
    }
    return QString();
}

QList<Tick> TimeScale::ticks(double minLabelSpacingPx, const QTimeZone &zone) const
{
    QList<Tick> out;
    const TickStep step = tickStep(std::max(1.0, minLabelSpacingPx));
    const int limit = int(m_width / std::max(1.0, minLabelSpacingPx * 0.5)) + 4; // never loop away
    auto push = [&](qint64 t) {
        if (t < m_from || t > m_to)
            return;
        const QDateTime local = QDateTime::fromMSecsSinceEpoch(t, zone);
        const bool major = startsLargerUnit(local, step);
        out.push_back({t, xForTime(t), tickLabel(t, step, major, zone), major});
    };
    if (isFixedLength(step.unit)) {
        const qint64 stepMs = step.approxMs;
        const qint64 offset = qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(m_from, zone))) * 1000;
        qint64 t = floorDiv(m_from + offset, stepMs) * stepMs - offset;
        for (int n = 0; t <= m_to && n < limit; t += stepMs, ++n)
            push(t);
        return out;
    }
    QDate d = QDateTime::fromMSecsSinceEpoch(m_from, zone).date();
    switch (step.unit) {
    case TickUnit::Day:
        d = QDate::fromJulianDay(d.toJulianDay() - d.toJulianDay() % step.count);
        break;
    case TickUnit::Week:
        d = d.addDays(1 - d.dayOfWeek());
        break;
    case TickUnit::Month:
        d = QDate(d.year(), ((d.month() - 1) / step.count) * step.count + 1, 1);
        break;
    case TickUnit::Year:
        d = QDate(d.year() - d.year() % step.count, 1, 1);
        break;
    default:
        break;
    }
    for (int n = 0; n < limit; ++n) {
        const qint64 t = d.startOfDay(zone).toMSecsSinceEpoch();
        if (t > m_to)
            break;
        push(t);
        switch (step.unit) {
        case TickUnit::Day: d = d.addDays(step.count); break;
        case TickUnit::Week: d = d.addDays(7); break;
        case TickUnit::Month: d = d.addMonths(step.count); break;
        default: d = d.addYears(step.count); break;
        }
    }
    return out;
}

} // namespace postscope
