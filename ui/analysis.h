#pragma once

#include "core/rules/engine.h"
#include "core/snapshot.h"

#include <memory>

namespace postscope {

using DiagnosisPtr = std::shared_ptr<const Diagnosis>;

// One snapshot with its diagnosis, the unit every view is given.
struct Analysis {
    SnapshotPtr snapshot;
    DiagnosisPtr diagnosis;   // may be null (rules not run yet)
    QString origin;           // "demo", a file path, or the connection profile name
    bool demo = false;
};

} // namespace postscope
