#pragma once
// A realistic study for the report's tests, built through the public API as `ecopt tune`
// would leave it: Study::create/enqueue/ask/tell, phases through Storage::record_phase,
// metrics with the standard uncertainties of the derived ones (Storage::record_metrics),
// and the params/flops attributes trials send (client::attrs).
//
// The synthetic models: a CNN of `width` channels and `kernel` x `kernel` convolutions.
// FLOPs and parameter counts follow from the shape; energy per inference grows like
// FLOPs^0.9, except that 3x3 kernels run 40 % more efficiently (Winograd), which makes the
// FLOPs order and the energy order disagree for some pairs. Accuracy saturates with width
// and epochs and peaks at lr = 10^-2.5.

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::report::testing {

struct FixtureOptions {
  std::string name = "fashion-cnn";
  int trials = 24;                ///< sampled trials, failures included
  bool three_objectives = false;  ///< adds latency (time.inference.per_sample) as an objective
  double machine_factor = 1.0;    ///< energy multiplier: another machine
  double noise = 0.02;            ///< relative noise on energy
  bool baseline = true;           ///< enqueue a large baseline model before sampling
  bool hardware_attrs = true;     ///< record cpu_model etc. as study attributes
  bool idle_profile = true;       ///< phases carry net energy (12 W of idle power)
  bool uncertainties = true;      ///< store the derived metrics' uncertainties
  std::uint64_t noise_seed = 3;
};

inline std::string fixture_yaml(const FixtureOptions& o) {
  std::string yaml = "name: " + o.name + R"(
description: Fashion-MNIST CNN classifier
parameters:
  width: {type: int, low: 8, high: 128, log: true}
  kernel: {type: categorical, choices: [3, 5, 7]}
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  epochs: {type: int, low: 1, high: 5}
  batch: {type: fixed, value: 64}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
)";
  if (o.three_objectives) yaml += "  - {name: time.inference.per_sample, goal: minimize}\n";
  yaml += "constraints: [\"accuracy >= 0.5\"]\nsampler: {name: sobol, seed: 11}\n";
  return yaml;
}

struct SyntheticModel {
  double parameter_count;
  double flops;
  double energy_per_sample_j;
  double latency_s;
  double accuracy;
  double train_energy_j;
  double train_duration_s;
};

inline SyntheticModel synthetic_model(const space::Params& p, double machine_factor, double noise) {
  const double width = static_cast<double>(std::get<std::int64_t>(p.at("width")));
  const double kernel = static_cast<double>(std::get<std::int64_t>(p.at("kernel")));
  const double lr = std::get<double>(p.at("lr"));
  const double epochs = static_cast<double>(std::get<std::int64_t>(p.at("epochs")));
  SyntheticModel m;
  m.parameter_count = kernel * kernel * width * 32.0 + width * 7 * 7 * 10 + 320;
  m.flops = 2.0 * kernel * kernel * width * 32.0 * 14 * 14 + 2.0 * width * 490;
  const double efficiency = kernel == 3.0 ? 0.6 : 1.0;
  m.energy_per_sample_j = 4e-9 * std::pow(m.flops, 0.9) * efficiency * machine_factor * (1 + noise);
  m.latency_s = 2e-12 * m.flops * efficiency + 1e-5;
  const double lr_penalty = 0.02 * std::pow(std::log10(lr) + 2.5, 2);
  m.accuracy = std::clamp(
      0.93 - 0.12 * std::exp(-width / 20.0) - lr_penalty - 0.03 / epochs + 0.004 * (kernel - 3.0),
      0.05, 0.99);
  m.train_energy_j = m.energy_per_sample_j * 3.0 * 60000 * epochs;
  m.train_duration_s = 0.5 + m.latency_s * 3.0 * 60000 * epochs;
  return m;
}

