// The energy card: its numbers come from the trial's phases and the study's attributes.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "ecopt/report/card.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

/// The line of `text` that starts with `start`, or "".
std::string line_starting(const std::string& text, const std::string& start) {
  const std::size_t at = text.find("\n" + start);
  if (at == std::string::npos) return "";
  return text.substr(at + 1, text.find('\n', at + 1) - at - 1);
}

class CardTest : public ::testing::Test {
 protected:
  void build(const testing::FixtureOptions& options = {}) {
    storage_ = storage::open_sqlite_storage(dir_.file("s.db"));
    testing::make_fixture_study(*storage_, options);
    record_ = *storage_->find_study("fashion-cnn");
    trials_ = storage_->trials(record_.id);
  }
  ecopt::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  storage::StudyRecord record_;
  std::vector<study::Trial> trials_;
  energy::CarbonSettings carbon_{56.0, 1.1, "Ember yearly average for FRA"};
};

TEST_F(CardTest, CarriesEnergyUncertaintyTrainingCarbonHardwareAndDate) {
  build();
  const study::Trial& t = trials_[1];
  const EnergyCard card = build_card(record_, trials_, 1, carbon_, "9.9.9", 1.8e9);
  EXPECT_EQ(card.task, "Fashion-MNIST CNN classifier");
  const auto* inference = find_phase(t, "inference");
  const auto* train = find_phase(t, "train");
  EXPECT_DOUBLE_EQ(*card.energy_per_inference_j, t.metrics.at("energy.inference.per_sample"));
  EXPECT_DOUBLE_EQ(*card.energy_per_inference_uncertainty_j, inference->uncertainty_j / 10000);
  EXPECT_EQ(card.inference_samples, std::optional<std::int64_t>(10000));
  EXPECT_DOUBLE_EQ(*card.training_energy_j, train->total_energy_j());
  EXPECT_DOUBLE_EQ(*card.training_uncertainty_j, train->uncertainty_j);
  EXPECT_DOUBLE_EQ(*card.carbon_per_inference_g, *card.energy_per_inference_j / 3.6e6 * 56.0 * 1.1);
  EXPECT_EQ(card.objectives.size(), 2u);
  ASSERT_EQ(card.metrics.size(), 1u);  // loss; the derived energy metrics are not repeated
  EXPECT_EQ(card.metrics[0].name, "loss");
  EXPECT_FALSE(card.estimated);
  ASSERT_EQ(card.meters.size(), 1u);
  EXPECT_EQ(card.meters[0].meter, "powercap+nvml");
  EXPECT_EQ(card.meters[0].domains, (std::vector<std::string>{"cpu-package-0", "dram-0", "gpu-0"}));
  EXPECT_EQ(card.hardware[0].value, "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz");
  EXPECT_EQ(card.measured_unix_s, *t.finished_unix_s);

  const std::string md = card_markdown(card);
  EXPECT_NE(md.find("# Energy card: fashion-cnn, trial 1"), std::string::npos);
  EXPECT_NE(md.find("energy per inference"), std::string::npos);
  EXPECT_NE(md.find("Intel(R) Xeon(R) Gold 6230"), std::string::npos);
  EXPECT_NE(md.find("56 gCO2e/kWh x PUE 1.1"), std::string::npos);
  EXPECT_NE(md.find("Card generated: 2027-01-15T08:00:00Z"), std::string::npos);
  EXPECT_NE(md.find("torch"), std::string::npos);

  const nlohmann::json j = nlohmann::json::parse(card_json(card));
  EXPECT_EQ(j["trial"], 1);
  EXPECT_EQ(j["energy"]["per_inference_j"].get<double>(), *card.energy_per_inference_j);
  EXPECT_EQ(j["energy"]["training_j"].get<double>(), *card.training_energy_j);
  EXPECT_EQ(j["carbon"]["grid_intensity_gco2e_per_kwh"], 56.0);
  EXPECT_EQ(j["meters"][0]["meter"], "powercap+nvml");
}

