#include "mobo_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "../random_sampler.hpp"
#include "ecopt/optim/acquisition/ehvi.hpp"
#include "ecopt/optim/gp/hyperparameters.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/reference_point.hpp"

namespace ecopt::optim::mobo {
namespace {

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

Eigen::MatrixXd rows_of(const Eigen::MatrixXd& matrix, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), matrix.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    out.row(static_cast<Eigen::Index>(i)) = matrix.row(rows[i]);
  return out;
}

// The reference point in the models' standardised space: the study file's threshold
// where it gives one (and it can be transformed), else the nadir of the posterior front
// plus 10 % of its range (pareto::infer_reference_point, as BoTorch's
// infer_reference_point does), so EHVI rewards improving the front the study has.
std::vector<double> model_reference(const SamplerContext& context, const TrainingData& data,
                                    const pareto::PointSet& front) {
  const std::size_t m = data.objectives.size();
  std::vector<double> inferred(m, 0.0);
  if (!front.empty()) inferred = pareto::infer_reference_point(front);
  std::vector<double> reference(m);
  for (std::size_t k = 0; k < m; ++k) {
    reference[k] = inferred[k];
    if (context.reference_point == nullptr) continue;
    const auto it = context.reference_point->find(data.objectives[k].name);
    if (it == context.reference_point->end()) continue;
    const OutputScale& s = data.objectives[k].scale;
    const double model = (s.to_model(it->second) - s.mean) / s.sd;
    if (std::isfinite(model)) reference[k] = model;
  }
  return reference;
}

}  // namespace

MoboSampler::MoboSampler(const space::SearchSpace& space, const study::SamplerConfig& config)
    : seed_(config.seed),
      initial_trials_(config.initial_trials ? static_cast<std::size_t>(*config.initial_trials)
                                            : std::max<std::size_t>(5, 2 * space.searched_count())),
      acquisition_(config.acquisition) {
  if (space.searched_count() > 0) sobol_.emplace(space.searched_count(), config.seed);
}

gp::GaussianProcess MoboSampler::model_for(const std::string& key, const ModelData& data,
                                           std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(data.inputs.rows());
  const auto d = static_cast<std::size_t>(data.inputs.cols());
  const gp::GpPrior prior = gp::default_prior(d);
  auto it = fits_.find(key);
  const bool cached =
      it != fits_.end() && static_cast<std::size_t>(it->second.hyper.log_lengthscales.size()) == d;
  const bool refit = !cached || n < 40 || n * 10 >= it->second.fitted_at * 11;
  if (refit) {
    gp::FitOptions options;
    options.seed = seed;
    options.random_starts = cached ? 0 : 2;
    options.prior_starts = !cached;
    options.max_evaluations = cached ? 60 : 200;
    std::vector<gp::GpHyperparameters> warm;
    if (cached) warm.push_back(it->second.hyper);
    fits_[key] = {gp::fit_hyperparameters(data.inputs, data.outputs, prior, warm, options), n};
  }
  return gp::GaussianProcess(data.inputs, data.outputs, fits_[key].hyper);
}

