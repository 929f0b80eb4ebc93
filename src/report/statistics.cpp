#include "ecopt/report/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ecopt::report {
namespace {

/// The means of x and y and their centred sums of products, which correlation and least
/// squares are both made of.
struct Moments {
  double mean_x = 0.0, mean_y = 0.0;
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
};

Moments moments(std::span<const double> x, std::span<const double> y) {
  const auto n = static_cast<double>(x.size());
  Moments m;
  m.mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
  m.mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  for (std::size_t i = 0; i < x.size(); ++i) {
    m.sxy += (x[i] - m.mean_x) * (y[i] - m.mean_y);
    m.sxx += (x[i] - m.mean_x) * (x[i] - m.mean_x);
    m.syy += (y[i] - m.mean_y) * (y[i] - m.mean_y);
  }
  return m;
}

std::optional<double> pearson(std::span<const double> x, std::span<const double> y) {
  const Moments m = moments(x, y);
  if (!(m.sxx > 0.0) || !(m.syy > 0.0)) return std::nullopt;
  return m.sxy / std::sqrt(m.sxx * m.syy);
}

int sign(double v) {
  return (v > 0.0) - (v < 0.0);
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    // Positions i..j (0-based) hold ranks i+1..j+1; ties share their mean.
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

std::optional<double> spearman(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) return std::nullopt;
  const std::vector<double> rx = average_ranks(x);
  const std::vector<double> ry = average_ranks(y);
  return pearson(rx, ry);
}

std::optional<double> kendall_tau_b(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size() || x.size() < 2) return std::nullopt;
  long long concordant_minus_discordant = 0;
  long long tied_x = 0, tied_y = 0, pairs = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      ++pairs;
      const int sx = sign(x[i] - x[j]);
      const int sy = sign(y[i] - y[j]);
      if (sx == 0) ++tied_x;
      if (sy == 0) ++tied_y;
      concordant_minus_discordant += sx * sy;
    }
  }
  const double denominator =
      std::sqrt(static_cast<double>(pairs - tied_x) * static_cast<double>(pairs - tied_y));
  if (!(denominator > 0.0)) return std::nullopt;
  return static_cast<double>(concordant_minus_discordant) / denominator;
}

std::optional<PowerLawFit> fit_power_law(std::span<const double> x, std::span<const double> y) {
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (x[i] > 0.0 && y[i] > 0.0 && std::isfinite(x[i]) && std::isfinite(y[i])) {
      lx.push_back(std::log(x[i]));
      ly.push_back(std::log(y[i]));
    }
  }
  if (lx.size() < 3) return std::nullopt;
  const Moments m = moments(lx, ly);
  if (!(m.sxx > 1e-300)) return std::nullopt;
  PowerLawFit fit;
  fit.exponent = m.sxy / m.sxx;
  fit.prefactor = std::exp(m.mean_y - fit.exponent * m.mean_x);
  // R^2 = 1 - SS_res / SS_tot; a constant y is fitted perfectly.
  fit.r_squared = m.syy > 0.0 ? (m.sxy * m.sxy) / (m.sxx * m.syy) : 1.0;
  fit.points = lx.size();
  return fit;
}

}  // namespace ecopt::report
