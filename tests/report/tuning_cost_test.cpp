// Break-even arithmetic and the choice of chosen model and baseline.
#include <gtest/gtest.h>

#include "ecopt/report/frontier.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/report/tuning_cost.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

TEST(BreakEven, IsTuningEnergyOverTheSaving) {
  // 1 MJ of tuning, 2 mJ saved per inference: 5e8 inferences.
  EXPECT_DOUBLE_EQ(*break_even_inferences(1e6, 0.002), 5e8);
  EXPECT_DOUBLE_EQ(*break_even_inferences(3600.0, 0.5), 7200.0);
  EXPECT_FALSE(break_even_inferences(1e6, 0.0));
  EXPECT_FALSE(break_even_inferences(1e6, -0.001));
}

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
  const double baseline = trial(0).metrics.at("energy.inference.per_sample");
  const double chosen = trial(knee).metrics.at("energy.inference.per_sample");
  ASSERT_TRUE(c.saving_per_inference_j && c.break_even_inferences);
  EXPECT_DOUBLE_EQ(*c.saving_per_inference_j, baseline - chosen);
  EXPECT_DOUBLE_EQ(*c.break_even_inferences, c.energy_j / (baseline - chosen));
  EXPECT_DOUBLE_EQ(*c.saving_per_inference_g, (baseline - chosen) / 3.6e6 * 100.0 * 1.2);
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
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  testing::FixtureOptions options;
  options.baseline = false;
  testing::make_fixture_study(*storage, options);
  const auto record = *storage->find_study("fashion-cnn");
  const auto trials = storage->trials(record.id);
  const TuningCost c = tuning_cost(record, trials, {100, 1, "test"}, {}, std::nullopt);
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
