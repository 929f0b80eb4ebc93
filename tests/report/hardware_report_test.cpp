// Hardware knobs in the report: among the drivers, in the card, and in the trade-off
// sentences ("at 150 W instead of 250 W"), read from the trials' recorded parameters.
#include <gtest/gtest.h>

#include <algorithm>

#include "ecopt/report/card.hpp"
#include "ecopt/report/frontier.hpp"
#include "ecopt/report/importance.hpp"
#include "ecopt/study/hardware_values.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::report {
namespace {

study::StudyConfig knob_config() {
  return study::parse_study_config(R"(name: knobs
parameters:
  width: {type: int, low: 1, high: 64}
hardware:
  gpu_power_limit_w: {type: categorical, choices: [150, 200, 250]}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
)",
                                   "knobs.yaml");
}

/// Energy grows with the power limit and the width; accuracy with the width only. Wide
/// models mostly ran at higher limits, so the front runs from a narrow model at 150 W to
/// the widest at 250 W.
std::vector<study::Trial> knob_trials() {
  std::vector<study::Trial> trials;
  const std::int64_t watts[] = {150, 200, 250};
  for (int i = 0; i < 30; ++i) {
    study::Trial t;
    t.number = i;
    t.id = i + 1;
    t.state = study::TrialState::complete;
    const std::int64_t width = 1 + (i * 7) % 64;
    const std::int64_t limit = width == 64 ? 250 : watts[(i / 3) % 3];
    t.params = {{"width", width}, {"gpu_power_limit_w", limit}};
    const double accuracy = 0.5 + 0.45 * static_cast<double>(width) / 64.0;
    const double energy = 1e-3 * static_cast<double>(width) * static_cast<double>(limit) / 150.0;
    t.values = {accuracy, energy};
    t.metrics = {{"accuracy", accuracy}, {"energy.inference.per_sample", energy}};
    trials.push_back(t);
  }
  return trials;
}

TEST(HardwareReport, TradeoffSentencesNameTheSettings) {
  const Frontier f = analyse_frontier(knob_config(), knob_trials());
  ASSERT_TRUE(f.tradeoff);
  ASSERT_GE(f.tradeoff->steps.size(), 2u);
  EXPECT_EQ(f.tradeoff->steps.front().hardware_settings, "150 W");
  const bool named = std::any_of(
      f.tradeoff->sentences.begin(), f.tradeoff->sentences.end(), [](const std::string& s) {
        return s.find("The cheapest model") != std::string::npos &&
               s.find(", at 150 W instead of 250 W.") != std::string::npos;
      });
  EXPECT_TRUE(named) << f.tradeoff->sentences[2];
}

TEST(HardwareReport, KnobsAreAmongTheDrivers) {
  const std::vector<ObjectiveImportance> importance =
      analyse_importance(knob_config(), knob_trials());
  ASSERT_EQ(importance.size(), 2u);
  const auto& energy = importance[1];
  ASSERT_TRUE(energy.available) << energy.note;
  const auto knob =
      std::find_if(energy.parameters.begin(), energy.parameters.end(),
                   [](const ParameterImportance& p) { return p.parameter == "gpu_power_limit_w"; });
  ASSERT_NE(knob, energy.parameters.end());
  EXPECT_TRUE(knob->hardware) << "tagged as a hardware knob";
  const auto width =
      std::find_if(energy.parameters.begin(), energy.parameters.end(),
                   [](const ParameterImportance& p) { return p.parameter == "width"; });
  ASSERT_NE(width, energy.parameters.end());
  EXPECT_FALSE(width->hardware);
}

TEST(HardwareReport, TheCardStatesTheSettingsTheModelWasMeasuredWith) {
  storage::StudyRecord record;
  record.config = knob_config();
  const std::vector<study::Trial> trials = knob_trials();
  const EnergyCard card = build_card(record, trials, 4, {}, "test");
  EXPECT_EQ(card.hardware_settings.at(study::HardwareKnob::gpu_power_limit_w), 200.0);
  const std::string markdown = card_markdown(card);
  EXPECT_NE(markdown.find("- Measured with the hardware settings: 200 W"), std::string::npos)
      << markdown;
  EXPECT_NE(card_json(card).find("\"gpu_power_limit_w\": 200"), std::string::npos);
}

TEST(HardwareReport, TheCardStatesTheValueTheDeviceTookNotTheOneAsked) {
  storage::StudyRecord record;
  record.config = knob_config();
  std::vector<study::Trial> trials = knob_trials();
  // Asked 200 W; the device clamped it to 195 W, and the runner recorded that.
  trials[4].user_attrs[study::kAppliedHardwareAttr] = R"({"gpu_power_limit_w": 195})";
  const EnergyCard card = build_card(record, trials, 4, {}, "test");
  EXPECT_EQ(card.hardware_settings.at(study::HardwareKnob::gpu_power_limit_w), 195.0);
  EXPECT_NE(card_markdown(card).find("- Measured with the hardware settings: 195 W"),
            std::string::npos);
}

}  // namespace
}  // namespace ecopt::report
