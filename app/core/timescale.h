#pragma once

// Time <-> pixel mapping of the timeline, shared by the lane painter, the axis header
// and the hit-testing so that what is drawn and what is clicked can never disagree.
// QtCore only: unit-tested without a window.

#include <QList>
#include <QString>
#include <QTimeZone>
#include <QtGlobal>

namespace postscope {

enum class TickUnit { Millisecond, Second, Minute, Hour, Day, Week, Month, Year };
QString toString(TickUnit unit);

struct TickStep {
    TickUnit unit = TickUnit::Second;
    int count = 1;
    qint64 approxMs = 1000; // months and years: 30 and 365 days

    bool operator==(const TickStep &) const = default;
};

struct Tick {
    qint64 time = 0; // ms UTC
    double x = 0;
    QString label;   // in the zone the ticks were made for
    bool major = false; // the next larger unit starts here (midnight, month, year)
};

class TimeScale
{
public:
    static constexpr qint64 minSpan = 100;                            // 0.1 s across the width
    static constexpr qint64 maxSpan = 50LL * 365 * 24 * 3600 * 1000; // 50 years

    TimeScale() = default;
    TimeScale(qint64 from, qint64 to, int width);

    qint64 from() const { return m_from; }
    qint64 to() const { return m_to; }
    qint64 span() const { return m_to - m_from; }
    int width() const { return m_width; }
    double msPerPixel() const { return double(span()) / m_width; }

    double xForTime(qint64 time) const { return double(time - m_from) * m_width / double(span()); }
    qint64 timeForX(double x) const;

    // [from, to) ms UTC; a span below minSpan grows around its centre, above maxSpan shrinks.
    void setRange(qint64 from, qint64 to);
    void setWidth(int width); // keeps the range
    // factor > 1 zooms in (the span is divided by it); the time under x stays under x.
    void zoomAround(double x, double factor);
    // Moves the content by dx pixels: dx > 0 brings earlier times into view.
    void pan(double dx);
    // The range [from, to] with a margin of `margin` (a fraction of the span) each side.
    void fit(qint64 from, qint64 to, double margin = 0.03);

    // The smallest step whose labels are at least minLabelSpacingPx apart.
    TickStep tickStep(double minLabelSpacingPx) const;
    // The ticks inside the range, aligned to the step in `zone` (midnight, month start…).
    QList<Tick> ticks(double minLabelSpacingPx, const QTimeZone &zone = QTimeZone::systemTimeZone()) const;
    // Date context for the axis (e.g. "Thu 15 Jan 2026") in `zone`.
    static QString contextLabel(qint64 time, TickUnit unit, const QTimeZone &zone);
    static QString tickLabel(qint64 time, const TickStep &step, bool major, const QTimeZone &zone);

    bool operator==(const TimeScale &) const = default;

private:
    qint64 m_from = 0;
    qint64 m_to = 3600 * 1000;
    int m_width = 1000;
};

} // namespace postscope
