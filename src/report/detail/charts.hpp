#pragma once
// The report's plots, each a function from analysed data to one SVG element (text).
// Shared by the study report and the comparison.

#include <string>

#include "ecopt/report/compare.hpp"
#include "ecopt/report/frontier.hpp"
#include "ecopt/report/hypervolume_progress.hpp"
#include "ecopt/report/importance.hpp"
#include "ecopt/report/proxies.hpp"
#include "ecopt/report/pruning_cost.hpp"

namespace ecopt::report::detail {

/// A trial's hover text: number, kind, objective values, parameters, metrics.
[[nodiscard]] std::string trial_tooltip(const Frontier& frontier, const FrontierTrial& trial);

/// Two objectives: cost (log when positive) against quality; Pareto points joined as a
/// step line, dominated grey, infeasible hollow, the knee ringed.
[[nodiscard]] std::string frontier_plot(const Frontier& frontier);
/// Three or more objectives: every pair, lower triangle.
[[nodiscard]] std::string scatter_matrix(const Frontier& frontier);
/// Three or more objectives: one vertical axis per objective, one line per trial.
[[nodiscard]] std::string parallel_coordinates(const Frontier& frontier);

[[nodiscard]] std::string hypervolume_plot(const HypervolumeProgress& progress);
[[nodiscard]] std::string importance_bars(const ObjectiveImportance& importance);
[[nodiscard]] std::string partial_dependence_plot(const PartialDependence& pd,
                                                  const std::string& objective, bool log_y);
/// Energy against FLOPs (`flops` true) or parameter count, log-log, with the fitted line.
[[nodiscard]] std::string proxy_plot(const ProxyAnalysis& proxies, bool flops);
/// Each trial's curve of the curve metric by step; pruned ones dashed, ending in a cross;
/// running ones green, ending in an open ring.
[[nodiscard]] std::string learning_curves_plot(const LearningCurves& learning);
/// The tuning energy not yet paid back against inferences served by the chosen model,
/// with pruning (as run) and without it (the estimate of finishing the pruned trials
/// added): each line crosses zero at its break-even. Needs both break-evens.
[[nodiscard]] std::string break_even_plot(const TuningCost& cost, const PruningCost& pruning);
/// Both studies' trials and fronts on one plot.
[[nodiscard]] std::string two_fronts_plot(const Comparison& comparison);

}  // namespace ecopt::report::detail
