#include "warm_start_models.hpp"

#include <algorithm>
#include <cmath>

#include "ecopt/pareto/nondominated.hpp"
#include "fit_schedule.hpp"
#include "training_data.hpp"

namespace ecopt::optim::mobo {
namespace {

/// The earlier model of one objective: MAP hyperparameters as a cold fit would choose them.
std::shared_ptr<const gp::GaussianProcess> fit_source(const ModelData& data, std::uint64_t seed) {
  if (data.inputs.rows() < 2) return nullptr;
  const gp::FitOptions options =
      fit_options(/*has_estimate=*/false, static_cast<std::size_t>(data.inputs.rows()), seed);
  const gp::GpPrior prior = gp::default_prior(static_cast<std::size_t>(data.inputs.cols()));
  const gp::GpHyperparameters hyper =
      gp::fit_hyperparameters(data.inputs, data.outputs, prior, {}, options, data.noise_variances);
  return std::make_shared<const gp::GaussianProcess>(data.inputs, data.outputs, hyper,
                                                     data.noise_variances);
}

/// The non-dominated rows of the earlier study (model space: every objective minimised),
/// ordered by the first objective.
std::vector<std::vector<double>> front_of(const TrainingData& data) {
  const std::size_t m = data.objectives.size();
  const Eigen::Index n = data.observed_inputs.rows();
  if (m == 0 || n == 0) return {};
  pareto::PointSet points;
  points.dimension = m;
  std::vector<double> row(m);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < m; ++k) row[k] = data.objectives[k].outputs(i);
    points.add(row);
  }
  std::vector<std::size_t> front = pareto::nondominated_indices(points);
  std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return points.point(a)[0] < points.point(b)[0];
  });
  std::vector<std::vector<double>> out;
  for (std::size_t i : front) {
    const Eigen::VectorXd x = data.observed_inputs.row(static_cast<Eigen::Index>(i)).transpose();
    out.emplace_back(x.data(), x.data() + x.size());
  }
  return out;
}

/// 0 .. count-1, the middle first, then each time the one farthest from those before
/// (ties: the lowest): the ends, the quarters, and so on.
std::vector<std::size_t> spread_order(std::size_t count) {
  std::vector<std::size_t> order;
  if (count == 0) return order;
  order.push_back((count - 1) / 2);
  while (order.size() < count) {
    std::size_t best = 0, best_gap = 0;
    for (std::size_t j = 0; j < count; ++j) {
      std::size_t gap = count;
      for (std::size_t chosen : order) gap = std::min(gap, j > chosen ? j - chosen : chosen - j);
      if (gap > best_gap) best = j, best_gap = gap;
    }
    order.push_back(best);
  }
  return order;
}

}  // namespace

void WarmStartModels::update(const SamplerContext& context, std::uint64_t seed) {
  if (context.warm_start == nullptr) {
    *this = WarmStartModels();
    return;
  }
  if (fitted_for_ == context.warm_start && fitted_trials_ == context.warm_start->trials.size())
    return;
  fitted_for_ = context.warm_start;
  fitted_trials_ = context.warm_start->trials.size();
  const std::vector<study::Trial> trials =
      warm_start_trials(*context.warm_start, context.space, context.objectives);
  const SamplerContext earlier{context.space, context.objectives, trials, -1};
  const TrainingData data = build_training_data(earlier);
  sources_.clear();
  for (std::size_t k = 0; k < data.objectives.size(); ++k)
    sources_.push_back(fit_source(data.objectives[k], seed + 1000 + k));
  if (std::none_of(sources_.begin(), sources_.end(), [](const auto& s) { return s != nullptr; }))
    sources_.clear();
  front_ = front_of(data);
}

std::shared_ptr<const gp::GaussianProcess> WarmStartModels::source(std::size_t objective) const {
  return objective < sources_.size() ? sources_[objective] : nullptr;
}

std::optional<std::vector<double>> WarmStartModels::design_point(
    std::size_t count, const std::vector<std::vector<double>>& taken) const {
  count = std::min(count, front_.size());
  for (std::size_t slot : spread_order(count)) {
    // `count` slots evenly along the front, both ends included.
    const double step =
        count > 1 ? static_cast<double>(front_.size() - 1) / static_cast<double>(count - 1) : 0.0;
    const std::vector<double>& x =
        front_[static_cast<std::size_t>(std::lround(step * static_cast<double>(slot)))];
    if (std::find(taken.begin(), taken.end(), x) == taken.end()) return x;
  }
  return std::nullopt;
}

}  // namespace ecopt::optim::mobo
