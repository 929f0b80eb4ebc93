#include "ecopt/runner/trial_inputs.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ecopt/runner/exec_limits.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::runner {
namespace {

study::StudyConfig config(const std::string& command, const std::string& extra = "") {
  return study::parse_study_config("name: t\ncommand: " + command + R"(
parameters:
  width: {type: int, low: 4, high: 128}
  lr: {type: float, low: 0.0001, high: 0.1, log: true}
  label: {type: categorical, choices: ["two words", x]}
objectives: [{name: accuracy, goal: maximize}]
)" + extra,
                                   "t.yaml");
}

const space::Params kParams{
    {"width", std::int64_t{16}}, {"lr", 0.001}, {"label", std::string("two words")}};

TEST(TrialArgv, SubstitutesPlaceholdersKeepingEachItemOneArgument) {
  const auto argv = trial_argv(
      config(R"([./cnn, --width, "{width}", "--lr={lr}", "{label}", "{{literal}}"])"), kParams);
  EXPECT_EQ(argv, (std::vector<std::string>{"./cnn", "--width", "16", "--lr=0.001", "two words",
                                            "{literal}"}));
}

TEST(TrialArgv, PassParamsArgsAppendsEveryParameter) {
  const auto argv = trial_argv(config("[python3, train.py]", "pass_params: args\n"), kParams);
  EXPECT_EQ(argv, (std::vector<std::string>{"python3", "train.py", "--label=two words",
                                            "--lr=0.001", "--width=16"}));
}

TEST(TrialArgv, UnknownPlaceholderAndMissingCommandAreClearErrors) {
  try {
    (void)trial_argv(config(R"([./cnn, "{depth}"])"), kParams);
    ADD_FAILURE() << "unknown placeholder accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("names '{depth}', which is not a parameter"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)trial_argv(config(R"([./cnn, "{width"])"), kParams), std::invalid_argument);
  study::StudyConfig no_command = config("[x]");
  no_command.command.clear();
  EXPECT_THROW((void)trial_argv(no_command, kParams), std::invalid_argument);
}

// Study files name the project's trial programs as ${ECOPT_BIN_DIR}/ecopt-cnn, so they run
// from any build folder or an installed prefix without a path edit.
TEST(TrialArgv, BinDirIsTheVariableOrTheRunningExecutablesFolder) {
  const auto with_bin_dir = [] {
    return trial_argv(config(R"(["${ECOPT_BIN_DIR}/ecopt-cnn", "--w={width}"])"), kParams);
  };
  ::unsetenv("ECOPT_BIN_DIR");
  const auto self = std::filesystem::read_symlink("/proc/self/exe").parent_path();
  EXPECT_EQ(with_bin_dir(), (std::vector<std::string>{(self / "ecopt-cnn").string(), "--w=16"}));
  ::setenv("ECOPT_BIN_DIR", "/opt/ecopt/bin", 1);
  EXPECT_EQ(with_bin_dir(), (std::vector<std::string>{"/opt/ecopt/bin/ecopt-cnn", "--w=16"}));
  ::unsetenv("ECOPT_BIN_DIR");
}

TEST(TrialEnv, CarriesParamsTrialAndStudy) {
  study::Trial trial;
  trial.number = 7;
  trial.params = kParams;
  const auto env = trial_env(config("[x]", "run: {env: {OMP_NUM_THREADS: \"2\"}}\n"), trial);
  EXPECT_EQ(env.at("ECOPT_TRIAL"), "7");
  EXPECT_EQ(env.at("ECOPT_STUDY"), "t");
  EXPECT_EQ(env.at("OMP_NUM_THREADS"), "2");
  EXPECT_EQ(env.at("ECOPT_PARAMS"), R"({"label":"two words","lr":0.001,"width":16})");
}

TEST(TrialEnv, ParametersTooLongForOneVariableGoOnlyThroughTheFile) {
  // 5,000 parameters: their JSON is far over the 128 KiB one variable may hold.
  study::Trial trial;
  for (int i = 0; i < 5000; ++i) trial.params["parameter_" + std::to_string(i)] = 0.123456789;
  const std::string json = params_json(trial.params);
  ASSERT_GT(json.size(), kMaxArgStringBytes);
  const auto env = trial_env(config("[x]"), trial, "/runs/t/k/0/params.json");
  EXPECT_EQ(env.at("ECOPT_PARAMS"), "");
  EXPECT_EQ(env.at("ECOPT_PARAMS_FILE"), "/runs/t/k/0/params.json");
  std::vector<std::string> strings;
  for (const auto& [name, value] : env) strings.push_back(name + "=" + value);
  EXPECT_EQ(exec_size_problem({"x"}, strings), "");

  // A small set travels both ways.
  trial.params = kParams;
  const auto small = trial_env(config("[x]"), trial, "/p.json");
  EXPECT_EQ(small.at("ECOPT_PARAMS"), params_json(kParams));
  EXPECT_EQ(small.at("ECOPT_PARAMS_FILE"), "/p.json");
}

TEST(TrialEnv, TheParamsFileHoldsTheSameJson) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ecopt-params-" + std::to_string(::getpid()));
  const auto path = write_params_file(dir / "0", kParams);
  EXPECT_EQ(path, dir / "0" / "params.json");
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, params_json(kParams) + "\n");
  std::filesystem::remove_all(dir);
}

