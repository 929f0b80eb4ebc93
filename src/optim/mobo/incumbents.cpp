#include "incumbents.hpp"

#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::optim::mobo {

Incumbents incumbents(const std::vector<gp::GaussianProcess>& objective_models,
                      const Eigen::MatrixXd& inputs) {
  const std::size_t model_count = objective_models.size();
  Incumbents out;
  out.front.dimension = model_count;
  // Means only: the variances at every incumbent cost a 200 x 200 triangular solve per
  // model at 200 observations, a sixth of a warm suggestion, and nothing here reads them.
  std::vector<Eigen::VectorXd> means(model_count);
  for (std::size_t k = 0; k < model_count; ++k) means[k] = objective_models[k].means(inputs);
  for (Eigen::Index i = 0; i < inputs.rows(); ++i) {
    std::vector<double> point(model_count);
    for (std::size_t k = 0; k < model_count; ++k) point[k] = means[k](i);
    out.front.add(point);
  }
  if (out.front.empty()) return out;
  for (std::size_t i : pareto::nondominated_indices(out.front)) {
    const Eigen::VectorXd row = inputs.row(static_cast<Eigen::Index>(i)).transpose();
    out.anchors.emplace_back(row.data(), row.data() + row.size());
  }
  return out;
}

}  // namespace ecopt::optim::mobo
