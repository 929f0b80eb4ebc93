#include "acquisition_optimizer.hpp"

#include <nlopt.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

#include "ecopt/optim/sobol.hpp"

namespace ecopt::optim::mobo {
namespace {

/// Encoded coordinates of float parameters (the ones L-BFGS moves) and of each
/// categorical's one-hot block.
struct Layout {
  std::vector<std::size_t> continuous;
  std::vector<std::size_t> numeric;  ///< float and int coordinates
  struct Block {
    std::size_t offset;
    std::size_t size;
  };
  std::vector<Block> categorical;
};

Layout layout_of(const space::SearchSpace& space) {
  Layout layout;
  std::size_t offset = 0;
  for (const space::Parameter& p : space.parameters()) {
    const std::size_t size = p.encoded_size();
    if (std::holds_alternative<space::FloatDomain>(p.domain)) {
      layout.continuous.push_back(offset);
      layout.numeric.push_back(offset);
    } else if (std::holds_alternative<space::IntDomain>(p.domain)) {
      layout.numeric.push_back(offset);
    } else if (std::holds_alternative<space::CategoricalDomain>(p.domain)) {
      layout.categorical.push_back({offset, size});
    }
    offset += size;
  }
  return layout;
}

struct RefineProblem {
  const AcquisitionFunction* acquisition;
  Eigen::VectorXd base;
  const std::vector<std::size_t>* free;
};

double refine_objective(unsigned n, const double* x, double* gradient, void* data) {
  auto* problem = static_cast<RefineProblem*>(data);
  Eigen::VectorXd point = problem->base;
  for (unsigned i = 0; i < n; ++i) point((*problem->free)[i]) = x[i];
  double value = 0.0;
  if (gradient != nullptr) {
    Eigen::VectorXd full;
    value = problem->acquisition->value_and_gradient(point, full);
    for (unsigned i = 0; i < n; ++i)
      gradient[i] = std::isfinite(value) ? -full((*problem->free)[i]) : 0.0;
  } else {
    value = problem->acquisition->value(point);
  }
  return std::isfinite(value) ? -value : 1e300;
}

}  // namespace

std::vector<double> project(const space::SearchSpace& space, const std::vector<double>& x) {
  return space.encode(space.decode(x));
}

namespace {

/// Local candidates: Gaussian steps of three sizes around the anchors, so both
/// fine-tuning along the front and jumps to its gaps are tried; categoricals switch with
/// probability 1/searched.
void add_local_candidates(const space::SearchSpace& space, const Layout& layout,
                          const std::vector<std::vector<double>>& anchors, std::size_t count,
                          std::mt19937_64& rng, std::vector<std::vector<double>>& candidates) {
  if (anchors.empty()) return;
  const std::size_t searched = space.searched_count();
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double scales[] = {0.01, 0.05, 0.2};
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<double> x = anchors[i % anchors.size()];
    const double scale = scales[(i / anchors.size()) % 3];
    for (std::size_t j : layout.numeric) x[j] = std::clamp(x[j] + scale * normal(rng), 0.0, 1.0);
    for (const Layout::Block& block : layout.categorical) {
      if (uniform(rng) < 1.0 / static_cast<double>(std::max<std::size_t>(1, searched))) {
        const auto choice =
            static_cast<std::size_t>(uniform(rng) * static_cast<double>(block.size));
        for (std::size_t c = 0; c < block.size; ++c)
          x[block.offset + c] = c == std::min(choice, block.size - 1) ? 1.0 : 0.0;
      }
    }
    candidates.push_back(project(space, x));
  }
}

/// The candidates' acquisition values (NaN as minus infinity) and their order, best first
/// (stable: ties keep the candidates' order).
struct Ranking {
  std::vector<double> scores;
  std::vector<std::size_t> order;
};

Ranking rank(const AcquisitionFunction& acquisition,
             const std::vector<std::vector<double>>& candidates, std::size_t d) {
  Eigen::MatrixXd matrix(static_cast<Eigen::Index>(candidates.size()),
                         static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < candidates.size(); ++i)
    for (std::size_t j = 0; j < d; ++j)
      matrix(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = candidates[i][j];
  const Eigen::VectorXd values = acquisition.values(matrix);
  Ranking ranking;
  for (Eigen::Index i = 0; i < values.size(); ++i)
    ranking.scores.push_back(std::isnan(values(i)) ? -std::numeric_limits<double>::infinity()
                                                   : values(i));
  ranking.order.resize(candidates.size());
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  std::stable_sort(ranking.order.begin(), ranking.order.end(), [&](std::size_t a, std::size_t b) {
    return ranking.scores[a] > ranking.scores[b];
  });
  return ranking;
}

/// The best point seen that is not already taken.
class BestChoice {
 public:
  explicit BestChoice(const std::vector<std::vector<double>>& taken)
      : taken_(taken.begin(), taken.end()) {}
  [[nodiscard]] bool taken(const std::vector<double>& x) const { return taken_.contains(x); }
  void consider(const std::vector<double>& x, double value) {
    if (taken(x)) return;
    if (best_.x.empty() || value > best_.value) best_ = {x, value};
  }
  [[nodiscard]] const AcquisitionChoice& best() const { return best_; }

 private:
  std::set<std::vector<double>> taken_;
  AcquisitionChoice best_{{}, -std::numeric_limits<double>::infinity()};
};

/// Refines the best distinct candidates with L-BFGS on the continuous coordinates.
void refine_best(const AcquisitionFunction& acquisition, const space::SearchSpace& space,
                 const Layout& layout, const std::vector<std::vector<double>>& candidates,
                 const Ranking& ranking, const AcquisitionOptimizerSettings& settings,
                 BestChoice& best) {
  if (layout.continuous.empty() || settings.refine_starts == 0) return;
  const std::size_t d = space.encoded_dimension();
  const auto n = static_cast<unsigned>(layout.continuous.size());
  nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, n);
  const std::vector<double> lower(n, 0.0), upper(n, 1.0);
  nlopt_set_lower_bounds(opt, lower.data());
  nlopt_set_upper_bounds(opt, upper.data());
  nlopt_set_maxeval(opt, settings.refine_evaluations);
  nlopt_set_ftol_rel(opt, 1e-7);
  std::set<std::vector<double>> started;
  for (std::size_t i : ranking.order) {
    if (started.size() >= settings.refine_starts) break;
    if (!std::isfinite(ranking.scores[i]) || !started.insert(candidates[i]).second) continue;
    RefineProblem problem{
        &acquisition,
        Eigen::Map<const Eigen::VectorXd>(candidates[i].data(), static_cast<Eigen::Index>(d)),
        &layout.continuous};
    nlopt_set_min_objective(opt, refine_objective, &problem);
    std::vector<double> x(n);
    for (unsigned j = 0; j < n; ++j) x[j] = candidates[i][layout.continuous[j]];
    double value = 0.0;
    nlopt_optimize(opt, x.data(), &value);
    std::vector<double> point = candidates[i];
    for (unsigned j = 0; j < n; ++j) point[layout.continuous[j]] = std::clamp(x[j], 0.0, 1.0);
    point = project(space, point);
    const Eigen::Map<const Eigen::VectorXd> p(point.data(), static_cast<Eigen::Index>(d));
    best.consider(point, acquisition.value(p));
  }
  nlopt_destroy(opt);
}

}  // namespace

