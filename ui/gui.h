#pragma once

namespace postscope::gui {
// The window: opens FILE when given, otherwise the embedded demo.
int run(int argc, char *argv[]);
}
