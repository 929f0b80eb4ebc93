#pragma once
// Numbers a report reads from a trial besides its objective values: proxies the trial
// reported (parameter count, FLOPs, latency), energy per inference, and the energy the
// trial itself consumed. Each lookup says where it looks, in order (docs/report.md).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

/// A number the trial reported under one of `names`: a user attribute whose JSON value is
/// a finite number (client::attrs({{"flops", 2.1e7}})), else a metric of that name. The
/// first name found wins.
[[nodiscard]] std::optional<double> reported_number(const study::Trial& trial,
                                                    std::span<const std::string_view> names);

/// The names looked up for each proxy, in order.
[[nodiscard]] std::span<const std::string_view> parameter_count_names();  ///< params, ...
[[nodiscard]] std::span<const std::string_view> flops_names();            ///< flops, ...
[[nodiscard]] std::span<const std::string_view> latency_names();          ///< latency, ...

/// Energy per inference in joules: the metric energy.inference.per_sample, else a
/// minimised objective named energy.PHASE.per_sample, else the phase "inference" (its
/// total energy / samples).
[[nodiscard]] std::optional<double> energy_per_inference_j(const study::Trial& trial,
                                                           const study::StudyConfig& config);
/// Its absolute standard uncertainty: the one stored with the metric
/// energy.inference.per_sample, else the inference phase's uncertainty / samples.
[[nodiscard]] std::optional<double> energy_per_inference_uncertainty_j(const study::Trial& trial);

/// Energy per inference net of idle power, J, where an idle profile was in use: the metric
/// energy.inference.net_per_sample, else a minimised objective named
/// energy.PHASE.net_per_sample, else the inference phase's net energy / samples.
[[nodiscard]] std::optional<double> net_energy_per_inference_j(const study::Trial& trial,
                                                               const study::StudyConfig& config);
/// Its standard uncertainty: the one stored with energy.inference.net_per_sample, else the
/// inference phase's uncertainty / samples (subtracting idle power adds none of its own).
[[nodiscard]] std::optional<double> net_energy_per_inference_uncertainty_j(
    const study::Trial& trial);

/// The standard uncertainty stored with a metric (derived energy, power and carbon
/// quantities carry their measurement's); nullopt for one without (a reported metric).
[[nodiscard]] std::optional<double> metric_uncertainty(const study::Trial& trial,
                                                       const std::string& name);

/// Energy of the trial's training: the phase named "train", "training" or "fit".
[[nodiscard]] const study::PhaseMeasurement* training_phase(const study::Trial& trial);
/// The phase named `name`, if the trial recorded one.
[[nodiscard]] const study::PhaseMeasurement* find_phase(const study::Trial& trial,
                                                        std::string_view name);

/// Everything the trial's process consumed: its "total" phase (ecopt tune records the
/// whole run under that name), else the sum of its phases. 0 without phases.
[[nodiscard]] double trial_energy_j(const study::Trial& trial);
/// The standard uncertainty of trial_energy_j (phases combined in quadrature).
[[nodiscard]] double trial_energy_uncertainty_j(const study::Trial& trial);
/// trial_energy_j net of idle power, where the phases it sums all carry net energy.
[[nodiscard]] std::optional<double> trial_net_energy_j(const study::Trial& trial);

/// The parameters as "name = value" in name order, for labels and tooltips: reals with 4
/// significant digits, other values as space::to_string writes them.
[[nodiscard]] std::vector<std::string> parameter_strings(const space::Params& params);
[[nodiscard]] std::vector<std::string> parameter_strings(const study::Trial& trial);

}  // namespace ecopt::report
