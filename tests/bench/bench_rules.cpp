// Rules benchmark: every rule over 100,000 posts, 20,000 jobs and 10,000 events, against
// a plain pass that only reads every post once, in the same run. The workspace is built
// in memory with the shapes a capture produces (no servers needed).
//   bench_rules [--runs 5]

#include "benchworkspace.h"
#include "core/rules/engine.h"
#include "core/rules/registry.h"
#include "core/rules/ruleindex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace postscope;
using postscope::bench::median;

namespace {

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());

    const Snapshot snapshot(bench::workspace(100000, 500, 20000, 10000));
    const RuleContext context = RuleContext::forSnapshot(snapshot);

    std::vector<double> plain, rules;
    qint64 sink = 0;
    size_t findings = 0;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        for (const Post &p : snapshot.posts())
            sink += p.publishDate + p.id.size() + int(p.state);
        plain.push_back(t.nsecsElapsed() / 1e6);
        t.restart();
        const Diagnosis d = diagnose(snapshot, context);
        rules.push_back(t.nsecsElapsed() / 1e6);
        findings = d.findings.size();
    }
    std::printf("rules benchmark (%d runs, medians): %zu posts, %zu jobs, %zu events, %zu findings\n", runs,
                snapshot.posts().size(), snapshot.jobs().size(), snapshot.events().size(), findings);
    std::printf("  plain pass reading every post once: %.2f ms\n", median(plain));
    std::printf("  all %zu rules: %.1f ms = %.0fx the plain pass (goal < 100 ms)\n", allRules().size(), median(rules),
                median(rules) / std::max(0.001, median(plain)));
    // The shared index diagnose() builds once (included in the figure above), every part.
    std::vector<double> indexRuns;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        const RuleIndex index(snapshot);
        sink += index.laneCount() + qint64(index.joblessQueued().size() + index.queuedJobs().size()
                                           + index.firstEventOfJobs().size());
        indexRuns.push_back(t.nsecsElapsed() / 1e6);
    }
    std::printf("  of which the shared index (ruleindex.h), all parts: %.1f ms\n", median(indexRuns));
    // Where the time goes: each rule on its own (as a test calls it, building the parts of
    // the index it needs itself, so these add up to more than the total), median of the
    // runs, slowest first.
    std::vector<std::vector<double>> perRuleRuns(allRules().size());
    for (int r = 0; r < runs; ++r) {
        for (size_t i = 0; i < allRules().size(); ++i) {
            QElapsedTimer t;
            t.start();
            const RuleOutcome o = allRules()[i]->evaluate(snapshot, context);
            perRuleRuns[i].push_back(t.nsecsElapsed() / 1e6);
            sink += qint64(o.findings.size());
        }
    }
    std::vector<std::pair<double, QString>> perRule;
    for (size_t i = 0; i < allRules().size(); ++i)
        perRule.emplace_back(median(perRuleRuns[i]), allRules()[i]->info().id);
    std::sort(perRule.rbegin(), perRule.rend());
    std::printf("  each rule on its own (medians, slowest first):\n");
    for (const auto &[ms, id] : perRule)
        std::printf("    %-28s %7.2f ms\n", qPrintable(id), ms);
    std::printf("%s", sink == 42 ? " \n" : ""); // keeps the plain pass from being optimised away
    return 0;
}
