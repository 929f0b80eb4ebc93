// Break-even arithmetic and the choice of chosen model and baseline.
#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/report/frontier.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/report/tuning_cost.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "fixture_study.hpp"
#include "storage/temp_dir.hpp"

namespace ecopt::report {
namespace {

TEST(BreakEven, IsTuningEnergyOverTheSaving) {
  // 1 MJ of tuning, 2 mJ saved per inference: 5e8 inferences.
  EXPECT_DOUBLE_EQ(*break_even_inferences(1e6, 0.002), 5e8);
  EXPECT_DOUBLE_EQ(*break_even_inferences(3600.0, 0.5), 7200.0);
  EXPECT_FALSE(break_even_inferences(1e6, 0.0));
  EXPECT_FALSE(break_even_inferences(1e6, -0.001));
}

TEST(BreakEven, RangeOverOneStandardUncertaintyOfEachInput) {
  // 1000 +- 100 J of tuning, 0.5 +- 0.1 J saved: from 900 / 0.6 to 1100 / 0.4.
  const auto range = break_even_range(1000.0, 100.0, 0.5, 0.1);
  ASSERT_TRUE(range);
  EXPECT_DOUBLE_EQ(range->low, 1500.0);
  ASSERT_TRUE(range->high);
  EXPECT_DOUBLE_EQ(*range->high, 2750.0);
  // A saving within its uncertainty of zero may never pay back: no upper end.
  const auto open = break_even_range(1000.0, 100.0, 0.5, 0.6);
  ASSERT_TRUE(open);
  EXPECT_DOUBLE_EQ(open->low, 900.0 / 1.1);
  EXPECT_FALSE(open->high);
  EXPECT_FALSE(break_even_range(1000.0, 100.0, 0.0, 0.1));
  EXPECT_FALSE(break_even_range(1000.0, 100.0, -0.5, 0.1));
  // The tuning energy's range never goes below zero.
  EXPECT_DOUBLE_EQ(break_even_range(50.0, 80.0, 1.0, 0.0)->low, 0.0);
}

using testing::FixtureStudy;

class TuningCostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage_ = storage::open_sqlite_storage(dir_.file("s.db"));
    testing::make_fixture_study(*storage_);
    record_ = *storage_->find_study("fashion-cnn");
    trials_ = storage_->trials(record_.id);
  }
  const study::Trial& trial(std::int64_t number) const {
    for (const study::Trial& t : trials_)
      if (t.number == number) return t;
    throw std::logic_error("no trial");
  }
  ecopt::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  storage::StudyRecord record_;
  std::vector<study::Trial> trials_;
  energy::CarbonSettings carbon_{100.0, 1.2, "test"};
};