/// Records the phases a measured run leaves: train, inference (10000 samples), total;
/// returns them in that order.
inline std::vector<study::PhaseMeasurement> record_phases(storage::Storage& storage,
                                                          const study::Trial& trial,
                                                          const SyntheticModel& m,
                                                          bool idle_profile = true) {
  const double t0 = 1.7e9 + 100.0 * static_cast<double>(trial.number);
  const auto phase = [&](const std::string& name, double start, double duration, double energy,
                         std::int64_t samples) {
    study::PhaseMeasurement p;
    p.phase = name;
    p.start_unix_s = start;
    p.end_unix_s = start + duration;
    p.start_monotonic_s = start - 1.6e9;
    p.end_monotonic_s = p.start_monotonic_s + duration;
    p.duration_s = duration;
    p.energy_j = {
        {"cpu-package-0", 0.55 * energy}, {"dram-0", 0.05 * energy}, {"gpu-0", 0.4 * energy}};
    // An idle profile was in use: 12 W of idle power subtracted over the phase.
    if (idle_profile) {
      p.net_energy_j = {{"cpu-package-0", std::max(0.0, 0.55 * energy - 10 * duration)},
                        {"dram-0", std::max(0.0, 0.05 * energy - 2 * duration)},
                        {"gpu-0", 0.4 * energy}};
    }
    p.scope = "system";
    p.meter = "powercap+nvml";
    p.estimated = false;
    p.uncertainty_j = 0.01 * energy + 0.5;
    p.samples = samples;
    storage.record_phase(trial.id, p);
    return p;
  };
  const double inference_energy = m.energy_per_sample_j * 10000;
  const double inference_duration = m.latency_s * 10000;
  return {phase("train", t0, m.train_duration_s, m.train_energy_j, 60000),
          phase("inference", t0 + m.train_duration_s, inference_duration, inference_energy, 10000),
          phase("total", t0, m.train_duration_s + inference_duration + 1.0,
                m.train_energy_j + inference_energy + 20.0, 0)};
}

/// Creates the study in `storage` and runs it. Every ninth sampled trial fails.
inline void make_fixture_study(storage::Storage& storage, const FixtureOptions& o = {}) {
  study::Study study =
      study::Study::create(storage, study::parse_study_config(fixture_yaml(o), "fixture.yaml"));
  if (o.hardware_attrs) {
    study.set_user_attr("cpu_model", "\"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\"");
    study.set_user_attr("cpu_cores", "40");
    study.set_user_attr("memory_gb", "192");
    study.set_user_attr("gpus", "[\"NVIDIA A100-SXM4-40GB\"]");
    study.set_user_attr("torch_version", "\"2.3.0\"");
  }
  if (o.baseline) {
    (void)study.enqueue({{"width", std::int64_t{128}},
                         {"kernel", std::int64_t{7}},
                         {"lr", 0.003},
                         {"epochs", std::int64_t{5}}});
  }
  std::mt19937_64 rng(o.noise_seed);
  std::normal_distribution<double> normal(0.0, o.noise);
  const int total = o.trials + (o.baseline ? 1 : 0);
  for (int i = 0; i < total; ++i) {
    const study::Trial trial = study.ask();
    const SyntheticModel m = synthetic_model(trial.params, o.machine_factor, normal(rng));
    if (trial.origin == study::TrialOrigin::sampler && trial.number % 9 == 8) {
      // A crash after training started: phases measured, no objective values.
      (void)record_phases(storage, trial, m, o.idle_profile);
      (void)study.tell(trial, study::FailureKind::crashed, "exit status 1",
                       "Traceback (most recent call last):\nRuntimeError: CUDA out of memory\n");
      continue;
    }
    const std::vector<study::PhaseMeasurement> phases =
        record_phases(storage, trial, m, o.idle_profile);
    const study::PhaseMeasurement& inference = phases[1];
    // The derived metrics as ecopt tune stores them, each with its uncertainty.
    std::map<std::string, double> metrics{{"energy.inference.per_sample", m.energy_per_sample_j},
                                          {"energy.train.total", m.train_energy_j},
                                          {"time.inference.per_sample", m.latency_s},
                                          {"loss", 1.0 - m.accuracy}};
    std::map<std::string, double> uncertainties{
        {"energy.inference.per_sample", inference.uncertainty_j / 10000},
        {"energy.train.total", phases[0].uncertainty_j}};
    if (o.idle_profile) {
      metrics["energy.inference.net_per_sample"] = inference.total_net_energy_j() / 10000;
      uncertainties["energy.inference.net_per_sample"] = inference.uncertainty_j / 10000;
    }
    storage.record_metrics(trial.id, metrics,
                           o.uncertainties ? uncertainties : std::map<std::string, double>{});
    storage.set_trial_user_attr(trial.id, "params",
                                std::to_string(static_cast<long long>(m.parameter_count)));
    char flops[64];
    std::snprintf(flops, sizeof flops, "%.17g", m.flops);
    storage.set_trial_user_attr(trial.id, "flops", flops);
    std::vector<double> values{m.accuracy, m.energy_per_sample_j};
    if (o.three_objectives) values.push_back(m.latency_s);
    (void)study.tell(trial, values, metrics);  // a fresh trial of this process: always RUNNING
  }
}

}  // namespace ecopt::report::testing
