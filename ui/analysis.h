#pragma once

#include "core/rules/engine.h"
#include "core/snapshot.h"

#include <memory>

namespace postscope {

using DiagnosisPtr = std::shared_ptr<const Diagnosis>;

class TimelineData;
struct TablesPrep;

// One snapshot with its diagnosis, the unit every view is given.
struct Analysis {
    SnapshotPtr snapshot;
    DiagnosisPtr diagnosis;   // may be null (rules not run yet)
    QString origin;           // "demo", a file path, or the connection profile name
    bool demo = false;
    // What the views would otherwise build on the GUI thread, built on the worker that
    // ran the rules (CaptureController) for big snapshots; null = the view builds it.
    // Each was built from this very snapshot and diagnosis.
    std::shared_ptr<const TimelineData> timelineData;
    std::shared_ptr<const TablesPrep> tablesPrep;
};

} // namespace postscope
