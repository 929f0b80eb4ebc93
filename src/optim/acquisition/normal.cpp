#include "ecopt/optim/acquisition/normal.hpp"

#include <cmath>
#include <limits>
#include <numbers>

namespace ecopt::optim::acquisition {
namespace {

constexpr double kInvSqrt2Pi = 0.3989422804014327;
const double kLogSqrt2Pi = 0.5 * std::log(2.0 * std::numbers::pi);

// erfcx(t) = exp(t^2) erfc(t) for t >= 0. Below 5 the direct product is exact enough
// (erfc(5) = 1.5e-12 is far from underflow); above, the continued fraction
// erfcx(t) = 1/sqrt(pi) * 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))) converges fast.
double erfcx(double t) {
  if (t < 5.0) return std::exp(t * t) * std::erfc(t);
  double fraction = t;
  for (int k = 60; k >= 1; --k) fraction = t + (0.5 * k) / fraction;
  return 1.0 / (std::sqrt(std::numbers::pi) * fraction);
}

// Phi(z) / phi(z) (Mills' ratio of the lower tail), for z <= 0.
double lower_mills_ratio(double z) {
  return std::sqrt(std::numbers::pi / 2.0) * erfcx(-z / std::numbers::sqrt2);
}

}  // namespace

double normal_pdf(double z) {
  return kInvSqrt2Pi * std::exp(-0.5 * z * z);
}

double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double log_normal_cdf(double z) {
  if (z > -5.0) return std::log(normal_cdf(z));
  return -0.5 * z * z - kLogSqrt2Pi + std::log(lower_mills_ratio(z));
}

double log_h(double z) {
  if (z > -1.0) return std::log(z * normal_cdf(z) + normal_pdf(z));
  const double log_pdf = -0.5 * z * z - kLogSqrt2Pi;
  if (z > -1e3) {
    // h = phi (1 + z R) with R = Phi/phi; the cancellation in 1 + zR costs about
    // eps * z^2 relative, below 1e-9 here.
    return log_pdf + std::log1p(z * lower_mills_ratio(z));
  }
  // Asymptotic series: h/phi = 1/z^2 - 3/z^4 + 15/z^6 - ...
  const double inv2 = 1.0 / (z * z);
  return log_pdf + std::log(inv2) + std::log1p(-3.0 * inv2 + 15.0 * inv2 * inv2);
}

double log1mexp(double x) {
  if (x >= 0.0) return -std::numeric_limits<double>::infinity();
  return x > -std::numbers::ln2 ? std::log(-std::expm1(x)) : std::log1p(-std::exp(x));
}

double log_add_exp(double a, double b) {
  if (a == -std::numeric_limits<double>::infinity()) return b;
  if (b == -std::numeric_limits<double>::infinity()) return a;
  const double hi = std::max(a, b);
  return hi + std::log1p(std::exp(std::min(a, b) - hi));
}

}  // namespace ecopt::optim::acquisition
