// Sobol indices: the estimators on functions whose indices are known in closed form, and
// the GP-based analysis on studies whose objective is such a function.
#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/report/importance.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "storage/temp_dir.hpp"

namespace ecopt::report {
namespace {

TEST(SobolIndices, AdditiveFunction) {
  // y = 4 u1 + u2 with u uniform: Var = 16/12 + 1/12, so S1 = ST1 = 16/17, S2 = ST2 = 1/17;
  // a third input that f ignores has indices 0.
  const auto f = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    return 4.0 * u.col(0) + u.col(1);
  };
  const SobolIndices s = sobol_indices(f, 3, 4096, 1);
  EXPECT_NEAR(s.first_order[0], 16.0 / 17.0, 0.01);
  EXPECT_NEAR(s.first_order[1], 1.0 / 17.0, 0.01);
  EXPECT_NEAR(s.total[0], 16.0 / 17.0, 0.01);
  EXPECT_NEAR(s.total[1], 1.0 / 17.0, 0.01);
  EXPECT_NEAR(s.first_order[2], 0.0, 1e-12);
  EXPECT_NEAR(s.total[2], 0.0, 1e-12);
  EXPECT_NEAR(s.variance, 17.0 / 12.0, 0.01);
}

TEST(SobolIndices, ProductHasInteractions) {
  // y = u1 u2: Var = 1/9 - 1/16 = 7/144; V1 = V2 = Var(u/2) = 1/48, V12 = 1/144. So
  // S1 = S2 = 3/7 and ST1 = ST2 = 4/7.
  const auto f = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    return u.col(0).cwiseProduct(u.col(1));
  };
  const SobolIndices s = sobol_indices(f, 2, 4096, 2);
  EXPECT_NEAR(s.first_order[0], 3.0 / 7.0, 0.02);
  EXPECT_NEAR(s.first_order[1], 3.0 / 7.0, 0.02);
  EXPECT_NEAR(s.total[0], 4.0 / 7.0, 0.02);
  EXPECT_NEAR(s.total[1], 4.0 / 7.0, 0.02);
}

TEST(SobolIndices, ConstantFunctionHasNoIndices) {
  const auto f = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    return Eigen::VectorXd::Constant(u.rows(), 3.0);
  };
  const SobolIndices s = sobol_indices(f, 2, 64, 0);
  EXPECT_EQ(s.first_order, (std::vector<double>{0.0, 0.0}));
  EXPECT_EQ(s.total, (std::vector<double>{0.0, 0.0}));
}

/// A study of `trials` Sobol trials whose one objective is `y(params)`.
study::Study run_study(storage::Storage& storage, const std::string& parameters, int trials,
                       const std::function<double(const space::Params&)>& y) {
  study::Study study = study::Study::create(
      storage, study::parse_study_config("name: known\nparameters:\n" + parameters +
                                             "objectives:\n  - {name: y, goal: minimize}\n"
                                             "sampler: {name: sobol, seed: 5}\n",
                                         "known.yaml"));
  for (int i = 0; i < trials; ++i) {
    const study::Trial t = study.ask();
    EXPECT_TRUE(study.tell(t, {y(t.params)}).recorded);
  }
  return study;
}

TEST(Importance, GpOnAnAdditiveObjectiveGivesItsIndices) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  const study::Study study = run_study(
      *storage, "  x1: {type: float, low: 0, high: 1}\n  x2: {type: float, low: 0, high: 1}\n", 40,
      [](const space::Params& p) {
        return 4.0 * std::get<double>(p.at("x1")) + std::get<double>(p.at("x2"));
      });
  const auto result = analyse_importance(study.config(), study.trials());
  ASSERT_EQ(result.size(), 1u);
  const ObjectiveImportance& imp = result[0];
  ASSERT_TRUE(imp.available) << imp.note;
  EXPECT_EQ(imp.trials_used, 40u);
  EXPECT_FALSE(imp.log_output);
  ASSERT_EQ(imp.parameters.size(), 2u);
  EXPECT_EQ(imp.parameters[0].parameter, "x1");
  EXPECT_NEAR(imp.parameters[0].first_order, 16.0 / 17.0, 0.03);
  EXPECT_NEAR(imp.parameters[0].total, 16.0 / 17.0, 0.03);
  EXPECT_NEAR(imp.parameters[1].first_order, 1.0 / 17.0, 0.03);
  // Partial dependence on x1: a line of slope 4 (plus the mean of x2, 1/2).
  ASSERT_FALSE(imp.partial_dependence.empty());
  const PartialDependence& pd = imp.partial_dependence[0];
  EXPECT_EQ(pd.parameter, "x1");
  ASSERT_EQ(pd.points.size(), 21u);
  for (const PartialDependencePoint& p : pd.points) EXPECT_NEAR(p.mean, 4.0 * p.x + 0.5, 0.1);

  // Deterministic: the same study and seed give the same numbers.
  const auto again = analyse_importance(study.config(), study.trials());
  EXPECT_EQ(again[0].parameters[0].first_order, imp.parameters[0].first_order);
  EXPECT_EQ(again[0].parameters[1].total, imp.parameters[1].total);
}

TEST(Importance, ACategoricalCountsAsOneParameter) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  const study::Study study = run_study(
      *storage,
      "  opt: {type: categorical, choices: [adam, sgd, rmsprop]}\n"
      "  x: {type: float, low: 0, high: 1}\n  unused: {type: int, low: 1, high: 8}\n",
      40, [](const space::Params& p) {
        const std::string& opt = std::get<std::string>(p.at("opt"));
        return (opt == "adam" ? 0.0 : opt == "sgd" ? 2.0 : 4.0) + 0.2 * std::get<double>(p.at("x"));
      });
  const auto result = analyse_importance(study.config(), study.trials());
  const ObjectiveImportance& imp = result[0];
  ASSERT_TRUE(imp.available) << imp.note;
  ASSERT_EQ(imp.parameters.size(), 3u);  // opt's three one-hot coordinates are one parameter
  EXPECT_EQ(imp.parameters[0].parameter, "opt");
  // Var(opt effect) = 8/3, Var(0.2 x) = 0.04/12: S_opt = 0.99876.
  EXPECT_NEAR(imp.parameters[0].first_order, 0.9988, 0.03);
  EXPECT_LT(imp.parameters[2].total, 0.03);
  const PartialDependence& pd = imp.partial_dependence[0];
  EXPECT_TRUE(pd.categorical);
  ASSERT_EQ(pd.points.size(), 3u);
  EXPECT_EQ(pd.points[0].label, "adam");
  EXPECT_NEAR(pd.points[1].mean - pd.points[0].mean, 2.0, 0.2);
}

TEST(Importance, SaysWhyWhenThereAreTooFewTrials) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  const study::Study study =
      run_study(*storage, "  x: {type: float, low: 0, high: 1}\n", 3,
                [](const space::Params& p) { return std::get<double>(p.at("x")); });
  const auto result = analyse_importance(study.config(), study.trials());
  EXPECT_FALSE(result[0].available);
  EXPECT_NE(result[0].note.find("needs at least 8 COMPLETE trials"), std::string::npos)
      << result[0].note;
}

}  // namespace
}  // namespace ecopt::report
