#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace postscope::largevector {

// Asks the kernel to back [data, data + bytes) with transparent huge pages where THP is
// in "madvise" mode: a capture's row arrays are tens of MB, and faulting them in 4 KiB
// at a time cost more CPU than filling them. Only the whole 2 MiB pages inside the
// range are advised; a hint, so failure (or another OS) changes nothing but speed.
inline void adviseHugePages(void *data, std::size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHuge = std::uintptr_t(2) << 20;
    if (!data || bytes < 2 * kHuge)
        return;
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)data;
    (void)bytes;
#endif
}

// Makes room for at least `capacity` elements: a new buffer, advised before anything
// touches it, and the elements moved over (std::vector::reserve would touch the new
// buffer before the advice could be given).
template<typename T>
void reserve(std::vector<T> &v, std::size_t capacity)
{
    if (capacity <= v.capacity())
        return;
    std::vector<T> bigger;
    bigger.reserve(capacity);
    adviseHugePages(bigger.data(), bigger.capacity() * sizeof(T));
    bigger.insert(bigger.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    v.swap(bigger);
}

// Room for one more element, growing geometrically like push_back does.
template<typename T>
void reserveOneMore(std::vector<T> &v)
{
    if (v.size() < v.capacity())
        return;
    reserve(v, std::max<std::size_t>(1024, v.capacity() * 2));
}

} // namespace postscope::largevector
