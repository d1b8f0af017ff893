#pragma once

#include <QString>

namespace postscope::theme {

enum class Mode { System, Light, Dark };

QString toString(Mode m);                 // "system", "light", "dark"
Mode modeFromString(const QString &s);    // unknown → System

// Applies the mode to the whole application: Fusion with a dark palette for Dark, the
// platform's style and palette for System, Fusion with its light palette for Light.
void apply(Mode mode);
Mode current();
// Whether the palette in force is dark (for views that pick their own colours).
bool isDark();

} // namespace postscope::theme
