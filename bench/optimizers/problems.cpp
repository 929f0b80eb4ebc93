// The benchmark problems. Each maximum hypervolume is either exact (ZDT1, ZDT2, DTLZ2) or
// computed numerically from the true front and stated as a constant (ZDT3, BraninCurrin,
// mixed); `recompute_numerical_maxima` redoes those computations so that the constants
// can be checked.
#include "problems.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/point_set.hpp"

namespace ecopt::bench {
namespace {

constexpr double kPi = std::numbers::pi;

std::vector<study::Objective> minimised_objectives(std::size_t count) {
  std::vector<study::Objective> objectives;
  for (std::size_t i = 0; i < count; ++i) {
    // Plain values: the benchmark measures the samplers, not output transforms.
    objectives.push_back(study::Objective{"f" + std::to_string(i + 1), study::Goal::minimize,
                                          study::OutputTransform::none});
  }
  return objectives;
}

/// x1 .. xN, each a float in [0, 1].
std::vector<std::string> unit_names(std::size_t dimension) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < dimension; ++i) names.push_back("x" + std::to_string(i + 1));
  return names;
}

space::SearchSpace unit_cube(const std::vector<std::string>& names) {
  std::vector<space::Parameter> parameters;
  for (const std::string& name : names) {
    parameters.push_back(space::Parameter{name, space::FloatDomain{0.0, 1.0, false}});
  }
  return space::SearchSpace(std::move(parameters));
}

std::vector<double> unit_values(const space::Params& params,
                                const std::vector<std::string>& names) {
  std::vector<double> x;
  x.reserve(names.size());
  for (const std::string& name : names) x.push_back(space::as_double(params.at(name)));
  return x;
}

// --- ZDT (Zitzler, Deb, Thiele 2000) ------------------------------------------------------

enum class ZdtVariant { zdt1, zdt2, zdt3 };

std::vector<double> zdt(std::span<const double> x, ZdtVariant variant) {
  const double f1 = x[0];
  double sum = 0.0;
  for (std::size_t i = 1; i < x.size(); ++i) sum += x[i];
  const double g = 1.0 + 9.0 * sum / static_cast<double>(x.size() - 1);
  const double ratio = f1 / g;
  double h = 0.0;
  switch (variant) {
    case ZdtVariant::zdt1:
      h = 1.0 - std::sqrt(ratio);
      break;
    case ZdtVariant::zdt2:
      h = 1.0 - ratio * ratio;
      break;
    case ZdtVariant::zdt3:
      h = 1.0 - std::sqrt(ratio) - ratio * std::sin(10.0 * kPi * f1);
      break;
  }
  return {f1, g * h};
}

double zdt3_front(double f1) {
  return 1.0 - std::sqrt(f1) - f1 * std::sin(10.0 * kPi * f1);
}

constexpr std::size_t kZdtDimension = 6;

// ZDT3's front at g = 1 is five disconnected pieces of f2 = 1 - sqrt(f1) - f1 sin(10 pi f1).
// HV at (11, 11) from a grid of 10^7 + 1 values of f1 in [0, 1], non-dominated filter:
// exact HV of the grid points (a lower bound) 128.77811604201, with the pieces linearly
// interpolated 128.77811613068 (recompute_numerical_maxima and --check-max redo this).
constexpr double kZdt3MaxHypervolume = 128.7781161307;

Problem make_zdt(const std::string& name, ZdtVariant variant, double max_hypervolume,
                 double noise_sd, const std::string& description) {
  const std::vector<std::string> names = unit_names(kZdtDimension);
  return Problem{name,
                 description,
                 unit_cube(names),
                 minimised_objectives(2),
                 {11.0, 11.0},
                 max_hypervolume,
                 noise_sd,
                 [names, variant](const space::Params& params) {
                   return zdt(unit_values(params, names), variant);
                 }};
}

// --- DTLZ2, as BoTorch's botorch.test_functions.multi_objective.DTLZ2 ----------------------