TEST(ExecLimits, AnItemOverMaxArgStrlenIsNamedWithItsSizeTheLimitAndTheFix) {
  const std::string long_value(200000, 'x');
  const std::string argv_problem = exec_size_problem({"./train", "--label=" + long_value}, {});
  EXPECT_NE(argv_problem.find("argument 1 of the command is 200009 bytes"), std::string::npos)
      << argv_problem;
  EXPECT_NE(argv_problem.find("131072 bytes"), std::string::npos) << argv_problem;
  EXPECT_NE(argv_problem.find("MAX_ARG_STRLEN"), std::string::npos) << argv_problem;
  EXPECT_NE(argv_problem.find("ECOPT_PARAMS_FILE"), std::string::npos) << argv_problem;
  const std::string env_problem = exec_size_problem({"./train"}, {"BIG=" + long_value});
  EXPECT_NE(env_problem.find("environment variable BIG is 200005 bytes"), std::string::npos)
      << env_problem;
}

TEST(ExecLimits, TheTotalIsCheckedAgainstArgMax) {
  // 100 items of 10 KiB fit one by one, not together under a 512 KiB ARG_MAX.
  const std::vector<std::string> argv(100, std::string(10240, 'a'));
  EXPECT_EQ(exec_size_problem(argv, {}, 2u << 20), "");
  const std::string problem = exec_size_problem(argv, {"A=b"}, 512u << 10);
  EXPECT_NE(problem.find("over this system's limit of 524288 bytes (ARG_MAX"), std::string::npos)
      << problem;
  EXPECT_NE(problem.find("ECOPT_PARAMS_FILE"), std::string::npos) << problem;
}

/// A measured phase as a run leaves it.
study::PhaseMeasurement phase(const std::string& name, double duration_s,
                              std::map<std::string, double> energy_j, std::int64_t samples,
                              double uncertainty_j = 0.0) {
  study::PhaseMeasurement p;
  p.phase = name;
  p.duration_s = duration_s;
  p.energy_j = std::move(energy_j);
  p.samples = samples;
  p.uncertainty_j = uncertainty_j;
  return p;
}

TEST(DerivedMetrics, EnergyTimePowerAndCarbonPerPhase) {
  MeasuredRun run;
  run.phases.push_back(phase("inference", 2.0, {{"cpu-package-0", 30.0}, {"dram-0", 10.0}}, 1000));
  run.total.energy_j = {{"cpu-package-0", 90.0}};
  run.total.duration_s = 5.0;
  run.metrics = {{"accuracy", 0.9}};
  const energy::CarbonSettings carbon{360.0, 1.0, "test"};
  const auto derived = derived_metrics(run, carbon);
  EXPECT_DOUBLE_EQ(derived.at("energy.inference.total"), 40.0);
  EXPECT_DOUBLE_EQ(derived.at("energy.inference.per_sample"), 0.04);
  EXPECT_DOUBLE_EQ(derived.at("time.inference.per_sample"), 0.002);
  EXPECT_DOUBLE_EQ(derived.at("power.inference.mean"), 20.0);
  EXPECT_DOUBLE_EQ(derived.at("energy.total"), 90.0);
  EXPECT_DOUBLE_EQ(derived.at("carbon.total"), 90.0 / 3.6e6 * 360.0);
  EXPECT_EQ(*objective_value("accuracy", run, derived), 0.9);
  EXPECT_DOUBLE_EQ(*objective_value("energy.inference.per_sample", run, derived), 0.04);
  EXPECT_FALSE(objective_value("energy.train.total", run, derived).has_value());
}

