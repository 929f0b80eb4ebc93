// The stored-config codec: versioned JSON that old and newer databases can both be read
// from, and the key table that drives it.
#include "ecopt/study/config_codec.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "../storage/temp_dir.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::study {
namespace {

const char* kStudy = R"(name: s
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: loss, goal: minimize}]
sampler: {name: nsga2, seed: 4, population_size: 12}
run: {kill_grace: 2.5s, scope: process}
)";

TEST(ConfigCodec, WritesItsFormatFirstAndReadsItBack) {
  const StudyConfig config = parse_study_config(kStudy, "s.yaml");
  const std::string json = to_json_text(config);
  EXPECT_EQ(json.rfind("{\n  \"format\": 3,", 0), 0u) << json;
  const StudyConfig again = from_json_text(json, "<db>");
  EXPECT_EQ(to_json_text(again), json);
  EXPECT_EQ(again.sampler.name, SamplerKind::nsga2);
  EXPECT_EQ(again.sampler.population_size, 12);
  EXPECT_DOUBLE_EQ(again.run.kill_grace_s, 2.5);
  EXPECT_EQ(again.run.scope, AttributionScope::process);
}

TEST(ConfigCodec, DefaultsAreLeftOut) {
  const std::string json = to_json_text(parse_study_config(
      "name: s\nparameters: {x: {type: float, low: 0, high: 1}}\n"
      "objectives: [{name: loss, goal: minimize}]\nsampler: {population_size: 50}\n",
      "s.yaml"));
  EXPECT_EQ(json.find("sampler"), std::string::npos) << json;
  EXPECT_EQ(json.find("run"), std::string::npos) << json;
}

// A pruner's parameters decide which trials stop: they are stored whole, so a study
// resumes with the rule it was created with even after ecopt changes a default.
TEST(ConfigCodec, APrunersParametersAreStoredWhole) {
  const std::string with_pruner = std::string(kStudy) + "pruner: {name: asha}\n";
  const std::string json = to_json_text(parse_study_config(with_pruner, "s.yaml"));
  for (const char* key : {"\"eta\": 2", "\"min_steps\": 1", "\"warmup_steps\": 0",
                          "\"startup_trials\": 5", "\"grace\": "}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
  // A stored eta (as one created when the default was 3 now is) wins over the default.
  std::string stored = json;
  stored.replace(stored.find("\"eta\": 2"), 8, "\"eta\": 3");
  EXPECT_EQ(from_json_text(stored, "<db>").pruner.eta, 3);
  // A format-2 config, written with defaults left out, takes today's defaults.
  const StudyConfig old = from_json_text(R"({"format": 2, "name": "s",
  "parameters": {"x": {"type": "float", "low": 0, "high": 1}},
  "objectives": [{"name": "loss", "goal": "minimize"}], "pruner": {"name": "asha"}})",
                                         "<db>");
  EXPECT_EQ(old.pruner.eta, PrunerConfig{}.eta);
  EXPECT_NE(to_json_text(old).find("\"eta\": 2"), std::string::npos);
}

// Resuming: a study file that leaves eta to today's default does not define a study
// stored with eta 3; the refusal names the key and both values.
TEST(ConfigCodec, AResumedStudyKeepsItsPrunerOrIsRefusedNamingTheDifference) {
  testing::TempDir dir;
  auto storage = storage::open_storage("sqlite:///" + dir.file("s.db"));
  const std::string base = std::string(kStudy) + "pruner: {name: mo-asha";
  (void)Study::create(*storage, parse_study_config(base + ", eta: 3}\n", "s.yaml"));
  const Study study = Study::open(*storage, "s");
  EXPECT_EQ(study.config().pruner.eta, 3);
  EXPECT_TRUE(study.defined_by(parse_study_config(base + ", eta: 3}\n", "s.yaml")));
  const StudyConfig file = parse_study_config(base + "}\n", "s.yaml");
  EXPECT_FALSE(study.defined_by(file));
  EXPECT_EQ(config_differences(study.config(), file),
            std::vector<std::string>{"pruner.eta: 3 stored, 2 in the file"});
}

TEST(ConfigCodec, ReadsFormatOneAsThePreviousEcoptWroteIt) {
  // to_json_text's output before the format key existed.
  const StudyConfig config = from_json_text(R"({
  "name": "old",
  "pass_params": "template",
  "parameters": {"x": {"type": "float", "low": 0.0, "high": 1.0, "log": false}},
  "objectives": [{"name": "loss", "goal": "minimize"}],
  "sampler": {"name": "auto", "seed": 3},
  "budget": {"energy": "200000.000000J"},
  "run": {"kill_grace": "5.000000s", "scope": "system"}
})",
                                            "<db>");
  EXPECT_EQ(config.name, "old");
  EXPECT_EQ(config.sampler.seed, 3u);
  EXPECT_EQ(config.sampler.population_size, 50);
  EXPECT_DOUBLE_EQ(*config.budget.energy_j, 200e3);
  EXPECT_DOUBLE_EQ(config.run.kill_grace_s, 5.0);
  EXPECT_EQ(config.run.scope, AttributionScope::system);
}

