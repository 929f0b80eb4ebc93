#include "ecopt/report/importance.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>
#include <stdexcept>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/gp/hyperparameters.hpp"
#include "ecopt/optim/sobol.hpp"

namespace ecopt::report {
namespace {

/// Rows of `points` are evaluated this many at a time (bounds the cross-covariance matrix).
constexpr Eigen::Index kPredictBatch = 2048;

/// The searched parameters, in declaration order: one quantile coordinate each.
std::vector<const space::Parameter*> searched_parameters(const space::SearchSpace& space) {
  std::vector<const space::Parameter*> out;
  for (const space::Parameter& p : space.parameters()) {
    if (p.is_searched()) out.push_back(&p);
  }
  return out;
}

/// Unit-cube coordinates (SearchSpace::encode's layout) of the parameters at these
/// quantiles: numbers through from_quantile and back to the cube, a categorical's choice
/// floor(u k) as one-hot, so its coordinates move together.
Eigen::MatrixXd encode_quantiles(const std::vector<const space::Parameter*>& parameters,
                                 std::size_t encoded_dimension, const Eigen::MatrixXd& quantiles) {
  Eigen::MatrixXd x =
      Eigen::MatrixXd::Zero(quantiles.rows(), static_cast<Eigen::Index>(encoded_dimension));
  for (Eigen::Index r = 0; r < quantiles.rows(); ++r) {
    Eigen::Index column = 0;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      const space::Parameter& p = *parameters[i];
      const double u = quantiles(r, static_cast<Eigen::Index>(i));
      if (const auto* c = std::get_if<space::CategoricalDomain>(&p.domain)) {
        const std::size_t k = c->choices.size();
        const std::size_t choice =
            std::min(k - 1, static_cast<std::size_t>(std::max(0.0, u) * static_cast<double>(k)));
        x(r, column + static_cast<Eigen::Index>(choice)) = 1.0;
        column += static_cast<Eigen::Index>(k);
      } else {
        x(r, column++) = p.to_unit(p.from_quantile(u));
      }
    }
  }
  return x;
}

Eigen::VectorXd predict_means(const optim::gp::GaussianProcess& gp, const Eigen::MatrixXd& x) {
  Eigen::VectorXd means(x.rows());
  for (Eigen::Index start = 0; start < x.rows(); start += kPredictBatch) {
    const Eigen::Index rows = std::min(kPredictBatch, x.rows() - start);
    Eigen::VectorXd m, v;
    gp.predict(x.middleRows(start, rows), m, v);
    means.segment(start, rows) = m;
  }
  return means;
}

bool models_in_log(const study::Objective& objective, const std::vector<double>& values) {
  const bool positive = !values.empty() &&
                        std::all_of(values.begin(), values.end(), [](double v) { return v > 0.0; });
  switch (objective.transform) {
    case study::OutputTransform::none:
      return false;
    case study::OutputTransform::log:
      return positive;
    case study::OutputTransform::automatic:
      return positive && study::is_scale_like_metric(objective.name);
  }
  return false;
}

PartialDependence partial_dependence(const optim::gp::GaussianProcess& gp,
                                     const std::vector<const space::Parameter*>& parameters,
                                     std::size_t encoded_dimension, std::size_t which,
                                     const Eigen::MatrixXd& base,
                                     const std::function<double(double)>& to_objective,
                                     const ImportanceSettings& settings) {
  const space::Parameter& p = *parameters[which];
  PartialDependence pd;
  pd.parameter = p.name;
  std::vector<double> grid;
  if (const auto* c = std::get_if<space::CategoricalDomain>(&p.domain)) {
    pd.categorical = true;
    const auto k = static_cast<double>(c->choices.size());
    for (std::size_t i = 0; i < c->choices.size(); ++i)
      grid.push_back((static_cast<double>(i) + 0.5) / k);
  } else {
    if (const auto* f = std::get_if<space::FloatDomain>(&p.domain)) pd.log_x = f->log;
    if (const auto* n = std::get_if<space::IntDomain>(&p.domain)) pd.log_x = n->log;
    const std::size_t g = std::max<std::size_t>(2, settings.partial_dependence_grid);
    for (std::size_t i = 0; i < g; ++i)
      grid.push_back((static_cast<double>(i) + 0.5) / static_cast<double>(g));
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const space::Value value = p.from_quantile(grid[i]);
    std::string label = space::to_string(value);
    if (!seen.insert(label).second) continue;  // an integer's cells repeat a value
    if (const double* real = std::get_if<double>(&value)) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.4g", *real);
      label = buffer;
    }
    Eigen::MatrixXd q = base;
    q.col(static_cast<Eigen::Index>(which)).setConstant(grid[i]);
    const Eigen::VectorXd means =
        predict_means(gp, encode_quantiles(parameters, encoded_dimension, q));
    const double x =
        pd.categorical ? static_cast<double>(pd.points.size()) : space::as_double(value);
    pd.points.push_back({label, x, to_objective(means.mean())});
  }
  return pd;
}

}  // namespace