TEST(DerivedQuantities, NetEnergyWithAnIdleProfileAndUncertaintyForEach) {
  MeasuredRun run;
  study::PhaseMeasurement inference =
      phase("inference", 4.0, {{"cpu-package-0", 30.0}, {"gpu-0", 50.0}}, 400, 2.0);
  inference.net_energy_j = {{"cpu-package-0", 10.0}, {"gpu-0", 30.0}};  // 5 W + 5 W idle
  // The training phase was measured without a profile: no net quantities.
  run.phases = {inference, phase("train", 10.0, {{"cpu-package-0", 100.0}}, 0, 5.0)};
  run.total.energy_j = {{"cpu-package-0", 200.0}};
  run.total.net_energy_j = {{"cpu-package-0", 120.0}};
  run.total.uncertainty_j = 6.0;
  run.total.duration_s = 16.0;
  const energy::CarbonSettings carbon{360.0, 1.5, "test"};
  const DerivedQuantities d = derive_quantities(run, carbon);
  const auto& v = d.values;
  const auto& u = d.uncertainties;
  // Net energy: gross 80 J minus idle, over 400 samples.
  EXPECT_DOUBLE_EQ(v.at("energy.inference.net_total"), 40.0);
  EXPECT_DOUBLE_EQ(v.at("energy.inference.net_per_sample"), 0.1);
  EXPECT_DOUBLE_EQ(v.at("energy.net_total"), 120.0);
  EXPECT_EQ(v.count("energy.train.net_total"), 0u);
  EXPECT_EQ(v.count("energy.train.net_per_sample"), 0u);
  // Uncertainties: the phase's, scaled as the quantity is.
  EXPECT_DOUBLE_EQ(u.at("energy.inference.total"), 2.0);
  EXPECT_DOUBLE_EQ(u.at("energy.inference.per_sample"), 2.0 / 400);
  EXPECT_DOUBLE_EQ(u.at("energy.inference.net_total"), 2.0);
  EXPECT_DOUBLE_EQ(u.at("energy.inference.net_per_sample"), 2.0 / 400);
  EXPECT_DOUBLE_EQ(u.at("power.inference.mean"), 0.5);  // 2 J over 4 s
  EXPECT_DOUBLE_EQ(u.at("carbon.inference.total"), 2.0 / 3.6e6 * 360.0 * 1.5);
  EXPECT_DOUBLE_EQ(u.at("carbon.inference.per_sample"), 2.0 / 3.6e6 * 360.0 * 1.5 / 400);
  EXPECT_DOUBLE_EQ(u.at("energy.train.total"), 5.0);
  EXPECT_EQ(u.count("energy.train.per_sample"), 0u);  // no samples, no per-sample quantity
  EXPECT_DOUBLE_EQ(u.at("energy.total"), 6.0);
  EXPECT_DOUBLE_EQ(u.at("energy.net_total"), 6.0);
  EXPECT_DOUBLE_EQ(u.at("carbon.total"), 6.0 / 3.6e6 * 360.0 * 1.5);
  EXPECT_EQ(u.count("time.inference.total"), 0u);
  // Every uncertainty belongs to a value, and a net objective is read like any other.
  for (const auto& [name, uncertainty] : u) EXPECT_EQ(v.count(name), 1u) << name;
  EXPECT_DOUBLE_EQ(*objective_value("energy.inference.net_per_sample", run, v), 0.1);
  EXPECT_EQ(derived_metrics(run, carbon), v);
}

}  // namespace
}  // namespace ecopt::runner
