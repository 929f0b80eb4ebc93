#include "ecopt/optim/acquisition/ehvi.hpp"

#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "ecopt/optim/acquisition/normal.hpp"
#include "ecopt/optim/sobol.hpp"

namespace ecopt::optim::acquisition {
namespace {
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

// log of the integral of Phi((t - mean)/sd) from -inf to u.
double log_integral(double u, double mean, double sd) {
  if (u == kMinusInf) return kMinusInf;
  return std::log(sd) + log_h((u - mean) / sd);
}
}  // namespace

double log_ehvi(const NondominatedBoxes& boxes, std::span<const double> mean,
                std::span<const double> sd) {
  const std::size_t m = boxes.dimension();
  // log of each interval's factor, per objective.
  std::vector<std::vector<double>> factor(m);
  for (std::size_t k = 0; k < m; ++k) {
    const double s = std::max(sd[k], 1e-12);
    for (const Interval& in : boxes.intervals()[k]) {
      const double upper = log_integral(in.upper, mean[k], s);
      const double lower = log_integral(in.lower, mean[k], s);
      factor[k].push_back(lower == kMinusInf ? upper : upper + log1mexp(lower - upper));
    }
  }
  // log-sum-exp over boxes, two passes: the maximum first.
  std::vector<double> terms(boxes.box_count());
  double largest = kMinusInf;
  for (std::size_t b = 0; b < boxes.box_count(); ++b) {
    const auto ids = boxes.box(b);
    double t = 0.0;
    for (std::size_t k = 0; k < m; ++k) t += factor[k][ids[k]];
    terms[b] = t;
    largest = std::max(largest, t);
  }
  if (largest == kMinusInf || std::isnan(largest)) return kMinusInf;
  double sum = 0.0;
  for (double t : terms) sum += std::exp(t - largest);
  return largest + std::log(sum);
}

double mc_ehvi(const NondominatedBoxes& boxes, std::span<const double> mean,
               std::span<const double> sd, const Eigen::MatrixXd& standard_normal_samples) {
  const std::size_t m = boxes.dimension();
  std::vector<double> z(m);
  double total = 0.0;
  for (Eigen::Index i = 0; i < standard_normal_samples.rows(); ++i) {
    for (std::size_t k = 0; k < m; ++k)
      z[k] = mean[k] + sd[k] * standard_normal_samples(i, static_cast<Eigen::Index>(k));
    total += boxes.improvement(z);
  }
  return total / static_cast<double>(standard_normal_samples.rows());
}

Eigen::MatrixXd normal_samples(std::size_t count, std::size_t dimension, std::uint64_t seed) {
  const SobolSequence sobol(dimension, seed);
  Eigen::MatrixXd samples(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(dimension));
  for (std::size_t i = 0; i < count; ++i) {
    const std::vector<double> u = sobol.point(i);
    for (std::size_t k = 0; k < dimension; ++k) {
      // Keep u inside (0, 1): a scrambled point is never exactly 0, but guard anyway.
      const double p = std::clamp(u[k], 1e-12, 1.0 - 1e-12);
      samples(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) =
          -std::numbers::sqrt2 * boost::math::erfc_inv(2.0 * p);
    }
  }
  return samples;
}

double log_expected_improvement(double mean, double sd, double best) {
  const double s = std::max(sd, 1e-12);
  return std::log(s) + log_h((best - mean) / s);
}

double log_probability_below(double mean, double sd, double threshold) {
  return log_normal_cdf((threshold - mean) / std::max(sd, 1e-12));
}

}  // namespace ecopt::optim::acquisition
