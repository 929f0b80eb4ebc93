#include "training_data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ecopt::optim::mobo {
namespace {

OutputScale fit_scale(bool log, double sign, const std::vector<double>& raw) {
  OutputScale scale{log, sign, 0.0, 1.0};
  std::vector<double> model;
  for (double v : raw) model.push_back(scale.to_model(v));
  if (model.empty()) return scale;
  double mean = 0.0;
  for (double v : model) mean += v;
  mean /= static_cast<double>(model.size());
  double variance = 0.0;
  for (double v : model) variance += (v - mean) * (v - mean);
  const double sd =
      model.size() > 1 ? std::sqrt(variance / static_cast<double>(model.size() - 1)) : 0.0;
  scale.mean = mean;
  // A constant output has no scale; keep unit sd so standardisation is the identity.
  scale.sd = sd > 1e-12 * std::max(1.0, std::abs(mean)) ? sd : 1.0;
  return scale;
}

/// The standard uncertainty a trial recorded for a metric; NaN when none.
double recorded_uncertainty(const study::Trial& trial, const std::string& metric) {
  const auto it = trial.metric_uncertainties.find(metric);
  return it == trial.metric_uncertainties.end() ? std::numeric_limits<double>::quiet_NaN()
                                                : it->second;
}

ModelData make_model(std::string name, const std::vector<std::vector<double>>& inputs,
                     const std::vector<double>& raw, const std::vector<double>& uncertainties,
                     OutputScale scale) {
  ModelData data;
  data.name = std::move(name);
  const auto n = static_cast<Eigen::Index>(inputs.size());
  const auto d = inputs.empty() ? Eigen::Index{0} : static_cast<Eigen::Index>(inputs[0].size());
  data.inputs.resize(n, d);
  data.outputs.resize(n);
  data.noise_variances.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto row = static_cast<std::size_t>(i);
    for (Eigen::Index j = 0; j < d; ++j)
      data.inputs(i, j) = inputs[row][static_cast<std::size_t>(j)];
    data.outputs(i) = (scale.to_model(raw[row]) - scale.mean) / scale.sd;
    const double sd = scale.uncertainty_to_model(raw[row], uncertainties[row]);
    data.noise_variances(i) = sd * sd;
  }
  data.scale = scale;
  return data;
}

}  // namespace

double OutputScale::to_model(double raw) const {
  if (log) {
    if (!(raw > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    return sign * std::log(raw);
  }
  return sign * raw;
}

double OutputScale::uncertainty_to_model(double raw, double u) const {
  if (!(u >= 0.0) || !std::isfinite(u)) return 0.0;
  // d log(x) = dx / x: a relative uncertainty in log space.
  const double model_sd = log ? u / std::abs(raw) : u;
  return std::isfinite(model_sd) ? model_sd / sd : 0.0;
}

bool models_in_log_space(const study::Objective& objective, const std::vector<double>& observed) {
  const bool all_positive = !observed.empty() && std::all_of(observed.begin(), observed.end(),
                                                             [](double v) { return v > 0.0; });
  switch (objective.transform) {
    case study::OutputTransform::none:
      return false;
    // A forced log with a value <= 0 cannot be honoured; model the raw values instead.
    case study::OutputTransform::log:
      return all_positive;
    case study::OutputTransform::automatic:
      return all_positive && objective.goal == study::Goal::minimize &&
             study::is_scale_like_metric(objective.name);
  }
  return false;
}

TrainingData build_training_data(const SamplerContext& context) {
  const space::SearchSpace& space = context.space;
  const std::size_t m = context.objectives.size();
  TrainingData out;
  std::vector<std::vector<double>> observed_x;
  std::vector<std::vector<double>> observed_y(m), observed_u(m);
  std::vector<std::vector<double>> pending_x;
  const std::size_t c_count = context.constraints.size();
  std::vector<std::vector<std::vector<double>>> constraint_x(c_count);
  std::vector<std::vector<double>> constraint_y(c_count), constraint_u(c_count);

  for (const study::Trial& trial : context.trials) {
    if (trial.number == context.trial_number || !space.check(trial.params).empty()) continue;
    std::vector<double> x = space.encode(trial.params);
    out.all_inputs.push_back(x);
    if (trial.state == study::TrialState::running || trial.state == study::TrialState::waiting) {
      pending_x.push_back(std::move(x));
      continue;
    }
    if (trial.state != study::TrialState::complete) continue;
    // Constraint models learn from every trial that reported the metric.
    bool feasible = true;
    for (std::size_t c = 0; c < c_count; ++c) {
      const study::Constraint& constraint = context.constraints[c];
      const auto it = trial.constraint_values.find(constraint.metric);
      if (it == trial.constraint_values.end() || !std::isfinite(it->second)) {
        feasible = false;
        continue;
      }
      feasible = feasible && constraint.satisfied(it->second);
      constraint_x[c].push_back(x);
      constraint_y[c].push_back(it->second);
      constraint_u[c].push_back(recorded_uncertainty(trial, constraint.metric));
    }
    const bool finite =
        trial.values.size() == m && std::all_of(trial.values.begin(), trial.values.end(),
                                                [](double v) { return std::isfinite(v); });
    if (!finite) continue;
    for (std::size_t k = 0; k < m; ++k) {
      observed_y[k].push_back(trial.values[k]);
      observed_u[k].push_back(recorded_uncertainty(trial, context.objectives[k].name));
    }
    out.feasible.push_back(feasible);
    observed_x.push_back(std::move(x));
  }

  for (std::size_t k = 0; k < m; ++k) {
    const study::Objective& objective = context.objectives[k];
    const bool log = models_in_log_space(objective, observed_y[k]);
    const double sign = objective.goal == study::Goal::maximize ? -1.0 : 1.0;
    out.objectives.push_back(make_model(objective.name, observed_x, observed_y[k], observed_u[k],
                                        fit_scale(log, sign, observed_y[k])));
  }
  for (std::size_t c = 0; c < c_count; ++c) {
    const study::Constraint& constraint = context.constraints[c];
    // Model every constraint as "value <= threshold": negate >= constraints.
    const bool at_least = constraint.op == study::Constraint::Op::greater_equal ||
                          constraint.op == study::Constraint::Op::greater;
    const OutputScale scale = fit_scale(false, at_least ? -1.0 : 1.0, constraint_y[c]);
    ConstraintModelData model{
        make_model(constraint.metric, constraint_x[c], constraint_y[c], constraint_u[c], scale),
        (scale.to_model(constraint.threshold) - scale.mean) / scale.sd};
    out.constraints.push_back(std::move(model));
  }
  const auto d = static_cast<Eigen::Index>(space.encoded_dimension());
  out.observed_inputs = out.objectives.empty() ? Eigen::MatrixXd(0, d) : out.objectives[0].inputs;
  out.pending_inputs.resize(static_cast<Eigen::Index>(pending_x.size()), d);
  for (std::size_t i = 0; i < pending_x.size(); ++i)
    for (Eigen::Index j = 0; j < d; ++j)
      out.pending_inputs(static_cast<Eigen::Index>(i), j) =
          pending_x[i][static_cast<std::size_t>(j)];
  return out;
}

}  // namespace ecopt::optim::mobo