TEST_F(TuningCostTest, SumsEveryTrialsTotalPhaseAndComputesTheBreakEven) {
  const Frontier f = analyse_frontier(record_.config, trials_);
  ASSERT_TRUE(f.tradeoff && f.tradeoff->knee);
  const std::int64_t knee = f.tradeoff->steps[*f.tradeoff->knee].trial_number;
  const TuningCost c = tuning_cost(record_, trials_, carbon_, {}, knee);

  double energy = 0.0;
  for (const study::Trial& t : trials_) energy += find_phase(t, "total")->total_energy_j();
  EXPECT_NEAR(c.energy_j, energy, 1e-9 * energy);
  EXPECT_EQ(c.trials_with_energy, trials_.size());  // failed trials consumed energy too
  EXPECT_NEAR(c.carbon_g, energy / 3.6e6 * 100.0 * 1.2, 1e-12 * energy);
  EXPECT_FALSE(c.estimated);

  // The baseline is the enqueued trial 0; the chosen model the knee.
  EXPECT_EQ(c.baseline_trial, std::optional<std::int64_t>(0));
  EXPECT_EQ(c.chosen_trial, std::optional<std::int64_t>(knee));
  // Every trial was measured with an idle profile, so the break-even is in net energy:
  // the study's net energy over the net saving per inference (the inference phases' net
  // energy over their 10000 samples).
  double net_energy = 0.0;
  for (const study::Trial& t : trials_) net_energy += find_phase(t, "total")->total_net_energy_j();
  ASSERT_TRUE(c.net_energy_j);
  EXPECT_NEAR(*c.net_energy_j, net_energy, 1e-9 * net_energy);
  EXPECT_LT(*c.net_energy_j, c.energy_j);
  EXPECT_EQ(c.basis, EnergyBasis::net);
  EXPECT_EQ(c.break_even_energy_j, *c.net_energy_j);
  const auto* baseline_inference = find_phase(trial(0), "inference");
  const auto* chosen_inference = find_phase(trial(knee), "inference");
  const double baseline = baseline_inference->total_net_energy_j() / 10000;
  const double chosen = chosen_inference->total_net_energy_j() / 10000;
  ASSERT_TRUE(c.saving_per_inference_j && c.break_even_inferences);
  EXPECT_DOUBLE_EQ(*c.chosen_energy_per_inference_j, chosen);
  EXPECT_DOUBLE_EQ(*c.baseline_energy_per_inference_j, baseline);
  EXPECT_DOUBLE_EQ(*c.saving_per_inference_j, baseline - chosen);
  EXPECT_DOUBLE_EQ(*c.break_even_inferences, *c.net_energy_j / (baseline - chosen));
  EXPECT_DOUBLE_EQ(*c.saving_per_inference_g, (baseline - chosen) / 3.6e6 * 100.0 * 1.2);
  // Uncertainties: each model's from its inference phase, the saving's in quadrature, the
  // break-even's range from one uncertainty of the study energy and of the saving.
  const double u_baseline = baseline_inference->uncertainty_j / 10000;
  const double u_chosen = chosen_inference->uncertainty_j / 10000;
  EXPECT_DOUBLE_EQ(*c.baseline_energy_per_inference_uncertainty_j, u_baseline);
  EXPECT_DOUBLE_EQ(*c.chosen_energy_per_inference_uncertainty_j, u_chosen);
  const double u_saving = std::sqrt(u_baseline * u_baseline + u_chosen * u_chosen);
  EXPECT_DOUBLE_EQ(*c.saving_per_inference_uncertainty_j, u_saving);
  ASSERT_TRUE(c.break_even_range && c.break_even_range->high);
  EXPECT_DOUBLE_EQ(c.break_even_range->low,
                   (*c.net_energy_j - c.uncertainty_j) / (baseline - chosen + u_saving));
  EXPECT_DOUBLE_EQ(*c.break_even_range->high,
                   (*c.net_energy_j + c.uncertainty_j) / (baseline - chosen - u_saving));
  EXPECT_LT(c.break_even_range->low, *c.break_even_inferences);
  EXPECT_GT(*c.break_even_range->high, *c.break_even_inferences);
  const auto says = [&](const std::string& words) {
    for (const std::string& s : c.sentences)
      if (s.find(words) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(says("The break-even uses net energy")) << c.sentences.back();
  EXPECT_TRUE(says(" within one standard uncertainty)")) << c.sentences.back();
}

TEST(TuningCost, WithoutAnIdleProfileTheBreakEvenIsGrossAndSaysSo) {
  testing::FixtureOptions options;
  options.idle_profile = false;
  const FixtureStudy study(options);
  const auto& trials = study.trials;
  const TuningCost c = tuning_cost(study.record, trials, {100, 1, "test"}, {}, 3);
  EXPECT_EQ(c.basis, EnergyBasis::gross);
  EXPECT_FALSE(c.net_energy_j);
  EXPECT_EQ(c.break_even_energy_j, c.energy_j);
  const double baseline = trials[0].metrics.at("energy.inference.per_sample");
  const double chosen = trials[3].metrics.at("energy.inference.per_sample");
  ASSERT_TRUE(c.break_even_inferences);
  EXPECT_DOUBLE_EQ(*c.break_even_inferences, c.energy_j / (baseline - chosen));
  EXPECT_NE(c.sentences.back().find("gross energy, as the meters read it: no idle profile"),
            std::string::npos)
      << c.sentences.back();
}

TEST(TuningCost, NetOnlyWhenEveryQuantityHasIt) {
  // One trial measured without the profile: the study's net energy is unknown, so the
  // break-even falls back to gross throughout, and says why.
  const FixtureStudy study;
  std::vector<study::Trial> trials = study.trials;
  for (study::PhaseMeasurement& p : trials[5].phases) p.net_energy_j.clear();
  const TuningCost c = tuning_cost(study.record, trials, {100, 1, "test"}, {}, 3);
  EXPECT_FALSE(c.net_energy_j);
  EXPECT_EQ(c.basis, EnergyBasis::gross);
  EXPECT_DOUBLE_EQ(*c.chosen_energy_per_inference_j,
                   trials[3].metrics.at("energy.inference.per_sample"));
  EXPECT_NE(c.sentences.back().find("net energy is not recorded for all"), std::string::npos)
      << c.sentences.back();
}

TEST_F(TuningCostTest, BaselinePrecedence) {
  // Named on the command line, then the study attribute, then the enqueued trial.
  EXPECT_EQ(tuning_cost(record_, trials_, carbon_, {std::nullopt, 3}, 1).baseline_trial,
            std::optional<std::int64_t>(3));
  storage::StudyRecord with_attr = record_;
  with_attr.user_attrs["baseline_trial"] = "5";
  const TuningCost attr = tuning_cost(with_attr, trials_, carbon_, {}, 1);
  EXPECT_EQ(attr.baseline_trial, std::optional<std::int64_t>(5));
  EXPECT_EQ(attr.baseline_reason, "the study attribute baseline_trial");
  EXPECT_EQ(tuning_cost(record_, trials_, carbon_, {}, 1).baseline_reason,
            "the first enqueued trial, a baseline run before tuning");
  // Named trials must exist and be COMPLETE.
  EXPECT_THROW((void)tuning_cost(record_, trials_, carbon_, {std::nullopt, 999}, 1),
               std::invalid_argument);
  std::int64_t failed = -1;
  for (const study::Trial& t : trials_)
    if (t.state == study::TrialState::fail) failed = t.number;
  ASSERT_GE(failed, 0);
  EXPECT_THROW((void)tuning_cost(record_, trials_, carbon_, {failed, std::nullopt}, 1),
               std::invalid_argument);
}

TEST(TuningCost, WithoutAnEnqueuedTrialTheBaselineIsTheMostAccurate) {
  testing::FixtureOptions options;
  options.baseline = false;
  const FixtureStudy study(options);
  const auto& trials = study.trials;
  const TuningCost c = tuning_cost(study.record, trials, {100, 1, "test"}, {}, std::nullopt);
  std::int64_t best = -1;
  double best_accuracy = -1;
  for (const study::Trial& t : trials) {
    if (t.state == study::TrialState::complete && t.values[0] > best_accuracy) {
      best_accuracy = t.values[0];
      best = t.number;
    }
  }
  EXPECT_EQ(c.baseline_trial, std::optional<std::int64_t>(best));
  EXPECT_FALSE(c.chosen_trial);
  EXPECT_FALSE(c.break_even_inferences);
  EXPECT_NE(c.sentences.back().find("No break-even"), std::string::npos);
}

}  // namespace
}  // namespace ecopt::report
