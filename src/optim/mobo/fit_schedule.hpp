#pragma once
// When the sampler refits a model's hyperparameters, and with what effort: the fit is
// most of a suggestion's cost at a few hundred observations (docs/optimizers.md, "Speed").

#include <cstddef>
#include <cstdint>

#include "ecopt/optim/gp/hyperparameters.hpp"

namespace ecopt::optim::mobo {

/// A cold fit screens its five starts on this many observations and polishes the best
/// on all of them with at most kPolishEvaluations steps: at 200 observations and 10
/// parameters this cut the first suggestion's CPU time about sevenfold.
inline constexpr std::size_t kScreeningRows = 64;
inline constexpr int kPolishEvaluations = 25;
/// A refit warm-started from the last estimate, on more than kScreeningRows observations,
/// stops after this many evaluations: from the last estimate at 200 observations a refit
/// at 220 took 20-30 to converge and ended within 0.2 nats of that after 12.
inline constexpr int kWarmRefitEvaluations = 12;

/// Whether a model with `observations` rows needs new hyperparameters: always without an
/// estimate (`has_estimate` false) or below 40 rows, else once the data grew by 10 % since
/// the estimate's `fitted_at` rows.
[[nodiscard]] bool refit_due(bool has_estimate, std::size_t observations, std::size_t fitted_at);

/// The fit's options: from the prior's starts and two random ones without an estimate,
/// else from the estimate alone (passed as the fit's warm start), capped as above.
[[nodiscard]] gp::FitOptions fit_options(bool has_estimate, std::size_t observations,
                                         std::uint64_t seed);

}  // namespace ecopt::optim::mobo