std::vector<double> dtlz2(std::span<const double> x, std::size_t objectives) {
  double g = 0.0;
  for (std::size_t i = objectives - 1; i < x.size(); ++i) g += (x[i] - 0.5) * (x[i] - 0.5);
  std::vector<double> f(objectives, 1.0 + g);
  for (std::size_t i = 0; i < objectives; ++i) {
    const std::size_t last = objectives - 1 - i;
    for (std::size_t j = 0; j < last; ++j) f[i] *= std::cos(x[j] * kPi / 2.0);
    if (i > 0) f[i] *= std::sin(x[last] * kPi / 2.0);
  }
  return f;
}

// --- BraninCurrin, as BoTorch's botorch.test_functions.multi_objective.BraninCurrin --------

double rescaled_branin(double x1, double x2) {
  const double a = 15.0 * x1 - 5.0;
  const double b = 15.0 * x2;
  const double t1 = b - 5.1 / (4.0 * kPi * kPi) * a * a + 5.0 / kPi * a - 6.0;
  const double t2 = 10.0 * (1.0 - 1.0 / (8.0 * kPi)) * std::cos(a);
  return t1 * t1 + t2 + 10.0;
}

double currin(double x1, double x2) {
  // At x2 = 0, exp(-1 / 0) = exp(-inf) = 0, as in BoTorch (optuna_peer.py special-cases it).
  const double factor = x2 == 0.0 ? 1.0 : 1.0 - std::exp(-1.0 / (2.0 * x2));
  const double numerator = 2300.0 * x1 * x1 * x1 + 1900.0 * x1 * x1 + 2092.0 * x1 + 60.0;
  const double denominator = 100.0 * x1 * x1 * x1 + 500.0 * x1 * x1 + 4.0 * x1 + 20.0;
  return factor * numerator / denominator;
}

/// Where the rescaled Branin is smallest along x2 for a given x1 (t1 = 0), clamped to [0, 1].
double branin_best_x2(double x1) {
  const double a = 15.0 * x1 - 5.0;
  return std::clamp((5.1 / (4.0 * kPi * kPi) * a * a - 5.0 / kPi * a + 6.0) / 15.0, 0.0, 1.0);
}

// BoTorch states _max_hv = 59.36011874867746 for the reference (18, 6), "approximated using
// NSGA-II"; the true front reaches more. For fixed x1, Currin falls and Branin rises as
// x2 goes from branin_best_x2(x1) to 1, and smaller x2 is dominated, so the front is the
// envelope of those curves. With 10^5 values of x1 in [0, 0.15] (the front has
// x1 <= 0.124) times 1,000 points per curve: exact HV of the sample 59.40621 (a lower
// bound), with the front linearly interpolated 59.40658 (converging from below as the
// grids grow: 59.40650 and 59.40656 at 2 x 10^4 and 5 x 10^4). We use 59.4066, so that
// scores are percentages of what a sampler can reach.
constexpr double kBraninCurrinMaxHypervolume = 59.4066;

// --- mixed: floats, an integer and a categorical --------------------------------------------
//
// x1, x2 floats in [0, 1], k an integer in [0, 10], kind one of alpha, beta, gamma. Each
// kind has its own front shape and its own optimal x2 and k:
//   g  = 1 + 10 (x2 - t_kind)^2 + 0.2 (k - k_kind)^2
//   f1 = g (o1_kind + s1_kind x1)
//   f2 = g (o2_kind + s2_kind (1 - sqrt(x1)))
// The bracketed terms are >= 0 and g >= 1, so each kind's front is at g = 1
// (x2 = t_kind, k = k_kind) with x1 running over [0, 1]; the problem's front is the
// non-dominated union of the three curves, to which every kind contributes: alpha for
// f1 < 0.236, beta up to f1 = 0.504, gamma after. A sampler has to find the right k and x2
// for each kind. Reference (1.2, 1.2). Max HV from 10^6 + 1 values of x1 per kind,
// non-dominated filter: exact HV of the points 1.12081602457 (a lower bound), with the
// front linearly interpolated 1.12081628862 (1.12081628868 from 10^7 + 1 values).
struct MixedKind {
  const char* name;
  double o1, s1, o2, s2, best_x2;
  std::int64_t best_k;
};

