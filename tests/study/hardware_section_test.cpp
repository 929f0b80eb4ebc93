// The study file's `hardware:` section: knobs are parameters of the search space, kept
// apart in the stored config, and checked strictly.
#include <gtest/gtest.h>

#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/study_file.hpp"
#include "ecopt/study/study_file_error.hpp"

namespace ecopt::study {
namespace {

constexpr const char* kHead = R"(name: hw
parameters:
  width: {type: int, low: 1, high: 8}
objectives: [{name: accuracy, goal: maximize}]
)";

std::string error_of(const std::string& hardware) {
  try {
    (void)parse_study_config(std::string(kHead) + hardware, "hw.yaml");
  } catch (const StudyFileError& e) {
    return e.what();
  }
  return "";
}

TEST(HardwareSection, KnobsAreParametersOfTheSpace) {
  const StudyConfig config = parse_study_config(std::string(kHead) + R"(hardware:
  gpu_power_limit_w: {type: int, low: 150, high: 250, step: 50}
  cpu_cores: {type: fixed, value: 4}
)",
                                                "hw.yaml");
  EXPECT_EQ(config.hardware,
            (std::vector<HardwareKnob>{HardwareKnob::gpu_power_limit_w, HardwareKnob::cpu_cores}));
  ASSERT_EQ(config.space.parameters().size(), 3u);
  EXPECT_EQ(config.space.parameters()[1].name, "gpu_power_limit_w");
  const StudyConfig stored = from_json_text(to_json_text(config), "stored");
  EXPECT_EQ(stored.hardware, config.hardware);
  EXPECT_EQ(stored.space.parameters().size(), 3u);
  EXPECT_NE(to_json_text(config).find("\"hardware\""), std::string::npos);
}

TEST(HardwareSection, BadKnobsAreErrorsNamingTheLineAndTheFix) {
  EXPECT_NE(error_of("hardware:\n  gpu_power_w: {type: fixed, value: 100}\n")
                .find("hw.yaml:6: hardware.gpu_power_w: unknown hardware knob; allowed: "
                      "gpu_power_limit_w, cpu_max_freq_khz, cpu_cores"),
            std::string::npos);
  EXPECT_NE(error_of("hardware:\n  cpu_cores: {type: float, low: 1, high: 4}\n")
                .find("cpu_cores takes whole numbers"),
            std::string::npos);
  EXPECT_NE(error_of("hardware:\n  gpu_power_limit_w: {type: categorical, choices: [a, b]}\n")
                .find("values must be numbers > 0"),
            std::string::npos);
  EXPECT_NE(error_of("hardware:\n  gpu_power_limit_w: {type: int, low: 1, high: 2, lo: 3}\n")
                .find("unknown key"),
            std::string::npos);
  const std::string twice = error_of("");
  EXPECT_EQ(twice, "");
}

TEST(HardwareSection, AKnobCannotAlsoBeAParameter) {
  const std::string error = [] {
    try {
      (void)parse_study_config(R"(name: hw
parameters:
  cpu_cores: {type: int, low: 1, high: 8}
hardware:
  cpu_cores: {type: fixed, value: 2}
objectives: [{name: accuracy, goal: maximize}]
)",
                               "hw.yaml");
    } catch (const StudyFileError& e) {
      return std::string(e.what());
    }
    return std::string();
  }();
  EXPECT_NE(error.find("hardware.cpu_cores: is also a parameter"), std::string::npos) << error;
}

}  // namespace
}  // namespace ecopt::study
