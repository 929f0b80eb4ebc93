#include "fit_schedule.hpp"

namespace ecopt::optim::mobo {

bool refit_due(bool has_estimate, std::size_t observations, std::size_t fitted_at) {
  return !has_estimate || observations < 40 || observations * 10 >= fitted_at * 11;
}

gp::FitOptions fit_options(bool has_estimate, std::size_t observations, std::uint64_t seed) {
  gp::FitOptions options;
  options.seed = seed;
  options.random_starts = has_estimate ? 0 : 2;
  options.prior_starts = !has_estimate;
  options.max_evaluations = !has_estimate ? 200 : 60;
  // Each evaluation costs O(n^3); at a few dozen rows it is cheap and the models still
  // move a lot between suggestions, so only larger refits are capped.
  if (has_estimate && observations > kScreeningRows)
    options.max_evaluations = kWarmRefitEvaluations;
  options.screening_rows = kScreeningRows;
  options.polish_evaluations = kPolishEvaluations;
  return options;
}

}  // namespace ecopt::optim::mobo