constexpr MixedKind kMixedKinds[] = {
    {"alpha", 0.0, 0.5, 0.35, 0.65, 0.2, 2},
    {"beta", 0.2, 0.6, 0.1, 0.6, 0.5, 5},
    {"gamma", 0.5, 0.5, 0.0, 0.3, 0.8, 8},
};

constexpr double kMixedMaxHypervolume = 1.1208162887;

std::vector<double> mixed_front_point(const MixedKind& kind, double x1, double g) {
  return {g * (kind.o1 + kind.s1 * x1), g * (kind.o2 + kind.s2 * (1.0 - std::sqrt(x1)))};
}

std::vector<double> mixed(const space::Params& params) {
  const double x1 = space::as_double(params.at("x1"));
  const double x2 = space::as_double(params.at("x2"));
  const double k = space::as_double(params.at("k"));
  const std::string& kind_name = std::get<std::string>(params.at("kind"));
  for (const MixedKind& kind : kMixedKinds) {
    if (kind_name != kind.name) continue;
    const double dk = k - static_cast<double>(kind.best_k);
    const double g = 1.0 + 10.0 * (x2 - kind.best_x2) * (x2 - kind.best_x2) + 0.2 * dk * dk;
    return mixed_front_point(kind, x1, g);
  }
  throw std::invalid_argument("mixed: unknown kind '" + kind_name + "'");
}

Problem make_mixed() {
  std::vector<space::Value> kinds;
  for (const MixedKind& kind : kMixedKinds) kinds.emplace_back(std::string(kind.name));
  std::vector<space::Parameter> parameters{
      space::Parameter{"x1", space::FloatDomain{0.0, 1.0, false}},
      space::Parameter{"x2", space::FloatDomain{0.0, 1.0, false}},
      space::Parameter{"k", space::IntDomain{0, 10, false, 1}},
      space::Parameter{"kind", space::CategoricalDomain{kinds}},
  };
  return Problem{"mixed",
                 "floats x1, x2, int k in [0, 10], categorical kind (3); 2 objectives",
                 space::SearchSpace(std::move(parameters)),
                 minimised_objectives(2),
                 {1.2, 1.2},
                 kMixedMaxHypervolume,
                 0.0,
                 mixed};
}

// --- gpu-energy: discrete energy tuning with failures -------------------------------------
//
// The shape of tuning one training job on one GPU: a categorical batch size b in {8, ...,
// 1024} and an integer power limit p in {100, 125, ..., 250} W; minimise the energy and
// the time to reach the target accuracy. Our own generator:
//   steps(b)   = 2000 (1 + 1024 / b)          (McCandlish et al. 2018: larger batches need
//                                             fewer steps, with diminishing returns)
//   drawn(p)   = min(p, 200) W                (the job never needs more than 200 W)
//   compute_s  = b * 2 ms / (drawn / 250)^0.6  (a power cap lowers the clocks, sublinearly)
//   duration_s = steps * (compute_s + 0.02 s)  (0.02 s per step of host work: data loading)
//   energy_j   = steps * (compute_s * drawn + 0.02 s * 30 W)  (the GPU idles at 30 W)
// Small batches waste time on per-step overhead but little energy; lower power limits
// save energy and cost time; the front mixes batch sizes 32, 64 and 128 across all power
// limits. Failures, as in real sweeps: b = 1024 runs out of memory; b = 512 at 125 W or
// less exceeds the step watchdog. 9 of the 56 configurations fail. Observed values carry
// 5 % log-normal noise (the energy meters' and the run-to-run spread). The maximum
// hypervolume is exact: the true values of every configuration, enumerated.
constexpr std::int64_t kGpuBatchSizes[] = {8, 16, 32, 64, 128, 256, 512, 1024};

