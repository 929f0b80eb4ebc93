#include "ecopt/study/study_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ecopt/study/units.hpp"

namespace ecopt::study {
namespace {

const char* kExample = R"(name: fashion-cnn
command: [./build/examples/cnn, --width, "{width}", --lr, "{lr}"]
parameters:
  width:  {type: int, low: 4, high: 128, log: true}
  depth:  {type: int, low: 1, high: 6}
  kernel: {type: categorical, choices: [1, 3, 5, 7]}
  lr:     {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
  epochs: {type: fixed, value: 2}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
constraints: ["accuracy >= 0.80"]
reference_point: {accuracy: 0.5, energy.inference.per_sample: 0.01}
sampler: {name: sobol, seed: 1}
budget: {trials: 40, energy: 200kJ, time: 2h}
storage: sqlite:///fashion-cnn.db
run: {timeout: 30min, retries: 1, env: {OMP_NUM_THREADS: "2"}, scope: process}
)";

TEST(StudyFile, ParsesTheDocumentedExample) {
  const StudyConfig config = parse_study_config(kExample, "fashion-cnn.yaml");
  EXPECT_EQ(config.name, "fashion-cnn");
  EXPECT_EQ(config.command.size(), 5u);
  EXPECT_EQ(config.space.parameters().size(), 5u);
  EXPECT_EQ(config.space.searched_count(), 4u);
  const auto* width = std::get_if<space::IntDomain>(&config.space.find("width")->domain);
  ASSERT_NE(width, nullptr);
  EXPECT_TRUE(width->log);
  EXPECT_EQ(width->high, 128);
  const auto* kernel = std::get_if<space::CategoricalDomain>(&config.space.find("kernel")->domain);
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(kernel->choices[1], space::Value{std::int64_t{3}});
  ASSERT_EQ(config.objectives.size(), 2u);
  EXPECT_EQ(config.objectives[0].goal, Goal::maximize);
  ASSERT_EQ(config.constraints.size(), 1u);
  EXPECT_TRUE(config.constraints[0].satisfied(0.81));
  EXPECT_FALSE(config.constraints[0].satisfied(0.79));
  EXPECT_DOUBLE_EQ(config.reference_point.at("accuracy"), 0.5);
  EXPECT_EQ(config.sampler.seed, 1u);
  EXPECT_EQ(*config.budget.trials, 40);
  EXPECT_DOUBLE_EQ(*config.budget.energy_j, 200e3);
  EXPECT_DOUBLE_EQ(*config.budget.time_s, 7200);
  EXPECT_EQ(config.storage, "sqlite:///fashion-cnn.db");
  EXPECT_DOUBLE_EQ(*config.run.timeout_s, 1800);
  EXPECT_EQ(config.run.retries, 1);
  EXPECT_EQ(config.run.env.at("OMP_NUM_THREADS"), "2");
  EXPECT_EQ(config.run.scope, AttributionScope::process);
  EXPECT_EQ(config.run.runs_dir, "runs");
}

TEST(StudyFile, ModelSamplerSettingsAndTransformsRoundTrip) {
  const StudyConfig config = parse_study_config(
      "name: s\nparameters: {x: {type: float, low: 0, high: 1}}\n"
      "objectives: [{name: loss, goal: minimize, transform: log}, {name: acc, goal: maximize}]\n"
      "sampler: {name: mobo, seed: 3, initial_trials: 7, acquisition: parego,\n"
      "          population_size: 20, switch_to_nsga2_after: 150}\n",
      "s.yaml");
  EXPECT_EQ(config.sampler.name, SamplerKind::mobo);
  EXPECT_EQ(config.sampler.initial_trials, 7);
  EXPECT_EQ(config.sampler.acquisition, Acquisition::parego);
  EXPECT_EQ(config.sampler.population_size, 20);
  EXPECT_EQ(config.sampler.switch_to_nsga2_after, 150);
  EXPECT_EQ(config.objectives[0].transform, OutputTransform::log);
  EXPECT_EQ(config.objectives[1].transform, OutputTransform::automatic);
  const StudyConfig again = from_json_text(to_json_text(config), "<db>");
  EXPECT_EQ(to_json_text(again), to_json_text(config));
  EXPECT_EQ(again.sampler.initial_trials, 7);
  EXPECT_EQ(again.objectives[0].transform, OutputTransform::log);
  // The default sampler is auto.
  EXPECT_EQ(parse_study_config("name: s\nparameters: {x: {type: float, low: 0, high: 1}}\n"
                               "objectives: [{name: loss, goal: minimize}]\n",
                               "s.yaml")
                .sampler.name,
            SamplerKind::automatic);
}

TEST(StudyFile, JsonRoundTripKeepsEverything) {
  const StudyConfig config = parse_study_config(kExample, "fashion-cnn.yaml");
  const std::string json = to_json_text(config);
  const StudyConfig again = from_json_text(json, "<database>");
  EXPECT_EQ(to_json_text(again), json);
  // Quoted numbers stay strings through the round trip.
  const StudyConfig strings = parse_study_config(
      "name: s\nparameters: {c: {type: categorical, choices: ['1', 2, 2.5, true, adam]}}\n"
      "objectives: [{name: loss, goal: minimize}]\n",
      "s.yaml");
  const StudyConfig strings_again = from_json_text(to_json_text(strings), "<db>");
  const auto& choices =
      std::get<space::CategoricalDomain>(strings_again.space.find("c")->domain).choices;
  EXPECT_EQ(choices[0], space::Value{std::string("1")});
  EXPECT_EQ(choices[1], space::Value{std::int64_t{2}});
  EXPECT_EQ(choices[2], space::Value{2.5});
  EXPECT_EQ(choices[3], space::Value{true});
  EXPECT_EQ(choices[4], space::Value{std::string("adam")});
}

TEST(StudyFile, PrunerSettingsAreCheckedAndRoundTrip) {
  const std::string head =
      "name: s\nparameters: {x: {type: float, low: 0, high: 1}}\n"
      "objectives: [{name: acc, goal: maximize}]\n";
  const StudyConfig config = parse_study_config(
      head +
          "pruner: {name: mo-asha, eta: 4, min_steps: 2, warmup_steps: 1, startup_trials: 3, "
          "grace: 1min}\n",
      "s.yaml");
  EXPECT_EQ(config.pruner.name, PrunerKind::mo_asha);
  EXPECT_EQ(config.pruner.eta, 4);
  EXPECT_EQ(config.pruner.min_steps, 2);
  EXPECT_EQ(config.pruner.warmup_steps, 1);
  EXPECT_EQ(config.pruner.startup_trials, 3);
  EXPECT_DOUBLE_EQ(config.pruner.grace_s, 60.0);
  EXPECT_EQ(to_json_text(from_json_text(to_json_text(config), "<db>")), to_json_text(config));
  EXPECT_EQ(parse_study_config(head, "s.yaml").pruner.name, PrunerKind::none);
  const std::pair<const char*, const char*> mistakes[] = {
      {"pruner: {name: hyperband}", "pruner.name"},
      {"pruner: {name: asha, eta: 1}", "pruner.eta"},
      {"pruner: {name: asha, min_steps: 0}", "pruner.min_steps"},
      {"pruner: {name: asha, etta: 3}", "unknown key"},
      {"pruner: asha", "expected a mapping"},
  };
  for (const auto& [text, expected] : mistakes) {
    try {
      (void)parse_study_config(head + text + "\n", "s.yaml");
      ADD_FAILURE() << "no error for " << text;
    } catch (const StudyFileError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  }
}

/// Replaces `from` with `to` in the example and expects an error containing `expected`.
void expect_error(const std::string& from, const std::string& to, const std::string& expected) {
  std::string text = kExample;
  const std::size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  try {
    (void)parse_study_config(text, "bad.yaml");
    ADD_FAILURE() << "no error for " << to;
  } catch (const StudyFileError& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << "got: " << e.what();
  }
}

TEST(StudyFile, NamesAreSafeAsOnePathComponent) {
  // The name is a directory under runs/; "." and ".." would put trial output elsewhere.
  for (const char* name : {"\".\"", "\"..\"", "a/b", "\"a\\0b\""}) {
    expect_error("name: fashion-cnn", std::string("name: ") + name, "bad.yaml:1: name: ");
  }
  expect_error("name: fashion-cnn", "name: \"..\"", "not '.' or '..'");
}

TEST(StudyFile, BytesThatAreNotUtf8AreReportedWithTheirLine) {
  // Once a raw json.exception.type_error.316 from storing the config.
  expect_error("name: fashion-cnn", "name: fashion-cnn\n# caf\xe9",
               "bad.yaml:2: byte 0xE9 is not UTF-8");
  expect_error("accuracy >= 0.80", "accuracy >= 0.80 \xed\xa0\x80", "bad.yaml:12: byte 0xED");
  EXPECT_NO_THROW((void)parse_study_config(
      std::string(kExample) + "# caf\xc3\xa9 \xf0\x9f\x98\x80\n", "ok.yaml"));
}

TEST(StudyFile, ControlCharactersAreReportedWithTheirLine) {
  // Found by tests/fuzz/study_file_fuzz.cpp: yaml-cpp read a raw NUL in a value as a
  // byte that is not UTF-8, and storing the config failed with json type_error.316.
  expect_error("name: fashion-cnn", std::string("name: fashion-cnn\ndescription: a\0b", 34),
               "bad.yaml:2: byte 0x00 is a control character");
  expect_error("name: fashion-cnn",
               "name: fashion\x01"
               "cnn",
               "bad.yaml:1: byte 0x01 is a control");
  expect_error("name: fashion-cnn", "name: fashion-cnn # \x7f", "bad.yaml:1: byte 0x7F");
  EXPECT_NO_THROW((void)parse_study_config(
      std::string(kExample) + "description: \"tab\\tand\\x01 escaped\"\t\r\n", "ok.yaml"));
}

TEST(StudyFile, AKeyThatIsAListOrMappingIsAStudyFileError) {
  // Found by tests/fuzz/study_file_fuzz.cpp: yaml-cpp's BadConversion escaped the parser.
  expect_error("budget:", "[1, 2]: 3\nbudget:", "bad.yaml:15: (top level): a key must be a name");
  expect_error("  epochs:", "  {a: 1}:", "bad.yaml:8: parameters: a key must be a name");
  expect_error("OMP_NUM_THREADS", "[x]", "run.env: a key must be a name");
  expect_error("{accuracy: 0.5,", "{[accuracy]: 0.5,", "reference_point: a key must be a name");
}

TEST(StudyFile, FloatBoundsNeedAFiniteSpan) {
  // high - low overflowed to infinity, and every sample was a bound.
  expect_error("low: 1.0e-4, high: 1.0e-1, log: true", "low: -1.7e308, high: 1.7e308",
               "high - low overflows (beyond 1.8e308)");
}

TEST(StudyFile, EveryKindOfMistakeNamesFileLineAndKey) {
  expect_error("budget:", "budgett:", "bad.yaml:15: budgett: unknown key; allowed here:");
  expect_error("log: true}\n  depth", "log: true, lo: 3}\n  depth",
               "bad.yaml:4: parameters.width.lo: unknown key");
  expect_error("high: 128", "high: lots",
               "bad.yaml:4: parameters.width.high: expected a number, got 'lots'");
  expect_error("low: 1, high: 6", "low: 7, high: 6",
               "bad.yaml:5: parameters.depth: low 7 is greater than high 6");
  expect_error("choices: [1, 3, 5, 7]", "choices: []",
               "bad.yaml:6: parameters.kernel: choices is empty");
  expect_error("  epochs:", "  width:", "bad.yaml:8: parameters.width: is defined twice");
  expect_error("accuracy >= 0.80", "accuracy => 0.80",
               "bad.yaml:12: constraints[0]: bad constraint 'accuracy => 0.80'");
  expect_error("goal: maximize", "goal: up",
               "bad.yaml:10: objectives[0].goal: 'up' is not one of: minimize, maximize");
  expect_error("type: float", "type: double", "parameters.lr.type: 'double' is not one of");
  expect_error("log: true}\n  epochs", "log: maybe}\n  epochs",
               "parameters.lr.log: expected true or false");
  expect_error("name: sobol", "name: tpe",
               "sampler.name: 'tpe' is not one of: auto, mobo, nsga2, sobol, random");
  expect_error("seed: 1}", "seed: 1, acquisition: ucb}",
               "sampler.acquisition: 'ucb' is not one of: auto, ehvi, mc-ehvi, parego");
  expect_error("seed: 1}", "seed: 1, initial_trials: 0}", "sampler.initial_trials: must be >= 1");
  expect_error("seed: 1}", "seed: 1, population_size: 2}", "sampler.population_size: must be >= 4");
  expect_error("seed: 1}", "seed: 1, tpe_startup: 3}", "sampler.tpe_startup: unknown key");
  expect_error("goal: minimize}", "goal: minimize, transform: sqrt}",
               "objectives[1].transform: 'sqrt' is not one of: auto, none, log");
  expect_error("energy: 200kJ", "energy: 200 kilojoules", "budget.energy: invalid energy");
  expect_error("{accuracy: 0.5,", "{acc: 0.5,",
               "reference_point.acc: is not one of the objectives");
  expect_error("name: fashion-cnn", "name: fashion cnn", "name: 'fashion cnn' must be");
  expect_error("scope: process}", "scope: gpu}",
               "bad.yaml:17: run.scope: 'gpu' is not one of: auto, system, process");
  expect_error("timeout: 30min", "timeout: soon", "run.timeout: invalid duration 'soon'");
  expect_error("{type: fixed, value: 2}", "{type: fixed}",
               "parameters.epochs.value: is required for a fixed parameter");
  expect_error("{type: categorical, choices: [1, 3, 5, 7]}",
               "{type: categorical, choices: [1, 3], low: 1}",
               "parameters.kernel.low: only applies to float, int or fixed parameters");
  expect_error("objectives:\n  - {name: accuracy, goal: maximize}",
               "objectives:\n  - {name: accuracy, goal: maximize, weight: 2}",
               "objectives[0].weight: unknown key");
}

TEST(StudyFile, MissingRequiredSectionsAndBrokenYaml) {
  auto error_of = [](const std::string& text) {
    try {
      (void)parse_study_config(text, "x.yaml");
    } catch (const StudyFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("").find("x.yaml: (file): the file is empty"), std::string::npos);
  EXPECT_NE(
      error_of("name: a\nobjectives: [{name: l, goal: min}]\n").find("parameters: is required"),
      std::string::npos);
  EXPECT_NE(error_of("name: a\nparameters: {x: {type: float, low: 0, high: 1}}\n")
                .find("objectives: is required"),
            std::string::npos);
  EXPECT_NE(
      error_of("name: a\nparameters: {x: {type: float, low: 0\n").find("x.yaml:3: invalid YAML"),
      std::string::npos);
  EXPECT_NE(error_of("- just\n- a list\n").find("expected a mapping"), std::string::npos);
}

TEST(StudyFile, MissingFileIsAClearError) {
  EXPECT_THROW((void)load_study_file("/nonexistent/study.yaml"), StudyFileError);
}

TEST(StudyFile, DocsCarryTheGeneratedKeyTable) {
  std::ifstream in(ECOPT_DOCS_DIR "/study-file.md");
  ASSERT_TRUE(in) << "docs/study-file.md is missing";
  std::stringstream docs;
  docs << in.rdbuf();
  EXPECT_NE(docs.str().find(study_file_keys_markdown()), std::string::npos)
      << "docs/study-file.md is out of date: regenerate its key table with `ecopt study schema`";
}

TEST(Units, EnergyAndDurationSuffixes) {
  EXPECT_DOUBLE_EQ(parse_energy_j("200kJ"), 200e3);
  EXPECT_DOUBLE_EQ(parse_energy_j("2 kWh"), 7.2e6);
  EXPECT_DOUBLE_EQ(parse_energy_j("1500"), 1500);
  EXPECT_DOUBLE_EQ(parse_duration_s("2h"), 7200);
  EXPECT_DOUBLE_EQ(parse_duration_s("15min"), 900);
  EXPECT_THROW((void)parse_energy_j("-3J"), std::invalid_argument);
  EXPECT_THROW((void)parse_duration_s("2 weeks"), std::invalid_argument);
}

// Found by tests/fuzz/units_fuzz.cpp: a finite number times its unit overflowed to an
// infinite budget ("1e308kWh" was accepted as inf J).
TEST(Units, AQuantityThatOverflowsItsUnitIsRefused) {
  EXPECT_THROW((void)parse_energy_j("1e308kWh"), std::invalid_argument);
  EXPECT_THROW((void)parse_duration_s("1e308d"), std::invalid_argument);
  try {
    (void)parse_energy_j("1e308kWh");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
  }
  EXPECT_DOUBLE_EQ(parse_energy_j("1e300kWh"), 3.6e306);
}

TEST(Constraint, ParsesOperatorsAndMeasuresViolation) {
  const Constraint c = Constraint::parse("  energy.inference.per_sample<=0.01 ");
  EXPECT_EQ(c.metric, "energy.inference.per_sample");
  EXPECT_DOUBLE_EQ(c.violation(0.015), 0.005);
  EXPECT_EQ(c.violation(0.005), 0.0);
  EXPECT_FALSE(Constraint::parse("accuracy > 0.5").satisfied(0.5));
  EXPECT_THROW((void)Constraint::parse("accuracy = 0.5"), std::invalid_argument);
  EXPECT_THROW((void)Constraint::parse(">= 0.5"), std::invalid_argument);
  EXPECT_THROW((void)Constraint::parse("accuracy >= high"), std::invalid_argument);
}

}  // namespace
}  // namespace ecopt::study