SobolIndices sobol_indices(const QuantileFunction& f, std::size_t inputs, std::size_t base_samples,
                           std::uint64_t seed) {
  SobolIndices out;
  out.first_order.assign(inputs, 0.0);
  out.total.assign(inputs, 0.0);
  if (inputs == 0) return out;
  const std::size_t n = std::bit_ceil(std::max<std::size_t>(base_samples, 2));
  const auto rows = static_cast<Eigen::Index>(n);
  const auto p = static_cast<Eigen::Index>(inputs);
  // A and B from one sequence of dimension 2p (Saltelli 2002): independent halves.
  const optim::SobolSequence sequence(2 * inputs, seed);
  Eigen::MatrixXd all((2 + p) * rows, p);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::vector<double> point = sequence.point(static_cast<std::uint64_t>(r));
    for (Eigen::Index j = 0; j < p; ++j) {
      all(r, j) = point[static_cast<std::size_t>(j)];
      all(rows + r, j) = point[static_cast<std::size_t>(p + j)];
    }
  }
  // AB_i: A with column i taken from B.
  for (Eigen::Index i = 0; i < p; ++i) {
    all.middleRows((2 + i) * rows, rows) = all.topRows(rows);
    all.block((2 + i) * rows, i, rows, 1) = all.block(rows, i, rows, 1);
  }
  const Eigen::VectorXd y = f(all);
  const Eigen::VectorXd fa = y.segment(0, rows);
  const Eigen::VectorXd fb = y.segment(rows, rows);
  const Eigen::VectorXd both = y.segment(0, 2 * rows);
  const double mean = both.mean();
  out.variance = (both.array() - mean).square().mean();
  if (!(out.variance > 1e-300)) return out;
  for (Eigen::Index i = 0; i < p; ++i) {
    const Eigen::VectorXd fab = y.segment((2 + i) * rows, rows);
    // Saltelli 2010, table 2 (b) for S_i and (f), Jansen 1999, for S_Ti.
    const double first = (fb.array() * (fab - fa).array()).mean();
    const double total = 0.5 * (fa - fab).array().square().mean();
    out.first_order[static_cast<std::size_t>(i)] = first / out.variance;
    out.total[static_cast<std::size_t>(i)] = total / out.variance;
  }
  return out;
}

