#pragma once

// Colours, pens and brushes of the timeline, made once per palette change so that no
// paint builds a pen. The mark colours are the Okabe-Ito palette (safe for the common
// colour-vision deficiencies); every state also has its own shape, so colour is never
// the only cue.

#include "core/model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPalette>
#include <QPen>

#include <array>

namespace postscope {

namespace okabeito {
inline const QColor orange {0xE6, 0x9F, 0x00};
inline const QColor skyBlue {0x56, 0xB4, 0xE9};
inline const QColor bluishGreen {0x00, 0x9E, 0x73};
inline const QColor yellow {0xF0, 0xE4, 0x42};
inline const QColor blue {0x00, 0x72, 0xB2};
inline const QColor vermillion {0xD5, 0x5E, 0x00};
inline const QColor reddishPurple {0xCC, 0x79, 0xA7};
} // namespace okabeito

// Post marks: shape and colour by DB state.
enum class MarkShape { Circle, Diamond, Triangle, Square };

// Kinds of queue events drawn as ticks.
enum class EventKind : quint8 { Added, Active, Completed, Failed, Removed, Duplicated, Stalled, Count };

struct TimelineTheme {
    bool dark = false;
    QColor background, alternateBackground, groupBackground, text, mutedText, grid, majorGrid;
    QColor now, selection, halo, rubberBand;

    // Indexed by PostState.
    std::array<QColor, 5> postColour;
    std::array<QBrush, 5> postBrush;
    std::array<QPen, 5> postPen;    // outline (hollow when soft-deleted)
    QColor noJob;
    QPen noJobPen;
    // Indexed by JobState.
    std::array<QColor, 9> jobColour;
    std::array<QBrush, 9> jobBrush;
    QBrush stalledBrush; // hatch over a stalled job's bar
    // Indexed by EventKind.
    std::array<QColor, size_t(EventKind::Count)> eventColour;
    std::array<QPen, size_t(EventKind::Count)> eventPen;
    QColor logColour;
    QBrush logBrush;
    QPen nowPen, selectionPen, haloPen, gridPen, majorGridPen, textPen, mutedPen, densityPen;
    QBrush haloBrush;

    static TimelineTheme fromPalette(const QPalette &palette);
    static TimelineTheme lightTheme();
    static TimelineTheme darkTheme();

    static MarkShape shape(PostState s);
    static QString label(PostState s);
    static QString label(EventKind k);
    // Severity used to pick the colour of a bucket: higher is worse.
    static int severity(PostState s, bool noJob);
};

} // namespace postscope