std::vector<double> gpu_energy(std::int64_t batch, std::int64_t power_limit_w) {
  if (batch >= 1024 || (batch >= 512 && power_limit_w <= 125)) return {};
  const auto b = static_cast<double>(batch);
  const double steps = 2000.0 * (1.0 + 1024.0 / b);
  const double drawn_w = std::min(static_cast<double>(power_limit_w), 200.0);
  const double compute_s = b * 2e-3 / std::pow(drawn_w / 250.0, 0.6);
  constexpr double kHostStepS = 0.02;
  constexpr double kIdleW = 30.0;
  return {steps * (compute_s * drawn_w + kHostStepS * kIdleW), steps * (compute_s + kHostStepS)};
}

Problem make_gpu_energy() {
  std::vector<space::Value> batches;
  for (const std::int64_t b : kGpuBatchSizes) batches.emplace_back(b);
  std::vector<space::Parameter> parameters{
      space::Parameter{"batch_size", space::CategoricalDomain{batches}},
      space::Parameter{"power_limit_w", space::IntDomain{100, 250, false, 25}},
  };
  // Energy and duration, named so that `auto` models them in log space as a real study
  // would (the other problems use plain values).
  std::vector<study::Objective> objectives{
      study::Objective{"energy_j", study::Goal::minimize, study::OutputTransform::automatic},
      study::Objective{"duration_s", study::Goal::minimize, study::OutputTransform::automatic}};
  std::vector<std::vector<double>> all;
  for (const std::int64_t b : kGpuBatchSizes) {
    for (std::int64_t p = 100; p <= 250; p += 25) {
      std::vector<double> f = gpu_energy(b, p);
      if (!f.empty()) all.push_back(std::move(f));
    }
  }
  const std::vector<double> reference{1.1e6, 9000.0};
  Problem problem{"gpu-energy",
                  "discrete: batch size (8 choices) x power limit (7 steps); 9 configurations "
                  "fail; 5 % noise",
                  space::SearchSpace(std::move(parameters)),
                  std::move(objectives),
                  reference,
                  hypervolume_of(all, reference),
                  0.05,
                  [](const space::Params& params) {
                    return gpu_energy(std::get<std::int64_t>(params.at("batch_size")),
                                      std::get<std::int64_t>(params.at("power_limit_w")));
                  }};
  problem.relative_noise = true;
  return problem;
}

// --- numerical maxima ------------------------------------------------------------------------

/// A dense sample of a 2-D front: points and the piece of the front each lies on.
struct FrontSample {
  std::vector<double> f1;
  std::vector<double> f2;
  std::vector<std::int64_t> piece;  ///< consecutive front points on one piece are joined
};

/// Exact HV of the sample's non-dominated points, and the HV with consecutive front
/// points of the same piece joined by straight lines.
std::pair<double, double> sample_hypervolumes(const FrontSample& sample,
                                              std::span<const double> reference) {
  pareto::PointSet points;
  points.dimension = 2;
  points.values.reserve(2 * sample.f1.size());
  for (std::size_t i = 0; i < sample.f1.size(); ++i) {
    points.values.push_back(sample.f1[i]);
    points.values.push_back(sample.f2[i]);
  }
  std::vector<std::size_t> front = pareto::nondominated_indices(points);
  std::erase_if(front, [&](std::size_t i) {
    return !(sample.f1[i] < reference[0] && sample.f2[i] < reference[1]);
  });
  std::sort(front.begin(), front.end(),
            [&](std::size_t a, std::size_t b) { return sample.f1[a] < sample.f1[b]; });
  const double exact = pareto::hypervolume(points, reference).value;
  double interpolated = 0.0;
  for (std::size_t j = 0; j < front.size(); ++j) {
    const std::size_t i = front[j];
    if (j + 1 == front.size()) {
      interpolated += (reference[0] - sample.f1[i]) * (reference[1] - sample.f2[i]);
      break;
    }
    const std::size_t next = front[j + 1];
    const double width = sample.f1[next] - sample.f1[i];
    const double f2 = sample.piece[i] == sample.piece[next] ? 0.5 * (sample.f2[i] + sample.f2[next])
                                                            : sample.f2[i];
    interpolated += width * (reference[1] - f2);
  }
  return {exact, interpolated};
}

