// Asynchronous successive halving (ASHA; Li et al. 2020, "A System for Massively Parallel
// Hyperparameter Tuning"), in its stopping form: when a trial reaches a rung (step
// min_steps x eta^k) it goes on only while it ranks in the top ceil(n/eta) of the n trials
// that reached that rung so far, whatever their state. Asynchronous: no trial waits for
// a rung to fill, so --jobs and workers sharing a database need no coordination.
//
// MO-ASHA (Schmucker et al. 2021, "Multi-objective Asynchronous Successive Halving")
// ranks the rung's vectors instead of one value: by non-dominated sorting, then within a
// front by exclusive hypervolume contribution (larger first; Beume et al. 2007, SMS-EMOA),
// against the rung's nadir plus 10 %. The energy so far is one of the objectives, so a
// trial on course to be accurate but wasteful can be stopped.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "curves.hpp"
#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/reference_point.hpp"

namespace ecopt::optim::detail {
namespace {

struct RungEntry {
  std::int64_t number = 0;     ///< trial number: the last tie-break, so ranks are stable
  std::vector<double> values;  ///< minimised
};

bool is_rung(const study::PrunerConfig& config, std::int64_t step) {
  for (std::int64_t rung = config.min_steps; rung <= step; rung *= config.eta) {
    if (rung == step) return true;
  }
  return false;
}

/// The position of entry 0 (the judged trial) when the rung is ordered by one value.
std::size_t rank_single(const std::vector<RungEntry>& rung) {
  std::size_t ahead = 0;
  for (std::size_t i = 1; i < rung.size(); ++i) {
    if (std::tie(rung[i].values[0], rung[i].number) < std::tie(rung[0].values[0], rung[0].number))
      ++ahead;
  }
  return ahead;
}

/// The position of entry 0 when the rung is ordered by front, then by hypervolume
/// contribution within the front.
std::size_t rank_multi(const std::vector<RungEntry>& rung) {
  pareto::PointSet points;
  points.dimension = rung[0].values.size();
  for (const RungEntry& e : rung) points.add(e.values);
  const std::vector<std::size_t> ranks = pareto::pareto_ranks(points);
  const std::vector<double> reference = pareto::infer_reference_point(points);
  std::vector<double> contribution(rung.size(), 0.0);
  for (const std::vector<std::size_t>& front : pareto::fronts_from_ranks(ranks)) {
    pareto::PointSet front_points;
    front_points.dimension = points.dimension;
    for (const std::size_t i : front) front_points.add(points.point(i));
    const auto hv = pareto::hypervolume_contributions(front_points, reference);
    for (std::size_t k = 0; k < front.size(); ++k) contribution[front[k]] = hv.contributions[k];
  }
  auto key = [&](std::size_t i) {
    return std::make_tuple(ranks[i], -contribution[i], rung[i].number);
  };
  std::size_t ahead = 0;
  for (std::size_t i = 1; i < rung.size(); ++i) {
    if (key(i) < key(0)) ++ahead;
  }
  return ahead;
}

}  // namespace

PruneDecision decide_successive_halving(const PruneContext& context, bool multi_objective) {
  if (!is_rung(context.config, context.step)) return {};
  std::vector<CurveMetric> metrics = reported_metrics(context, multi_objective);
  if (!multi_objective && metrics.size() > 1) metrics.resize(1);
  if (metrics.empty()) return {};
  std::vector<RungEntry> rung{
      {context.trial.number, *values_at(context.trial, context.step, metrics)}};
  for (const study::Trial& other : context.trials) {
    if (!is_competitor(context, other)) continue;
    if (auto values = values_at(other, context.step, metrics))
      rung.push_back({other.number, *values});
  }
  const auto others = static_cast<std::int64_t>(rung.size()) - 1;
  if (others < context.config.startup_trials) return {};
  const auto keep = static_cast<std::size_t>(
      std::ceil(static_cast<double>(rung.size()) / static_cast<double>(context.config.eta)));
  const std::size_t position = metrics.size() > 1 ? rank_multi(rung) : rank_single(rung);
  if (position < keep) return {};
  return {true, std::string(multi_objective ? "mo-asha" : "asha") + " pruner: at rung step " +
                    std::to_string(context.step) + " it ranks " + std::to_string(position + 1) +
                    " of " + std::to_string(rung.size()) + " by " + metric_list(metrics) +
                    "; the top " + std::to_string(keep) + " go on"};
}

}  // namespace ecopt::optim::detail
