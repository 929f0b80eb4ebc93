#pragma once
// Whether an earlier study's model ranks the new study's observations at least as well as
// the new study's own model: the check that decides, at every suggestion, if a warm start
// is used at all (docs/optimizers.md, "Warm start").
//
// This is the weighting of RGPE (Feurer, Letham, Hutter and Bakshy 2018, "Scalable
// meta-learning for Bayesian optimization", section 4): a model's loss is the number of
// pairs of observations it orders wrongly, the new study's own model is scored by its
// leave-one-out means (it must not score points it was fitted to), and each model's weight
// is the share of bootstrap resamples of the observations in which its loss is the
// smallest. RGPE mixes the models by those weights; ecopt keeps a single model (the
// earlier mean as a prior mean, gp/prior_mean.hpp) and uses it only where RGPE would give
// the earlier model at least the new one's weight.

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace ecopt::optim::mobo {

/// Resamples per check: the share is known to about +-0.06 (binomial, 64 draws).
inline constexpr int kRankingResamples = 64;

/// The number of pairs (i, j), i < j, among `rows` of `predicted` and `observed` that
/// `predicted` orders differently from `observed` (a tie in either counts one half).
[[nodiscard]] double ranking_loss(const Eigen::VectorXd& predicted, const Eigen::VectorXd& observed,
                                  const std::vector<Eigen::Index>& rows);

/// The share of `resamples` bootstrap resamples of the observations (rows drawn with
/// replacement, seeded by `seed`) in which `earlier` orders `observed` with a smaller
/// ranking loss than `own` does, ties counting one half. `own`: the new study's
/// leave-one-out means. 0.5 with fewer than two observations (nothing to compare).
[[nodiscard]] double earlier_ranks_better(const Eigen::VectorXd& earlier,
                                          const Eigen::VectorXd& own,
                                          const Eigen::VectorXd& observed, std::uint64_t seed,
                                          int resamples = kRankingResamples);

}  // namespace ecopt::optim::mobo
