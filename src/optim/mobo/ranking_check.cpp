#include "ranking_check.hpp"

#include <random>

namespace ecopt::optim::mobo {

double ranking_loss(const Eigen::VectorXd& predicted, const Eigen::VectorXd& observed,
                    const std::vector<Eigen::Index>& rows) {
  double loss = 0.0;
  for (std::size_t a = 0; a < rows.size(); ++a) {
    for (std::size_t b = a + 1; b < rows.size(); ++b) {
      const double dp = predicted(rows[a]) - predicted(rows[b]);
      const double dy = observed(rows[a]) - observed(rows[b]);
      if (dy == 0.0) continue;  // the same observation drawn twice: no order to get wrong
      if (dp == 0.0)
        loss += 0.5;
      else if ((dp < 0.0) != (dy < 0.0))
        loss += 1.0;
    }
  }
  return loss;
}

double earlier_ranks_better(const Eigen::VectorXd& earlier, const Eigen::VectorXd& own,
                            const Eigen::VectorXd& observed, std::uint64_t seed, int resamples) {
  const Eigen::Index n = observed.size();
  if (n < 2 || resamples <= 0) return 0.5;
  std::mt19937_64 rng(seed);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  double wins = 0.0;
  for (int r = 0; r < resamples; ++r) {
    for (Eigen::Index& row : rows)
      row = static_cast<Eigen::Index>(rng() % static_cast<std::uint64_t>(n));
    const double earlier_loss = ranking_loss(earlier, observed, rows);
    const double own_loss = ranking_loss(own, observed, rows);
    wins += earlier_loss < own_loss ? 1.0 : earlier_loss == own_loss ? 0.5 : 0.0;
  }
  return wins / static_cast<double>(resamples);
}

}  // namespace ecopt::optim::mobo