MaxHypervolumeCheck check_zdt3() {
  constexpr std::int64_t kSteps = 10'000'000;
  FrontSample sample;
  // Sorted by f1, a grid point is non-dominated when its f2 is below every earlier one;
  // keeping only those keeps memory small. A gap in the kept indices ends a piece.
  double lowest = std::numeric_limits<double>::infinity();
  std::int64_t piece = 0;
  std::int64_t last_kept = -2;
  for (std::int64_t i = 0; i <= kSteps; ++i) {
    const double f1 = static_cast<double>(i) / static_cast<double>(kSteps);
    const double f2 = zdt3_front(f1);
    if (!(f2 < lowest)) continue;
    lowest = f2;
    if (i != last_kept + 1) ++piece;
    last_kept = i;
    sample.f1.push_back(f1);
    sample.f2.push_back(f2);
    sample.piece.push_back(piece);
  }
  const std::vector<double> reference{11.0, 11.0};
  const auto [exact, interpolated] = sample_hypervolumes(sample, reference);
  return MaxHypervolumeCheck{"zdt3", kZdt3MaxHypervolume, exact, interpolated,
                             "front at g = 1, 10^7 + 1 values of f1"};
}

MaxHypervolumeCheck check_branincurrin() {
  constexpr std::int64_t kCurves = 100'000;
  constexpr std::int64_t kPointsPerCurve = 1'000;
  constexpr double kHighestX1 = 0.15;
  const std::vector<double> reference{18.0, 6.0};
  // Filter the curves in blocks so that the sample never holds 10^8 points at once.
  FrontSample kept;
  constexpr std::int64_t kBlock = 1'000;
  for (std::int64_t first = 0; first < kCurves; first += kBlock) {
    FrontSample block;
    for (std::int64_t c = first; c < std::min(first + kBlock, kCurves); ++c) {
      const double x1 = kHighestX1 * static_cast<double>(c) / static_cast<double>(kCurves - 1);
      const double start = branin_best_x2(x1);
      for (std::int64_t s = 0; s < kPointsPerCurve; ++s) {
        const double x2 = start + (1.0 - start) * static_cast<double>(s) /
                                      static_cast<double>(kPointsPerCurve - 1);
        block.f1.push_back(rescaled_branin(x1, x2));
        block.f2.push_back(currin(x1, x2));
      }
    }
    pareto::PointSet points;
    points.dimension = 2;
    for (std::size_t i = 0; i < block.f1.size(); ++i) {
      points.values.push_back(block.f1[i]);
      points.values.push_back(block.f2[i]);
    }
    for (const std::size_t i : pareto::nondominated_indices(points)) {
      kept.f1.push_back(block.f1[i]);
      kept.f2.push_back(block.f2[i]);
      kept.piece.push_back(0);  // the envelope is one connected curve
    }
  }
  const auto [exact, interpolated] = sample_hypervolumes(kept, reference);
  return MaxHypervolumeCheck{"branincurrin", kBraninCurrinMaxHypervolume, exact, interpolated,
                             "envelope of 10^5 x 10^3 points (BoTorch states 59.36011874867746)"};
}

MaxHypervolumeCheck check_mixed() {
  constexpr std::int64_t kSteps = 1'000'000;
  FrontSample sample;
  for (const MixedKind& kind : kMixedKinds) {
    for (std::int64_t i = 0; i <= kSteps; ++i) {
      const std::vector<double> f =
          mixed_front_point(kind, static_cast<double>(i) / static_cast<double>(kSteps), 1.0);
      sample.f1.push_back(f[0]);
      sample.f2.push_back(f[1]);
      sample.piece.push_back(0);  // the three curves cross, so the front is connected
    }
  }
  const std::vector<double> reference{1.2, 1.2};
  const auto [exact, interpolated] = sample_hypervolumes(sample, reference);
  return MaxHypervolumeCheck{"mixed", kMixedMaxHypervolume, exact, interpolated,
                             "3 kinds x (10^6 + 1) values of x1 at g = 1"};
}

}  // namespace

