#pragma once
// An energy card for one model (one trial): what it does, how well, what it costs in
// energy and carbon, measured on what and when. In the spirit of model cards (Mitchell et
// al. 2019) and the EU AI Act's documentation duties (energy consumption of training and
// use, Annex IV and Annex XI).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/report/measurement.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

struct CardMetric {
  std::string name;
  double value = 0.0;
  std::string goal;  ///< "maximize" / "minimize" for objectives, empty for other metrics
  std::optional<double> uncertainty = std::nullopt;  ///< standard, where the trial stored one
};

struct EnergyCard {
  std::string study_name;
  std::string task;  ///< the study's description
  std::int64_t trial_number = 0;
  std::vector<std::string> params;  ///< "name = value" (parameter_strings)
  space::Params parameter_values;   ///< exact, for the JSON card
  /// The hardware settings it was measured with (study file `hardware:`), e.g. its GPU
  /// power limit in W; empty without knobs.
  std::map<study::HardwareKnob, double> hardware_settings;
  std::vector<CardMetric> objectives;
  std::vector<CardMetric> metrics;  ///< reported metrics (not the derived energy ones)
  bool pareto_optimal = false;

  // Each energy with its standard uncertainty (+-); carbon's is the energy's converted.
  std::optional<double> energy_per_inference_j;
  std::optional<double> energy_per_inference_uncertainty_j;
  std::optional<double> net_energy_per_inference_j;  ///< with an idle profile
  std::optional<double> net_energy_per_inference_uncertainty_j;
  std::optional<std::int64_t> inference_samples;
  std::optional<double> training_energy_j;
  std::optional<double> training_uncertainty_j;
  std::optional<double> training_duration_s;
  double trial_energy_j = 0.0;  ///< the whole trial (its total phase)
  double trial_uncertainty_j = 0.0;
  double study_energy_j = 0.0;       ///< the whole study that found it
  double study_uncertainty_j = 0.0;  ///< its trials' in quadrature

  std::optional<double> carbon_per_inference_g;
  std::optional<double> carbon_per_inference_uncertainty_g;
  std::optional<double> training_carbon_g;
  std::optional<double> training_carbon_uncertainty_g;
  double study_carbon_g = 0.0;
  energy::CarbonSettings carbon;

  std::vector<MeterUse> meters;  ///< this trial's phases
  bool estimated = false;
  std::string host;
  std::vector<Fact> hardware;
  std::vector<Fact> software;
  std::vector<Fact> context;     ///< meter, grid and when, as recorded at tune/worker start
  double measured_unix_s = 0.0;  ///< when the trial finished
  double generated_unix_s = 0.0;
};

/// Throws std::invalid_argument when the study has no trial `number` or it did not
/// complete.
[[nodiscard]] EnergyCard build_card(const storage::StudyRecord& record,
                                    const std::vector<study::Trial>& trials, std::int64_t number,
                                    const energy::CarbonSettings& carbon,
                                    const std::string& ecopt_version,
                                    double generated_unix_s = 0.0);

[[nodiscard]] std::string card_markdown(const EnergyCard& card);
[[nodiscard]] std::string card_json(const EnergyCard& card);

}  // namespace ecopt::report
