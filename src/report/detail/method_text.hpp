#pragma once
// How each number is computed, in words: printed in the HTML and Markdown reports (and
// kept in step with docs/report.md).

namespace ecopt::report::detail {

inline constexpr const char* kKneeMethod =
    "Knee: cost (in log space when every cost is positive) and quality are normalised to "
    "[0, 1] over the front; the knee is the model farthest from the straight line between "
    "the cheapest and the best model, on the side of the ideal point (Das 1999). A front "
    "of fewer than 3 models, or one that no model bends beyond that line, has no knee.";

inline constexpr const char* kMarginalMethod =
    "Marginal cost: the extra cost of a model over the next cheaper one on the front, "
    "divided by the quality points it gains (1 point = 0.01 for a quality in [0, 1], else 1 "
    "unit). Ratio: the model's cost divided by the cheapest model's. A +- is one standard "
    "uncertainty: a cost's is its measurement's, stored with the trial; a marginal cost's is "
    "propagated from the two costs', sqrt(u1^2 + u2^2) / points gained (trials measured "
    "independently, quality taken as exact).";

inline constexpr const char* kHypervolumeMethod =
    "After each finished trial (in trial-number order), the exact hypervolume of the "
    "feasible COMPLETE trials so far, against one fixed reference point (in the objectives' "
    "own units and directions).";

inline constexpr const char* kImportanceMethod =
    "A Gaussian process (ecopt's own: Matern-5/2 ARD, MAP hyperparameters) is fitted per "
    "objective to the encoded parameters of the COMPLETE trials and the standardised "
    "objective (log first for energy-, time-, power- and carbon-like objectives). The "
    "indices are variance-based (Sobol) indices of its posterior mean over the study's "
    "prior on the parameters: first-order S1 by Saltelli's 2010 estimator, total ST by "
    "Jansen's 1999 estimator, on a scrambled Sobol sample; a categorical counts as one "
    "parameter. S1 is the share of the variance a parameter explains alone, ST with its "
    "interactions; ST - S1 is interaction. Partial dependence: the model's mean objective "
    "against one parameter, the others averaged over their prior (in the model's space, "
    "then transformed back).";

inline constexpr const char* kProxyMethod =
    "Rank correlations of the measured energy against what trials reported as params, "
    "flops and latency (user attributes or metrics): Spearman's rho (Pearson's on average "
    "ranks) and Kendall's tau-b (tie-corrected). Inversions: pairs in which the model with "
    "more FLOPs uses less energy, ranked by log(FLOPs ratio) x log(energy ratio). Scaling "
    "law: least squares of log energy on log FLOPs (and log params): energy = a x "
    "proxy^b, with R^2 of the log-log fit.";

inline constexpr const char* kBreakEvenMethod =
    "Break-even: inferences = tuning energy / (baseline's energy per inference - chosen "
    "model's energy per inference). The tuning energy is every trial's measured energy, "
    "failed trials included. All three are net of idle power when an idle profile gave "
    "every one of them a net value, else gross. Uncertainty: the saving's is the two "
    "energies' in quadrature, the tuning energy's the trials' in quadrature; the range "
    "runs from (tuning - u) / (saving + u) to (tuning + u) / (saving - u), and has no upper "
    "end when the saving is within one uncertainty of zero. Carbon = energy (kWh) x grid "
    "intensity x PUE; with one grid intensity for both, the break-even count in carbon "
    "equals the one in energy.";

}  // namespace ecopt::report::detail
