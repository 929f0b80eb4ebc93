#include "acquisition_function.hpp"

#include <algorithm>
#include <cmath>

namespace ecopt::optim::mobo {
namespace {

constexpr double kMinVariance = 1e-12;

/// Per row of `covariances` (N x P), the variance explained by the most correlated anchor,
/// max_p cov^2 / var(a_p), and which anchor that is.
Eigen::VectorXd explained_variance(const Eigen::MatrixXd& covariances,
                                   const Eigen::VectorXd& anchor_variances,
                                   std::vector<Eigen::Index>* best = nullptr) {
  Eigen::VectorXd out = Eigen::VectorXd::Zero(covariances.rows());
  if (best != nullptr) best->assign(static_cast<std::size_t>(covariances.rows()), -1);
  for (Eigen::Index r = 0; r < covariances.rows(); ++r) {
    for (Eigen::Index p = 0; p < covariances.cols(); ++p) {
      const double explained = covariances(r, p) * covariances(r, p) / anchor_variances(p);
      if (explained <= out(r)) continue;
      out(r) = explained;
      if (best != nullptr) (*best)[static_cast<std::size_t>(r)] = p;
    }
  }
  return out;
}

}  // namespace

AcquisitionFunction::AcquisitionFunction(std::vector<const gp::GaussianProcess*> models,
                                         Score score,
                                         std::vector<gp::GaussianProcess::Anchors> incumbents)
    : models_(std::move(models)), score_(std::move(score)), incumbents_(std::move(incumbents)) {}

const gp::GaussianProcess::Anchors* AcquisitionFunction::incumbents_of(std::size_t model) const {
  if (model >= incumbents_.size() || incumbents_[model].inputs.rows() == 0) return nullptr;
  return &incumbents_[model];
}

double AcquisitionFunction::value(const Eigen::VectorXd& x) const {
  Eigen::VectorXd gradient;
  return value_and_gradient(x, gradient, false);
}

Eigen::VectorXd AcquisitionFunction::values(const Eigen::MatrixXd& points) const {
  const Eigen::Index n = points.rows();
  std::vector<Eigen::VectorXd> means(models_.size()), variances(models_.size());
  for (std::size_t i = 0; i < models_.size(); ++i) {
    models_[i]->predict(points, means[i], variances[i]);
    if (const auto* incumbents = incumbents_of(i)) {
      const Eigen::MatrixXd covariances = models_[i]->covariance_with(points, *incumbents);
      variances[i] = (variances[i] - explained_variance(covariances, incumbents->variances))
                         .cwiseMax(kMinVariance);
    }
  }
  Eigen::VectorXd out(n);
  std::vector<double> mean(models_.size()), sd(models_.size());
  for (Eigen::Index r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < models_.size(); ++i) {
      mean[i] = means[i](r);
      sd[i] = std::sqrt(variances[i](r));
    }
    out(r) = score_(mean, sd);
  }
  return out;
}

gp::PredictionWithGradient AcquisitionFunction::predict(std::size_t model, const Eigen::VectorXd& x,
                                                        bool with_gradient) const {
  gp::PredictionWithGradient out;
  if (with_gradient) {
    out = models_[model]->predict_with_gradient(x);
  } else {
    const gp::Prediction p = models_[model]->predict(x);
    out.mean = p.mean;
    out.variance = p.variance;
  }
  const auto* incumbents = incumbents_of(model);
  if (incumbents == nullptr) return out;
  std::vector<Eigen::Index> best;
  const double explained = explained_variance(
      models_[model]->covariance_with(x.transpose(), *incumbents), incumbents->variances, &best)(0);
  const double variance = out.variance - explained;
  out.variance = std::max(kMinVariance, variance);
  if (!with_gradient || best[0] < 0) return out;
  if (variance <= kMinVariance) {
    out.variance_gradient.setZero();
    return out;
  }
  // d(var - c^2 / v_p)/dx = d var/dx - 2 c (dc/dx) / v_p.
  Eigen::VectorXd dc;
  const double c = models_[model]->covariance_with_gradient(x, *incumbents, best[0], dc);
  out.variance_gradient -= 2.0 * c * dc / incumbents->variances(best[0]);
  return out;
}

double AcquisitionFunction::value_and_gradient(const Eigen::VectorXd& x,
                                               Eigen::VectorXd& gradient) const {
  return value_and_gradient(x, gradient, true);
}

double AcquisitionFunction::value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                                               bool with_gradient) const {
  const std::size_t count = models_.size();
  std::vector<gp::PredictionWithGradient> predictions;
  std::vector<double> mean(count), sd(count);
  for (std::size_t i = 0; i < count; ++i) {
    predictions.push_back(predict(i, x, with_gradient));
    mean[i] = predictions[i].mean;
    sd[i] = std::sqrt(predictions[i].variance);
  }
  const double value = score_(mean, sd);
  gradient = Eigen::VectorXd::Zero(x.size());
  if (!with_gradient || !std::isfinite(value)) return value;
  for (std::size_t i = 0; i < count; ++i) {
    const double step = 1e-5;
    auto at = [&](std::vector<double>& v, double delta) {
      const double saved = v[i];
      v[i] = saved + delta;
      const double s = score_(mean, sd);
      v[i] = saved;
      return s;
    };
    const double d_mean = (at(mean, step) - at(mean, -step)) / (2.0 * step);
    const double sd_step = std::min(step, 0.5 * sd[i]);
    const double d_sd =
        sd_step > 0.0 ? (at(sd, sd_step) - at(sd, -sd_step)) / (2.0 * sd_step) : 0.0;
    // sd = sqrt(variance): d sd/dx = (d variance/dx) / (2 sd).
    if (std::isfinite(d_mean)) gradient += d_mean * predictions[i].mean_gradient;
    if (std::isfinite(d_sd) && sd[i] > 0.0)
      gradient += d_sd * predictions[i].variance_gradient / (2.0 * sd[i]);
  }
  return value;
}

}  // namespace ecopt::optim::mobo