Evaluation Problem::evaluate(const space::Params& params, std::mt19937_64& noise_rng) const {
  Evaluation evaluation{{}, true_objectives(params)};
  evaluation.observed = evaluation.true_values;
  if (noise_sd > 0.0) {
    std::normal_distribution<double> noise(0.0, noise_sd);
    for (double& value : evaluation.observed) {
      value = relative_noise ? value * std::exp(noise(noise_rng)) : value + noise(noise_rng);
    }
  }
  return evaluation;
}

Problem make_dtlz2(std::size_t dimension, std::size_t objectives) {
  if (objectives < 2 || dimension <= objectives) {
    throw std::invalid_argument(
        "dtlz2 needs at least 2 objectives and more variables than "
        "objectives (got " +
        std::to_string(dimension) + " variables, " + std::to_string(objectives) + " objectives)");
  }
  const std::vector<std::string> names = unit_names(dimension);
  // The front is the positive part of the unit sphere: the box to 1.1 minus its volume.
  const double sphere_part = objectives == 2 ? kPi / 4.0
                             : objectives == 3
                                 ? kPi / 6.0
                                 : std::pow(kPi, 0.5 * static_cast<double>(objectives)) /
                                       std::tgamma(0.5 * static_cast<double>(objectives) + 1.0) /
                                       std::pow(2.0, static_cast<double>(objectives));
  return Problem{"dtlz2-" + std::to_string(objectives) + "obj",
                 "DTLZ2, " + std::to_string(dimension) + " variables, " +
                     std::to_string(objectives) + " objectives",
                 unit_cube(names),
                 minimised_objectives(objectives),
                 std::vector<double>(objectives, 1.1),
                 std::pow(1.1, static_cast<double>(objectives)) - sphere_part,
                 0.0,
                 [names, objectives](const space::Params& params) {
                   return dtlz2(unit_values(params, names), objectives);
                 }};
}

std::vector<Problem> benchmark_problems() {
  std::vector<Problem> problems;
  problems.push_back(make_zdt("zdt1", ZdtVariant::zdt1, 121.0 - 1.0 / 3.0, 0.0,
                              "ZDT1, 6 variables; convex front"));
  problems.push_back(make_zdt("zdt2", ZdtVariant::zdt2, 121.0 - 2.0 / 3.0, 0.0,
                              "ZDT2, 6 variables; concave front"));
  problems.push_back(make_zdt("zdt3", ZdtVariant::zdt3, kZdt3MaxHypervolume, 0.0,
                              "ZDT3, 6 variables; front in 5 pieces"));
  problems.push_back(make_dtlz2(6, 2));
  problems.push_back(make_dtlz2(6, 3));
  problems.push_back(make_dtlz2(6, 4));
  problems.push_back(Problem{"branincurrin",
                             "BraninCurrin (BoTorch), 2 variables",
                             unit_cube({"x1", "x2"}),
                             minimised_objectives(2),
                             {18.0, 6.0},
                             kBraninCurrinMaxHypervolume,
                             0.0,
                             [](const space::Params& params) {
                               const double x1 = space::as_double(params.at("x1"));
                               const double x2 = space::as_double(params.at("x2"));
                               return std::vector<double>{rescaled_branin(x1, x2), currin(x1, x2)};
                             }});
  problems.push_back(make_mixed());
  problems.push_back(make_zdt("zdt1-noisy", ZdtVariant::zdt1, 121.0 - 1.0 / 3.0, 0.1,
                              "ZDT1 with N(0, 0.1^2) noise on each observed objective; "
                              "scored on true values"));
  problems.push_back(make_gpu_energy());
  return problems;
}

std::optional<Problem> find_problem(std::string_view name) {
  for (Problem& problem : benchmark_problems()) {
    if (problem.name == name) return std::move(problem);
  }
  return std::nullopt;
}

double hypervolume_of(const std::vector<std::vector<double>>& points,
                      std::span<const double> reference) {
  if (points.empty()) return 0.0;
  return pareto::hypervolume(pareto::PointSet::from_rows(points), reference).value;
}

std::vector<MaxHypervolumeCheck> recompute_numerical_maxima() {
  return {check_zdt3(), check_branincurrin(), check_mixed()};
}

}  // namespace ecopt::bench
