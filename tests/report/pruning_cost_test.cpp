// What the report says pruning did: energy of pruned trials, the estimate of finishing
// them from completed trials' energy per step, and the break-even without pruning.
#include "ecopt/report/pruning_cost.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/report/html_writer.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/report/study_report.hpp"

namespace ecopt::report {
namespace {

/// A trial whose curve reaches `last_step` with `energy_per_step_j` per step.
study::Trial curve(std::int64_t number, study::TrialState state, std::int64_t last_step,
                   double energy_per_step_j) {
  study::Trial t;
  t.number = number;
  t.state = state;
  for (std::int64_t s = 1; s <= last_step; ++s)
    t.intermediate[s] = {{"accuracy", 0.5}, {"energy.total", energy_per_step_j * s}};
  study::PhaseMeasurement total;
  total.phase = "total";
  total.energy_j["cpu"] = energy_per_step_j * static_cast<double>(last_step) + 1.0;
  t.phases.push_back(total);
  return t;
}

TEST(PruningCost, EstimatesFinishingThePrunedTrialsFromCompletedOnes) {
  using study::TrialState;
  // Completed: 10 steps at 2 J and 4 J per step (mean 3 J), 12 steps; median last step 12.
  const std::vector<study::Trial> trials = {
      curve(0, TrialState::complete, 10, 2.0), curve(1, TrialState::complete, 12, 4.0),
      curve(2, TrialState::pruned, 3, 5.0), curve(3, TrialState::pruned, 1, 1.0),
      curve(4, TrialState::fail, 2, 1.0)};
  TuningCost cost;
  cost.break_even_energy_j = 100.0;
  cost.saving_per_inference_j = 0.5;
  const PruningCost p = pruning_cost(trials, cost, {{"accuracy", study::Goal::maximize}});
  ASSERT_EQ(p.trials.size(), 2u);
  EXPECT_DOUBLE_EQ(p.pruned_energy_j, 16.0 + 2.0);  // their total phases
  EXPECT_DOUBLE_EQ(*p.energy_per_step_j, 3.0);
  EXPECT_EQ(*p.completed_steps, 12);
  EXPECT_DOUBLE_EQ(*p.trials[0].finish_estimate_j, 3.0 * 9);   // steps 4 .. 12
  EXPECT_DOUBLE_EQ(*p.trials[1].finish_estimate_j, 3.0 * 11);  // steps 2 .. 12
  EXPECT_DOUBLE_EQ(*p.saved_energy_j, 60.0);
  EXPECT_DOUBLE_EQ(*p.break_even_without_pruning, (100.0 + 60.0) / 0.5);
  // The spread of 2 and 4 J per step is sqrt(2) J; the pruned trials had 9 and 11 steps
  // left: sqrt(2) x sqrt(9^2 + 11^2 + 20^2 / 2).
  EXPECT_DOUBLE_EQ(*p.energy_per_step_sd_j, std::sqrt(2.0));
  EXPECT_NEAR(*p.saved_energy_uncertainty_j, std::sqrt(2.0) * std::sqrt(81.0 + 121.0 + 200.0),
              1e-9);
  ASSERT_TRUE(p.break_even_without_pruning_range);
  EXPECT_NEAR(p.break_even_without_pruning_range->low,
              (160.0 - *p.saved_energy_uncertainty_j) / 0.5, 1e-9);
  EXPECT_NEAR(*p.break_even_without_pruning_range->high,
              (160.0 + *p.saved_energy_uncertainty_j) / 0.5, 1e-9);
  ASSERT_EQ(p.sentences.size(), 3u);
  EXPECT_NE(p.sentences[1].find("about 60 J +- 28.4 J more"), std::string::npos) << p.sentences[1];
  EXPECT_NE(p.sentences[0].find("2 trials were pruned"), std::string::npos) << p.sentences[0];
  // Curves of the completed and pruned trials, pruned ones marked; the failed one left out.
  EXPECT_EQ(p.learning.metric, "accuracy");
  ASSERT_EQ(p.learning.curves.size(), 4u);
  EXPECT_FALSE(p.learning.curves[1].pruned);
  EXPECT_TRUE(p.learning.curves[2].pruned);
  EXPECT_EQ(p.learning.curves[2].points.size(), 3u);
}

/// A report whose section 6 has the break-even (100 J of tuning, 0.5 J saved per
/// inference: 200 inferences) and the pruning of the test above (60 J to finish them).
StudyReport report_with_pruning(bool saving = true) {
  using study::TrialState;
  StudyReport r;
  r.cost.energy_j = r.cost.break_even_energy_j = 100.0;
  if (saving) {
    r.cost.saving_per_inference_j = 0.5;
    r.cost.break_even_inferences = 200.0;
  }
  r.pruning = pruning_cost(
      {curve(0, TrialState::complete, 10, 2.0), curve(1, TrialState::complete, 12, 4.0),
       curve(2, TrialState::pruned, 3, 5.0), curve(3, TrialState::pruned, 1, 1.0)},
      r.cost, {{"accuracy", study::Goal::maximize}});
  return r;
}

TEST(PruningCost, TheReportShowsHowTheBreakEvenMoved) {
  const StudyReport r = report_with_pruning();
  const std::string md = report_markdown(r);
  for (const char* row : {"| pruned trials | 2 (stopped after step 1 to 3) |",
                          "| energy used by pruned trials | 18 J |",
                          "| completed trials' energy per step | 3 J (median last step 12, "
                          "standard deviation 1.41 J) |",
                          "| finishing the pruned trials (estimate) | 60 J +- 28.4 J |",
                          "| study energy without pruning (estimate) | 160 J +- 28.4 J |",
                          "| break-even without pruning (estimate) | 320 inferences (263 to 377 "
                          "within one standard uncertainty), against 200 with it |"}) {
    EXPECT_NE(md.find(row), std::string::npos) << row << "\n" << md;
  }
  // The chart: each line's break-even marked where it crosses zero, with its numbers.
  const std::string html = report_html(r);
  EXPECT_NE(html.find("Break-even with and without pruning"), std::string::npos);
  EXPECT_NE(html.find("with pruning: break-even after 200 inferences (100 J of tuning)"),
            std::string::npos);
  EXPECT_NE(html.find("without pruning (estimate): break-even after 320 inferences (160 J +- "
                      "28.4 J of tuning)"),
            std::string::npos);
}

TEST(PruningCost, OneCompletedCurveGivesNoUncertainty) {
  using study::TrialState;
  TuningCost cost;
  cost.break_even_energy_j = 100.0;
  cost.saving_per_inference_j = 0.5;
  const PruningCost p = pruning_cost(
      {curve(0, TrialState::complete, 4, 2.0), curve(1, TrialState::pruned, 1, 2.0)}, cost, {});
  EXPECT_DOUBLE_EQ(*p.saved_energy_j, 6.0);
  EXPECT_FALSE(p.energy_per_step_sd_j);
  EXPECT_FALSE(p.saved_energy_uncertainty_j);
  ASSERT_TRUE(p.break_even_without_pruning_range);  // the saving's own range only
  EXPECT_DOUBLE_EQ(p.break_even_without_pruning_range->low, 212.0);
  EXPECT_NE(p.sentences[1].find("no spread, no uncertainty"), std::string::npos) << p.sentences[1];
}

TEST(PruningCost, NoBreakEvenChartWithoutASaving) {
  const StudyReport r = report_with_pruning(false);
  const std::string md = report_markdown(r);
  EXPECT_NE(md.find("| finishing the pruned trials (estimate) | 60 J +- 28.4 J |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("break-even without pruning"), std::string::npos) << md;
  EXPECT_EQ(report_html(r).find("Break-even with and without pruning"), std::string::npos);
}

TEST(PruningCost, SaysNothingWithoutPrunedTrialsAndNoEstimateWithoutCurves) {
  TuningCost cost;
  EXPECT_TRUE(
      pruning_cost({curve(0, study::TrialState::complete, 3, 1.0)}, cost, {}).sentences.empty());
  study::Trial flat = curve(0, study::TrialState::complete, 3, 1.0);
  flat.intermediate.clear();
  const PruningCost p = pruning_cost({flat, curve(1, study::TrialState::pruned, 2, 1.0)}, cost, {});
  EXPECT_FALSE(p.saved_energy_j);
  EXPECT_FALSE(p.break_even_without_pruning);
  ASSERT_EQ(p.sentences.size(), 2u);
  EXPECT_NE(p.sentences[1].find("not estimated"), std::string::npos) << p.sentences[1];
}

}  // namespace
}  // namespace ecopt::report
