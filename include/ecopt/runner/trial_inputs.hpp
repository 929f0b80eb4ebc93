#pragma once
// What a trial receives (its argv and environment) and what is read back from it (its
// objective values, from reported metrics or derived energy quantities).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// The study's command with every "{name}" replaced by that parameter's value ("{{" and
/// "}}" for literal braces); with `pass_params: args`, "--name=value" appended for each
/// parameter. Each item stays one argument, spaces and quotes included. Throws
/// std::invalid_argument for an unknown placeholder or an empty command.
[[nodiscard]] std::vector<std::string> trial_argv(const study::StudyConfig& config,
                                                  const space::Params& params);

/// ECOPT_PARAMS (the parameters as JSON), ECOPT_TRIAL (the number), ECOPT_STUDY (the name),
/// plus the study's run.env.
[[nodiscard]] std::map<std::string, std::string> trial_env(const study::StudyConfig& config,
                                                           const study::Trial& trial);

/// Every derived quantity of a run: energy.PHASE.total and .per_sample (J), energy.total,
/// time.PHASE.total and .per_sample (s), power.PHASE.mean (W), carbon.PHASE.total and
/// carbon.total (g CO2e), for each phase the trial marked; energy.total is the whole
/// run's.
[[nodiscard]] std::map<std::string, double> derived_metrics(const MeasuredRun& run,
                                                            const energy::CarbonSettings& carbon);

/// An objective's value: a metric the trial reported, else a derived quantity.
[[nodiscard]] std::optional<double> objective_value(const std::string& name, const MeasuredRun& run,
                                                    const std::map<std::string, double>& derived);

}  // namespace ecopt::runner
