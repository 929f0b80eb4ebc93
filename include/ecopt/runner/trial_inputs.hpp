#pragma once
// What a trial receives (its argv and environment) and what is read back from it (its
// objective values, from reported metrics or derived energy quantities).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// The folder `${ECOPT_BIN_DIR}` in a study's command stands for: the environment
/// variable ECOPT_BIN_DIR when set, else the folder of the running executable (`ecopt`,
/// beside the project's trial programs in the build's `bin/` or an installed `bin/`).
/// Throws std::runtime_error, with the fix, when neither can be read.
[[nodiscard]] std::filesystem::path ecopt_bin_dir();

/// The study's command with `${ECOPT_BIN_DIR}` replaced by ecopt_bin_dir() and every
/// "{name}" by that parameter's value ("{{" and "}}" for literal braces); with
/// `pass_params: args`, "--name=value" appended for each parameter. Each item stays one argument,
/// spaces and quotes included. Throws std::invalid_argument for an unknown placeholder or an empty
/// command.
[[nodiscard]] std::vector<std::string> trial_argv(const study::StudyConfig& config,
                                                  const space::Params& params);

/// The parameters as one JSON object, as trials get them.
[[nodiscard]] std::string params_json(const space::Params& params);

/// Writes params_json(params) to DIR/params.json (creating DIR) and returns its path, for
/// ECOPT_PARAMS_FILE. Throws std::runtime_error naming the file when it cannot.
std::filesystem::path write_params_file(const std::filesystem::path& dir,
                                        const space::Params& params);

/// ECOPT_PARAMS (the parameters as JSON), ECOPT_PARAMS_FILE (`params_file`, when given: the
/// same JSON in a file), ECOPT_TRIAL (the number), ECOPT_STUDY (the name), plus the study's
/// run.env. ECOPT_PARAMS is left empty when it would not fit in one environment variable
/// (kMaxArgStringBytes, about 3,600 parameters): such a trial reads ECOPT_PARAMS_FILE.
[[nodiscard]] std::map<std::string, std::string> trial_env(
    const study::StudyConfig& config, const study::Trial& trial,
    const std::filesystem::path& params_file = {});

/// The derived quantities of a run, and the standard uncertainty of those that have one.
struct DerivedQuantities {
  std::map<std::string, double> values;
  /// By the same names: energy, power and carbon carry their measurement's uncertainty
  /// (the phase's uncertainty_j, divided by the samples for per_sample, by the duration
  /// for power, converted like the energy for carbon; net energy the same as gross, since
  /// the idle profile records none of its own). Times have none: the clock's error is
  /// negligible beside the meters'. The grid intensity is taken as exact.
  std::map<std::string, double> uncertainties;
};

/// Every derived quantity of a run, for each phase the trial marked: energy.PHASE.total
/// and .per_sample (J), time.PHASE.total and .per_sample (s), power.PHASE.mean (W),
/// carbon.PHASE.total and .per_sample (g CO2e); for the whole run energy.total,
/// time.total and carbon.total. With an idle profile (the phases carry net energy) also
/// energy.PHASE.net_total and .net_per_sample and energy.net_total: gross minus idle
/// power x duration.
[[nodiscard]] DerivedQuantities derive_quantities(const MeasuredRun& run,
                                                  const energy::CarbonSettings& carbon);
/// derive_quantities(run, carbon).values.
[[nodiscard]] std::map<std::string, double> derived_metrics(const MeasuredRun& run,
                                                            const energy::CarbonSettings& carbon);

/// An objective's value: a metric the trial reported, else a derived quantity.
[[nodiscard]] std::optional<double> objective_value(const std::string& name, const MeasuredRun& run,
                                                    const std::map<std::string, double>& derived);

}  // namespace ecopt::runner
