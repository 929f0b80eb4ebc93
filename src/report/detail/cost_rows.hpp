#pragma once
// The break-even rows of section 6, as plain text, so that the HTML (which escapes them)
// and the Markdown report print the same words and ranges.

#include <string>
#include <vector>

#include "ecopt/report/pruning_cost.hpp"
#include "ecopt/report/tuning_cost.hpp"

namespace ecopt::report::detail {

/// {quantity, value} rows: the net study energy (when recorded), the chosen model and the
/// baseline, the energy basis, energies per inference and the saving with their
/// uncertainties, and the break-even with its range.
[[nodiscard]] std::vector<std::vector<std::string>> break_even_rows(const TuningCost& cost);

/// {quantity, value} rows of what pruning did: the pruned trials and their energy, the
/// completed trials' energy per step, the estimated cost of finishing the pruned trials,
/// the study energy and the break-even had they all run to the end. Empty when no trial
/// was pruned.
[[nodiscard]] std::vector<std::vector<std::string>> pruning_rows(const PruningCost& pruning,
                                                                 const TuningCost& cost);

}  // namespace ecopt::report::detail
