#pragma once
// A warm-started MOBO's view of the earlier study (docs/optimizers.md, "Warm start"): one
// GP per objective fitted once on the earlier study's trials. Their posterior means become
// prior means of this study's objective models (gp::GaussianProcess with a prior source):
// the transfer of Golovin et al. 2017 (Google Vizier, where each study's GP models the
// residuals of the study before), with the earlier model's weight learnt from the new
// trials instead of fixed at 1, so an earlier study that disagrees drops out.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/sampler.hpp"

namespace ecopt::optim::mobo {

/// The first trials of a warm-started study are the earlier study's best configurations
/// (at most this many, and never more than `initial_trials`), and the design ends early
/// once the earlier models explain the new trials.
inline constexpr std::size_t kWarmStartDesignTrials = 3;

/// An objective model takes the earlier model as its prior mean only when that raises its
/// log marginal likelihood by at least this much; otherwise the cold model is used. The
/// learnt prior variance is 0 unless the gain is positive, but between unrelated studies a
/// positive gain arises by chance one time in three (z = u^2 / B is chi-squared with one
/// degree of freedom, prior_mean.hpp), one of at least 1 nat one time in thirty.
inline constexpr double kMinWarmStartGainNats = 1.0;

class WarmStartModels {
 public:
  /// Fits the earlier study's models the first time `context` carries a warm start, and
  /// again if its trials change; forgets them when it carries none.
  void update(const SamplerContext& context, std::uint64_t seed);
  [[nodiscard]] bool empty() const { return sources_.empty(); }
  /// The earlier model of objective k (in model space: transformed, minimised,
  /// standardised by the earlier study's values); null when there is none.
  [[nodiscard]] std::shared_ptr<const gp::GaussianProcess> source(std::size_t objective) const;
  /// The encoded configuration trial `trial_number` of the design takes: one of the
  /// earlier study's non-dominated ones, spread along its front, while trial_number <
  /// `count` and that configuration is not among `taken`.
  [[nodiscard]] std::optional<std::vector<double>> design_point(
      std::int64_t trial_number, std::size_t count,
      const std::vector<std::vector<double>>& taken) const;

 private:
  const WarmStart* fitted_for_ = nullptr;
  std::size_t fitted_trials_ = 0;
  std::vector<std::shared_ptr<const gp::GaussianProcess>> sources_;
  /// The earlier study's non-dominated configurations, ordered along its first objective.
  std::vector<std::vector<double>> front_;
};

}  // namespace ecopt::optim::mobo