namespace {

/// The trials a model learns from: COMPLETE, valid parameters, a finite value per
/// objective. At most max_trials of them, evenly spread over the study.
std::vector<const study::Trial*> usable_trials(const study::StudyConfig& config,
                                               const std::vector<study::Trial>& trials,
                                               std::size_t max_trials) {
  std::vector<const study::Trial*> usable;
  for (const study::Trial& t : trials) {
    if (t.state == study::TrialState::complete && t.values.size() == config.objectives.size() &&
        std::all_of(t.values.begin(), t.values.end(), [](double v) { return std::isfinite(v); }) &&
        config.space.check(t.params).empty()) {
      usable.push_back(&t);
    }
  }
  if (max_trials > 0 && usable.size() > max_trials) {
    std::vector<const study::Trial*> thinned;
    for (std::size_t i = 0; i < max_trials; ++i)
      thinned.push_back(usable[i * usable.size() / max_trials]);
    usable = std::move(thinned);
  }
  return usable;
}

/// Objective k of the trials (in log where the objective is modelled so), standardised to
/// mean 0 and standard deviation 1 for the GP's prior.
struct Standardised {
  Eigen::VectorXd y;
  double mean = 0.0;
  double sd = 0.0;
};

Standardised standardised_values(const std::vector<const study::Trial*>& usable, std::size_t k,
                                 bool log_output) {
  Standardised out;
  out.y.resize(static_cast<Eigen::Index>(usable.size()));
  for (std::size_t i = 0; i < usable.size(); ++i) {
    const double v = usable[i]->values[k];
    out.y(static_cast<Eigen::Index>(i)) = log_output ? std::log(v) : v;
  }
  out.mean = out.y.mean();
  out.sd =
      std::sqrt((out.y.array() - out.mean).square().sum() / static_cast<double>(out.y.size() - 1));
  return out;
}

Eigen::MatrixXd encoded_inputs(const space::SearchSpace& space,
                               const std::vector<const study::Trial*>& usable) {
  const std::size_t d = space.encoded_dimension();
  Eigen::MatrixXd x(static_cast<Eigen::Index>(usable.size()), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < usable.size(); ++i) {
    const std::vector<double> row = space.encode(usable[i]->params);
    for (std::size_t j = 0; j < d; ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = row[j];
  }
  return x;
}

/// The parameters' indices, most important (largest total index) first; stable, so ties
/// keep declaration order.
std::vector<std::size_t> order_by_total(const SobolIndices& indices) {
  std::vector<std::size_t> order(indices.total.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return indices.total[a] > indices.total[b];
  });
  return order;
}

/// The points the other parameters are averaged over for partial dependence: a Sobol
/// sample of the prior, separate from the one of the indices.
Eigen::MatrixXd partial_dependence_base(std::size_t parameters,
                                        const ImportanceSettings& settings) {
  const std::size_t samples = std::max<std::size_t>(1, settings.partial_dependence_samples);
  const optim::SobolSequence base_sequence(parameters, settings.seed + 1);
  Eigen::MatrixXd base(static_cast<Eigen::Index>(samples), static_cast<Eigen::Index>(parameters));
  for (std::size_t r = 0; r < samples; ++r) {
    const std::vector<double> point = base_sequence.point(r);
    for (std::size_t j = 0; j < parameters; ++j)
      base(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = point[j];
  }
  return base;
}

/// Sobol indices and partial dependence of objective k from a GP fitted to the trials, or
/// a note saying why there are none.
ObjectiveImportance objective_importance(const study::StudyConfig& config, std::size_t k,
                                         const std::vector<const study::Trial*>& usable,
                                         const ImportanceSettings& settings) {
  const study::Objective& objective = config.objectives[k];
  const std::vector<const space::Parameter*> parameters = searched_parameters(config.space);
  const std::size_t d = config.space.encoded_dimension();
  ObjectiveImportance result;
  result.objective = objective.name;
  result.trials_used = usable.size();
  if (parameters.empty()) {
    result.note = "the study searches no parameter";
    return result;
  }
  if (usable.size() < settings.min_trials) {
    result.note = "needs at least " + std::to_string(settings.min_trials) +
                  " COMPLETE trials to fit a model (has " + std::to_string(usable.size()) + ")";
    return result;
  }
  std::vector<double> raw;
  for (const study::Trial* t : usable) raw.push_back(t->values[k]);
  result.log_output = models_in_log(objective, raw);
  Standardised values = standardised_values(usable, k, result.log_output);
  const double mean = values.mean, sd = values.sd;
  if (!(sd > 1e-12 * std::max(1.0, std::abs(mean)))) {
    result.note = "the objective is constant over the trials: no parameter drives it";
    return result;
  }
  const Eigen::VectorXd y = (values.y.array() - mean) / sd;
  const Eigen::MatrixXd x = encoded_inputs(config.space, usable);
  optim::gp::FitOptions fit;
  fit.seed = settings.seed + k;
  std::optional<optim::gp::GaussianProcess> fitted;
  try {
    fitted.emplace(x, y,
                   optim::gp::fit_hyperparameters(x, y, optim::gp::default_prior(d), {}, fit));
  } catch (const std::exception& e) {
    // The covariance could not be factorised even with the largest jitter.
    result.note = std::string("the model could not be fitted: ") + e.what();
    return result;
  }
  const optim::gp::GaussianProcess& gp = *fitted;
  const auto model = [&](const Eigen::MatrixXd& quantiles) {
    return predict_means(gp, encode_quantiles(parameters, d, quantiles));
  };
  const SobolIndices indices =
      sobol_indices(model, parameters.size(), settings.base_samples, settings.seed);
  const std::vector<std::size_t> order = order_by_total(indices);
  for (std::size_t i : order) {
    const bool knob = std::any_of(
        config.hardware.begin(), config.hardware.end(),
        [&](study::HardwareKnob hw) { return study::to_string(hw) == parameters[i]->name; });
    result.parameters.push_back(
        {parameters[i]->name, indices.first_order[i], indices.total[i], knob});
  }
  result.available = true;
  if (usable.size() < 4 * parameters.size() + 4) {
    result.note = "few trials for " + std::to_string(parameters.size()) +
                  " parameters: the indices are rough";
  }
  const Eigen::MatrixXd base = partial_dependence_base(parameters.size(), settings);
  const bool log_output = result.log_output;
  const auto to_objective = [&](double standardised) {
    const double model_value = standardised * sd + mean;
    return log_output ? std::exp(model_value) : model_value;
  };
  for (std::size_t i = 0; i < order.size() && i < settings.partial_dependence_parameters; ++i) {
    result.partial_dependence.push_back(
        partial_dependence(gp, parameters, d, order[i], base, to_objective, settings));
  }
  return result;
}

}  // namespace

std::vector<ObjectiveImportance> analyse_importance(const study::StudyConfig& config,
                                                    const std::vector<study::Trial>& trials,
                                                    const ImportanceSettings& settings) {
  const std::vector<const study::Trial*> usable =
      usable_trials(config, trials, settings.max_trials);
  std::vector<ObjectiveImportance> out;
  for (std::size_t k = 0; k < config.objectives.size(); ++k)
    out.push_back(objective_importance(config, k, usable, settings));
  return out;
}

}  // namespace ecopt::report
