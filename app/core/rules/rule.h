#pragma once

#include "core/snapshot.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace postscope {

enum class Severity { Info, Warning, Critical };
QString toString(Severity s);

// Thresholds are settings; the defaults are the catalog's (docs/rules.md).
struct Thresholds {
    qint64 dueGraceMs = 2 * 60 * 1000;
    qint64 waitingTooLongMs = 60 * 60 * 1000;
    qint64 timeMismatchMs = 5 * 1000;
    qint64 sameInstantMs = 5 * 1000;
    qint64 nearSimultaneousMs = 60 * 1000;
    qint64 clockSkewMs = 2 * 1000;
    qint64 repairCronHorizonMs = 3 * 60 * 60 * 1000; // missing-job is a warning beyond this
    qint64 duplicateContentWindowMs = 24 * 60 * 60 * 1000;
};

class RuleIndex;

struct RuleContext {
    qint64 now = 0; // the snapshot's capture time, never the wall clock
    Thresholds thresholds;
    // Indexes of the snapshot shared by the rules of one diagnosis (ruleindex.h). Not a
    // setting: diagnose() fills it in; a rule called without it builds its own.
    std::shared_ptr<const RuleIndex> index;

    static RuleContext forSnapshot(const Snapshot &s)
    {
        RuleContext c;
        c.now = s.capturedAt();
        return c;
    }
};

// What a finding rests on and what to do about it. Ids are post ids, job ids, integration
// ids, event stream ids; logLines are indexes into Snapshot::logLines().
struct Finding {
    QString rule;
    Severity severity = Severity::Warning;
    QString title;
    QString summary;           // one sentence with the real names, ids and times
    QStringList posts;
    QStringList jobs;
    QStringList integrations;
    QStringList events;        // stream ids
    QList<int> logLines;
    QStringList firedSignals;  // the reasoning, one line each ("signals" in JSON)
    QStringList fix;           // what to do
    QStringList verify;        // read-only SQL and redis-cli lines with the actual ids
};

// A rule's static data: id (stable API), default severity, title, explanation, fix.
struct RuleInfo {
    QString id;
    Severity severity = Severity::Warning;
    QString title;
    QString explanation;
    QString fix;
};

enum class RuleStatus { Ran, Skipped };

struct RuleOutcome {
    RuleStatus status = RuleStatus::Ran;
    QString reason;                 // why it was skipped
    std::vector<Finding> findings;
};

class Rule
{
public:
    virtual ~Rule() = default;
    virtual const RuleInfo &info() const = 0;
    virtual RuleOutcome evaluate(const Snapshot &snapshot, const RuleContext &context) const = 0;
};

using RulePtr = std::unique_ptr<const Rule>;

} // namespace postscope
