#pragma once
// The words and table rows of the report's sections as plain text, built once so that the
// HTML (which escapes every cell) and the Markdown report say the same things.

#include <string>
#include <vector>

#include "ecopt/report/study_report.hpp"

namespace ecopt::report::detail {

using TextRows = std::vector<std::vector<std::string>>;

/// A table as plain text: its header cells and its rows.
struct TextTable {
  std::vector<std::string> headers;
  TextRows rows;
};

/// The items separated by `separator`.
[[nodiscard]] std::string join(const std::vector<std::string>& items,
                               const std::string& separator = ", ");

/// "NAME (maximise)" / "NAME (minimise)" for each objective.
[[nodiscard]] std::vector<std::string> objective_labels(const StudyReport& report);
/// "N STATE" for each trial state the study has.
[[nodiscard]] std::vector<std::string> trial_count_labels(const StudyReport& report);

/// {trial, state, reason} for each trial that is not in the frontier's plot.
[[nodiscard]] TextRows unfinished_rows(const Frontier& frontier);

/// The trade-off table along the front; the knee's trial number is followed by
/// `knee_marker`.
[[nodiscard]] TextTable tradeoff_table(const Frontier& frontier, const std::string& knee_marker);

/// "NAME = VALUE (study file)" or "(inferred)" for each coordinate of the reference point.
[[nodiscard]] std::vector<std::string> reference_labels(
    const HypervolumeProgress& progress, const std::vector<study::Objective>& objectives);

/// "Model of OBJECTIVE fitted to N trials; NOTE."
[[nodiscard]] std::string importance_model_sentence(const ObjectiveImportance& importance);
/// {parameter, S1, ST, ST - S1} for each parameter.
[[nodiscard]] TextRows importance_rows(const ObjectiveImportance& importance);

/// "energy = A x PROXY^B (R^2 = ..., N trials)", or why there is no fit.
[[nodiscard]] std::string fit_sentence(const std::optional<PowerLawFit>& fit,
                                       const std::string& proxy);
/// {proxy, trials, Spearman, Kendall} for each proxy.
[[nodiscard]] TextRows correlation_rows(const ProxyAnalysis& proxies);
/// {trial, against trial, FLOPs ratio, energy ratio} for each inversion.
[[nodiscard]] TextRows inversion_rows(const ProxyAnalysis& proxies);

/// {quantity, value} rows of section 6: the study's energy, time and carbon, energy per
/// phase, then the break-even rows.
[[nodiscard]] TextRows cost_rows(const TuningCost& cost);

/// {meter, scope, kind, phases, domains} for each meter used.
[[nodiscard]] TextRows meter_rows(const Measurement& measurement);
/// How many phases were measured or estimated, their uncertainty and the idle baseline.
[[nodiscard]] std::string measurement_summary(const Measurement& measurement);
/// {name, value, source} for each fact.
[[nodiscard]] TextRows fact_rows(const std::vector<Fact>& facts);

}  // namespace ecopt::report::detail
