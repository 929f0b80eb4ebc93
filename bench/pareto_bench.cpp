// Library-level benchmarks of the Pareto module (no parsing, no process start-up).
// Whole-process timings against the moocore targets are in bench/hv_cli.sh.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "ecopt/pareto.hpp"

namespace {

using ecopt::pareto::PointSet;

PointSet uniform_points(std::size_t n, std::size_t d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  PointSet set;
  set.dimension = d;
  set.values.resize(n * d);
  for (double& v : set.values) v = uniform(rng);
  return set;
}

/// Points on the simplex x1 + ... + xd = 1: all mutually non-dominated (the hard case).
PointSet linear_front(std::size_t n, std::size_t d, std::uint64_t seed) {
  PointSet set = uniform_points(n, d, seed);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < d; ++j) sum += set.values[i * d + j];
    for (std::size_t j = 0; j < d; ++j) set.values[i * d + j] /= sum;
  }
  return set;
}

/// Points on the positive part of the unit sphere x1^2 + ... + xd^2 = 1: all mutually
/// non-dominated, and curved, unlike the simplex (the fronts of the hv_cli.sh table).
PointSet sphere_front(std::size_t n, std::size_t d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  PointSet set;
  set.dimension = d;
  set.values.resize(n * d);
  for (std::size_t i = 0; i < n; ++i) {
    double norm = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      set.values[i * d + j] = std::abs(normal(rng));
      norm += set.values[i * d + j] * set.values[i * d + j];
    }
    for (std::size_t j = 0; j < d; ++j) set.values[i * d + j] /= std::sqrt(norm);
  }
  return set;
}

void BM_ParetoRanks(benchmark::State& state) {
  const PointSet points = uniform_points(static_cast<std::size_t>(state.range(0)),
                                         static_cast<std::size_t>(state.range(1)), 1);
  for (auto _ : state) benchmark::DoNotOptimize(ecopt::pareto::pareto_ranks(points));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParetoRanks)
    ->Args({100000, 2})
    ->Args({100000, 3})
    ->Args({10000, 5})
    ->Unit(benchmark::kMillisecond);

void BM_NondominatedFilter(benchmark::State& state) {
  const PointSet points = uniform_points(static_cast<std::size_t>(state.range(0)),
                                         static_cast<std::size_t>(state.range(1)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(ecopt::pareto::nondominated_indices(points));
}
BENCHMARK(BM_NondominatedFilter)
    ->Args({100000, 2})
    ->Args({100000, 3})
    ->Args({100000, 4})
    ->Unit(benchmark::kMillisecond);

void BM_Hypervolume(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const PointSet points = state.range(2) ? linear_front(n, d, 3) : uniform_points(n, d, 3);
  const std::vector<double> reference(d, 1.1);
  for (auto _ : state) benchmark::DoNotOptimize(ecopt::pareto::hypervolume(points, reference));
}
// Args: points, objectives, 1 = all points non-dominated (linear front).
BENCHMARK(BM_Hypervolume)
    ->Args({1000000, 2, 0})
    ->Args({40000, 3, 1})
    ->Args({1000, 4, 1})
    ->Args({1000, 5, 1})
    ->Args({100, 5, 0})
    ->Args({200, 6, 1})
    ->Unit(benchmark::kMillisecond);

void BM_HypervolumeSphereFront(benchmark::State& state) {
  const auto d = static_cast<std::size_t>(state.range(1));
  const PointSet points = sphere_front(static_cast<std::size_t>(state.range(0)), d, 6);
  const std::vector<double> reference(d, 1.1);
  for (auto _ : state) benchmark::DoNotOptimize(ecopt::pareto::hypervolume(points, reference));
}
// Args: points, objectives.
BENCHMARK(BM_HypervolumeSphereFront)
    ->Args({2000, 4})
    ->Args({1000, 5})
    ->Args({300, 6})
    ->Unit(benchmark::kMillisecond);

/// moocore's ran.1000pts.5d.10: 10 sets of 1,000 random non-dominated 5-D points.
void BM_HypervolumeMoocoreFiveD(benchmark::State& state) {
  const ecopt::pareto::PointFile file =
      ecopt::pareto::read_point_file(ECOPT_MOOCORE_DATA_DIR "/ran.1000pts.5d.10");
  const std::vector<double> reference(5, 10.0);
  for (auto _ : state) {
    for (const PointSet& set : file.sets) {
      benchmark::DoNotOptimize(ecopt::pareto::hypervolume(set, reference));
    }
  }
}
BENCHMARK(BM_HypervolumeMoocoreFiveD)->Unit(benchmark::kMillisecond);

void BM_HypervolumeContributions(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const PointSet points = linear_front(n, d, 4);
  const std::vector<double> reference(d, 1.1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(ecopt::pareto::hypervolume_contributions(points, reference));
  }
}
BENCHMARK(BM_HypervolumeContributions)
    ->Args({100000, 2})
    ->Args({1000, 3})
    ->Args({200, 4})
    ->Unit(benchmark::kMillisecond);

void BM_HypervolumeImprovement(benchmark::State& state) {
  // The EHVI inner loop: one candidate against a front of a few dozen trials.
  const PointSet front = linear_front(static_cast<std::size_t>(state.range(0)), 2, 5);
  const std::vector<double> candidate{0.3, 0.6};
  const std::vector<double> reference{1.1, 1.1};
  for (auto _ : state) {
    benchmark::DoNotOptimize(ecopt::pareto::hypervolume_improvement(front, candidate, reference));
  }
}
BENCHMARK(BM_HypervolumeImprovement)->Arg(50)->Arg(200);

}  // namespace

BENCHMARK_MAIN();
