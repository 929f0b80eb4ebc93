#include "acquisition_function.hpp"

#include <cmath>

namespace ecopt::optim::mobo {

AcquisitionFunction::AcquisitionFunction(std::vector<const gp::GaussianProcess*> models,
                                         Score score)
    : models_(std::move(models)), score_(std::move(score)) {}

double AcquisitionFunction::value(const Eigen::VectorXd& x) const {
  std::vector<double> mean(models_.size()), sd(models_.size());
  for (std::size_t i = 0; i < models_.size(); ++i) {
    const gp::Prediction p = models_[i]->predict(x);
    mean[i] = p.mean;
    sd[i] = std::sqrt(p.variance);
  }
  return score_(mean, sd);
}

Eigen::VectorXd AcquisitionFunction::values(const Eigen::MatrixXd& points) const {
  const Eigen::Index n = points.rows();
  std::vector<Eigen::VectorXd> means(models_.size()), variances(models_.size());
  for (std::size_t i = 0; i < models_.size(); ++i)
    models_[i]->predict(points, means[i], variances[i]);
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

double AcquisitionFunction::value_and_gradient(const Eigen::VectorXd& x,
                                               Eigen::VectorXd& gradient) const {
  const std::size_t count = models_.size();
  std::vector<gp::PredictionWithGradient> predictions;
  std::vector<double> mean(count), sd(count);
  for (std::size_t i = 0; i < count; ++i) {
    predictions.push_back(models_[i]->predict_with_gradient(x));
    mean[i] = predictions[i].mean;
    sd[i] = std::sqrt(predictions[i].variance);
  }
  const double value = score_(mean, sd);
  gradient = Eigen::VectorXd::Zero(x.size());
  if (!std::isfinite(value)) return value;
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