AcquisitionChoice optimize_acquisition(const AcquisitionFunction& acquisition,
                                       const space::SearchSpace& space,
                                       const std::vector<std::vector<double>>& anchors,
                                       const std::vector<std::vector<double>>& taken,
                                       std::uint64_t seed,
                                       const AcquisitionOptimizerSettings& settings) {
  const Layout layout = layout_of(space);
  std::mt19937_64 rng(seed);
  std::vector<std::vector<double>> candidates;
  // Global: scrambled Sobol points through the parameters' priors.
  const std::size_t searched = space.searched_count();
  const SobolSequence sobol(searched, seed);
  for (std::size_t i = 0; i < settings.sobol_candidates; ++i)
    candidates.push_back(space.encode(space.from_quantiles(sobol.point(i))));
  add_local_candidates(space, layout, anchors, settings.local_candidates, rng, candidates);

  const Ranking ranking = rank(acquisition, candidates, space.encoded_dimension());
  BestChoice best(taken);
  for (std::size_t i : ranking.order) {
    if (!best.taken(candidates[i])) {
      best.consider(candidates[i], ranking.scores[i]);
      break;
    }
  }
  refine_best(acquisition, space, layout, candidates, ranking, settings, best);
  if (!best.best().x.empty()) return best.best();
  // Everything taken (a tiny discrete space): fall back to a random valid point.
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> q(searched);
  for (double& u : q) u = uniform(rng);
  return {space.encode(space.from_quantiles(q)), -std::numeric_limits<double>::infinity()};
}

}  // namespace ecopt::optim::mobo
