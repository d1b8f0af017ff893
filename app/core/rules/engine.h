#pragma once

#include "rule.h"

#include <vector>

namespace postscope {

// One rule's part in a diagnosis: ran or skipped (with why), and how many findings it
// kept after precedence (superseded: how many were folded into another rule's finding).
struct RuleRun {
    QString id;
    RuleStatus status = RuleStatus::Ran;
    QString reason;
    int findings = 0;
    int superseded = 0;
};

// Every rule run over one snapshot, with one finding per cause (see PRECEDENCE.md).
struct Diagnosis {
    std::vector<RuleRun> rules;        // catalog order
    std::vector<Finding> findings;     // critical first, then by time
    std::vector<Finding> superseded;   // symptoms folded into another finding, with the reason in firedSignals

    bool hasCritical() const;
    int count(Severity s) const;
};

QString toString(RuleStatus s);

// Runs allRules() and applies the precedence table.
Diagnosis diagnose(const Snapshot &snapshot, const RuleContext &context);

// The precedence step on its own: drops the findings another finding explains (moved to
// *superseded when given) and sorts the rest. Exposed for tests.
std::vector<Finding> applyPrecedence(std::vector<Finding> findings, const Snapshot &snapshot,
                                     std::vector<Finding> *superseded = nullptr);

// Critical first, then warning, info; within one severity whole-queue findings (no post)
// first, then by the earliest publishDate (else event time) they name, then catalog order.
void sortFindings(std::vector<Finding> &findings, const Snapshot &snapshot);

} // namespace postscope
