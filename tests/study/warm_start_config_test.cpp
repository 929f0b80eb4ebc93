// `sampler.warm_start` in study files: parsed, checked, stored, redacted.
#include <gtest/gtest.h>

#include <string>

#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::study {
namespace {

const std::string kHead =
    "name: on-h100\nparameters: {x: {type: float, low: 0, high: 1}}\n"
    "objectives: [{name: energy_j, goal: minimize}]\n";

/// The error message parsing `sampler_line` gives, or "" when it parses.
std::string error_of(const std::string& sampler_line) {
  try {
    (void)parse_study_config(kHead + sampler_line, "s.yaml");
  } catch (const StudyFileError& e) {
    return e.what();
  }
  return "";
}

TEST(WarmStartConfig, ParsesStudyAndStorageAndRoundTrips) {
  const StudyConfig config = parse_study_config(
      kHead + "sampler: {name: mobo, warm_start: {study: on-a100, storage: sqlite:///a100.db}}\n",
      "s.yaml");
  EXPECT_EQ(config.sampler.warm_start.study, "on-a100");
  EXPECT_EQ(config.sampler.warm_start.storage, "sqlite:///a100.db");
  const StudyConfig again = from_json_text(to_json_text(config), "<db>");
  EXPECT_EQ(again.sampler.warm_start.study, "on-a100");
  EXPECT_EQ(again.sampler.warm_start.storage, "sqlite:///a100.db");
  EXPECT_EQ(to_json_text(again), to_json_text(config));
  // Left out: no warm start, and nothing stored for it.
  const StudyConfig cold = parse_study_config(kHead, "s.yaml");
  EXPECT_TRUE(cold.sampler.warm_start.study.empty());
  EXPECT_EQ(to_json_text(cold).find("warm_start"), std::string::npos);
  // The storage is optional (the study's own) and `auto` takes a warm start too.
  EXPECT_EQ(parse_study_config(kHead + "sampler: {warm_start: {study: old}}\n", "s.yaml")
                .sampler.warm_start.storage,
            "");
}

TEST(WarmStartConfig, MistakesNameTheKeyAndTheFix) {
  EXPECT_NE(error_of("sampler: {warm_start: {storage: sqlite:///a.db}}\n")
                .find("s.yaml:4: sampler.warm_start.study: is required"),
            std::string::npos)
      << error_of("sampler: {warm_start: {storage: sqlite:///a.db}}\n");
  EXPECT_NE(error_of("sampler: {warm_start: {study: old, url: x}}\n")
                .find("sampler.warm_start.url: unknown key; allowed here: study, storage"),
            std::string::npos)
      << error_of("sampler: {warm_start: {study: old, url: x}}\n");
  EXPECT_NE(error_of("sampler: {warm_start: old}\n").find("sampler.warm_start: expected a mapping"),
            std::string::npos);
  EXPECT_NE(error_of("sampler: {warm_start: {study: '../x'}}\n")
                .find("sampler.warm_start.study: '../x' must be 1-128 letters"),
            std::string::npos);
  EXPECT_NE(error_of("sampler: {warm_start: {study: old, storage: ''}}\n")
                .find("sampler.warm_start.storage: is empty"),
            std::string::npos);
  EXPECT_NE(error_of("sampler: {warm_start: {study: on-h100}}\n").find("names this study itself"),
            std::string::npos);
  // The same name in another database is the common "new hardware" case.
  EXPECT_EQ(error_of("sampler: {warm_start: {study: on-h100, storage: sqlite:///old.db}}\n"), "");
  EXPECT_NE(error_of("sampler: {name: nsga2, warm_start: {study: old}}\n")
                .find("only the model-based samplers use it (`mobo`, `auto`), not `nsga2`"),
            std::string::npos);
}

TEST(WarmStartConfig, ItsStoragePasswordIsNotStored) {
  const StudyConfig config = parse_study_config(kHead +
                                                    "sampler: {warm_start: {study: old, storage: "
                                                    "'postgresql://ana:s3cret@db/ecopt'}}\n",
                                                "s.yaml");
  const std::string stored = to_json_text(as_stored(config));
  EXPECT_EQ(stored.find("s3cret"), std::string::npos) << stored;
  EXPECT_NE(stored.find("postgresql://ana:***@db/ecopt"), std::string::npos) << stored;
}

}  // namespace
}  // namespace ecopt::study
