#pragma once
// A warm-started MOBO's view of the earlier study (docs/optimizers.md, "Warm start"): one
// GP per objective fitted once on the earlier study's trials. Their posterior means become
// prior means of this study's objective models (gp::GaussianProcess with a prior source):
// the transfer of Golovin et al. 2017 (Google Vizier, where each study's GP models the
// residuals of the study before), with the earlier model's weight learnt from the new
// trials instead of fixed at 1. Whether they are used at all is RGPE's ranking check
// (ranking_check.hpp, in MoboSampler).

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/sampler.hpp"

namespace ecopt::optim::mobo {

/// A warm-started study's design: its first trial and, while the earlier study ranks the
/// new trials well (ranking_check.hpp), its design trials are the earlier study's
/// non-dominated configurations, at most `initial_trials` of them, spread along its front.
class WarmStartModels {
 public:
  /// Fits the earlier study's models the first time `context` carries a warm start, and
  /// again if its trials change; forgets them when it carries none.
  void update(const SamplerContext& context, std::uint64_t seed);
  [[nodiscard]] bool empty() const { return sources_.empty(); }
  /// The earlier model of objective k (in model space: transformed, minimised,
  /// standardised by the earlier study's values); null when there is none.
  [[nodiscard]] std::shared_ptr<const gp::GaussianProcess> source(std::size_t objective) const;
  /// The next of the earlier study's design configurations (encoded) that is not among
  /// `taken`: the middle of its front first, then the ends, then each time the one
  /// farthest along the front from those before; `count` of them at most. None when all
  /// are taken.
  [[nodiscard]] std::optional<std::vector<double>> design_point(
      std::size_t count, const std::vector<std::vector<double>>& taken) const;

 private:
  const WarmStart* fitted_for_ = nullptr;
  std::size_t fitted_trials_ = 0;
  std::vector<std::shared_ptr<const gp::GaussianProcess>> sources_;
  /// The earlier study's non-dominated configurations, ordered along its first objective.
  std::vector<std::vector<double>> front_;
};

}  // namespace ecopt::optim::mobo