space::Params MoboSampler::suggest(const SamplerContext& context) {
  const space::SearchSpace& space = context.space;
  if (!sobol_) return space.from_quantiles({});
  const TrainingData data = build_training_data(context);
  const Eigen::Index n = data.observed_inputs.rows();
  if (static_cast<std::size_t>(n) < std::max<std::size_t>(2, initial_trials_)) {
    return space.from_quantiles(sobol_->point(static_cast<std::uint64_t>(context.trial_number)));
  }
  const std::uint64_t seed = mix_seed(seed_, static_cast<std::uint64_t>(context.trial_number));
  const std::size_t m = data.objectives.size();
  using study::Acquisition;
  const Acquisition acquisition = acquisition_ == Acquisition::automatic
                                      ? (m <= 3 ? Acquisition::ehvi : Acquisition::parego)
                                      : acquisition_;

  std::vector<Eigen::Index> feasible_rows;
  for (Eigen::Index i = 0; i < n; ++i)
    if (data.feasible[static_cast<std::size_t>(i)]) feasible_rows.push_back(i);
  const Eigen::MatrixXd feasible_inputs = rows_of(data.observed_inputs, feasible_rows);

  // Objective models (or ParEGO's one scalarised model), then the pending trials as
  // fantasies: each model conditioned on its own posterior mean there (the Kriging
  // believer of Ginsbourger, Le Riche & Carraro 2010), which shrinks the variance
  // around running trials so concurrent suggestions spread out.
  std::vector<gp::GaussianProcess> objective_models;
  const bool parego = acquisition == Acquisition::parego && m > 1;
  if (parego) {
    // Knowles 2006: normalise each objective to [0, 1], draw weights uniformly from the
    // simplex, scalarise by the augmented Chebyshev function (rho = 0.05).
    std::mt19937_64 rng(seed ^ 0x5ca1ab1eULL);
    std::exponential_distribution<double> exponential(1.0);
    std::vector<double> weights(m);
    double total = 0.0;
    for (double& w : weights) total += (w = exponential(rng));
    for (double& w : weights) w /= total;
    ModelData scalar = data.objectives[0];
    for (Eigen::Index i = 0; i < n; ++i) {
      double max_term = kMinusInf, sum = 0.0;
      for (std::size_t k = 0; k < m; ++k) {
        const Eigen::VectorXd& y = data.objectives[k].outputs;
        const double range = std::max(1e-12, y.maxCoeff() - y.minCoeff());
        const double term = weights[k] * (y(i) - y.minCoeff()) / range;
        max_term = std::max(max_term, term);
        sum += term;
      }
      scalar.outputs(i) = max_term + 0.05 * sum;
    }
    const double mean = scalar.outputs.mean();
    const double sd = std::sqrt((scalar.outputs.array() - mean).square().sum() /
                                std::max<double>(1.0, static_cast<double>(n - 1)));
    scalar.outputs = (scalar.outputs.array() - mean) / std::max(sd, 1e-12);
    objective_models.push_back(model_for("parego", scalar, seed));
  } else {
    for (std::size_t k = 0; k < m; ++k)
      objective_models.push_back(
          model_for("objective:" + data.objectives[k].name, data.objectives[k], seed + k));
  }
  std::vector<gp::GaussianProcess> constraint_models;
  std::vector<double> thresholds;
  for (std::size_t c = 0; c < data.constraints.size(); ++c) {
    const ConstraintModelData& cm = data.constraints[c];
    if (cm.data.inputs.rows() < 2) continue;  // nothing to learn from yet
    constraint_models.push_back(model_for("constraint:" + cm.data.name, cm.data, seed + 100 + c));
    thresholds.push_back(cm.threshold);
  }
  for (Eigen::Index p = 0; p < data.pending_inputs.rows(); ++p) {
    const Eigen::VectorXd x = data.pending_inputs.row(p).transpose();
    for (auto* models : {&objective_models, &constraint_models}) {
      for (gp::GaussianProcess& model : *models)
        model = model.with_observation(x, model.predict(x).mean);
    }
  }

  // The incumbent front: posterior means at the feasible observed and pending points,
  // so observation noise does not inflate it.
  Eigen::MatrixXd incumbent_inputs(feasible_inputs.rows() + data.pending_inputs.rows(),
                                   data.observed_inputs.cols());
  incumbent_inputs << feasible_inputs, data.pending_inputs;
  const std::size_t model_count = objective_models.size();
  pareto::PointSet front;
  front.dimension = model_count;
  std::vector<Eigen::VectorXd> incumbent_means(model_count);
  for (std::size_t k = 0; k < model_count; ++k) {
    Eigen::VectorXd variances;
    objective_models[k].predict(incumbent_inputs, incumbent_means[k], variances);
  }
  for (Eigen::Index i = 0; i < incumbent_inputs.rows(); ++i) {
    std::vector<double> point(model_count);
    for (std::size_t k = 0; k < model_count; ++k) point[k] = incumbent_means[k](i);
    front.add(point);
  }
  std::vector<std::vector<double>> anchors;
  if (!front.empty()) {
    for (std::size_t i : pareto::nondominated_indices(front)) {
      const Eigen::VectorXd row = incumbent_inputs.row(static_cast<Eigen::Index>(i)).transpose();
      anchors.emplace_back(row.data(), row.data() + row.size());
    }
  }

  const bool any_feasible = !feasible_rows.empty();
  Score objective_score;
  if (!any_feasible && !constraint_models.empty()) {
    // Nothing feasible yet: look for feasibility first.
    objective_score = [](std::span<const double>, std::span<const double>) { return 0.0; };
  } else if (model_count == 1) {
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < front.size(); ++i) best = std::min(best, front.point(i)[0]);
    if (front.empty()) best = objective_models[0].outputs().minCoeff();
    objective_score = [best](std::span<const double> mean, std::span<const double> sd) {
      return acquisition::log_expected_improvement(mean[0], sd[0], best);
    };
  } else {
    auto boxes = std::make_shared<acquisition::NondominatedBoxes>(
        front, model_reference(context, data, front));
    if (acquisition == Acquisition::mc_ehvi) {
      auto samples = std::make_shared<Eigen::MatrixXd>(acquisition::normal_samples(128, m, seed));
      objective_score = [boxes, samples, m](std::span<const double> mean,
                                            std::span<const double> sd) {
        const double v = acquisition::mc_ehvi(*boxes, mean.first(m), sd.first(m), *samples);
        return v > 0.0 ? std::log(v) : -1e3;
      };
    } else {
      objective_score = [boxes, m](std::span<const double> mean, std::span<const double> sd) {
        return acquisition::log_ehvi(*boxes, mean.first(m), sd.first(m));
      };
    }
  }
  // Outcome constraints multiply EHVI by their probability of feasibility (log: add).
  std::vector<const gp::GaussianProcess*> models;
  for (const auto& model : objective_models) models.push_back(&model);
  for (const auto& model : constraint_models) models.push_back(&model);
  Score score = [objective_score, thresholds, model_count](std::span<const double> mean,
                                                           std::span<const double> sd) {
    double value = objective_score(mean.first(model_count), sd.first(model_count));
    for (std::size_t c = 0; c < thresholds.size(); ++c)
      value += acquisition::log_probability_below(mean[model_count + c], sd[model_count + c],
                                                  thresholds[c]);
    return value;
  };
  const AcquisitionFunction function(models, score);
  const AcquisitionChoice choice =
      optimize_acquisition(function, space, anchors, data.all_inputs, seed, optimizer_);
  return space.decode(choice.x);
}

}  // namespace ecopt::optim::mobo