TEST(ConfigCodec, UnknownAndRenamedKeysAreIgnored) {
  const StudyConfig config = from_json_text(R"({"format": 2, "name": "s", "dashboard": true,
  "parameters": {"x": {"type": "float", "low": 0, "high": 1, "prior": "normal"}},
  "objectives": [{"name": "loss", "goal": "minimize", "weight": 2}],
  "sampler": {"name": "mobo", "tpe_startup": 10}, "run": {"cpu_affinity": "0-3"}})",
                                            "<db>");
  EXPECT_EQ(config.sampler.name, SamplerKind::mobo);
  EXPECT_EQ(config.objectives.at(0).name, "loss");
  // The strict study-file parser rejects the same keys.
  EXPECT_THROW((void)parse_study_config(R"({"name": "s", "dashboard": true,
      "parameters": {"x": {"type": "float", "low": 0, "high": 1}},
      "objectives": [{"name": "loss", "goal": "minimize"}]})",
                                        "s.json"),
               StudyFileError);
}

TEST(ConfigCodec, NewerFormatsAndBrokenTextAreClearErrors) {
  auto error_of = [](const std::string& text) {
    try {
      (void)from_json_text(text, "db (study s)");
    } catch (const StudyFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of(R"({"format": 99, "name": "s"})").find("has format 99; this ecopt reads"),
            std::string::npos);
  EXPECT_NE(error_of("{not json").find("db (study s): the stored study config is not valid JSON"),
            std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("is not a JSON object"), std::string::npos);
}

TEST(ConfigCodec, AStoredConfigWithAnUnknownKeyStillOpens) {
  testing::TempDir dir;
  const std::string path = dir.file("old.db");
  {
    auto storage = storage::open_storage("sqlite:///" + path);
    (void)Study::create(*storage, parse_study_config(kStudy, "s.yaml"));
  }
  // As another ecopt version would have stored it: a key this version does not know.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE studies SET config_json = json_set(config_json, "
                         "'$.sampler.tpe_startup', 10, '$.retired_key', 'x')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto storage = storage::open_storage("sqlite:///" + path);
  const Study study = Study::open(*storage, "s");
  EXPECT_EQ(study.config().sampler.population_size, 12);
}

TEST(KeyTable, EveryRuleAndDefaultIsWrittenOnce) {
  const KeySpec* population = find_study_file_key("sampler.population_size");
  ASSERT_NE(population, nullptr);
  EXPECT_EQ(population->min, kMinPopulationSize);
  EXPECT_EQ(population->type_text(), "integer >= 4");
  EXPECT_EQ(population->default_text(), "50");
  EXPECT_EQ(find_study_file_key("sampler.name")->type_text(),
            "`auto`, `mobo`, `nsga2`, `sobol` or `random`");
  EXPECT_EQ(find_study_file_key("run.kill_grace")->default_text(), "10s");
  // Every bound key reads back what it writes.
  StudyConfig config = parse_study_config(kStudy, "s.yaml");
  for (const KeySpec& key : study_file_keys()) {
    if (key.read == nullptr) continue;
    ASSERT_NE(key.write, nullptr) << key.path;
    StudyConfig copy;
    const KeyValue value = key.write(config);
    if (std::holds_alternative<std::monostate>(value)) continue;
    key.read(copy, value);
    EXPECT_EQ(key.write(copy), value) << key.path;
  }
}

TEST(ConfigEnums, NamesParseAndFormatInOnePlace) {
  EXPECT_EQ(to_string(Acquisition::mc_ehvi), "mc-ehvi");
  EXPECT_EQ(parse_enum<Acquisition>("mc-ehvi"), Acquisition::mc_ehvi);
  EXPECT_EQ(parse_enum<Goal>("min"), Goal::minimize);  // an alias
  EXPECT_EQ(to_string(Goal::minimize), "minimize");
  EXPECT_EQ(parse_enum<SamplerKind>("tpe"), std::nullopt);
  EXPECT_EQ(enum_name_list<SamplerKind>(), "auto, mobo, nsga2, sobol, random");
  EXPECT_EQ(enum_name_list<Goal>(), "minimize, maximize");
}

}  // namespace
}  // namespace ecopt::study
