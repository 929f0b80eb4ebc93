// Acquisition maths: log-space normal functions, the box decomposition, exact EHVI
// against Monte Carlo and against hypervolume improvement, LogEI, feasibility.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ecopt/optim/acquisition/ehvi.hpp"
#include "ecopt/optim/acquisition/nondominated_boxes.hpp"
#include "ecopt/optim/acquisition/normal.hpp"
#include "ecopt/pareto/hypervolume.hpp"

namespace ecopt::optim::acquisition {
namespace {

pareto::PointSet random_front(std::size_t n, std::size_t m, std::uint64_t seed) {
  // Points on the simplex-like surface sum(y) = 1 are mutually non-dominated.
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> e(1.0);
  pareto::PointSet front;
  front.dimension = m;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> p(m);
    double total = 0;
    for (double& v : p) total += (v = e(rng));
    for (double& v : p) v /= total;
    front.add(p);
  }
  return front;
}

TEST(NormalLog, AgreesWithDirectFormulasWhereTheyAreAccurate) {
  for (double z : {-4.0, -2.5, -1.0, -0.3, 0.0, 0.7, 2.0, 5.0}) {
    const double h = z * normal_cdf(z) + normal_pdf(z);
    EXPECT_NEAR(log_h(z), std::log(h), 1e-10) << z;
    EXPECT_NEAR(log_normal_cdf(z), std::log(normal_cdf(z)), 1e-10) << z;
  }
}

TEST(NormalLog, StaysFiniteAndMonotoneFarInTheTail) {
  double previous_h = log_h(-1.0), previous_cdf = log_normal_cdf(-1.0);
  for (double z = -2.0; z > -1e6; z *= 1.7) {
    const double h = log_h(z), cdf = log_normal_cdf(z);
    ASSERT_TRUE(std::isfinite(h)) << z;
    ASSERT_TRUE(std::isfinite(cdf)) << z;
    EXPECT_LT(h, previous_h) << z;
    EXPECT_LT(cdf, previous_cdf) << z;
    previous_h = h;
    previous_cdf = cdf;
  }
  // Asymptotics: log Phi(z) ~ -z^2/2 - log(-z) - log sqrt(2 pi); log h ~ log Phi - log(z^2)/2...
  // checked at z = -40.
  const double z = -40.0;
  EXPECT_NEAR(log_normal_cdf(z),
              -0.5 * z * z - std::log(-z) - 0.5 * std::log(2 * M_PI) +
                  std::log1p(-1 / (z * z) + 3 / (z * z * z * z)),
              1e-8);
  EXPECT_NEAR(log_h(z),
              -0.5 * z * z - 0.5 * std::log(2 * M_PI) - 2 * std::log(-z) + std::log1p(-3 / (z * z)),
              1e-5);
  EXPECT_NEAR(log1mexp(-1e-10), std::log(1e-10), 1e-6);
  EXPECT_NEAR(log1mexp(-50.0), -std::exp(-50.0), 1e-30);
}

TEST(NondominatedBoxes, ImprovementEqualsHypervolumeImprovement) {
  for (std::size_t m : {2u, 3u}) {
    const pareto::PointSet front = random_front(12, m, 10 + m);
    const std::vector<double> reference(m, 1.2);
    const NondominatedBoxes boxes(front, reference);
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(-0.2, 1.3);
    for (int t = 0; t < 200; ++t) {
      std::vector<double> z(m);
      for (double& v : z) v = u(rng);
      EXPECT_NEAR(boxes.improvement(z), pareto::hypervolume_improvement(front, z, reference), 1e-12)
          << "m = " << m;
    }
  }
}

TEST(Ehvi, ExactFormEqualsMonteCarlo) {
  for (std::size_t m : {2u, 3u}) {
    const pareto::PointSet front = random_front(8, m, 20 + m);
    const NondominatedBoxes boxes(front, std::vector<double>(m, 1.1));
    const Eigen::MatrixXd samples = normal_samples(1 << 16, m, 5);
    const std::vector<std::vector<double>> means = {
        std::vector<double>(m, 0.3), std::vector<double>(m, 0.6), std::vector<double>(m, 1.0)};
    for (const auto& mean : means) {
      const std::vector<double> sd(m, 0.2);
      const double exact = std::exp(log_ehvi(boxes, mean, sd));
      const double mc = mc_ehvi(boxes, mean, sd, samples);
      EXPECT_NEAR(exact, mc, 2e-3 * std::max(exact, 1e-3)) << "m = " << m << " mean " << mean[0];
    }
  }
}

TEST(Ehvi, WithoutUncertaintyIsTheImprovementOfTheMean) {
  const pareto::PointSet front = random_front(6, 2, 30);
  const std::vector<double> reference{1.0, 1.0};
  const NondominatedBoxes boxes(front, reference);
  const std::vector<double> mean{0.2, 0.3};
  const std::vector<double> sd{1e-9, 1e-9};
  EXPECT_NEAR(std::exp(log_ehvi(boxes, mean, sd)),
              pareto::hypervolume_improvement(front, mean, reference), 1e-7);
}

TEST(Ehvi, LogFormKeepsRankingWhereEhviUnderflows) {
  // Two candidates far behind the front: plain EHVI is 0 for both, log EHVI still
  // prefers the nearer one (the point of LogEHVI).
  const pareto::PointSet front = random_front(5, 2, 40);
  const NondominatedBoxes boxes(front, {1.0, 1.0});
  const std::vector<double> sd{0.01, 0.01};
  const double near = log_ehvi(boxes, std::vector<double>{1.5, 1.5}, sd);
  const double far = log_ehvi(boxes, std::vector<double>{2.5, 2.5}, sd);
  EXPECT_EQ(std::exp(near), 0.0);
  ASSERT_TRUE(std::isfinite(far));
  EXPECT_GT(near, far);
}

TEST(Ehvi, EmptyFrontIsTheExpectedDominatedBox) {
  pareto::PointSet none;
  none.dimension = 2;
  const NondominatedBoxes boxes(none, {0.0, 0.0});
  EXPECT_EQ(boxes.box_count(), 1u);
  // Mean at the reference with sd 1: each factor is h(0) = phi(0).
  EXPECT_NEAR(
      std::exp(log_ehvi(boxes, std::vector<double>{0.0, 0.0}, std::vector<double>{1.0, 1.0})),
      normal_pdf(0) * normal_pdf(0), 1e-12);
}

TEST(ExpectedImprovement, MatchesClosedForm) {
  const double mean = 0.4, sd = 0.3, best = 0.5;
  const double z = (best - mean) / sd;
  EXPECT_NEAR(std::exp(log_expected_improvement(mean, sd, best)),
              (best - mean) * normal_cdf(z) + sd * normal_pdf(z), 1e-12);
}

TEST(ProbabilityOfFeasibility, IsTheNormalCdf) {
  EXPECT_NEAR(std::exp(log_probability_below(0.0, 1.0, 0.0)), 0.5, 1e-12);
  EXPECT_NEAR(std::exp(log_probability_below(1.0, 2.0, 3.0)), normal_cdf(1.0), 1e-12);
  EXPECT_LT(log_probability_below(10.0, 0.1, 0.0), -4000.0);
}

}  // namespace
}  // namespace ecopt::optim::acquisition