TEST_F(CardTest, ShowsRangesAndNetEnergy) {
  build();
  const study::Trial& t = trials_[1];
  const EnergyCard card = build_card(record_, trials_, 1, carbon_, "9.9.9", 1.8e9);
  const auto* inference = find_phase(t, "inference");
  const auto* train = find_phase(t, "train");
  // The objective energy per inference carries the uncertainty stored with it; accuracy,
  // reported by the trial, has none.
  ASSERT_EQ(card.objectives[1].name, "energy.inference.per_sample");
  EXPECT_DOUBLE_EQ(*card.objectives[1].uncertainty, inference->uncertainty_j / 10000);
  EXPECT_FALSE(card.objectives[0].uncertainty);
  // Net energy per inference, with the gross's uncertainty.
  EXPECT_DOUBLE_EQ(*card.net_energy_per_inference_j, inference->total_net_energy_j() / 10000);
  EXPECT_DOUBLE_EQ(*card.net_energy_per_inference_uncertainty_j, inference->uncertainty_j / 10000);
  // The whole trial and study, and carbon converted like the energy.
  EXPECT_DOUBLE_EQ(card.trial_uncertainty_j, find_phase(t, "total")->uncertainty_j);
  double variance = 0.0;
  for (const study::Trial& other : trials_)
    variance += std::pow(find_phase(other, "total")->uncertainty_j, 2);
  EXPECT_DOUBLE_EQ(card.study_uncertainty_j, std::sqrt(variance));
  EXPECT_DOUBLE_EQ(*card.carbon_per_inference_uncertainty_g,
                   inference->uncertainty_j / 10000 / 3.6e6 * 56.0 * 1.1);
  EXPECT_DOUBLE_EQ(*card.training_carbon_uncertainty_g, train->uncertainty_j / 3.6e6 * 56.0 * 1.1);

  const std::string md = card_markdown(card);
  const nlohmann::json j = nlohmann::json::parse(card_json(card));
  EXPECT_EQ(j["objectives"][1]["uncertainty"].get<double>(), *card.objectives[1].uncertainty);
  EXPECT_TRUE(j["objectives"][0]["uncertainty"].is_null());
  EXPECT_EQ(j["energy"]["net_per_inference_j"].get<double>(), *card.net_energy_per_inference_j);
  EXPECT_EQ(j["energy"]["study_uncertainty_j"].get<double>(), card.study_uncertainty_j);
  EXPECT_EQ(j["carbon"]["per_inference_uncertainty_g"].get<double>(),
            *card.carbon_per_inference_uncertainty_g);
  // The Markdown shows each of them as value +- uncertainty.
  for (const std::string row :
       {"| energy.inference.per_sample |", "| energy per inference |",
        "| energy per inference, net of idle power |", "| training energy |", "| whole trial |",
        "| whole study", "| per inference |", "| training |"}) {
    EXPECT_NE(line_starting(md, row).find(" +- "), std::string::npos) << row << "\n" << md;
  }
  EXPECT_EQ(line_starting(md, "| accuracy |").find(" +- "), std::string::npos);
}

TEST_F(CardTest, SaysWhenThereIsNoNetEnergy) {
  testing::FixtureOptions options;
  options.idle_profile = false;
  build(options);
  const EnergyCard card = build_card(record_, trials_, 1, carbon_, "9.9.9");
  EXPECT_FALSE(card.net_energy_per_inference_j);
  EXPECT_NE(card_markdown(card).find("not measured (no idle profile from ecopt calibrate)"),
            std::string::npos);
}

TEST_F(CardTest, StatesUnknownHardwareInsteadOfGuessing) {
  testing::FixtureOptions options;
  options.hardware_attrs = false;
  build(options);
  const EnergyCard card = build_card(record_, trials_, 1, carbon_, "9.9.9");
  EXPECT_EQ(card.hardware[0].name, "CPU model");
  EXPECT_EQ(card.hardware[0].value, "unknown");
  EXPECT_NE(card_markdown(card).find("| CPU model | unknown |"), std::string::npos);
}

TEST_F(CardTest, RefusesMissingAndFailedTrials) {
  build();
  EXPECT_THROW((void)build_card(record_, trials_, 999, carbon_, "x"), std::invalid_argument);
  for (const study::Trial& t : trials_) {
    if (t.state == study::TrialState::fail) {
      try {
        (void)build_card(record_, trials_, t.number, carbon_, "x");
        ADD_FAILURE() << "no exception";
      } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("is FAIL"), std::string::npos) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace ecopt::report
