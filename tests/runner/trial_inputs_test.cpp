#include "ecopt/runner/trial_inputs.hpp"

#include <gtest/gtest.h>

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

TEST(DerivedMetrics, EnergyTimePowerAndCarbonPerPhase) {
  MeasuredRun run;
  study::PhaseMeasurement inference;
  inference.phase = "inference";
  inference.duration_s = 2.0;
  inference.energy_j = {{"cpu-package-0", 30.0}, {"dram-0", 10.0}};
  inference.samples = 1000;
  run.phases.push_back(inference);
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

}  // namespace
}  // namespace ecopt::runner
