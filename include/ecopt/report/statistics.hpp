#pragma once
// Rank correlations and a power-law fit: the statistics behind the proxy section.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace ecopt::report {

/// Ranks from 1, ties sharing the mean of the ranks they span (1, 2.5, 2.5, 4).
[[nodiscard]] std::vector<double> average_ranks(std::span<const double> values);

/// Spearman's rho: Pearson's correlation of the average ranks, which is the tie-corrected
/// form. nullopt for fewer than 2 pairs, unequal lengths, or a constant variable.
[[nodiscard]] std::optional<double> spearman(std::span<const double> x, std::span<const double> y);

/// Kendall's tau-b (Kendall 1945), corrected for ties in either variable:
/// (concordant - discordant) / sqrt((n0 - ties_x) (n0 - ties_y)), n0 = n(n-1)/2, where
/// ties_x counts the pairs tied in x. O(n^2). nullopt as for spearman.
[[nodiscard]] std::optional<double> kendall_tau_b(std::span<const double> x,
                                                  std::span<const double> y);

/// y = prefactor * x^exponent, by least squares on log y against log x.
struct PowerLawFit {
  double exponent = 0.0;
  double prefactor = 0.0;
  double r_squared = 0.0;  ///< of the fit in log-log space
  std::size_t points = 0;
};

/// Fits the pairs with x > 0 and y > 0 (others are skipped). nullopt for fewer than 3 such
/// pairs or no spread in x.
[[nodiscard]] std::optional<PowerLawFit> fit_power_law(std::span<const double> x,
                                                       std::span<const double> y);

}  // namespace ecopt::report
