#pragma once

// Level of detail for the timeline: items denser than a pixel are blended into one bucket
// per pixel column with their count and the worst severity. The buckets' storage is kept
// between paints, so filling them allocates nothing once it has grown to the width.

#include "timescale.h"

#include <algorithm>
#include <vector>

namespace postscope {

struct TimeBucket {
    int column = 0;    // pixel column, 0 .. width-1
    int count = 0;
    int worst = 0;     // highest severity seen
    int worstItem = 0; // index (as given to add) of the first item with that severity
    int firstItem = 0;
};

class TimeBuckets
{
public:
    void clear() { m_buckets.clear(); }
    void reserve(int columns) { m_buckets.reserve(size_t(std::max(0, columns))); }
    // Items must come in column order (they do when they are sorted by time).
    void add(int column, int severity, int item)
    {
        if (!m_buckets.empty() && m_buckets.back().column == column) {
            TimeBucket &b = m_buckets.back();
            ++b.count;
            if (severity > b.worst) {
                b.worst = severity;
                b.worstItem = item;
            }
            return;
        }
        m_buckets.push_back({column, 1, severity, item, item});
    }
    // The visible items of a time-sorted array: lower_bound to the first one at or after
    // the left edge, stop past the right edge. timeOf/severityOf project an item.
    template<typename T, typename TimeOf, typename SeverityOf>
    void fill(const std::vector<T> &items, const TimeScale &scale, TimeOf timeOf, SeverityOf severityOf)
    {
        clear();
        auto it = std::lower_bound(items.begin(), items.end(), scale.from(),
                                   [&](const T &item, qint64 t) { return timeOf(item) < t; });
        const int width = scale.width();
        for (; it != items.end(); ++it) {
            const double x = scale.xForTime(timeOf(*it));
            if (x >= width)
                break;
            add(int(x), severityOf(*it), int(it - items.begin()));
        }
    }

    const std::vector<TimeBucket> &buckets() const { return m_buckets; }
    int size() const { return int(m_buckets.size()); }
    const TimeBucket &at(int i) const { return m_buckets[size_t(i)]; }

private:
    std::vector<TimeBucket> m_buckets;
};

} // namespace postscope
